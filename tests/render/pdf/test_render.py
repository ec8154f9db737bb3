"""The PDF renderer: reopen the PDF with pypdf; check text, fonts, navigation, blocks, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from docsample import png, sample_document
from pdfsample import (FOOTER, body_lines, inlines_of, page_of, page_texts, punctuated,
                       small_document, squash)

from briefkit import doc as d
from briefkit.errors import RenderError
from briefkit.render import pdf
from briefkit.render.pdf import styles

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """Render the sample document (with a dedication); return (document, path, pages, reader)."""
    tmp = tmp_path_factory.mktemp("pdf")
    document = sample_document(tmp)
    document.cover.dedication = "敬呈 中国电子信息产业集团有限公司"
    path = tmp / "sample.pdf"
    pages = pdf.render(document, path)
    return document, path, pages, pypdf.PdfReader(str(path))


# ---- the file as a whole ------------------------------------------------------------------------


def test_render_returns_the_page_count_of_the_written_pdf(sample):
    _, path, pages, reader = sample
    assert pages == len(reader.pages) >= 5
    assert path.read_bytes().startswith(b"%PDF-")


def test_pages_are_a4(sample):
    _, _, _, reader = sample
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_same_document_gives_identical_bytes_whatever_the_file_name(tmp_path):
    document = sample_document(tmp_path)
    pdf.render(document, tmp_path / "a.pdf")
    pdf.render(document, tmp_path / "b.tmp")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.tmp").read_bytes()


def test_metadata_carries_title_author_subject_keywords_creator_language_and_date(sample):
    document, _, _, reader = sample
    info = reader.metadata
    assert info["/Title"] == "徐汇区投资推介手册"
    assert info["/Author"] == "徐汇区投资促进办公室"
    assert info["/Subject"] == "央企版"
    assert info["/Keywords"] == "徐汇, 投资"
    assert info["/Creator"] == "briefkit"
    assert info["/CreationDate"] == "D:20240329000000+08'00'"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_every_font_is_an_embedded_truetype_subset(sample):
    _, _, _, reader = sample
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for key in fonts:
            font = fonts[key].get_object()
            assert re.fullmatch(r"/[A-Z]{6}\+\S+", font["/BaseFont"]), font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            seen.add(font["/BaseFont"].split("+")[1])
    assert {"NotoSerifSC-Regular", "NotoSansSC-Regular"} <= seen


def test_rendering_the_sample_again_with_everything_warm_gives_the_same_bytes(tmp_path):
    # Timings belong to `make bench`, never to a test; what a warm render must keep is the bytes.
    document = sample_document(tmp_path)
    pdf.render(document, tmp_path / "cold.pdf")
    pdf.render(document, tmp_path / "warm.pdf")  # faces, subsets, settled pages from the first
    assert (tmp_path / "warm.pdf").read_bytes() == (tmp_path / "cold.pdf").read_bytes()


# ---- text ---------------------------------------------------------------------------------------


def test_all_visible_text_is_extractable_in_order(sample):
    document, path, _, _ = sample
    text = squash("".join(page_texts(path)))
    for block in document.blocks:
        if isinstance(block, d.Paragraph):
            assert squash(d.inline_text(block.inlines)) in text
        elif isinstance(block, d.Heading):
            assert squash(block.text) in text
        elif isinstance(block, d.SourceList):
            for e in block.entries:
                assert squash(f"[{e.number}]{e.text}") in text


def test_cover_shows_title_audience_organiser_dates_dedication_and_contact_without_footer(sample):
    document, _, _, reader = sample
    cover = reader.pages[0].extract_text()
    c = document.cover
    for part in (c.title, c.subtitle, c.audience, c.organiser, c.date, c.data_as_of,
                 c.dedication, *c.contact):
        assert part in cover
    assert "第 1 页" not in cover and document.meta.header not in cover


def test_body_pages_have_running_header_and_page_x_of_y_footer(sample):
    document, _, pages, reader = sample
    for n in range(2, pages + 1):
        text = reader.pages[n - 1].extract_text()
        assert document.meta.header in text
        assert document.meta.footer in text
        assert f"第 {n} 页 / 共 {pages} 页" in text


def test_markup_characters_in_text_come_out_verbatim(tmp_path):
    nasty = "<b>粗体</b> & &amp; &lt;x&gt; \"双\" 'single' <br/> a<b"
    document = small_document(
        [d.Paragraph([d.Text(nasty)]), d.BulletList([[d.Text(nasty, bold=True)]]),
         d.Heading(2, nasty, "h2"), d.Quote([d.Text(nasty)]),
         d.Table(["列<1>", "&列"], [[[d.Text(nasty)], [d.Text("<i>")]]], caption=nasty, number=1)],
        title="标题 <title> & 'x'")
    path = tmp_path / "markup.pdf"
    pdf.render(document, path)
    texts = page_texts(path)
    assert "标题 <title> & 'x'" in texts[0]
    body = squash("".join(texts[1:]))
    assert body.count(squash(nasty)) >= 5  # paragraph, bullet, heading, quote, cell (+ caption)
    assert squash("列<1>") in body and "&列" in body and "<i>" in body


def test_bold_italic_citations_and_links_survive_line_wrapping(tmp_path):
    text = punctuated(7, 120)
    document = small_document([d.Paragraph(inlines_of(text, 7))])
    path = tmp_path / "runs.pdf"
    pdf.render(document, path)
    assert squash(d.inline_text(inlines_of(text, 7))) in squash("".join(body_lines(path)))


# ---- navigation: TOC, bookmarks, links ----------------------------------------------------------


def test_table_of_contents_lists_headings_with_their_page_numbers(sample):
    document, _, _, reader = sample
    toc = reader.pages[1].extract_text()
    assert "目录" in toc
    for h in document.headings():
        if h.level <= 2:
            page = page_of(reader, h.text, start=3)
            assert re.search(re.escape(h.text) + r"\s*" + str(page) + r"\b", toc), h.text
    assert "1.1.1 细分说明" not in toc  # depth 2
    assert re.search(r"资料来源\s*\d+", toc)


def test_table_of_contents_entries_link_to_their_headings(sample):
    _, _, _, reader = sample
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    targets = [reader.get_page_number(a["/Dest"][0].get_object()) + 1 for a in links]
    assert targets == [3, 3, 6, 6]


def test_bookmarks_nest_sections_under_chapters(sample):
    _, _, _, reader = sample
    outline = reader.outline
    titles = [o["/Title"] if not isinstance(o, list) else [x["/Title"] for x in o] for o in outline]
    assert titles == ["目录", "一、区域综合实力", ["1.1 经济基础"], "二、资料与联系", ["资料来源"]]
    assert reader.get_destination_page_number(outline[1]) + 1 == 3


def test_citations_are_superscript_marks_linked_to_their_source_entries(sample):
    _, _, _, reader = sample
    sources_page = page_of(reader, "市国资委：", start=3)
    page = reader.pages[2]  # the first chapter: cites [1], [2] and [3]
    links = [a.get_object() for a in page.get("/Annots", [])]
    dests = [a["/Dest"] for a in links if "/Dest" in a]
    assert len(dests) >= 7
    assert {reader.get_page_number(dest[0].get_object()) + 1 for dest in dests} == {sources_page}
    tops = {round(float(dest[3])) for dest in dests}  # [page, /XYZ, left, top, zoom]
    assert len(tops) == 3  # [1], [2] and [3] each point at their own entry


def test_anchors_are_named_destinations_for_links_from_outside(sample):
    _, _, _, reader = sample
    named = {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
             for name, dest in reader.named_destinations.items()}
    assert named["ch1"] == 3 and named["s1-1"] == 3 and named["ch2"] == 6
    assert named["src-1"] == named["src-3"] == 6


def test_links_to_urls_are_clickable(sample):
    _, _, _, reader = sample
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages
            for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert uris == ["https://www.xuhui.gov.cn"]


# ---- blocks -------------------------------------------------------------------------------------


def test_level_one_headings_start_a_new_page(sample):
    document, path, _, reader = sample
    for h in document.headings():
        if h.level == 1:
            n = page_of(reader, h.text, start=3)
            first = [line.strip() for line in reader.pages[n - 1].extract_text().split("\n")
                     if line.strip() and not FOOTER.search(line)
                     and line.strip() not in (document.meta.header, document.meta.footer)][0]
            assert first == h.text


def test_key_figures_stay_together_on_one_page(sample):
    _, _, _, reader = sample
    n = page_of(reader, "250亿元[1]", start=3)
    text = reader.pages[n - 1].extract_text()
    for value in ("157家", "近300家", "74.45%", "滨江楼宇去化率", "关键数据"):
        assert value in text


def test_table_header_repeats_on_every_page_the_table_spans(sample):
    _, _, _, reader = sample
    pages = [p.extract_text() for p in reader.pages if "大徐家汇" in p.extract_text()]
    assert len(pages) >= 2
    for text in pages:
        assert re.search(r"功能区\s*载体\s*规模", text)
    assert "表 1\u3000五大功能区重点载体" in pages[0]
    assert "资料来源：澎湃新闻[2]" in pages[-1]


def test_figure_is_drawn_with_numbered_caption_and_source(sample):
    _, _, _, reader = sample
    n = page_of(reader, "图 1\u3000徐汇区大模型企业数量变化", start=3)
    page = reader.pages[n - 1]
    assert "资料来源：澎湃新闻，2024年3月[2]" in page.extract_text()
    xobjects = page["/Resources"]["/XObject"]
    assert any(xobjects[k].get_object()["/Subtype"] == "/Image" for k in xobjects)


def test_lists_quotes_and_source_entries_keep_their_text(sample):
    _, path, _, _ = sample
    text = squash("".join(page_texts(path)))
    assert squash("人工智能：模速空间[2]") in text
    assert "“上下楼就是上下游，产业园就是产业链”" in text
    assert squash("[2]上海经信委：《全国首个新型工业化推进办公室在上海徐汇设立》，2024-09-26") in text


def test_explicit_page_break_starts_a_new_page_but_never_an_empty_one(tmp_path):
    document = small_document([d.Paragraph([d.Text("甲")]), d.PageBreak(), d.PageBreak(),
                               d.Paragraph([d.Text("乙")])])
    path = tmp_path / "breaks.pdf"
    pages = pdf.render(document, path)
    texts = page_texts(path)
    assert pages == 3  # cover, 甲, then 乙 with the sources: two breaks make one new page
    assert "甲" in texts[1] and "乙" in texts[2]


# ---- errors -------------------------------------------------------------------------------------


def junk(path: Path) -> Path:
    path.write_bytes(b"not a picture")
    return path


ERRORS = [
    (lambda doc, tmp: doc.blocks.insert(2, d.Paragraph([d.Citation(9)])),
     "citation [9] has no entry in the source list"),
    (lambda doc, tmp: doc.blocks.insert(2, d.Paragraph([d.Link("官网", "#nowhere")])),
     "link '官网' points to '#nowhere', which no heading or source defines"),
    (lambda doc, tmp: doc.blocks.insert(2, d.Heading(2, "又一节", "sec")),
     "anchor 'sec' is used twice (heading '正文' and heading '又一节')"),
    (lambda doc, tmp: doc.blocks.insert(2, d.Figure(str(tmp / "none.png"), "图", 3)),
     "figure 3 ('图'): image file {tmp}/none.png does not exist"),
    (lambda doc, tmp: doc.blocks.insert(2, d.Figure(str(junk(tmp / "bad.png")), "坏图", 4)),
     "figure 4 ('坏图'): {tmp}/bad.png is not a readable image"),
    (lambda doc, tmp: doc.blocks.insert(2, d.Paragraph([d.Text("x")], "huge")),
     "paragraph style 'huge' is unknown; use one of body, lead, note"),
    (lambda doc, tmp: doc.blocks.insert(2, d.Table(["a", "b"], [[[d.Text("1")]]], "表", 2)),
     "table 2 ('表'), row 1: 1 cells for 2 columns"),
    (lambda doc, tmp: setattr(doc.theme, "accent", "blue"),
     "theme.accent must be a colour like '#1F4E79', got 'blue'"),
    (lambda doc, tmp: setattr(doc.meta, "created", "yesterday"),
     "meta.created must be an ISO date-time such as 2024-03-29T00:00:00+08:00, got 'yesterday'"),
]


@pytest.mark.parametrize("mutate, message", ERRORS)
def test_bad_documents_raise_render_error_naming_the_problem(tmp_path, mutate, message):
    document = small_document([d.Paragraph([d.Text("正文")])])
    mutate(document, tmp_path)
    with pytest.raises(RenderError) as info:
        pdf.render(document, tmp_path / "bad.pdf")
    assert message.format(tmp=tmp_path) in [p.message for p in info.value.problems]
    assert not (tmp_path / "bad.pdf").exists()


def test_every_problem_is_reported_at_once(tmp_path):
    document = small_document([d.Paragraph([d.Citation(8), d.Link("x", "#y")])])
    with pytest.raises(RenderError) as info:
        pdf.render(document, tmp_path / "bad.pdf")
    assert len(info.value.problems) == 2


def test_unwritable_path_raises_render_error(tmp_path):
    document = small_document([d.Paragraph([d.Text("正文")])])
    with pytest.raises(RenderError, match="cannot write"):
        pdf.render(document, tmp_path / "no" / "such" / "dir" / "x.pdf")


def test_figure_is_scaled_to_its_share_of_the_text_width_keeping_its_aspect(tmp_path):
    image = png(tmp_path / "wide.png", 400, 100)
    document = small_document([d.Figure(str(image), "宽图", 1, width=0.5)])
    path = tmp_path / "fig.pdf"
    pdf.render(document, path)
    page = pypdf.PdfReader(str(path)).pages[1]
    content = page.get_contents().get_data().decode("latin-1")
    w, _, _, h = (float(v) for v in re.search(
        r"([\d.]+) ([\d.-]+) ([\d.-]+) ([\d.]+) [\d.-]+ [\d.-]+ cm\s*/\S+ Do", content).groups())
    text_w = styles.PAGE_W - styles.MARGIN_LEFT - styles.MARGIN_RIGHT
    assert w == pytest.approx(0.5 * text_w, abs=0.1)
    assert h == pytest.approx(w / 4, abs=0.1)
    assert "图 1\u3000宽图" in page.extract_text()
