"""Text blocks drawn from the line breaker's lines: paragraphs, list items, quotes, headings."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from ... import doc as d
from ...typography import linebreak as lb
from .styles import (ASCENT, BULLET_R, BULLET_X, BULLET_Y, DESCENT, H1_BAR, H1_RULE_ROOM,
                     H2_BAR_W, ITALIC_SLANT, LINK_PAD, MARKER_GAP, MAX_STRETCH, QUOTE_RULE_INSET,
                     QUOTE_RULE_X, RULE_ACCENT, RULE_THIN, RUNT_MIN)
from .text import Kit, Para, Run, layout_of, metrics

BULLET = "bullet"  # a list item's marker: a drawn dot


def dry(canv) -> bool:
    """Whether this is a layout-only pass (the first of multiBuild): nothing it draws is kept."""
    tmpl = getattr(canv, "_doctemplate", None)
    return bool(tmpl is not None and getattr(tmpl, "dry", False))


def draw_line(canv, atoms: list[lb.Atom], s: int, e: int, x: float, y: float, avail: float,
              align: str, justify: bool, max_stretch: float = MAX_STRETCH) -> float:
    """Draw atoms[s:e] with baseline y from x in a measure of `avail`; return the end x.

    The line breaker decides the spacing (lb.fit_line); it is drawn as character spacing, since
    reportlab's own justification only widens spaces, which Chinese text has none of.
    """
    fit = lb.fit_line(atoms, s, e, avail, align, justify, max_stretch, metrics)
    e = fit.end
    if e <= s:
        return x
    x += fit.offset
    cs, stretch = fit.char_space, fit.stretch
    text_obj = canv.beginText()
    cur_font = cur_colour = cur_cs = None
    links: list[tuple[str, float, float, Run]] = []
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
            if run.slant:
                text_obj.setTextTransform(1, 0, ITALIC_SLANT, 1, pos, y + run.rise)
            else:
                text_obj.setTextOrigin(pos, y + run.rise)
            # Tc acts after every glyph, the last one too (PDF 1.7 §9.4.4), so the last glyph
            # carries the justification gap that follows it: the text flows on into the next
            # fragment, and extractors see no jump to read as a space ("[5] ，" in pypdf).
            trail = cs if m < e and stretch[m - s] else tc
            head, tail = (text, "") if trail == tc else (text[:-1], text[-1])
            for part, spacing in ((head, tc), (tail, trail)):
                if part:
                    if spacing != cur_cs:
                        text_obj.setCharSpace(spacing)
                        cur_cs = spacing
                    text_obj.textOut(part)
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


class Lines(Flowable):
    """A block of text broken into lines by our own 禁则 line breaker, then justified."""

    def __init__(self, atoms: list[lb.Atom], para: Para, *, anchors: tuple[str, ...] = (),
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
            # A justified paragraph's last line is never a runt (孤字不成行).
            runt = RUNT_MIN if self.para.align == "justify" else 0
            lay = self._layouts[key] = layout_of(self.atoms, self._measure(aw), first,
                                                 self.open_end, self.balance, runt)
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
        head = Lines(lay.atoms[:cut], self.para, anchors=self.anchors, marker=self.marker,
                     rule=self.rule, continued=self.continued, open_end=True,
                     accent=self.accent)
        tail = Lines(lay.atoms[cut:], self.para, rule=self.rule, continued=True,
                     open_end=self.open_end)
        return [head, tail]

    def baseline(self, index: int) -> float:
        """Return the baseline of line `index`, measured from the top of the block."""
        p = self.para
        return index * p.leading + (p.leading - p.run.size) / 2 + ASCENT * p.run.size

    def draw(self):
        canv = self.canv
        if dry(canv):
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
                draw_line(canv, self.marker, 0, len(self.marker),
                          p.left - mw - MARKER_GAP * p.run.size, y, mw, "left", False)
            justify = p.align == "justify" and not last
            draw_line(canv, lay.atoms, s, e, x, y, avail, p.align, justify, p.max_stretch)
            record = getattr(getattr(canv, "_doctemplate", None), "record", None)
            if record is not None:
                fit = lb.fit_line(lay.atoms, s, e, avail, p.align, justify, p.max_stretch, metrics)
                text = "".join(a.text for a in lay.atoms[s:fit.end])
                record.lines.append(d.SetLine(
                    canv.getPageNumber(), p.name, text, last=idx == len(lay.lines) - 1
                    and not self.open_end, first=idx == 0 and not self.continued,
                    char_space=fit.char_space / p.run.size))


class Heading(Lines):
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
        if dry(self.canv):
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


def source_lines(kit: Kit, inlines: list[d.Inline]) -> Lines | None:
    """Return a figure's or table's source line, or None if it has none."""
    if not inlines:
        return None
    return Lines(kit.atoms(inlines, "source"), kit.para("source"))
