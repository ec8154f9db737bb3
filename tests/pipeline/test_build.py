"""Whole packs built from the real project, reopened and checked (pypdf, python-docx)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from briefkit import doc as d
from briefkit.pipeline import build as b
from briefkit.pipeline.manifest import record
from briefkit.brief import brief_names
from briefkit.facts.load import load_factbase
from briefkit.typography import NO_END, NO_START
from conftest import REPO


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """Build every brief once; return name → BuildResult."""
    out = tmp_path_factory.mktemp("out")
    base = load_factbase(REPO)
    results = {}
    for name in brief_names(REPO):
        results[name] = b.build(REPO, name, out, base=base)
        record(out, results[name], base)
    return results


PACKS = ["soe", "investor", "resident", "investor_en"]


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    # An English line ending in a hyphenation point reads as the whole word ("compa-⏎nies").
    return [re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", page.extract_text() or "")
            for page in PdfReader(str(path)).pages]


def squash(text: str) -> str:
    """Drop white space; read straight and curly quotes alike (prose sets “” where a quote has ")."""
    return re.sub(r"[\s\u2060]+", "", text).replace("“", '"').replace("”", '"')  # U+2060: DOCX joiners


def out(result, fmt):
    return next(o.path for o in result.outputs if o.format == fmt)


def test_three_audiences_are_built(packs):
    assert set(packs) >= {"soe", "investor", "resident"}


def printed_in(fact, language: str, text: str) -> bool:
    """True if the fact's value is in `text` as formatted in the pack's language, or as a count
    in Chinese (三种)."""
    from briefkit.templating.placeholders import zh_count

    if language != "zh":
        return squash(fact.text_in(language)) in text
    return any(squash(t) in text for t in (fact.text(), zh_count(fact)))


def charted(result) -> str:
    """Return the alt texts of a pack's charts: a fact only charted is printed in the image."""
    return "".join(b.alt for b in result.document.blocks if isinstance(b, d.Figure))


@pytest.mark.parametrize("name", PACKS)
def test_every_fact_used_appears_in_the_pdf_as_formatted(packs, name):
    base = load_factbase(REPO)
    text = squash("".join(pdf_text(out(packs[name], "pdf")))) + squash(charted(packs[name]))
    lang = packs[name].brief.language
    missing = [f for f in packs[name].facts_printed if not printed_in(base.facts[f], lang, text)]
    assert missing == []


@pytest.mark.parametrize("name", PACKS)
def test_every_fact_used_appears_in_the_docx_as_formatted(packs, name):
    import docx

    base = load_factbase(REPO)
    document = docx.Document(str(out(packs[name], "docx")))
    text = "".join(p.text for p in document.paragraphs)
    text += "".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    text += charted(packs[name])
    lang = packs[name].brief.language
    missing = [f for f in packs[name].facts_printed if not printed_in(base.facts[f], lang, squash(text))]
    assert missing == []


def test_a_fact_used_in_several_packs_reads_the_same_in_each(packs):
    base = load_factbase(REPO)
    packs = {n: r for n, r in packs.items() if r.brief.kind == "pack"}  # decks: test_deck.py
    texts = {n: squash("".join(pdf_text(out(r, "pdf")))) for n, r in packs.items()}
    shared = set.intersection(*(set(r.facts_used) for r in packs.values()))
    assert shared, "the packs share no fact (the district profile should be shared)"
    for fid in shared:  # each in its pack's language: 309.25亿元 / RMB 30.9 billion
        for n, r in packs.items():
            assert squash(base.facts[fid].text_in(r.brief.language)) in texts[n], (fid, n)


def test_soe_pdf_has_embedded_subset_fonts_bookmarks_toc_and_metadata(packs):
    from pypdf import PdfReader

    reader = PdfReader(str(out(packs["soe"], "pdf")))
    fonts = {}
    for page in reader.pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            f = f.get_object()
            desc = f.get("/DescendantFonts")
            if desc:
                f = desc[0].get_object()
            fd = f.get("/FontDescriptor")
            if fd is not None:
                fonts[str(f["/BaseFont"])] = "/FontFile2" in fd.get_object()
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"/?[A-Z]{6}\+", name) for name in fonts), fonts
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert any("区域综合实力" in t for t in titles)
    toc_page = squash(pdf_text(out(packs["soe"], "pdf"))[1])
    assert "目录" in toc_page and re.search(r"区域综合实力\.*\d", toc_page)
    meta = reader.metadata
    assert "徐汇区投资推介手册" in meta.title and meta.author
    assert len(reader.pages) >= 10


def embedded_fonts(reader) -> dict[str, bool]:
    """Return each font's name → whether the PDF embeds it (as FontFile2)."""
    fonts = {}
    for page in reader.pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            f = f.get_object()
            desc = f.get("/DescendantFonts")
            if desc:
                f = desc[0].get_object()
            fd = f.get("/FontDescriptor")
            if fd is not None:
                fonts[str(f["/BaseFont"])] = "/FontFile2" in fd.get_object()
    return fonts


def test_english_pdf_embeds_latin_and_cjk_subsets_and_has_english_toc_and_bookmarks(packs):
    from pypdf import PdfReader

    reader = PdfReader(str(out(packs["investor_en"], "pdf")))
    fonts = embedded_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"/?[A-Z]{6}\+", name) for name in fonts), fonts
    # Latin text in the Latin faces (regular and bold); 模速空间 in a CJK face
    assert any(n.endswith("+IBMPlexSerif-Regular") for n in fonts), fonts
    assert any(n.endswith("+IBMPlexSerif-SemiBold") for n in fonts), fonts
    assert any(n.endswith(("+NotoSerifSC-Regular", "+NotoSansSC-Regular")) for n in fonts), fonts
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert any("Why Xuhui" in t for t in titles), titles
    pages = pdf_text(out(packs["investor_en"], "pdf"))
    assert "Contents" in pages[1] and re.search(r"Why Xuhui\s*\.*\s*\d", pages[1])
    assert "Page 2 of" in pages[1] and "模速空间" in "".join(pages)
    assert reader.metadata.title.startswith("Investing in Xuhui")
    assert 8 <= len(reader.pages) <= 12
    assert str(reader.trailer["/Root"].get("/Lang")) == "en-US"


def test_english_docx_is_en_us_with_latin_and_east_asian_faces(packs):
    import docx

    document = docx.Document(str(out(packs["investor_en"], "docx")))
    styles = document.styles.element.xml
    assert 'w:val="en-US"' in styles and 'w:eastAsia="zh-CN"' in styles
    assert 'w:ascii="IBM Plex Serif"' in styles and 'w:hAnsi="IBM Plex Serif"' in styles
    assert 'w:eastAsia="宋体"' in styles
    assert document.core_properties.language == "en-US"


@pytest.mark.parametrize("name", PACKS)
def test_no_pdf_line_starts_or_ends_with_forbidden_punctuation(packs, name):
    bad = []
    for n, page in enumerate(pdf_text(out(packs[name], "pdf")), 1):
        for line in page.splitlines():
            s = line.strip()
            if s and (s[0] in NO_START or s[-1] in NO_END):
                bad.append((n, s))
    assert bad == []


@pytest.mark.parametrize("name, charts", [("soe", 5), ("investor", 4), ("resident", 4), ("investor_en", 4)])
def test_figures_and_captions_are_in_both_formats(packs, name, charts):
    import docx

    figures = [blk for blk in packs[name].document.blocks if type(blk).__name__ == "Figure"]
    assert len(figures) >= charts
    text = squash("".join(pdf_text(out(packs[name], "pdf"))))
    label = d.chrome.chrome(packs[name].document.meta.language, "figure")
    for fig in figures:
        assert squash(f"{label}{fig.number}") in text and squash(fig.caption) in text
    document = docx.Document(str(out(packs[name], "docx")))
    assert len(document.inline_shapes) >= charts
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert sum(c.startswith(label) for c in captions) == len(figures)


def test_docx_headings_use_heading_styles_with_east_asian_fonts(packs):
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(out(packs["soe"], "docx")))
    styles = {}
    for p in document.paragraphs:
        if not p.style.name.startswith("TOC"):
            styles.setdefault(p.text, p.style.name)
    for h in packs["soe"].document.headings():
        assert styles.get(h.text) == f"Heading {h.level}", h.text
    for name in ("Normal", "Heading 1", "Heading 2", "Caption"):
        rfonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) in ("宋体", "黑体"), name
        assert rfonts.get(qn("w:eastAsiaTheme")) is None


def test_sources_list_names_every_cited_source(packs):
    base = load_factbase(REPO)
    text = squash("".join(pdf_text(out(packs["soe"], "pdf"))))
    assert "资料来源" in text
    for sid in packs["soe"].sources_used:
        assert squash(base.sources[sid].title) in text


def test_manifest_lists_every_output_with_hash_and_pages(packs):
    import json

    out_dir = out(packs["soe"], "pdf").parent
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    entry = next(p for p in manifest["packs"] if p["brief"] == "soe")
    assert {o["format"] for o in entry["outputs"]} == {"pdf", "docx"}
    pdf = next(o for o in entry["outputs"] if o["format"] == "pdf")
    assert pdf["pages"] >= 10 and len(pdf["sha256"]) == 64 and pdf["size"] > 0
    assert entry["facts"] and entry["sources"][0]["file"].endswith(".txt")
    assert entry["data_as_of"].startswith("数据截至")


def test_same_inputs_give_byte_identical_pdf_and_docx(packs, tmp_path):
    again = b.build(REPO, "soe", tmp_path)
    for fmt in ("pdf", "docx"):
        assert out(again, fmt).read_bytes() == out(packs["soe"], fmt).read_bytes(), fmt


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork, 2 cores")
def test_docx_written_beside_the_pdf_has_the_bytes_of_the_serial_build(packs, tmp_path):
    again = b.build(REPO, "soe", tmp_path, parallel=True)
    assert again.brief.formats and {"pdf", "docx"} <= {o.format for o in again.outputs}
    for fmt in ("pdf", "docx"):
        assert out(again, fmt).read_bytes() == out(packs["soe"], fmt).read_bytes(), fmt


def test_the_docx_markers_give_way_to_the_pages_or_go(tmp_path):
    from docsample import sample_document

    from briefkit.render import docx as docx_render

    document = sample_document(tmp_path)
    anchors = list(d.conventions.block_anchors(document).values())
    document.pages = {anchors[0]: 3}  # one page known, the others not
    docx_render.render(document, tmp_path / "serial.docx")
    pages, document.pages = document.pages, {}
    docx_render.render(document, tmp_path / "later.docx", pages_later=lambda: pages)
    assert (tmp_path / "later.docx").read_bytes() == (tmp_path / "serial.docx").read_bytes()
    assert "\ue000" not in zipfile.ZipFile(tmp_path / "later.docx").read("word/document.xml").decode()


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork, 2 cores")
@pytest.mark.parametrize("broken", ["pdf", "docx"])
def test_a_format_failing_beside_the_other_fails_the_build_and_writes_nothing(tmp_path, monkeypatch,
                                                                              broken):
    from briefkit.errors import RenderError

    def fail(*args, **kwargs):
        raise RenderError(f"{broken} broke")

    monkeypatch.setattr(b.renderer(broken), "render", fail)
    with pytest.raises(RenderError, match=f"{broken} broke"):
        b.build(REPO, "soe", tmp_path, parallel=True)
    assert not list(tmp_path.iterdir())


def test_docx_zip_entries_have_fixed_times(packs):
    with zipfile.ZipFile(out(packs["soe"], "docx")) as z:
        assert len({i.date_time for i in z.infolist()}) == 1


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed (apt-get install qpdf)")
@pytest.mark.parametrize("name", PACKS)
def test_pdf_passes_qpdf_check(packs, name):
    r = subprocess.run(["qpdf", "--check", str(out(packs[name], "pdf"))], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
def test_docx_opens_in_libreoffice(packs, tmp_path):
    src = out(packs["soe"], "docx")
    r = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                       capture_output=True, text=True, timeout=180)
    converted = tmp_path / "soe.pdf"
    assert converted.exists() and converted.stat().st_size > 10000, r.stdout + r.stderr
    assert len(pdf_text(converted)) >= 10


def test_a_fourth_audience_needs_only_a_brief_and_templates(tmp_path):
    for folder in ("facts", "templates"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "talent.yaml").write_text(
        "audience: talent\naudience_label: 人才版\ntitle: 在徐汇工作\ndate: 2026-11-22\n"
        "theme:\n  accent: '#6A3D9A'\nchapters:\n  - welcome\n  - district_profile\n", encoding="utf-8")
    (tmp_path / "templates" / "talent").mkdir()
    (tmp_path / "templates" / "talent" / "welcome.md").write_text(
        "# 欢迎\n\n区级人才公寓总量{{ fact('talent.talent_apartments') }}。\n", encoding="utf-8")
    result = b.build(tmp_path, "talent", tmp_path / "out")
    text = squash("".join(pdf_text(out(result, "pdf"))))
    assert "一、欢迎" in text and "1万余套" in text and "55平方公里" in text  # own chapter + shared one


@pytest.mark.parametrize("name", PACKS)
def test_no_page_is_left_empty(packs, name):
    pages = pdf_text(out(packs[name], "pdf"))
    # header, footer and page number are three lines: an empty body page has no more
    assert [n for n, t in enumerate(pages, 1) if len(t.strip().splitlines()) <= 3] == []
