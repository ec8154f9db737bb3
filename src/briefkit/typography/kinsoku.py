"""The one 禁则 table: characters that may not start or end a line, and the marks that are squeezed.

After W3C "Requirements for Chinese Text Layout" (clreq, https://www.w3.org/TR/clreq/) and, for
kana, "Requirements for Japanese Text Layout" (jlreq, https://www.w3.org/TR/jlreq/). Every format
and every test takes its rules from here.
"""

from __future__ import annotations

# May not begin a line (clreq §6.1.1 "Prohibition rules for line start and line end"): closing
# brackets and quotes, pause and stop marks, ellipsis, dashes, connector and middle dots; also
# percent and degree signs, which belong to the number before them (§6.1.2 "Prohibition rules for
# unbreakable marks"), and small kana (jlreq §3.1.7 "Characters not starting a line": for the odd
# Japanese name).
NO_START = frozenset(
    "，。、；：？！…‥—–―·・"
    "）》」』”’〕〉】〗〙〛｝］｠»›"
    "%％‰℃°′″〜～"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々ゝゞヽヾ"
    ",.;:?!)]}"
)

# May not end a line (clreq §6.1.1): opening brackets and quotes.
NO_END = frozenset("（《「『“‘〔〈【〖〘〚｛［｟«‹([{")

# Full-width punctuation whose ink sits in the left half of the em box (checked against the
# Noto CJK SC glyphs). Before more punctuation, and at a line's end, only that half is set
# (clreq §6.3.2 "Punctuation width adjustment", 标点挤压), so "，（" has no double gap and
# justified lines end optically flush.
SQUEEZE_CLOSE = frozenset("，。、；：？！）》」』”’〕〉】〗〙〛｝］")

# What a SQUEEZE_CLOSE mark is squeezed before: more closing marks, or opening ones.
SQUEEZE_BEFORE = SQUEEZE_CLOSE | frozenset("（《「『“‘〔〈【〖〘〚｛［")
