"""Placeholders: how facts, values and blocks travel through jinja and Markdown untouched.

Anything that comes from facts, briefs or recipients is inserted into the template output as a
private-use character pair around a number, and swapped for doc nodes only after Markdown
parsing, so such text is never read as Markdown or markup: '*', '<', '&' in a label stay
literally what they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Loc
from ..facts.model import Fact

OPEN, CLOSE = "\ue000", "\ue001"
MARK = re.compile(OPEN + r"(\d+)" + CLOSE)
CHART_KINDS = ("bar", "barh", "trend", "donut", "compare")


@dataclass
class ChartRequest:
    """A chart asked for by a template, resolved to numbers from facts."""

    kind: str
    title: str
    labels: list[str]
    facts: list[Fact]
    unit: str
    loc: Loc | None
    width: float = 0.9
    note: str = ""
    growth: list[str] = field(default_factory=list)  # per bar: '+9.71%' or '' (trend charts)
    growth_facts: list[Fact] = field(default_factory=list)  # facts the growth texts come from


@dataclass
class Lit:
    """Literal text (a brief or recipient value, or text())."""

    text: str
    bold: bool = False


@dataclass
class Bold:
    """Another placeholder's content, in bold."""

    inner: object


@dataclass
class FactUse:
    """One use of a fact: its value, label or date, with or without its citation mark."""

    fact: Fact
    cite: bool = True
    show: str = "text"  # text | count (三种) | label | as_of | dated (2025年309.25亿元) | statement | none
    loc: Loc | None = None  # the template line that asked for it
    language: str = "zh"  # the pack's: how value, label and date are printed


def fact_text(use: FactUse) -> str:
    """Return what a fact use prints (without its citation mark).

    dated: 2025年309.25亿元; statement: 2025年区级一般公共预算收入309.25亿元."""
    f = use.fact
    if use.language != "zh":
        lang = use.language
        return {"label": f.label_in(lang), "as_of": f.when_in(lang), "none": "",
                "dated": f"{f.text_in(lang)} in {f.when_in(lang)}",
                "statement": f"{f.label_in(lang)}: {f.text_in(lang)} in {f.when_in(lang)}"
                }.get(use.show, f.text_in(lang))
    if use.show == "count":
        return zh_count(f)
    return {"label": f.label, "as_of": f.as_of.zh(), "none": "",
            "dated": f"{f.as_of.zh()}{f.text()}",
            "statement": f"{f.as_of.zh()}{f.label}{f.text()}"}.get(use.show, f.text())


_ZH_DIGITS = "零一两三四五六七八九十"  # 两 before a measure word: 两种, 两个 (not 二种)


def zh_count(f) -> str:
    """Return a small count in Chinese numerals, as house style writes it: 三种, 两个, 十家.

    Only a whole number from 1 to 10 with a unit and no qualifier; anything else prints as
    fact.text() (3.5种, 约3个 and 12家 keep Arabic numerals)."""
    v = f.value
    if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 10 and f.unit and not f.qualifier:
        return ("一" if v == 1 else _ZH_DIGITS[v]) + f.unit
    return f.text()


@dataclass
class BlockUse:
    """A block asked for by a template function; it must stand on a line of its own."""

    kind: str  # chart | key_figures | facts_table | table
    payload: object
    loc: Loc | None


class Value(str):
    """A brief or recipient value inside a template: prints as a placeholder (so it is never
    read as Markdown) but compares, tests and searches like the text it stands for."""

    def __new__(cls, marker: str, text: str):
        obj = super().__new__(cls, marker)
        obj.text = text
        return obj

    def __eq__(self, other):
        return self.text == (other.text if isinstance(other, Value) else other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.text)

    def __contains__(self, item):
        return str(item) in self.text

    def __len__(self):
        return len(self.text)


class Placeholders:
    """The objects a template run has inserted, each standing for its placeholder's number."""

    def __init__(self):
        self.objects: list[object] = []

    def mark(self, obj) -> str:
        """Remember `obj` and return the placeholder that stands for it."""
        self.objects.append(obj)
        return f"{OPEN}{len(self.objects) - 1}{CLOSE}"

    def of(self, m: re.Match) -> object:
        """Return the object a placeholder match stands for."""
        return self.objects[int(m.group(1))]

    def wrap(self, value):
        """Return a brief or recipient value as literal text, never markup (dicts and lists too)."""
        if isinstance(value, str):
            return Value(self.mark(Lit(value)), value) if value else ""  # empty stays falsy
        if isinstance(value, dict):
            return {k: self.wrap(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.wrap(v) for v in value]
        return value

    def plain(self, value) -> str:
        """Return text for a caption or label, turning placeholders back into their text."""
        if value is None:
            return ""
        return MARK.sub(lambda m: text_of(self.of(m)), str(value))


def text_of(obj) -> str:
    """Return the plain text a placeholder object prints as (no citation marks)."""
    if isinstance(obj, Bold):
        return text_of(obj.inner)
    if isinstance(obj, Lit):
        return obj.text
    if isinstance(obj, FactUse):
        return fact_text(obj)
    return ""
