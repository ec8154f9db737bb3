"""The one way a fact's number is written in English prose: RMB 30.9 billion, nearly 300 companies.

Rounding: an amount of a million or more is written in millions or billions with three
significant digits (309.25亿元 → RMB 30.9 billion, 142万平方米 → 1.42 million m²), as business
English prints large figures; smaller numbers keep every digit the source gives (74.45%, 1,500),
with thousands separators. Units, qualifiers, magnitudes and ranks come from the tables below;
nothing else in briefkit spells them, so a fact reads the same in every English pack and format.
"""

from __future__ import annotations

import math

from .format import split_qualifier

# unit → (multiplier to the English base unit, what follows the number, what precedes it).
# A count noun is plural; `value_en`/`unit_en` on a fact overrides the noun where the table's
# general word is wrong for it.
UNITS: dict[str, tuple[float, str, str]] = {
    "亿元": (1e8, "", "RMB "), "万元": (1e4, "", "RMB "), "元": (1, "", "RMB "),
    "万平方米": (1e4, " m²", ""), "平方米": (1, " m²", ""), "平方公里": (1, " km²", ""),
    "公顷": (1, " hectares", ""), "亩": (1, " mu", ""), "公里/平方公里": (1, " km per km²", ""),
    "%": (1, "%", ""), "家": (1, " companies", ""), "名": (1, " people", ""), "人": (1, " people", ""),
    "位": (1, " people", ""), "人次": (1, " visits", ""), "个": (1, "", ""), "台": (1, " units", ""),
    "项": (1, " items", ""), "件": (1, " items", ""), "场": (1, " events", ""), "所": (1, " institutions", ""),
    "套": (1, " units", ""), "张": (1, " cards", ""), "户": (1, " households", ""), "条": (1, " lines", ""),
    "倍": (1, " times", ""), "届": (1, " editions", ""), "天": (1, " days", ""), "座": (1, " buildings", ""),
    "处": (1, " sites", ""), "款": (1, " products", ""), "种": (1, " kinds", ""), "次": (1, " times", ""),
    "幅": (1, " plots", ""), "方面": (1, " areas", ""), "字": (1, " characters", ""), "年": (1, "", ""),
}
# Qualifiers: Chinese places 余/多 after the number, English puts every qualifier before it
# except 以上 ("10% or more").
QUALIFIERS: dict[str, str] = {
    "": "", "达": "", "约": "about ", "近": "nearly ", "超过": "more than ", "超": "more than ",
    "逾": "more than ", "余": "more than ", "多": "more than ", "突破": "over ", "不到": "under ",
    "累计": "a cumulative ", "以上": "",
}
SUFFIXES: dict[str, str] = {"以上": " or more"}
FORECASTS: dict[str, str] = {"预计": "expected to reach ", "目标": "a target of "}
# Orders of magnitude as the article writes them (千亿级 is no number to round).
MAGNITUDES: dict[str, str] = {"千亿级": "in the RMB 100-billion class", "千亿": "in the RMB 100-billion class"}
# Ranks and other worded values: the same Chinese words always read the same English words.
PHRASES: dict[str, str] = {
    "上海全市第一": "first in Shanghai", "全市第一": "first in Shanghai", "上海第一": "first in Shanghai",
    "全市首位": "first in Shanghai", "全市第二": "second in Shanghai",
    "中心城区第一": "first among Shanghai's central districts",
    "上海中心城区第一": "first among Shanghai's central districts",
    "中心城区首位": "first among Shanghai's central districts",
    "上海中心城区首位": "first among Shanghai's central districts",
    "上海中心城区第一位": "first among Shanghai's central districts",
    "全市区级图书馆第一": "first among Shanghai's district libraries",
    "全市前列": "among the leaders in Shanghai", "全市领先": "among the leaders in Shanghai",
    "两位数增长": "double-digit growth", "过半": "more than half", "一半以上": "more than half",
    "1/5": "one fifth", "翻番": "doubled", "清零": "eliminated",
    "全国首个": "China's first", "全国首家": "China's first", "上海首家": "Shanghai's first",
}
SINGULAR = {" people": " person", " companies": " company", " visits": " visit", " units": " unit",
            " items": " item", " events": " event", " institutions": " institution", " cards": " card",
            " households": " household", " days": " day", " buildings": " building", " years": " year"}
_UNITS_WORDS = ((1e9, "billion"), (1e6, "million"))


def phrase_en(text: str) -> str | None:
    """Return the English words for a worded value ('全市第一' → 'first in Shanghai'), or None."""
    return PHRASES.get(text)


def format_number_en(value: float | int) -> str:
    """Return a number as English prose writes it: 1,500, 74.45, 30.9 billion, 1.42 million."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    for size, word in _UNITS_WORDS:
        if abs(value) >= size:
            return f"{_significant(value / size, 3)} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    whole, _, frac = f"{value:.10f}".rstrip("0").partition(".")
    return f"{int(whole):,}.{frac}"


def _significant(x: float, digits: int) -> str:
    """Return x rounded to `digits` significant digits, trailing zeros dropped: 30.925 → 30.9."""
    if x == 0:
        return "0"
    places = max(digits - 1 - int(math.floor(math.log10(abs(x)))), 0)
    text = f"{round(x, places):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value_en(value, unit: str | None = None, qualifier: str | None = None,
                    magnitude: str | None = None, unit_en: str | None = None) -> str | None:
    """Return a fact's value in English ('RMB 30.9 billion', 'nearly 300 companies'), or None
    when a table lacks its unit, qualifier, magnitude or worded value (the check reports it)."""
    head, rest = split_qualifier(qualifier or "")
    if rest in FORECASTS:  # a bare 预计 / 目标
        head, rest = rest, ""
    if head and head not in FORECASTS or rest not in QUALIFIERS:
        return None
    lead = FORECASTS.get(head, "") + QUALIFIERS[rest]
    if magnitude:
        words = MAGNITUDES.get(magnitude)
        return lead + words if words is not None else None
    if isinstance(value, str):
        words = phrase_en(value)
        return lead + words if words is not None else None
    unit = unit or ""
    if unit not in UNITS:
        return None
    if unit == "年" and isinstance(value, int):  # a calendar year (since 2017), no separator
        return f"{lead}{value}"
    scale, after, before = UNITS[unit]
    if unit_en is not None:
        after = f" {unit_en}" if unit_en and unit_en not in ("%",) else unit_en
    number = format_number_en(value * scale if scale != 1 else value)
    if value == 1 and not rest:  # one person, one company
        after = SINGULAR.get(after, after)
    return f"{lead}{before}{number}{after}{SUFFIXES.get(rest, '')}"


# A chart's axis in English: Chinese unit → (factor from the fact's value, the axis unit).
CHART_UNITS: dict[str, tuple[float, str]] = {
    "亿元": (0.1, "RMB billion"), "万元": (0.01, "RMB million"), "万平方米": (0.01, "million m²"),
}


def chart_unit_en(unit: str) -> tuple[float, str]:
    """Return (factor, unit) to draw values of `unit` on an English chart: 亿元 → (0.1, 'RMB billion')."""
    if unit in CHART_UNITS:
        return CHART_UNITS[unit]
    scale, after, before = UNITS.get(unit, (1, unit, ""))
    return 1.0, (before + after).strip()


def when_en(start_year: int, start_month: int, end_year: int, end_month: int, short: bool = False) -> str:
    """Return a date or period in English: 2023, March 2024, 2021–2025, October–December 2025
    (short, for chart labels: Mar 2024, Oct–Dec 2025)."""
    months = tuple(m[:3] for m in _MONTHS) if short else _MONTHS

    def one(y: int, m: int) -> str:
        return f"{months[m - 1]} {y}" if m else str(y)

    if (start_year, start_month) == (end_year, end_month):
        return one(start_year, start_month)
    if not start_month and not end_month:
        return f"{start_year}–{end_year}"
    if start_year == end_year and start_month and end_month:
        return f"{months[start_month - 1]}–{months[end_month - 1]} {end_year}"
    return f"{one(start_year, start_month)} – {one(end_year, end_month)}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
