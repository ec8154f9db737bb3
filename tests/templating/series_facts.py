"""A small fact base with time series, a forecast and an order of magnitude, for the tests of
latest-by-default, dates in print, passed forecasts and trend charts."""

from __future__ import annotations

SOURCES = """\
sources:
  - id: paper
    title: 测试文章
    publisher: 澎湃新闻
    printed_date: 2025-10-17
    content_date: 2025-10
    file: a.txt
  - id: report
    title: 政府工作报告
    publisher: 徐汇区人民政府
    printed_date: 2026-01-20
    content_date: 2025
    file: b.txt
"""


def entry(fid: str, label: str, value, unit: str, as_of: str, source: str = "report", **more) -> str:
    """Return one fact entry as YAML text."""
    lines = [f"  - id: {fid}", f"    label: {label}", f"    value: {value}", f"    unit: '{unit}'",
             f"    as_of: '{as_of}'", f"    source: {source}", f"    quote: '{label}{value}{unit}'"]
    lines += [f"    {k}: '{v}'" for k, v in more.items()]
    return "\n".join(lines) + "\n"


REVENUE = [
    entry("economy.revenue_2021", "区级财政收入", 220.54, "亿元", "2021", measure="economy.revenue"),
    entry("economy.revenue_2023", "区级财政收入", 250, "亿元", "2023", "paper", measure="economy.revenue"),
    entry("economy.revenue_2024", "区级一般公共预算收入", 281.87, "亿元", "2024", measure="economy.revenue"),
    entry("economy.revenue_2025", "区级一般公共预算收入", 309.25, "亿元", "2025", measure="economy.revenue"),
]
GDP = [
    entry("economy.gdp_2025_forecast", "地区生产总值", 4000, "亿元", "2025", "paper",
          qualifier="预计突破", measure="economy.gdp"),
    entry("economy.gdp_2025", "地区生产总值", 4000, "亿元", "2025", qualifier="突破", measure="economy.gdp"),
]
FORECAST_ONLY = entry("economy.output_2025_target", "产业总产出", 1200, "亿元", "2025", "paper",
                      qualifier="目标")
MAGNITUDE = entry("economy.ai_output", "人工智能产业总产出", 1000, "亿元", "2025", magnitude="千亿级")
FIRMS = [
    entry("economy.firms_2023", "人工智能企业", 300, "家", "2023", "paper", measure="economy.firms"),
    entry("economy.firms_2025", "人工智能企业", 1500, "家", "2025", qualifier="余", measure="economy.firms"),
]
AREA = entry("economy.area", "徐汇区面积", 55, "平方公里", "2024-01", "paper")


def files(*groups, chapter: str = "") -> dict[str, str]:
    """Return project files: facts/sources.yaml, facts/economy.yaml with the entries, a chapter."""
    entries = []
    for g in groups:
        entries += g if isinstance(g, list) else [g]
    out = {"facts/sources.yaml": SOURCES, "facts/economy.yaml": "facts:\n" + "".join(entries),
           "articles/b.txt": "\n"}
    if chapter:
        out["templates/soe/ch.md"] = chapter
    return out
