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


@pytest.mark.parametrize("command", [["check"], ["build", "soe", "--out", "OUT"]])
def test_a_flow_figure_without_its_period_fails_check_and_build(tmp_path, capsys, command):
    root = mini(tmp_path / "p", chapter="财政收入{{ fact('economy.fiscal_revenue') }}。\n")
    argv = [str(tmp_path / "o") if a == "OUT" else a for a in command]
    assert main(["--project", str(root), *argv]) == 1
    err = capsys.readouterr().err
    assert ("templates/soe/ch.md:1: error: 区级财政收入 250亿元 is a flow figure printed without its "
            "period (2023年) in its sentence") in err
    assert not (tmp_path / "o" / "soe.pdf").exists()
