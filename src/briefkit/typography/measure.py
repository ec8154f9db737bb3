"""Text widths from our own font (the prepared Noto Sans SC), line breaking and size fitting.

Slides are fitted here, once, so that the PPTX and the PDF show the same sizes: python-pptx's
auto-fit only sets a flag that PowerPoint applies after the user edits the text. The widths are
the advance widths of the face the PDF embeds; 微软雅黑/黑体, which the PPTX names, set every
Chinese character on the same 1 em, and fitting keeps a safety margin for Latin digits.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinsoku import NO_END, NO_START

_WIDTHS: dict[str, tuple[dict[int, int], int, int]] = {}



def _table(role: str = "sans") -> tuple[dict[int, int], int, int]:
    if role not in _WIDTHS:
        from fontTools.ttLib import TTFont

        from ..fonts import prepare

        path = prepare([role])[role]
        font = TTFont(str(path), lazy=True)
        metrics = font["hmtx"].metrics
        widths = {cp: metrics[name][0] for cp, name in font.getBestCmap().items()}
        _WIDTHS[role] = (widths, font["head"].unitsPerEm, metrics[".notdef"][0])
    return _WIDTHS[role]


def width(text: str, size: float, role: str = "sans") -> float:
    """Return the advance width of `text` at `size` points."""
    widths, upm, default = _table(role)
    return sum(widths.get(ord(c), default) for c in text) * size / upm


def _is_wordchar(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".%+-/:·,")


def tokens(text: str) -> list[str]:
    """Return the unbreakable pieces of `text`: a CJK character, a Latin word or number, a space.

    A number keeps the character after it (250亿, 10万): a line never ends between a number
    and its unit."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if _is_wordchar(ch):
            j = i
            while j < len(text) and _is_wordchar(text[j]):
                j += 1
            if j < len(text) and text[i:j][-1:].isdigit() and not text[j].isspace():
                j += 1  # glue the unit's first character to the number
            out.append(text[i:j])
            i = j
        else:
            out.append(ch)
            i += 1
    # 禁则: closing punctuation sticks to the token before it, opening to the one after.
    glued: list[str] = []
    for t in out:
        if glued and (t[0] in NO_START or glued[-1][-1] in NO_END):
            glued[-1] += t
        else:
            glued.append(t)
    return glued


@dataclass(frozen=True)
class Piece:
    """A run of text in one size (and colour) to be broken into lines."""

    text: str
    size: float
    colour: str = ""


def break_lines(pieces: list[Piece], limit: float) -> list[list[Piece]] | None:
    """Break pieces into lines no wider than `limit`; None if a single token is wider."""
    lines: list[list[Piece]] = [[]]
    used = 0.0
    for p in pieces:
        for tok in tokens(p.text):
            w = width(tok, p.size)
            if tok == "\n":
                lines.append([])
                used = 0.0
                continue
            if used + w > limit and used > 0:
                lines.append([])
                used = 0.0
                tok = tok.lstrip()
                w = width(tok, p.size)
            if w > limit:
                return None
            line = lines[-1]
            if line and line[-1].size == p.size and line[-1].colour == p.colour:
                line[-1] = Piece(line[-1].text + tok, p.size, p.colour)
            else:
                line.append(Piece(tok, p.size, p.colour))
            used += w
    return [[x for x in line if x.text] for line in lines]


def line_width(line: list[Piece]) -> float:
    """Return the width of one broken line."""
    return sum(width(p.text, p.size) for p in line)


def balance(pieces: list[Piece], limit: float) -> list[list[Piece]] | None:
    """Break like break_lines, then narrow the measure while the line count stays the same, so a
    title does not leave one character alone on its last line."""
    lines = break_lines(pieces, limit)
    if lines is None or len(lines) < 2:
        return lines
    lo, hi = limit * 0.5, limit
    best = lines
    for _ in range(12):
        mid = (lo + hi) / 2
        trial = break_lines(pieces, mid)
        if trial is not None and len(trial) == len(lines):
            best, hi = trial, mid
        else:
            lo = mid
    return best
