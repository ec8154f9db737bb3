"""The page numbers a document settled on, kept by its content: a warm render draws in one pass,
and cold, warm, damaged and stale caches give the bytes of a render without the cache."""

from __future__ import annotations

import json

import pytest

from briefkit import doc as d
from briefkit.render import pdf
from briefkit.render.pdf import page, settled
from docsample import sample_document


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "pdf-settled"


@pytest.fixture
def passes(monkeypatch):
    """Count multiBuild passes (Template.beforeDocument runs once a pass)."""
    counted = []
    before = page.Template.beforeDocument

    def counting(self):
        counted.append(1)
        before(self)

    monkeypatch.setattr(page.Template, "beforeDocument", counting)
    return counted


def render(document, path, record=None):
    pdf.render(document, path, record)
    return path.read_bytes()


def uncached(document, path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(settled, "load", lambda *args: None)
        m.setattr(settled, "save", lambda *args: None)
        return render(document, path)


def kept(folder):
    (only,) = folder.iterdir()
    return only


def test_a_warm_render_takes_one_pass_and_writes_the_same_bytes(tmp_path, own_cache, passes,
                                                                  monkeypatch):
    document = sample_document(tmp_path)
    plain = uncached(document, tmp_path / "plain.pdf", monkeypatch)
    del passes[:]
    cold_record, warm_record = d.LayoutRecord(), d.LayoutRecord()
    assert render(document, tmp_path / "cold.pdf", cold_record) == plain
    assert len(passes) == 2
    del passes[:]
    assert render(document, tmp_path / "warm.pdf", warm_record) == plain
    assert len(passes) == 1
    assert warm_record.anchor_pages == cold_record.anchor_pages and warm_record.pages == cold_record.pages


def _garbage(p):
    p.write_text("{", encoding="utf-8")


def _wrong_shape(p):
    p.write_text('{"tocs": 3, "pages": "x"}', encoding="utf-8")


def _wrong_numbers(p):  # the shape is right, the numbers are not: the build must find its own
    kept_ = json.loads(p.read_text(encoding="utf-8"))
    kept_["pages"] += 1
    kept_["tocs"] = [[[lvl, text, page + 1, key] for lvl, text, page, key in toc] for toc in kept_["tocs"]]
    p.write_text(json.dumps(kept_), encoding="utf-8")


def _no_tocs(p):
    p.write_text('{"tocs": [], "pages": 5}', encoding="utf-8")


@pytest.mark.parametrize("spoil", [_garbage, _wrong_shape, _wrong_numbers, _no_tocs])
def test_damaged_numbers_give_the_bytes_of_a_render_without_them(tmp_path, own_cache, monkeypatch,
                                                                  spoil):
    document = sample_document(tmp_path)
    plain = uncached(document, tmp_path / "plain.pdf", monkeypatch)
    render(document, tmp_path / "cold.pdf")
    spoil(kept(own_cache))
    assert render(document, tmp_path / "after.pdf") == plain
    assert render(document, tmp_path / "again.pdf") == plain  # the numbers found were kept


def test_numbers_kept_for_other_code_or_another_document_are_not_used(tmp_path, own_cache,
                                                                      monkeypatch):
    document = sample_document(tmp_path)
    name = settled.key(document)
    monkeypatch.setattr(settled, "_code_key", lambda: "other code")
    assert settled.key(document) != name
    monkeypatch.undo()
    document.meta.title += "（修订）"
    assert settled.key(document) != name


def test_only_the_newest_documents_numbers_are_kept(tmp_path, own_cache, monkeypatch):
    monkeypatch.setattr(settled, "KEEP", 2)
    for n in range(4):
        settled.save(f"doc{n}", [[(1, "概况", 3, "ch1")]], 9 + n)
    assert len(list(own_cache.iterdir())) == 2
    assert settled.load("doc3", 1) == ([[(1, "概况", 3, "ch1")]], 12)
