"""The one 禁则 table: characters that may not start or end a line, and the marks that are squeezed.

After W3C "Requirements for Chinese Text Layout" (clreq, https://www.w3.org/TR/clreq/) and, for
kana, "Requirements for Japanese Text Layout" (jlreq, https://www.w3.org/TR/jlreq/). Every format
and every test takes its rules from here.
"""

from __future__ import annotations

# Point marks (clreq §3.1.1 点号): pauses inside a sentence (句内点号) and stops at its end
# (句末点号).
PAUSE_MARKS = frozenset("、，；：")
STOP_MARKS = frozenset("。？！")

# Where a clause ends, for settling citation marks and cutting labels out of quotes: the point
# marks, ellipsis and dash (clreq §3.1.2 标号 that close a phrase), and their ASCII forms.
CLAUSE_END = PAUSE_MARKS | STOP_MARKS | frozenset("…—,.;:!?")

# Brackets and quotes (clreq §3.1.2 标号: 引号, 括号, 书名号), opening and closing; also what
# citation marks must not stay inside.
OPENING_BRACKETS = frozenset("（《「『“‘〔〈【〖〘〚｛［｟«‹([{")
CLOSING_BRACKETS = frozenset("）》」』”’〕〉】〗〙〛｝］｠»›)]}")

# May not begin a line (clreq §6.1.1 "Prohibition rules for line start and line end"): closing
# brackets and quotes, point marks, ellipsis, dashes, connector and middle dots; also percent and
# degree signs, which belong to the number before them (§6.1.2 "Prohibition rules for
# unbreakable marks"), and small kana (jlreq §3.1.7 "Characters not starting a line": for the odd
# Japanese name).
NO_START = (
    PAUSE_MARKS | STOP_MARKS | CLOSING_BRACKETS
    | frozenset("…‥—–―·・" "%％‰℃°′″〜～" ",.;:?!)]}")
    | frozenset("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々ゝゞヽヾ")
)

# May not end a line (clreq §6.1.1): opening brackets and quotes.
NO_END = OPENING_BRACKETS

# Full-width punctuation whose ink sits in the left half of the em box (checked against the
# Noto CJK SC glyphs). Before more punctuation, and at a line's end, only that half is set
# (clreq §6.3.2 "Punctuation width adjustment", 标点挤压), so "，（" has no double gap and
# justified lines end optically flush.
SQUEEZE_CLOSE = frozenset("，。、；：？！）》」』”’〕〉】〗〙〛｝］")

# What a SQUEEZE_CLOSE mark is squeezed before: more closing marks, or opening ones.
SQUEEZE_BEFORE = SQUEEZE_CLOSE | frozenset("（《「『“‘〔〈【〖〘〚｛［")
