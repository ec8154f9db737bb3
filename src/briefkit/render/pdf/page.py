"""The document template: A4 pages, running header and footer, page total, outline, anchors."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFObject
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from ... import doc as d
from .figure import FigureBlock
from .lines import Heading, Lines
from .styles import (FOOTER_DROP, HEADER_RISE, HEADER_RULE_GAP, MARGIN_BOTTOM, MARGIN_LEFT,
                     MARGIN_RIGHT, MARGIN_TOP, PAGE_H, PAGE_W, RULE_THIN)
from .text import Kit


class PageCount(Flowable):
    """Indexing flowable: the page total of the previous pass, for '共 Y 页' in the footer."""

    _ZEROSIZE = True

    def __init__(self, tmpl: "Template"):
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


class Template(BaseDocTemplate):
    """A4 pages: the cover without decoration, then body pages with running header and footer."""

    def __init__(self, path: Path, document: d.Document, kit: Kit,
                 record: d.LayoutRecord | None = None):
        meta = document.meta
        super().__init__(
            path if hasattr(path, "write") else str(path), pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta.title,
            author=meta.author, subject=meta.subject, keywords=", ".join(meta.keywords),
            creator="briefkit", invariant=1, lang=meta.language or "zh-CN", displayDocTitle=1,
            # reportlab's default initial font is Helvetica, which would be referenced but not
            # embedded: start every page in our own face instead.
            initialFontName=kit.font["body"], initialFontSize=kit.body,
        )
        self.kit = kit
        self.meta = meta
        self.record = record if record is not None else d.LayoutRecord()
        self.created = pdf_date(meta.created)
        self.count = PageCount(self)
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
        self.record.clear()
        self.passes = getattr(self, "passes", 0) + 1
        self._outline_level = -1
        self.canv._doc.Catalog.Dests = NamedDestinations(self.canv)
        if self.created:
            created = self.created
            self.canv.setDateFormatter(lambda *_: created)

    def filterFlowables(self, flowables):
        """Let a figure float: one that does not fit the space left lets the paragraphs after
        it fill that space, and goes to the top of the next page (before the rest of a
        paragraph that was split there) — no hole above a figure pushed to the next page."""
        f = flowables[0]
        if len(flowables) < 2:
            return
        nxt = flowables[1]
        frame = self.frame
        if isinstance(f, FigureBlock) and not frame._atTop and type(nxt) is Lines:
            aw = frame._getAvailableWidth()
            ah = frame._y - frame._y1 - f.getSpaceBefore()
            f._frame = frame
            if f.wrap(aw, ah)[1] > ah + 1e-6:
                flowables[0], flowables[1] = nxt, f
                f.floated = self.passes
        elif (frame._atTop and type(f) is Lines and f.continued and isinstance(nxt, FigureBlock)
              and getattr(nxt, "floated", None) == self.passes):
            flowables[0], flowables[1] = nxt, f

    def afterPage(self):
        frame = self.frame
        if frame.id == "body":
            blank = max(0.0, frame._y - frame._y1) / frame._height
            self.record.pages.append(d.PageFill(self.page, blank,
                                                getattr(frame, "ends_by_break", False)))
        frame.ends_by_break = False  # the frame object is reused by the next page

    def afterFlowable(self, flowable):
        if not isinstance(flowable, Heading):
            return
        self.record.anchor_pages.setdefault(flowable.anchor, self.page)
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
        canv.drawRightString(right, y, d.chrome.chrome(self.meta.language, "page", page=self.page, total=total))
        canv.restoreState()


class NamedDestinations(PDFObject):
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


def pdf_date(created: str) -> str:
    """Return meta.created (checked by doc.validate) as a PDF date string
    (D:YYYYMMDDHHmmSS+HH'mm'), or ''."""
    if not created:
        return ""
    dt = datetime.fromisoformat(created)
    out = dt.strftime("D:%Y%m%d%H%M%S")
    off = dt.utcoffset()
    if off is None:
        return out
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{out}{sign}{minutes // 60:02d}'{minutes % 60:02d}'"
