"""The table of contents: entries with dot leaders, page numbers and links, settled over passes."""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable

from .lines import Lines, draw_line, dry
from .styles import TOC_DOT_FROM, TOC_DOT_R, TOC_DOT_STEP, TOC_DOT_Y, TOC_PAGE_W
from .text import Kit


class Toc(Flowable):
    """The table of contents: entries with dot leaders, page numbers and links, filled over
    multiBuild passes from the headings' 'TOCEntry' notifications."""

    def __init__(self, kit: Kit, depth: int, planned: list[tuple[int, str, str]]):
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
                lines = Lines(kit.text_atoms(text, "", para.run), replace(para, after=0.0),
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
        return [TocPart(self.kit, rows[:k]), TocPart(self.kit, rows[k:])]

    def draw(self):
        part = TocPart(self.kit, self._layout(self.width))
        part.wrap(self.width, self.height)
        part.drawOn(self.canv, 0, 0)


class TocPart(Flowable):
    """Some rows of the table of contents."""

    def __init__(self, kit: Kit, rows: list[tuple]):
        super().__init__()
        self.kit = kit
        self.rows = rows

    def wrap(self, aw, ah):
        self.width = aw
        self.height = sum(p.before + ln.height for p, ln, _, _ in self.rows)
        return aw, self.height

    def draw(self):
        canv = self.canv
        if dry(canv):
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
                end_x = draw_line(canv, lay.atoms, s, e, para.left, y, lay.width, "left", False)
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
