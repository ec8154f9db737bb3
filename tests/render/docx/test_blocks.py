"""The Word renderer. Blocks and text: figures, tables, key figures, lists; text is written literally."""

from __future__ import annotations

import docx
import pytest
from docxread import NS, paragraph_texts, small, w

from briefkit import doc as d
from briefkit.doc.conventions import key_figure_parts
from briefkit.errors import RenderError
from briefkit.render.docx import render


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


def test_key_figure_numbers_are_large_and_their_units_at_body_size(tmp_path):
    values = ["250亿元", "突破4000亿元", "1,200万", "全国首个"]
    path = small(tmp_path, [d.KeyFigures([d.KeyFigure(v, "标签") for v in values])])
    panel = docx.Document(str(path)).tables[0]
    body = str(round(10.5 * 2))  # half-points of the theme's body size
    got = []
    for cell in panel.rows[0].cells:
        runs = cell.paragraphs[0]._p.findall("w:r", NS)
        got.append([("".join(t.text for t in r.iter(w("t"))),
                     r.find("w:rPr/w:sz", NS) is None) for r in runs])
        assert all(r.find("w:rPr/w:sz", NS).get(w("val")) == body
                   for r in runs if r.find("w:rPr/w:sz", NS) is not None)
    assert got == [key_figure_parts(v) for v in values]
    assert got[0] == [("250", True), ("亿元", False)]  # 亿 small, as in the PDF


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
