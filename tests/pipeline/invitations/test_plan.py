"""Planning: safe, unique file names and a sector chapter (from the audience's sector table) per recipient."""

import pytest

from briefkit import doc as d
from briefkit.errors import Report
from briefkit.pipeline import invitations as inv
from briefkit.pipeline.build import load_facts
from briefkit.templating import Templater, typed_numbers
from conftest import REPO

SOE_SECTORS = inv.load_sectors(REPO, "soe")


# ---- file names --------------------------------------------------------------------------------

SLUGS = [
    ("../../etc", "etc"),
    ("a/b", "a-b"),
    ("a\\b:c*?\"<>|", "a-b-c"),
    ("CON", "CON_"),
    ("lpt1", "lpt1_"),
    ("  ", ""),
    ("中国电子", "中国电子"),
    ("中国电子 ", "中国电子"),
    ("A&B <公司> \"测试\"", "A-B-公司-测试"),
    ("line\nbreak\x00nul\x1b[31m", "line-break-nul-31m"),
    ("ＡＢＣ（集团）", "ABC-集团"),
    (".hidden", "hidden"),
    ("中" * 50, "中" * 40),
]


@pytest.mark.parametrize("name, slug", SLUGS)
def test_slug_keeps_cjk_letters_and_digits_and_nothing_unsafe(name, slug):
    got = inv.slugify(name)
    assert got == slug
    assert "/" not in got and "\\" not in got and ".." not in got
    assert all(ch.isprintable() for ch in got) and not got.startswith(("-", "."))


def test_clashing_slugs_get_numbered_in_file_order():
    names = ["中国电子", "中国电子 ", "A&B", "A-B", "a b", "  ", "../..", "recipient-6", "A-B-2"]
    assert inv.assign_slugs(names) == [
        "中国电子", "中国电子-2", "A-B", "A-B-2", "a-b-3", "recipient-6", "recipient-7",
        "recipient-6-2", "A-B-2-2"]


def test_slugs_are_unique_ignoring_case():
    slugs = inv.assign_slugs(["ABC", "abc", "Abc"])
    assert len({s.casefold() for s in slugs}) == 3


# ---- sectors ------------------------------------------------------------------------------------

SECTORS = [("energy", "energy"), ("Energy", "energy"), ("能源", "energy"), ("电子信息", "electronics_it"),
           ("electronics-it", "electronics_it"), ("医药健康", "health"), ("矿产材料", "materials_mining"),
           ("金融", "finance"), ("服务", "services"), ("人力资源", "services"), ("", "default"),
           ("  ", "default"), ("航天", None), ("energie", None)]


@pytest.mark.parametrize("written, key", SECTORS)
def test_sector_accepts_english_keys_and_chinese_names(written, key):
    assert SOE_SECTORS.resolve(written) == key


def test_unknown_sector_warns_with_its_line_and_uses_the_default_chapter():
    report = Report()
    people = [inv.Recipient("甲集团有限公司", "甲", "能源", line=2),
              inv.Recipient("乙集团有限公司", "乙", "航天", line=3),
              inv.Recipient("丙集团有限公司", "丙", "energie", line=4)]
    plans = inv.plan(REPO, "soe", people, "r.csv", report)
    assert [(p.slug, p.chapter) for p in plans] == [
        ("甲", "sectors/energy"), ("乙", "sectors/default"), ("丙", "sectors/default")]
    assert [p.format() for p in report.problems] == [
        "r.csv:3: warning: unknown sector '航天'; the general chapter is used\n"
        "  hint: sectors: energy (能源), electronics_it (电子信息), health (医药健康), "
        "materials_mining (矿产材料), finance (金融), services (服务)",
        "r.csv:4: warning: unknown sector 'energie'; the general chapter is used\n"
        "  hint: did you mean 'energy'? (sectors: energy (能源), electronics_it (电子信息), "
        "health (医药健康), materials_mining (矿产材料), finance (金融), services (服务))"]


@pytest.mark.parametrize("sector", list(SOE_SECTORS.names) + ["default"])
def test_each_sector_chapter_is_titled_for_the_recipient_with_numbers_from_facts(sector):
    report = Report()
    t = Templater(REPO, load_facts(REPO), "soe", report,
                  {"recipient": {"name": "X集团有限公司", "short_name": "X<&>", "sector": sector,
                                 "contact": "", "title": ""}})
    out = t.build([(f"sectors/{sector}", None)])
    assert report.problems == []
    assert out.blocks[0] == d.Heading(1, "一、与X<&>的合作机会", "sec-1")
    prose = "".join(d.inline_text(b.inlines) for b in out.blocks if isinstance(b, d.Paragraph))
    assert 250 <= len(prose) <= 400
    assert out.facts_used and any(isinstance(b, d.KeyFigures) for b in out.blocks)
    source = (REPO / "templates" / "soe" / "sectors" / f"{sector}.md").read_text(encoding="utf-8")
    assert typed_numbers(source) == []
