"""Deck → frames: the slide grid, and every text fitted to its box with our own font metrics.

One 16:9 page of 960 × 540 pt (PowerPoint's widescreen, 13.333 × 7.5 in). Every size range
below is in points; the smallest sizes are what a back row can still read on a projector.
Text that does not fit at the smallest size of its range fails the build with the slide's
template line, rather than being shrunk by PowerPoint after the fact.
"""

from __future__ import annotations

import re

from .doc import slides as s
from .doc import Citation, Theme, inline_text
from .errors import BriefkitError, Loc, Problem
from .typography.measure import Piece, balance, break_lines

W, H = 960.0, 540.0
MARGIN = 56.0
SAFETY = 0.95  # fit into 95% of a box's width: PowerPoint's fonts differ a little in Latin digits
CONTENT_TOP, CONTENT_BOTTOM = 136.0, 474.0
FOOTER_Y = 494.0

# The sizes (points, largest first) each kind of text may take.
SIZES = {
    "title": (30, 26),  # a content slide's title
    "kicker": (13, 13),
    "deck_title": (54, 40),
    "deck_subtitle": (26, 20),
    "section_title": (48, 36),
    "section_lead": (22, 18),
    "bullets": (28, 18),
    "twocol": (22, 16),
    "lead": (20, 16),
    "figure_value": (66, 36),
    "figure_label": (20, 15),
    "figure_period": (13, 12),
    "source": (11, 10),
    "footer": (11, 11),
    "closing_title": (48, 36),
    "closing_lines": (18, 14),
    "sources": (16, 11),
}
UNIT_SCALE = 0.42  # the unit of a big number (亿元, 家) beside its digits
LINE = {"title": 1.2, "body": 1.4, "figure": 1.1}

# Chart boxes by slide kind: charts are drawn at exactly this size, so their type is true points.
CHART_BOX = {"chart": (W - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP - 8),
             "twocol": (440.0, CONTENT_BOTTOM - CONTENT_TOP - 8)}


def chart_box(slide_kind: str, chart_kind: str = "", n: int = 0) -> tuple[float, float]:
    """Return the size (points) a slide's chart is drawn at: its slide kind's box, narrower for
    one or two upright bars, which would otherwise stand far apart."""
    w, h = CHART_BOX[slide_kind]
    if slide_kind == "chart" and chart_kind in ("bar", "trend") and n <= 2:
        w = 600.0
    return w, h


class _Fit:
    """Collects the boxes that do not fit, so one build reports every slide at once."""

    def __init__(self):
        self.problems: list[Problem] = []

    def box(self, slide: s.Slide, name: str, paras: list[list[tuple[str, float, str]]], x: float,
            y: float, w: float, h: float, sizes: tuple[int, int], line_height: float = 1.4,
            align: str = "l", bullet: str = "", space_after: float = 0.0, max_lines: int | None = None,
            balanced: bool = False, hard_breaks: bool = False) -> s.TextBox:
        """Return a box with the largest size in `sizes` at which `paras` fit; record a problem
        (and return the smallest-size attempt) when none does.

        paras: paragraphs of (text, size relative to the chosen size, colour)."""
        hi, lo = sizes
        size = float(hi)
        while True:
            box = _try(paras, x, y, w, h, size, line_height, align, bullet, space_after, max_lines,
                       balanced, name, hard_breaks=hard_breaks)
            if box is not None:
                return box
            if size <= lo:
                break
            size = max(float(lo), size - 1)
        text = "／".join("".join(t for t, _, _ in p) for p in paras)
        limit = f" in at most {max_lines} line{'s' if max_lines != 1 else ''}" if max_lines else ""
        self.problems.append(Problem(
            slide.loc, f"slide {slide.number} ({slide.kind}): the {name} does not fit its box{limit} "
                       f"at {lo} pt, the smallest size for it: '{_short(text)}'",
            "shorten the text, or move part of it to another slide or to the notes (备注：)"))
        return _try(paras, x, y, w, h, float(lo), line_height, align, bullet, space_after, None,
                    balanced, name, force=True, hard_breaks=hard_breaks)


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _try(paras, x, y, w, h, size, line_height, align, bullet, space_after, max_lines, balanced,
         name, force=False, hard_breaks=False) -> s.TextBox | None:
    indent = size * 1.1 if bullet else 0.0
    limit = (w - indent) * SAFETY
    out: list[list[list[s.Span]]] = []
    for para in paras:
        # half points: what PowerPoint stores (hundredths), and the PDF then uses the same
        pieces = [Piece(t, round(size * rel * 2) / 2, col) for t, rel, col in para if t]
        lines = (balance if balanced else break_lines)(pieces, limit)
        if lines is None:
            if not force:
                return None
            lines = [pieces]
        out.append([[s.Span(p.text, p.size, p.colour) for p in line] for line in lines])
    box = s.TextBox(x, y, w, h, out, align, line_height, bullet, indent, space_after, name,
                    hard_breaks=balanced or hard_breaks, wrap=max_lines != 1)
    n_lines = len(box.line_sizes())
    if not force and (box.used_height() > h + 0.01 or (max_lines and n_lines > max_lines)):
        return None
    return box


# ---- colours --------------------------------------------------------------------------------


def _mix(a: str, b: str, t: float) -> str:
    """Return colour a mixed with b: t=0 is a, t=1 is b."""
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


class _Colours:
    def __init__(self, theme: Theme):
        self.accent = theme.accent
        self.light = theme.accent_light
        self.text = theme.text
        self.muted = theme.muted
        self.gold = theme.palette[1] if len(theme.palette) > 1 else theme.accent_light
        self.white = "#FFFFFF"
        self.deep = _mix(theme.accent, "#000000", 0.22)  # the darker band of title slides
        self.rule = "#D9D9D9"


# ---- big numbers ------------------------------------------------------------------------------

_NUMBER = re.compile(r"^(\D*?)(\d[\d.,/]*)(.*)$")


def split_value(value: str) -> tuple[str, str, str]:
    """Return a key figure's text as (qualifier, digits, unit): '近300家' → ('近', '300', '家').

    Text values ('上海首个') are all digits, i.e. shown large."""
    m = _NUMBER.match(value)
    if not m:
        return "", value, ""
    return m.group(1), m.group(2), m.group(3)


# ---- the layout -------------------------------------------------------------------------------


def layout(deck: s.Deck) -> list[s.Frame]:
    """Return one frame per slide; raise BriefkitError naming every slide whose text does not fit."""
    c = _Colours(deck.theme)
    fit = _Fit()
    frames = []
    total = len(deck.slides)
    for slide in deck.slides:
        make = {"title": _title, "section": _section, "closing": _closing}.get(slide.kind, _content)
        frame = make(slide, c, fit, deck, total)
        frame.notes, frame.number, frame.kind = slide.notes, slide.number, slide.kind
        frames.append(frame)
    if fit.problems:
        raise BriefkitError(fit.problems)
    return frames


def _title(slide: s.Slide, c: _Colours, fit: _Fit, deck: s.Deck, total: int) -> s.Frame:
    band = W * 0.82  # narrower than the title slide's: the closing line is the slide
    items: list = [s.Rect(0, 0, W, H, c.accent), s.Rect(band, 0, W - band, H, c.deep),
                   s.Rect(0, H - 10, W, 10, c.gold)]
    x, w = 80.0, band - 80 - 40
    if slide.kicker:
        items.append(fit.box(slide, "kicker", [[(slide.kicker, 1, c.gold)]], x, 120, w, 30, (20, 16),
                             max_lines=1))
    title = fit.box(slide, "title", [[(slide.title, 1, c.white)]], x, 160, w, 150,
                    SIZES["deck_title"], LINE["title"], max_lines=2, balanced=True)
    items.append(title)
    rule_y = 160 + title.used_height() + 18
    items.append(s.Rect(x, rule_y, 72, 3, c.gold))
    if slide.subtitle:
        items.append(fit.box(slide, "subtitle", [[(slide.subtitle, 1, c.light)]], x, rule_y + 22, w,
                             80, SIZES["deck_subtitle"], 1.3, max_lines=2))
    lines = [[(t, 1, c.light)] for t in slide.lines]
    if lines:
        items.append(fit.box(slide, "organiser and date", lines, x, 408, w, 80, (18, 14), 1.45))
    # The deck's four parts, in the darker band: what the audience will hear, in order.
    parts = [[(p.kicker, 1, c.gold), ("　" + p.title, 1, c.white)]
             for p in deck.slides if p.kind == "section"]
    if parts:
        bx = W * 0.68 + 48
        items.append(s.Rect(bx, 150, 40, 3, c.gold))
        items.append(fit.box(slide, "agenda", parts, bx, 172, W - bx - 40, 220, (22, 16), 1.3,
                             space_after=18))
    return s.Frame(W, H, c.accent, items)


def _section(slide: s.Slide, c: _Colours, fit: _Fit, deck: s.Deck, total: int) -> s.Frame:
    band = W * 0.38
    items: list = [s.Rect(0, 0, band, H, c.accent), s.Rect(band, 0, 6, H, c.gold)]
    items.append(fit.box(slide, "section number", [[(slide.kicker, 1, c.gold)]], 64, 170, band - 100,
                         150, (120, 96), 1.0, max_lines=1))
    x, w = band + 64, W - band - 64 - MARGIN
    title = fit.box(slide, "title", [[(slide.title, 1, c.accent)]], x, 180, w, 120,
                    SIZES["section_title"], LINE["title"], max_lines=2, balanced=True)
    items.append(title)
    y = 180 + title.used_height() + 20
    items.append(s.Rect(x, y, 56, 3, c.gold))
    if slide.subtitle:
        items.append(fit.box(slide, "lead", [[(slide.subtitle, 1, c.muted)]], x, y + 22, w,
                             H - y - 80, SIZES["section_lead"], 1.5, max_lines=4))
    return s.Frame(W, H, c.white, items)


def _closing(slide: s.Slide, c: _Colours, fit: _Fit, deck: s.Deck, total: int) -> s.Frame:
    band = W * 0.82  # narrower than the title slide's: the closing line is the slide
    items: list = [s.Rect(0, 0, W, H, c.accent), s.Rect(band, 0, W - band, H, c.deep),
                   s.Rect(0, H - 10, W, 10, c.gold)]
    x, w = 80.0, band - 80 - 40
    title = fit.box(slide, "title", [[(slide.title, 1, c.white)]], x, 150, w, 130,
                    SIZES["closing_title"], LINE["title"], max_lines=2, balanced=True)
    items.append(title)
    y = 150 + title.used_height() + 20
    items.append(s.Rect(x, y, 72, 3, c.gold))
    y += 24
    if slide.subtitle:
        sub = fit.box(slide, "subtitle", [[(slide.subtitle, 1, c.light)]], x, y, w, 70,
                      SIZES["deck_subtitle"], 1.3, max_lines=2)
        items.append(sub)
        y += sub.used_height() + 28
    if slide.lines:
        items.append(fit.box(slide, "contacts", [[(t, 1, c.white)] for t in slide.lines], x, y, w,
                             H - 40 - y, SIZES["closing_lines"], 1.45, space_after=4))
    return s.Frame(W, H, c.accent, items)


def _chrome(slide: s.Slide, c: _Colours, fit: _Fit, deck: s.Deck, total: int) -> list:
    """The parts every content slide shares: top band, kicker, title, rule, footer."""
    items: list = [s.Rect(0, 0, W, 8, c.accent), s.Rect(0, 8, W, 2, c.gold)]
    if slide.kicker:
        items.append(fit.box(slide, "kicker", [[(slide.kicker, 1, c.accent)]], MARGIN, 30, 600, 20,
                             SIZES["kicker"], 1.2, max_lines=1))
    items.append(fit.box(slide, "title", [[(slide.title, 1, c.text)]], MARGIN, 54, W - 2 * MARGIN,
                         72, SIZES["title"], LINE["title"], max_lines=2))
    items.append(s.Rect(MARGIN, 122, 48, 3, c.accent))
    items.append(s.Rect(MARGIN + 48, 123, W - 2 * MARGIN - 48, 1, c.rule))
    items.append(s.Rect(MARGIN, FOOTER_Y - 8, W - 2 * MARGIN, 0.75, c.rule))
    footer = f"{deck.footer}　{slide.number} / {total}" if deck.footer else f"{slide.number} / {total}"
    items.append(fit.box(slide, "footer", [[(footer, 1, c.muted)]], W - MARGIN - 230, FOOTER_Y, 230,
                         20, SIZES["footer"], 1.2, align="r", max_lines=1))
    if slide.source:
        items.append(fit.box(slide, "source line", [[(slide.source, 1, c.muted)]], MARGIN, FOOTER_Y,
                             W - 2 * MARGIN - 250, 34, SIZES["source"], 1.3, max_lines=2))
    return items


def _content(slide: s.Slide, c: _Colours, fit: _Fit, deck: s.Deck, total: int) -> s.Frame:
    items = _chrome(slide, c, fit, deck, total)
    top, bottom = CONTENT_TOP, CONTENT_BOTTOM
    x, w = MARGIN, W - 2 * MARGIN
    if slide.subtitle:
        lead = fit.box(slide, "lead", [[(slide.subtitle, 1, c.muted)]], x, top, w, 60, SIZES["lead"],
                       1.35, max_lines=2)
        items.append(lead)
        top += lead.used_height() + 14
    body = {"bignumber": _bignumber, "chart": _chart, "bullets": _bullets, "twocol": _twocol,
            "sources": _sources}[slide.kind]
    items += body(slide, c, fit, x, top, w, bottom - top)
    return s.Frame(W, H, c.white, items, has_numbers=bool(slide.source))


def _bignumber(slide, c, fit, x, y, w, h) -> list:
    n = len(slide.figures)
    cols = {4: 2}.get(n, min(n, 3))  # four numbers as 2 × 2: larger than four in a row
    rows = -(-n // cols)
    gap = 20.0
    cw = (w - gap * (cols - 1)) / cols
    ch = min(236.0 if rows == 1 else 162.0, (h - gap * (rows - 1)) / rows)
    y0 = y + max(0.0, (h - rows * ch - gap * (rows - 1)) / 2)  # the cards sit in the middle
    cards = []
    for i, k in enumerate(slide.figures):
        r, col = divmod(i, cols)
        cx, cy = x + col * (cw + gap), y0 + r * (ch + gap)
        q, digits, unit = split_value(k.value)
        value = [(q, UNIT_SCALE, c.accent), (digits, 1, c.accent), (unit, UNIT_SCALE, c.accent)]
        vb = fit.box(slide, f"key figure {k.value}", [value], cx + 24, cy + 20, cw - 40, ch * 0.42,
                     SIZES["figure_value"], LINE["figure"], max_lines=1)
        cards.append((k, value, vb, cx, cy))
    # One size for every number on the slide: the smallest that all of them fitted at.
    size = min((max(vb.line_sizes() or [0]) for *_, vb, _, _ in cards), default=0)
    items: list = []
    for k, value, vb, cx, cy in cards:
        items += [s.Rect(cx, cy, cw, ch, c.light), s.Rect(cx, cy, 5, ch, c.accent)]
        items.append(_try([value], vb.x, vb.y, vb.w, vb.h, size, LINE["figure"], "l", "", 0.0, 1,
                          False, vb.name, force=True))
        items.append(fit.box(slide, f"label of {k.value}", [[(k.label, 1, c.text)]], cx + 24,
                             cy + 20 + ch * 0.42 + 8, cw - 40, ch * 0.30, SIZES["figure_label"], 1.3,
                             max_lines=2))
        if k.period:
            items.append(fit.box(slide, "period", [[(k.period, 1, c.muted)]], cx + 24, cy + ch - 32,
                                 cw - 40, 20, SIZES["figure_period"], 1.2, max_lines=1))
    return items


def _chart(slide, c, fit, x, y, w, h) -> list:
    fig = slide.chart
    bw, bh = CHART_BOX["chart"]
    bh = min(bh, h)
    bw = min(bw, bh / fig.aspect)  # as drawn (chart_box): the picture keeps its proportions
    return [s.Picture(x + (w - bw) / 2, y + (h - bh) / 2, bw, bh, fig.image, fig.alt)]


def _para_spans(inlines, colour: str) -> list[tuple[str, float, str]]:
    """Text of inlines as one span; citation marks stay off slides (the source line names the
    sources). One span, so that 禁则 holds across a fact and the text after it."""
    return [("".join(inline_text([i]) for i in inlines if not isinstance(i, Citation)), 1, colour)]


def _bullets(slide, c, fit, x, y, w, h) -> list:
    paras = [_para_spans(b, c.text) for b in slide.bullets]
    return [fit.box(slide, "bullets", paras, x, y + 8, w, h - 8, SIZES["bullets"], LINE["body"],
                    bullet=c.accent, space_after=16)]


def _twocol(slide, c, fit, x, y, w, h) -> list:
    bw, bh = CHART_BOX["twocol"]
    tw = w - bw - 36
    items: list = []
    if slide.bullets:
        paras = [_para_spans(b, c.text) for b in slide.bullets]
        items.append(fit.box(slide, "text", paras, x, y + 6, tw, h - 6, SIZES["twocol"], LINE["body"],
                             bullet=c.accent, space_after=10))
    else:
        paras = [_para_spans(p, c.text) for p in slide.paragraphs]
        items.append(fit.box(slide, "text", paras, x, y + 6, tw, h - 6, SIZES["twocol"], 1.55,
                             space_after=12))
    if slide.chart is not None:
        bh = min(bh, h)
        items.append(s.Picture(x + w - bw, y + (h - bh) / 2, bw, bh, slide.chart.image,
                               slide.chart.alt))
    return items


def _sources(slide, c, fit, x, y, w, h) -> list:
    n = len(slide.lines)
    if n <= 7:
        return [fit.box(slide, "sources", [[(t, 1, c.text)] for t in slide.lines], x, y, w, h,
                        SIZES["sources"], 1.35, space_after=6, hard_breaks=True)]
    half = -(-n // 2)
    cw = (w - 32) / 2
    return [fit.box(slide, "sources", [[(t, 1, c.text)] for t in part], x + i * (cw + 32), y, cw, h,
                    SIZES["sources"], 1.35, space_after=6, hard_breaks=True)
            for i, part in enumerate((slide.lines[:half], slide.lines[half:]))]


def where(slide: s.Slide) -> Loc | None:
    """Return the template line of a slide (for renderers' messages)."""
    return slide.loc
