"""Latest by default, a given date on request, and trend charts over a measure's observations."""

import pytest
from templating.series_facts import AREA, FIRMS, MAGNITUDE, REVENUE, files

from briefkit import doc as d
from briefkit.errors import Report
from briefkit.facts.load import load_factbase
from briefkit.templating import Templater


def render(project, chapter: str, *groups):
    root = project(files(*(groups or (REVENUE, FIRMS, MAGNITUDE, AREA)), chapter=chapter))
    report = Report()
    out = Templater(root, load_factbase(root), "soe", report).build([("ch", None)])
    return out, [p.format() for p in report.problems]


def text(out) -> str:
    return d.inline_text(out.blocks[0].inlines)


def test_a_measure_prints_its_newest_observation(project):
    out, problems = render(project, "{{ fact('economy.revenue', dated=True) }}\n")
    assert problems == [] and text(out) == "2025年309.25亿元[1]"


def test_an_older_observations_id_prints_the_newest_and_warns(project):
    out, problems = render(project, "{{ dated('economy.revenue_2023') }}\n")
    assert text(out) == "2025年区级一般公共预算收入309.25亿元[1]"
    assert problems == [
        "templates/soe/ch.md:1: warning: 'economy.revenue_2023' is an older observation of "
        "'economy.revenue' (250亿元, 2023年); printing the newest: 309.25亿元 (2025年)\n"
        "  hint: write 'economy.revenue' for the newest, or as_of='2023' to keep this one"]


@pytest.mark.parametrize("call, printed", [
    ("fact('economy.revenue', as_of='2024', dated=True)", "2024年281.87亿元[1]"),
    ("fact('economy.revenue', as_of=2021, dated=True)", "2021年220.54亿元[1]"),
    ("fact('economy.revenue_2023', as_of='2023', dated=True)", "2023年250亿元[1]"),
    ("fact('economy.revenue@2024', dated=True)", "2024年281.87亿元[1]"),
    ("dated('economy.firms', as_of='2023')", "2023年人工智能企业300家[1]"),
])
def test_as_of_picks_the_observation_for_that_date(project, call, printed):
    out, problems = render(project, "{{ " + call + " }}\n")
    assert problems == [] and text(out) == printed


@pytest.mark.parametrize("call, message", [
    ("fact('economy.revenue', as_of='2022')",
     "templates/soe/ch.md:1:1: error: 'economy.revenue' has no observation for 2022年\n"
     "  hint: its observations are for: 2021, 2023, 2024, 2025"),
    ("fact('economy.revenue', as_of='去年')",
     "templates/soe/ch.md:1:1: error: as_of='去年' is not a date\n"
     "  hint: write a year, month or period: as_of='2024', '2024-09', '2021/2025'"),
    ("fact('economy.area', as_of='2025')",
     "templates/soe/ch.md:1:1: error: 'economy.area' has no observation for 2025年\n"
     "  hint: its observations are for: 2024-01"),
])
def test_a_date_with_no_observation_is_an_error(project, call, message):
    _, problems = render(project, "{{ " + call + " }}\n")
    assert problems == [message]


def test_key_figures_show_the_period_under_each_figure(project):
    out, problems = render(project, "{{ key_figures('economy.revenue', 'economy.revenue@2021', 'economy.area') }}\n")
    assert problems == []
    assert [(k.value, k.period) for k in out.blocks[0].items] == [
        ("309.25亿元", "2025年"), ("220.54亿元", "2021年"), ("55平方公里", "2024年1月")]


def test_a_trend_chart_draws_a_measures_observations_by_year_with_every_source(project):
    from briefkit.pipeline.build import chart_spec

    out, problems = render(project, "{{ chart('trend', '区级财政收入', ['economy.revenue'], growth=True) }}\n")
    assert problems == []
    fig, req = out.charts[0]
    spec = chart_spec(req, d.Theme())
    assert spec.kind == "trend"
    assert spec.labels == ("2021年", "2023年", "2024年", "2025年")
    assert spec.values == (220.54, 250.0, 281.87, 309.25)
    assert spec.positions == (0.0, 2.0, 3.0, 4.0)  # 2022 is missing: a gap, not a neighbour
    assert spec.texts == ("220.54亿元", "250亿元", "281.87亿元", "309.25亿元")
    # growth only between consecutive whole years: 2021 → 2023 is two years, no rate
    assert spec.growth == ("", "", "+12.7%", "+9.7%") and spec.note == "增速按相邻年份数据计算"
    assert fig.source == [d.Text("资料来源：徐汇区人民政府"), d.Citation(1), d.Text("、澎湃新闻"), d.Citation(2)]


def test_a_trend_leaves_out_forecasts_and_keeps_one_figure_a_date(project):
    from templating.series_facts import GDP, entry

    rival = entry("economy.gdp_2025_press", "地区生产总值", 3900, "亿元", "2025", "paper", measure="economy.gdp")
    out, problems = render(project, "{{ chart('trend', 'GDP', ['economy.gdp']) }}\n", GDP + [rival])
    assert problems == []
    assert [f.id for f in out.charts[0][1].facts] == ["economy.gdp_2025"]  # the later article


@pytest.mark.parametrize("chart, message", [
    ("chart('bar', '产出', ['economy.ai_output'], dates=True)",
     "templates/soe/ch.md:1: error: 千亿级 is an order of magnitude, not a value; it cannot be drawn "
     "as a bar (economy.ai_output)\n"
     "  hint: leave it out of the chart and say it in the text: {{ fact('economy.ai_output') }}"),
    ("chart('bar', '企业', ['economy.firms@2023', 'economy.firms'])",
     "templates/soe/ch.md:1: error: the chart mixes years (2023年, 2025年) and its labels do not say "
     "which bar is from when\n"
     "  hint: add dates=True so that each label says its date, or chart figures of one year"),
    ("chart('bar', '收入', ['economy.revenue'])",
     "templates/soe/ch.md:1: error: 区级一般公共预算收入 (economy.revenue_2025) is a flow figure and "
     "the chart does not say its period (2025年)\n"
     "  hint: add dates=True, or say the year in the title"),
    ("chart('bar', '面积', ['economy.area', 'economy.revenue'], dates=True)",
     "templates/soe/ch.md:1: error: a chart cannot mix units: 亿元 and 平方公里\n"
     "  hint: chart facts measured in the same unit"),
    ("chart('bar', '收入', ['economy.revenue'], dates=True, growth=True)",
     "templates/soe/ch.md:1: error: growth= is for trend charts\n"
     "  hint: use chart('trend', …, growth=True)"),
])
def test_a_chart_refuses_what_it_cannot_draw_honestly(project, chart, message):
    _, problems = render(project, "{{ " + chart + " }}\n")
    assert problems == [message]


@pytest.mark.parametrize("chart", [
    "chart('bar', '企业', ['economy.firms@2023', 'economy.firms'], dates=True)",
    "chart('bar', '2025年收入', ['economy.revenue'])",
    "chart('bar', '企业', ['economy.firms@2023', 'economy.firms'], labels=['2023年', '2025年'])",
])
def test_a_chart_that_says_its_years_is_drawn(project, chart):
    out, problems = render(project, "{{ " + chart + " }}\n")
    assert problems == [] and len(out.charts) == 1


def test_a_magnitude_prints_as_the_source_wrote_it(project):
    out, problems = render(project, "{{ fact('economy.ai_output', dated=True) }}\n")
    assert problems == [] and text(out) == "2025年千亿级[1]"
