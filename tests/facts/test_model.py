"""Dates of facts as printed."""

import pytest

from briefkit.facts.model import AsOf


@pytest.mark.parametrize("text, expected", [
    ("2023", "2023年"), ("2024-03", "2024年3月"), ("2024-03-29", "2024年3月29日"), ("2021/2025", "2021—2025年"),
    ("2025-10/2025-12", "2025年10—12月"), ("2024-11/2025-02", "2024年11月—2025年2月"),
])
def test_as_of_prints_as_chinese_prose(text, expected):
    assert AsOf.parse(text).zh() == expected
