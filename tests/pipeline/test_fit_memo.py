"""The memo of headers, footers and covers found to fit (pipeline/check.py FitMemo): a pack whose
fixed places were measured before is not measured again, and a memo that is cold, warm, damaged,
or of other texts, code or fonts reports exactly what measuring reports."""

from __future__ import annotations

import dataclasses

import pytest

from briefkit.errors import Report
from briefkit.pipeline import check
from briefkit.render.pdf import fit
from docsample import sample_document


class _Brief:
    """What check_layout reads of a brief to word its messages."""

    header = ""
    contact: list = []
    contact_locs: list = []
    locs: dict = {}
    loc = None


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "pdf-fit.json"


@pytest.fixture
def measured(monkeypatch):
    """Count the measurements (render.pdf.fit.overflows calls)."""
    calls = []
    real = fit.overflows

    def counting(document):
        calls.append(document.cover.title)
        return real(document)

    monkeypatch.setattr(fit, "overflows", counting)
    return calls


def layout(document) -> list[str]:
    report = Report()
    check.check_layout(document, _Brief(), report)
    return [p.format() for p in report.problems]


def test_a_pack_that_fits_is_measured_once(tmp_path, own_cache, measured):
    document = sample_document(tmp_path)
    assert layout(document) == [] and len(measured) == 1
    assert layout(document) == [] and len(measured) == 1  # remembered
    assert own_cache.is_file()


def test_another_title_theme_or_language_is_measured_again(tmp_path, own_cache, measured):
    document = sample_document(tmp_path)
    layout(document)
    document.cover.title += "（修订）"
    layout(document)
    document.theme = dataclasses.replace(document.theme, body_size=document.theme.body_size + 1)
    layout(document)
    document.meta.header += "·"
    layout(document)
    assert len(measured) == 4


def test_other_layout_code_or_fonts_are_measured_again(tmp_path, own_cache, measured, monkeypatch):
    document = sample_document(tmp_path)
    layout(document)
    monkeypatch.setattr(check, "code_key", lambda files, extra="": "other code")
    layout(document)
    monkeypatch.undo()
    monkeypatch.setattr(fit, "overflows", lambda doc: measured.append("again") or [])
    from briefkit import fonts

    real = fonts.prepared_path
    monkeypatch.setattr(fonts, "prepared_path", lambda role: real(role).with_name("other.ttf"))
    layout(document)
    assert len(measured) == 3


def test_a_title_too_long_is_reported_every_time_and_never_remembered(tmp_path, own_cache, measured):
    document = sample_document(tmp_path)
    document.cover.title = "徐汇区投资促进" * 40
    first = layout(document)
    assert first and "title is" in first[0]
    assert layout(document) == first and len(measured) == 2
    assert not own_cache.exists()


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"a": 1}', b"[1, 2", b"\xff\xfe"])
def test_a_damaged_memo_is_measured_again_and_repaired(tmp_path, own_cache, measured, damage):
    document = sample_document(tmp_path)
    own_cache.parent.mkdir(parents=True)
    own_cache.write_bytes(damage)
    assert layout(document) == [] and len(measured) == 1
    assert layout(document) == [] and len(measured) == 1


def test_the_memo_keeps_the_newest_keys_only(tmp_path, own_cache, measured, monkeypatch):
    monkeypatch.setattr(check.FitMemo, "KEEP", 3)
    document = sample_document(tmp_path)
    titles = [f"徐汇区{i}" for i in range(5)]
    for t in titles:
        document.cover.title = t
        layout(document)
    document.cover.title = titles[-1]
    layout(document)  # among the newest: not measured
    document.cover.title = titles[0]
    layout(document)  # forgotten: measured
    assert measured == titles + [titles[0]]


def test_a_read_only_cache_only_costs_the_measuring(tmp_path, monkeypatch, measured):
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("BRIEFKIT_CACHE", str(blocked / "cache"))  # under a file: never writable
    document = sample_document(tmp_path)
    assert layout(document) == [] and layout(document) == [] and len(measured) == 2


def test_invitation_packs_are_measured_and_not_remembered(tmp_path, own_cache, measured):
    document = sample_document(tmp_path)
    report = Report()
    check.check_layout(document, _Brief(), report, personal=True)
    check.check_layout(document, _Brief(), report, personal=True)
    assert len(measured) == 2 and not own_cache.exists()
