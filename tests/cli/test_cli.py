"""The command line: exit codes, messages for people, JSON for scripts."""

import json

import pytest

from briefkit.cli import main
from conftest import REPO, SOURCES
from projects import mini


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_facts_check_passes_on_the_repository(capsys):
    if not SOURCES.is_dir():
        pytest.skip("../shared/sources is not beside the repository")
    code, out, err = run(capsys, "--project", str(REPO), "facts", "check", "--sources", str(SOURCES))
    assert code == 0, err
    assert "quotes verified against the articles" in out


def test_facts_export_is_a_stable_json_list_with_source_files(capsys):
    code, out, _ = run(capsys, "--project", str(REPO), "facts", "export", "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data) > 100
    assert [f["id"] for f in data] == sorted(f["id"] for f in data)
    first = data[0]
    assert {"id", "label", "value", "unit", "qualifier", "as_of", "quote", "source"} <= set(first)
    assert first["source"]["file"].endswith(".txt")
    assert run(capsys, "--project", str(REPO), "facts", "export", "--format", "json")[1] == out


def test_facts_show_prints_value_source_quote_and_context(capsys):
    code, out, _ = run(capsys, "--project", str(REPO), "facts", "show", "economy.mnc_hq_rd_centres")
    assert code == 0
    for part in ("printed as: 157家", "as of:      2024-03", "quote:      跨国公司地区总部及研发中心157家", "澎湃新闻"):
        assert part in out
    if SOURCES.is_dir():
        assert "in context: 002_d6dbab393cc1181d.txt:" in out


def test_facts_show_of_a_measure_shows_its_newest_observation(capsys):
    code, out, _ = run(capsys, "--project", str(REPO), "facts", "show", "economy.fiscal_revenue")
    assert code == 0
    for part in ("economy.fiscal_revenue_2025  区级一般公共预算收入", "printed as: 309.25亿元", "as of:      2025",
                 "quote:      完成区级一般公共预算收入309.25亿元", "also: economy.fiscal_revenue_2021, "):
        assert part in out


def test_facts_find_lists_matching_facts_best_first(capsys):
    code, out, _ = run(capsys, "--project", str(REPO), "facts", "find", "人工智能企业", "--limit", "3")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].startswith("ai_industry.ai_firms_2025\terratum, use ai_industry.ai_firms_2025_10\t2025-10/2025-12\t")
    assert lines[1].startswith("ai_industry.ai_firms_2025_12\t1500余家\t2025-12\t人工智能企业（徐汇区）\t(in label")


def test_facts_find_with_no_match_says_so(capsys):
    code, out, err = run(capsys, "--project", str(REPO), "facts", "find", "不存在的词")
    assert (code, out) == (0, "")
    assert err == "no fact matches 不存在的词\n  hint: try fewer or shorter words\n"


def test_facts_show_of_an_erratum_says_why_and_shows_its_replacement(capsys):
    code, out, _ = run(capsys, "--project", str(REPO), "facts", "show", "ai_industry.ai_firms_2025")
    assert code == 0
    assert out.startswith("ai_industry.ai_firms_2025 (500余家, facts/ai_industry.yaml:")
    assert "is not used: erratum: 原文“500余家”应为“1500余家”" in out
    assert "\nai_industry.ai_firms_2025_10  人工智能企业（徐汇区）\n  printed as: 1500余家\n" in out


def test_facts_show_unknown_id_suggests_one(capsys):
    code, _, err = run(capsys, "--project", str(REPO), "facts", "show", "economy.fiscal_revnue")
    assert code == 1
    assert err == "briefkit: error: unknown fact 'economy.fiscal_revnue'\n  hint: did you mean 'economy.fiscal_revenue'?\n"


def test_facts_used_lists_the_ids_a_pack_prints_with_where_they_are_used(tmp_path, capsys):
    root = mini(tmp_path / "p")
    code, out, err = run(capsys, "--project", str(root), "facts", "used", "soe")
    assert code == 0, err
    assert out == "economy.fiscal_revenue\t区级财政收入\t250亿元\t2023\ttemplates/soe/ch.md:3\n"
    code, _, err = run(capsys, "--project", str(root), "facts", "used", "sooe")
    assert code == 2 and err == "briefkit: error: no brief 'sooe'\n  hint: did you mean 'soe'?\n"


def test_facts_list_by_topic(capsys):
    code, out, _ = run(capsys, "--project", str(REPO), "facts", "list", "--topic", "economy")
    assert code == 0 and all(line.startswith("economy.") for line in out.splitlines())


def test_bad_usage_exits_2(capsys):
    assert run(capsys, "build")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "facts", "check", "--max-age", "soon")[0] == 2


def test_check_reports_every_problem_and_writes_nothing(tmp_path, capsys):
    root = mini(tmp_path / "p", chapter="{{ fact('economy.nope') }}\n\n收入250亿元。\n\n{{ fcat('x') }}\n")
    code, _, err = run(capsys, "--project", str(root), "check")
    assert code == 1
    assert "templates/soe/ch.md:1:1: error: unknown fact 'economy.nope'" in err
    assert "templates/soe/ch.md:5: error: unknown name 'fcat'" in err or "templates/soe/ch.md" in err
    assert "templates/soe/ch.md:3:3: warning: number typed into the text: '250亿元'" in err
    assert not (tmp_path / "p" / "out").exists()


def test_strict_turns_warnings_into_errors(tmp_path, capsys):
    root = mini(tmp_path / "p", chapter="{{ fact('economy.fiscal_revenue', dated=True) }}\n\n收入250亿元。\n")
    assert run(capsys, "--project", str(root), "check")[0] == 0
    code, _, err = run(capsys, "--project", str(root), "check", "--strict")
    assert code == 1 and "error: number typed into the text" in err


def test_build_error_says_nothing_written_and_debug_shows_traceback(tmp_path, capsys):
    root = mini(tmp_path / "p", chapter="{{ fact('economy.nope') }}\n")
    code, _, err = run(capsys, "--project", str(root), "build", "soe", "--out", str(tmp_path / "o"))
    assert code == 1 and err.endswith("1 error; nothing written.\n") and "Traceback" not in err
    with pytest.raises(Exception):
        main(["--project", str(root), "--debug", "build", "soe", "--out", str(tmp_path / "o")])


def test_unknown_brief_suggests_one(tmp_path, capsys):
    root = mini(tmp_path / "p")
    code, _, err = run(capsys, "--project", str(root), "build", "soe2", "--out", str(tmp_path / "o"))
    assert code == 1 and "error: no brief named 'soe2' (briefs/soe2.yaml does not exist)\n  hint: did you mean 'soe'?" in err


def test_fonts_command_and_python_m_briefkit_fonts_print_the_prepared_files(capsys):
    import subprocess
    import sys

    from briefkit import fonts

    code, out, _ = run(capsys, "fonts")
    assert code == 0 and out == f"{fonts.prepare()}\n"
    proc = subprocess.run([sys.executable, "-m", "briefkit.fonts"], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (0, out)


def test_help_lists_every_command(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("build", "check", "facts", "site", "serve", "watch", "fonts"):
        assert f"    {command} " in out
