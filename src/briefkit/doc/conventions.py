"""Rules every format shares: anchor names, 图/表 labels, key-figure number and unit parts."""

from __future__ import annotations

from .nodes import Document, Heading, KeyFigure, SourceList, TableOfContents

FIGURE_LABEL = "图"
TABLE_LABEL = "表"
LABEL_GAP = "\u3000"  # an ideographic space between '图 3' and the caption text


def source_anchor(number: int) -> str:
    """Return the anchor of source entry `number`, the target of Citation(number)."""
    return f"src-{number}"


def source_anchors(number: int, anchor: str = "") -> tuple[str, ...]:
    """Return the names a source entry answers to: its own anchor (if any), then src-<number>."""
    return tuple(dict.fromkeys(n for n in (anchor, source_anchor(number)) if n))


def block_anchors(document: Document) -> dict[int, str]:
    """Return block index → anchor for headings, contents and source lists, made up where the
    block has none (h-<index>, sources-<index>, toc): the names links and bookmarks can use."""
    out: dict[int, str] = {}
    for i, b in enumerate(document.blocks):
        if isinstance(b, Heading):
            out[i] = b.anchor or f"h-{i}"
        elif isinstance(b, SourceList):
            out[i] = f"sources-{i}"
        elif isinstance(b, TableOfContents):
            out[i] = "toc" if "toc" not in out.values() else f"toc-{i}"
    return out


def caption_label(label: str, number: int, caption: str, gap: str = LABEL_GAP) -> str:
    """Return '图 3　caption' (label, number, ideographic space, text), or the caption alone
    when the block has no number; an English pack passes its own label and gap (Figure 3  …)."""
    return f"{label} {number}{gap}{caption}" if number else caption


def key_figure_parts(item: KeyFigure | str) -> list[tuple[str, bool]]:
    """Split a key figure's value into (text, is_number) runs: digits, and a '.' or ',' between
    two digits, are the number, set large; everything else (近, 亿元, %, 家) is set small, so
    '突破4000亿元' reads as its number and fits its card."""
    value = item.value if isinstance(item, KeyFigure) else item
    runs: list[tuple[str, bool]] = []
    cur, cur_big = "", False
    for i, ch in enumerate(value):
        big = ch.isdigit() or (ch in ".," and 0 < i < len(value) - 1
                               and value[i - 1].isdigit() and value[i + 1].isdigit())
        if cur and big != cur_big:
            runs.append((cur, cur_big))
            cur = ""
        cur += ch
        cur_big = big
    if cur:
        runs.append((cur, cur_big))
    return runs
