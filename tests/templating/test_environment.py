"""The jinja environment: errors with file:line and a hint, the sandbox, shared partials."""

import pytest

from briefkit import doc as d
from conftest import render_template as render


def test_unknown_fact_suggests_closest_id_with_its_location(project):
    _, problems = render(project, "第一行\n\n{{ fact('economy.fiscal_revnue') }}\n")
    assert problems == ["templates/soe/ch.md:3:1: error: unknown fact 'economy.fiscal_revnue'\n"
                        "  hint: did you mean 'economy.fiscal_revenue'? (facts/economy.yaml:2:5)"]


@pytest.mark.parametrize("line, col", [
    ("收入{{ fact('economy.fiscal_revenue') }}，{{ fact('economy.nope') }}。", 40),
    ("{{ fact(\"economy.nope\", cite=False) }}", 1),
    ("{% set x = fact('economy.nope') %}{{ x }}", 1),
    ("{{ fact('economy.nope@2024') }}", 1),
    ("{% for i in ['economy.nope'] %}{{ fact(i) }}{% endfor %}", 1),  # the id is not in the call
])
def test_an_unknown_fact_is_reported_at_its_call(project, line, col):
    _, problems = render(project, line + "\n")
    assert problems[0].startswith(f"templates/soe/ch.md:1:{col}: error: unknown fact 'economy.nope'")


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


def test_shared_partials_are_included(project):
    out, problems = render(project, "{% include 'shared/p.md' %}\n",
                           extra={"templates/shared/p.md": "共用{{ fact('economy.fiscal_revenue', dated=True) }}\n"})
    assert problems == [] and d.inline_text(out.blocks[0].inlines) == "共用2023年250亿元[1]"


def test_missing_include_is_reported(project):
    _, problems = render(project, "{% include 'shared/nope.md' %}\n")
    assert problems[0].startswith("templates/soe/ch.md:1: error: included template 'shared/nope.md' not found")


def test_compiled_templates_from_the_cache_give_the_same_chapter_and_error_lines(project, tmp_path,
                                                                                monkeypatch):
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path / "cache"))
    template = "# 经济\n\n财政收入{{ fact('economy.fiscal_revenue') }}。\n\n{{ fact('economy.nope') }}\n"
    cold = render(project, template)
    assert list((tmp_path / "cache" / "templates").rglob("*.cache"))  # compiled once, kept
    warm = render(project, template)
    assert warm[0].blocks == cold[0].blocks
    assert warm[1] == cold[1] and "ch.md:5" in cold[1][0]
