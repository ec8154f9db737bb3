"""Template functions: facts print their values and citation marks; blocks; a chart's checks."""

import pytest

from briefkit import doc as d
from conftest import GOOD
from conftest import render_template as render

LABELLED = GOOD.replace("label: 区级财政收入", "label: '区级*财政*收入 <b>&'")


def test_fact_prints_its_formatted_value_and_a_citation(project):
    out, problems = render(project, "# 经济\n\n{{ period('economy.fiscal_revenue') }}财政收入"
                                    "{{ fact('economy.fiscal_revenue') }}。\n")
    assert problems == []
    assert out.blocks[0] == d.Heading(1, "一、经济", "sec-1")
    assert out.blocks[1].inlines == [d.Text("2023年财政收入250亿元"), d.Citation(1), d.Text("。")]
    assert out.sources == ["paper"] and list(out.facts_used) == ["economy.fiscal_revenue"]


def test_fact_text_is_never_read_as_markup(project):
    out, _ = render(project, "{{ label('economy.fiscal_revenue') }}\n", LABELLED)
    assert d.inline_text(out.blocks[0].inlines) == "区级*财政*收入 <b>&"


def test_key_figures_chart_and_table_cite_in_their_source_line_not_on_each_value(project):
    tpl = ("{{ key_figures('economy.fiscal_revenue', title='关键') }}\n\n"
           "{{ chart('bar', '收入', ['economy.fiscal_revenue'], dates=True) }}\n\n"
           "{{ facts_table('economy.fiscal_revenue', caption='数据') }}\n")
    out, problems = render(project, tpl)
    assert problems == []
    kinds = [type(b).__name__ for b in out.blocks]
    assert kinds == ["KeyFigures", "Figure", "Table"]
    assert out.blocks[0].items == [d.KeyFigure("250亿元", "区级财政收入", None, "2023年")]
    source = [d.Text("资料来源：澎湃新闻"), d.Citation(1)]
    assert out.blocks[1].number == 1 and out.blocks[2].number == 1
    assert [b.source for b in out.blocks] == [source] * 3
    assert not any(isinstance(x, d.Citation) for row in out.blocks[2].rows for cell in row for x in cell)


def test_chart_of_text_facts_is_an_error(project):
    text_fact = GOOD.replace("value: 250", "value: 全市第一").replace("quote: 区级财政收入达250亿元", "quote: 全市第一")
    _, problems = render(project, "{{ chart('bar', 'x', ['economy.fiscal_revenue']) }}\n", text_fact)
    assert problems == ["templates/soe/ch.md:1: error: a chart needs numbers, but economy.fiscal_revenue is text"]


def test_unknown_chart_kind_suggests_one(project):
    _, problems = render(project, "{{ chart('bars', 'x', ['economy.fiscal_revenue']) }}\n")
    assert problems == ["templates/soe/ch.md:1: error: unknown chart kind 'bars'\n  hint: did you mean 'bar'?"]


@pytest.mark.parametrize("value, unit, qualifier, printed", [
    (3, "种", "", "三种"), (2, "个", "", "两个"), (1, "家", "", "一家"), (10, "所", "", "十所"),
    (12, "家", "", "12家"), (3, "个", "近", "近3个"), (3.5, "种", "", "3.5种"),
])
def test_numerals_zh_prints_small_counts_in_chinese_as_house_style_wants(project, value, unit, qualifier,
                                                                        printed):
    facts = GOOD.replace("label: 区级财政收入", "label: 推进路径").replace("value: 250", f"value: {value}").replace(
        "unit: 亿元", f"unit: {unit}" + (f"\n    qualifier: {qualifier}" if qualifier else ""))
    out, problems = render(project, "# 甲\n\n通过{{ fact('economy.fiscal_revenue', numerals='zh') }}路径推进。\n", facts)
    assert problems == []
    assert out.blocks[1].inlines[0] == d.Text(f"通过{printed}路径推进")
