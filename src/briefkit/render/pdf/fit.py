"""What the PDF's fixed places hold, measured before anything is drawn: the running header and
footer are one line each, the title and audience label sit in the cover's colour band, and the
organiser, dates and contact lines stand at the cover's foot. A text too long for its place
would run off the page or over another; it is reported (`overflows`) with the room there is,
measured with the fonts and sizes the pages use."""

from __future__ import annotations

from dataclasses import dataclass

from ... import doc as d
from ...typography import linebreak as lb
from .cover import Cover
from .styles import (COVER_BAND, COVER_BAR_GAP, COVER_DEDICATION_DROP, COVER_FOOT_RULE,
                     COVER_LABEL_H, COVER_LABEL_PAD, COVER_LABEL_TOP, COVER_STRIPE,
                     COVER_SUBTITLE_GAP, COVER_TITLE_BOTTOM, MARGIN_BOTTOM, MARGIN_LEFT,
                     MARGIN_RIGHT, MARGIN_TOP, PAGE_H, PAGE_W, RULE_ACCENT)
from .text import Kit, register_fonts, register_latin, text_width

TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
MM = 72 / 25.4
LARGEST_PAGES = 999  # the footer keeps room for 第 999 页 / 共 999 页
FOOTER_GAP = 2.0  # em of the footer's size between the organiser and the page number
COVER_GAP = 1.0  # × body size kept free between the cover's blocks


@dataclass(frozen=True)
class Overflow:
    """A text too long for its place on the page."""

    field: str  # header, footer, title, audience, contact, dedication (names of d.Meta/d.Cover)
    place: str  # where it is printed, as a person reads it: 页眉, 页脚, 封面
    need: float  # what the text takes (pt: width of a line, or height of a block)
    room: float  # what the place holds (pt)
    fits: int  # characters of the text that fit there
    length: int  # characters of the text
    lines: bool = False  # need and room are heights (a block of lines), not widths
    index: int | None = None  # which contact line


def overflows(document: d.Document) -> list[Overflow]:
    """Return every text of the header, footer and cover that does not fit its place."""
    register_fonts()
    kit = Kit(document.theme, document.meta.language)
    if kit.english:
        register_latin()
    out: list[Overflow] = []
    header = kit.para("header").run
    meta = document.meta
    if meta.header:
        out += _line("header", "页眉", meta.header, TEXT_W, lambda t: text_width(t, header))
    if meta.footer:
        page = d.chrome.chrome(meta.language, "page", page=LARGEST_PAGES, total=LARGEST_PAGES)
        room = TEXT_W - text_width(page, header) - FOOTER_GAP * header.size
        out += _line("footer", "页脚", meta.footer, room, lambda t: text_width(t, header))
    out += _cover(kit, document.cover)
    return out


def _line(field: str, place: str, text: str, room: float, width) -> list[Overflow]:
    need = width(text)
    if need <= room:
        return []
    return [Overflow(field, place, need, room, _fits(text, lambda t: width(t) <= room), len(text))]


def _fits(text: str, ok) -> int:
    """Return the most leading characters of `text` that `ok` accepts (ok grows monotone)."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ok(text[:mid]):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _cover(kit: Kit, c: d.Cover) -> list[Overflow]:
    """The cover as Cover.draw lays it out: the band's blocks from its lower edge upwards, below
    the audience label; the foot from the bottom margin upwards, below the band or dedication."""
    out: list[Overflow] = []
    cover = Cover(kit, c)
    band_y = PAGE_H * COVER_BAND
    gap = COVER_GAP * kit.body
    top = PAGE_H - MARGIN_TOP
    if c.audience:
        size = kit.para("cover_audience").run.size

        def label_width(t: str) -> float:
            lay = cover._block(t, "cover_audience").layout(TEXT_W)
            return lb.line_width(lay.atoms, 0, len(lay.atoms))[1] + 2 * COVER_LABEL_PAD * size

        out += _line("audience", "封面", c.audience, TEXT_W, label_width)
        top = PAGE_H - COVER_LABEL_TOP - size * COVER_LABEL_H - gap
    # The title (and subtitle below it) rise from COVER_TITLE_BOTTOM above the band's edge; the
    # bar above them must stay below the label.
    room = top - (band_y + COVER_TITLE_BOTTOM) - COVER_BAR_GAP - RULE_ACCENT
    sub = cover._block(c.subtitle, "cover_subtitle").height + COVER_SUBTITLE_GAP * kit.body \
        if c.subtitle else 0.0

    def title_height(t: str) -> float:
        return cover._title(t).height + sub

    need = title_height(c.title)
    if need > room:
        field = "title" if cover._title(c.title).height > room or not c.subtitle else "subtitle"
        text = c.title if field == "title" else c.subtitle
        if field == "title":
            fits = _fits(text, lambda t: title_height(t) <= room)
        else:
            title = cover._title(c.title).height + COVER_SUBTITLE_GAP * kit.body
            fits = _fits(text, lambda t: title + cover._block(t, "cover_subtitle").height <= room)
        out.append(Overflow(field, "封面", need, room, fits, len(text), lines=True))
    # The foot rises from the bottom margin; its rule must stay below the dedication (or band).
    ceiling = band_y - COVER_STRIPE - gap
    if c.dedication:
        ceiling = band_y - COVER_DEDICATION_DROP - cover._block(c.dedication, "cover_dedication").height - gap
    foot = [(c.organiser, "cover_organiser"), (c.date, "cover_date"), (c.data_as_of, "cover_date")]
    fixed = sum(cover._block(t, s).height for t, s in foot if t)
    room = ceiling - MARGIN_BOTTOM - COVER_FOOT_RULE - fixed
    heights = [cover._block(line, "cover_contact").height for line in c.contact]
    if c.dedication and room < 0:  # the dedication alone reaches down into the foot
        free = band_y - COVER_DEDICATION_DROP - gap - MARGIN_BOTTOM - COVER_FOOT_RULE - fixed - sum(heights)
        fits = _fits(c.dedication, lambda t: cover._block(t, "cover_dedication").height <= free)
        out.append(Overflow("dedication", "封面", band_y - COVER_DEDICATION_DROP - ceiling, free, fits,
                            len(c.dedication), lines=True))
    elif sum(heights) > room:
        used, index = 0.0, len(heights) - 1
        for i, h in enumerate(heights):  # the first contact line that no longer fits
            if used + h > room:
                index = i
                break
            used += h
        line = c.contact[index]
        fits = _fits(line, lambda t: used + cover._block(t, "cover_contact").height <= room)
        out.append(Overflow("contact", "封面", sum(heights), room, fits, len(line), lines=True,
                            index=index))
    return out


def mm(points: float) -> int:
    """Return points as whole millimetres, for messages."""
    return round(points / MM)
