"""Citation marks in running text: where they settle, and merging runs of inline text.

The rules are those of 注码 in Chinese reports (GB/T 7714 顺序编码制 as editors apply it):
a mark follows the clause it supports, before the clause's punctuation; it never sits inside a
number (0.13, 10—12月), a quotation (“…”), brackets (（…）, (…)) or a book title (《…》); and a
sentence (or, if the brief asks, a paragraph) names each source once.
"""

from __future__ import annotations

from .. import doc as d
from ..typography import CLAUSE_END, CLOSING_BRACKETS, OPENING_BRACKETS, STOP_MARKS

# Where a clause ends (the shared clause punctuation, or a line end): a mark moves up to
# (before) the first of these.
_CLAUSE_END = CLAUSE_END | {"\n"}
# Enclosures a mark must not stay inside: it moves out past their closing character.
_OPEN = OPENING_BRACKETS
_CLOSE = CLOSING_BRACKETS
# Where a sentence ends (for "once per source per sentence").
_SENTENCE_END = STOP_MARKS | set("!?\n")

UNITS = ("sentence", "paragraph")  # the brief's `citations:` option


def _is_clause_end(text: str, i: int) -> bool:
    """True if text[i] ends a clause: punctuation, but not a decimal point or range dash between
    two digits (0.13, 10—12, 1,000 are one number)."""
    ch = text[i]
    if ch not in _CLAUSE_END:
        return False
    if 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return False
    return True


def _targets(text: str, marks: list[int]) -> list[int]:
    """Return, for each mark offset into `text`, the offset it settles at.

    A mark moves forward to the first clause end that is outside every enclosure — those open
    where the mark stands and those opened after it."""
    depth_at = []
    depth = 0
    for ch in text:
        depth_at.append(depth)
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth > 0:
            depth -= 1
    depth_at.append(depth)
    out = []
    for pos in marks:
        target = len(text)
        for i in range(pos, len(text)):
            if depth_at[i] == 0 and _is_clause_end(text, i):
                target = i
                break
        out.append(target)
    return out


def settle_citations(inlines: list[d.Inline], unit: str = "sentence") -> list[d.Inline]:
    """Move citation marks to the end of their clause, before its punctuation, and name each
    source once per sentence (`unit="paragraph"`: once per paragraph).

    "4个[2]千亿级产业集群。" reads as "4个千亿级产业集群[2]。": a mark must not split a number
    from the noun it counts, and "0[2].13" or "“超市[3]”" must not happen at all."""
    # Flatten: text runs with their offsets; marks with the offset they stand at.
    runs: list[tuple[int, d.Inline]] = []  # (start offset, inline) for non-citation inlines
    marks: list[tuple[int, int]] = []  # (offset, number), in reading order
    text = ""
    for x in inlines:
        if isinstance(x, d.Citation):
            marks.append((len(text), x.number))
        else:
            runs.append((len(text), x))
            text += x.text
    if not marks:
        return merge_text(list(inlines))
    settled = list(zip(_targets(text, [p for p, _ in marks]), [n for _, n in marks]))
    settled = _once_per_unit(text, settled, unit)
    # Rebuild: cut the runs at every offset a mark settles at.
    by_offset: dict[int, list[int]] = {}
    for pos, n in settled:
        by_offset.setdefault(pos, [])
        if n not in by_offset[pos]:
            by_offset[pos].append(n)
    out: list[d.Inline] = []
    for start, x in runs:
        end = start + len(x.text)
        cuts = sorted(p for p in by_offset if start <= p < end)
        pos = start
        for cut in cuts:
            if cut > pos:
                out.append(_slice(x, pos - start, cut - start))
            out += [d.Citation(n) for n in sorted(by_offset.pop(cut))]
            pos = cut
        if end > pos:
            out.append(_slice(x, pos - start, end - start))
    for cut in sorted(by_offset):  # marks at the very end
        out += [d.Citation(n) for n in sorted(by_offset[cut])]
    return merge_text(out)


def _slice(x: d.Inline, a: int, b: int) -> d.Inline:
    if isinstance(x, d.Text):
        return d.Text(x.text[a:b], x.bold, x.italic)
    return d.Link(x.text[a:b], x.target)


def _once_per_unit(text: str, settled: list[tuple[int, int]], unit: str) -> list[tuple[int, int]]:
    """Keep one mark per source in each sentence (or paragraph).

    Where a source's marks are not interleaved with another source's, the last one stays: it
    follows every clause the source supports. In a sentence where they are interleaved
    ("甲[2]，乙[3]，丙[2]。"), keeping any one would attribute a clause to the wrong source, so all
    the sentence's marks go to its end, once each ("甲，乙，丙[2][3]。")."""
    groups: dict[int, list[tuple[int, int]]] = {}
    for pos, n in settled:
        groups.setdefault(_unit_index(text, pos, unit), []).append((pos, n))
    out: list[tuple[int, int]] = []
    for key in sorted(groups):
        marks = groups[key]
        numbers = [n for _, n in marks]
        runs = [n for i, n in enumerate(numbers) if i == 0 or numbers[i - 1] != n]
        if len(runs) == len(set(runs)):  # each source's marks stand together
            last = {n: pos for pos, n in marks}
            out += sorted((pos, n) for n, pos in last.items())
        elif unit == "sentence":
            end = _unit_end(text, marks[-1][0])
            out += [(end, n) for n in sorted(set(numbers))]
        else:  # a paragraph: the last mark of each source stays
            last = {n: pos for pos, n in marks}
            out += sorted((pos, n) for n, pos in last.items())
    return out


def _unit_index(text: str, pos: int, unit: str) -> int:
    """Return which sentence (0, 1, …) offset `pos` is in; always 0 for a paragraph."""
    if unit == "paragraph":
        return 0
    # a mark settled before the sentence's final punctuation belongs to that sentence
    return sum(1 for i in range(pos) if text[i] in _SENTENCE_END and _is_clause_end(text, i))


def _unit_end(text: str, pos: int) -> int:
    """Return the offset of the punctuation that ends the sentence at `pos` (or the text's end)."""
    for i in range(pos, len(text)):
        if text[i] in _SENTENCE_END and _is_clause_end(text, i):
            return i
    return len(text)


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
