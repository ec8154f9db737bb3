"""Every command shows a passed forecast's warning, and fails on a flow figure without its period."""

import pytest

from briefkit.cli import main
from conftest import GOOD
from projects import mini

TARGET = GOOD + """\
  - id: economy.revenue_target
    label: 区级财政收入目标
    value: 300
    unit: 亿元
    qualifier: 目标
    as_of: 2023
    source: paper
    quote: 区级财政收入达250亿元
"""
WARNING = ("templates/soe/ch.md:1: warning: 'economy.revenue_target' is a forecast (目标300亿元) for "
           "2023年, which is over by the pack's date (2024-03-29)")


@pytest.mark.parametrize("command", [["check"], ["build", "soe", "--out", "OUT"]])
def test_a_passed_forecast_warns_in_check_and_build(tmp_path, capsys, command):
    root = mini(tmp_path / "p", chapter="{{ dated('economy.revenue_target') }}。\n", facts=TARGET)
    argv = [str(tmp_path / "o") if a == "OUT" else a for a in command]
    assert main(["--project", str(root), *argv]) == 0
    assert WARNING in capsys.readouterr().err


@pytest.mark.parametrize("due, warns", [
    ("", True),                 # no due: date: the target is for its as_of
    ("    due: 2024-01\n", True),   # due before the pack's date (2024-03-29)
    ("    due: 2025\n", False),     # not due yet
    ("    due: none\n", False),     # set without a deadline: stands as announced
    ("    due: 无\n", False),
])
def test_a_target_is_over_at_its_due_date_and_never_without_one(tmp_path, capsys, due, warns):
    facts = GOOD + TARGET[len(GOOD):].replace("    as_of: 2023\n", "    as_of: 2023\n" + due)
    root = mini(tmp_path / "p", chapter="{{ dated('economy.revenue_target') }}。\n", facts=facts)
    assert main(["--project", str(root), "check"]) == 0
    assert ("is over by the pack's date" in capsys.readouterr().err) == warns


@pytest.mark.parametrize("due, message", [
    ("2025年底", "facts/economy.yaml:{line}:10: error: due '2025年底' is not a date or period"),
    ("none", "facts/economy.yaml:{line}:10: error: only a forecast or target has a `due:` date"),
])
def test_a_wrong_due_date_is_an_error_at_its_line(tmp_path, capsys, due, message):
    target = TARGET[len(GOOD):].replace("    as_of: 2023\n", f"    as_of: 2023\n    due: {due}\n")
    if "only" in message:
        target = target.replace("    qualifier: 目标\n", "")
    facts = GOOD + target
    line = facts.splitlines().index(f"    due: {due}") + 1
    root = mini(tmp_path / "p", chapter="{{ dated('economy.revenue_target') }}。\n", facts=facts)
    assert main(["--project", str(root), "check"]) == 1
    assert message.format(line=line) in capsys.readouterr().err


@pytest.mark.parametrize("command", [["check"], ["build", "soe", "--out", "OUT"]])
def test_a_flow_figure_without_its_period_fails_check_and_build(tmp_path, capsys, command):
    root = mini(tmp_path / "p", chapter="财政收入{{ fact('economy.fiscal_revenue') }}。\n")
    argv = [str(tmp_path / "o") if a == "OUT" else a for a in command]
    assert main(["--project", str(root), *argv]) == 1
    err = capsys.readouterr().err
    assert ("templates/soe/ch.md:1: error: 区级财政收入 250亿元 is a flow figure printed without its "
            "period (2023年) in its sentence") in err
    assert not (tmp_path / "o" / "soe.pdf").exists()
