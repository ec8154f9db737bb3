"""Templates → document tree: facts, citations, blocks, errors with file:line, the sandbox."""

import pytest

from briefkit import doc as d
from briefkit.errors import Report
from briefkit.facts.load import load_factbase
from briefkit.templating import Templater, typed_numbers
from conftest import GOOD

LABELLED = GOOD.replace("label: 区级财政收入", "label: '区级*财政*收入 <b>&'")


def render(project, template: str, facts: str = GOOD, extra: dict | None = None):
    root = project({"facts/economy.yaml": facts, "templates/soe/ch.md": template, **(extra or {})})
    report = Report()
    t = Templater(root, load_factbase(root), "soe", report)
    out = t.build([("ch", None)])
    return out, [p.format() for p in report.problems]


def test_fact_prints_its_formatted_value_and_a_citation(project):
    out, problems = render(project, "# 经济\n\n财政收入{{ fact('economy.fiscal_revenue') }}。\n")
    assert problems == []
    assert out.blocks[0] == d.Heading(1, "一、经济", "sec-1")
    assert out.blocks[1].inlines == [d.Text("财政收入250亿元"), d.Citation(1), d.Text("。")]
    assert out.sources == ["paper"] and list(out.facts_used) == ["economy.fiscal_revenue"]


def test_fact_text_is_never_read_as_markup(project):
    out, _ = render(project, "{{ label('economy.fiscal_revenue') }}\n", LABELLED)
    assert d.inline_text(out.blocks[0].inlines) == "区级*财政*收入 <b>&"


def test_unknown_fact_suggests_closest_id_with_its_location(project):
    _, problems = render(project, "第一行\n\n{{ fact('economy.fiscal_revnue') }}\n")
    assert problems == ["templates/soe/ch.md:3: error: unknown fact 'economy.fiscal_revnue'\n"
                        "  hint: did you mean 'economy.fiscal_revenue'? (facts/economy.yaml:2:5)"]


def test_every_unknown_fact_is_reported_in_one_run(project):
    _, problems = render(project, "{{ fact('a.b') }}\n{{ fact('c.d') }}\n")
    assert [p.split(":")[1] for p in problems] == ["1", "2"]


def test_unknown_function_suggests_the_right_one(project):
    _, problems = render(project, "\n{{ fcat('economy.fiscal_revenue') }}\n")
    assert problems == ["templates/soe/ch.md:2: error: unknown name 'fcat'\n  hint: did you mean 'fact'?"]


def test_syntax_error_names_file_and_line(project):
    _, problems = render(project, "正文\n{{ fact('economy.fiscal_revenue') }\n")
    assert problems[0].startswith("templates/soe/ch.md:2: error: template syntax:")


@pytest.mark.parametrize("escape", [
    "{{ ''.__class__.__mro__ }}", "{{ fact.__globals__ }}", "{{ cycler.__init__.__globals__.os }}",
    "{{ self.__init__.__globals__ }}", "{{ fact.__self__.root }}",
])
def test_templates_cannot_reach_python_internals(project, escape):
    out, problems = render(project, escape + "\n")
    assert problems, "escape was not stopped"
    assert all(p.startswith("templates/soe/ch.md:1: error:") for p in problems)
    assert "Traceback" not in "".join(problems)


def test_key_figures_chart_and_table_become_blocks(project):
    tpl = ("{{ key_figures('economy.fiscal_revenue', title='关键') }}\n\n"
           "{{ chart('bar', '收入', ['economy.fiscal_revenue']) }}\n\n"
           "{{ facts_table('economy.fiscal_revenue', caption='数据') }}\n")
    out, problems = render(project, tpl)
    assert problems == []
    kinds = [type(b).__name__ for b in out.blocks]
    assert kinds == ["KeyFigures", "Figure", "Table"]
    assert out.blocks[0].items == [d.KeyFigure("250亿元", "区级财政收入", 1)]
    assert out.blocks[1].number == 1 and out.blocks[2].number == 1
    assert out.blocks[1].source == [d.Text("资料来源：澎湃新闻"), d.Citation(1)]


def test_chart_of_text_facts_is_an_error(project):
    text_fact = GOOD.replace("value: 250", "value: 全市第一").replace("quote: 区级财政收入达250亿元", "quote: 全市第一")
    _, problems = render(project, "{{ chart('bar', 'x', ['economy.fiscal_revenue']) }}\n", text_fact)
    assert problems == ["templates/soe/ch.md:1: error: a chart needs numbers, but economy.fiscal_revenue is text"]


def test_unknown_chart_kind_suggests_one(project):
    _, problems = render(project, "{{ chart('bars', 'x', ['economy.fiscal_revenue']) }}\n")
    assert problems == ["templates/soe/ch.md:1: error: unknown chart kind 'bars'\n  hint: did you mean 'bar'?"]


def test_shared_partials_are_included(project):
    out, problems = render(project, "{% include 'shared/p.md' %}\n",
                           extra={"templates/shared/p.md": "共用{{ fact('economy.fiscal_revenue') }}\n"})
    assert problems == [] and d.inline_text(out.blocks[0].inlines) == "共用250亿元[1]"


def test_missing_include_is_reported(project):
    _, problems = render(project, "{% include 'shared/nope.md' %}\n")
    assert problems[0].startswith("templates/soe/ch.md:1: error: included template 'shared/nope.md' not found")


def test_numbers_typed_into_prose_are_found_but_not_in_jinja_or_headings():
    src = "# 一、概况\n\n徐汇有250亿元收入，近三百家企业。\n{{ fact('economy.fiscal_revenue') }}与四大产业。\n"
    assert typed_numbers(src) == [(3, "250亿元"), (3, "三百家")]
