"""Citation marks settle at the end of their clause, before its punctuation."""

import pytest

from briefkit import doc as d
from briefkit.templating import settle_citations

T, C = d.Text, d.Citation


@pytest.mark.parametrize("inlines, settled", [
    ([T("4个"), C(2), T("千亿级产业集群。")], [T("4个千亿级产业集群"), C(2), T("。")]),
    ([T("收入"), C(1), T("，增长"), C(1), T("。")], [T("收入"), C(1), T("，增长"), C(1), T("。")]),
    ([T("甲"), C(2), T("乙"), C(1), T("丙")], [T("甲乙丙"), C(1), C(2)]),
    ([T("甲"), C(1), C(1), T("；")], [T("甲"), C(1), T("；")]),
    ([T("甲"), C(1), T("乙\n丙")], [T("甲乙"), C(1), T("\n丙")]),
    ([T("甲", bold=True), C(1), T("乙。")], [T("甲", bold=True), T("乙"), C(1), T("。")]),
    # a decimal point is not a clause end, an opening bracket is: the mark stays with its figure
    ([T("密度1.15公里"), C(2), T("（全市为"), T("0.13公里"), C(2), T("），便利。")],
     [T("密度1.15公里"), C(2), T("（全市为0.13公里"), C(2), T("），便利。")]),
    ([T("达"), C(1), T("1,000.5亿元，")], [T("达1,000.5亿元"), C(1), T("，")]),
    ([T("达5"), C(1), T(".5亿元。")], [T("达5.5亿元"), C(1), T("。")]),
    ([T("共5"), C(1), T(". 其余")], [T("共5"), C(1), T(". 其余")]),
])
def test_marks_move_to_the_end_of_their_clause(inlines, settled):
    assert settle_citations(inlines) == settled
