"""The English edition is held to its facts and to the Chinese edition it translates."""

from pathlib import Path

import pytest

from briefkit.errors import Report
from briefkit.pipeline.check import check_project
from conftest import ARTICLE, REPO, SOURCES_YAML, write

FACTS = """\
facts:
  - id: economy.fiscal_revenue_2023
    label: 区级财政收入
    label_en: District fiscal revenue
    measure: economy.fiscal_revenue
    value: 250
    unit: 亿元
    as_of: 2023
    source: paper
    quote: 区级财政收入达250亿元
  - id: economy.fiscal_revenue_2022
    label: 区级财政收入
    label_en: District fiscal revenue
    measure: economy.fiscal_revenue
    value: 250
    unit: 亿元
    as_of: 2022
    source: paper
    quote: 区级财政收入达250亿元
  - id: economy.ai_firsts
    label: 人工智能首创
    label_en: AI firsts
    value: 一个没有译名的说法
    as_of: 2024-03
    source: paper
    quote: 面积不到上海总面积的百分之一
  - id: economy.firms
    label: 上下游企业
    value: 300
    unit: 家
    qualifier: 近
    as_of: 2024-03
    source: paper
    quote: 汇聚了上下游企业近三百家
"""
ZH_BRIEF = "audience: zh\ntitle: 测试手册\ndate: 2024-03-29\nchapters: [ch]\n"
EN_BRIEF = ("audience: en\nlanguage: en\nedition_of: zh\ntitle: Test guide\ndate: 2024-03-29\n"
            "chapters: [ch]\n")
ZH = "# 概况\n\n{{ period('economy.fiscal_revenue') }}财政收入{{ fact('economy.fiscal_revenue') }}。\n"


def project(root: Path, english: str) -> Report:
    write(root, {"facts/sources.yaml": SOURCES_YAML, "articles/a.txt": ARTICLE,
                 "facts/economy.yaml": FACTS, "briefs/zh.yaml": ZH_BRIEF, "briefs/en.yaml": EN_BRIEF,
                 "templates/zh/ch.md": ZH, "templates/en/ch.md": english})
    report = Report()
    check_project(root, report)
    return report


@pytest.mark.parametrize("english, expected", [
    ("# Overview\n\nIn {{ period('economy.fiscal_revenue') }} revenue was {{ fact('economy.fiscal_revenue') }}.\n",
     []),
    ("# Overview\n\nIn {{ period('economy.fiscal_revenue', as_of='2022') }} revenue was "
     "{{ fact('economy.fiscal_revenue', as_of='2022') }}.\n",
     ["templates/en/ch.md:3: error: the English edition 'en' prints economy.fiscal_revenue as RMB 25 "
      "billion (2022, economy.fiscal_revenue_2022) but the Chinese edition 'zh' prints 250亿元 (2023, "
      "economy.fiscal_revenue_2023)"]),
    ("# Overview\n\nUp- and downstream: {{ fact('economy.firms') }}.\n",
     ["facts/economy.yaml:28:12: error: fact 'economy.firms' has no label_en; the English pack 'en' uses "
      "it (templates/en/ch.md:3)"]),
    ("# Overview\n\nA first: {{ fact('economy.ai_firsts') }}.\n",
     ["facts/economy.yaml:23:12: error: fact 'economy.ai_firsts' (一个没有译名的说法) cannot be written in "
      "English; the English pack 'en' uses it (templates/en/ch.md:3)"]),
])
def test_english_edition_agrees_with_the_chinese_and_says_every_fact_in_english(tmp_path, english, expected):
    report = project(tmp_path, english)
    errors = [f"{p.loc}: error: {p.message}" for p in report.errors]
    assert errors == expected


def test_the_real_editions_agree_and_every_english_fact_is_in_the_chinese_fact_base():
    from briefkit.brief import load_brief
    from briefkit.compose import compose
    from briefkit.facts.load import load_factbase
    from briefkit.pipeline.editions import check_editions, newest_printed

    base = load_factbase(REPO)
    en_brief, zh_brief = load_brief(REPO, "investor_en"), load_brief(REPO, "investor")
    assert en_brief.edition_of == "investor"
    report = Report()
    _, en, _ = compose(REPO, base, en_brief, report)
    _, zh, _ = compose(REPO, base, zh_brief, report)
    check_editions(en_brief, en, zh_brief, zh, base, report)
    assert report.errors == []
    shared = set(newest_printed(en, base)) & set(newest_printed(zh, base))
    assert len(shared) >= 20  # the editions say the same things, number for number
    assert all(fid in base.facts and base.facts[fid].label for fid in en.facts_used)
