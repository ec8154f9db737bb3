"""Series of one measure: the newest by default, errata and replacements, parts of a whole."""

import datetime as dt

import pytest

from briefkit.errors import FactsError
from briefkit.facts.check import forecast_passed, stale_forecast
from briefkit.facts.load import load_factbase

from facts.series import FIRMS_500, FIRMS_1500, LLM_755, entry, facts

ERRATUM = FIRMS_500.rstrip("\n") + "\n    erratum: 扫描丢了一位数字\n    superseded_by: ai.firms_2025_10\n"
GDP_FORECAST = entry("ai.gdp_2025_forecast", 4000, "今年预计突破4000亿元", unit="亿元",
                     qualifier="预计突破", measure="ai.gdp")
GDP_ACTUAL = entry("ai.gdp_2025", 4000, "预计全年地区生产总值突破4000亿元", unit="亿元", qualifier="突破",
                   measure="ai.gdp")


def problems(root):
    with pytest.raises(FactsError) as e:
        load_factbase(root)
    return [p.format() for p in e.value.problems]


def test_a_superseded_erratum_resolves_to_its_replacement(project):
    base = load_factbase(project(facts(ERRATUM, FIRMS_1500)))
    assert base.get("ai.firms_2025").id == "ai.firms_2025_10"
    assert base.get("ai.firms").text() == "1500余家"
    assert [f.id for f in base.observations("ai.firms")] == ["ai.firms_2025_10"]
    assert [f.id for f in base.all_observations("ai.firms")] == ["ai.firms_2025_10", "ai.firms_2025"]


def test_an_erratum_with_no_replacement_cannot_be_used_and_says_where_it_is(project):
    base = load_factbase(project(facts(FIRMS_500.rstrip("\n") + "\n    erratum: 扫描丢了一位数字\n")))
    assert "ai.firms_2025" not in base and "ai.firms" not in base
    assert str(base.broken["ai.firms_2025"]) == "facts/ai.yaml:11:14"
    with pytest.raises(KeyError):
        base.get("ai.firms_2025")


def test_a_forecast_gives_way_to_the_actual_figure_of_the_same_date(project):
    base = load_factbase(project(facts(GDP_ACTUAL, GDP_FORECAST)))
    assert base.get("ai.gdp").id == "ai.gdp_2025"
    assert base.get("ai.gdp_2025_forecast").text() == "预计突破4000亿元"


def test_a_passed_forecast_suggests_the_actual_figure(project):
    base = load_factbase(project(facts(GDP_FORECAST, GDP_ACTUAL)))
    forecast = base.facts["ai.gdp_2025_forecast"]
    assert forecast.is_forecast and not base.facts["ai.gdp_2025"].is_forecast
    assert stale_forecast(base, forecast, dt.date(2026, 11, 1)).id == "ai.gdp_2025"
    assert stale_forecast(base, forecast, dt.date(2025, 6, 1)) is None  # not passed yet
    assert forecast_passed(forecast, dt.date(2026, 1, 1)) and not forecast_passed(forecast, dt.date(2025, 12, 31))


def test_a_passed_forecast_with_no_actual_gives_none(project):
    base = load_factbase(project(facts(GDP_FORECAST)))
    forecast = base.facts["ai.gdp_2025_forecast"]
    assert forecast_passed(forecast, dt.date(2026, 11, 1))
    assert stale_forecast(base, forecast, dt.date(2026, 11, 1)) is None


def test_a_magnitude_prints_as_written_and_is_not_exact(project):
    base = load_factbase(project(facts(entry("ai.output", 1000, "产业总产出达千亿级规模", unit="亿元",
                                             qualifier="达", magnitude="千亿级"))))
    f = base.get("ai.output")
    assert (f.text(), f.value, f.is_number, f.is_exact) == ("达千亿级", 1000, True, False)


def test_part_of_is_recorded_for_the_measure(project):
    base = load_factbase(project(facts(FIRMS_1500, LLM_755)))
    assert base.parents == {"ai.llm_firms": "ai.firms"}


LINKS = [
    ("superseded by an unknown fact", [FIRMS_500.rstrip("\n") + "\n    superseded_by: ai.firms_2025_1\n", FIRMS_1500],
     "facts/ai.yaml:11:20: error: superseded_by names unknown fact 'ai.firms_2025_1'\n"
     "  hint: did you mean 'ai.firms_2025_10'?"),
    ("superseded by itself", [FIRMS_500.rstrip("\n") + "\n    superseded_by: ai.firms_2025\n"],
     "facts/ai.yaml:11:20: error: 'ai.firms_2025' cannot be superseded by itself\n"
     "  hint: name the fact to use instead"),
    ("a circle", [FIRMS_500.rstrip("\n") + "\n    superseded_by: ai.firms_2025_10\n",
                  FIRMS_1500.rstrip("\n") + "\n    superseded_by: ai.firms_2025\n"],
     "facts/ai.yaml:11:20: error: superseded_by goes round in a circle: ai.firms_2025 → ai.firms_2025_10 → "
     "ai.firms_2025\n  hint: the last fact of the chain must be one to use"),
    ("superseded by an erratum", [FIRMS_500.rstrip("\n") + "\n    superseded_by: ai.firms_2025_10\n",
                                  FIRMS_1500.rstrip("\n") + "\n    erratum: 错\n"],
     "facts/ai.yaml:11:20: error: 'ai.firms_2025' is superseded by 'ai.firms_2025_10', which is itself an "
     "erratum\n  hint: name the fact to use instead"),
    ("empty erratum", [FIRMS_500.rstrip("\n") + "\n    erratum:\n"],
     "facts/ai.yaml:11:13: error: erratum is empty"),
    ("part_of an unknown measure", [FIRMS_1500, LLM_755.replace("part_of: 'ai.firms'", "part_of: 'ai.firm'")],
     "facts/ai.yaml:19:14: error: part_of names unknown measure 'ai.firm'\n  hint: did you mean 'ai.firms'?"),
    ("part_of without a measure", [FIRMS_1500, LLM_755.replace("    measure: 'ai.llm_firms'\n", "")],
     "facts/ai.yaml:18:14: error: part_of needs a `measure:` on the same fact\n"
     "  hint: give 'ai.llm_firms_2025' a measure; part_of says that measure is part of 'ai.firms'"),
    ("part_of itself", [LLM_755.replace("part_of: 'ai.firms'", "part_of: 'ai.llm_firms'")],
     "facts/ai.yaml:10:14: error: measure 'ai.llm_firms' cannot be part of itself"),
    ("two parents", [FIRMS_1500, LLM_755, entry("ai.gdp", 1, "1", measure="ai.gdp"),
                     LLM_755.replace("llm_firms_2025", "llm_firms_b").replace("part_of: 'ai.firms'", "part_of: 'ai.gdp'")],
     "facts/ai.yaml:36:14: error: measure 'ai.llm_firms' is part of 'ai.firms' at facts/ai.yaml:19:14 but of "
     "'ai.gdp' here\n  hint: write one part_of for a measure"),
    ("magnitude with digits", [entry("ai.output", 1000, "千亿", unit="亿元", magnitude="1000亿")],
     "facts/ai.yaml:9:16: error: magnitude '1000亿' is a number, not an order of magnitude\n"
     "  hint: write the number as `value:` and `unit:`; magnitude is for words such as 千亿级, 百亿级, 上千家"),
    ("magnitude with text value", [entry("ai.output", "千亿级规模", "千亿级规模", unit="", magnitude="千亿级")],
     "facts/ai.yaml:4:12: error: a fact with a magnitude needs a number as its value\n"
     "  hint: write the number the magnitude stands for, e.g. `value: 1000` and `unit: 亿元` for 千亿级; "
     "it is used only to compare, never printed"),
    ("magnitude with 余", [entry("ai.output", 1000, "千亿", unit="亿元", qualifier="余", magnitude="千亿")],
     "facts/ai.yaml:9:16: error: qualifier '余' cannot go with a magnitude\n"
     "  hint: write the words into the magnitude as the article does, e.g. `magnitude: 千亿余`"),
    ("two forecast words", [entry("ai.gdp", 4000, "4000", unit="亿元", qualifier="预计目标")],
     "facts/ai.yaml:9:16: error: unknown qualifier '预计目标'\n  hint: did you mean '预计'?"),
]


@pytest.mark.parametrize("case, entries, expected", LINKS, ids=[c[0] for c in LINKS])
def test_links_between_facts_are_checked_with_hints(project, case, entries, expected):
    got = problems(project(facts(*entries)))
    assert got == [expected]
