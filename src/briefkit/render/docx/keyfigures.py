"""Key figures: a panel of big numbers over their labels, as a light borderless table."""

from __future__ import annotations

import re

from ... import doc as d
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
            # The number large, its qualifier and unit at body size (as in the PDF), so that
            # 突破4000亿元 fits its card instead of wrapping mid-number.
            m = re.match(r"^(\D*?)(\d[\d.]*(?:万|亿)?)(.*)$", item.value)
            parts = [("", item.value)] if not m else [("s", m.group(1)), ("", m.group(2)), ("s", m.group(3))]
            small = round(self.theme.body_size * 2)
            for kind, text in parts:
                if text:
                    r = run(text)
                    if kind:
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
        return table._tbl
