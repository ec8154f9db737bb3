"""doc.conventions: the names and splits every format must agree on."""

from __future__ import annotations

import pytest

from briefkit import doc as d
from briefkit.doc import conventions as c


def test_a_citation_targets_the_anchor_of_its_source_entry():
    assert c.source_anchor(3) == "src-3"
    assert c.source_anchors(3) == ("src-3",)
    assert c.source_anchors(3, "own") == ("own", "src-3")
    assert c.source_anchors(3, "src-3") == ("src-3",)


def test_blocks_without_an_anchor_get_a_made_up_one():
    tree = d.Document(d.Meta("t"), d.Cover("t"), [
        d.TableOfContents(), d.Heading(1, "一", "ch1"), d.Heading(2, "二"), d.TableOfContents(),
        d.Paragraph([d.Text("x")]), d.SourceList([])])
    assert c.block_anchors(tree) == {0: "toc", 1: "ch1", 2: "h-2", 3: "toc-3", 5: "sources-5"}


@pytest.mark.parametrize("label, number, caption, expected", [
    (c.FIGURE_LABEL, 3, "大模型企业数量", "图 3\u3000大模型企业数量"),
    (c.TABLE_LABEL, 12, "重点载体", "表 12\u3000重点载体"),
    (c.TABLE_LABEL, 0, "无号", "无号"),
])
def test_caption_labels_read_label_number_ideographic_space_caption(label, number, caption,
                                                                    expected):
    assert c.caption_label(label, number, caption) == expected


@pytest.mark.parametrize("value, parts", [
    ("250亿元", [("250", True), ("亿元", False)]),
    ("突破4000亿元", [("突破", False), ("4000", True), ("亿元", False)]),
    ("近300家", [("近", False), ("300", True), ("家", False)]),
    ("74.45%", [("74.45", True), ("%", False)]),
    ("1,200万", [("1,200", True), ("万", False)]),
    ("3.5万/年", [("3.5", True), ("万/年", False)]),
    ("2021—2025年", [("2021", True), ("—", False), ("2025", True), ("年", False)]),
    ("12.", [("12", True), (".", False)]),  # a full stop after the number is not a decimal point
    ("全国首个", [("全国首个", False)]),
    ("", []),
])
def test_key_figure_values_split_into_number_and_unit_parts(value, parts):
    assert c.key_figure_parts(value) == parts
    assert c.key_figure_parts(d.KeyFigure(value, "标签")) == parts

