"""Citation marks in running text: where they settle, and merging runs of inline text."""

from __future__ import annotations

from .. import doc as d

# Where a clause ends: a citation mark moves up to (before) the first of these.
_CLAUSE_END = set("，。；：！？、）》」』”…—,.;:!?)")


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
            cut = next((i for i, ch in enumerate(x.text) if ch in _CLAUSE_END or ch == "\n"), None)
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
