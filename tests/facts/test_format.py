"""One way to print a fact's number."""

import pytest

from briefkit.facts.format import format_value


@pytest.mark.parametrize("value, unit, qualifier, expected", [
    (250, "亿元", None, "250亿元"),
    (74.45, "%", None, "74.45%"),
    (142, "万平方米", "约", "约142万平方米"),
    (300, "家", "近", "近300家"),
    (200, "家", "超过", "超过200家"),
    (1.15, "公里/平方公里", None, "1.15公里/平方公里"),
    (400, "名", "余", "400余名"),
    (10000, "套", "余", "1万余套"),
    (14000, "张", "超过", "超过1.4万张"),
    (100000, "张", "超过", "超过10万张"),
    (2000000, "人次", "近", "近200万人次"),
    (9877, "户", None, "9877户"),
    (10, "%", "以上", "10%以上"),
    (400, "家", "多", "400多家"),
    (54.4, "万平方米", None, "54.4万平方米"),
    ("全国首个", None, None, "全国首个"),
    (2.70, "倍", None, "2.7倍"),
    (4000, "亿元", "预计突破", "预计突破4000亿元"),
    (4000, "亿元", "预计以上", "预计4000亿元以上"),
    (500, "家", "目标余", "目标500余家"),
])
def test_fact_values_print_as_chinese_prose_writes_them(value, unit, qualifier, expected):
    assert format_value(value, unit, qualifier) == expected


def test_non_finite_numbers_are_refused():
    with pytest.raises(ValueError):
        format_value(float("nan"), "家")


@pytest.mark.parametrize("qualifier, magnitude, expected", [
    ("", "千亿级", "千亿级"), ("达", "千亿级", "达千亿级"), ("突破", "千亿", "突破千亿"), ("", "上千家", "上千家"),
])
def test_a_magnitude_prints_as_the_article_wrote_it(qualifier, magnitude, expected):
    assert format_value(1000, "亿元", qualifier, magnitude) == expected
