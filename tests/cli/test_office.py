"""The office's week: a new audience from the starter, briefs named as people name them, make help."""

import re
import shutil
import subprocess

import pytest

from briefkit.brief import suggest_name
from briefkit.cli import main
from conftest import REPO


@pytest.fixture
def copy(tmp_path):
    """A copy of the project's briefs, templates and facts (no outputs), to add files to."""
    root = tmp_path / "project"
    for part in ("briefs", "templates", "facts"):
        shutil.copytree(REPO / part, root / part)
    return root


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_audience_writes_a_brief_and_templates_that_build_at_once(copy, capsys):
    code, out, err = run(capsys, "--project", str(copy), "new", "audience", "university", "--label", "高校人才版")
    assert code == 0, err
    assert out.splitlines() == [
        "wrote briefs/university.yaml", "wrote templates/university/overview.md",
        "wrote templates/university/contact.md", "wrote templates/university/README.md",
        "next: edit briefs/university.yaml and templates/university/, then `make brief AUDIENCE=university` "
        "(builds as it is)"]
    brief = (copy / "briefs/university.yaml").read_text(encoding="utf-8")
    assert "audience_label: 高校人才版" in brief and "# " in brief  # commented for whoever edits it next
    code, _, err = run(capsys, "--project", str(copy), "build", "university", "--out", str(copy / "out"))
    assert code == 0, err
    assert "warning" not in err and (copy / "out/university.pdf").is_file()
    code, _, err = run(capsys, "--project", str(copy), "check")
    assert code == 0 and "templates/university" not in err


def test_new_audience_never_overwrites(copy, capsys):
    (copy / "templates/university").mkdir()
    before = sorted(p.name for p in (copy / "briefs").iterdir())
    code, _, err = run(capsys, "--project", str(copy), "new", "audience", "university")
    assert code == 1
    assert err.splitlines()[0] == "templates/university: error: already exists; nothing written"
    assert sorted(p.name for p in (copy / "briefs").iterdir()) == before
    code, _, err = run(capsys, "--project", str(copy), "new", "audience", "soe")
    assert code == 1 and err.startswith("briefs/soe.yaml: error: already exists; nothing written")


def test_new_audience_with_a_chinese_name_suggests_an_ascii_one_and_the_label(copy, capsys):
    code, _, err = run(capsys, "--project", str(copy), "new", "audience", "高校人才版")
    assert code == 1
    assert err.splitlines()[0] == "error: '高校人才版' cannot be a brief name (letters, digits, - and _ only)"
    assert err.splitlines()[1].endswith(
        "keep the Chinese name as the label: `make new-audience NAME=university_talent LABEL=高校人才版`")
    assert not (copy / "templates/高校人才版").exists()


def test_new_audience_without_a_name_says_how_to_give_one(copy, capsys):
    code, _, err = run(capsys, "--project", str(copy), "new", "audience", "")
    assert code == 1
    assert err.splitlines()[:2] == [
        "error: name the new audience",
        "  hint: e.g. `make new-audience NAME=university LABEL=高校人才版` (NAME: the file name in ASCII; "
        "LABEL: the name people read)"]


def test_a_brief_named_in_chinese_says_why_and_what_to_rename_it_to(copy, capsys):
    shutil.copy(copy / "briefs/soe.yaml", copy / "briefs/高校版.yaml")
    code, _, err = run(capsys, "--project", str(copy), "build", "高校版", "--out", str(copy / "out"))
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "briefs/高校版.yaml: error: '高校版' is not a brief name (letters, digits, - and _ only)"
    assert "Chinese file names break on some Windows shares" in lines[1]
    assert lines[1].endswith("rename briefs/高校版.yaml to briefs/university.yaml and write "
                             "`audience_label: 高校版` in it for the name people read")


@pytest.mark.parametrize("name, suggestion", [("高校人才版", "university_talent"), ("央企版2", "soe_2"),
                                              ("外资企业版", "foreign"), ("测试", "new_audience")])
def test_chinese_names_get_an_ascii_suggestion(name, suggestion):
    assert suggest_name(name) == suggestion


@pytest.mark.parametrize("typed, hint", [("seo", "did you mean 'soe'?"), ("invester", "did you mean 'investor'?"),
                                         ("zzz", "briefs: investor, investor_en, resident, soe, soe_deck")])
def test_an_unknown_brief_name_suggests_the_closest(capsys, typed, hint):
    code, _, err = run(capsys, "--project", str(REPO), "build", typed, "--out", "/nonexistent/out")
    assert code == 1
    assert err.splitlines()[:2] == [f"error: no brief named '{typed}' (briefs/{typed}.yaml does not exist)",
                                    f"  hint: {hint}"]


def test_two_briefs_with_the_same_title_and_label_are_an_error_in_check(copy, capsys):
    text = (copy / "briefs/soe.yaml").read_text(encoding="utf-8")
    (copy / "briefs/soe_short.yaml").write_text(text, encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("audience_label:"))
    code, _, err = run(capsys, "--project", str(copy), "check")
    assert code == 1
    assert (f"briefs/soe_short.yaml:{line}:17: error: audience_label '央企版' and the title are also those "
            "of briefs/soe.yaml\n  hint: the download page would show two identical cards: give each brief "
            "its own label, e.g. audience_label: 央企版（soe_short）") in err


def test_make_help_lists_the_briefs_that_exist(copy):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    shutil.copy(REPO / "Makefile", copy / "Makefile")
    (copy / "briefs/university.yaml").write_text("audience: university\n", encoding="utf-8")
    out = subprocess.run(["make", "-s", "help"], cwd=copy, capture_output=True, text=True, check=True).stdout
    assert re.search(r"^ +briefs in briefs/: investor investor_en resident soe soe_deck university$", out, re.M), out
    assert "soe|investor|resident" not in out


def test_make_invitations_reads_the_recipients_file_given_and_refreshes_the_page(copy):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    shutil.copy(REPO / "Makefile", copy / "Makefile")
    (copy / ".venv").mkdir()
    (copy / ".venv/.installed").touch()  # -n prints the commands; nothing is installed or run
    (copy / "pyproject.toml").touch()
    import os
    import time

    os.utime(copy / "pyproject.toml", (time.time() - 60, time.time() - 60))

    def commands(*args):
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        return subprocess.run(["make", "-n", "--no-print-directory", "invitations", *args], cwd=copy,
                              capture_output=True, text=True, check=True, env=env).stdout.splitlines()

    assert commands("AUDIENCE=soe", "RECIPIENTS=/tmp/十一月 名单.xlsx") == [
        '.venv/bin/briefkit build soe --recipients "/tmp/十一月 名单.xlsx" --out out',
        ".venv/bin/briefkit site --out out"]
    assert commands("AUDIENCE=soe")[0] == ('.venv/bin/briefkit build soe --recipients '
                                           '"briefs/recipients/soe.csv" --out out')
    assert commands("AUDIENCE=soe", "RESUME=1")[0] == ('.venv/bin/briefkit build soe --recipients '
                                                       '"briefs/recipients/soe.csv" --out out --resume')
