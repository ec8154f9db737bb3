"""The one 禁则 table and the character-count wrapping of chart labels that uses it."""

from __future__ import annotations

import pytest

from briefkit.typography import (NO_END, NO_START, SQUEEZE_BEFORE, SQUEEZE_CLOSE, is_cjk,
                                 is_ideograph, wrap_label)

# (character, may start a line, may end a line)
RULES = [
    ("，", False, True), ("。", False, True), ("、", False, True), ("；", False, True),
    ("：", False, True), ("？", False, True), ("！", False, True), ("…", False, True),
    ("—", False, True), ("·", False, True), ("〜", False, True), ("%", False, True),
    ("）", False, True), ("》", False, True), ("」", False, True), ("”", False, True),
    ("’", False, True), ("】", False, True), (")", False, True), (",", False, True),
    ("（", True, False), ("《", True, False), ("「", True, False), ("“", True, False),
    ("‘", True, False), ("【", True, False), ("(", True, False),
    ("徐", True, True), ("A", True, True), ("2", True, True), ("￥", True, True),
]


@pytest.mark.parametrize("ch, may_start, may_end", RULES, ids=[r[0] for r in RULES])
def test_table_says_where_a_character_may_stand(ch, may_start, may_end):
    assert (ch not in NO_START, ch not in NO_END) == (may_start, may_end)


def test_no_character_is_forbidden_at_both_ends():
    assert not NO_START & NO_END


def test_squeezed_marks_are_closing_marks_and_squeeze_before_opening_ones():
    assert SQUEEZE_CLOSE <= NO_START
    assert SQUEEZE_BEFORE - SQUEEZE_CLOSE <= NO_END


@pytest.mark.parametrize("ch, cjk, ideograph", [
    ("徐", True, True), ("𠀀", True, True), ("，", True, False), ("ア", True, False),
    ("—", True, False), ("·", True, False), ("a", False, False), ("7", False, False),
    ("%", False, False),
])
def test_character_classes(ch, cjk, ideograph):
    assert (is_cjk(ch), is_ideograph(ch)) == (cjk, ideograph)


# (label, width, expected)
LABELS = [
    ("人工智能", 8, "人工智能"),
    ("宛南六村物业费调整的居民同意率", 8, "宛南六村物业费调\n整的居民同意率"),
    ("人工智能产业总产出（2025年）", 12, "人工智能产业总产出\n（2025年）"),
    ("一二三四，五六七八", 4, "一二三\n四，五\n六七八"),
    ("一二三（四五六七", 4, "一二三\n（四五\n六七"),
    ("2025年10—12月", 8, "2025年\n10—12月"),  # never inside a number
]


@pytest.mark.parametrize("label, width, expected", LABELS)
def test_label_wraps_into_balanced_lines(label, width, expected):
    assert wrap_label(label, width) == expected


@pytest.mark.parametrize("label", ["研发投入——同比增长", "营业收入〜百亿元级别", "重点企业“专精特新”名单",
                                   "园区面积（含规划）约九十万平方米"])
@pytest.mark.parametrize("width", [3, 4, 5, 6, 8])
def test_no_label_line_starts_or_ends_against_the_table(label, width):
    lines = wrap_label(label, width).split("\n")
    assert "".join(lines) == label
    for line in lines:
        assert line[0] not in NO_START and line[-1] not in NO_END, lines
