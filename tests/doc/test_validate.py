"""doc.validate: one table of bad documents, each with the exact message every format gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from docsample import png, sample_document

from briefkit import doc as d
from briefkit.errors import RenderError
from briefkit.render import docx as docx_renderer
from briefkit.render import pdf as pdf_renderer

HINT_CONTROL = "  hint: delete it from the source text (it often comes with text pasted from a PDF)"


def document(blocks: list, theme: dict | None = None, **meta) -> d.Document:
    """Return a one-source document holding `blocks` (citation [1] and '#sec' resolve)."""
    return d.Document(d.Meta("测试", **meta), d.Cover("标题"),
                      [d.Heading(1, "正文", "sec"), *blocks,
                       d.SourceList([d.SourceEntry(1, "澎湃新闻", "src-1")])],
                      d.Theme(**(theme or {})))


def junk(path: Path) -> str:
    path.write_bytes(b"not a picture")
    return str(path)


BAD = [  # (blocks, theme, meta) → the whole message, as a person reads it
    ([d.Heading(4, "四级")], {}, {},
     "error: heading '四级' has level 4; levels are 1, 2 and 3"),
    ([d.Paragraph([d.Text("x")], "aside")], {}, {},
     "error: paragraph style 'aside' is unknown; use one of body, lead, note"),
    ([d.Paragraph([d.Text("收入\x07250亿元")])], {}, {},
     "error: text contains U+0007, an invisible control character: '收入\\x07250亿元'\n"
     + HINT_CONTROL),
    ([d.Figure("/nonexistent/a.png", "图", 3)], {}, {},
     "error: figure 3 ('图'): image file /nonexistent/a.png does not exist"),
    ([d.Figure("/nonexistent/a.png", "无号图")], {}, {},
     "error: figure '无号图': image file /nonexistent/a.png does not exist"),
    ([d.Table(["a", "b"], [[[d.Text("1")]]], "表", 2)], {}, {},
     "error: table 2 ('表'), row 1: 1 cells for 2 columns"),
    ([d.Table([], [], "空表", 1)], {}, {},
     "error: table 1 ('空表') has no header row"),
    ([d.Table(["a"], [[[d.Text("1")]]], "表", 1, align=["x"])], {}, {},
     "error: table 1 ('表'): align must be 'l', 'r' or 'c' per column, got ['x']"),
    ([d.Table(["a", "b"], [], "表", 1, widths=[1, 0])], {}, {},
     "error: table 1 ('表'): widths must be 2 positive numbers, got [1, 0]"),
    ([d.Paragraph([d.Citation(9)])], {}, {},
     "error: citation [9] has no entry in the source list\n"
     "  hint: add the source, or remove the citation"),
    ([d.KeyFigures([d.KeyFigure("250亿元", "收入", 7)])], {}, {},
     "error: key figure '250亿元' cites [7], which has no entry in the source list"),
    ([d.Paragraph([d.Link("官网", "#nowhere")])], {}, {},
     "error: link '官网' points to '#nowhere', which no heading or source defines"),
    ([d.Paragraph([d.Link("官网", "")])], {}, {},
     "error: link '官网' has no target"),
    ([d.Heading(2, "又一节", "sec")], {}, {},
     "error: anchor 'sec' is used twice (heading '正文' and heading '又一节')\n"
     "  hint: give every heading a unique anchor"),
    ([d.Heading(2, "冒名", "src-1")], {}, {},
     "error: anchor 'src-1' is used twice (heading '冒名' and source [1])"),
    (["一段字符串"], {}, {},
     "error: str is not a kind of block the renderers know"),
    ([d.Paragraph(["字符串"])], {}, {},
     "error: str is not a kind of inline the renderers know"),
    ([], {"accent": "blue"}, {},
     "error: theme.accent must be a colour like '#1F4E79', got 'blue'"),
    ([], {"body_size": 0}, {},
     "error: theme.body_size must be a positive number of points, got 0"),
    ([], {}, {"created": "29.3.2024"},
     "error: meta.created must be an ISO date-time such as 2024-03-29T00:00:00+08:00, "
     "got '29.3.2024'"),
]
RENDERERS = {"docx": docx_renderer.render, "pdf": pdf_renderer.render}


@pytest.mark.parametrize("blocks, theme, meta, message", BAD)
def test_each_mistake_has_one_message(blocks, theme, meta, message):
    with pytest.raises(RenderError) as e:
        d.validate(document(blocks, theme, **meta))
    assert str(e.value) == message


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("blocks, theme, meta, message", BAD)
def test_every_format_reports_the_same_message_and_writes_nothing(
        tmp_path, fmt, blocks, theme, meta, message):
    out = tmp_path / f"x.{fmt}"
    with pytest.raises(RenderError) as e:
        RENDERERS[fmt](document(blocks, theme, **meta), out)
    assert str(e.value) == message
    assert not out.exists()


def test_every_problem_is_reported_at_once():
    bad = document([d.Heading(5, "五级"), d.Paragraph([d.Citation(8), d.Link("x", "#y")])],
                   {"muted": "grey"})
    assert [p.message.split(" ")[0] for p in d.problems(bad)] == [
        "theme.muted", "heading", "citation", "link"]


def test_a_control_character_is_reported_once_wherever_it_appears():
    bad = document([d.Paragraph([d.Text("甲\x0b乙")]), d.Paragraph([d.Text("丙\x0b丁")])],
                   author="作\x0b者")
    assert len(d.problems(bad)) == 1


@pytest.mark.parametrize("text", ["tab\there", "line\nbreak", "全角　空格"])
def test_tab_newline_and_ideographic_space_are_allowed(text):
    assert d.problems(document([d.Paragraph([d.Text(text)])])) == []


def test_the_sample_document_is_valid(tmp_path):
    assert d.problems(sample_document(tmp_path)) == []


def test_links_may_point_to_headings_and_sources():
    ok = document([d.Paragraph([d.Link("正文", "#sec"), d.Link("出处", "#src-1"),
                                d.Link("官网", "https://www.xuhui.gov.cn")])])
    assert d.problems(ok) == []


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_an_unreadable_image_is_named_alike_by_every_renderer(tmp_path, fmt):
    bad = document([d.Figure(junk(tmp_path / "bad.png"), "坏图", 4)])
    assert d.problems(bad) == []  # the file exists; reading it is the renderer's job
    with pytest.raises(RenderError) as e:
        RENDERERS[fmt](bad, tmp_path / f"x.{fmt}")
    assert not (tmp_path / f"x.{fmt}").exists()
    assert str(e.value) == (f"error: figure 4 ('坏图'): {tmp_path}/bad.png is not a readable "
                            "image\n  hint: write the figure as a PNG file")


def test_a_readable_image_passes(tmp_path):
    assert d.problems(document([d.Figure(str(png(tmp_path / "a.png")), "图", 1)])) == []
