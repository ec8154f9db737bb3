"""Mistakes found in review, each pinned by a test: every one used to crash or mislead."""

import http.client
import threading

import pytest

from briefkit.pipeline import build as b
from briefkit.cli import main
from briefkit.errors import BriefkitError, Report
from briefkit.facts.check import check_quotes
from briefkit.facts.load import load_factbase
from conftest import GOOD
from conftest import render_template as render
from projects import BRIEF, mini


def run(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_an_impossible_date_is_reported_at_its_line_not_a_crash(tmp_path, capsys):
    root = mini(tmp_path / "p")
    (root / "briefs/soe.yaml").write_text(BRIEF.replace("2024-03-29", "2026-13-01"), encoding="utf-8")
    code, err = run(capsys, "--project", str(root), "build", "soe", "--out", str(tmp_path / "o"))
    assert code == 1 and "briefs/soe.yaml:5:7: error: date '2026-13-01' is not a date" in err
    (root / "briefs/soe.yaml").write_text(BRIEF, encoding="utf-8")
    (root / "facts/economy.yaml").write_text(GOOD.replace("as_of: 2023", "as_of: 2023-02-30"), encoding="utf-8")
    code, err = run(capsys, "--project", str(root), "facts", "check")
    assert code == 1 and "facts/economy.yaml:6:12: error: as_of '2023-02-30' is not a date or period" in err


def test_a_year_in_the_quote_is_not_the_value(project):
    root = project({"facts/economy.yaml": GOOD.replace("value: 250", "value: 2023").replace(
        "quote: 区级财政收入达250亿元", "quote: 徐汇区级财政收入达250亿元")})
    (root / "articles/a.txt").write_text("2023年徐汇区级财政收入达250亿元\n", encoding="utf-8")
    report = Report()
    check_quotes(load_factbase(root), root / "articles", report, "articles")
    assert len(report.errors) == 1 and "cannot be read in its quote" in report.errors[0].message


def test_asking_for_a_measure_named_like_a_fact_gives_the_latest(project):
    a = GOOD.replace("    quote:", "    measure: economy.fiscal_revenue\n    quote:")
    b2 = a[len("facts:\n"):].replace("id: economy.fiscal_revenue", "id: economy.fiscal_revenue_2024") \
        .replace("as_of: 2023", "as_of: 2024").replace("value: 250", "value: 250.5")
    base = load_factbase(project({"facts/economy.yaml": a + b2}))
    assert base.get("economy.fiscal_revenue").id == "economy.fiscal_revenue_2024"


def test_build_all_builds_the_good_briefs_when_one_is_broken(tmp_path, capsys):
    root = mini(tmp_path / "p")
    (root / "briefs/a_broken.yaml").write_text(BRIEF.replace("  - ch", "  - nosuch").replace("测试版", "另一版"),
                                              encoding="utf-8")
    code, err = run(capsys, "--project", str(root), "build", "--all", "--out", str(tmp_path / "o"))
    assert code == 1 and (tmp_path / "o/soe.pdf").exists()
    assert "a_broken: not built" in err and "not built: a_broken" in err


def test_a_format_listed_twice_is_built_once(tmp_path):
    root = mini(tmp_path / "p")
    result = b.build(root, "soe", tmp_path / "o", formats=["pdf", "pdf"])
    assert [o.format for o in result.outputs] == ["pdf"]


def test_brief_values_compare_as_their_text_in_templates(project):
    from briefkit.templating import Templater

    root = project({"facts/economy.yaml": GOOD, "templates/soe/ch.md":
                    "{% if brief.audience == '央企版' %}央企{% else %}其他{% endif %}{{ text(brief.audience) }}\n"})
    report = Report()
    out = Templater(root, load_factbase(root), "soe", report, {"brief": {"audience": "央企版"}}).build([("ch", None)])
    assert report.problems == [] and out.blocks[0].inlines[0].text == "央企央企版"


def test_bold_keeps_a_facts_value_and_citation(project):
    out, problems = render(project, "{{ bold(fact('economy.fiscal_revenue', dated=True)) }}\n")
    assert problems == []
    assert out.blocks[0].inlines[0].text == "2023年250亿元" and out.blocks[0].inlines[0].bold


def test_a_template_saved_with_a_bom_keeps_its_heading(project):
    out, _ = render(project, "\ufeff# 标题\n\n正文。\n")
    assert type(out.blocks[0]).__name__ == "Heading"


@pytest.mark.parametrize("call, message", [
    ("{{ chart('donut', 'x', ['economy.fiscal_revenue']) }}",
     "a donut chart shows shares from 0 to 100%, but economy.fiscal_revenue is not a percentage"),
    ("{{ table(['a', 'b'], [['1', '2']], widths=[1]) }}",
     "widths must give a positive number for each of the 2 columns"),
    ("{{ facts_table('economy.fiscal_revenue', columns=['指标', '数值']) }}",
     "facts_table has four columns (指标, 数值, 时间, 来源); got 2 titles"),
])
def test_chart_and_table_mistakes_are_located_in_the_template(project, call, message):
    _, problems = render(project, call + "\n")
    assert problems and problems[0].startswith(f"templates/soe/ch.md:1: error: {message}")


def test_negative_values_are_refused_in_charts(project):
    _, problems = render(project, "{{ chart('bar', 'x', ['economy.fiscal_revenue']) }}\n",
                         GOOD.replace("value: 250", "value: -250"))
    assert any("cannot show negative values" in p for p in problems)


def test_a_fact_with_errors_is_named_as_such_in_templates(tmp_path, capsys):
    root = mini(tmp_path / "p", facts=GOOD.replace("as_of: 2023", "as_of: 去年"))
    code, err = run(capsys, "--project", str(root), "check")
    assert code == 1
    assert "error: fact 'economy.fiscal_revenue' has errors (see facts/economy.yaml:2:5); fix it first" in err
    assert "unknown fact" not in err


def test_a_misspelt_source_is_one_error_with_a_count(project):
    two = GOOD + GOOD[len("facts:\n"):].replace("economy.fiscal_revenue", "economy.other")
    with pytest.raises(BriefkitError) as e:
        load_factbase(project({"facts/economy.yaml": two.replace("source: paper", "source: papr")}))
    assert [p.message for p in e.value.problems] == ["unknown source 'papr' (used by 2 facts)"]


def test_a_number_with_thousands_commas_gets_a_hint(project):
    with pytest.raises(BriefkitError) as e:
        load_factbase(project({"facts/economy.yaml": GOOD.replace("value: 250", "value: 2,500")}))
    assert e.value.problems[0].hint == "write it without commas: `value: 2500`"


def test_a_caption_without_a_table_stays_a_paragraph(project):
    out, _ = render(project, "表：孤立的说明\n\n正文。\n")
    assert [type(x).__name__ for x in out.blocks] == ["Paragraph", "Paragraph"]


def test_server_refuses_other_host_names(tmp_path):
    from briefkit.serve import make_server

    (tmp_path / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    server = make_server(tmp_path, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        for host, status in ((f"127.0.0.1:{port}", 200), ("attacker.example", 421)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/", headers={"Host": host})
            assert conn.getresponse().status == status, host
            conn.close()
    finally:
        server.shutdown()
        server.server_close()


def test_a_fact_file_that_cannot_be_read_is_named_instead_of_unknown_facts(tmp_path, capsys):
    root = mini(tmp_path / "p", facts=GOOD.replace("label: 区级财政收入", "label: 区级: 财政收入"))
    code, err = run(capsys, "--project", str(root), "check")
    assert code == 1 and "unknown fact" not in err
    # the template's error follows from the YAML mistake: it is counted there, not repeated
    assert ("facts/economy.yaml:3:14: error: invalid YAML: mapping values are not allowed in this context "
            "(and 2 errors that follow from it)") in err  # fact() and period()
