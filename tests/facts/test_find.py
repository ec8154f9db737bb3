"""Finding facts by words before adding one: labels, quotes, notes, definitions and ids."""

import pytest

from briefkit.facts.find import find
from briefkit.facts.load import load_factbase

from facts.series import entry, facts

BASE = [
    entry("ai.firms_2025", 1500, "当前徐汇区已集聚1500余家人工智能企业", qualifier="余", label="人工智能企业（徐汇区）",
          definition="全区集聚的人工智能企业"),
    entry("ai.llm_firms_2025", 755, "755家大模型企业", label="大模型企业", note="不限于模速空间"),
    entry("ai.llms_2025", 83, "备案大模型83个", unit="个", label="备案大模型数量"),
    entry("ai.revenue_2023", 250, "收入250亿元", as_of="2023", unit="亿元", label="区级财政收入",
          label_en="District fiscal revenue"),
]


@pytest.fixture
def base(project):
    return load_factbase(project(facts(*BASE)))


@pytest.mark.parametrize("words, expected", [
    ("人工智能企业", ["ai.firms_2025"]),
    ("大模型", ["ai.llm_firms_2025", "ai.llms_2025"]),  # the word is more of 大模型企业 than of 备案大模型数量
    ("备案 大模型", ["ai.llms_2025"]),  # every word must match
    ("模速空间", ["ai.llm_firms_2025"]),  # found in a note
    ("fiscal", ["ai.revenue_2023"]),  # English label and id, any case
    ("REVENUE", ["ai.revenue_2023"]),
    ("人工智能企业数量", ["ai.firms_2025"]),  # most of its pieces
    ("１５００", ["ai.firms_2025"]),  # full-width digits, in the quote and the printed value
    ("养老", []),
    ("", []),
])
def test_find_ranks_facts_that_match_every_word(base, words, expected):
    assert [r.fact.id for r in find(base, words)] == expected


def test_find_says_where_the_words_were_found(base):
    (hit,) = find(base, ["人工智能企业"])
    assert hit.fields == ("label", "definition", "quote")


def test_a_word_in_the_label_ranks_above_one_in_a_note(project):
    root = project(facts(entry("ai.a", 1, "1", label="其他", note="人才公寓"),
                         entry("ai.b", 1, "1", label="人才公寓总量")))
    assert [r.fact.id for r in find(load_factbase(root), "人才公寓")] == ["ai.b", "ai.a"]
