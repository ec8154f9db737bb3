"""Tables: cells as line-broken text, column widths from content, splits that strand no row."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import white
from reportlab.platypus import Flowable
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from ... import doc as d
from ...typography import linebreak as lb
from .flow import KeepSpace, lead_height_of
from .lines import Lines, source_lines
from .styles import (RULE_ROW, RULE_TABLE_END, TABLE_AFTER, TABLE_AUTO_DAMP, TABLE_AUTO_MAX,
                     TABLE_MIN_ROWS, TABLE_PAD_X, TABLE_PAD_Y, TABLE_SPACE, TABLE_ZEBRA)
from .text import Kit, mix


class TableLead(Flowable):
    """Zero-size marker: a table caption and its first rows, for the keep-with-next logic."""

    _ZEROSIZE = True

    def __init__(self, caption: Lines | None, table: RLTable, source: Lines | None):
        super().__init__()
        self.caption, self.table, self.source = caption, table, source

    def lead_height(self, aw):
        h = lead_height_of(self.caption, aw) + self.caption.getSpaceAfter() if self.caption else 0.0
        self.table.wrap(aw, 1e6)
        rows = self.table._rowHeights[: 1 + TABLE_MIN_ROWS]
        return h + sum(rows)

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        pass


class SplitTable(RLTable):
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


def table_flows(kit: Kit, t: d.Table, text_w: float) -> list:
    """Return the flowables of a table: keep-with-next marker, caption, table, source line."""
    ncols = len(t.header)
    aligns = [{"l": "left", "r": "right", "c": "center"}[a] for a in
              (t.align + ["l"] * ncols)[:ncols]]
    head_para = kit.para("head_cell")
    cell_para = kit.para("cell")
    sans = kit.font["table"]
    header = [Lines(kit.text_atoms(h, "head_cell", replace(head_para.run, font=sans)),
                    replace(head_para, align=aligns[c]))
              for c, h in enumerate(t.header)]
    rows = [header]
    for row in t.rows:
        # Cells are ragged-right: justifying a narrow cell spreads its characters apart.
        rows.append([Lines(kit.atoms(cell, "cell"), replace(cell_para, align=aligns[c]))
                     for c, cell in enumerate(row)])
    widths = column_widths(t, rows, text_w)
    table = SplitTable(rows, colWidths=widths, repeatRows=1, hAlign="CENTER")
    zebra = mix(white, kit.colours["accent_light"], TABLE_ZEBRA)
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
        label = d.conventions.caption_label(kit.word("table"), t.number, t.caption, kit.word("label_gap"))
        caption = Lines(kit.text_atoms(label, "table_caption"), kit.para("table_caption"))
    source = source_lines(kit, t.source)
    marker = TableLead(caption, table, source)
    flows: list = [KeepSpace([marker]), marker]
    if caption:
        flows.append(caption)
    flows.append(table)
    if source:
        flows.append(source)
    else:
        table.spaceAfter = TABLE_AFTER * kit.body
    return flows


def column_widths(t: d.Table, rows: list[list[Lines]], text_w: float) -> list[float]:
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
