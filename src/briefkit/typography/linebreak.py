"""The Chinese line breaker: atoms and their widths in, lines out; justification of one line.

Text is cut into atoms (one CJK character, a Latin word, a citation mark, a space); a paragraph
is filled greedily and broken only where the 禁则 table allows (clreq §6.1.1, §6.1.2), closing
marks are set at half width where clreq §6.3.2 squeezes them, and a justified line spreads its
slack over the gaps between atoms (clreq §6.2 "Text alignment and justification"). The breaker
never measures a font itself: a `Metrics` callable gives, for an atom's style, the font's advance
widths.

Why not UAX #14 (the `uniseg` package) for the break opportunities: over the 77 paragraphs of the
three packs it differs from these rules in 50 — it allows 151 breaks clreq forbids (between a
number and its unit: 200|家, 2023|年) and forbids 16 we allow (between ”“, after 大模型+). As it
is, every pack's lines would move; tailored until it agrees, it is these rules again plus a
dependency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .chars import INVISIBLE, SPACES, is_cjk, is_ideograph
from .kinsoku import NO_END, NO_START, PAUSE_MARKS, SQUEEZE_BEFORE, SQUEEZE_CLOSE
from .numbers import unbreakable_spans

Metrics = Callable[[Any], tuple[Mapping[int, float], float, float]]
"""style → (advance widths by code point in 1/1000 em, the default advance, the font size)."""

# Atom kinds. SOFT: a hyphenation point inside an English word, empty unless a line ends there.
CJK, LATIN, PIECE, CITE, SPACE, BREAK, SOFT = range(7)
HYPHEN = "-"
# An English line ends at a space rather than a hyphenation point while its word spaces open by
# no more than this (em, per space); past it the word is hyphenated (fewer loose lines, rivers).
LOOSE_SPACE = 0.3
_WORD = None  # compiled on first use: a word's letters and what follows them (punctuation)

EPS = 1e-6  # widths are floats: a line that fits to within this fits


class Atom:
    """An unbreakable unit of a line: one CJK character, a Latin word, a citation mark, a space.

    `style` is the caller's: the breaker hands it back to `Metrics` and never looks inside.
    """

    __slots__ = ("text", "style", "kind", "width", "no_start", "no_end", "squeeze")

    def __init__(self, text: str, style: Any, kind: int, width: float,
                 no_start: bool = False, no_end: bool = False):
        self.text, self.style, self.kind, self.width = text, style, kind, width
        self.no_start, self.no_end = no_start, no_end
        # 0: set in full; 1: may lose its right half at a line's end; 2: has lost it already
        self.squeeze = 1 if kind == CJK and text in SQUEEZE_CLOSE else 0

    def __repr__(self) -> str:
        return f"Atom({self.text!r}, kind={self.kind}, width={self.width:g})"


def text_width(text: str, style: Any, metrics: Metrics) -> float:
    """Return the advance width of `text` set in `style`."""
    widths, default, size = metrics(style)
    return sum(widths.get(ord(c), default) for c in text) * size / 1000.0


def atoms(runs: Iterable[tuple[str, Any, bool]], metrics: Metrics) -> list[Atom]:
    """Return the atoms of (text, style, is_citation) runs, in order."""
    out: list[Atom] = []
    for text, style, is_cite in runs:
        if is_cite:
            out.append(Atom(text, style, CITE, text_width(text, style, metrics), no_start=True))
            continue
        widths, default, size = metrics(style)
        scale = size / 1000.0
        text = text.translate(INVISIBLE)
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "\n":
                out.append(Atom("", style, BREAK, 0.0))
                i += 1
            elif ch in SPACES:
                shown = "" if ch == "\u200b" else " " if ch == "\t" else ch
                out.append(Atom(shown, style, SPACE, sum(widths.get(ord(c), default)
                                                         for c in shown) * scale))
                i += 1
            elif is_cjk(ch):
                out.append(Atom(ch, style, CJK, widths.get(ord(ch), default) * scale,
                                ch in NO_START, ch in NO_END))
                i += 1
            else:  # a Latin word, number or URL: runs until a space or a CJK character
                j = i + 1
                while j < n and not (text[j] in SPACES or text[j] == "\n" or is_cjk(text[j])):
                    j += 1
                word = text[i:j]
                out.append(Atom(word, style, LATIN, sum(widths.get(ord(c), default) for c in word)
                                * scale, word[0] in NO_START, word[-1] in NO_END))
                i = j
    # clreq §6.3.2: a closing mark before another mark or a citation keeps only its inked half.
    for a, b in zip(out, out[1:]):
        if a.squeeze == 1 and (b.kind == CITE or b.kind == CJK and b.text in SQUEEZE_BEFORE):
            a.width *= 0.5
            a.squeeze = 2
    return out


def hyphenate(items: list[Atom], metrics: Metrics, language: str = "en_US", shortest: int = 7) -> list[Atom]:
    """Return atoms with a SOFT atom at every hyphenation point (pyphen's dictionary for
    `language`) of each English word of `shortest` letters or more; at least two letters stay
    on the first line and three go to the next (pyphen's left=2, right=3)."""
    global _WORD
    import re

    import pyphen

    if _WORD is None:
        _WORD = re.compile(r"^([A-Za-z]+)([^A-Za-z]*)$")
    dic = pyphen.Pyphen(lang=language, left=2, right=3)
    out: list[Atom] = []
    for a in items:
        m = _WORD.match(a.text) if a.kind == LATIN and len(a.text) >= shortest else None
        cuts = dic.positions(m.group(1)) if m and len(m.group(1)) >= shortest else []
        if not cuts:
            out.append(a)
            continue
        bounds = [0, *cuts, len(a.text)]
        for k, (s, e) in enumerate(zip(bounds, bounds[1:])):
            if k:
                out.append(Atom("", a.style, SOFT, 0.0))
            piece = a.text[s:e]
            out.append(Atom(piece, a.style, LATIN, text_width(piece, a.style, metrics),
                            a.no_start and k == 0, a.no_end and e == len(a.text)))
    return out


def split_long(items: list[Atom], limit: float, metrics: Metrics) -> list[Atom]:
    """Return atoms with every Latin word wider than `limit` cut into pieces that fit.

    Only words that cannot fit on any line are cut (a long URL): after / - . _ ? & = if that is
    enough, else between any two characters.
    """
    if all(a.width <= limit for a in items):
        return items
    out: list[Atom] = []
    for a in items:
        if a.width <= limit or a.kind not in (LATIN, PIECE) or len(a.text) < 2:
            out.append(a)
            continue
        fine: list[str] = []
        for p in word_pieces(a.text):
            if text_width(p, a.style, metrics) <= limit:
                fine.append(p)
            else:
                fine.extend(p)
        out.extend(_piece_atoms(a, fine, metrics))
    return out


def word_pieces(word: str) -> list[str]:
    """Return a word cut after each / - . _ ? & = # : , ; (where URLs and compounds break)."""
    pieces, cur = [], ""
    for ch in word:
        cur += ch
        if ch in "/-._?&=#:,;":
            pieces.append(cur)
            cur = ""
    if cur:
        pieces.append(cur)
    return pieces


def _piece_atoms(a: Atom, pieces: list[str], metrics: Metrics) -> list[Atom]:
    last = len(pieces) - 1
    return [Atom(p, a.style, PIECE, text_width(p, a.style, metrics), a.no_start and k == 0,
                 a.no_end and k == last) for k, p in enumerate(pieces)]


def break_allowed(items: list[Atom], glue: bool = True) -> list[bool]:
    """Return ok[k] for k in 0..n: may a line break before items[k]?

    禁则 (clreq §6.1.1): never before a NO_START atom or a citation mark, never after a NO_END
    atom. Never inside a Latin word (two LATIN atoms meet where a word changes style). A number
    keeps the ideograph that follows it (250亿, 2024年: clreq §6.1.2), and a whole quantity —
    第3, 4000亿元, 2021—2025年, 1.15公里/平方公里 — stays on one line (typography.numbers).
    """
    n = len(items)
    ok = [False] * (n + 1)
    ok[n] = True
    glued = _quantity_joins(items) if glue else set()
    prev_solid = [-1] * (n + 1)  # index of the last non-space atom before k
    last = -1
    for k in range(n):
        prev_solid[k] = last
        if items[k].kind != SPACE:
            last = k
    next_solid = [n] * (n + 1)  # index of the first non-space atom at or after k
    nxt = n
    for k in range(n - 1, -1, -1):
        if items[k].kind != SPACE:
            nxt = k
        next_solid[k] = nxt
    for k in range(1, n):
        a, b = items[k - 1], items[k]
        if a.kind == BREAK or b.kind == BREAK:
            ok[k] = True
        elif b.kind == SOFT:
            ok[k] = False
        elif a.kind == SOFT:  # a line may end at a hyphenation point (and gets its hyphen)
            ok[k] = True
        elif a.kind == SPACE or b.kind == SPACE:
            p, q = prev_solid[k], next_solid[k]
            ok[k] = not (p >= 0 and items[p].no_end) and not (q < n and items[q].no_start)
        elif b.no_start or a.no_end:
            ok[k] = False
        elif a.kind == LATIN and b.kind == LATIN:
            ok[k] = False
        elif a.kind == LATIN and b.kind == CJK and a.text[-1].isdigit() and is_ideograph(b.text):
            ok[k] = False
        else:
            ok[k] = k not in glued
    return ok


def _quantity_joins(items: list[Atom]) -> set[int]:
    """Return the atom indices k that start inside a quantity (no break before items[k])."""
    starts, pos, parts = [], 0, []
    for a in items:
        starts.append(pos)
        # A citation mark's digits are no number of the text: stand it in with placeholders.
        text = "\ufffc" * len(a.text) if a.kind == CITE else a.text
        parts.append(text)
        pos += len(text)
    spans = unbreakable_spans("".join(parts))
    if not spans:
        return set()
    out, si = set(), 0
    for k, p in enumerate(starts):
        while si < len(spans) and spans[si][1] <= p:
            si += 1
        if si < len(spans) and spans[si][0] < p < spans[si][1]:
            out.add(k)
    return out


def stretchable(a: Atom, b: Atom) -> bool:
    """Return whether justification may widen the gap between two neighbouring atoms."""
    if b.kind == CITE:
        return False  # a citation mark hugs the text it supports
    if a.kind == SOFT or b.kind == SOFT:
        return False  # inside a hyphenated word
    if a.kind in (LATIN, PIECE) and b.kind in (LATIN, PIECE):
        return False  # one word, styled in parts
    return True


class Layout:
    """The atoms of a block broken into lines for one width.

    `lines` are (start, end, last) ranges of `atoms`, which is the layout's own list: squeezing
    replaces atoms, and words too long for any line are cut into pieces. With `balance`, a
    short text (a title, a label) breaks into lines of equal width; with `runt`, a paragraph's
    last line holds at least that many characters (孤字不成行).
    """

    __slots__ = ("atoms", "lines", "width", "metrics")

    def __init__(self, items: list[Atom], width: float, first_indent: float, open_end: bool,
                 metrics: Metrics, balance: bool = False, runt: int = 0):
        self.width = width
        self.metrics = metrics
        limit = max(width - max(first_indent, 0.0), 1.0)
        if balance:  # a title or label wraps at word ends, never at a hyphen
            items = [a for a in items if a.kind != SOFT]
        self.atoms = list(split_long(items, limit, metrics))
        self.lines = break_lines(self.atoms, width, first_indent, open_end, metrics)
        if balance and len(self.lines) > 1:
            self._balance(items, limit, first_indent, open_end)
        elif runt and not open_end and len(self.lines) > 1:
            self._pull_back_runt(runt, first_indent)

    def _balance(self, items, limit, first_indent, open_end) -> None:
        """Break into the same number of lines at the narrowest measure that allows it, so a
        title wraps as two even lines rather than a full line and a stray "版）"."""
        count = len(self.lines)
        lo, hi = self.width / count, self.width
        best = None
        for _ in range(14):
            mid = (lo + hi) / 2
            trial = list(split_long(items, min(limit, mid), self.metrics))
            lines = break_lines(trial, mid, first_indent, open_end, self.metrics)
            if len(lines) <= count:
                hi, best = mid, (trial, lines)
            else:
                lo = mid
        if best is not None:
            self.atoms, self.lines = best
        if count == 2 and not first_indent:
            self._two_lines_at_a_word_end(open_end)

    def _two_lines_at_a_word_end(self, open_end: bool) -> None:
        """Of the breaks that keep two lines in the measure, take the most even one, preferring
        a word's end: after a pause mark (PAUSE_MARKS), before an opening bracket, between script
        runs — so a label reads "国家级、市级 / 科研机构",
        "徐汇区 / （2025年）",
        not "（徐 / 汇区）"."""
        items = self.atoms
        n = len(items)
        ok = break_allowed(items)
        total = sum(a.width for a in items)
        em = max((a.width for a in items if a.kind == CJK), default=1.0)
        best = None
        left = 0.0
        for k in range(1, n):
            left += items[k - 1].width
            if not ok[k] or items[k].kind == BREAK or items[k - 1].kind == BREAK:
                continue
            w1 = line_width(items, 0, k)[1]
            w2 = total - left
            if w1 > self.width + EPS or w2 > self.width + EPS:
                continue
            shortest = min(_chars(items, 0, k), _chars(items, k, n))
            cost = abs(w1 - w2) - (2.5 * em if _word_end(items[k - 1], items[k]) else 0.0)
            cost += 4 * em if shortest < 2 else 0.0  # never one character alone on a line
            if best is None or cost <= best[0] + EPS:  # a tie: the longer first line
                best = (cost, k)
        if best is not None:
            k = best[1]
            self.lines = [(0, k, False), (k, n, not open_end)]

    def _pull_back_runt(self, runt: int, first_indent: float) -> None:
        """Give a short last line more characters by setting the lines before it a little
        narrower (clreq §3.5.4 on 孤字: a paragraph's last line should not hold one character).

        The last k lines (k = 1…4) are broken again at a measure narrower by up to 2 em; the
        first try that keeps their number, gives the last line `runt` characters and opens no
        gap wider than RUNT_STRETCH em is kept. If none does, 2 characters will do.
        """
        items, lines = self.atoms, self.lines
        s_last, e_last, _ = lines[-1]
        if _chars(items, s_last, e_last) >= runt or lines[-1][2] is False:
            return
        em = max((a.width for a in items if a.kind == CJK), default=0.0)
        if not em:
            return
        for need in (runt, 2):
            best = None  # (widest gap, k, lines): the try that opens the narrowest gaps
            for k in range(1, min(4, len(lines) - 1) + 1):
                start = lines[-(k + 1)][0]
                indent = first_indent if start == lines[0][0] else 0.0
                for step in range(1, 9):
                    narrower = self.width - step * em / 4
                    tail = break_lines(items[start:], narrower, indent, False, self.metrics)
                    if len(tail) != k + 1:
                        break
                    s, e, _ = tail[-1]
                    if _chars(items, start + s, start + e) < need:
                        continue
                    widest = max(_stretch(items, start + a, start + b,
                                          self.width - (indent if a == 0 else 0.0))
                                 for a, b, _ in tail[:-1])
                    if widest <= RUNT_STRETCH * em and (best is None or widest < best[0] - EPS):
                        best = (widest, [(start + a, start + b, last) for a, b, last in tail],
                                k)
                    break
            if best is not None:
                self.lines = lines[:-(best[2] + 1)] + best[1]
                return


RUNT_STRETCH = 0.12  # em: the widest gap pulling back a runt may open between two characters


def _chars(items: list[Atom], s: int, e: int) -> int:
    """Return how many characters items[s:e] reads as: ideographs, and a Latin word as one per
    two letters; punctuation and citation marks count for nothing."""
    n = 0
    for a in items[s:e]:
        if a.kind == CJK and not (a.no_start or a.no_end):
            n += 1
        elif a.kind in (LATIN, PIECE):
            n += max(1, len(a.text) // 2)
    return n


def _word_end(a: Atom, b: Atom) -> bool:
    """Return whether a break between a and b falls at a word's end in a short label."""
    return (a.text in PAUSE_MARKS or b.no_end
            or (a.kind == CJK) != (b.kind == CJK) and a.kind != CITE and b.kind != CITE)


def _stretch(items: list[Atom], s: int, e: int, avail: float) -> float:
    """Return the gap justification opens between the atoms of items[s:e] in `avail`."""
    e, natural = line_width(items, s, e)
    if e <= s:
        return 0.0
    if items[e - 1].squeeze == 1:
        natural -= items[e - 1].width * 0.5
    gaps = sum(stretchable(items[k - 1], items[k]) for k in range(s + 1, e))
    return max(avail - natural, 0.0) / gaps if gaps else 0.0


def break_lines(items: list[Atom], width: float, first_indent: float, open_end: bool,
                metrics: Metrics) -> list[tuple[int, int, bool]]:
    """Return lines as (start, end, last) ranges of `items`; `last` lines are not justified.

    Greedy fill; when the next atom does not fit, break at the nearest earlier position that
    禁则 allows — pulling a character down to the next line rather than letting punctuation
    start a line or hang past the margin. Where the whole line offers no allowed break (a word
    followed by a run of closing marks in a narrow column), squeeze the marks, then cut the
    word; only if both fail is the rule broken — never the margin. `items` may be changed in
    place (squeezed marks, cut words). With `open_end`, the last line is justified too (the
    block goes on in another flowable).
    """
    for k, a in enumerate(items):  # a hyphen shown by an earlier pass is a bare point again
        if a.kind == SOFT and a.text:
            items[k] = Atom("", a.style, SOFT, 0.0)
    ok = break_allowed(items)
    lines: list[tuple[int, int, bool]] = []
    n = len(items)
    i = 0
    while i < n:
        while i < n and items[i].kind == SPACE:
            i += 1
        if i >= n:
            break
        avail = width - (first_indent if not lines else 0.0)
        w = 0.0
        j = i
        hard = False
        while j < n:
            a = items[j]
            if a.kind == BREAK:
                hard = True
                break
            # A closing mark fits if its inked half does (it is squeezed at the line's end).
            need = a.width * 0.5 if a.squeeze == 1 else a.width
            if w + need > avail + EPS and j > i and a.kind != SPACE:
                break
            w += a.width
            j += 1
        if hard:
            lines.append((i, j, True))
            i = j + 1
            continue
        if j >= n:
            lines.append((i, n, not open_end))
            break
        k = j
        while k > i and not ok[k]:
            k -= 1
        if k > i and items[k - 1].kind == SOFT:
            k = _hyphen_break(items, ok, i, k, avail, metrics)
        if k == i:  # a quantity wider than the measure (a table cell) breaks after its slash
            k = _inside_quantity(items, i, j)
        if k == i:  # no allowed break before the margin: squeeze marks, then cut a word
            k = _squeeze_to_fit(items, ok, i, j, avail)
            if k is None:
                if _cut_word(items, i, j, metrics):
                    ok = break_allowed(items)
                    n = len(items)
                    continue  # lay out this line again
                k = max(j, i + 1)
        u = _address_at(items, k)
        if u is not None and _loose_before(items, i, k, avail, metrics):
            items[u:u + 1] = _piece_atoms(items[u], word_pieces(items[u].text), metrics)
            ok = break_allowed(items)
            n = len(items)
            continue  # lay out this line again, with the address cut after / . ? & =
        lines.append((i, k, False))
        i = k
    return lines


LOOSE_SLACK = 3.0  # em: a line this short of its measure before a web address is loose


def _address_at(items: list[Atom], k: int) -> int | None:
    """Return the index of the web address that starts at items[k] — after any opening marks
    that go down with it, as in 官网（https://…）— or None."""
    while k < len(items) and items[k].kind == CJK and items[k].no_end:
        k += 1
    if k >= len(items):
        return None
    a = items[k]
    if a.kind != LATIN or not ("/" in a.text or a.text.startswith("www.")):
        return None  # only an address is cut: MiniMax-ABAB stays whole
    return k


def _loose_before(items: list[Atom], i: int, k: int, avail: float, metrics: Metrics) -> bool:
    """Return whether the line items[i:k] would be set loose (LOOSE_SLACK short of its measure)
    because the web address after it moved down whole."""
    _, natural = line_width(items, i, k)
    return avail - natural > LOOSE_SLACK * metrics(items[k].style)[2]


def _hyphen_break(items: list[Atom], ok: list[bool], i: int, k: int, avail: float,
                  metrics: Metrics) -> int:
    """Return where a line from items[i] ends when the latest allowed break, k, is a hyphenation
    point: at the last space instead if that line is not too loose (LOOSE_SPACE), else at the
    latest hyphenation point whose hyphen still fits, which then prints its hyphen."""
    space = next((q for q in range(k - 1, i, -1) if ok[q] and items[q - 1].kind != SOFT), i)
    size = metrics(items[i].style)[2]
    if space > i:
        end, natural = line_width(items, i, space)
        spaces = sum(1 for q in range(i, end) if items[q].kind == SPACE)
        if spaces and (avail - natural) / spaces <= LOOSE_SPACE * size:
            return space
    for q in range(k, space, -1):
        if ok[q] and items[q - 1].kind == SOFT:
            soft = items[q - 1]
            width = text_width(HYPHEN, soft.style, metrics)
            if line_width(items, i, q)[1] + width <= avail + EPS:
                items[q - 1] = Atom(HYPHEN, soft.style, SOFT, width, False, True)
                return q
    return space


def _inside_quantity(items: list[Atom], i: int, j: int) -> int:
    """Return the best break inside a quantity that cannot fit the measure whole, or i: after
    its slash or range dash if there is one (公里/⏎平方公里), else at the margin's last break
    that only the quantity rule forbids."""
    loose = break_allowed(items, glue=False)
    fallback = i
    for k in range(j, i, -1):
        if loose[k]:
            if items[k - 1].text.endswith(("/", "—", "–", "~", "～")):
                return k
            fallback = max(fallback, k)
    return fallback


def _squeeze_to_fit(items: list[Atom], ok: list[bool], i: int, j: int,
                    avail: float) -> int | None:
    """Return the end of a line from items[i] that has no allowed break before the margin.

    A run of closing marks (quote, bracket, full stop one after another) may push past the
    margin; set each of them at half width (clreq §6.3.2) if that brings the run up to its next
    allowed break inside the measure. Return None if that does not fit either.
    """
    q = j + 1
    while q < len(items) and not ok[q]:
        q += 1
    squeezed = sum(a.width * 0.5 if a.squeeze == 1 else a.width for a in items[i:q])
    if squeezed <= avail + EPS:
        for k in range(i, q - 1):  # the last mark is squeezed at the line's end anyway
            a = items[k]
            if a.squeeze == 1:
                items[k] = Atom(a.text, a.style, a.kind, a.width * 0.5, a.no_start, a.no_end)
                items[k].squeeze = 2
        return q
    return None


def _cut_word(items: list[Atom], i: int, j: int, metrics: Metrics) -> bool:
    """Cut the last Latin word of items[i..j] into pieces a line may break between; return
    whether there was one. Used only when the alternative is a line starting with a closing
    mark."""
    for k in range(min(j, len(items) - 1), i - 1, -1):
        a = items[k]
        if a.kind in (LATIN, PIECE) and len(a.text) > 1:
            pieces = word_pieces(a.text) if a.kind == LATIN else []
            items[k:k + 1] = _piece_atoms(a, pieces if len(pieces) > 1 else list(a.text), metrics)
            return True
    return False


def line_width(items: list[Atom], s: int, e: int) -> tuple[int, float]:
    """Return (end, width) of items[s:e] without the spaces and breaks it ends with."""
    while e > s and items[e - 1].kind in (SPACE, BREAK):
        e -= 1
    return e, sum(items[k].width for k in range(s, e))


class LineFit:
    """How one line is set in its measure: where it ends, where it starts, its letter-spacing."""

    __slots__ = ("end", "offset", "char_space", "stretch")

    def __init__(self, end: int, offset: float, char_space: float, stretch: list[bool]):
        self.end = end  # trailing spaces dropped
        self.offset = offset  # from the measure's start (centred and right-aligned lines)
        self.char_space = char_space  # added after each stretchable atom; 0 = not justified
        self.stretch = stretch  # stretch[k - s]: is the gap before atom k widened?


def fit_line(items: list[Atom], s: int, e: int, avail: float, align: str, justify: bool,
             max_stretch: float, metrics: Metrics) -> LineFit:
    """Return how items[s:e] is set in a measure of `avail` (align: left, center, right).

    Justification spreads the slack evenly over the gaps between atoms (each CJK character is
    an atom, a Latin word is one), as character spacing; a squeezed closing mark at the end
    lets the line end on its ink. A line whose gaps would open wider than `max_stretch` em of
    its first atom is set unjustified instead (a short last-but-one line before a long URL).
    """
    e, natural = line_width(items, s, e)
    if e <= s:
        return LineFit(e, 0.0, 0.0, [])
    if items[e - 1].squeeze == 1:
        natural -= items[e - 1].width * 0.5
    slack = avail - natural
    cs = 0.0
    stretch = [False] * (e - s)
    if justify and slack > 0:
        for k in range(s + 1, e):
            stretch[k - s] = stretchable(items[k - 1], items[k])
        gaps = sum(stretch)
        if gaps:
            cs = slack / gaps
            if cs > max_stretch * metrics(items[s].style)[2]:
                cs = 0.0
    offset = 0.0
    if cs == 0.0:
        if align == "center":
            offset = slack / 2
        elif align == "right":
            offset = slack
    return LineFit(e, offset, cs, stretch)
