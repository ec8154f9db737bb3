"""Every pack as laid out: no quantity torn from its unit, no runt line, no page left a third
empty (from the PDF's layout record, not from pixels)."""

from __future__ import annotations

import io

import pytest
from conftest import REPO

from briefkit import doc as d
from briefkit.brief import load_brief
from briefkit.compose import compose
from briefkit.errors import Report
from briefkit.pipeline.build import draw_figures, load_facts
from briefkit.render import pdf
from briefkit.typography.linebreak import _chars
from briefkit.typography import linebreak as lb
from briefkit.typography.numbers import unbreakable_spans

PACKS = ("soe", "investor", "resident")
JUSTIFIED = ("body", "lead", "note", "bullet", "quote", "source_entry")


@pytest.fixture(scope="module")
def layouts() -> dict[str, d.LayoutRecord]:
    base = load_facts(REPO)
    out = {}
    for name in PACKS:
        brief = load_brief(REPO, name)
        document, rendered, _ = compose(REPO, base, brief, Report())
        draw_figures(rendered, brief.theme)
        out[name] = d.LayoutRecord()
        pdf.render(document, io.BytesIO(), out[name])
    return out


def line_pairs(record: d.LayoutRecord):
    """Yield (line, next line) of the same block."""
    for a, b in zip(record.lines, record.lines[1:]):
        if a.style == b.style and not a.last and not b.first:
            yield a, b


def chars(text: str) -> int:
    return _chars(lb.atoms([(text, 10.0, False)], lambda s: ({}, 1000.0, s)), 0, len(text))


@pytest.mark.parametrize("pack", PACKS)
def test_no_line_ends_with_a_number_whose_unit_starts_the_next(layouts, pack):
    torn = [f"p.{a.page}: {a.text[-8:]}⏎{b.text[:6]}" for a, b in line_pairs(layouts[pack])
            if a.text[-1:].isdigit() and b.text[:1] and not b.text[0].isascii()]
    assert torn == []


@pytest.mark.parametrize("pack", PACKS)
def test_no_quantity_is_broken_outside_a_narrow_table_cell(layouts, pack):
    torn = []
    for a, b in line_pairs(layouts[pack]):
        cut = len(a.text)
        if a.style != "cell" and any(s < cut < e for s, e in unbreakable_spans(a.text + b.text)):
            torn.append(f"p.{a.page}: {a.text[-8:]}⏎{b.text[:8]}")
    assert torn == []


@pytest.mark.parametrize("pack", PACKS)
def test_no_key_figure_label_line_holds_one_character(layouts, pack):
    runts = [f"p.{ln.page}: {ln.text}" for ln in layouts[pack].lines
             if ln.style == "key_label" and chars(ln.text) < 2]
    assert runts == []


@pytest.mark.parametrize("pack", PACKS)
def test_no_paragraph_ends_in_a_line_of_one_character(layouts, pack):
    runts = [f"p.{ln.page}: {ln.text}" for ln in layouts[pack].lines
             if ln.style in JUSTIFIED and ln.last and not ln.first and chars(ln.text) < 2]
    assert runts == []


@pytest.mark.parametrize("pack", PACKS)
def test_no_justified_line_is_visibly_loose(layouts, pack):
    loose = [f"p.{ln.page}: {ln.char_space:.2f} em {ln.text}" for ln in layouts[pack].lines
             if ln.char_space > 0.15]
    assert loose == []


@pytest.mark.parametrize("pack", PACKS)
def test_no_page_is_more_than_a_third_blank_but_a_chapters_last(layouts, pack):
    pages = layouts[pack].pages
    last = max(p.page for p in pages)
    blank = [f"p.{p.page}: {p.blank:.0%}" for p in pages
             if p.blank > 1 / 3 and not p.ends_by_break and p.page != last]
    assert blank == []


@pytest.mark.parametrize("pack", PACKS)
def test_every_heading_has_its_page_recorded(layouts, pack):
    pages = layouts[pack].anchor_pages
    assert pages and all(p >= 2 for p in pages.values())
    assert list(pages.values()) == sorted(pages.values())


@pytest.fixture(scope="module")
def built_soe(tmp_path_factory):
    from briefkit.pipeline.build import build

    out = tmp_path_factory.mktemp("soe")
    return build(REPO, "soe", out), out


def test_docx_contents_print_the_pdf_page_of_every_heading(built_soe):
    import re
    import zipfile

    result, out = built_soe
    xml = zipfile.ZipFile(out / "soe.docx").read("word/document.xml").decode()
    shown = re.findall(r'PAGEREF (\S+) \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType='
                       r'"separate"/></w:r><w:r>(?:<w:rPr>.*?</w:rPr>)?<w:t[^>]*>(\d+)</w:t>', xml)
    assert len(shown) == xml.count("PAGEREF") > 10
    pages = result.document.pages
    names = {v: k for k, v in pages.items()}
    assert all(int(page) >= 2 for _, page in shown)
    assert '<w:fldChar w:fldCharType="begin" w:dirty="true"/>' in xml  # still marked for update
    assert len(names) and all(pages.get(a, int(p)) == int(p) for a, p in shown)


def test_docx_font_table_names_simsun_and_simhei_for_other_systems(built_soe):
    import zipfile

    _, out = built_soe
    table = zipfile.ZipFile(out / "soe.docx").read("word/fontTable.xml").decode()
    assert '<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/>' in table
    assert '<w:font w:name="黑体"><w:altName w:val="SimHei"/>' in table
