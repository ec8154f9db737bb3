"""Editorial checks run on every pack and every invitation pack, as a Chinese editor reads them:
no citation mark inside a number, quotation, brackets or book title; each source once a sentence;
no marks in tables; no internal fact id, curator note, cut-off title or dateline in print; the
official short names of companies."""

from __future__ import annotations

import re

import pytest

from briefkit import doc as d
from briefkit.brief import brief_names, load_brief
from briefkit.compose import compose
from briefkit.errors import Report
from briefkit.facts.load import load_factbase
from briefkit.pipeline.invitations import plan, read_recipients
from briefkit.pipeline.names import load_names, unofficial_in
from conftest import REPO

_OPEN, _CLOSE = "“‘《（(「『【", "”’》）)」』】"


def _packs():
    base = load_factbase(REPO)
    out = {}
    for name in brief_names(REPO):
        brief = load_brief(REPO, name)
        if getattr(brief, "kind", "pack") != "pack":
            continue
        report = Report()
        out[name] = compose(REPO, base, brief, report)[0]
    soe = load_brief(REPO, "soe")
    report = Report()
    recipients = read_recipients(REPO / "briefs/recipients/soe.csv")
    for t in plan(REPO, "soe", recipients, "soe.csv", report):
        extra = [(t.chapter, t.loc)] if t.chapter else None
        out[f"soe/{t.recipient.short_name}"] = compose(REPO, base, soe, Report(), t.recipient.variables(),
                                                       extra)[0]
    return base, out


BASE, PACKS = _packs()


def running_texts(document):
    """Yield (text with [n] marks, inlines) of every paragraph and list item."""
    for b in document.blocks:
        items = [b.inlines] if isinstance(b, (d.Paragraph, d.Quote)) else b.items if isinstance(b, d.BulletList) else []
        for inl in items:
            yield "".join(f"[{x.number}]" if isinstance(x, d.Citation) else x.text for x in inl), inl


def misplaced(inlines) -> list[str]:
    """Return where a mark stands inside a number, quotation, brackets or book title."""
    text, depth, bad = "", 0, []
    for k, x in enumerate(inlines):
        if isinstance(x, d.Citation):
            nxt = next((y.text for y in inlines[k + 1:] if not isinstance(y, d.Citation)), "")
            if depth > 0:
                bad.append(f"inside an enclosure: …{text[-12:]}[{x.number}]{nxt[:6]}…")
            if text[-1:].isdigit() and nxt[:2][:1] in ".,—" and nxt[1:2].isdigit():
                bad.append(f"inside a number: …{text[-12:]}[{x.number}]{nxt[:6]}…")
            continue
        for ch in x.text:
            depth += ch in _OPEN
            depth -= ch in _CLOSE and depth > 0
        text += x.text
    return bad


def repeated_in_a_sentence(inlines) -> list[str]:
    text = "".join(f"\0{x.number}\0" if isinstance(x, d.Citation) else x.text for x in inlines)
    out = []
    for sentence in re.split(r"[。！？\n]", text):
        nums = re.findall(r"\0(\d+)\0", sentence)
        out += [f"[{n}] twice in: {sentence.replace(chr(0), '')[:40]}" for n in set(nums) if nums.count(n) > 1]
    return out


def _all_text(document) -> str:
    return document.text()  # every printed text: cover, headings, body, tables, captions, sources


@pytest.mark.parametrize("name", sorted(PACKS))
def test_no_citation_mark_inside_a_number_quotation_brackets_or_title(name):
    bad = [p for _, inl in running_texts(PACKS[name]) for p in misplaced(inl)]
    assert bad == []


@pytest.mark.parametrize("name", sorted(PACKS))
def test_each_source_is_cited_once_a_sentence_and_never_in_a_table_cell(name):
    bad = [p for _, inl in running_texts(PACKS[name]) for p in repeated_in_a_sentence(inl)]
    assert bad == []
    cells = [b.caption for b in PACKS[name].blocks if isinstance(b, d.Table)
             for row in b.rows for cell in row if any(isinstance(x, d.Citation) for x in cell)]
    assert cells == []


@pytest.mark.parametrize("name", sorted(PACKS))
def test_no_internal_id_curator_note_cut_title_or_dateline_in_print(name):
    text = _all_text(PACKS[name])
    without_addresses = re.sub(r"https?://\S+", "", text)
    assert re.findall(r"\b[a-z_]+\.[a-z0-9_]+\b", without_addresses) == []  # economy.district_area
    notes = [s.date_note for s in BASE.sources.values() if s.date_note and s.date_note in text]
    assert notes == [] and "页面未注明日期" not in text
    sources = next(b for b in PACKS[name].blocks if isinstance(b, d.SourceList))
    assert [e.text for e in sources.entries if "…" in e.text or "本报讯" in e.text or "记者" in e.text] == []
    source_lines = [d.inline_text(b.source) for b in PACKS[name].blocks
                    if isinstance(b, (d.Figure, d.Table, d.KeyFigures))]
    assert [s for s in source_lines if "…" in s] == []


@pytest.mark.parametrize("name", sorted(PACKS))
def test_companies_are_named_by_their_official_short_names(name):
    names = load_names(REPO, Report())
    text = _all_text(PACKS[name])
    assert [form for form, _ in unofficial_in(text, names)] == []
