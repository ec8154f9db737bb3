"""Official short names: the table, unofficial forms in template prose, recipients' short names."""

import pytest

from briefkit.errors import Report
from briefkit.pipeline.check import check_project
from briefkit.pipeline.names import Name, load_names, unofficial_in
from conftest import REPO
from projects import mini

TABLE = [Name("中国能源建设集团有限公司", "中国能建", ("中能建",)),
         Name("中国医药集团有限公司", "国药集团", ("中国医药",)),
         Name("中国石油天然气集团有限公司", "中国石油", ("中国石油天然气", "中石油"))]


@pytest.mark.parametrize("text, found", [
    ("中能建是徐汇的老朋友", ["中能建"]),
    ("中国能建是徐汇的老朋友", []),
    ("中国医药集团有限公司（国药集团）", []),  # the full name is not the short form inside it
    ("中国医药、中国石油天然气等", ["中国医药", "中国石油天然气"]),
    ("中国石油天然气集团有限公司", []),
    ("中石油", ["中石油"]),
])
def test_unofficial_short_names_are_found_but_not_inside_full_names(text, found):
    assert [form for form, _ in unofficial_in(text, TABLE)] == found


def test_the_repository_table_gives_the_official_short_names():
    report = Report()
    names = {n.name: n.short for n in load_names(REPO, report)}
    assert report.problems == []
    assert names == {"中国能源建设集团有限公司": "中国能建", "中国煤炭科工集团有限公司": "中国煤科",
                     "中国医药集团有限公司": "国药集团", "中国石油天然气集团有限公司": "中国石油",
                     "中国电子信息产业集团有限公司": "中国电子", "中国五矿集团有限公司": "中国五矿",
                     "中国国际技术智力合作集团有限公司": "中智"}


def test_check_warns_of_unofficial_names_in_prose_and_recipients_but_not_in_facts(tmp_path):
    root = mini(tmp_path / "p", chapter="# 概况\n\n中能建与徐汇{{ label('economy.fiscal_revenue') }}。\n"
                                         "{{ text('中能建') }}\n")
    (root / "briefs/recipients").mkdir(parents=True)
    (root / "briefs/recipients/short_names.yaml").write_text(
        "names:\n  - {name: 中国能源建设集团有限公司, short: 中国能建, not: [中能建]}\n", encoding="utf-8")
    (root / "briefs/recipients/soe.csv").write_text(
        "name,short_name,sector\n中国能源建设集团有限公司,中能建,能源\n", encoding="utf-8")
    report = Report()
    check_project(root, report)
    assert [p.format() for p in report.problems if "official" in p.message] == [
        "templates/soe/ch.md:3:1: warning: '中能建' is not the official short name of 中国能源建设集团有限公司\n"
        "  hint: write 中国能建",
        "briefs/recipients/soe.csv:2: warning: short_name '中能建' is not the official short name of "
        "中国能源建设集团有限公司\n  hint: write 中国能建 (briefs/recipients/short_names.yaml)"]


def test_the_repository_prose_and_recipients_use_official_short_names():
    report = Report()
    check_project(REPO, report)
    assert [p.format() for p in report.problems if "official short name" in p.message] == []
