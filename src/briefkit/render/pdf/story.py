"""Blocks of the document → reportlab flowables, with keep-with-next for headings."""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak
from reportlab.platypus import Table as RLTable

from ... import doc as d
from ...errors import RenderError
from .cover import Cover
from .figure import FigureBlock
from .flow import KeepSpace, NewPage
from .keyfigures import KeyPanel
from .lines import BULLET, Heading, Lines, source_lines
from .page import Template
from .styles import H2_BAR_GAP, H2_BAR_W, HEADING_STYLE, LIST_AFTER
from .tables import TableLead, table_flows
from .text import Kit, make_atoms
from .toc import Toc


class Story:
    """Turns the document's blocks into reportlab flowables."""

    def __init__(self, document: d.Document, kit: Kit, tmpl: Template):
        self.doc = document
        self.kit = kit
        self.tmpl = tmpl
        self.anchors = d.conventions.block_anchors(document)

    def build(self) -> list:
        """Return the flowables of the whole document, cover first."""
        kit = self.kit
        story: list = [self.tmpl.count, Cover(kit, self.doc.cover), NextPageTemplate("body"),
                       PageBreak()]
        units: list[tuple[str, list]] = []  # (kind, flowables); kind 'heading' or 'block'
        for index, block in enumerate(self.doc.blocks):
            units.extend(self._block(index, block))
        # Keep-with-next: before each run of headings, a KeepSpace that moves it to the next
        # page unless it fits together with the start of the block after it.
        k = 0
        while k < len(units):
            kind, flows = units[k]
            if kind != "heading":
                story.extend(flows)
                k += 1
                continue
            chain = []
            while k < len(units) and units[k][0] == "heading":
                chain.append(units[k][1])
                k += 1
            parts = [f for flows in chain for f in flows if is_content(f)]
            if k < len(units):
                nxt = [f for f in units[k][1] if is_content(f) or isinstance(f, TableLead)]
                if nxt:
                    parts.append(next((f for f in nxt if isinstance(f, TableLead)), nxt[0]))
            story.append(KeepSpace(parts))
            for flows in chain:
                story.extend(flows)
        return story

    def _block(self, index: int, block) -> list[tuple[str, list]]:
        kit = self.kit
        if isinstance(block, d.Heading):
            return [("heading", self._heading(block.level, block.text,
                                              self.anchors[index], toc=True))]
        if isinstance(block, d.Paragraph):
            return [("block", [Lines(kit.atoms(block.inlines, block.style),
                                     kit.para(block.style))])]
        if isinstance(block, d.BulletList):
            para = kit.para("bullet")
            flows = []
            run = replace(para.run, font=kit.font["heading"], colour=kit.colours["accent"])
            for n, item in enumerate(block.items, 1):
                mark = make_atoms([(f"{n}.", run, False)]) if block.ordered else BULLET
                flows.append(Lines(kit.atoms(item, "bullet"), para, marker=mark,
                                   accent=kit.colours["accent"]))
            if flows:
                flows[-1].spaceAfter = LIST_AFTER * kit.body
            if len(flows) > 1:  # the last item never stands alone at the top of a page
                flows[-2].keepWithNext = 1
            return [("block", flows)]
        if isinstance(block, d.Quote):
            return [("block", [Lines(kit.atoms(block.inlines, "quote"), kit.para("quote"),
                                     rule=kit.colours["accent"])])]
        if isinstance(block, d.KeyFigures):
            if not block.items:
                return []
            source = source_lines(kit, block.source)  # the panel's 资料来源 line, as a table's
            if source is None:
                return [("block", [KeyPanel(kit, block)])]
            panel = KeyPanel(kit, block)  # kept on one page with its source line
            return [("block", [KeepSpace([panel, source]), panel, source])]
        if isinstance(block, d.Figure):
            return [("block", [self._figure(block)])]
        if isinstance(block, d.Table):
            return [("block", table_flows(kit, block, self.tmpl.width))]
        if isinstance(block, d.PageBreak):
            return [("block", [NewPage()])]
        if isinstance(block, d.TableOfContents):
            planned = [(h.level, h.text, self.anchors[i]) for i, h in enumerate(self.doc.blocks)
                       if isinstance(h, d.Heading) and h.level <= block.depth]
            planned += [(self._source_level(i), s.title, self.anchors[i])
                        for i, s in enumerate(self.doc.blocks) if isinstance(s, d.SourceList)]
            title = self._heading(1, block.title, self.anchors[index], toc=False)
            return [("heading", title), ("block", [Toc(kit, block.depth, planned)])]
        if isinstance(block, d.SourceList):
            level = self._source_level(index)
            head = self._heading(level, block.title, self.anchors[index], toc=True,
                                 look=2)
            para = kit.para("source_entry")
            mark_run = replace(para.run, font=kit.font["heading"], colour=kit.colours["accent"])
            flows = []
            for e in block.entries:
                names = d.conventions.source_anchors(e.number, e.anchor)
                flows.append(Lines(kit.text_atoms(e.text, "source_entry"), para, anchors=names,
                                   marker=make_atoms([(f"[{e.number}]", mark_run, False)])))
            return [("heading", head), ("block", flows)]
        raise RenderError(f"cannot render a block of type {type(block).__name__}")

    def _source_level(self, index: int) -> int:
        """A source list nests under the chapter before it, if there is one."""
        before = self.doc.blocks[:index]
        return 2 if any(isinstance(b, d.Heading) and b.level == 1 for b in before) else 1

    def _heading(self, level: int, text: str, anchor: str, *, toc: bool,
                 look: int | None = None) -> list:
        kit = self.kit
        look = look or level
        para = kit.para(HEADING_STYLE[look])
        decor = {1: "h1", 2: "h2"}.get(look, "")
        if decor == "h2":
            para = replace(para, left=H2_BAR_GAP * para.run.size + H2_BAR_W)
        flows: list = []  # page breaks are blocks of their own (compose puts them in)
        head = Heading(kit.text_atoms(text, HEADING_STYLE[look]), para, level=level, text=text,
                       anchor=anchor, toc_level=level if toc else 0,
                       outline_level=level - 1 if level <= 2 else -1, decor=decor,
                       accent=kit.colours["accent"], light=kit.colours["accent_light"])
        flows.append(head)
        return flows

    def _figure(self, fig: d.Figure) -> Flowable:
        kit = self.kit
        label = d.conventions.caption_label(kit.word("figure"), fig.number, fig.caption, kit.word("label_gap"))
        caption = Lines(kit.text_atoms(label, "figure_caption"), kit.para("figure_caption"))
        source = source_lines(kit, fig.source)
        if source is not None:
            source = Lines(source.atoms, replace(source.para, align="center"))
        return FigureBlock(kit, fig, caption, source)


def is_content(f) -> bool:
    """Return whether a flowable takes room on the page (not a zero-size marker)."""
    return isinstance(f, (Lines, KeyPanel, FigureBlock, Toc, RLTable))
