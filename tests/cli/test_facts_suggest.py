"""`briefkit facts suggest`: YAML to paste, JSON for scripts, comparisons with the project's fact base."""

import json

import pytest
import yaml

from briefkit.cli import main
from conftest import write
from projects import mini


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


ARTICLE = "2025年工作回顾\n完成区级财政收入309.25亿元，同比增长9.71%。2023年区级财政收入达250亿元。\n"


def test_suggest_prints_yaml_that_compares_with_the_projects_fact_base(tmp_path, capsys):
    root = mini(tmp_path)
    write(tmp_path, {"new.txt": ARTICLE})
    code, out, err = run(capsys, "--project", str(root), "facts", "suggest", str(tmp_path / "new.txt"))
    assert code == 0, err
    facts = yaml.safe_load(out)["facts"]
    assert [(f["value"], f["unit"], f["as_of"]) for f in facts] == [(309.25, "亿元", "2025"), (9.71, "%", "2025"),
                                                                   (250, "亿元", "2023")]
    assert "same measure as economy.fiscal_revenue? (it has no measure: give both one): 250亿元 (2023" in out
    assert "DUPLICATE: economy.fiscal_revenue already has this quote and value" in out
    assert err == "3 draft facts from new.txt: 2 extend a measure in the base, 1 already in it.\n"


def test_suggest_json_is_a_list_of_objects_for_scripts(tmp_path, capsys):
    write(tmp_path, {"new.txt": "去年全区新增企业1200余家，其中高新技术企业三百家。\n"})
    code, out, err = run(capsys, "--project", str(tmp_path), "facts", "suggest", str(tmp_path / "new.txt"),
                         "--format", "json", "--date", "2025-03-01")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["label"], r["value"], r["unit"], r["qualifier"], r["as_of"], r["quote"]) for r in rows] == [
        ("新增企业", 1200, "家", "余", "2024", "去年全区新增企业1200余家"),
        ("高新技术企业", 300, "家", "", "2024", "其中高新技术企业三百家")]


@pytest.mark.parametrize("argv, code, message", [
    (["missing.txt"], 1, "briefkit: error: article 'missing.txt' not found\n"
                         "  hint: give the path of a plain-text article (UTF-8), e.g. ../shared/sources/005_….txt\n"),
    (["new.txt", "--date", "去年"], 2, "briefkit: error: --date '去年' is not a date\n"
                                      "  hint: write the article's date as 2024-03-29 (or 2024-03, 2024)\n"),
    (["gbk.txt"], 1, "briefkit: error: gbk.txt: not UTF-8 text (byte 0)\n"
                     "  hint: save the article as UTF-8 plain text\n"),
], ids=["missing article", "bad date", "not UTF-8"])
def test_suggest_errors_say_what_to_do(tmp_path, capsys, monkeypatch, argv, code, message):
    write(tmp_path, {"new.txt": ARTICLE})
    (tmp_path / "gbk.txt").write_bytes("区级财政收入达250亿元。".encode("gbk"))
    monkeypatch.chdir(tmp_path)
    got, out, err = run(capsys, "facts", "suggest", *argv)
    assert (got, out, err) == (code, "", message)


def test_suggest_still_drafts_when_the_fact_base_is_broken(tmp_path, capsys):
    root = mini(tmp_path, facts="facts:\n  - id: economy.x\n")
    write(tmp_path, {"new.txt": ARTICLE})
    code, out, err = run(capsys, "--project", str(root), "facts", "suggest", str(tmp_path / "new.txt"))
    assert code == 0
    assert len(yaml.safe_load(out)["facts"]) == 3
    assert err.startswith("briefkit: warning: the fact base has 5 problem(s) (see `briefkit facts check`)")
