"""Quotes against the articles, values inside quotes, conflicts and age."""

import datetime as dt

import pytest

from briefkit.errors import Report
from briefkit.facts.check import check_age, check_conflicts, check_quotes, numbers_in, parse_age
from briefkit.facts.load import load_factbase

from conftest import GOOD


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


def test_one_measure_with_two_values_for_one_date_is_a_conflict(project):
    a = GOOD.replace("    quote:", "    measure: economy.revenue\n    quote:")
    b = a[len("facts:\n"):].replace("fiscal_revenue", "fiscal_revenue_b").replace("value: 250", "value: 251")
    base = load_factbase(project({"facts/economy.yaml": a + b}))
    report = Report()
    check_conflicts(base, report)
    assert len(report.warnings) == 1
    assert "conflicting figures for 'economy.revenue' as of 2023" in report.warnings[0].message


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
