"""Citation marks settle where a Chinese report puts 注码: after their clause, before its
punctuation, never inside a number, a quotation, brackets or a book title, once per source per
sentence (or paragraph)."""

import pytest

from briefkit import doc as d
from briefkit.templating import settle_citations

T, C = d.Text, d.Citation


@pytest.mark.parametrize("inlines, settled", [
    ([T("4个"), C(2), T("千亿级产业集群。")], [T("4个千亿级产业集群"), C(2), T("。")]),
    ([T("甲"), C(2), T("乙"), C(1), T("丙")], [T("甲乙丙"), C(1), C(2)]),
    ([T("甲"), C(1), C(1), T("；")], [T("甲"), C(1), T("；")]),
    ([T("甲"), C(1), T("乙\n丙")], [T("甲乙"), C(1), T("\n丙")]),
    ([T("甲", bold=True), C(1), T("乙。")], [T("甲", bold=True), T("乙"), C(1), T("。")]),
    ([T("甲"), C(1), d.Link("乙丙", "#x"), T("。")], [T("甲"), d.Link("乙丙", "#x"), C(1), T("。")]),
])
def test_marks_move_to_the_end_of_their_clause(inlines, settled):
    assert settle_citations(inlines) == settled


@pytest.mark.parametrize("inlines, settled", [
    # a number: the decimal point, a range dash or a thousands comma does not end the clause
    ([T("密度1.15公里/平方公里（全市为0"), C(2), T(".13公里/平方公里），便利。")],
     [T("密度1.15公里/平方公里（全市为0.13公里/平方公里）"), C(2), T("，便利。")]),
    ([T("2025年10"), C(1), T("—12月，增长。")], [T("2025年10—12月"), C(1), T("，增长。")]),
    ([T("共1"), C(1), T(",000家。")], [T("共1,000家"), C(1), T("。")]),
    ([T("达"), C(1), T("1,000.5亿元，")], [T("达1,000.5亿元"), C(1), T("，")]),
    ([T("达5"), C(1), T(".5亿元。")], [T("达5.5亿元"), C(1), T("。")]),
    ([T("共5"), C(1), T(". 其余")], [T("共5"), C(1), T(". 其余")]),
    # a quotation
    ([T("推出全国首个“算力生态超市"), C(3), T("”。")], [T("推出全国首个“算力生态超市”"), C(3), T("。")]),
    ([T("称为“甲，乙"), C(3), T("”，丙。")], [T("称为“甲，乙”"), C(3), T("，丙。")]),
    # brackets, full- and half-width
    ([T("算力（M0"), C(4), T("）达标。")], [T("算力（M0）达标"), C(4), T("。")]),
    ([T("算力(M0"), C(4), T(")，达标。")], [T("算力(M0)"), C(4), T("，达标。")]),
    # a book title
    ([T("《上海市"), C(1), T("条例》实施，甲。")], [T("《上海市条例》实施"), C(1), T("，甲。")]),
    # an enclosure opened after the mark is skipped whole
    ([T("地铁站33座"), C(2), T("（含换乘站，见下），便利。")], [T("地铁站33座（含换乘站，见下）"), C(2), T("，便利。")]),
])
def test_marks_never_stand_inside_a_number_quote_bracket_or_title(inlines, settled):
    assert settle_citations(inlines) == settled


@pytest.mark.parametrize("inlines, unit, settled", [
    # one source cited twice in a sentence: only the last mark stays
    ([T("收入"), C(1), T("，增长"), C(1), T("。")], "sentence", [T("收入，增长"), C(1), T("。")]),
    ([T("甲"), C(3), T("，乙"), C(3), T("；丙"), C(3), T("。")], "sentence", [T("甲，乙；丙"), C(3), T("。")]),
    # different sentences keep their own marks
    ([T("甲"), C(1), T("。乙"), C(1), T("。")], "sentence", [T("甲"), C(1), T("。乙"), C(1), T("。")]),
    # a paragraph option: once per paragraph
    ([T("甲"), C(1), T("。乙"), C(1), T("。")], "paragraph", [T("甲。乙"), C(1), T("。")]),
    # two sources, each standing together: each keeps its last mark
    ([T("甲"), C(2), T("，乙"), C(1), T("，丙"), C(1), T("。")], "sentence",
     [T("甲"), C(2), T("，乙，丙"), C(1), T("。")]),
    # interleaved sources: all marks of the sentence go to its end, once each
    ([T("甲"), C(2), T("，乙"), C(3), T("，丙"), C(2), T("。丁"), C(2), T("。")], "sentence",
     [T("甲，乙，丙"), C(2), C(3), T("。丁"), C(2), T("。")]),
    # a decimal point does not end a sentence
    ([T("甲1"), C(1), T(".5%，乙"), C(1), T("。")], "sentence", [T("甲1.5%，乙"), C(1), T("。")]),
])
def test_each_source_is_cited_once_per_sentence_or_paragraph(inlines, unit, settled):
    assert settle_citations(inlines, unit) == settled
