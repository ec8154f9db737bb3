"""Key figures: a panel of big numbers over their labels and periods, as a light borderless table."""

from __future__ import annotations

from ... import doc as d
from ...doc.conventions import key_figure_parts
from .oxml import el, qn, run, set_style
from .tables import TablesMixin


class KeyFiguresMixin(TablesMixin):
    """The writer's key-figures panel. Uses the writer's theme, text_width, _text_para and
    _citation."""

    def _key_figures(self, k: d.KeyFigures):
        if not k.items:
            return None
        if k.title:
            self._text_para("KeyFiguresTitle", k.title)
        n = len(k.items)
        # Up to four a row; beyond, the row width (4 or 3) that leaves fewer empty cells.
        cols = n if n <= 4 else min((4, 3), key=lambda c: (-n % c, -c))
        rows = -(-n // cols)
        table = self._new_table(rows, [self.text_width // cols] * cols, "KeyFiguresTable")
        for i in range(rows * cols):
            tc = table.cell(i // cols, i % cols)
            value = tc.paragraphs[0]._p
            set_style(value, "KeyFigureValue")
            if i >= n:
                continue
            item = k.items[i]
            # The number large, its qualifier and unit (近, 亿元, %) at body size, split by the
            # rule the PDF uses too, so that 突破4000亿元 fits its card instead of wrapping.
            small = round(self.theme.body_size * 2)
            for text, is_number in key_figure_parts(item):
                r = run(text)
                if not is_number:
                    rpr = r.find(qn("w:rPr"))
                    if rpr is None:
                        rpr = el("w:rPr")
                        r.insert(0, rpr)
                    rpr.append(el("w:sz", {"w:val": str(small)}))
                    rpr.append(el("w:szCs", {"w:val": str(small)}))
                value.append(r)
            if item.citation is not None:
                value.append(self._citation(item.citation))
            label = tc.add_paragraph()._p
            set_style(label, "KeyFigureLabel")
            label.append(run(item.label))
            if item.period:  # when the number holds, on its own line under the label, smaller
                r = run("\n" + item.period)
                rpr = r.find(qn("w:rPr"))
                if rpr is None:
                    rpr = el("w:rPr")
                    r.insert(0, rpr)
                size = str(round(self.theme.body_size * 1.6))  # half-points: 0.8 of body size
                rpr.append(el("w:sz", {"w:val": size}))
                rpr.append(el("w:szCs", {"w:val": size}))
                label.append(r)
        if k.source:  # the panel's 资料来源 line, as a table's
            self._inlines(self._para("Note"), k.source)
            return None
        return table._tbl
