"""Facts, sources and the fact base: plain values, no file formats."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..errors import Loc
from .format import format_value, split_qualifier

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


@dataclass(frozen=True, order=True)
class Point:
    """A year, month or day; comparisons use the first day it covers, `last` the last."""

    year: int
    month: int = 0  # 0: the whole year
    day: int = 0  # 0: the whole month

    @classmethod
    def parse(cls, text: str) -> "Point":
        m = _DATE.match(text.strip())
        if not m:
            raise ValueError(text)
        y, mo, d = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
        if mo and not 1 <= mo <= 12:
            raise ValueError(text)
        if d:
            dt.date(y, mo, d)  # raises ValueError for 2024-02-30
        return cls(y, mo, d)

    def last(self) -> dt.date:
        """Return the last day this point covers."""
        if self.day:
            return dt.date(self.year, self.month, self.day)
        if self.month:
            nxt = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def zh(self) -> str:
        out = f"{self.year}年"
        if self.month:
            out += f"{self.month}月"
        if self.day:
            out += f"{self.day}日"
        return out

    def en(self) -> str:
        from .format_en import when_en

        return when_en(self.year, self.month, self.year, self.month)

    def en_day(self) -> str:
        """Return the date as English prints a publication date: 22 November 2026."""
        return f"{self.day} {self.en()}" if self.day else self.en()

    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out


@dataclass(frozen=True)
class AsOf:
    """The date or period a number refers to: '2023', '2024-03', '2024-03-29' or '2021/2025'."""

    start: Point
    end: Point

    @classmethod
    def parse(cls, text: str) -> "AsOf":
        """Parse as_of text; raise ValueError if it is not one of the accepted shapes."""
        parts = str(text).split("/")
        if len(parts) == 1:
            p = Point.parse(parts[0])
            return cls(p, p)
        if len(parts) == 2:
            a, b = Point.parse(parts[0]), Point.parse(parts[1])
            if b.last() < a.last():
                raise ValueError(text)
            return cls(a, b)
        raise ValueError(text)

    def __str__(self) -> str:
        return self.start.iso() if self.start == self.end else f"{self.start.iso()}/{self.end.iso()}"

    def last(self) -> dt.date:
        """Return the last day the number refers to (for staleness and 'latest')."""
        return self.end.last()

    def zh(self) -> str:
        """Return the date as Chinese prose: 2023年, 2024年3月, 2021—2025年, 2025年10—12月."""
        if self.start == self.end:
            return self.start.zh()
        if not self.start.month and not self.end.month:
            return f"{self.start.year}—{self.end.year}年"
        if self.start.year == self.end.year and self.start.month and self.end.month \
                and not self.start.day and not self.end.day:
            return f"{self.start.year}年{self.start.month}—{self.end.month}月"
        return f"{self.start.zh()}—{self.end.zh()}"

    def en(self, short: bool = False) -> str:
        """Return the date in English: 2023, March 2024, 2021–2025 (short: Oct–Dec 2025)."""
        from .format_en import when_en

        return when_en(self.start.year, self.start.month, self.end.year, self.end.month, short)


@dataclass(frozen=True)
class Source:
    """An article the facts are taken from."""

    id: str
    title: str
    publisher: str
    printed_date: str | None
    content_date: str
    file: str
    date_note: str = ""
    loc: Loc | None = None
    short_name: str = ""
    address: str = ""  # the page's web address, where known
    title_en: str = ""  # an English gloss of the title, for English packs
    publisher_en: str = ""  # the publisher's English name, for English packs
    short_name_en: str = ""  # how English source lines name it, where the publisher is not enough

    @property
    def name(self) -> str:
        """Return how short source lines name it: short_name, else the outlet, else the whole
        title in 《》 (never a headline cut short)."""
        return self.short_name or self.publisher or f"《{self.title}》"

    def name_in(self, language: str) -> str:
        """Return how source lines name it in a pack of `language`."""
        if language != "en":
            return self.name
        return self.short_name_en or self.publisher_en or self.title_en or self.name

    def citation_in(self, language: str) -> str:
        """Return the source-list entry in a pack of `language`: in English the publisher, the
        Chinese title as published with its English gloss, and the date."""
        if language != "en":
            return self.citation()
        gloss = f" ({self.title_en})" if self.title_en else ""
        outlet = self.publisher_en or self.publisher
        parts = [f"{outlet}: 《{self.title}》{gloss}" if outlet else f"《{self.title}》{gloss}"]
        if self.printed_date:
            parts.append(Point.parse(self.printed_date).en_day())
        if self.address:
            parts.append(self.address)
        return ", ".join(parts) + "."

    def citation(self) -> str:
        """Return the entry of the 资料来源 list as a reader uses it: outlet, whole title, the
        page's date and address — each where known. Curator notes (date_note) stay out of print."""
        parts = [f"{self.publisher}：《{self.title}》" if self.publisher else f"《{self.title}》"]
        if self.printed_date:
            parts.append(Point.parse(self.printed_date).zh())
        if self.address:
            parts.append(self.address)
        return "，".join(parts) + "。"


@dataclass(frozen=True)
class Fact:
    """One number (or statement) with the words that say it, when it holds and who said it."""

    id: str
    label: str
    value: float | int | str
    as_of: AsOf
    source: str
    quote: str
    unit: str = ""
    qualifier: str = ""
    measure: str = ""
    definition: str = ""
    note: str = ""
    label_en: str = ""
    value_en: str = ""  # a worded value in English where the phrase table has none
    unit_en: str | None = None  # the English noun where the unit table's word is wrong for it
    magnitude: str = ""  # an order of magnitude as the article writes it: 千亿级, 上千家
    erratum: str = ""  # why the figure is known to be wrong in its source; never printed
    superseded_by: str = ""  # the fact to use instead of this one
    part_of: str = ""  # the measure this fact's measure is a part of (大模型企业 ⊂ 人工智能企业)
    due: AsOf | None = None  # a target's deadline, where it differs from as_of (the year it was set)
    no_deadline: bool = False  # `due: none`: the source sets the target without a deadline
    loc: Loc | None = None
    field_locs: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def at(self, key: str) -> Loc | None:
        """Return where `key` of this fact was written, or where the fact starts."""
        return self.field_locs.get(key, self.loc)

    @property
    def topic(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def is_number(self) -> bool:
        return not isinstance(self.value, str)

    @property
    def is_exact(self) -> bool:
        """Return True if the value is a number that may be drawn to scale (not 千亿级)."""
        return self.is_number and not self.magnitude

    @property
    def is_forecast(self) -> bool:
        """Return True for a forecast or target (qualifier 预计…, 目标…)."""
        return bool(self.qualifier) and (self.qualifier in ("预计", "目标")
                                         or bool(split_qualifier(self.qualifier)[0]))

    def text(self) -> str:
        """Return the value as printed in every pack and format."""
        return format_value(self.value, self.unit, self.qualifier, self.magnitude)

    def text_in(self, language: str) -> str:
        """Return the value as printed in a pack of `language` (zh, en)."""
        return _typeset_en(self.text_en() or self.text()) if language == "en" else self.text()

    def label_in(self, language: str) -> str:
        return _typeset_en(self.label_en or self.label) if language == "en" else self.label

    def when_in(self, language: str) -> str:
        return self.as_of.en() if language == "en" else self.as_of.zh()

    def text_en(self) -> str | None:
        """Return the value as printed in every English pack and format, or None if the
        English tables cannot say it (the check reports such a fact for an English brief)."""
        from .format_en import format_value_en

        if self.value_en:
            return self.value_en
        return format_value_en(self.value, self.unit, self.qualifier, self.magnitude, self.unit_en)


def _typeset_en(text: str) -> str:
    """Return English text as print sets it: an apostrophe, not a typewriter quote (China’s)."""
    return text.replace("'", "\u2019")


@dataclass
class FactBase:
    """All facts and sources; look-ups by fact id or by measure (the latest observation)."""

    facts: dict[str, Fact] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.broken: dict = {}  # ids of facts whose entries have errors → where they are
        self.broken_files: dict = {}  # topics whose file could not be read → where it failed
        self._measures: dict[str, list[Fact]] = {}
        self.parents: dict[str, str] = {}  # measure → the measure it is part of
        for f in self.facts.values():
            if f.measure:
                self._measures.setdefault(f.measure, []).append(f)
                if f.part_of:
                    self.parents[f.measure] = f.part_of
        for group in self._measures.values():
            group.sort(key=self._order)

    def _order(self, f: Fact):
        # Oldest first by the date the number refers to; at one date a forecast comes before the
        # actual figure, and an earlier article before a later one, so the last is the one to use.
        return (f.as_of.last(), f.as_of.start.iso(), not f.is_forecast,
                self._said(f), f.id)

    def _said(self, f: Fact) -> str:
        src = self.sources.get(f.source)
        if src is None:
            return ""
        try:
            return src.printed_date or AsOf.parse(src.content_date).last().isoformat()
        except ValueError:
            return ""

    def __contains__(self, ref: str) -> bool:
        if ref in self._measures:
            return bool(self.observations(ref)) or self._resolve(self._measures[ref][-1]) is not None
        return ref in self.facts and self._resolve(self.facts[ref]) is not None

    def _resolve(self, fact: Fact) -> Fact | None:
        """Follow `superseded_by` to the fact to print; None for an erratum with no replacement."""
        seen = set()
        while fact.superseded_by and fact.superseded_by in self.facts and fact.id not in seen:
            seen.add(fact.id)
            fact = self.facts[fact.superseded_by]
        return None if fact.erratum or fact.superseded_by else fact

    def get(self, ref: str) -> Fact:
        """Return the latest observation of measure `ref`, or else the fact with id `ref`.

        The measure wins when a fact carries its measure's name as its id, so that asking for
        the measure always gives the newest figure. Errata and superseded facts are never
        returned: a fact with `superseded_by` gives the fact that replaces it (followed to the
        end), and a measure skips them. An erratum without a replacement raises KeyError."""
        if ref in self._measures:
            usable = self.observations(ref)
            if usable:
                return usable[-1]
            found = self._resolve(self._measures[ref][-1])
        else:
            found = self._resolve(self.facts[ref])
        if found is None:
            raise KeyError(ref)
        return found

    def observations(self, measure: str, *, forecasts: bool = True) -> list[Fact]:
        """Return the facts of a measure that may be printed, oldest first.

        Errata and superseded facts are left out; so are forecasts with `forecasts=False`."""
        return [f for f in self._measures.get(measure, [])
                if not f.erratum and not f.superseded_by and (forecasts or not f.is_forecast)]

    def all_observations(self, measure: str) -> list[Fact]:
        """Return every fact of a measure, errata and superseded ones included, oldest first."""
        return list(self._measures.get(measure, []))

    @property
    def measures(self) -> dict[str, list[Fact]]:
        """Return every measure with all its facts (errata included), oldest first."""
        return {k: list(v) for k, v in self._measures.items()}

    def refs(self) -> list[str]:
        """Return every name a template may use: fact ids and measure ids."""
        return sorted(set(self.facts) | set(self._measures))

    def topics(self) -> list[str]:
        return sorted({f.topic for f in self.facts.values()})

    def source_of(self, fact: Fact) -> Source:
        return self.sources[fact.source]
