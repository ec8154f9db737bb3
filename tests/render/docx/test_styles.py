"""The Word renderer. Word styles, fonts, language, the cover, header, footer and page."""

from __future__ import annotations

import re
import zipfile

from docxread import NS, paragraph_texts, part, w
from lxml import etree

from briefkit import fonts


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


def test_chapters_run_on_and_headings_keep_with_next(word):
    styles = word.styles
    assert not styles["Heading 1"].paragraph_format.page_break_before
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
