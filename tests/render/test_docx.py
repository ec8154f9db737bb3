"""The Word renderer: reopen the .docx and check styles, fonts, fields, links and bytes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docsample import png, sample_document
from lxml import etree

from briefkit import doc as d
from briefkit import fonts
from briefkit.errors import RenderError
from briefkit.render.docx import TOC_PLACEHOLDER, render

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """Render the sample document once (with a dedication); return (tree, path)."""
    tmp = tmp_path_factory.mktemp("docx")
    tree = sample_document(tmp)
    tree.cover.dedication = "敬呈 中国电子信息产业集团有限公司"
    path = tmp / "sample.docx"
    assert render(tree, path) is None
    return tree, path


@pytest.fixture(scope="module")
def word(sample):
    return docx.Document(str(sample[1]))


def part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def paragraph_texts(word) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in word.paragraphs]


def small(tmp_path: Path, blocks: list, **cover) -> Path:
    """Render a tiny document of `blocks`; return the path."""
    tree = d.Document(d.Meta("测试", created="2024-03-29T00:00:00+08:00"),
                      d.Cover("测试标题", **cover), blocks)
    path = tmp_path / "small.docx"
    render(tree, path)
    return path


# ---- styles and fonts -------------------------------------------------------------------------


def test_every_heading_uses_its_heading_style(sample, word):
    tree, _ = sample
    styled = {text: style for style, text in paragraph_texts(word)}
    for h in tree.headings():
        assert styled[h.text] == f"Heading {h.level}"


def test_every_paragraph_has_a_named_style(sample):
    names = zipfile.ZipFile(sample[1]).namelist()
    stories = [n for n in names if re.fullmatch(r"word/(document|header\d+|footer\d+)\.xml", n)]
    assert len(stories) == 3
    for name in stories:
        for p in part(sample[1], name).iter(w("p")):
            style = p.find("w:pPr/w:pStyle", NS)
            assert style is not None, etree.tostring(p, encoding="unicode")[:200]


def test_no_theme_font_attributes_remain_in_styles(sample):
    xml = zipfile.ZipFile(sample[1]).read("word/styles.xml").decode()
    assert not re.search(r"w:(ascii|eastAsia|hAnsi|cs)[Tt]heme=", xml)


def test_styles_name_the_chinese_faces_explicitly(sample):
    styles = part(sample[1], "word/styles.xml")
    serif, sans = fonts.ROLES["serif"], fonts.ROLES["sans"]
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert default.get(w("eastAsia")) == serif.docx_east_asia
    assert default.get(w("ascii")) == serif.docx_ascii
    faces = {}
    for style in styles.findall("w:style[@w:type='paragraph']", NS):
        r_fonts = style.find("w:rPr/w:rFonts", NS)
        assert r_fonts is not None and r_fonts.get(w("eastAsia")), style.get(w("styleId"))
        faces[style.get(w("styleId"))] = r_fonts.get(w("eastAsia"))
    assert faces["Normal"] == serif.docx_east_asia
    assert faces["Heading1"] == faces["Heading2"] == faces["Heading3"] == sans.docx_east_asia


def test_language_is_simplified_chinese(sample, word):
    styles = part(sample[1], "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(w("val")), lang.get(w("eastAsia"))) == ("zh-CN", "zh-CN")
    settings = part(sample[1], "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(w("eastAsia")) == "zh-CN"
    assert word.core_properties.language == "zh-CN"


def test_body_text_is_justified_with_a_two_character_indent_and_kinsoku(sample):
    styles = part(sample[1], "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    assert normal.find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "200"
    assert normal.find("w:pPr/w:jc", NS).get(w("val")) == "both"
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert int(spacing.get(w("line"))) == round(10.5 * 1.6 * 20)
    assert styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:kinsoku", NS) is not None


def test_chapters_start_a_new_page_and_headings_keep_with_next(word):
    styles = word.styles
    assert styles["Heading 1"].paragraph_format.page_break_before is True
    for level in (1, 2, 3):
        assert styles[f"Heading {level}"].paragraph_format.keep_with_next is True


def test_paragraph_styles_map_to_word_styles(word):
    styles = {text: style for style, text in paragraph_texts(word)}
    assert styles["更多信息请见徐汇区政府网站。"] == "Note"
    assert next(s for t, s in styles.items() if t.startswith("徐汇区是上海的首善之区")) == "Lead"
    assert styles["“上下楼就是上下游，产业园就是产业链”"] == "Quote"
    assert styles["人工智能：模速空间[2]"] == "List Bullet"
    assert word.styles["Lead"].base_style.name == "Normal"


# ---- cover, header and footer -----------------------------------------------------------------


def test_cover_is_its_own_section_without_header_or_footer(word):
    first, body = word.sections
    assert first.header.is_linked_to_previous and first.footer.is_linked_to_previous
    assert not body.footer.is_linked_to_previous
    assert body.header.paragraphs[0].text == "徐汇区投资推介手册 · 央企版"
    cover = paragraph_texts(word)[:8]
    assert ("Title", "徐汇区投资推介手册") in cover
    assert ("Subtitle", "携手徐汇 共赢未来") in cover
    assert ("Dedication", "敬呈 中国电子信息产业集团有限公司") in cover
    assert ("Cover Meta", "2024年3月　数据截至2025年") in cover


def test_footer_counts_pages_with_page_and_numpages_fields(word):
    footer = word.sections[-1].footer.paragraphs[0]
    codes = [t.text.strip() for t in footer._p.iter(w("instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("徐汇区投资促进办公室")
    assert "第 1 页 / 共 1 页" in footer.text  # the results shown until Word updates them


def test_page_is_a4_with_margins(word):
    section = word.sections[-1]
    assert abs(section.page_width.cm - 21.0) < 0.01
    assert abs(section.page_height.cm - 29.7) < 0.01
    assert abs(section.left_margin.cm - 2.5) < 0.01


# ---- fields, bookmarks, links ------------------------------------------------------------------


def test_toc_is_a_field_refreshed_on_opening(sample, word):
    body = part(sample[1], "word/document.xml")
    codes = [t.text for t in body.iter(w("instrText"))]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in codes
    settings = part(sample[1], "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(w("val")) == "true"
    entries = [(s, t) for s, t in paragraph_texts(word) if s.startswith("toc ")]
    assert [t for _, t in entries] == ["一、区域综合实力\t", "1.1 经济基础\t", "二、资料与联系\t",
                                       "资料来源\t"]


def test_toc_title_stays_out_of_the_toc(word):
    assert ("TOC Heading", "目录") in paragraph_texts(word)
    assert word.styles["TOC Heading"].element.find("w:pPr/w:outlineLvl", NS).get(w("val")) == "9"


def test_empty_toc_shows_a_placeholder(tmp_path):
    path = small(tmp_path, [d.TableOfContents(), d.Paragraph([d.Text("正文")])])
    assert TOC_PLACEHOLDER in [p.text for p in docx.Document(str(path)).paragraphs]


def test_headings_carry_their_anchor_as_bookmark(sample):
    body = part(sample[1], "word/document.xml")
    for anchor in ("ch1", "s1-1", "s1-1-1", "ch2"):
        start = body.find(f".//w:bookmarkStart[@w:name='{anchor}']", NS)
        assert start.getparent().find("w:pPr/w:pStyle", NS).get(w("val")).startswith("Heading")


def test_citations_are_superscript_links_to_source_bookmarks(sample, word):
    body = part(sample[1], "word/document.xml")
    bookmarks = {b.get(w("name")) for b in body.iter(w("bookmarkStart"))}
    ids = [b.get(w("id")) for b in body.iter(w("bookmarkStart"))]
    assert len(ids) == len(set(ids))
    anchors = [h.get(w("anchor")) for h in body.iter(w("hyperlink")) if h.get(w("anchor"))]
    assert {"src-1", "src-2", "src-3"} <= set(anchors) <= bookmarks
    citation = body.find(".//w:hyperlink[@w:anchor='src-1']/w:r", NS)
    assert citation.find("w:rPr/w:rStyle", NS).get(w("val")) == "Citation"
    assert "".join(citation.itertext()) == "[1]"
    style = word.styles["Citation"]
    assert style.font.superscript is True


def test_source_entries_are_numbered_and_bookmarked(word):
    entries = [p for p in word.paragraphs if p.style.name == "Bibliography"]
    assert [p.text[:4] for p in entries] == ["[1]\t", "[2]\t", "[3]\t"]
    for n, p in enumerate(entries, 1):
        assert p._p.find("w:bookmarkStart", NS).get(w("name")) == f"src-{n}"
    assert ("Heading 1", "资料来源") in paragraph_texts(word)


def test_external_link_is_a_hyperlink_relationship(sample, word):
    body = part(sample[1], "word/document.xml")
    link = next(h for h in body.iter(w("hyperlink")) if h.get(f"{{{NS['r']}}}id"))
    rel = word.part.rels[link.get(f"{{{NS['r']}}}id")]
    assert rel.is_external and rel.target_ref == "https://www.xuhui.gov.cn"
    assert "".join(link.itertext()) == "徐汇区政府网站"


def test_internal_link_targets_an_anchor(tmp_path):
    path = small(tmp_path, [d.Heading(1, "一", "ch1"),
                            d.Paragraph([d.Link("见第一章", "#ch1")])])
    body = part(path, "word/document.xml")
    assert body.find(".//w:hyperlink", NS).get(w("anchor")) == "ch1"


# ---- figures, tables, key figures --------------------------------------------------------------


def test_figure_is_an_inline_picture_with_alt_text_and_numbered_caption_below(sample, word):
    assert len(word.inline_shapes) == 1
    shape = word.inline_shapes[0]
    text_width = word.sections[-1].page_width - 2 * word.sections[-1].left_margin
    assert shape.width == pytest.approx(0.8 * text_width, rel=0.001)
    doc_pr = shape._inline.find("wp:docPr", NS)
    assert doc_pr.get("descr") == "柱状图"
    texts = paragraph_texts(word)
    i = next(i for i, p in enumerate(word.paragraphs) if p._p.xpath(".//w:drawing"))
    assert texts[i][0] == "Figure"
    assert texts[i + 1] == ("Caption", "图 1　徐汇区大模型企业数量变化")
    assert texts[i + 2] == ("Note", "资料来源：澎湃新闻，2024年3月[2]")
    codes = [t.text for t in word.paragraphs[i + 1]._p.iter(w("instrText"))]
    assert codes == [" SEQ 图 \\* ARABIC "]


def test_table_has_repeating_header_caption_above_and_source_below(sample, word):
    table = word.tables[1]  # tables[0] is the key figures panel
    assert table.style.name == "Data Table"
    first = table.rows[0]._tr
    assert first.find("w:trPr/w:tblHeader", NS) is not None
    assert [c.text for c in table.rows[0].cells] == ["功能区", "载体", "规模"]
    assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Heading"
    fill = first.find("w:tc/w:tcPr/w:shd", NS).get(w("fill"))
    assert fill == "1F4E79"
    widths = [int(c.get(w("w"))) for c in table._tbl.tblGrid.findall("w:gridCol", NS)]
    assert widths[1] / widths[0] == pytest.approx(3, rel=0.01)
    right = table.rows[1].cells[2].paragraphs[0]
    assert right.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    body = list(word.element.body)
    i = body.index(table._tbl)
    caption = docx.text.paragraph.Paragraph(body[i - 1], word)
    assert (caption.style.name, caption.text) == ("Caption", "表 1　五大功能区重点载体")
    assert " SEQ 表 \\* ARABIC " in [t.text for t in body[i - 1].iter(w("instrText"))]
    source = docx.text.paragraph.Paragraph(body[i + 1], word)
    assert (source.style.name, source.text) == ("Note", "资料来源：澎湃新闻[2]")


def test_key_figures_are_a_light_table_of_values_over_labels(word):
    panel = word.tables[0]
    assert panel.style.name == "Key Figures Table"
    cell = panel.rows[0].cells[0]
    assert [(p.style.name, p.text) for p in cell.paragraphs] == [
        ("Key Figure Value", "250亿元[1]"), ("Key Figure Label", "区级财政收入")]
    assert len(panel.columns) == 4
    assert ("Key Figures Title", "关键数据") in paragraph_texts(word)


def test_ordered_lists_each_start_at_one(tmp_path):
    items = [[d.Text("甲")], [d.Text("乙")]]
    path = small(tmp_path, [d.BulletList(items, ordered=True), d.Paragraph([d.Text("间隔")]),
                            d.BulletList(items, ordered=True)])
    word = docx.Document(str(path))
    listed = [p for p in word.paragraphs if p.style.name == "List Number"]
    assert len(listed) == 4
    later = listed[2]._p.find("w:pPr/w:numPr/w:numId", NS).get(w("val"))
    numbering = word.part.numbering_part.element
    num = numbering.find(f"w:num[@w:numId='{later}']", NS)
    assert num.find("w:lvlOverride/w:startOverride", NS).get(w("val")) == "1"


# ---- text is literal ----------------------------------------------------------------------------


def test_markup_characters_come_out_verbatim(tmp_path, word):
    assert "文化创意 <b>不是标签</b> & “引号” 'single'" in [p.text for p in word.paragraphs]
    nasty = "<w:t>&amp; \"x\" 'y' </w:p>"
    path = small(tmp_path, [d.Heading(1, nasty, "h"), d.Paragraph([d.Text(nasty)])])
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts.count(nasty) == 2


def test_tab_and_newline_become_tab_and_line_break(tmp_path):
    path = small(tmp_path, [d.Paragraph([d.Text("甲\t乙\n丙")])])
    p = next(p for p in docx.Document(str(path)).paragraphs if p.text.startswith("甲"))
    assert p._p.xpath(".//w:tab") and p._p.xpath(".//w:br")


def test_bad_documents_are_refused_by_doc_validate_before_anything_is_written(tmp_path):
    tree = d.Document(d.Meta("测试"), d.Cover("标题"), [d.Heading(4, "四级")])
    with pytest.raises(RenderError) as e:
        render(tree, tmp_path / "x.docx")
    assert [p.message for p in e.value.problems] == [p.message for p in d.problems(tree)]
    assert not (tmp_path / "x.docx").exists()  # the messages themselves: tests/doc/test_validate.py


# ---- metadata and reproducibility ---------------------------------------------------------------


def test_core_properties_come_from_meta(word):
    cp = word.core_properties
    assert (cp.title, cp.author, cp.subject) == ("徐汇区投资推介手册", "徐汇区投资促进办公室", "央企版")
    assert cp.keywords == "徐汇; 投资"
    assert cp.last_modified_by == "briefkit"
    assert cp.revision == 1
    assert cp.created.isoformat() == "2024-03-28T16:00:00+00:00"  # 00:00 in Shanghai, in UTC
    assert cp.modified == cp.created


def test_same_document_renders_to_identical_bytes(tmp_path):
    tree = sample_document(tmp_path)
    render(tree, tmp_path / "a.docx")
    render(tree, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2024, 3, 29, 0, 0, 0)}


def test_package_holds_no_template_leftovers(sample):
    with zipfile.ZipFile(sample[1]) as z:
        names = z.namelist()
        settings = z.read("word/settings.xml").decode()
        font_table = z.read("word/fontTable.xml").decode()
    assert not [n for n in names if "customXml" in n or "thumbnail" in n or "WithEffects" in n]
    assert "w:rsid" not in settings
    assert 'w:eastAsia="ja-JP"' not in settings
    assert fonts.ROLES["serif"].docx_east_asia in font_table
    assert "明朝" not in font_table


def test_a_second_image_reuses_numbering_and_ids_stay_unique(tmp_path):
    img = png(tmp_path / "a.png")
    path = small(tmp_path, [d.Figure(str(img), "一"), d.Figure(str(img), "二", alt="第二")])
    word = docx.Document(str(path))
    ids = [s._inline.docPr.get("id") for s in word.inline_shapes]
    assert len(set(ids)) == 2
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert captions == ["图 1　一", "图 2　二"]
