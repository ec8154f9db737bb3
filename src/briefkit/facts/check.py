"""Checks beyond the schema: quotes against the articles, values in quotes, conflicts, age."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import warnings
from pathlib import Path

from ..errors import Loc, Problem, Report
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
    """Return True if the fact's value (and magnitude, if any) can be read in its quote."""
    if fact.magnitude and _squash(fact.magnitude) not in _squash(fact.quote):
        return False
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
        elif fact.magnitude and _squash(fact.magnitude) not in _squash(fact.quote):
            report.error(fact.at("magnitude"), f"magnitude '{fact.magnitude}' of '{fact.id}' is not in its quote",
                         "write the magnitude as the article does (千亿级, 上千家)")
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


def value_range(fact: Fact) -> tuple[float, float] | None:
    """Return the lowest and highest value the fact allows, or None for text and forecasts.

    近300 is 240–300, 约300 is 270–330, 超过300 is 300 and up, 500余 is 500–600 (the next step of
    its last digit), 不到1 is 0–1, and a magnitude (千亿级, value 1000) is 1000–10000."""
    if not fact.is_number or fact.is_forecast:
        return None
    v, q = float(fact.value), fact.qualifier
    if fact.magnitude:
        return (v, v * 10)
    if q in ("", "达", "累计"):
        return (v, v)
    if q == "约":
        return (v * 0.9, v * 1.1)
    if q == "近":
        return (v * 0.8, v)
    if q in ("超过", "超", "逾", "突破", "以上"):
        return (v, math.inf)
    if q in ("余", "多"):
        return (v, v + _last_step(v))
    if q == "不到":
        return (0.0, v)
    return None


def _last_step(v: float) -> float:
    """Return the place value of the last non-zero digit: 500 → 100, 1500 → 100, 10000 → 10000."""
    if v <= 0 or not float(v).is_integer():
        return 1.0
    step, n = 1, int(v)
    while n % 10 == 0:
        n //= 10
        step *= 10
    return float(step)


def _span(fact: Fact) -> tuple[dt.date, dt.date]:
    start = fact.as_of.start
    return dt.date(start.year, start.month or 1, start.day or 1), fact.as_of.last()


def _long(fact: Fact) -> bool:
    return fact.as_of.start.year != fact.as_of.end.year


def same_time(a: Fact, b: Fact) -> bool:
    """Return True if two facts speak of the same time: the same as_of, or dates that overlap.

    A period of several years (2021/2025) is compared only with the same period: a total for
    the 十四五 says nothing about one year inside it."""
    if a.as_of == b.as_of:
        return True
    if _long(a) or _long(b):
        return False
    (a0, a1), (b0, b1) = _span(a), _span(b)
    return a0 <= b1 and b0 <= a1


def _comparable(group: list[Fact]) -> list[Fact]:
    return [f for f in group if not f.erratum and value_range(f) is not None]


def _where(base: FactBase, f: Fact) -> str:
    src = base.sources.get(f.source)
    return f"{f.text()} as of {f.as_of} ({f.id}, {src.file if src else f.source}, {f.loc})"


def check_conflicts(base: FactBase, report: Report) -> None:
    """Report figures that cannot all be true: one measure, subsets, repeated facts.

    One call for `facts check` and `briefkit check`: measure conflicts, part_of, duplicates."""
    report.extend(measure_conflicts(base))
    report.extend(part_of_conflicts(base))
    report.extend(duplicate_facts(base))


# At overlapping dates (2025-10 inside 2025) a figure may have moved between the two moments;
# one more than half again the other is not that.
DRIFT = 1.5


def measure_conflicts(base: FactBase) -> list[Problem]:
    """Warn where two observations of one measure, at the same or overlapping dates, disagree.

    At the same as_of their ranges must meet (500余 and 1500余 cannot both be the 2025 count).
    At dates that only overlap (2025-10 and 2025) a count may have grown in between, so they
    conflict only if one is more than DRIFT times the other. Errata, forecasts and text values
    are not compared."""
    out = []
    for measure, group in sorted(base.measures.items()):
        facts = _comparable(group)  # oldest first, the order `get` uses
        for i, a in enumerate(facts):
            for b in facts[i + 1:]:
                if a.unit != b.unit or not same_time(a, b):
                    continue
                (alo, ahi), (blo, bhi) = value_range(a), value_range(b)
                factor = 1.0 if a.as_of == b.as_of else DRIFT
                if alo > bhi * factor or blo > ahi * factor:
                    out.append(Problem(
                        b.loc, f"conflicting figures for '{measure}': {_where(base, a)} and "
                        f"{_where(base, b)} cannot both be true",
                        "if they count different things, give each its own measure and `definition:`; "
                        "if one is wrong in its source, mark it `erratum:` with the reason and "
                        "`superseded_by:` the fact to use", "warning"))
    return out


def part_of_conflicts(base: FactBase) -> list[Problem]:
    """Warn where a measure declared `part_of` another is larger than it at the same date."""
    out = []
    for measure, parent in sorted(base.parents.items()):
        for a in _comparable(base.all_observations(measure)):
            for b in _comparable(base.all_observations(parent)):
                if a.unit != b.unit or not same_time(a, b):
                    continue
                if value_range(a)[0] > value_range(b)[1]:
                    out.append(Problem(
                        a.loc, f"'{measure}' is part of '{parent}' but larger: {_where(base, a)} "
                        f"against {_where(base, b)}",
                        "one of the two figures is wrong or they count different things: mark the "
                        "wrong one `erratum:`, or drop `part_of:`", "warning"))
    return out


def duplicate_facts(base: FactBase) -> list[Problem]:
    """Warn where a fact repeats an earlier fact's source, quote and value.

    Facts drawn from one sentence that lists several things (数字经济、生命健康…保持两位数增长)
    are not duplicates: their labels name different words of the quote."""
    out = []
    seen: dict[tuple, list[Fact]] = {}
    for f in sorted(base.facts.values(), key=lambda f: ((f.loc.path, f.loc.line or 0) if f.loc else ("", 0), f.id)):
        key = (f.source, _squash(f.quote), str(f.value), f.unit, f.magnitude)
        for first in seen.get(key, []):
            mine, theirs = _named(f.label, f.quote), _named(first.label, first.quote)
            if mine <= theirs or theirs <= mine:
                out.append(Problem(
                    f.loc, f"'{f.id}' repeats '{first.id}' ({first.loc}): same quote and value {f.text()}",
                    f"use '{first.id}' instead, or say in the label what makes this one different",
                    "warning"))
                break
        seen.setdefault(key, []).append(f)
    return out


def _named(label: str, quote: str) -> set[str]:
    """Return the two-character pieces of the label that stand in the quote."""
    label, quote = _squash(label), _squash(quote)
    return {label[i:i + 2] for i in range(len(label) - 1) if label[i:i + 2] in quote}


def forecast_passed(fact: Fact, today: dt.date) -> bool:
    """Return True for a forecast or target (预计, 目标) whose period ended before `today`: its
    `due:` date where it has one, else its as_of; never for a target set without a deadline."""
    if not fact.is_forecast or fact.no_deadline:
        return False
    return (fact.due or fact.as_of).last() < today


def stale_forecast(base: FactBase, fact: Fact, today: dt.date) -> Fact | None:
    """Return the actual figure for a forecast whose period has passed, or None.

    The actual is the newest observation of the same measure that is not a forecast and speaks
    of the same time as the forecast (2025 for a 2025 forecast; 2025-12 counts too). None also
    when the forecast has not passed, or when no actual figure is in the base yet: ask
    `forecast_passed` to tell these apart."""
    if not forecast_passed(fact, today) or not fact.measure:
        return None
    actual = [o for o in base.observations(fact.measure, forecasts=False) if same_time(o, fact)]
    return actual[-1] if actual else None


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


def _has_current_successor(base: FactBase, fact, max_months: int, today: dt.date) -> bool:
    """True if a newer observation of the fact's measure is itself within the age limit."""
    return bool(fact.measure) and any(
        f.as_of.last() > fact.as_of.last() and not stale(f, max_months, today)
        for f in base.observations(fact.measure, forecasts=False))


def check_age(base: FactBase, max_months: int, today: dt.date, report: Report,
              only: set[str] | None = None, where: dict[str, Loc] | None = None) -> None:
    """Warn about facts older than `max_months` (only those in `only`, if given).

    An older point of a measure whose newest observation is within the limit is history, not a
    stale figure: a trend chart shows 2021 beside 2025, and `as_of=` asks for a past year on purpose.
    """
    for fact in sorted(base.facts.values(), key=lambda f: f.id):
        if only is not None and fact.id not in only:
            continue
        if stale(fact, max_months, today) and not _has_current_successor(base, fact, max_months, today):
            loc = (where or {}).get(fact.id, fact.at("as_of"))
            report.warning(loc, f"fact '{fact.id}' refers to {fact.as_of.zh()}, older than "
                                f"{max_months} months", "look for a newer figure, or raise the limit")
