"""A flow figure (收入, 产值, 增长 …) is printed with its period, in its sentence or table row."""

import pytest
from templating.series_facts import AREA, REVENUE, files

from briefkit.errors import Report
from briefkit.facts.load import load_factbase
from briefkit.templating import Templater

UNDATED = ("templates/soe/ch.md:{line}: error: 区级一般公共预算收入 309.25亿元 is a flow figure printed "
           "without its period (2025年) in its {where}\n"
           "  hint: say when: {{{{ dated('economy.revenue') }}}} prints 2025年区级一般公共预算收入309.25亿元, "
           "{{{{ fact('economy.revenue', dated=True) }}}} prints 2025年309.25亿元; or write "
           "{{{{ period('economy.revenue') }}}} in the same {where}")


def problems_of(project, chapter: str) -> list[str]:
    root = project(files(REVENUE, AREA, chapter=chapter))
    report = Report()
    Templater(root, load_factbase(root), "soe", report).build([("ch", None)])
    return [p.format() for p in report.problems]


@pytest.mark.parametrize("chapter, line, where", [
    ("收入{{ fact('economy.revenue') }}。\n", 1, "sentence"),
    ("# 经济\n\n收入{{ fact('economy.revenue') }}；{{ period('economy.revenue') }}如此。\n", 3, "sentence"),
    ("- 收入{{ fact('economy.revenue') }}\n", 1, "sentence"),
    ("收入{{ bold(fact('economy.revenue')) }}。\n", 1, "sentence"),
    ("2023年收入{{ fact('economy.revenue') }}。\n", 1, "sentence"),  # a typed year that is not its year
    ("{{ table(['指标', '数值'], [['收入', fact('economy.revenue')]]) }}\n", 1, "table row"),
    ("| 指标 | 数值 |\n|---|---|\n| 收入 | {{ fact('economy.revenue') }} |\n", 3, "table row"),
])
def test_a_flow_figure_without_its_period_is_an_error(project, chapter, line, where):
    assert problems_of(project, chapter) == [UNDATED.format(line=line, where=where)]


@pytest.mark.parametrize("chapter", [
    "{{ period('economy.revenue') }}收入{{ fact('economy.revenue') }}。\n",
    "收入{{ fact('economy.revenue', dated=True) }}。\n",
    "{{ dated('economy.revenue') }}，增长较快。\n",
    "收入{{ fact('economy.revenue') }}，为{{ as_of('economy.revenue') }}全年数。\n",
    "2025年，收入{{ fact('economy.revenue') }}。\n",
    "{{ table(['指标', '数值', '时间'], [['收入', fact('economy.revenue'), '']]) }}\n",
    "{{ table(['指标', '数值'], [[period('economy.revenue'), fact('economy.revenue')]]) }}\n",
    "{{ facts_table('economy.revenue') }}\n",
    "{{ key_figures('economy.revenue') }}\n",
    "面积{{ fact('economy.area') }}。\n",  # a stock, not a flow
    "{{ label('economy.revenue') }}是主要指标。\n",  # a label alone prints no figure
])
def test_a_flow_figure_with_its_period_or_a_stock_is_fine(project, chapter):
    assert problems_of(project, chapter) == []
