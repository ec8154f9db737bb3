"""Fact files: every schema mistake is reported at file:line:col with a hint, all in one run."""

import pytest

from briefkit.errors import FactsError
from briefkit.facts.load import load_factbase

from conftest import GOOD, SOURCES_YAML  # noqa: E402


def problems(root):
    with pytest.raises(FactsError) as e:
        load_factbase(root)
    return [p.format() for p in e.value.problems]


def test_good_file_loads(project):
    base = load_factbase(project({"facts/economy.yaml": GOOD}))
    f = base.get("economy.fiscal_revenue")
    assert (f.value, f.unit, str(f.as_of), f.text()) == (250, "亿元", "2023", "250亿元")
    assert str(f.loc) == "facts/economy.yaml:2:5"


BROKEN = [
    ("unknown source", GOOD.replace("source: paper", "source: papr"),
     "facts/economy.yaml:7:13: error: unknown source 'papr'\n  hint: did you mean 'paper'?"),
    ("wrong type", GOOD.replace("value: 250", "value: 约250"),
     "facts/economy.yaml:4:12: error: value must be a number, got '约250'\n"
     "  hint: write `value: 250` and `qualifier: 约`"),
    ("missing as_of", GOOD.replace("    as_of: 2023\n", ""),
     "facts/economy.yaml:2:5: error: fact is missing `as_of`\n"
     "  hint: write a year (2023), a month (2024-03), a day (2024-03-29) or a period (2021/2025)"),
    ("bad as_of", GOOD.replace("as_of: 2023", "as_of: 去年"),
     "facts/economy.yaml:6:12: error: as_of '去年' is not a date or period\n"
     "  hint: write a year (2023), a month (2024-03), a day (2024-03-29) or a period (2021/2025)"),
    ("duplicate YAML key", GOOD.replace("    unit: 亿元\n", "    unit: 亿元\n    unit: 万元\n"),
     "facts/economy.yaml:6:5: error: duplicate key 'unit' (first written at line 5)\n"
     "  hint: each key may appear once in a mapping; remove or rename one"),
    ("unknown key", GOOD.replace("unit: 亿元", "units: 亿元"),
     "facts/economy.yaml:5:5: error: unknown key 'units' in fact\n  hint: did you mean 'unit'?"),
    ("bad qualifier", GOOD.replace("unit: 亿元", "unit: 亿元\n    qualifier: 大约"),
     "facts/economy.yaml:6:16: error: unknown qualifier '大约'\n  hint: did you mean '约'?"),
    ("unlisted qualifier", GOOD.replace("unit: 亿元", "unit: 亿元\n    qualifier: 左右"),
     "facts/economy.yaml:6:16: error: unknown qualifier '左右'\n"
     "  hint: use one of: 约 近 超过 超 逾 达 突破 不到 预计 目标 累计 余 多 以上; 预计/目标 may come before "
     "another (预计突破)"),
    ("id outside its topic", GOOD.replace("economy.fiscal_revenue", "policy.fiscal_revenue"),
     "facts/economy.yaml:2:9: error: fact id 'policy.fiscal_revenue' must start with 'economy.' in "
     "facts/economy.yaml\n  hint: rename it to 'economy.fiscal_revenue' or move it to facts/policy.yaml"),
    ("NaN", GOOD.replace("value: 250", "value: .nan"),
     "facts/economy.yaml:4:12: error: value must be a finite number, got nan"),
    ("boolean value", GOOD.replace("value: 250", "value: yes"),
     "facts/economy.yaml:4:12: error: value must be a number or text, got 'true' (yes/no)"),
    ("huge value", GOOD.replace("value: 250", "value: 1.0e+30"),
     "facts/economy.yaml:4:12: error: value 1e+30 is implausibly large\n"
     "  hint: write the number in the unit the article uses, e.g. value: 250 with unit: 亿元"),
    ("tab indentation", GOOD.replace("    label:", "\tlabel:"),
     "facts/economy.yaml:3:1: error: tab character (U+0009) in the indentation — indent with spaces\n"
     "  hint: set the editor to insert spaces for the Tab key"),
    ("not a list", "facts:\n  id: economy.x\n",
     "facts/economy.yaml:2:3: error: `facts:` must be a list of entries, each starting with '- '"),
    ("empty file", "",
     "facts/economy.yaml: error: file is empty"),
    ("unclosed quote", GOOD.replace("quote: 区级财政收入达250亿元", "quote: '区级财政收入达250亿元"),
     "facts/economy.yaml:9:1: error: invalid YAML: found unexpected end of stream\n"
     "  hint: a quote (\" or ') is opened but never closed"),
    ("label too long", GOOD.replace("label: 区级财政收入", "label: " + "长" * 61),
     "facts/economy.yaml:3:12: error: label is too long (61 characters, at most 60)\n"
     "  hint: put the detail in `definition:`"),
]


@pytest.mark.parametrize("case, text, expected", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_fact_file_is_reported_at_its_line(project, case, text, expected):
    got = problems(project({"facts/economy.yaml": text}))
    assert expected in got, "\n".join(got)


def test_duplicate_fact_ids_across_entries_are_errors(project):
    got = problems(project({"facts/economy.yaml": GOOD + GOOD[len("facts:\n"):]}))
    assert ("facts/economy.yaml:9:5: error: duplicate fact id 'economy.fiscal_revenue' "
            "(first defined at facts/economy.yaml:2:5)\n  hint: ids must be unique; rename one of them") in got


def test_every_error_in_a_file_is_reported_in_one_run(project):
    text = GOOD.replace("source: paper", "source: papr").replace("as_of: 2023", "as_of: 去年")
    got = problems(project({"facts/economy.yaml": text}))
    assert len(got) == 2


def test_a_bom_is_accepted(project):
    root = project()
    (root / "facts" / "economy.yaml").write_text("\ufeff" + GOOD, encoding="utf-8")
    assert "economy.fiscal_revenue" in load_factbase(root).facts


def test_a_measure_resolves_to_its_latest_observation(project):
    two = GOOD.replace("    quote:", "    measure: economy.revenue\n    quote:") + \
        GOOD[len("facts:\n"):].replace("fiscal_revenue", "fiscal_revenue_2024").replace(
            "as_of: 2023", "as_of: 2024-03").replace("    quote:", "    measure: economy.revenue\n    quote:")
    base = load_factbase(project({"facts/economy.yaml": two}))
    assert base.get("economy.revenue").id == "economy.fiscal_revenue_2024"
    assert [f.id for f in base.observations("economy.revenue")] == [
        "economy.fiscal_revenue", "economy.fiscal_revenue_2024"]


def test_a_source_may_give_its_web_address(project):
    root = project({"facts/economy.yaml": GOOD})
    sources = root / "facts" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "    address: https://example.com/a?id=1\n",
                       encoding="utf-8")
    src = load_factbase(root).sources["paper"]
    assert src.citation() == "澎湃新闻：《测试文章》，2024年3月29日，https://example.com/a?id=1。"


def test_a_source_address_must_be_a_web_address(project):
    root = project({"facts/economy.yaml": GOOD})
    sources = root / "facts" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "    address: www.example.com\n", encoding="utf-8")
    assert problems(root) == ["facts/sources.yaml:8:14: error: address 'www.example.com' is not a web address\n"
                              "  hint: write the page's address as it is, starting with http:// or https://"]


@pytest.mark.parametrize("edit, citation, name", [
    ({}, "澎湃新闻：《测试文章》，2024年3月29日。", "澎湃新闻"),
    # no printed date: no date, and never a curator's note about it
    ({"printed_date: 2024-03-29": "printed_date: null\n    date_note: 页面未注明日期，内容约为2024年"},
     "澎湃新闻：《测试文章》。", "澎湃新闻"),
    # no outlet named: title and date only; short lines name the whole title
    ({"publisher: 澎湃新闻": "publisher: null", "title: 测试文章": "title: 面积不到百分之一，如何创出多项“第一”"},
     "《面积不到百分之一，如何创出多项“第一”》，2024年3月29日。", "《面积不到百分之一，如何创出多项“第一”》"),
    ({"publisher: 澎湃新闻": "publisher: 澎湃新闻\n    short_name: 澎湃"}, "澎湃新闻：《测试文章》，2024年3月29日。", "澎湃"),
])
def test_the_source_list_prints_outlet_whole_title_date_and_never_a_note(project, edit, citation, name):
    text = SOURCES_YAML
    for old, new in edit.items():
        text = text.replace(old, new)
    src = load_factbase(project({"facts/economy.yaml": GOOD, "facts/sources.yaml": text})).sources["paper"]
    assert (src.citation(), src.name) == (citation, name)


def test_a_dateline_is_not_a_publisher(project):
    root = project({"facts/economy.yaml": GOOD, "facts/sources.yaml": SOURCES_YAML.replace(
        "publisher: 澎湃新闻", "publisher: 本报讯（记者姜微 何欣荣）")})
    assert problems(root) == [
        "facts/sources.yaml:4:16: error: publisher '本报讯（记者姜微 何欣荣）' is a dateline, not an outlet\n"
        "  hint: write the outlet's name (e.g. 新华社), or `publisher: null` if the article does not say: "
        "the source list then prints its title and date only"]
