"""The cover page: a colour band with audience label, title and subtitle; dedication, organiser."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import white
from reportlab.platypus import Flowable

from ... import doc as d
from ...typography import linebreak as lb
from .lines import Lines, draw_line, dry
from .styles import (ASCENT, COVER_BAND, COVER_BAR, COVER_BAR_GAP, COVER_DEDICATION_DROP,
                     COVER_FOOT_RULE, COVER_LABEL_H, COVER_LABEL_PAD, COVER_LABEL_TOP,
                     COVER_STRIPE, COVER_SUBTITLE_GAP, COVER_TITLE_BOTTOM, COVER_TITLE_MIN,
                     COVER_TITLE_STEP, DESCENT, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, PAGE_H,
                     PAGE_W, RULE_ACCENT, RULE_THIN)
from .text import Kit


class Cover(Flowable):
    """The cover page: a colour band with the title, then dedication, organiser and date."""

    def __init__(self, kit: Kit, cover: d.Cover):
        super().__init__()
        self.kit = kit
        self.cover = cover

    def wrap(self, aw, ah):
        self.width, self.height = aw, ah
        return aw, ah

    def _block(self, text: str, style: str, scale: float = 1.0) -> Lines:
        para = self.kit.para(style)
        if scale != 1.0:
            para = replace(para, run=replace(para.run, size=para.run.size * scale),
                           leading=para.leading * scale)
        lines = Lines(self.kit.text_atoms(text, style, para.run), para, balance=True)
        lines.wrap(PAGE_W - MARGIN_LEFT - MARGIN_RIGHT, 1e6)
        return lines

    def _title(self, text: str) -> Lines:
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
        if dry(canv):
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
            draw_line(canv, lay.atoms, 0, len(lay.atoms), left + COVER_LABEL_PAD * size,
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
