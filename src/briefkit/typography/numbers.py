"""Numbers with their units and affixes, which no line may break: 4000亿元, 第3, 2021—2025年.

clreq §6.1.2 ("Prohibition rules for unbreakable marks") keeps a number with the marks that
belong to it; Chinese reports extend that to the whole quantity — ordinal prefix, number, range,
magnitude (万, 亿), approximation (余, 多) and unit — so that "4000亿⏎元", "1.15公⏎里/平方公里"
and "2021—⏎2025年" never happen. Every format takes its spans from here: the PDF line breaker
forbids breaks inside them, the DOCX joins their characters with U+2060 WORD JOINER.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Units and measure words that follow a number, longest first where one starts another
# (平方公里 before 公里). One ideograph after a digit is kept anyway (see linebreak); these are
# the units of two and more characters, and the measure words that follow a magnitude (10万张).
UNITS = (
    "平方公里", "平方千米", "平方米", "立方米", "公里", "千米", "厘米", "毫米", "公顷", "千瓦时",
    "千瓦", "兆瓦", "吉瓦", "美元", "欧元", "港元", "人民币", "元", "个百分点", "百分点",
    "人次", "架次", "车次", "小时", "分钟", "平米", "周年", "年度", "季度", "个月", "余年",
    "强", "家", "个", "人", "户", "名", "位", "项", "所", "座", "栋", "幢", "层", "条",
    "张", "台", "辆", "艘", "件", "套", "批", "届", "次", "场", "种", "类", "款", "部", "篇",
    "份", "倍", "岁", "年", "月", "日", "天", "号", "期", "米", "吨", "亩", "株", "棵", "只",
    "床", "间", "处", "片", "块", "列", "路", "号线", "条线", "轮", "度",
)

_NUMBER = r"\d+(?:[.,]\d+)*[%％‰]?"
_RANGE = r"[—–\-~～至到]"  # 2021—2025, 3—5, 3~5, 3至5
_UNIT = "|".join(sorted({re.escape(u) for u in UNITS}, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"第?{_NUMBER}(?:{_RANGE}{_NUMBER})?[余多]?[十百千万亿]*[余多]?"
    rf"(?:(?:{_UNIT})(?:/(?:{_UNIT}))?)?")


@lru_cache(maxsize=4096)
def unbreakable_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return the (start, end) spans of `text` that hold a quantity no line may break inside.

    Only spans of two or more characters are returned: "4000亿元", "第3", "74.45%",
    "2021—2025年", "1.15公里/平方公里", "10万张".
    """
    return tuple((m.start(), m.end()) for m in _QUANTITY.finditer(text)
                 if m.end() - m.start() > 1)


def join_quantities(text: str, joiner: str = "\u2060") -> str:
    """Return `text` with `joiner` between the characters of every quantity where a line could
    break: between a number and an ideograph, between ideographs, around a dash or slash — not
    inside a run of digits, which no renderer breaks."""
    spans = unbreakable_spans(text)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        word = text[start:end]
        for i, ch in enumerate(word):
            if i and not (_latin(word[i - 1]) and _latin(ch)):
                out.append(joiner)
            out.append(ch)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,%")
