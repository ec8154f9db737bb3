"""Which facts are flow figures, and the texts that state a fact's period."""

import pytest

from briefkit.facts.model import AsOf, Fact
from briefkit.facts.periods import is_flow, period_texts


def fact(label, value=1, unit="亿元", as_of="2025", definition="", measure=""):
    return Fact("t.x", label, value, AsOf.parse(as_of), "s", "q", unit=unit, definition=definition,
                measure=measure)


@pytest.mark.parametrize("f, flow", [
    (fact("区级一般公共预算收入"), True),
    (fact("规上工业总产值"), True),
    (fact("人工智能产业总产出"), True),
    (fact("地区生产总值"), True),
    (fact("社会消费品零售总额"), True),
    (fact("规模以上服务业营业收入"), True),
    (fact("文化创意产业规模"), True),  # money and 规模: a year's output
    (fact("固定资产投资总额增速", 10, "%"), True),
    (fact("区财政收入增速", "两位数增长", ""), True),
    (fact("x", 5, "%", definition="区级一般公共预算收入同比增速"), True),
    (fact("人工智能企业", 1500, "家"), False),
    (fact("备案大模型数量", 83, "个"), False),
    (fact("办公楼宇面积", 142, "万平方米"), False),
    (fact("规上工业总产值排名", "全市第一", ""), False),
    (fact("备案大模型占上海全市比重", 61, "%"), False),
    (fact("“十大计划”投入资金", 100, "亿元"), False),
    (fact("存量工业用地", 100, "公顷", definition="存量"), False),
])
def test_flow_figures_are_amounts_over_a_period(f, flow):
    assert is_flow(f) is flow


@pytest.mark.parametrize("as_of, texts", [
    ("2025", ["2025年"]),
    ("2024-09", ["2024年9月", "2024年"]),
    ("2021/2025", ["2021—2025年", "2021-2025年", "2021–2025年", "2021至2025年", "2021年至2025年",
                   "2021年—2025年", "十四五"]),
])
def test_a_period_may_be_stated_in_several_ways(as_of, texts):
    assert period_texts(fact("收入", as_of=as_of)) == texts
