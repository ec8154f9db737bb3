"""Citation marks in running text: where they settle, and merging runs of inline text."""

from __future__ import annotations

from .. import doc as d

# Where a clause ends: a citation mark moves up to (before) the first of these, or before an
# opening bracket (a parenthetical is a clause of its own). A point or comma between two digits
# is part of a number (0.13, 1,000), never a clause end.
_CLAUSE_END = set("，。；：！？、）》」』”…—,.;:!?)")
_CLAUSE_OPEN = set("（(《【")
_IN_NUMBER = set(".,")


def _clause_end(text: str, before: str) -> int | None:
    """Return the index in `text` where the clause ends, or None; `before` is the text before it."""
    for i, ch in enumerate(text):
        if ch in _IN_NUMBER:
            prev = text[i - 1] if i else before[-1:]
            if prev.isdigit() and text[i + 1:i + 2].isdigit():
                continue
        if ch in _CLAUSE_END or ch in _CLAUSE_OPEN or ch == "\n":
            return i
    return None


def settle_citations(inlines: list[d.Inline]) -> list[d.Inline]:
    """Move citation marks to the end of their clause, before its punctuation, merging repeats.

    "4个[2]千亿级产业集群。" reads as "4个千亿级产业集群[2]。": a mark must not split a number
    from the noun it counts (the usual placement of 注码 in Chinese reports)."""
    out: list[d.Inline] = []
    pending: list[int] = []

    def flush():
        for n in sorted(set(pending)):
            if not (out and isinstance(out[-1], d.Citation) and out[-1].number == n):
                out.append(d.Citation(n))
        pending.clear()

    for x in inlines:
        if isinstance(x, d.Citation):
            pending.append(x.number)
            continue
        if pending and isinstance(x, d.Text):
            before = out[-1].text if out and isinstance(out[-1], d.Text) else ""
            cut = _clause_end(x.text, before)
            if cut is None:
                out.append(x)
                continue
            if cut:
                out.append(d.Text(x.text[:cut], x.bold, x.italic))
            flush()
            if x.text[cut:]:
                out.append(d.Text(x.text[cut:], x.bold, x.italic))
            continue
        out.append(x)
    flush()
    return merge_text(out)


def merge_text(inlines: list[d.Inline]) -> list[d.Inline]:
    """Join neighbouring text runs of the same style; drop empty ones."""
    out: list[d.Inline] = []
    for x in inlines:
        if (out and isinstance(x, d.Text) and isinstance(out[-1], d.Text)
                and (x.bold, x.italic) == (out[-1].bold, out[-1].italic)):
            out[-1] = d.Text(out[-1].text + x.text, x.bold, x.italic)
        elif not (isinstance(x, d.Text) and not x.text):
            out.append(x)
    return out
