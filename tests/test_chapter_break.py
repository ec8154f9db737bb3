"""Chapters run on unless a brief asks for chapter_break: page; the contents keep their page."""

from __future__ import annotations

import pytest
from conftest import REPO

from briefkit import doc as d
from briefkit.brief import load_brief
from briefkit.compose import chapter_breaks
from briefkit.errors import BriefError

BRIEF = ("audience: soe\ntitle: 手册\ndate: 2026-11-22\nchapter_break: {}\nchapters:\n"
         "  - overview\n")


def test_chapters_run_on_by_default():
    assert load_brief(REPO, "soe").chapter_break == "none"


def test_a_brief_may_start_each_chapter_on_a_new_page(project):
    root = project({"briefs/b.yaml": BRIEF.format("page")})
    assert load_brief(root, "b").chapter_break == "page"


def test_chapter_break_must_be_page_or_none(project):
    root = project({"briefs/b.yaml": BRIEF.format("pages")})
    with pytest.raises(BriefError) as e:
        load_brief(root, "b")
    assert e.value.problems[0].format() == (
        "briefs/b.yaml:4:16: error: chapter_break must be page or none, got 'pages'\n"
        "  hint: did you mean 'page'?")


def test_page_breaks_go_before_every_chapter_but_the_first():
    blocks = [d.Heading(1, "一"), d.Paragraph([d.Text("甲")]), d.Heading(2, "（一）"),
              d.Heading(1, "二"), d.PageBreak(), d.Heading(1, "三")]
    kinds = [type(b).__name__ + (str(b.level) if isinstance(b, d.Heading) else "")
             for b in chapter_breaks(blocks)]
    assert kinds == ["Heading1", "Paragraph", "Heading2", "PageBreak", "Heading1", "PageBreak",
                     "Heading1"]
