"""Document tree → PDF with reportlab: Chinese line breaking (禁则), justification, TOC, bookmarks."""

from __future__ import annotations

import hashlib
import os
import re
import struct
import zlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFObject
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, FrameBreak, LayoutError, PageTemplate
from reportlab.platypus.frames import Frame

from .. import doc as d
from .. import fonts
from ..typography import linebreak as lb
from ..errors import Problem, RenderError
from ._tounicode import TTFont  # reportlab's, with ToUnicode CMaps that hold beyond U+FFFF

# ---- units and styles: the one table of sizes, spacing and colours ---------------------------

PAGE_W, PAGE_H = A4
MARGIN_LEFT = MARGIN_RIGHT = 2.4 * cm
MARGIN_TOP = 2.7 * cm
MARGIN_BOTTOM = 2.5 * cm
HEADER_RISE = 0.95 * cm  # header baseline above the text frame
HEADER_RULE_GAP = 0.22 * cm  # header rule below the header baseline
FOOTER_DROP = 1.2 * cm  # footer baseline below the text frame
RULE_THIN = 0.5  # pt
RULE_ACCENT = 2.4  # pt: h1 underline bar, quote bar, h2 side bar
RULE_ROW = 0.25  # pt, between table rows
RULE_TABLE_END = 0.8  # pt, under a table

ASCENT, DESCENT = 0.88, 0.12  # of the ideographic em box (Noto CJK), × font size
CITE_SIZE, CITE_RISE = 0.62, 0.36  # superscript [n], × the size of the text it follows
ITALIC_SLANT = 0.2  # tan of the oblique angle: CJK faces have no italic, so slant the glyphs
MAX_STRETCH = 1.0  # em: a justified line never opens wider gaps than this (else left-aligned)
H1_BAR = 1.8 * cm  # length of the accent bar under a chapter heading
H1_RULE_ROOM = 0.55  # em of the heading: room below a chapter title for its rule
H2_BAR_W = 3.0  # pt, the side bar of a level-2 heading
H2_BAR_GAP = 0.6  # em: text of a level-2 heading starts this far right of its side bar
BULLET_X, BULLET_Y, BULLET_R = 1.05, 0.34, 0.17  # em: dot centre left of the text, above
# the baseline, and radius
MARKER_GAP = 0.45  # em between a number or [n] marker and its text
QUOTE_RULE_X = 1.0  # em: the quote bar stands this far left of the quote text
QUOTE_RULE_INSET = 0.15  # × leading: the bar stops short of the block's top and bottom
LINK_PAD = 1.0  # pt added around a link's text to make its clickable area

TABLE_PAD_X, TABLE_PAD_Y = 5.0, 3.2  # pt, cell padding
TABLE_ZEBRA = 0.45  # how much of accent_light tints every other row (0 white, 1 full)
TABLE_MIN_ROWS = 2  # body rows that must follow a table caption on the same page
TABLE_SPACE = 0.3  # × body size between a table and its source line
TABLE_AFTER = 1.0  # × body size after a table without a source line
LIST_AFTER = 0.9  # × body size after the last item of a list
TABLE_AUTO_MAX = 0.6  # auto widths: no column's natural width counts beyond this share
TABLE_AUTO_DAMP = 0.8  # auto widths grow as natural width ** this (wide columns give way)

KEY_GAP = 8.0  # pt between key-figure boxes
KEY_PAD = 0.9  # em (body size) inside a box
KEY_RADIUS = 3.0  # pt
KEY_UNIT = 0.5  # a unit (亿元, %, 家) is set at this fraction of the number's size
KEY_VALUE_LINE = 1.15  # × value size: the line a value takes
KEY_LABEL_GAP = 0.25  # × body size between value and label
KEY_TITLE_GAP = 0.4  # × body size between the panel title and the boxes
KEY_TOP_BAR = 0.8  # × RULE_ACCENT: the accent edge on top of each box
KEY_BEFORE, KEY_AFTER = 0.9, 1.2  # × body size around the panel

FIGURE_MAX_H = 0.62  # an image never takes more than this fraction of the frame height
FIGURE_SPACE = 0.6  # × body size around a figure
FIGURE_CAPTION_GAP = 0.5  # × body size between the image and its caption
TOC_PAGE_W = 2.6  # em: the page-number column of the table of contents
TOC_DOT_STEP = 3.6  # pt between leader dots
TOC_DOT_R = 0.42  # pt, leader dot radius
TOC_DOT_Y = 0.27  # em above the baseline
TOC_DOT_FROM = 0.4, 0.6  # × body size: leaders end this far into the number column, and
# start this far after the entry's text

COVER_BAND = 0.44  # the colour band ends this fraction of the page height from the bottom
COVER_STRIPE = 4.0  # pt, the light stripe under the band
COVER_TITLE_MIN = 0.7  # a long cover title may shrink to this fraction of its size
COVER_TITLE_STEP = 0.94  # … in steps of this factor
COVER_LABEL_TOP = 3.0 * cm  # the audience label's top, below the page top
COVER_LABEL_PAD, COVER_LABEL_H = 0.8, 2.0  # em: the label's side padding and height
COVER_TITLE_BOTTOM = 2.4 * cm  # the title block ends this far above the band's lower edge
COVER_BAR, COVER_BAR_GAP = 1.6 * cm, 0.9 * cm  # the white bar above the title, and its gap
COVER_SUBTITLE_GAP = 0.9  # × body size between title and subtitle
COVER_DEDICATION_DROP = 2.4 * cm  # the dedication's top, below the band
COVER_FOOT_RULE = 0.5 * cm  # the rule above the organiser block, above its first line


@dataclass(frozen=True)
class _BlockStyle:
    """How one kind of text block looks; sizes and spaces are relative to theme.body_size."""

    use: str  # a key of fonts.USES
    size: float  # × theme.body_size
    colour: str  # a Theme attribute, or '#rrggbb'
    leading: float = 0.0  # × size; 0 = theme.line_spacing
    first_indent: float = 0.0  # em of this style
    left_indent: float = 0.0  # em
    right_indent: float = 0.0  # em
    before: float = 0.0  # × theme.body_size
    after: float = 0.0  # × theme.body_size
    align: str = "justify"  # justify, left, center, right


STYLES: dict[str, _BlockStyle] = {
    # Body text: 宋体-style serif, 2 em first-line indent (GB/T 9704 practice), justified.
    "body": _BlockStyle("body", 1.0, "text", first_indent=2, after=0.45),
    "lead": _BlockStyle("body", 1.14, "text", first_indent=2, after=0.9),
    "note": _BlockStyle("body", 0.86, "muted", 1.55, after=0.45),
    "h1": _BlockStyle("heading", 1.9, "accent", 1.3, after=1.6, align="left"),
    "h2": _BlockStyle("heading", 1.33, "accent", 1.35, before=1.5, after=0.6, align="left"),
    "h3": _BlockStyle("heading", 1.1, "text", 1.4, before=1.0, after=0.35, align="left"),
    "bullet": _BlockStyle("body", 1.0, "text", left_indent=2.2, after=0.3),
    "quote": _BlockStyle("body", 1.0, "text", left_indent=3.0, right_indent=2.0,
                         before=0.5, after=1.0),
    "figure_caption": _BlockStyle("caption", 0.95, "text", 1.45, align="center"),
    "table_caption": _BlockStyle("caption", 0.95, "text", 1.45, align="center",
                                 before=0.6, after=0.45),
    "source": _BlockStyle("caption", 0.8, "muted", 1.5, align="left", after=1.0),
    "cell": _BlockStyle("table", 0.86, "text", 1.4, align="left"),
    "head_cell": _BlockStyle("table", 0.86, "#FFFFFF", 1.35, align="left"),
    "toc1": _BlockStyle("heading", 1.05, "text", 1.5, before=0.75, align="left"),
    "toc2": _BlockStyle("body", 1.0, "text", 1.5, left_indent=2, before=0.2, align="left"),
    "toc3": _BlockStyle("body", 0.95, "muted", 1.5, left_indent=4, before=0.1, align="left"),
    "source_entry": _BlockStyle("body", 0.86, "text", 1.5, left_indent=2.8, after=0.35),
    "key_title": _BlockStyle("heading", 1.0, "accent", 1.4, align="left", before=0.4),
    "key_value": _BlockStyle("keyfigure", 2.2, "accent", 1.15, align="center"),
    "key_label": _BlockStyle("keyfigure", 0.86, "text", 1.4, align="center"),
    "header": _BlockStyle("header", 0.78, "muted"),
    "cover_audience": _BlockStyle("cover", 1.05, "#FFFFFF", 1.2, align="left"),
    "cover_title": _BlockStyle("cover", 3.4, "#FFFFFF", 1.3, align="left"),
    "cover_subtitle": _BlockStyle("cover", 1.5, "accent_light", 1.4, align="left"),
    "cover_dedication": _BlockStyle("cover", 1.6, "text", 1.45, align="left"),
    "cover_organiser": _BlockStyle("cover", 1.15, "text", 1.6, align="left"),
    "cover_date": _BlockStyle("cover", 1.0, "muted", 1.6, align="left"),
    "cover_contact": _BlockStyle("cover", 0.86, "muted", 1.6, align="left"),
}
HEADING_STYLE = {1: "h1", 2: "h2", 3: "h3"}
PARAGRAPH_STYLES = ("body", "lead", "note")

# ---- runs and atoms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """How a stretch of text is drawn."""

    font: str
    size: float
    colour: Color
    rise: float = 0.0
    link: str = ""  # URL or '#anchor'
    slant: bool = False


BULLET = "bullet"  # a list item's marker: a drawn dot

_WIDTHS: dict[str, tuple[dict, int]] = {}


def _char_widths(font: str) -> tuple[dict, int]:
    if font not in _WIDTHS:
        face = pdfmetrics.getFont(font).face
        _WIDTHS[font] = (face.charWidths, face.defaultWidth)
    return _WIDTHS[font]


def _metrics(run: _Run) -> tuple[dict, int, float]:
    """Return the advance widths of a run's font (1/1000 em) and its size: for the line breaker."""
    widths, default = _char_widths(run.font)
    return widths, default, run.size


def _width(text: str, run: _Run) -> float:
    return lb.text_width(text, run, _metrics)


def _atoms(runs: list[tuple[str, _Run, bool]]) -> list[lb.Atom]:
    """Return the atoms of (text, run, is_citation) runs, in order."""
    return lb.atoms(runs, _metrics)


def _layout(atoms: list[lb.Atom], width: float, first_indent: float, open_end: bool,
            balance: bool = False) -> lb.Layout:
    return lb.Layout(atoms, width, first_indent, open_end, _metrics, balance)


# ---- drawing lines ----------------------------------------------------------------------------


def _draw_line(canv, atoms: list[lb.Atom], s: int, e: int, x: float, y: float, avail: float,
               align: str, justify: bool) -> float:
    """Draw atoms[s:e] with baseline y from x in a measure of `avail`; return the end x.

    The line breaker decides the spacing (lb.fit_line); it is drawn as character spacing, since
    reportlab's own justification only widens spaces, which Chinese text has none of.
    """
    fit = lb.fit_line(atoms, s, e, avail, align, justify, MAX_STRETCH, _metrics)
    e = fit.end
    if e <= s:
        return x
    x += fit.offset
    cs, stretch = fit.char_space, fit.stretch
    text_obj = canv.beginText()
    cur_font = cur_colour = cur_cs = None
    links: list[tuple[str, float, float, _Run]] = []
    pos = x
    k = s
    while k < e:
        a = atoms[k]
        run = a.style
        m = k + 1
        # A fragment is drawn with one text operator; a squeezed mark ends it, since the next
        # glyph must be placed closer than its advance.
        if cs == 0.0:
            while m < e and atoms[m].style is run and atoms[m - 1].squeeze != 2:
                m += 1
            tc = 0.0
        else:
            if len(a.text) == 1:
                while (m < e and atoms[m].style is run and len(atoms[m].text) == 1
                       and stretch[m - s] and atoms[m - 1].squeeze != 2):
                    m += 1
            tc = cs if m - k > 1 else 0.0
        text = "".join(atoms[q].text for q in range(k, m))
        width = sum(atoms[q].width for q in range(k, m)) + tc * (m - k - 1)
        if text.strip():
            if (run.font, run.size) != cur_font:
                text_obj.setFont(run.font, run.size)
                cur_font = (run.font, run.size)
            if run.colour != cur_colour:
                text_obj.setFillColor(run.colour)
                cur_colour = run.colour
            if tc != cur_cs:
                text_obj.setCharSpace(tc)
                cur_cs = tc
            if run.slant:
                text_obj.setTextTransform(1, 0, ITALIC_SLANT, 1, pos, y + run.rise)
            else:
                text_obj.setTextOrigin(pos, y + run.rise)
            text_obj.textOut(text)
        if run.link:
            if links and links[-1][0] == run.link and abs(links[-1][2] - pos) < 1e-3 + cs:
                links[-1] = (run.link, links[-1][1], pos + width, links[-1][3])
            else:
                links.append((run.link, pos, pos + width, run))
        pos += width
        if m < e and stretch[m - s]:
            pos += cs
        k = m
    canv.drawText(text_obj)
    for target, x0, x1, run in links:
        rect = (x0, y + run.rise - DESCENT * run.size - LINK_PAD,
                x1, y + run.rise + ASCENT * run.size + LINK_PAD)
        if target.startswith("#"):
            canv.linkRect("", target[1:], rect, relative=1, thickness=0)
        else:
            canv.linkURL(target, rect, relative=1, thickness=0)
    return pos


# ---- the style kit: theme + styles → runs ---------------------------------------------------


def _colour(value: str) -> Color:
    return HexColor(value)


def _mix(a: Color, b: Color, t: float) -> Color:
    """Return a blended t of the way from colour a to b."""
    return Color(a.red + (b.red - a.red) * t, a.green + (b.green - a.green) * t,
                 a.blue + (b.blue - a.blue) * t)


@dataclass(frozen=True)
class _Para:
    """A block style resolved against the theme: absolute sizes and colours."""

    run: _Run
    leading: float
    first_indent: float
    left: float
    right: float
    before: float
    after: float
    align: str


class _Kit:
    """The theme and style table resolved into runs and paragraph settings."""

    def __init__(self, theme: d.Theme):
        self.theme = theme
        self.body = theme.body_size
        self.colours = {k: _colour(getattr(theme, k)) for k in
                        ("accent", "accent_light", "text", "muted", "cover_band")}
        self.font = {use: fonts.ROLES[role].pdf_name for use, role in fonts.USES.items()}
        self._paras: dict[str, _Para] = {}

    def colour(self, key: str) -> Color:
        return self.colours[key] if key in self.colours else _colour(key)

    def para(self, name: str) -> _Para:
        """Return the resolved settings of style `name`."""
        if name not in self._paras:
            st = STYLES[name]
            size = st.size * self.body
            em = size
            run = _Run(self.font[st.use], size, self.colour(st.colour))
            leading = (st.leading or self.theme.line_spacing) * size
            self._paras[name] = _Para(run, leading, st.first_indent * em, st.left_indent * em,
                                      st.right_indent * em, st.before * self.body,
                                      st.after * self.body, st.align)
        return self._paras[name]

    def runs(self, inlines: list[d.Inline], base: _Run) -> list[tuple[str, _Run, bool]]:
        """Return (text, run, is_citation) for inlines drawn on top of `base`."""
        out = []
        for item in inlines:
            if isinstance(item, d.Citation):
                out.append((f"[{item.number}]", self.cite_run(base, item.number), True))
            elif isinstance(item, d.Link):
                out.append((item.text, replace(base, colour=self.colours["accent"],
                                                link=item.target), False))
            else:
                run = base
                if item.bold:
                    # Only Regular faces exist: emphasis is the 黑体 face (as in print), or
                    # the accent colour when the text is already in the sans face.
                    sans = self.font["heading"]
                    run = (replace(run, font=sans) if run.font != sans
                           else replace(run, colour=self.colours["accent"]))
                if item.italic:
                    run = replace(run, slant=True)
                out.append((item.text, run, False))
        return out

    def cite_run(self, base: _Run, number: int) -> _Run:
        return _Run(self.font["heading"], base.size * CITE_SIZE, self.colours["accent"],
                    rise=base.size * CITE_RISE + base.rise, link=f"#src-{number}")

    def atoms(self, inlines: list[d.Inline], style: str) -> list[lb.Atom]:
        return _atoms(self.runs(inlines, self.para(style).run))

    def text_atoms(self, text: str, style: str, run: _Run | None = None) -> list[lb.Atom]:
        return _atoms([(text, run or self.para(style).run, False)])


# ---- flowables --------------------------------------------------------------------------------


def _dry(canv) -> bool:
    """Whether this is a layout-only pass (the first of multiBuild): nothing it draws is kept."""
    tmpl = getattr(canv, "_doctemplate", None)
    return bool(tmpl is not None and getattr(tmpl, "dry", False))


class _Lines(Flowable):
    """A block of text broken into lines by our own 禁则 line breaker, then justified."""

    def __init__(self, atoms: list[lb.Atom], para: _Para, *, anchors: tuple[str, ...] = (),
                 marker: list[lb.Atom] | str | None = None, rule: Color | None = None,
                 continued: bool = False, open_end: bool = False, splittable: bool = True,
                 accent: Color | None = None, balance: bool = False):
        super().__init__()
        self.accent = accent
        self.balance = balance
        self.atoms = atoms
        self.para = para
        self.anchors = anchors
        self.marker = marker
        self.rule = rule
        self.continued = continued
        self.open_end = open_end
        self.splittable = splittable
        self.spaceBefore = 0.0 if continued else para.before
        self.spaceAfter = 0.0 if open_end else para.after
        self._layouts: dict[float, lb.Layout] = {}

    def _measure(self, aw: float) -> float:
        return aw - self.para.left - self.para.right

    def layout(self, aw: float) -> lb.Layout:
        key = round(aw, 3)
        lay = self._layouts.get(key)
        if lay is None:
            first = 0.0 if self.continued else self.para.first_indent
            lay = self._layouts[key] = _layout(self.atoms, self._measure(aw), first,
                                               self.open_end, self.balance)
        return lay

    def wrap(self, aw, ah):
        self.width = aw
        self.height = len(self.layout(aw).lines) * self.para.leading
        return aw, self.height

    def lead_height(self, aw: float) -> float:
        """Return the height that must stay with a heading above: its first two lines."""
        n = len(self.layout(aw).lines)
        return self.spaceBefore + (n if n <= 3 or not self.splittable else 2) * self.para.leading

    def split(self, aw, ah):
        if not self.splittable:
            return []
        lay = self.layout(aw)
        n = len(lay.lines)
        fit = int((ah + 1e-6) // self.para.leading)
        if fit >= n:
            return [self]
        fit = min(fit, n - 2)  # no widow: at least two lines go on
        if fit < 2:  # no orphan: at least two lines stay
            return []
        cut = lay.lines[fit][0]
        # Greedy breaking from a line start depends only on that start, so both halves break
        # into exactly the lines they had together.
        head = _Lines(lay.atoms[:cut], self.para, anchors=self.anchors, marker=self.marker,
                      rule=self.rule, continued=self.continued, open_end=True,
                      accent=self.accent)
        tail = _Lines(lay.atoms[cut:], self.para, rule=self.rule, continued=True,
                      open_end=self.open_end)
        return [head, tail]

    def baseline(self, index: int) -> float:
        """Return the baseline of line `index`, measured from the top of the block."""
        p = self.para
        return index * p.leading + (p.leading - p.run.size) / 2 + ASCENT * p.run.size

    def draw(self):
        canv = self.canv
        if _dry(canv):
            return
        lay = self.layout(self.width)
        p = self.para
        top = self.height
        for name in () if self.continued else self.anchors:
            canv.bookmarkHorizontal(name, 0, top + p.before / 2)
        if self.rule is not None and lay.lines:
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(RULE_ACCENT)
            x = p.left - QUOTE_RULE_X * p.run.size
            inset = QUOTE_RULE_INSET * p.leading
            canv.line(x, inset, x, top - inset)
        for idx, (s, e, last) in enumerate(lay.lines):
            x = p.left + (p.first_indent if idx == 0 and not self.continued else 0.0)
            y = top - self.baseline(idx)
            avail = lay.width - (x - p.left)
            # The marker first, so that extracted and copied text reads "[1] 来源…", "1. 项目…".
            if idx == 0 and self.marker == BULLET and not self.continued:
                size = p.run.size
                canv.setFillColor(self.accent)
                canv.circle(p.left - BULLET_X * size, y + BULLET_Y * size, BULLET_R * size,
                            stroke=0, fill=1)
            elif idx == 0 and self.marker and not self.continued:
                _, mw = lb.line_width(self.marker, 0, len(self.marker))
                _draw_line(canv, self.marker, 0, len(self.marker),
                           p.left - mw - MARKER_GAP * p.run.size, y, mw, "left", False)
            _draw_line(canv, lay.atoms, s, e, x, y, avail, p.align, p.align == "justify"
                       and not last)


class _Heading(_Lines):
    """A heading: never split, carries its TOC and outline entry, and draws its decoration."""

    def __init__(self, atoms, para, *, level: int, text: str, anchor: str, toc_level: int,
                 outline_level: int, decor: str = "", accent: Color | None = None,
                 light: Color | None = None):
        super().__init__(atoms, para, anchors=(anchor,), splittable=False, balance=True)
        self.accent = accent
        self.level = level
        self.text = text
        self.anchor = anchor
        self.toc_level = toc_level  # 0 = not in the table of contents
        self.outline_level = outline_level  # -1 = not in the bookmarks
        self.decor = decor
        self.light = light
        self.extra = para.run.size * H1_RULE_ROOM if decor == "h1" else 0.0

    def wrap(self, aw, ah):
        w, h = super().wrap(aw, ah)
        self.height = h + self.extra
        return w, self.height

    def lead_height(self, aw):
        return self.spaceBefore + self.wrap(aw, 1e6)[1] + self.spaceAfter

    def split(self, aw, ah):
        return []

    def draw(self):
        if _dry(self.canv):
            return
        canv = self.canv
        p = self.para
        h_text = self.height - self.extra
        if self.decor == "h1":
            canv.setStrokeColor(self.light)
            canv.setLineWidth(RULE_THIN)
            canv.line(0, RULE_ACCENT / 2, self.width, RULE_ACCENT / 2)
            canv.setFillColor(self.accent)
            canv.rect(0, 0, H1_BAR, RULE_ACCENT, stroke=0, fill=1)
        elif self.decor == "h2":
            lines = len(self.layout(self.width).lines)
            canv.setFillColor(self.accent)
            top = self.height - (p.leading - p.run.size) / 2  # the em box of the first line
            bottom = top - (lines - 1) * p.leading - p.run.size  # … down to the last line's
            canv.rect(0, bottom, H2_BAR_W, top - bottom, stroke=0, fill=1)
        canv.saveState()
        canv.translate(0, self.extra)
        saved = self.height
        self.height = h_text
        try:
            super().draw()
        finally:
            self.height = saved
            canv.restoreState()


class _KeepSpace(Flowable):
    """Start a new page unless what follows (a heading chain and the start of the next block)
    fits in the space left; with `always`, start a new page unless already at a page top."""

    _ZEROSIZE = True

    def __init__(self, parts: list = (), always: bool = False):
        super().__init__()
        self.parts = list(parts)
        self.always = always

    def wrap(self, aw, ah):
        frame = getattr(self, "_frame", None)
        # With no room left (ah < 0) the frame ends by itself before this is placed; a FrameBreak
        # queued now would then fire on the fresh page and leave it empty.
        if frame is None or frame._atTop or ah < -1e-6:
            return 0, 0
        if self.always:
            frame.add_generated_content(FrameBreak)
            return 0, 0
        need = sum(_lead(part, aw) for part in self.parts)
        if need > ah + 1e-6 and need <= frame._aH:
            frame.add_generated_content(FrameBreak)
        return 0, 0

    def draw(self):
        pass


def _lead(f, aw: float) -> float:
    """Return the height of the start of flowable f that must share a page with what precedes."""
    if hasattr(f, "lead_height"):
        return f.lead_height(aw)
    _, h = f.wrap(aw, 1e6)
    return f.getSpaceBefore() + h


class _TableLead(Flowable):
    """Zero-size marker: a table caption and its first rows, for the keep-with-next logic."""

    _ZEROSIZE = True

    def __init__(self, caption: _Lines | None, table: RLTable, source: _Lines | None):
        super().__init__()
        self.caption, self.table, self.source = caption, table, source

    def lead_height(self, aw):
        h = _lead(self.caption, aw) + self.caption.getSpaceAfter() if self.caption else 0.0
        self.table.wrap(aw, 1e6)
        rows = self.table._rowHeights[: 1 + TABLE_MIN_ROWS]
        return h + sum(rows)

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        pass


class _Table(RLTable):
    """A table that, when split across pages, leaves at least TABLE_MIN_ROWS body rows on each
    side (no single row stranded under a repeated header)."""

    def split(self, aw, ah):
        parts = super().split(aw, ah)
        if len(parts) != 2:
            return parts
        first, rest = (len(p._cellvalues) - self.repeatRows for p in parts)
        if first < TABLE_MIN_ROWS:
            return []
        while rest < TABLE_MIN_ROWS and first > TABLE_MIN_ROWS:
            ah -= parts[0]._rowHeights[-1]
            parts = super().split(aw, ah)
            if len(parts) != 2:
                return parts
            first, rest = (len(p._cellvalues) - self.repeatRows for p in parts)
        return parts


class _PageCount(Flowable):
    """Indexing flowable: the page total of the previous pass, for '共 Y 页' in the footer."""

    _ZEROSIZE = True

    def __init__(self, tmpl: "_Template"):
        super().__init__()
        self.tmpl = tmpl
        self.prev: int | None = None
        self.now: int | None = None

    def isIndexing(self):
        return 1

    def beforeBuild(self):
        self.prev = self.now

    def afterBuild(self):
        self.now = self.tmpl.page

    def isSatisfied(self):
        return self.prev is not None and self.prev == self.now

    def notify(self, kind, stuff):
        pass

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        pass


class _Toc(Flowable):
    """The table of contents: entries with dot leaders, page numbers and links, filled over
    multiBuild passes from the headings' 'TOCEntry' notifications."""

    def __init__(self, kit: _Kit, depth: int, planned: list[tuple[int, str, str]]):
        super().__init__()
        self.kit = kit
        self.depth = depth
        # Pass 1 lays out the entries we know will come (page numbers unknown), so the TOC has
        # its final size at once and pass 2 is normally the last.
        self._last = [(lvl, text, 0, key) for lvl, text, key in planned]
        self._entries: list[tuple[int, str, int, str]] = []
        self._rows: list | None = None
        self._rows_w = None

    def isIndexing(self):
        return 1

    def beforeBuild(self):
        self._last, self._entries = self._entries or self._last, []
        self._rows = None

    def afterBuild(self):
        pass

    def isSatisfied(self):
        return self._entries == self._last

    def notify(self, kind, stuff):
        if kind == "TOCEntry" and stuff[0] <= self.depth:
            self._entries.append(stuff)

    def _layout(self, aw: float) -> list[tuple]:
        if self._rows is None or self._rows_w != aw:
            kit = self.kit
            page_w = TOC_PAGE_W * kit.body
            rows = []
            for level, text, page, key in self._last:
                para = kit.para(f"toc{min(level, 3)}")
                lines = _Lines(kit.text_atoms(text, "", para.run), replace(para, after=0.0),
                               balance=True)
                lines.wrap(aw - page_w, 1e6)
                rows.append((para, lines, str(page) if page else "", key))
            self._rows, self._rows_w = rows, aw
        return self._rows

    def wrap(self, aw, ah):
        self.width = aw
        self.height = sum(p.before + ln.height for p, ln, _, _ in self._layout(aw))
        return aw, self.height

    def split(self, aw, ah):
        rows = self._layout(aw)
        used, k = 0.0, 0
        while k < len(rows) and used + rows[k][0].before + rows[k][1].height <= ah:
            used += rows[k][0].before + rows[k][1].height
            k += 1
        if k == 0:
            return []
        return [_TocPart(self.kit, rows[:k]), _TocPart(self.kit, rows[k:])]

    def draw(self):
        part = _TocPart(self.kit, self._layout(self.width))
        part.wrap(self.width, self.height)
        part.drawOn(self.canv, 0, 0)


class _TocPart(Flowable):
    """Some rows of the table of contents."""

    def __init__(self, kit: _Kit, rows: list[tuple]):
        super().__init__()
        self.kit = kit
        self.rows = rows

    def wrap(self, aw, ah):
        self.width = aw
        self.height = sum(p.before + ln.height for p, ln, _, _ in self.rows)
        return aw, self.height

    def draw(self):
        canv = self.canv
        if _dry(canv):
            return
        kit = self.kit
        y_top = self.height
        page_w = TOC_PAGE_W * kit.body
        for para, lines, page, key in self.rows:
            y_top -= para.before
            lay = lines.layout(self.width - page_w)
            end_x = para.left
            for idx, (s, e, _) in enumerate(lay.lines):
                y = y_top - lines.baseline(idx)
                end_x = _draw_line(canv, lay.atoms, s, e, para.left, y, lay.width, "left", False)
            y = y_top - lines.baseline(len(lay.lines) - 1)
            run = replace(para.run, font=kit.font["heading"])
            if page:
                canv.setFont(run.font, run.size)
                canv.setFillColor(run.colour)
                canv.drawRightString(self.width, y, page)
            # Leader dots on a fixed grid from the right edge, so that rows line up.
            # One dashed stroke with round caps and zero-length dashes draws the dots: a path
            # operator per row instead of a circle (four Béziers) per dot.
            x = self.width - page_w + TOC_DOT_FROM[0] * kit.body
            stop = end_x + TOC_DOT_FROM[1] * kit.body
            if x > stop:
                n = int((x - stop) / TOC_DOT_STEP - 1e-9) + 1
                yy = y + TOC_DOT_Y * para.run.size
                canv.saveState()
                canv.setStrokeColor(kit.colours["muted"])
                canv.setLineWidth(2 * TOC_DOT_R)
                canv.setLineCap(1)
                canv.setDash([0, TOC_DOT_STEP], 0)
                canv.line(x - (n - 1) * TOC_DOT_STEP, yy, x + 0.01, yy)
                canv.restoreState()
            canv.linkRect("", key, (0, y_top - lines.height, self.width, y_top), relative=1,
                          thickness=0)
            y_top -= lines.height


class _KeyPanel(Flowable):
    """Key figures: boxes in a grid, the value large in the accent colour, its label below."""

    def __init__(self, kit: _Kit, block: d.KeyFigures):
        super().__init__()
        self.kit = kit
        self.block = block
        n = len(block.items)
        self.cols = n if n <= 4 else (3 if n % 3 == 0 or n == 5 else 4)
        self.title = None
        if block.title:
            para = kit.para("key_title")
            self.title = _Lines(kit.text_atoms(block.title, "key_title"), replace(para, after=0))
        self.spaceBefore = KEY_BEFORE * kit.body
        self.spaceAfter = KEY_AFTER * kit.body
        self._geom = None

    def _value_atoms(self, item: d.KeyFigure, size: float) -> list[lb.Atom]:
        """Numbers at full size, units (亿元, 家, %) smaller: '250' large, '亿元' small."""
        kit = self.kit
        big = _Run(kit.font["keyfigure"], size, kit.colours["accent"])
        small = replace(big, size=size * KEY_UNIT)
        value = item.value
        runs, cur, cur_big = [], "", None
        for i, ch in enumerate(value):
            is_big = ch.isdigit() or (ch in ".," and 0 < i < len(value) - 1
                                      and value[i - 1].isdigit() and value[i + 1].isdigit())
            if cur and is_big != cur_big:
                runs.append((cur, big if cur_big else small, False))
                cur = ""
            cur += ch
            cur_big = is_big
        if cur:
            runs.append((cur, big if cur_big else small, False))
        if item.citation is not None:
            runs.append((f"[{item.citation}]", kit.cite_run(small, item.citation), True))
        return _atoms(runs)

    def _layout(self, aw: float):
        if self._geom and self._geom[0] == aw:
            return self._geom
        kit = self.kit
        cols = self.cols
        box_w = (aw - (cols - 1) * KEY_GAP) / cols
        pad = KEY_PAD * kit.body
        inner = box_w - 2 * pad
        vpara = kit.para("key_value")
        lpara = kit.para("key_label")
        cells = []
        for item in self.block.items:
            size = vpara.run.size
            atoms = self._value_atoms(item, size)
            while lb.line_width(atoms, 0, len(atoms))[1] > inner and size > kit.body:
                size *= 0.92
                atoms = self._value_atoms(item, size)
            label = _Lines(kit.text_atoms(item.label, "key_label"), lpara)
            label.wrap(inner, 1e6)
            cells.append((atoms, size, label))
        rows = []
        for r in range(0, len(cells), cols):
            row = cells[r:r + cols]
            h = max(2 * pad + s * KEY_VALUE_LINE + KEY_LABEL_GAP * kit.body + lab.height
                    for _, s, lab in row)
            rows.append((row, h))
        title_h = self.title.wrap(aw, 1e6)[1] + KEY_TITLE_GAP * kit.body if self.title else 0.0
        height = title_h + sum(h for _, h in rows) + KEY_GAP * (len(rows) - 1)
        self._geom = (aw, box_w, pad, rows, title_h, height)
        return self._geom

    def wrap(self, aw, ah):
        self.width = aw
        self.height = self._layout(aw)[5]
        return aw, self.height

    def split(self, aw, ah):
        return []

    def draw(self):
        canv = self.canv
        if _dry(canv):
            return
        kit = self.kit
        aw, box_w, pad, rows, title_h, height = self._layout(self.width)
        y = height
        if self.title:
            self.title.canv = canv
            self.title.drawOn(canv, 0, y - self.title.height)
            y -= title_h
        for row, h in rows:
            for c, (atoms, size, label) in enumerate(row):
                x = c * (box_w + KEY_GAP)
                canv.setFillColor(kit.colours["accent_light"])
                canv.roundRect(x, y - h, box_w, h, KEY_RADIUS, stroke=0, fill=1)
                canv.setFillColor(kit.colours["accent"])
                bar = RULE_ACCENT * KEY_TOP_BAR
                canv.rect(x + KEY_RADIUS, y - bar, box_w - 2 * KEY_RADIUS, bar, stroke=0, fill=1)
                base = y - pad - size * ASCENT
                _draw_line(canv, atoms, 0, len(atoms), x + pad, base, box_w - 2 * pad,
                           "center", False)
                label.drawOn(canv, x + pad, y - pad - size * KEY_VALUE_LINE
                             - KEY_LABEL_GAP * kit.body - label.height)
            y -= h + KEY_GAP


class _FigureBlock(Flowable):
    """An image scaled to a fraction of the text width, its caption and source line; one piece."""

    def __init__(self, kit: _Kit, fig: d.Figure, caption: _Lines, source: _Lines | None):
        super().__init__()
        self.kit = kit
        self.fig = fig
        try:
            self.reader = ImageReader(fig.image)
            self.pixels = _image_size(Path(fig.image), self.reader)
        except Exception as exc:  # PIL and reportlab raise many kinds for a bad image
            raise RenderError(Problem(
                None, f"figure {fig.number} ({fig.caption!r}): {fig.image} is not a readable "
                f"image", "write the figure as a PNG file")) from exc
        self.caption = caption
        self.source = source
        self.spaceBefore = FIGURE_SPACE * kit.body
        self.spaceAfter = FIGURE_SPACE * kit.body

    def _dims(self, aw: float, max_h: float) -> tuple[float, float]:
        pw, ph = self.pixels
        w = aw * max(0.1, min(self.fig.width, 1.0))
        h = w * ph / pw
        if h > max_h:
            w, h = w * max_h / h, max_h
        return w, h

    def wrap(self, aw, ah):
        frame_h = getattr(getattr(self, "_frame", None), "_aH", PAGE_H - MARGIN_TOP - MARGIN_BOTTOM)
        self.width = aw
        self.img_w, self.img_h = self._dims(aw, frame_h * FIGURE_MAX_H)
        self.gap = FIGURE_CAPTION_GAP * self.kit.body
        self.cap_h = self.caption.wrap(aw, 1e6)[1]
        self.src_h = self.source.wrap(aw, 1e6)[1] if self.source else 0.0
        self.height = self.img_h + self.gap + self.cap_h + self.src_h
        return aw, self.height

    def split(self, aw, ah):
        return []

    def getSpaceAfter(self):
        return self.source.getSpaceAfter() if self.source else self.spaceAfter

    def draw(self):
        canv = self.canv
        if _dry(canv):
            return
        y = self.height - self.img_h
        _draw_image(canv, Path(self.fig.image), (self.width - self.img_w) / 2, y, self.img_w, self.img_h)
        y -= self.gap + self.cap_h
        self.caption.drawOn(canv, 0, y)
        if self.source:
            y -= self.src_h
            self.source.drawOn(canv, 0, y)


class _Cover(Flowable):
    """The cover page: a colour band with the title, then dedication, organiser and date."""

    def __init__(self, kit: _Kit, cover: d.Cover):
        super().__init__()
        self.kit = kit
        self.cover = cover

    def wrap(self, aw, ah):
        self.width, self.height = aw, ah
        return aw, ah

    def _block(self, text: str, style: str, scale: float = 1.0) -> _Lines:
        para = self.kit.para(style)
        if scale != 1.0:
            para = replace(para, run=replace(para.run, size=para.run.size * scale),
                           leading=para.leading * scale)
        lines = _Lines(self.kit.text_atoms(text, style, para.run), para, balance=True)
        lines.wrap(PAGE_W - MARGIN_LEFT - MARGIN_RIGHT, 1e6)
        return lines

    def _title(self, text: str) -> _Lines:
        """The title block: a long title is set smaller (down to COVER_TITLE_MIN) to keep to
        two lines."""
        scale = 1.0
        block = self._block(text, "cover_title")
        while (len(block.layout(block.width).lines) > 2
               and scale * COVER_TITLE_STEP >= COVER_TITLE_MIN):
            scale *= COVER_TITLE_STEP
            block = self._block(text, "cover_title", scale)
        return block

    def draw(self):
        canv = self.canv
        if _dry(canv):
            return
        kit, c = self.kit, self.cover
        left = MARGIN_LEFT
        text_w = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
        band_y = PAGE_H * COVER_BAND
        canv.setFillColor(kit.colours["cover_band"])
        canv.rect(0, band_y, PAGE_W, PAGE_H - band_y, stroke=0, fill=1)
        canv.setFillColor(kit.colours["accent_light"])
        canv.rect(0, band_y - COVER_STRIPE, PAGE_W, COVER_STRIPE, stroke=0, fill=1)

        if c.audience:
            para = kit.para("cover_audience")
            size = para.run.size
            lay = self._block(c.audience, "cover_audience").layout(text_w)
            w = lb.line_width(lay.atoms, 0, len(lay.atoms))[1] + 2 * COVER_LABEL_PAD * size
            h = size * COVER_LABEL_H
            y = PAGE_H - COVER_LABEL_TOP
            canv.setStrokeColor(white)
            canv.setLineWidth(0.8)
            canv.roundRect(left, y - h, w, h, h / 2, stroke=1, fill=0)
            _draw_line(canv, lay.atoms, 0, len(lay.atoms), left + COVER_LABEL_PAD * size,
                       y - h / 2 - (ASCENT - DESCENT) * size / 2, w, "left", False)

        # Title and subtitle sit on the lower part of the band, bottom-aligned.
        bottom = band_y + COVER_TITLE_BOTTOM
        blocks = [self._title(c.title)]
        if c.subtitle:
            blocks.append(self._block(c.subtitle, "cover_subtitle"))
        gap = COVER_SUBTITLE_GAP * kit.body
        total = sum(b.height for b in blocks) + gap * (len(blocks) - 1)
        y = bottom + total
        canv.setFillColor(white)
        canv.rect(left, y + COVER_BAR_GAP, COVER_BAR, RULE_ACCENT, stroke=0, fill=1)
        for b in blocks:
            y -= b.height
            b.drawOn(canv, left, y)
            y -= gap

        y = band_y - COVER_DEDICATION_DROP
        if c.dedication:
            b = self._block(c.dedication, "cover_dedication")
            y -= b.height
            b.drawOn(canv, left, y)

        # The foot: organiser, date, data vintage, contact lines, above the bottom margin.
        foot = [(c.organiser, "cover_organiser"), (c.date, "cover_date"),
                (c.data_as_of, "cover_date")] + [(line, "cover_contact") for line in c.contact]
        foot_blocks = [self._block(t, s) for t, s in foot if t]
        y = MARGIN_BOTTOM + sum(b.height for b in foot_blocks)
        if foot_blocks:
            canv.setStrokeColor(kit.colours["accent"])
            canv.setLineWidth(RULE_THIN)
            canv.line(left, y + COVER_FOOT_RULE, left + text_w, y + COVER_FOOT_RULE)
        for b in foot_blocks:
            y -= b.height
            b.drawOn(canv, left, y)


class _NewPage(_KeepSpace):
    """An explicit page break that never leaves an empty page."""

    def __init__(self):
        super().__init__(always=True)


# ---- the document template: pages, header, footer, TOC and outline bookkeeping ---------------


class _Template(BaseDocTemplate):
    """A4 pages: the cover without decoration, then body pages with running header and footer."""

    def __init__(self, path: Path, document: d.Document, kit: _Kit):
        meta = document.meta
        super().__init__(
            str(path), pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta.title,
            author=meta.author, subject=meta.subject, keywords=", ".join(meta.keywords),
            creator="briefkit", invariant=1, lang=meta.language or "zh-CN", displayDocTitle=1,
            # reportlab's default initial font is Helvetica, which would be referenced but not
            # embedded: start every page in our own face instead.
            initialFontName=kit.font["body"], initialFontSize=kit.body,
        )
        self.kit = kit
        self.meta = meta
        self.created = _pdf_date(meta.created)
        self.count = _PageCount(self)
        self.dry = False
        body = Frame(MARGIN_LEFT, MARGIN_BOTTOM, self.width, self.height, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        whole = Frame(0, 0, PAGE_W, PAGE_H, id="cover", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [whole]),
                               PageTemplate("body", [body], onPage=self._decorate)])

    def beforeDocument(self):
        # The first pass only measures: nothing it draws is kept, so flowables skip drawing.
        self.dry = self.count.now is None
        self._outline_level = -1
        self.canv._doc.Catalog.Dests = _NamedDestinations(self.canv)
        if self.created:
            created = self.created
            self.canv.setDateFormatter(lambda *_: created)

    def afterFlowable(self, flowable):
        if not isinstance(flowable, _Heading):
            return
        if flowable.toc_level:
            self.notify("TOCEntry", (flowable.toc_level, flowable.text, self.page,
                                     flowable.anchor))
        if flowable.outline_level >= 0 and not self.dry:
            level = min(flowable.outline_level, self._outline_level + 1)
            self.canv.addOutlineEntry(flowable.text, flowable.anchor, level,
                                      closed=level > 0)
            self._outline_level = level

    def _decorate(self, canv, tmpl):
        if self.dry:
            return
        kit = self.kit
        para = kit.para("header")
        run = para.run
        canv.saveState()
        canv.setFont(run.font, run.size)
        canv.setFillColor(run.colour)
        top = MARGIN_BOTTOM + self.height
        right = MARGIN_LEFT + self.width
        if self.meta.header:
            canv.drawString(MARGIN_LEFT, top + HEADER_RISE, self.meta.header)
        canv.setStrokeColor(kit.colours["accent"])
        canv.setLineWidth(RULE_THIN)
        canv.line(MARGIN_LEFT, top + HEADER_RISE - HEADER_RULE_GAP, right,
                  top + HEADER_RISE - HEADER_RULE_GAP)
        total = self.count.prev or self.page
        y = MARGIN_BOTTOM - FOOTER_DROP
        if self.meta.footer:
            canv.drawString(MARGIN_LEFT, y, self.meta.footer)
        canv.drawRightString(right, y, f"第 {self.page} 页 / 共 {total} 页")
        canv.restoreState()


class _NamedDestinations(PDFObject):
    """The catalog's /Dests: every anchor as a named destination, so `pack.pdf#ch2` opens there.

    reportlab resolves our links to explicit destinations but does not export the names.
    """

    def __init__(self, canv):
        self.canv = canv

    def format(self, document):
        # Only names that need no escaping as PDF names (anchors are ids like ch1, src-3).
        found = {name: dest for name, dest in sorted(self.canv._destinations.items())
                 if SAFE_NAME.fullmatch(name)}
        return PDFDictionary(found).format(document)


SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]+")


def _pdf_date(created: str) -> str:
    """Return meta.created as a PDF date string (D:YYYYMMDDHHmmSS+HH'mm'), or ''."""
    if not created:
        return ""
    try:
        dt = datetime.fromisoformat(created)
    except ValueError:
        raise RenderError(f"meta.created must be an ISO date-time such as "
                          f"2024-03-29T00:00:00+08:00, got {created!r}") from None
    out = dt.strftime("D:%Y%m%d%H%M%S")
    off = dt.utcoffset()
    if off is None:
        return out
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{out}{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def _image_stream(path: Path) -> tuple[int, int, bytes]:
    """Return (width, height, Flate-compressed RGB) of an image, cached by the file's content.

    Decoding a PNG and compressing its pixels again costs ~60 ms a chart on every build;
    the result depends only on the file, so it is kept in the user cache. Transparent pixels
    are composited onto white, the page colour.
    """
    import hashlib

    from ..fonts import cache_dir

    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()[:24]
    cached = cache_dir() / "pdf-images" / f"{key}.bin"
    if cached.exists():
        blob = cached.read_bytes()
        w, h = struct.unpack(">II", blob[:8])
        return w, h, blob[8:]
    from PIL import Image

    with Image.open(path) as im:
        im.load()
        if im.mode in ("RGBA", "LA", "P"):
            rgba = im.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
        else:
            flat = im.convert("RGB")
    w, h = flat.size
    stream = zlib.compress(flat.tobytes(), 6)
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    tmp.write_bytes(struct.pack(">II", w, h) + stream)
    os.replace(tmp, cached)
    return w, h, stream


def _draw_image(canv, path: Path, x: float, y: float, w: float, h: float) -> None:
    """Draw an image as a shared XObject, like Canvas.drawImage but from the cached stream."""
    from reportlab.pdfbase import pdfdoc

    pw, ph, stream = _image_stream(path)
    name = "briefkit-" + hashlib.sha256(stream).hexdigest()[:16]
    reg = canv._doc.getXObjectName(name)
    if not canv._doc.idToObject.get(reg):
        obj = pdfdoc.PDFImageXObject(name)  # no source: we fill it in below
        obj.width, obj.height, obj.bitsPerComponent = pw, ph, 8
        obj.colorSpace, obj._filters, obj.mask = "DeviceRGB", ("FlateDecode",), None
        obj.streamContent = stream
        canv._setXObjects(obj)
        canv._doc.Reference(obj, reg)
        canv._doc.addForm(name, obj)
    canv._currentPageHasImages = 1
    canv.saveState()
    canv.translate(x, y)
    canv.scale(w, h)
    canv._code.append(f"/{reg} Do")
    canv.restoreState()
    canv._formsinuse.append(name)


def _image_size(path: Path, reader: ImageReader) -> tuple[int, int]:
    """Return (width, height) in pixels; PNG headers are read directly (no decoding)."""
    with path.open("rb") as fh:
        head = fh.read(24)
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    return reader.getSize()


# ---- blocks → flowables -----------------------------------------------------------------------


class _Story:
    """Turns the document's blocks into reportlab flowables."""

    def __init__(self, document: d.Document, kit: _Kit, tmpl: _Template):
        self.doc = document
        self.kit = kit
        self.tmpl = tmpl
        self.anchors = _heading_anchors(document)

    def build(self) -> list:
        kit = self.kit
        story: list = [self.tmpl.count, _Cover(kit, self.doc.cover), NextPageTemplate("body"),
                       PageBreak()]
        units: list[tuple[str, list]] = []  # (kind, flowables); kind 'heading' or 'block'
        for index, block in enumerate(self.doc.blocks):
            units.extend(self._block(index, block))
        # Keep-with-next: before each run of headings, a _KeepSpace that moves it to the next
        # page unless it fits together with the start of the block after it.
        k = 0
        while k < len(units):
            kind, flows = units[k]
            if kind != "heading":
                story.extend(flows)
                k += 1
                continue
            chain = []
            while k < len(units) and units[k][0] == "heading":
                chain.append(units[k][1])
                k += 1
            parts = [f for flows in chain for f in flows if _is_content(f)]
            if k < len(units):
                nxt = [f for f in units[k][1] if _is_content(f) or isinstance(f, _TableLead)]
                if nxt:
                    lead = next((f for f in nxt if isinstance(f, _TableLead)), nxt[0])
                    parts.append(lead)
            story.append(_KeepSpace(parts))
            for flows in chain:
                story.extend(flows)
        return story

    def _block(self, index: int, block) -> list[tuple[str, list]]:
        kit = self.kit
        if isinstance(block, d.Heading):
            return [("heading", self._heading(block.level, block.text,
                                              self.anchors[index], toc=True))]
        if isinstance(block, d.Paragraph):
            return [("block", [_Lines(kit.atoms(block.inlines, block.style),
                                      kit.para(block.style))])]
        if isinstance(block, d.BulletList):
            para = kit.para("bullet")
            flows = []
            run = replace(para.run, font=kit.font["heading"], colour=kit.colours["accent"])
            for n, item in enumerate(block.items, 1):
                mark = _atoms([(f"{n}.", run, False)]) if block.ordered else BULLET
                flows.append(_Lines(kit.atoms(item, "bullet"), para, marker=mark,
                                    accent=kit.colours["accent"]))
            if flows:
                flows[-1].spaceAfter = LIST_AFTER * kit.body
            return [("block", flows)]
        if isinstance(block, d.Quote):
            return [("block", [_Lines(kit.atoms(block.inlines, "quote"), kit.para("quote"),
                                      rule=kit.colours["accent"])])]
        if isinstance(block, d.KeyFigures):
            return [("block", [_KeyPanel(kit, block)])] if block.items else []
        if isinstance(block, d.Figure):
            return [("block", [self._figure(block)])]
        if isinstance(block, d.Table):
            return [("block", self._table(block))]
        if isinstance(block, d.PageBreak):
            return [("block", [_NewPage()])]
        if isinstance(block, d.TableOfContents):
            planned = [(h.level, h.text, self.anchors[i]) for i, h in enumerate(self.doc.blocks)
                       if isinstance(h, d.Heading) and h.level <= block.depth]
            planned += [(self._source_level(i), s.title, self.anchors[i])
                        for i, s in enumerate(self.doc.blocks) if isinstance(s, d.SourceList)]
            title = self._heading(1, block.title, self.anchors[index], toc=False)
            return [("heading", title), ("block", [_Toc(kit, block.depth, planned)])]
        if isinstance(block, d.SourceList):
            level = self._source_level(index)
            head = self._heading(level, block.title, self.anchors[index], toc=True,
                                 look=2)
            para = kit.para("source_entry")
            mark_run = replace(para.run, font=kit.font["heading"], colour=kit.colours["accent"])
            flows = []
            for e in block.entries:
                names = tuple(dict.fromkeys(n for n in (e.anchor, f"src-{e.number}") if n))
                flows.append(_Lines(kit.text_atoms(e.text, "source_entry"), para, anchors=names,
                                    marker=_atoms([(f"[{e.number}]", mark_run, False)])))
            return [("heading", head), ("block", flows)]
        raise RenderError(f"cannot render a block of type {type(block).__name__}")

    def _source_level(self, index: int) -> int:
        """A source list nests under the chapter before it, if there is one."""
        before = self.doc.blocks[:index]
        return 2 if any(isinstance(b, d.Heading) and b.level == 1 for b in before) else 1

    def _heading(self, level: int, text: str, anchor: str, *, toc: bool,
                 look: int | None = None) -> list:
        kit = self.kit
        look = look or level
        para = kit.para(HEADING_STYLE[look])
        decor = {1: "h1", 2: "h2"}.get(look, "")
        if decor == "h2":
            para = replace(para, left=H2_BAR_GAP * para.run.size + H2_BAR_W)
        flows: list = []
        if look == 1:
            flows.append(_NewPage())
        head = _Heading(kit.text_atoms(text, HEADING_STYLE[look]), para, level=level, text=text,
                        anchor=anchor, toc_level=level if toc else 0,
                        outline_level=level - 1 if level <= 2 else -1, decor=decor,
                        accent=kit.colours["accent"], light=kit.colours["accent_light"])
        flows.append(head)
        return flows

    def _source(self, inlines: list[d.Inline]) -> _Lines | None:
        if not inlines:
            return None
        return _Lines(self.kit.atoms(inlines, "source"), self.kit.para("source"))

    def _figure(self, fig: d.Figure) -> Flowable:
        kit = self.kit
        label = f"图 {fig.number}\u3000{fig.caption}" if fig.number else fig.caption
        caption = _Lines(kit.text_atoms(label, "figure_caption"), kit.para("figure_caption"))
        source = self._source(fig.source)
        if source is not None:
            source = _Lines(source.atoms, replace(source.para, align="center"))
        return _FigureBlock(kit, fig, caption, source)

    def _table(self, t: d.Table) -> list:
        kit = self.kit
        ncols = len(t.header)
        aligns = [{"l": "left", "r": "right", "c": "center"}[a] for a in
                  (t.align + ["l"] * ncols)[:ncols]]
        head_para = kit.para("head_cell")
        cell_para = kit.para("cell")
        sans = kit.font["table"]
        header = [_Lines(kit.text_atoms(h, "head_cell", replace(head_para.run, font=sans)),
                         replace(head_para, align=aligns[c]))
                  for c, h in enumerate(t.header)]
        rows = [header]
        for row in t.rows:
            # Cells are ragged-right: justifying a narrow cell spreads its characters apart.
            rows.append([_Lines(kit.atoms(cell, "cell"), replace(cell_para, align=aligns[c]))
                         for c, cell in enumerate(row)])
        text_w = self.tmpl.width
        widths = _column_widths(t, rows, text_w)
        table = _Table(rows, colWidths=widths, repeatRows=1, hAlign="CENTER")
        zebra = _mix(white, kit.colours["accent_light"], TABLE_ZEBRA)
        style = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            # Cells are our own flowables; the face only stops reportlab's default Helvetica
            # from being referenced (unembedded) in the page resources.
            ("FONT", (0, 0), (-1, -1), sans, cell_para.run.size),
            ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), TABLE_PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), TABLE_PAD_Y),
            ("BACKGROUND", (0, 0), (-1, 0), kit.colours["accent"]),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, zebra]),
            ("LINEBELOW", (0, 1), (-1, -1), RULE_ROW, kit.colours["accent_light"]),
            ("LINEBELOW", (0, -1), (-1, -1), RULE_TABLE_END, kit.colours["accent"]),
        ]
        table.setStyle(TableStyle(style))
        table.spaceAfter = TABLE_SPACE * kit.body
        caption = None
        if t.caption or t.number:
            label = f"表 {t.number}\u3000{t.caption}" if t.number else t.caption
            caption = _Lines(kit.text_atoms(label, "table_caption"), kit.para("table_caption"))
        source = self._source(t.source)
        lead = _TableLead(caption, table, source)
        flows: list = [_KeepSpace([lead]), lead]
        if caption:
            flows.append(caption)
        flows.append(table)
        if source:
            flows.append(source)
        else:
            table.spaceAfter = TABLE_AFTER * kit.body
        return flows


def _is_content(f) -> bool:
    return isinstance(f, (_Lines, _KeyPanel, _FigureBlock, _Toc, RLTable))


def _column_widths(t: d.Table, rows: list[list[_Lines]], text_w: float) -> list[float]:
    """Return column widths summing to the text width: relative widths, else from content."""
    ncols = len(t.header)
    if t.widths:
        rel = [max(float(w), 0.01) for w in t.widths]
    else:
        pad = 2 * TABLE_PAD_X
        rel = []
        for c in range(ncols):
            natural = max(lb.line_width(r[c].atoms, 0, len(r[c].atoms))[1] for r in rows) + pad
            rel.append(min(natural, text_w * TABLE_AUTO_MAX) ** TABLE_AUTO_DAMP)
    total = sum(rel)
    return [text_w * r / total for r in rel]


def _heading_anchors(document: d.Document) -> dict[int, str]:
    """Return block index → anchor for headings, contents and source lists (made up where the
    block has none)."""
    out = {}
    for i, b in enumerate(document.blocks):
        if isinstance(b, d.Heading):
            out[i] = b.anchor or f"h-{i}"
        elif isinstance(b, d.SourceList):
            out[i] = f"sources-{i}"
        elif isinstance(b, d.TableOfContents):
            out[i] = "toc" if "toc" not in out.values() else f"toc-{i}"
    return out


# ---- checks before rendering ------------------------------------------------------------------


def _check(document: d.Document) -> None:
    """Raise RenderError listing every problem that would make a broken PDF."""
    problems: list[Problem] = []

    def bad(message: str, hint: str | None = None) -> None:
        problems.append(Problem(None, message, hint))

    theme = document.theme
    for key in ("accent", "accent_light", "text", "muted", "cover_band"):
        value = getattr(theme, key)
        if not (isinstance(value, str) and len(value) == 7 and value.startswith("#")
                and all(c in "0123456789abcdefABCDEF" for c in value[1:])):
            bad(f"theme.{key} must be a colour like '#1F4E79', got {value!r}")
    if not theme.body_size or theme.body_size <= 0:
        bad(f"theme.body_size must be a positive number of points, got {theme.body_size!r}")

    anchors: dict[str, str] = {}
    sources: set[int] = set()
    named = _heading_anchors(document)
    for i, b in enumerate(document.blocks):
        if i in named:
            name = named[i]
            what = (f"heading {b.text!r}" if isinstance(b, d.Heading)
                    else f"{type(b).__name__} {b.title!r}")
            if name in anchors:
                bad(f"anchor {name!r} is used twice ({anchors[name]} and {what})",
                    "give every heading a unique anchor")
            anchors[name] = what
        if isinstance(b, d.Heading):
            if b.level not in HEADING_STYLE:
                bad(f"heading {b.text!r} has level {b.level}; levels are 1, 2 and 3")
        elif isinstance(b, d.SourceList):
            for e in b.entries:
                for name in dict.fromkeys(n for n in (e.anchor, f"src-{e.number}") if n):
                    if name in anchors:
                        bad(f"anchor {name!r} is used twice ({anchors[name]} and source "
                            f"[{e.number}])")
                    anchors[name] = f"source [{e.number}]"
                sources.add(e.number)
        elif isinstance(b, d.Paragraph) and b.style not in PARAGRAPH_STYLES:
            bad(f"paragraph style {b.style!r} is unknown; use one of "
                f"{', '.join(PARAGRAPH_STYLES)}")
        elif isinstance(b, d.Figure):
            if not Path(b.image).is_file():
                bad(f"figure {b.number} ({b.caption!r}): image file {b.image} does not exist")
        elif isinstance(b, d.Table):
            n = len(b.header)
            if n == 0:
                bad(f"table {b.number} ({b.caption!r}) has no header row")
            for r, row in enumerate(b.rows, 1):
                if len(row) != n:
                    bad(f"table {b.number} ({b.caption!r}), row {r}: {len(row)} cells "
                        f"for {n} columns")
            if any(a not in ("l", "r", "c") for a in b.align):
                bad(f"table {b.number} ({b.caption!r}): align must be 'l', 'r' or 'c' per "
                    f"column, got {b.align!r}")
            if b.widths and (len(b.widths) != n or any(w <= 0 for w in b.widths)):
                bad(f"table {b.number} ({b.caption!r}): widths must be {n} positive numbers, "
                    f"got {b.widths!r}")

    for inlines in _all_inlines(document):
        for item in inlines:
            if isinstance(item, d.Citation) and item.number not in sources:
                bad(f"citation [{item.number}] has no entry in the source list",
                    "add the source, or remove the citation")
                sources.add(item.number)  # report each number once
            elif isinstance(item, d.Link) and item.target.startswith("#"):
                if item.target[1:] not in anchors:
                    bad(f"link {item.text!r} points to {item.target!r}, which no heading or "
                        f"source defines")
            elif isinstance(item, d.Link) and not item.target:
                bad(f"link {item.text!r} has no target")
    for kf in (b for b in document.blocks if isinstance(b, d.KeyFigures)):
        for item in kf.items:
            if item.citation is not None and item.citation not in sources:
                bad(f"key figure {item.value!r} cites [{item.citation}], which has no entry "
                    f"in the source list")
                sources.add(item.citation)
    if problems:
        raise RenderError(problems)


def _all_inlines(document: d.Document):
    for b in document.blocks:
        if isinstance(b, (d.Paragraph, d.Quote)):
            yield b.inlines
        elif isinstance(b, d.BulletList):
            yield from b.items
        elif isinstance(b, d.Table):
            for row in b.rows:
                yield from row
            yield b.source
        elif isinstance(b, d.Figure):
            yield b.source


# ---- entry point ------------------------------------------------------------------------------


def _register_fonts() -> None:
    """Register the prepared TrueType faces with reportlab, once per process."""
    paths = fonts.prepare()
    registered = set(pdfmetrics.getRegisteredFontNames())
    for role, path in paths.items():
        name = fonts.ROLES[role].pdf_name
        if name in registered:
            continue
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as exc:  # a damaged cache file: say which, and how to rebuild it
            raise RenderError(f"cannot load the {role} font {path}: {exc}\n"
                              f"  hint: delete {path} and run `make fonts`") from exc


def render(document: d.Document, path: Path) -> int:
    """Write `document` as a PDF to `path` and return its page count."""
    _check(document)
    _register_fonts()
    kit = _Kit(document.theme)
    tmpl = _Template(Path(path), document, kit)
    story = _Story(document, kit, tmpl).build()
    try:
        tmpl.multiBuild(story, maxPasses=6)
    except LayoutError as exc:
        raise RenderError(f"{path}: a block does not fit on a page: {exc}") from exc
    except IndexError as exc:
        raise RenderError(f"{path}: page numbers did not settle: {exc}") from exc
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return tmpl.page
