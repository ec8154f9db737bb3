"""Fields (TOC, PAGE, NUMPAGES, SEQ, PAGEREF; ECMA-376 Part 1, §17.16) and the table of contents."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ... import doc as d
from .oxml import NS, append_all, el, hyperlink, parse, run, tab_run

TOC_PLACEHOLDER = "右键单击此处并选择“更新域”以生成目录"


def fld_char(kind: str, dirty: bool = False):
    """Return a run holding a field character: 'begin', 'separate' or 'end' (§17.16.18)."""
    r = el("w:r")
    attrs = {"w:fldCharType": kind}
    if dirty:
        attrs["w:dirty"] = "true"
    r.append(el("w:fldChar", attrs))
    return r


def instr(code: str):
    """Return a run holding a field's instruction, e.g. 'PAGE'."""
    r = el("w:r")
    r.append(parse(f'<w:instrText {NS} xml:space="preserve"> {escape(code)} </w:instrText>'))
    return r


def field(code: str, result: str) -> list:
    """Return the runs of a complex field (§17.16.18) showing `result` until updated."""
    runs = [fld_char("begin"), instr(code), fld_char("separate")]
    if result:
        runs.append(run(result))
    return runs + [fld_char("end")]


class TocMixin:
    """The writer's table of contents: a TOC field pre-filled with linked entries. Uses the
    writer's doc, toc_anchors, _para and _text_para."""

    def _toc(self, toc: d.TableOfContents) -> None:
        """Write a TOC field (§17.16.5.68), pre-filled with the headings so it reads well
        before Word refreshes it; settings ask Word to refresh fields on opening."""
        self._text_para("TOCHeading", toc.title)
        depth = max(1, min(3, toc.depth))
        entries = []
        # The page numbers are the laid-out PDF's (Document.pages, by the anchors every format
        # shares); the DOCX has the same page geometry, and the field stays marked for update.
        names = d.conventions.block_anchors(self.doc)
        for i, block in enumerate(self.doc.blocks):
            page = str(self.doc.pages.get(names.get(i, ""), ""))
            if isinstance(block, d.Heading) and block.level <= depth:
                entries.append((block.level, block.text, block, page))
            elif isinstance(block, d.SourceList):
                entries.append((1, block.title, block, page))
        begin = [fld_char("begin", dirty=True),
                 instr(f'TOC \\o "1-{depth}" \\h \\z \\u'), fld_char("separate")]
        if not entries:
            p = self._para("TOC1")
            placeholder = d.chrome.chrome(self.doc.meta.language, "toc_placeholder")
            append_all(p, begin + [run(placeholder), fld_char("end")])
            return
        for i, (level, text, block, page) in enumerate(entries):
            anchor = self.toc_anchors[id(block)]
            p = self._para(f"TOC{min(level, 2)}")
            if i == 0:
                append_all(p, begin)
            link = hyperlink(anchor=anchor)
            append_all(link, [run(text), tab_run()] + field(f"PAGEREF {anchor} \\h", page))
            p.append(link)
            if i == len(entries) - 1:
                p.append(fld_char("end"))

    def _plan_toc_anchors(self) -> None:
        """Name a bookmark for every heading the TOC links to that has no anchor of its own."""
        if not any(isinstance(b, d.TableOfContents) for b in self.doc.blocks):
            return
        n = 0
        for block in self.doc.blocks:
            if isinstance(block, (d.Heading, d.SourceList)):
                n += 1
                self.toc_anchors[id(block)] = getattr(block, "anchor", "") or f"_TocBk{n}"
