"""The key-figures panel: boxes in a grid, each value large in the accent colour, label and period below."""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable

from ... import doc as d
from ...typography import linebreak as lb
from .lines import Lines, draw_line, dry
from .styles import (ASCENT, KEY_AFTER, KEY_BEFORE, KEY_GAP, KEY_LABEL_GAP, KEY_PAD, KEY_RADIUS,
                     KEY_TITLE_GAP, KEY_TOP_BAR, KEY_UNIT, KEY_VALUE_LINE, RULE_ACCENT)
from .text import Kit, Run, make_atoms
from .tounicode import actual_text


class KeyPanel(Flowable):
    """Key figures: boxes in a grid, the value large in the accent colour, its label below."""

    def __init__(self, kit: Kit, block: d.KeyFigures):
        super().__init__()
        self.kit = kit
        self.block = block
        n = len(block.items)
        self.cols = n if n <= 4 else (3 if n % 3 == 0 or n == 5 else 4)
        self.title = None
        if block.title:
            para = kit.para("key_title")
            self.title = Lines(kit.text_atoms(block.title, "key_title"), replace(para, after=0))
        self.spaceBefore = KEY_BEFORE * kit.body
        self.spaceAfter = KEY_AFTER * kit.body
        self._geom = None

    def _value_atoms(self, item: d.KeyFigure, size: float) -> list[lb.Atom]:
        """Numbers at full size, units (亿元, 家, %) smaller: '250' large, '亿元' small."""
        kit = self.kit
        big = Run(kit.font["keyfigure"], size, kit.colours["accent"])
        small = replace(big, size=size * KEY_UNIT)
        runs = [(text, big if is_number else small, False)
                for text, is_number in d.conventions.key_figure_parts(item)]
        if item.citation is not None:
            runs.append((f"[{item.citation}]", kit.cite_run(small, item.citation), True))
        return make_atoms(runs)

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
            # Balanced, at a word's end: "国家级、/ 市级科研机构", never "…科研机 / 构".
            label = Lines(kit.text_atoms(item.label, "key_label"), lpara, balance=True)
            label.wrap(inner, 1e6)
            period = None
            if item.period:  # when the number holds, under its label (2025年)
                period = Lines(kit.text_atoms(item.period, "key_period"), kit.para("key_period"))
                period.wrap(inner, 1e6)
            cells.append((atoms, size, label, period))
        rows = []
        for r in range(0, len(cells), cols):
            row = cells[r:r + cols]
            h = max(2 * pad + s * KEY_VALUE_LINE + KEY_LABEL_GAP * kit.body + lab.height
                    + (per.height if per else 0.0) for _, s, lab, per in row)
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
        if dry(canv):
            return
        kit = self.kit
        aw, box_w, pad, rows, title_h, height = self._layout(self.width)
        y = height
        if self.title:
            self.title.canv = canv
            self.title.drawOn(canv, 0, y - self.title.height)
            y -= title_h
        for row, h in rows:
            for c, (atoms, size, label, period) in enumerate(row):
                x = c * (box_w + KEY_GAP)
                canv.setFillColor(kit.colours["accent_light"])
                canv.roundRect(x, y - h, box_w, h, KEY_RADIUS, stroke=0, fill=1)
                canv.setFillColor(kit.colours["accent"])
                bar = RULE_ACCENT * KEY_TOP_BAR
                canv.rect(x + KEY_RADIUS, y - bar, box_w - 2 * KEY_RADIUS, bar, stroke=0, fill=1)
                base = y - pad - size * ASCENT
                # One span for value, unit and mark: they differ in size and baseline, which
                # layout-guessing extractors (poppler) otherwise read as three lines.
                with actual_text(canv, "".join(a.text for a in atoms)):
                    draw_line(canv, atoms, 0, len(atoms), x + pad, base, box_w - 2 * pad,
                              "center", False)
                label_top = y - pad - size * KEY_VALUE_LINE - KEY_LABEL_GAP * kit.body
                label.drawOn(canv, x + pad, label_top - label.height)
                if period is not None:
                    period.drawOn(canv, x + pad, label_top - label.height - period.height)
            y -= h + KEY_GAP
