"""Character classes for line breaking: CJK characters set one at a time, ideographs, blanks."""

from __future__ import annotations

# Blank characters: break opportunities that vanish at a line's ends (zero-width space too).
SPACES = frozenset(" \t\u2002\u2003\u2009\u200b")

# Characters dropped from the text stream (soft hyphen, word joiner, BOM, CR), as a str.translate
# table.
INVISIBLE = {ord(c): None for c in "\u00ad\u2060\ufeff\r"}

# Code-point ranges set one character at a time (ideographs, kana, hangul, CJK and general
# punctuation, full-width forms): a line may break between any two of them unless 禁则 forbids it.
_CJK_RANGES = (
    (0x00B7, 0x00B7), (0x2010, 0x2027), (0x2030, 0x203A), (0x2100, 0x214F), (0x2460, 0x24FF),
    (0x2500, 0x27BF), (0x2E80, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
    (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)
_CJK_CACHE: dict[str, bool] = {}


def is_cjk(ch: str) -> bool:
    """Return whether `ch` is set as a unit of its own (not part of a Latin word)."""
    hit = _CJK_CACHE.get(ch)
    if hit is None:
        o = ord(ch)
        hit = _CJK_CACHE[ch] = any(a <= o <= b for a, b in _CJK_RANGES)
    return hit


def is_ideograph(ch: str) -> bool:
    """Return whether `ch` is a Han ideograph (CJK Unified, Extension A–, Compatibility)."""
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF
