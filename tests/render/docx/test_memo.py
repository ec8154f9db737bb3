"""The memo of written blocks (render/docx/memo.py): a pack written with blocks taken from it has
the bytes of one written from scratch, whatever was written before in the process."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docsample import sample_document

from briefkit import doc as d
from briefkit.render.docx import memo, render
from briefkit.render.docx.writer import Writer


def _shifted(tree: d.Document) -> d.Document:
    """The same document with a table and a heading ahead of everything: every later caption
    number and bookmark id moves by one, and the cover names someone else."""
    extra = [d.Heading(1, "前言"), d.Table(["项目", "数量"], [[[d.Text("载体")], [d.Text("3")]]],
                                          caption="新增表")]
    return replace(tree, blocks=extra + list(tree.blocks),
                   cover=replace(tree.cover, dedication="敬呈 中国五矿集团有限公司"))


@pytest.fixture
def counted(monkeypatch):
    calls = []
    block = Writer._block

    def counting(self, b):
        calls.append(type(b).__name__)
        return block(self, b)

    monkeypatch.setattr(Writer, "_block", counting)
    monkeypatch.setattr(memo, "_MEMO", {})
    return calls


@pytest.mark.parametrize("before", ["same", "shifted"])
def test_a_document_written_after_others_has_the_bytes_of_one_written_first(tmp_path, counted, before):
    tree = sample_document(tmp_path)
    other = tree if before == "same" else _shifted(tree)
    render(tree, tmp_path / "cold.docx")
    cold_calls = len(counted)
    memo._MEMO.clear()
    render(other, tmp_path / "other.docx")
    counted.clear()
    render(tree, tmp_path / "warm.docx")
    assert (tmp_path / "warm.docx").read_bytes() == (tmp_path / "cold.docx").read_bytes()
    if before == "same":  # paragraphs, tables, panels and headings came from the memo
        assert len(counted) < cold_calls and {"Table", "KeyFigures"}.isdisjoint(counted), counted
        assert "Figure" in counted and "Paragraph" in counted  # a figure, the link paragraph
    render(other, tmp_path / "other-again.docx")
    assert (tmp_path / "other-again.docx").read_bytes() == (tmp_path / "other.docx").read_bytes()


def test_blocks_that_reach_outside_the_body_or_follow_a_page_break_are_never_memoised(tmp_path):
    tree = sample_document(tmp_path)
    writer = Writer(tree, None)
    link = d.Paragraph([d.Text("见"), d.Link("网站", "https://www.xuhui.gov.cn")])
    inner = d.Paragraph([d.Text("见"), d.Link("来源", "#src-1")])
    assert writer._memo_key(link) is None
    assert writer._memo_key(d.BulletList([[d.Text("一")]], ordered=True)) is None
    assert writer._memo_key(inner) is not None
    writer.break_next = True
    assert writer._memo_key(inner) is None
