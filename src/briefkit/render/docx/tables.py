"""Data tables: a repeating header row, fixed column widths, the caption above, the source below."""

from __future__ import annotations

from ... import doc as d
from .oxml import NS, el, parse, qn, set_style, shading
from .styles import ALIGN


class TablesMixin:
    """The writer's tables. Uses the writer's word, colours, text_width, tables (a counter),
    _caption, _inlines and _para."""

    def _table(self, t: d.Table):
        ncols = len(t.header)
        self.tables += 1
        number = t.number or self.tables
        if t.caption:
            self._caption(self.chrome_word("table"), number, t.caption)
        widths = self._column_widths(t.widths, ncols)
        table = self._new_table(1 + len(t.rows), widths, "DataTable")
        align = [ALIGN[a] for a in t.align] + ["left"] * (ncols - len(t.align))
        # Table.cell(r, c) rescans the whole grid on every call (quadratic); walk the XML once.
        from docx.table import _Cell

        grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
        for r, row in enumerate([[[d.Text(h)] for h in t.header]] + t.rows):
            tr = table.rows[r]._tr
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(el("w:cantSplit"))
            if r == 0:  # repeat the header row on every page (§17.4.49)
                tr_pr.append(el("w:tblHeader"))
            for c, cell in enumerate(row):
                tc = grid[r][c]
                p = tc.paragraphs[0]._p
                set_style(p, "TableHeading" if r == 0 else "TableText")
                if align[c] != "left":
                    p.get_or_add_pPr().append(el("w:jc", {"w:val": align[c]}))
                if r == 0:
                    tc_pr = tc._tc.get_or_add_tcPr()
                    tc_pr.append(shading(self.colours["accent"]))
                    tc_pr.append(el("w:vAlign", {"w:val": "center"}))
                self._inlines(p, cell)
        if t.source:
            self._inlines(self._para("Note"), t.source)
            return None
        return table._tbl

    def _new_table(self, rows: int, widths: list[int], style: str):
        table = self.word.add_table(rows=rows, cols=len(widths))
        tbl = table._tbl
        tbl.remove(tbl.tblPr)
        tbl.insert(0, parse(
            f'<w:tblPr {NS}><w:tblStyle w:val="{style}"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'))
        for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(width))
        for tr in tbl.findall(qn("w:tr")):
            for tc, width in zip(tr.findall(qn("w:tc")), widths):
                tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
                tc_w.set(qn("w:w"), str(width))
                tc_w.set(qn("w:type"), "dxa")
        return table

    def _column_widths(self, widths: list[float], ncols: int) -> list[int]:
        if not widths:
            return [self.text_width // ncols] * ncols
        total = sum(widths)
        return [int(self.text_width * w / total) for w in widths]
