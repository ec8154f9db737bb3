"""The 推介会 deck: slides composed from facts, fitted, written as PPTX and PDF, reopened and checked."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest

from briefkit.pipeline import build as b
from briefkit.doc import slides as s
from briefkit.errors import BriefkitError, Report
from briefkit.facts.load import load_factbase
from briefkit.typography.measure import Piece, line_width
from conftest import GOOD, REPO

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """Build soe_deck once; return (result, frames, pptx Presentation)."""
    from pptx import Presentation

    from briefkit.pipeline.deck import compose, draw_charts
    from briefkit.slidelayout import layout

    out = tmp_path_factory.mktemp("deck")
    base = load_factbase(REPO)
    result = b.build(REPO, "soe_deck", out, base=base)
    report = Report()
    deck_, _, charts = compose(REPO, base, result.brief, report)
    draw_charts(charts, result.brief.theme)
    frames = layout(deck_)
    pptx_path = next(o.path for o in result.outputs if o.format == "pptx")
    return result, frames, Presentation(str(pptx_path)), out


def test_a_deck_brief_gives_a_pptx_and_a_pdf_of_twelve_to_twenty_slides(deck):
    result, frames, prs, _ = deck
    assert [o.format for o in result.outputs] == ["pptx", "pdf"]
    assert 12 <= len(prs.slides) <= 20
    assert [o.pages for o in result.outputs] == [len(prs.slides)] * 2
    kinds = [f.kind for f in frames]
    assert kinds[0] == "title" and kinds[-2:] == ["closing", "sources"]
    assert kinds.count("section") == 4


def test_slides_follow_the_four_headings(deck):
    result, frames, _, _ = deck
    sections = [f for f in frames if f.kind == "section"]
    titles = [next(i.text() for i in f.items if getattr(i, "name", "") == "title") for f in sections]
    assert titles == ["综合实力", "产业生态", "政策服务", "空间载体"]


def test_slides_are_16_9_in_both_formats(deck):
    from pypdf import PdfReader

    result, _, prs, _ = deck
    assert prs.slide_width * 9 == prs.slide_height * 16
    pdf = next(o.path for o in result.outputs if o.format == "pdf")
    for page in PdfReader(str(pdf)).pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (w, h) == (960.0, 540.0)


def test_every_text_fits_inside_its_box(deck):
    _, frames, _, _ = deck
    boxes = [(f.number, i) for f in frames for i in f.items if isinstance(i, s.TextBox)]
    assert len(boxes) > 50
    for number, box in boxes:
        assert box.used_height() <= box.h + 0.01, (number, box.name, box.text())
        for para in box.paragraphs:
            for line in para:
                w = line_width([Piece(sp.text, sp.size) for sp in line])
                assert w <= box.w - box.indent + 0.01, (number, box.name, box.text())
        assert box.x >= 0 and box.y >= 0 and box.x + box.w <= 960 and box.y + box.h <= 540


def test_pptx_text_has_the_fitted_sizes(deck):
    _, frames, prs, _ = deck
    for frame, slide in zip(frames, prs.slides):
        want = {i.name: sorted({sp.size for p in i.paragraphs for line in p for sp in line})
                for i in frame.items if isinstance(i, s.TextBox)}
        got = {sh.name: sorted({r.font.size.pt for p in sh.text_frame.paragraphs for r in p.runs})
               for sh in slide.shapes if sh.shape_type == 17}  # text boxes
        assert got == want, frame.number


def test_every_chinese_run_names_its_east_asian_and_latin_face(deck):
    *_, out = deck
    with zipfile.ZipFile(out / "soe_deck.pptx") as z:
        parts = [n for n in z.namelist() if re.match(r"ppt/(slides|notesSlides)/\w+\d+\.xml$", n)]
        assert parts
        from lxml import etree

        n_runs = 0
        for name in parts:
            assert b"_x000B_" not in z.read(name), name  # a kept line break is an a:br
            root = etree.fromstring(z.read(name))
            for r in root.iter(f"{A}r"):
                text = "".join(r.itertext())
                if not CJK.search(text):
                    continue
                n_runs += 1
                rpr = r.find(f"{A}rPr")
                assert rpr is not None and rpr.find(f"{A}ea") is not None, (name, text)
                assert rpr.find(f"{A}latin") is not None, (name, text)
                assert rpr.find(f"{A}ea").get("typeface") == "微软雅黑"
        assert n_runs > 100
        theme = z.read("ppt/theme/theme1.xml").decode()
        assert '<a:ea typeface="微软雅黑"/>' in theme and 'script="Hans" typeface="微软雅黑"' in theme
        assert 'script="Hans" typeface="黑体"' in theme  # headings


def test_each_chart_slide_has_one_picture_and_others_none(deck):
    _, frames, prs, _ = deck
    for frame, slide in zip(frames, prs.slides):
        pictures = [sh for sh in slide.shapes if sh.shape_type == 13]
        assert len(pictures) == (1 if frame.kind in ("chart", "twocol") else 0), frame.number


def test_every_slide_with_numbers_has_a_source_line(deck):
    _, frames, prs, _ = deck
    for frame, slide in zip(frames, prs.slides):
        if frame.kind in ("bignumber", "chart", "bullets", "twocol"):
            sources = [sh.text_frame.text for sh in slide.shapes if sh.name == "source line"]
            assert len(sources) == 1 and re.match(r"资料来源：\[\d+\] ", sources[0]), frame.number


def test_sources_slide_lists_every_source_the_deck_uses(deck):
    result, _, prs, _ = deck
    base = load_factbase(REPO)
    last = "\n".join(sh.text_frame.text for sh in prs.slides[-1].shapes if sh.has_text_frame)
    last = last.replace("\v", "")  # the entries keep our line breaks
    assert result.sources_used
    for n, sid in enumerate(result.sources_used, 1):
        assert f"[{n}] {base.sources[sid].citation()}" in last
    cited = set()
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.name == "source line":
                cited |= {int(n) for n in re.findall(r"\[(\d+)\]", sh.text_frame.text)}
    assert cited <= set(range(1, len(result.sources_used) + 1))


def test_speaker_notes_carry_the_sentence_and_the_quote(deck):
    result, _, prs, _ = deck
    base = load_factbase(REPO)
    notes = prs.slides[2].notes_slide.notes_text_frame.text
    fact = base.get("economy.fiscal_revenue")  # the latest report of the measure
    assert f"区级财政收入{fact.text()}" in notes and f"“{fact.quote}”" in notes


def test_a_fact_reads_the_same_on_slides_as_in_the_pack(deck):
    _, _, prs, _ = deck
    text = "".join(sh.text_frame.text for sl in prs.slides for sh in sl.shapes if sh.has_text_frame)
    base = load_factbase(REPO)
    for fid in ("economy.fiscal_revenue", "ai_industry.llm_firms_2025", "policy.ten_plans_funding"):
        assert base.get(fid).text() in text.replace("\n", "")


def test_same_inputs_give_byte_identical_deck(deck, tmp_path):
    result, *_ = deck
    again = b.build(REPO, "soe_deck", tmp_path)
    assert [o.sha256 for o in again.outputs] == [o.sha256 for o in result.outputs]


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice not installed (apt-get install libreoffice-impress-nogui)")
def test_libreoffice_impress_opens_the_pptx_with_as_many_pages(deck, tmp_path):
    from pypdf import PdfReader

    result, _, prs, out = deck
    r = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "soe_deck.pptx")],
                       capture_output=True, text=True, timeout=240)
    converted = tmp_path / "soe_deck.pdf"
    assert converted.exists(), r.stdout + r.stderr
    assert len(PdfReader(str(converted)).pages) == len(prs.slides)


# ---- mistakes in deck templates ---------------------------------------------------------------

DECK_BRIEF = "kind: deck\naudience: d\ntitle: 测试\ndate: 2026-11-22\nchapters:\n  - s\n"
FIG = "{{ key_figures('economy.fiscal_revenue') }}"


@pytest.mark.parametrize("template, message", [
    ("{{ slide('bignum') }}\n## 标题\n", "templates/d/s.md:1: error: unknown slide kind 'bignum'\n"
     "  hint: did you mean 'bignumber'?"),
    ("## 标题\n", "briefs/d.yaml:6:5: error: a deck template starts with {{ slide('kind') }}\n"
     "  hint: put {{ slide('title') }} (or another kind) on the first line"),
    ("{{ slide('bignumber') }}\n## 标题\n\n" + FIG + "\n",
     "templates/d/s.md:1: error: a bignumber slide shows 2 to 6 key figures, got 1\n"
     "  hint: list them in one {{ key_figures(…) }}"),
    ("\n{{ slide('bullets') }}\n## 标题\n\n" + "".join(f"- 第{n}条\n" for n in "一二三四五六七"),
     "templates/d/s.md:2: error: a bullets slide holds 1 to 6 bullets, got 7\n"
     "  hint: split it into two slides, or move detail to the notes (备注：)"),
    ("{{ slide('chart') }}\n## 标题\n", "templates/d/s.md:1: error: the chart slide has no chart\n"
     "  hint: add {{ chart(…) }} on a line of its own"),
    ("{{ slide('bullets') }}\n- 一条\n", "templates/d/s.md:1: error: the bullets slide has no title\n"
     "  hint: write its title as a heading: ## 标题"),
])
def test_deck_template_mistakes_name_the_slide_line(project, template, message):
    root = project({"facts/economy.yaml": GOOD, "briefs/d.yaml": DECK_BRIEF, "templates/d/s.md": template})
    with pytest.raises(BriefkitError) as e:
        b.build(root, "d", root / "out")
    assert message in [p.format() for p in e.value.problems]
    assert not (root / "out" / "d.pptx").exists()


def test_text_too_long_for_its_box_fails_with_slide_number_and_text(project):
    long = "区级财政收入" * 120
    root = project({"facts/economy.yaml": GOOD, "briefs/d.yaml": DECK_BRIEF,
                    "templates/d/s.md": "{{ slide('title') }}\n\n{{ slide('bullets') }}\n## 标题\n\n"
                                        f"- {long}{{{{ fact('economy.fiscal_revenue', dated=True) }}}}\n"})
    with pytest.raises(BriefkitError) as e:
        b.build(root, "d", root / "out")
    (p,) = e.value.problems
    assert p.format().startswith("templates/d/s.md:3: error: slide 2 (bullets): the bullets does not "
                                 "fit its box at 18 pt, the smallest size for it: '区级财政收入")
    assert "hint: shorten the text" in p.format()


def test_brief_kind_must_be_pack_or_deck(project):
    from briefkit.brief import load_brief
    from briefkit.errors import BriefError

    root = project({"briefs/d.yaml": DECK_BRIEF.replace("kind: deck", "kind: decks")})
    with pytest.raises(BriefError) as e:
        load_brief(root, "d")
    assert e.value.problems[0].format() == ("briefs/d.yaml:1:7: error: kind must be pack or deck, got "
                                            "'decks'\n  hint: did you mean 'deck'?")


def test_check_composes_and_fits_decks(project):
    from briefkit.pipeline.check import check_project

    report = Report()
    check_project(REPO, report)
    assert [p.format() for p in report.errors] == []
    long = "区级财政收入" * 120
    root = project({"facts/economy.yaml": GOOD, "briefs/d.yaml": DECK_BRIEF,
                    "templates/d/s.md": "{{ slide('bullets') }}\n## 标题\n\n"
                                        f"- {long}{{{{ fact('economy.fiscal_revenue', dated=True) }}}}\n"})
    report = Report()
    check_project(root, report)
    assert [p.format().split(":")[:3] for p in report.errors] == [["templates/d/s.md", "1", " error"]]


def test_a_deck_cannot_be_asked_for_a_pack_format(project):
    root = project({"facts/economy.yaml": GOOD, "briefs/d.yaml": DECK_BRIEF,
                    "templates/d/s.md": "{{ slide('title') }}\n"})
    with pytest.raises(BriefkitError) as e:
        b.build(root, "d", root / "out", ["docx"])
    assert e.value.problems[0].format() == ("briefs/d.yaml:1:1: error: a deck is written as pptx and "
                                            "pdf, not docx\n  hint: leave out --format, or use --format "
                                            "pptx or pdf")


def test_deck_pdf_embeds_our_font_and_its_text_can_be_searched(deck):
    from pypdf import PdfReader

    result, *_ = deck
    reader = PdfReader(str(next(o.path for o in result.outputs if o.format == "pdf")))
    fonts = set()
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            fonts.add(f["/BaseFont"].split("+", 1)[1])  # a subset: ABCDEF+name
            assert "/FontFile2" in f["/FontDescriptor"].get_object()  # embedded TrueType
    assert fonts == {"NotoSansSC-Regular"}
    assert "综合实力" in reader.pages[1].extract_text()


def test_invitations_refuse_a_deck_brief(tmp_path):
    from briefkit.errors import BriefError
    from briefkit.pipeline.invitations.run import run

    with pytest.raises(BriefError) as e:
        run(REPO, "soe_deck", REPO / "briefs" / "recipients" / "soe.csv", tmp_path)
    assert "'soe_deck' is a deck: invitations are personalised packs" in e.value.problems[0].format()
    assert not any(tmp_path.iterdir())


def test_parallel_and_serial_deck_builds_give_the_same_bytes(deck, tmp_path):
    result, *_ = deck
    fast = b.build(REPO, "soe_deck", tmp_path, parallel=True)
    assert [o.sha256 for o in fast.outputs] == [o.sha256 for o in result.outputs]
    assert [o.pages for o in fast.outputs] == [o.pages for o in result.outputs]
