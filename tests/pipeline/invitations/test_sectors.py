"""The sector table is data: templates/<audience>/sectors/sectors.yaml, checked with file:line."""

import pytest

from briefkit.errors import BriefError, Report
from briefkit.pipeline import invitations as inv
from briefkit.pipeline.check import check_project
from conftest import REPO
from projects import mini

CHAPTER = "# 与{{ recipient.short_name }}的合作\n\n财政收入{{ fact('economy.fiscal_revenue') }}。\n"
TABLE = """\
default: general
sectors:
  aerospace:
    name: 航空航天
    aliases: [航天, 航空, space]
"""


def with_sectors(tmp_path, table: str = TABLE, chapters=("aerospace", "general")):
    root = mini(tmp_path / "p")
    (root / "templates/soe/sectors").mkdir(parents=True)
    (root / "templates/soe/sectors/sectors.yaml").write_text(table, encoding="utf-8")
    for name in chapters:
        (root / f"templates/soe/sectors/{name}.md").write_text(CHAPTER, encoding="utf-8")
    return root


def test_the_soe_table_lists_its_sectors_in_file_order():
    table = inv.load_sectors(REPO, "soe")
    assert list(table.names.items()) == [
        ("energy", "能源"), ("electronics_it", "电子信息"), ("health", "医药健康"),
        ("materials_mining", "矿产材料"), ("finance", "金融"), ("services", "服务")]
    assert table.default == "default"


def test_a_new_sector_table_is_only_files(tmp_path):
    root = with_sectors(tmp_path)
    people = [inv.Recipient("甲集团有限公司", "甲", "航天", line=2),
              inv.Recipient("乙集团有限公司", "乙", "Space", line=3),
              inv.Recipient("丙集团有限公司", "丙", "", line=4),
              inv.Recipient("丁集团有限公司", "丁", "能源", line=5)]
    report = Report()
    plans = inv.plan(root, "soe", people, "r.csv", report)
    assert [p.chapter for p in plans] == ["sectors/aerospace", "sectors/aerospace", "sectors/general",
                                          "sectors/general"]
    assert [p.format() for p in report.problems] == [
        "r.csv:5: warning: unknown sector '能源'; the general chapter is used\n"
        "  hint: sectors: aerospace (航空航天)"]


def test_an_audience_without_a_table_resolves_only_the_empty_sector(tmp_path):
    table = inv.load_sectors(mini(tmp_path / "p"), "soe")
    assert (table.resolve(""), table.resolve("能源")) == ("default", None)
    assert table.hint("能源") == (  # never an empty list of sectors
        "this audience has no sector table (templates/soe/sectors/sectors.yaml), so the sector "
        "column is not used: leave it empty, or add the sector there with its chapter")


@pytest.mark.parametrize("written, hint", [
    ("能原", "did you mean '能源'?"),  # one character mistyped: too far for difflib
    ("医疗健康", "did you mean '医药健康'?"),
    ("energie", "did you mean 'energy'?"),
])
def test_an_unknown_sector_suggests_the_nearest_name(written, hint):
    assert inv.load_sectors(REPO, "soe").hint(written).startswith(hint + " (sectors: energy (能源), ")


BAD_TABLES = [
    ("sectors: [a, b]\n",
     "templates/soe/sectors/sectors.yaml:1: error: the sector table needs a `sectors:` mapping\n"
     "  hint: see templates/soe/sectors/sectors.yaml"),
    ("sectors:\n  aerospace: {aliases: [航天]}\n",
     "templates/soe/sectors/sectors.yaml:2:3: error: sector 'aerospace' needs a name, e.g. name: 能源"),
    ("sectors:\n  aerospace: {name: 航空航天, aliases: 航天}\n",
     "templates/soe/sectors/sectors.yaml:2:36: error: aliases must be a list, e.g. [电力, 石油]"),
    ("sectors:\n  a: {name: 甲, aliases: [航天]}\n  b: {name: 乙, aliases: [航天]}\n",
     "templates/soe/sectors/sectors.yaml:3:26: error: '航天' is written for two sectors: a and b\n"
     "  hint: keep it under one of them (also at templates/soe/sectors/sectors.yaml:2:26)"),
    ("sectors:\n  a: {name: 甲\n",
     None),  # invalid YAML: reported by yamlload with its line, as every YAML file
]


@pytest.mark.parametrize("table, expected", BAD_TABLES)
def test_a_wrong_table_gives_exact_messages_with_lines(tmp_path, table, expected):
    root = with_sectors(tmp_path, table)
    with pytest.raises(BriefError) as e:
        inv.load_sectors(root, "soe")
    messages = [p.format() for p in e.value.problems]
    if expected is None:
        assert messages[0].startswith("templates/soe/sectors/sectors.yaml:") and "invalid YAML" in messages[0]
    else:
        assert messages == [expected]


def test_check_names_a_sector_without_its_chapter(tmp_path):
    root = with_sectors(tmp_path, chapters=("general",))
    report = Report()
    check_project(root, report)
    assert ("templates/soe/sectors/sectors.yaml:3:3: warning: sector 'aerospace' has no chapter "
            "templates/soe/sectors/aerospace.md\n"
            "  hint: write the chapter, or remove the sector from the table") in [
        p.format() for p in report.problems]
