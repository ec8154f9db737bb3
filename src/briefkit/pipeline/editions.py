"""Checks that hold an English edition to its facts and to its Chinese edition."""

from __future__ import annotations

from ..errors import Report
from ..facts.model import Fact, FactBase


def check_english(brief, rendered, base: FactBase, report: Report) -> None:
    """Report each fact an English pack uses that cannot be said in English: no label_en, or a
    value the English formatter's tables cannot write (at the fact's file:line)."""
    for fid, loc in rendered.facts_used.items():
        f = base.facts[fid]
        where = f"the English pack '{brief.name}' uses it ({loc})" if loc else \
            f"the English pack '{brief.name}' uses it"
        if not f.label_en:
            report.error(f.at("label"), f"fact '{fid}' has no label_en; {where}",
                         f"add `label_en: …` (the English for {f.label})")
        if fid in rendered.facts_printed and f.text_en() is None:
            report.error(f.at("value"), f"fact '{fid}' ({f.text()}) cannot be written in English; {where}",
                         "add `value_en: …` for a worded value, or `unit_en: …` for a unit "
                         "facts/format_en.py does not know")


def _key(f: Fact) -> str:
    return f.measure or f.id


def newest_printed(rendered, base: FactBase) -> dict[str, Fact]:
    """Return measure (or fact id) → the newest observation a pack prints of it."""
    out: dict[str, Fact] = {}
    for fid in rendered.facts_printed:
        f = base.facts[fid]
        have = out.get(_key(f))
        if have is None or (f.as_of.last(), f.id) > (have.as_of.last(), have.id):
            out[_key(f)] = f
    return out


def check_editions(english, english_rendered, chinese, chinese_rendered, base: FactBase,
                   report: Report) -> None:
    """Report every figure the two editions print from different observations (another
    date, another article) and every fact the English edition uses that the fact base lacks."""
    for fid in english_rendered.facts_used:
        if fid not in base.facts:  # both read one fact base: holds unless a pack is built apart
            report.error(english_rendered.facts_used[fid], f"fact '{fid}' is not in the fact base")
    en = newest_printed(english_rendered, base)
    zh = newest_printed(chinese_rendered, base)
    for key in sorted(set(en) & set(zh)):
        a, b = en[key], zh[key]
        if a.id != b.id:
            report.error(english_rendered.facts_printed.get(a.id),
                         f"the English edition '{english.name}' prints {key} as {a.text_in('en')} "
                         f"({a.as_of}, {a.id}) but the Chinese edition '{chinese.name}' prints "
                         f"{b.text()} ({b.as_of}, {b.id})",
                         f"print the same observation in both: as_of='{b.as_of}' or the measure's name")
