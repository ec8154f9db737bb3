"""Quantities no line may break: the spans the PDF keeps whole and the DOCX joins."""

from __future__ import annotations

import pytest

from briefkit.typography.numbers import join_quantities, unbreakable_spans

WJ = "\u2060"

# (why, text, the unbreakable pieces)
SPANS = [
    ("a number and a two-character unit", "突破4000亿元，", ["4000亿元"]),
    ("a compound unit", "达到1.15公里/平方公里（", ["1.15公里/平方公里"]),
    ("magnitude and measure word", "超10万张卡", ["10万张"]),
    ("an ordinal", "第3位", ["第3位"]),
    ("a percentage", "占74.45%，", ["74.45%"]),
    ("a range of years", "2021—2025年间", ["2021—2025年"]),
    ("a short range", "3—5年内", ["3—5年"]),
    ("a date is two quantities, free to break between them", "2024年9月", ["2024年", "9月"]),
    ("a lone digit is nothing to hold", "第", []),
]


@pytest.mark.parametrize("why, text, pieces", SPANS, ids=[c[0] for c in SPANS])
def test_quantities_are_found_whole(why, text, pieces):
    assert [text[s:e] for s, e in unbreakable_spans(text)] == pieces


def test_docx_joins_a_quantity_where_word_could_break_it_but_not_inside_digits():
    assert join_quantities("突破4000亿元，") == f"突破4000{WJ}亿{WJ}元，"
    assert join_quantities("2021—2025年") == f"2021{WJ}—{WJ}2025{WJ}年"
    assert join_quantities("徐汇") == "徐汇"
