"""The English formatter: one table of inputs and what every English pack prints."""

import pytest

from briefkit.facts.format_en import format_number_en, format_value_en
from briefkit.facts.model import AsOf


@pytest.mark.parametrize("value, unit, qualifier, magnitude, expected", [
    (309.25, "亿元", "", "", "RMB 30.9 billion"),
    (142, "万平方米", "", "", "1.42 million m²"),
    (300, "家", "近", "", "nearly 300 companies"),
    (400, "名", "余", "", "more than 400 people"),
    (74.45, "%", "", "", "74.45%"),
    (1000, "亿元", "达", "千亿级", "in the RMB 100-billion class"),
    (1500, "家", "余", "", "more than 1,500 companies"),
    (4000, "亿元", "预计突破", "", "expected to reach over RMB 400 billion"),
    (100, "家", "目标", "", "a target of 100 companies"),
    (10, "%", "以上", "", "10% or more"),
    (30, "万字", "约", "", None),  # a unit the table lacks: the check reports it
    (5000, "万元", "", "", "RMB 50 million"),
    (1.15, "公里/平方公里", "", "", "1.15 km per km²"),
    (2017, "年", "", "", "2017"),
    ("全市第一", "", "", "", "first in Shanghai"),
    ("中心城区第一", "", "", "", "first among Shanghai's central districts"),
    ("一个没有译名的短语", "", "", "", None),
])
def test_value_reads_as_an_english_investment_guide_prints_it(value, unit, qualifier, magnitude, expected):
    assert format_value_en(value, unit, qualifier, magnitude) == expected


@pytest.mark.parametrize("value, expected", [
    (9877, "9,877"), (74.45, "74.45"), (30.925e9, "30.9 billion"), (1.42e6, "1.42 million"),
    (2.8188e10, "28.2 billion"), (1e8, "100 million"), (999999, "999,999"), (0.5, "0.5"),
])
def test_numbers_get_thousands_separators_and_three_significant_digits_from_a_million(value, expected):
    assert format_number_en(value) == expected


@pytest.mark.parametrize("as_of, expected", [
    ("2023", "2023"), ("2024-03", "March 2024"), ("2021/2025", "2021–2025"),
    ("2025-10/2025-12", "October–December 2025"),
])
def test_dates_read_in_english(as_of, expected):
    assert AsOf.parse(as_of).en() == expected


def test_a_fact_reads_the_same_english_wherever_it_is_printed():
    from briefkit.facts.model import Fact

    f = Fact("x.y", "区级收入", 309.25, AsOf.parse("2025"), "s", "q", unit="亿元", label_en="Revenue")
    assert f.text_en() == "RMB 30.9 billion" == format_value_en(309.25, "亿元")
    assert Fact("x.z", "l", 60, AsOf.parse("2024"), "s", "q", unit="家", unit_en="investors").text_en() \
        == "60 investors"
