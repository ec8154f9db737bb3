"""Checks beyond the schema: quotes against the articles, values in quotes, conflicts, age."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from pathlib import Path

from ..errors import Loc, Report
from .model import Fact, FactBase

_ARABIC = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?(\s*年)?")


def numbers_in(text: str, unit: str = "") -> set[float]:
    """Return every number a quote states: Arabic (with 万/亿 both ways) and Chinese numerals.

    A number followed by 年 is a year, not a value, unless the unit itself is 年."""
    variants = [text]
    try:
        import cn2an

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            variants.append(cn2an.transform(text, "cn2an"))
    except Exception:  # cn2an gives up on odd input; Arabic numerals are still read
        pass
    out: set[float] = set()
    for variant in variants:
        for m in _ARABIC.finditer(variant):
            if m.group(3) and unit != "年":
                continue
            n = float(m.group(1))
            out.add(n)
            if m.group(2) == "万":
                out.add(n * 1e4)
            elif m.group(2) == "亿":
                out.add(n * 1e8)
    # A bare 百/千/万 before a measure word ("再招引百家") is a number too, where the quote
    # states no other number (千亿级 beside 923亿元 is not a value of 1000).
    if unit.startswith("亿"):  # 突破千亿元: a magnitude word in the unit the fact uses
        for word, n in (("百亿", 100.0), ("千亿", 1000.0), ("万亿", 1e4)):
            if word in text:
                out.add(n)
    if not re.search(r"\d", text):
        for ch, n in (("百", 100.0), ("千", 1000.0), ("万", 1e4)):
            if ch in text:
                out.add(n)
    return out


def value_in_quote(fact: Fact) -> bool:
    """Return True if the fact's value can be read in its quote."""
    if isinstance(fact.value, str):
        return _squash(fact.value) in _squash(fact.quote)
    v = float(fact.value)
    return any(abs(v - n) <= 1e-9 * max(1.0, abs(v)) for n in numbers_in(fact.quote, fact.unit))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def check_quotes(base: FactBase, sources_dir: Path, report: Report, shown_dir: str) -> None:
    """Check that each quote stands verbatim in its article and states the fact's value."""
    texts: dict[str, str] = {}
    for sid, src in base.sources.items():
        path = sources_dir / src.file
        if not path.is_file():
            report.error(src.loc, f"source file '{src.file}' not found in {shown_dir}",
                         "check `file:` against the names in the sources folder")
            continue
        texts[sid] = path.read_text(encoding="utf-8")
    for fact in sorted(base.facts.values(), key=lambda f: (f.loc.path, f.loc.line or 0)):
        text = texts.get(fact.source)
        if text is None:
            continue
        if fact.quote not in text:
            report.error(fact.at("quote"), f"quote of '{fact.id}' is not in {base.sources[fact.source].file}",
                         _quote_hint(fact.quote, text))
        elif not value_in_quote(fact):
            report.error(fact.at("value"), f"value {fact.value!r} of '{fact.id}' cannot be read in its quote",
                         "the quote must contain the number (三百, 1.4万 and 百分之一 count); "
                         "quote a longer span or correct the value")


def _quote_hint(quote: str, text: str) -> str:
    squashed_quote = _squash(quote)
    if squashed_quote and squashed_quote in _squash(text):
        return "the article has these words with different spaces or punctuation: copy them exactly"
    # Find the longest prefix of the quote that is in the text, to show where it diverges.
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo >= 4:
        i = text.index(quote[:lo])
        return f"the article has '{text[i:i + lo + 8].splitlines()[0]}…': the quote differs after '{quote[:lo]}'"
    return "copy the sentence from the article character for character"


def check_conflicts(base: FactBase, report: Report) -> None:
    """Warn where one measure has different figures for the same date."""
    for measure, group in sorted(base.measures.items()):
        by_date: dict[str, list[Fact]] = {}
        for f in group:
            by_date.setdefault(str(f.as_of), []).append(f)
        for when, same in by_date.items():
            values = {f.text() for f in same}
            if len(values) > 1:
                listed = "; ".join(f"{f.text()} ({f.id}, {f.loc})" for f in same)
                report.warning(same[-1].loc, f"conflicting figures for '{measure}' as of {when}: {listed}",
                               "give each a `definition:` and its own measure if they count different things")


def parse_age(text: str) -> int:
    """Return a maximum age in months from '24m', '2y' or '18'; raise ValueError otherwise."""
    m = re.fullmatch(r"\s*(\d+)\s*([my]?)\s*", text or "")
    if not m:
        raise ValueError(text)
    n = int(m.group(1))
    return n * 12 if m.group(2) == "y" else n


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


_TIMELESS = re.compile(r"首[个家批]|第一个|元年|率先|年份|起始")


def stale(fact: Fact, max_months: int, today: dt.date) -> bool:
    """Return True if the period a fact refers to ended more than `max_months` before `today`.

    Firsts and milestones ("全国首个", "2017年起") are history, not data that ages.
    """
    if _TIMELESS.search(str(fact.value)) or _TIMELESS.search(fact.label):
        return False
    return months_between(fact.as_of.last(), today) > max_months


def check_age(base: FactBase, max_months: int, today: dt.date, report: Report,
              only: set[str] | None = None, where: dict[str, Loc] | None = None) -> None:
    """Warn about facts older than `max_months` (only those in `only`, if given)."""
    for fact in sorted(base.facts.values(), key=lambda f: f.id):
        if only is not None and fact.id not in only:
            continue
        if stale(fact, max_months, today):
            loc = (where or {}).get(fact.id, fact.at("as_of"))
            report.warning(loc, f"fact '{fact.id}' refers to {fact.as_of.zh()}, older than "
                                f"{max_months} months", "look for a newer figure, or raise the limit")
