"""Small fact files for series, errata and conflict tests: one entry per dict, in order."""

from __future__ import annotations

ARTICLE = ("目前徐汇已集聚了500余家人工智能企业、755家大模型企业,产业总产出达千亿级规模。"
           "当前徐汇区已集聚1500余家人工智能企业。全区64个备案大模型。备案大模型83个。"
           "今年预计突破4000亿元。预计全年地区生产总值突破4000亿元。收入250亿元。收入251亿元。\n")


def entry(fid: str, value, quote: str, as_of="2025", unit="家", label="", **more) -> str:
    """Return one fact entry as YAML text (source 'paper', label from the id unless given)."""
    lines = [f"  - id: {fid}", f"    label: {label or fid.split('.')[1]}", f"    value: {value}"]
    if unit:
        lines.append(f"    unit: '{unit}'")
    lines += [f"    as_of: '{as_of}'", "    source: paper", f"    quote: '{quote}'"]
    lines += [f"    {k}: '{v}'" for k, v in more.items()]
    return "\n".join(lines) + "\n"


# The article speaks of 2025, to its December: it is dated after that, as a figure's source must be.
SOURCES = """\
sources:
  - id: paper
    title: 测试文章
    publisher: 澎湃新闻
    printed_date: 2026-01-20
    content_date: 2025
    file: a.txt
"""


def facts(*entries: str) -> dict[str, str]:
    """Return project files: one topic file `ai.yaml` holding the entries, its source and the article."""
    return {"facts/ai.yaml": "facts:\n" + "".join(entries), "facts/sources.yaml": SOURCES,
            "articles/a.txt": ARTICLE}


FIRMS_500 = entry("ai.firms_2025", 500, "目前徐汇已集聚了500余家人工智能企业", qualifier="余",
                  measure="ai.firms")
FIRMS_1500 = entry("ai.firms_2025_10", 1500, "当前徐汇区已集聚1500余家人工智能企业", as_of="2025-10",
                   qualifier="余", measure="ai.firms")
LLM_755 = entry("ai.llm_firms_2025", 755, "755家大模型企业", measure="ai.llm_firms", part_of="ai.firms")
