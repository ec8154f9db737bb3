"""The one way a fact's number is written in Chinese prose: 250亿元, 近300家, 400余名, 1万余套."""

from __future__ import annotations

import math

# Qualifiers printed before the number, and those printed between number and unit / after unit.
PREFIX_QUALIFIERS = ("约", "近", "超过", "超", "逾", "达", "突破", "不到", "预计", "目标", "累计")
INFIX_QUALIFIERS = ("余", "多")  # 400余名, 400多家: between number and unit
SUFFIX_QUALIFIERS = ("以上",)  # 10%以上: after the unit
QUALIFIERS = PREFIX_QUALIFIERS + INFIX_QUALIFIERS + SUFFIX_QUALIFIERS
# A forecast or target may carry a second qualifier after it, as the article writes it:
# 预计突破4000亿元, 预计4000亿元以上, 目标超过100家.
FORECAST_QUALIFIERS = ("预计", "目标")


def split_qualifier(qualifier: str) -> tuple[str, str]:
    """Return (forecast word, the rest): '预计突破' → ('预计', '突破'), '约' → ('', '约')."""
    for word in FORECAST_QUALIFIERS:
        if qualifier.startswith(word) and qualifier != word:
            return word, qualifier[len(word):]
    return "", qualifier


def is_qualifier(qualifier: str) -> bool:
    """Return True for a known qualifier or a forecast word followed by one (预计突破)."""
    head, rest = split_qualifier(qualifier)
    if head:
        return rest in QUALIFIERS and rest not in FORECAST_QUALIFIERS + ("累计",)
    return qualifier in QUALIFIERS

# Units that already carry a magnitude: the number stays as written (142万平方米, 250亿元).
_MAGNITUDE_CHARS = ("万", "亿")


def format_number(value: float | int, unit: str = "") -> str:
    """Return a number as Chinese prose writes it: 9877, 74.45, 1.4万, 200万, 10万."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if abs(value) >= 10000 and not unit.startswith(_MAGNITUDE_CHARS) and value % 1000 == 0:
        if abs(value) >= 10 ** 8 and value % 10 ** 7 == 0:
            return _plain(value / 10 ** 8) + "亿"
        return _plain(value / 10000) + "万"
    return _plain(value)


def _plain(value: float | int) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".")


def format_value(value, unit: str | None = None, qualifier: str | None = None,
                 magnitude: str | None = None) -> str:
    """Return a fact's value as printed everywhere: '近300家', '74.45%', '1.15公里/平方公里'.

    A magnitude ('千亿级') is printed as the article wrote it, instead of number and unit."""
    unit = unit or ""
    head, qualifier = split_qualifier(qualifier or "")
    if magnitude:
        return f"{head}{qualifier}{magnitude}"
    if isinstance(value, str):
        number = value
    else:
        number = format_number(value, unit)
    return head + _place(number, unit, qualifier)


def _place(number: str, unit: str, qualifier: str) -> str:
    if qualifier in INFIX_QUALIFIERS:
        return f"{number}{qualifier}{unit}"
    if qualifier in SUFFIX_QUALIFIERS:
        return f"{number}{unit}{qualifier}"
    return f"{qualifier}{number}{unit}"
