"""The Word renderer. Fields, bookmarks and links: the TOC, page numbers, citations, hyperlinks."""

from __future__ import annotations

import docx
from docxread import NS, paragraph_texts, part, small, w

from briefkit import doc as d
from briefkit.render.docx import TOC_PLACEHOLDER


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
