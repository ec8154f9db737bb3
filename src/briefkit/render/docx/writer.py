"""The writer: page set-up, cover and running heads, and every block and inline of the tree."""

from __future__ import annotations

from pathlib import Path

from ... import doc as d
from ...doc.conventions import source_anchor
from ...doc.validate import block_name
from ...errors import Problem, RenderError
from ...typography.numbers import join_quantities
from .fields import TocMixin, field
from .keyfigures import KeyFiguresMixin
from .memo import MemoMixin
from .oxml import (NS, RT_HYPERLINK, append_all, el, hyperlink, insert_before, is_table, parse, qn,
                   run, sect_xml, set_style, tab_run)
from .styles import EMU_PER_TWIP, HEADING_STYLES, PAGE_CM, PARAGRAPH_STYLES, StyleSheet, twips

_DROP_RELS = (  # template parts that would mislead: a Japanese-themed copy of the styles,
    "/stylesWithEffects", "/customXml", "/metadata/thumbnail")  # sample XML, a blank thumbnail


class Writer(TocMixin, KeyFiguresMixin, MemoMixin):
    """Fill one python-docx Document from one document tree."""

    def __init__(self, doc: d.Document, word):
        self.doc = doc
        self.word = word
        self.theme = doc.theme
        self.sheet = StyleSheet(doc.theme, doc.meta.language)
        self.colours = self.sheet.colours
        self.text_width = self.sheet.text_width
        self.bookmarks = 0  # w:id of the last bookmark; ids count up, so output is stable
        self.tables = 0
        self.figures = 0
        self.ordered_lists = 0
        self.toc_anchors: dict[int, str] = {}  # id(block) → bookmark the TOC entry links to
        self.break_next = False  # a page break block was met: the next paragraph starts a page

    def chrome_word(self, key: str) -> str:
        """Return the pack's chrome word for `key` (Figure, Table, …) in its language."""
        return d.chrome.chrome(self.doc.meta.language, key)

    # -- whole document --

    def write(self) -> None:
        """Set up page, styles and settings, then write the cover and every block."""
        self._page_setup()
        self.sheet.install(self.word)
        self._settings()
        self._drop_template_parts()
        self._cover()
        self._header_footer()
        self._plan_toc_anchors()
        previous = None
        for block in self.doc.blocks:
            if isinstance(block, (d.Table, d.KeyFigures)) and (is_table(previous)
                                                               or self.break_next):
                self._para("Normal")  # Word fuses adjacent tables into one
            previous = self._memo_block(block)
        if is_table(previous):
            self._para("Normal")  # a document must not end on a table

    def _block(self, block):
        """Write one block; return the last body element written."""
        if isinstance(block, d.Heading):
            self._heading(block)
        elif isinstance(block, d.Paragraph):
            self._paragraph(block)
        elif isinstance(block, d.BulletList):
            self._list(block)
        elif isinstance(block, d.Quote):
            self._inlines(self._para("Quote"), block.inlines)
        elif isinstance(block, d.Table):
            return self._table(block)
        elif isinstance(block, d.Figure):
            self._figure(block)
        elif isinstance(block, d.KeyFigures):
            return self._key_figures(block)
        elif isinstance(block, d.PageBreak):
            # Set on the next paragraph (w:pageBreakBefore), not as a w:br in a paragraph of
            # its own, which would leave an empty line at the top of the new page.
            self.break_next = True
        elif isinstance(block, d.TableOfContents):
            self._toc(block)
        elif isinstance(block, d.SourceList):
            self._sources(block)
        else:
            raise RenderError(f"cannot write a {type(block).__name__} block to Word")
        return None

    # -- package-level set-up --

    def _page_setup(self) -> None:
        section = self.word.sections[0]
        section.page_width = twips(PAGE_CM["width"]) * EMU_PER_TWIP
        section.page_height = twips(PAGE_CM["height"]) * EMU_PER_TWIP
        for side in ("left", "right", "top", "bottom"):
            setattr(section, f"{side}_margin", twips(PAGE_CM["margin"]) * EMU_PER_TWIP)
        section.header_distance = twips(PAGE_CM["header"]) * EMU_PER_TWIP
        section.footer_distance = twips(PAGE_CM["footer"]) * EMU_PER_TWIP

    def _settings(self) -> None:
        """Chinese theme language, punctuation compression, fields updated on opening."""
        root = self.word.settings.element
        for tag in ("w:rsids", "w:updateFields", "w:characterSpacingControl",
                    "w:defaultTabStop"):
            for old in root.findall(qn(tag)):
                root.remove(old)
        for lang in root.findall(qn("w:themeFontLang")):  # styles added later in Word
            lang.set(qn("w:eastAsia"), "zh-CN")  # take the theme's Chinese face, not the Japanese
            if self.sheet.english:
                lang.set(qn("w:val"), "en-US")
        # Element order follows CT_Settings (ECMA-376 Part 1, §17.15.1.78).
        insert_before(root, el("w:characterSpacingControl", {"w:val": "compressPunctuation"}),
                       ("w:savePreviewPicture", "w:compat"))
        insert_before(root, el("w:defaultTabStop", {"w:val": str(self.sheet.chars(2))}),
                       ("w:autoHyphenation", "w:characterSpacingControl"))
        insert_before(root, el("w:updateFields", {"w:val": "true"}), ("w:compat",))

    def _drop_template_parts(self) -> None:
        for part_rels in (self.word.part.rels, self.word.part.package.rels):
            for rid, rel in list(part_rels.items()):
                if rel.reltype.endswith(_DROP_RELS):
                    del part_rels[rid]

    # -- cover and running heads --

    def _cover(self) -> None:
        """Write the cover as its own section: no header or footer, page break after it."""
        c = self.doc.cover
        # The foot block sits in a frame anchored to the bottom margin, so it goes first.
        foot = [("CoverOrganiser", c.organiser),
                ("CoverMeta", "　".join(x for x in (c.date, c.data_as_of) if x))]
        foot += [("CoverMeta", line) for line in c.contact]
        for sid, text in foot:
            if text:
                p = self._text_para(sid, text)
                # A frame anchored to the bottom margin (§17.3.1.11). Direct formatting: readers
                # such as LibreOffice before 7.6 ignore a frame given in a style.
                p.get_or_add_pPr().insert(1, el("w:framePr", {
                    "w:w": str(self.text_width), "w:wrap": "around", "w:vAnchor": "margin",
                    "w:hAnchor": "margin", "w:xAlign": "center", "w:yAlign": "bottom"}))
        last = self._text_para("Title", c.title)
        for sid, text in (("Subtitle", c.subtitle), ("CoverAudience", c.audience),
                          ("Dedication", c.dedication)):
            if text:
                last = self._text_para(sid, text)
        body_sect = self.word.element.body.sectPr
        for key in list(body_sect.attrib):  # the template's revision ids
            del body_sect.attrib[key]
        cover_sect = parse(sect_xml(body_sect))
        last.get_or_add_pPr().append(cover_sect)

    def _header_footer(self) -> None:
        """Give the body section its header and a footer with 第 X 页 / 共 Y 页."""
        section = self.word.sections[-1]
        meta = self.doc.meta
        if meta.header:
            section.header.is_linked_to_previous = False
            p = section.header.paragraphs[0]._p
            set_style(p, "Header")
            p.append(run(meta.header))
        section.footer.is_linked_to_previous = False
        p = section.footer.paragraphs[0]._p
        set_style(p, "Footer")
        if meta.footer:
            p.append(run(meta.footer))
            p.append(tab_run())
        p.append(tab_run())
        before, middle, after = _page_words(meta.language)
        p.append(run(before))
        append_all(p, field("PAGE", "1"))
        p.append(run(middle))
        append_all(p, field("NUMPAGES", "1"))
        if after:
            p.append(run(after))

    # -- blocks --

    def _heading(self, h: d.Heading) -> None:
        p = self._para(HEADING_STYLES[h.level])
        anchor = h.anchor or self.toc_anchors.get(id(h), "")
        self._bookmarked(p, anchor, [run(h.text)])

    def _paragraph(self, para: d.Paragraph) -> None:
        self._inlines(self._para(PARAGRAPH_STYLES[para.style]), para.inlines)

    def _list(self, lst: d.BulletList) -> None:
        sid = "ListNumber" if lst.ordered else "ListBullet"
        num_id = None
        if lst.ordered:
            self.ordered_lists += 1
            if self.ordered_lists > 1:  # each later numbered list restarts at 1
                num_id = self._restart_numbering()
        for item in lst.items:
            p = self._para(sid)
            if num_id is not None:
                num_pr = p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = num_id
            self._inlines(p, item)

    def _figure(self, f: d.Figure) -> None:
        image = Path(f.image)
        self.figures += 1
        number = f.number or self.figures
        width = max(0.05, min(1.0, f.width or 1.0))
        paragraph = self.word.add_paragraph()
        set_style(paragraph._p, "Figure")
        try:
            shape = paragraph.add_run().add_picture(
                str(image), width=int(self.text_width * width) * EMU_PER_TWIP)
        except Exception:  # python-docx raises its own types for unreadable images
            raise RenderError(Problem(None, f"{block_name(f)}: {f.image} is not a readable image",
                                      "write the figure as a PNG file")) from None
        alt = f.alt or f.caption
        label = f"{self.chrome_word('figure')} {number}"
        doc_pr = shape._inline.docPr
        doc_pr.set("name", label)
        doc_pr.set("descr", alt)
        for c_nv_pr in shape._inline.xpath(".//pic:cNvPr"):
            c_nv_pr.set("name", label)
            c_nv_pr.set("descr", alt)
        self._caption(self.chrome_word("figure"), number, f.caption)
        if f.source:
            self._inlines(self._para("Note"), f.source)

    def _sources(self, s: d.SourceList) -> None:
        p = self._para("Heading1")
        self._bookmarked(p, self.toc_anchors.get(id(s), ""), [run(s.title)])
        for e in s.entries:
            p = self._para("Bibliography")
            self._bookmarked(p, e.anchor or source_anchor(e.number),
                             [run(f"[{e.number}]"), tab_run(), run(e.text)])

    # -- pieces --

    def _para(self, sid: str):
        """Return a new body paragraph (CT_P) in style `sid`."""
        p = self.word.add_paragraph()._p
        set_style(p, sid)
        if self.break_next:
            p.get_or_add_pPr().pageBreakBefore_val = True
            self.break_next = False
        return p

    def _text_para(self, sid: str, text: str):
        p = self._para(sid)
        p.append(run(text))
        return p

    def _caption(self, label: str, number: int, text: str) -> None:
        """Write '表 n　caption' with a SEQ field, so Word can renumber (§17.16.5.56)."""
        p = self._para("Caption")
        append_all(p, [run(f"{label} ")] + field(f"SEQ {label} \\* ARABIC", str(number))
                    + [run(f"{self.chrome_word('label_gap')}{text}")])

    def _bookmarked(self, p, name: str, runs: list) -> None:
        if not name:
            append_all(p, runs)
            return
        self.bookmarks += 1
        bid = str(self.bookmarks)
        p.append(el("w:bookmarkStart", {"w:id": bid, "w:name": name}))
        append_all(p, runs)
        p.append(el("w:bookmarkEnd", {"w:id": bid}))

    def _inlines(self, p, inlines: list) -> None:
        for item in inlines:
            if isinstance(item, d.Text):
                # Word breaks between a digit and an ideograph and between ideographs: a word
                # joiner holds a quantity (4000亿元, 2021—2025年) on one line, as the PDF does.
                p.append(run(join_quantities(item.text), bold=item.bold, italic=item.italic))
            elif isinstance(item, d.Citation):
                p.append(self._citation(item.number))
            elif isinstance(item, d.Link):
                if item.target.startswith("#"):
                    link = hyperlink(anchor=item.target[1:])
                else:
                    link = hyperlink(rid=self.word.part.relate_to(item.target, RT_HYPERLINK,
                                                                   is_external=True))
                link.append(run(item.text, style="Hyperlink"))
                p.append(link)
            else:
                raise RenderError(f"cannot write a {type(item).__name__} inline to Word")

    def _citation(self, number: int):
        link = hyperlink(anchor=source_anchor(number))
        link.append(run(f"[{number}]", style="Citation"))
        return link

    def _restart_numbering(self) -> int:
        """Add a list instance of the decimal list that starts again at 1; return its id."""
        root = self.word.part.numbering_part.element
        num_id = 2 + self.ordered_lists - 1
        root.append(parse(
            f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="1"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return num_id


def _page_words(language: str) -> tuple[str, str, str]:
    """Return the text before PAGE, between PAGE and NUMPAGES, and after: '第 ', ' 页 / 共 ', ' 页'."""
    text = d.chrome.chrome(language, "page", page="\0", total="\1")
    before, rest = text.split("\0")
    middle, after = rest.split("\1")
    return before, middle, after
