"""Quotes against the articles, values inside quotes, conflicts and age."""

import datetime as dt
import math

import pytest

from briefkit.errors import Report
from briefkit.facts.check import check_age, check_conflicts, check_quotes, numbers_in, parse_age, value_range
from briefkit.facts.load import load_factbase

from conftest import GOOD
from facts.series import FIRMS_500, FIRMS_1500, LLM_755, entry, facts


def run_quotes(root):
    base = load_factbase(root)
    report = Report()
    check_quotes(base, root / "articles", report, "articles")
    return [p.format() for p in report.problems]


def test_verbatim_quote_with_its_value_passes(project):
    assert run_quotes(project({"facts/economy.yaml": GOOD})) == []


def test_quote_not_in_article_is_an_error_with_where_it_differs(project):
    got = run_quotes(project({"facts/economy.yaml": GOOD.replace("达250亿元", "为250亿元")}))
    assert got == ["facts/economy.yaml:8:12: error: quote of 'economy.fiscal_revenue' is not in a.txt\n"
                   "  hint: the article has '区级财政收入达250亿元,汇…': the quote differs after '区级财政收入'"]


def test_quote_with_other_punctuation_gets_a_specific_hint(project):
    text = GOOD.replace("quote: 区级财政收入达250亿元", "quote: 达250亿元，汇聚了")
    got = run_quotes(project({"facts/economy.yaml": text}))
    assert got[0].endswith("hint: the article has these words with different spaces or punctuation: "
                           "copy them exactly")


def test_value_not_in_quote_is_an_error(project):
    got = run_quotes(project({"facts/economy.yaml": GOOD.replace("value: 250", "value: 260")}))
    assert got[0].startswith("facts/economy.yaml:4:12: error: value 260 of 'economy.fiscal_revenue' "
                             "cannot be read in its quote")


@pytest.mark.parametrize("quote, value", [
    ("汇聚了上下游企业近三百家", 300), ("面积不到上海总面积的百分之一", 1), ("超过10万张卡", 100000),
    ("新增读者证超过1.4万张", 14000), ("再招引百家大模型优质企业", 100), ("联合九大算力供应商", 9),
    ("去化率为74.45%", 74.45),
])
def test_numbers_are_read_in_arabic_and_chinese_numerals(quote, value):
    assert value in numbers_in(quote)


def test_missing_source_file_is_reported(project):
    root = project({"facts/economy.yaml": GOOD})
    (root / "articles" / "a.txt").unlink()
    assert run_quotes(root) == ["facts/sources.yaml:2:5: error: source file 'a.txt' not found in articles\n"
                                "  hint: check `file:` against the names in the sources folder"]


def conflicts(root):
    report = Report()
    check_conflicts(load_factbase(root), report)
    return [p.format() for p in report.problems]


HINT_MEASURE = ("  hint: if they count different things, give each its own measure and `definition:`; if one is "
                "wrong in its source, mark it `erratum:` with the reason and `superseded_by:` the fact to use")
HINT_PART = ("  hint: one of the two figures is wrong or they count different things: mark the wrong one "
             "`erratum:`, or drop `part_of:`")
A_500 = "500余家 as of 2025 (ai.firms_2025, a.txt, facts/ai.yaml:2:5)"
A_1500 = "1500余家 as of 2025-10 (ai.firms_2025_10, a.txt, facts/ai.yaml:11:5)"
REV_250 = entry("ai.rev", 250, "收入250亿元", as_of="2023", unit="亿元", measure="ai.revenue")
REV_251 = entry("ai.rev_b", 251, "收入251亿元", as_of="2023", unit="亿元", measure="ai.revenue")

CONFLICTS = [
    ("two figures for one date", [REV_250, REV_251],
     ["facts/ai.yaml:10:5: warning: conflicting figures for 'ai.revenue': 250亿元 as of 2023 (ai.rev, a.txt, "
      "facts/ai.yaml:2:5) and 251亿元 as of 2023 (ai.rev_b, a.txt, facts/ai.yaml:10:5) cannot both be true\n"
      + HINT_MEASURE]),
    ("different years do not conflict", [REV_250, REV_251.replace("'2023'", "'2024'")], []),
    ("500余 against 1500余 at overlapping dates", [FIRMS_500, FIRMS_1500],
     [f"facts/ai.yaml:2:5: warning: conflicting figures for 'ai.firms': {A_1500} and {A_500} cannot both be "
      "true\n" + HINT_MEASURE]),
    ("a count that grows within the year is no conflict",
     [entry("ai.llms_2025", 64, "全区64个备案大模型", unit="个", measure="ai.llms"),
      entry("ai.llms_2025_12", 83, "备案大模型83个", as_of="2025-12", unit="个", measure="ai.llms")], []),
    ("ranges that meet are no conflict",
     [FIRMS_1500, FIRMS_1500.replace("firms_2025_10", "firms_b").replace("1500, ", "1500, ")
      .replace("value: 1500", "value: 1550").replace("1500余家", "1500余家")], []),
    ("an erratum is not compared", [FIRMS_500 + "    erratum: 丢了一位\n", FIRMS_1500], []),
    ("a subset larger than its set", [FIRMS_500, LLM_755],
     ["facts/ai.yaml:11:5: warning: 'ai.llm_firms' is part of 'ai.firms' but larger: 755家 as of 2025 "
      "(ai.llm_firms_2025, a.txt, facts/ai.yaml:11:5) against " + A_500 + "\n" + HINT_PART]),
    ("a subset below its set", [FIRMS_1500, LLM_755], []),
    ("a repeated quote and value", [FIRMS_1500, FIRMS_1500.replace("ai.firms_2025_10", "ai.firms_again")],
     ["facts/ai.yaml:11:5: warning: 'ai.firms_again' repeats 'ai.firms_2025_10' (facts/ai.yaml:2:5): same "
      "quote and value 1500余家\n  hint: use 'ai.firms_2025_10' instead, or say in the label what makes this "
      "one different"]),
    ("one sentence listing several things is no repeat",
     [entry("ai.digital_growth", "两位数增长", "数字经济、生命健康产业保持两位数增长", unit="", label="数字经济产业增速"),
      entry("ai.health_growth", "两位数增长", "数字经济、生命健康产业保持两位数增长", unit="", label="生命健康产业增速")],
     []),
]


@pytest.mark.parametrize("case, entries, expected", CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_figures_that_cannot_all_be_true_are_warned_about_with_both_sources(project, case, entries, expected):
    files = facts(*entries)
    files["articles/a.txt"] += "数字经济、生命健康产业保持两位数增长。当前徐汇区已集聚1550余家人工智能企业。\n"
    assert conflicts(project(files)) == expected


@pytest.mark.parametrize("value, qualifier, magnitude, expected", [
    (250, "", "", (250, 250)), (300, "近", "", (240, 300)), (300, "约", "", (270, 330)),
    (500, "余", "", (500, 600)), (1500, "余", "", (1500, 1600)), (10000, "余", "", (10000, 20000)),
    (200, "超过", "", (200, math.inf)), (1, "不到", "", (0, 1)), (1000, "达", "千亿级", (1000, 10000)),
    (4000, "预计突破", "", None), ("全市第一", "", "", None),
])
def test_each_qualifier_allows_a_range_of_values(value, qualifier, magnitude, expected):
    from briefkit.facts.model import AsOf, Fact

    f = Fact("ai.x", "x", value, AsOf.parse("2025"), "paper", "x", qualifier=qualifier, magnitude=magnitude)
    got = value_range(f)
    assert got == expected if expected is None else got == pytest.approx(expected)


def test_old_facts_are_warned_about():
    from briefkit.facts.model import AsOf, Fact, FactBase

    f = Fact("economy.x", "x", 1, AsOf.parse("2021/2022"), "paper", "1")
    report = Report()
    check_age(FactBase({"economy.x": f}), parse_age("24m"), dt.date(2025, 1, 31), report)
    assert len(report.warnings) == 1 and "older than 24 months" in report.warnings[0].message
    report = Report()
    check_age(FactBase({"economy.x": f}), parse_age("3y"), dt.date(2025, 1, 31), report)
    assert report.warnings == []


def test_the_real_fact_base_passes_the_checker():
    from conftest import REPO, SOURCES

    if not SOURCES.is_dir():
        pytest.skip("../shared/sources is not beside the repository")
    base = load_factbase(REPO)
    report = Report()
    check_quotes(base, SOURCES, report, str(SOURCES))
    assert report.errors == []
    assert len(base.facts) > 100


def test_the_real_fact_base_carries_the_2025_figures_and_no_unresolved_conflict():
    from conftest import REPO

    base = load_factbase(REPO)
    assert base.get("economy.fiscal_revenue").text() == "309.25亿元"
    assert base.get("ai_industry.ai_firms_2025").text() == "1500余家"  # 001's 500余家 is an erratum
    assert base.get("ai_industry.registered_llms").text() == "83个"
    assert [f.text() for f in base.observations("ai_industry.registered_llms")] == [
        "23个", "34个", "62个", "64个", "83个"]
    report = Report()
    check_conflicts(base, report)
    assert report.problems == []


def test_an_older_point_of_a_current_series_is_history_not_stale():
    from briefkit.facts.model import AsOf, Fact, FactBase

    old = Fact("economy.rev_2021", "收入", 220, AsOf.parse("2021"), "paper", "220", measure="economy.rev")
    new = Fact("economy.rev_2025", "收入", 309, AsOf.parse("2025"), "paper", "309", measure="economy.rev")
    today, limit = dt.date(2026, 11, 22), parse_age("48m")
    report = Report()
    check_age(FactBase({f.id: f for f in (old, new)}), limit, today, report)
    assert report.warnings == []
    # Without the newer point the 2021 figure is the newest there is: that is stale.
    report = Report()
    check_age(FactBase({old.id: old}), limit, today, report)
    assert len(report.warnings) == 1 and "economy.rev_2021" in report.warnings[0].message
