"""Flow figures and their periods: which numbers only mean something with their year, and the
ways a sentence may state that year.

A *flow* is an amount over a period — revenue, output, sales, growth — as opposed to a stock
counted at a moment (firms, square metres, models). 309.25亿元 of revenue is a year's revenue;
printed without its year it reads as current whatever year the reader is in. The rule:

- a number fact whose label, definition or measure names a flow word (收入, 产值, 产出, 营收,
  生产总值, GDP, 增加值, 销售, 零售, 成交, 交易额, 投资额, 税收, 利润, 增长, 增速, 增幅, 增量), or
- an amount of money (unit …元) whose label says 规模 (文化创意产业规模: a year's output), or
- a text fact whose label or value says growth (增长, 增速, 增幅: 两位数增长),

unless the label names a rank or a share (排名, 位居, 比重, 占比, 份额), which are positions, not
amounts, or the definition says 存量 (a stock). templates/README.md documents the rule.
"""

from __future__ import annotations

import re

from .model import Fact

FLOW_WORDS = ("收入", "产值", "产出", "营收", "生产总值", "GDP", "增加值", "销售", "零售", "成交",
              "交易额", "投资额", "投资总额", "税收", "利润", "增长", "增速", "增幅", "增量")
GROWTH_WORDS = ("增长", "增速", "增幅")
_NOT_FLOW = re.compile(r"排名|排位|位居|比重|占比|占全市|份额|存量")


def is_flow(fact: Fact) -> bool:
    """Return True if the fact is an amount over a period, which must be printed with its period."""
    label = fact.label
    if _NOT_FLOW.search(label) or "存量" in fact.definition:
        return False
    if not fact.is_number:
        return any(w in label or w in str(fact.value) for w in GROWTH_WORDS)
    named = f"{label}\n{fact.definition}\n{fact.measure}"
    return any(w in named for w in FLOW_WORDS) or (fact.unit.endswith("元") and "规模" in label)


def period_texts(fact: Fact, language: str = "zh") -> list[str]:
    """Return the texts any one of which, in the same sentence, states the fact's period.

    2025 → 2025年; 2024-09 → 2024年9月 or 2024年; 2021/2025 → 2021—2025年, 2021-2025年,
    2021至2025年, 2021年至2025年, and “十四五” (2021/2025 is that plan's period)."""
    a = fact.as_of
    out = [a.zh()]
    if a.start == a.end:
        if a.start.month:
            out.append(f"{a.start.year}年")
    else:
        y0, y1 = a.start.year, a.end.year
        out += [f"{y0}—{y1}年", f"{y0}-{y1}年", f"{y0}–{y1}年", f"{y0}至{y1}年", f"{y0}年至{y1}年",
                f"{y0}年—{y1}年"]
        plans = {(2021, 2025): "十四五", (2016, 2020): "十三五", (2026, 2030): "十五五"}
        if (y0, y1) in plans and not a.start.month and not a.end.month:
            out.append(plans[(y0, y1)])
    if language != "en":
        return list(dict.fromkeys(out))
    # An English pack states the period as English prints it: 2025, March 2024, 2021–2025.
    out.append(a.en())
    if a.start == a.end and a.start.month:
        out.append(str(a.start.year))
    elif a.start != a.end:
        out += [f"{a.start.year}–{a.end.year}", f"{a.start.year}-{a.end.year}"]
    return list(dict.fromkeys(out))


def states_period(fact: Fact, text: str, language: str = "zh") -> bool:
    """Return True if `text` (a sentence, a table row, a chart label) states the fact's period."""
    return any(p in text for p in period_texts(fact, language))
