"""The Word renderer. The package: core properties, reproducible bytes, no template leftovers."""

from __future__ import annotations

import zipfile

import docx
from docsample import png, sample_document
from docxread import small

from briefkit import doc as d
from briefkit import fonts
from briefkit.render.docx import render


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
