"""compose.py: brief + facts + templates → one Document; the appendix's words come from a file;
the cover's data date comes from the figures printed; passed forecasts warn."""

import shutil

import pytest

from briefkit import doc as d
from briefkit.brief import load_brief
from briefkit.compose import compose, load_appendix
from briefkit.errors import Report, TemplateError
from briefkit.facts.load import load_factbase
from conftest import REPO
from projects import mini
from templating.series_facts import AREA, FORECAST_ONLY, GDP, REVENUE, files


def composed(root):
    report = Report()
    document, rendered, as_of = compose(root, load_factbase(root), load_brief(root, "soe"), report)
    return document, [p.format() for p in report.problems]


def with_appendix(tmp_path, text=None, folder="shared"):
    root = mini(tmp_path / "p")
    path = root / "templates" / folder / "appendix.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        shutil.copy(REPO / "templates/shared/appendix.yaml", path)
    else:
        path.write_text(text, encoding="utf-8")
    return root


def test_the_appendix_lists_main_indicators_with_their_source_number_and_no_ids(tmp_path):
    document, problems = composed(with_appendix(tmp_path))
    assert problems == []
    i = next(n for n, b in enumerate(document.blocks) if isinstance(b, d.Heading) and b.anchor == "appendix-facts")
    heading, note, table = document.blocks[i:i + 3]
    assert heading == d.Heading(1, "附录　主要指标一览", "appendix-facts")
    assert d.inline_text(note.inlines).startswith("本手册所用数字均有公开报道为据。")
    assert (table.header, table.caption, table.align, table.widths) == (
        ["指标", "数值", "时间", "来源"], "主要指标一览", ["l", "r", "c", "c"], [4.2, 2.0, 1.9, 0.9])
    assert table.rows == [[[d.Text("区级财政收入")], [d.Text("250亿元")], [d.Text("2023年")],
                           [d.Link("[1]", "#src-1")]]]
    assert isinstance(document.blocks[-1], d.SourceList)


def test_the_appendix_shows_the_newest_observation_of_a_measure_the_pack_prints(tmp_path):
    from conftest import GOOD as FACTS

    two = FACTS + FACTS.split("facts:\n")[1].replace("id: economy.fiscal_revenue", "id: economy.fiscal_revenue_2024").replace(
        "as_of: 2023", "as_of: 2024-03")
    two = two.replace("    quote:", "    measure: economy.fiscal_revenue_m\n    quote:")
    root = mini(tmp_path / "p", chapter="# 概况\n\n{{ fact('economy.fiscal_revenue', as_of='2023', dated=True) }}，"
                                         "{{ fact('economy.fiscal_revenue_m', dated=True) }}。\n", facts=two)
    (root / "templates/shared").mkdir(parents=True, exist_ok=True)
    (root / "templates/shared/appendix.yaml").write_text(
        GOOD.split("\nindicators:")[0] + "\nindicators:\n  - economy.fiscal_revenue_m\n", encoding="utf-8")
    document, problems = composed(root)
    assert problems == []
    table = next(b for b in document.blocks if isinstance(b, d.Table) and b.caption == "主要指标一览")
    assert [d.inline_text(r[2]) for r in table.rows] == ["2024年3月"]


def test_an_audience_may_word_its_own_appendix(tmp_path):
    root = with_appendix(tmp_path)
    text = (REPO / "templates/shared/appendix.yaml").read_text(encoding="utf-8")
    (root / "templates/soe/appendix.yaml").write_text(text.replace("附录　主要指标一览", "附录　数据一览"),
                                                      encoding="utf-8")
    assert load_appendix(root, "soe").heading == "附录　数据一览"
    assert load_appendix(root, "investor").heading == "附录　主要指标一览"


def test_a_project_without_an_appendix_file_has_no_appendix(tmp_path):
    document, problems = composed(mini(tmp_path / "p"))
    assert problems == [] and not any(isinstance(b, d.Heading) and b.anchor == "appendix-facts"
                                      for b in document.blocks)


GOOD = (REPO / "templates/shared/appendix.yaml").read_text(encoding="utf-8")
BAD_APPENDIX = [
    (GOOD.replace("caption: 主要指标一览\n", ""),
     ["templates/shared/appendix.yaml:10:1: error: the appendix file is missing `caption`"]),
    (GOOD.replace("  - {title: 来源, align: c, width: 0.9}\n", ""),
     ["templates/shared/appendix.yaml:15:3: error: columns must list four columns: label, value, period, source"]),
    (GOOD.replace("{title: 数值, align: r, width: 2.0}", "{title: 数值, align: right, width: 0}"),
     ["templates/shared/appendix.yaml:16:24: error: align must be l, r or c, got 'right'",
      "templates/shared/appendix.yaml:16:38: error: width must be a positive number (relative widths)"]),
    (GOOD.split("\nindicators:")[0] + "\nindicators: economy.gdp\n",
     ["templates/shared/appendix.yaml:19:13: error: indicators must list fact ids or measures, one a line"]),
    ("- a\n", ["templates/shared/appendix.yaml:1: error: the appendix file must be a mapping of keys"]),
]


@pytest.mark.parametrize("text, expected", BAD_APPENDIX)
def test_a_wrong_appendix_file_is_reported_with_its_line(tmp_path, text, expected):
    root = with_appendix(tmp_path, text)
    with pytest.raises(TemplateError) as e:
        load_appendix(root, "soe")
    assert [p.format() for p in e.value.problems] == expected
    assert composed(root)[1] == expected  # compose reports it with the templates' problems


# ---- the cover's data date and passed forecasts ------------------------------------------------

SERIES_BRIEF = """\
audience: soe
title: 测试手册
organiser: 测试办公室
date: 2026-11-22
chapters:
  - ch
"""


def composed_series(project, chapter: str):
    root = project({**files(REVENUE, GDP, FORECAST_ONLY, AREA, chapter=chapter), "briefs/soe.yaml": SERIES_BRIEF})
    report = Report()
    document, _, as_of_text = compose(root, load_factbase(root), load_brief(root, "soe"), report)
    assert document.cover.data_as_of == as_of_text
    return as_of_text, [p.format() for p in report.problems]


@pytest.mark.parametrize("chapter, cover", [
    ("{{ fact('economy.revenue', dated=True) }}\n", "数据截至2025年"),
    ("{{ fact('economy.revenue', as_of='2023', dated=True) }}，面积{{ fact('economy.area') }}。\n",
     "数据截至2024年1月"),
    # a label or a date alone prints no figure; a forecast says nothing about how current data are
    ("面积{{ fact('economy.area') }}，{{ label('economy.revenue') }}{{ as_of('economy.revenue') }}。\n",
     "数据截至2024年1月"),
    ("面积{{ fact('economy.area') }}；{{ dated('economy.output_2025_target') }}。\n", "数据截至2024年1月"),
    ("{{ key_figures('economy.revenue@2021', 'economy.area') }}\n", "数据截至2024年1月"),
    ("{{ chart('trend', '收入', ['economy.revenue']) }}\n", "数据截至2025年"),
])
def test_the_cover_date_is_the_latest_date_among_printed_figures(project, chapter, cover):
    as_of_text, problems = composed_series(project, chapter)
    assert as_of_text == cover
    assert not [p for p in problems if ": error:" in p]


def test_a_passed_forecast_with_no_actual_warns_at_its_template_line(project):
    _, problems = composed_series(project, "# 目标\n\n{{ dated('economy.output_2025_target') }}。\n")
    assert problems == [
        "templates/soe/ch.md:3: warning: 'economy.output_2025_target' is a forecast (目标1200亿元) for "
        "2025年, which is over by the pack's date (2026-11-22)\n"
        "  hint: no actual figure is in the fact base yet: add it to facts/ with the same `measure:`; "
        "or print it as history with its date ({{ period('economy.output_2025_target') }}), or leave it out"]


def test_a_forecast_whose_actual_is_known_prints_the_actual_and_warns(project):
    from briefkit import doc as d

    root = project({**files(REVENUE, GDP, chapter="{{ dated('economy.gdp_2025_forecast') }}。\n"),
                    "briefs/soe.yaml": SERIES_BRIEF})
    report = Report()
    document, _, _ = compose(root, load_factbase(root), load_brief(root, "soe"), report)
    para = next(b for b in document.blocks if isinstance(b, d.Paragraph))
    assert d.inline_text(para.inlines) == "2025年地区生产总值突破4000亿元[1]。"
    assert [p.format() for p in report.problems] == [
        "templates/soe/ch.md:1: warning: 'economy.gdp_2025_forecast' is a forecast (预计突破4000亿元 for "
        "2025年) and the actual figure is known: printing 突破4000亿元 (2025年, economy.gdp_2025)\n"
        "  hint: write 'economy.gdp' and drop 预计/目标 from the sentence around it"]
