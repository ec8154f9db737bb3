"""Chinese line breaking in the PDF: 禁则 in extracted lines, lines inside the measure, justification."""

from __future__ import annotations

import pytest
from pdfsample import WHOLE, body_lines, inlines_of, punctuated, small_document, squash

from briefkit import doc as d
from briefkit.render import pdf
from briefkit.render.pdf.lines import Lines, draw_line
from briefkit.render.pdf.text import Kit, Run, layout_of, register_fonts, text_width
from briefkit.typography import NO_END, NO_START
from briefkit.typography import linebreak as lb


# ---- Chinese line breaking ----------------------------------------------------------------------


@pytest.mark.parametrize("body_size", [9, 9.5, 10, 10.5, 11, 11.5, 12, 13, 14.5])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(tmp_path, body_size):
    texts = [punctuated(seed) for seed in range(4)]
    blocks: list = [d.Paragraph(inlines_of(t, k)) for k, t in enumerate(texts)]
    # Table cells of many widths: the first column stays empty so each extracted line is one cell's.
    cells = [[[d.Text("")], [d.Text(punctuated(10 + k, 25))]] for k in range(6)]
    blocks += [d.Table(["", "列"], [row], widths=[w, 5], number=k + 1)
               for k, (row, w) in enumerate(zip(cells, [0.5, 1, 1.7, 2.3, 3.1, 4.2]))]
    document = small_document(blocks, theme=d.Theme(body_size=body_size))
    path = tmp_path / "kinsoku.pdf"
    pdf.render(document, path)
    lines = body_lines(path)
    for line in lines:
        assert line[0] not in NO_START, f"line starts with {line[0]!r}: {line}"
        assert line[-1] not in NO_END, f"line ends with {line[-1]!r}: {line}"
    joined = squash("".join(lines))
    position = 0
    for t in texts:  # every paragraph whole and in order
        found = joined.find(squash(d.inline_text(inlines_of(t, texts.index(t)))), position)
        assert found >= 0
        position = found
    for word in WHOLE:  # never broken across lines
        assert sum(squash(line).count(word) for line in lines) == joined.count(word)


def test_line_breaker_keeps_lines_inside_the_measure_at_every_width():
    register_fonts()
    kit = Kit(d.Theme())
    for seed in range(12):
        text = punctuated(seed)
        atoms = kit.text_atoms(text, "body")
        for width in range(90, 470, 11):
            lay = layout_of(atoms, width, 21.0, False)
            assert squash("".join(a.text for a in lay.atoms)) == squash(text)
            for n, (s, e, _) in enumerate(lay.lines):
                end, w = lb.line_width(lay.atoms, s, e)
                if lay.atoms[end - 1].squeeze == 1:  # a closing mark's empty half may pass
                    w -= lay.atoms[end - 1].width / 2
                assert w <= width - (21.0 if n == 0 else 0.0) + 1e-6
                assert not lay.atoms[s].no_start, (seed, width, lay.atoms[s].text)
                assert not lay.atoms[end - 1].no_end, (seed, width, lay.atoms[end - 1].text)


def test_long_url_is_cut_only_when_it_cannot_fit_a_line(tmp_path):
    url = "https://www.xuhui.gov.cn/xxgk/portal/article/list?code=" + "0123456789" * 8
    document = small_document([
        d.Paragraph([d.Text("见网址"), d.Link("https://www.xuhui.gov.cn", "https://www.xuhui.gov.cn"),
                     d.Text("和" + url + "。")]),
    ])
    path = tmp_path / "url.pdf"
    pdf.render(document, path)
    lines = body_lines(path)
    assert any("https://www.xuhui.gov.cn" in line for line in lines)
    assert squash(url) in squash("".join(lines))


def test_justified_lines_end_flush_with_the_right_margin(tmp_path):
    register_fonts()
    kit = Kit(d.Theme())
    para = kit.para("body")
    block = Lines(kit.text_atoms(punctuated(3), "body"), para)
    block.wrap(400.0, 1e6)

    class Canvas:  # records where each text fragment ends
        def __init__(self):
            self.ends = []

        def beginText(self):
            return Text(self)

        def drawText(self, t):
            pass

    class Text:
        def __init__(self, canv):
            self.canv, self.x, self.cs, self.size, self.font = canv, 0.0, 0.0, 10.0, ""

        def setFont(self, font, size):
            self.font, self.size = font, size

        def setFillColor(self, c):
            pass

        def setCharSpace(self, cs):
            self.cs = cs

        def setTextOrigin(self, x, y):
            self.x = x

        def textOut(self, s):
            run = Run(self.font, self.size, None)
            self.canv.ends.append(self.x + text_width(s, run) + self.cs * (len(s) - 1))

    lay = block.layout(400.0)
    for n, (s, e, last) in enumerate(lay.lines[:-1]):
        canv = Canvas()
        x = para.first_indent if n == 0 else 0.0
        draw_line(canv, lay.atoms, s, e, x, 0.0, 400.0 - x, "justify", True)
        end, _ = lb.line_width(lay.atoms, s, e)
        squeezed = lay.atoms[end - 1].width / 2 if lay.atoms[end - 1].squeeze == 1 else 0.0
        assert canv.ends[-1] - squeezed == pytest.approx(400.0, abs=0.01)
