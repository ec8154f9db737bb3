"""Document tree → .docx: real Word styles, Chinese fonts, live fields, reproducible bytes.

Why the XML work beyond python-docx:

- python-docx writes only w:ascii/w:hAnsi, and its default template points every style at theme
  fonts whose East Asian face is Japanese (`themeFontLang eastAsia="ja-JP"`); Word and WPS let the
  theme win over named faces. We therefore rebuild styles.xml from one table (`_STYLES`), with
  explicit w:eastAsia faces from `fonts.ROLES`, no theme font attributes, and zh-CN language.
- Fields (TOC, PAGE, NUMPAGES, SEQ, PAGEREF), bookmarks and internal hyperlinks have no
  python-docx API; they are written as WordprocessingML (ECMA-376 Part 1, §17.16 and §17.13.6).
- python-docx stamps zip entries with the current time; `_reproducible_zip` rewrites the package
  with fixed times and a stable entry order, so one Document always gives the same bytes.

The document is checked first by doc.validate, the checks every format shares (control
characters XML 1.0 cannot hold among them). Tab and newline are kept (a tab, a line break).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .. import doc as d
from .. import fonts
from ..doc.conventions import FIGURE_LABEL, LABEL_GAP, TABLE_LABEL, source_anchor
from ..doc.validate import THEME_COLOURS, block_name
from ..errors import Problem, RenderError
from ..files import SHANGHAI

# ---- units and page geometry: the one table of measures -------------------------------------

TWIPS_PER_PT = 20  # Word measures paragraphs in twentieths of a point
EMU_PER_TWIP = 635  # and drawings in English Metric Units
TWIPS_PER_CM = 1440 / 2.54
PAGE_CM = {"width": 21.0, "height": 29.7, "margin": 2.5, "header": 1.5, "footer": 1.5}  # A4
CHARS = 100  # w:firstLineChars and friends count hundredths of a character

# ---- paragraph styles: the one table of styles ----------------------------------------------


@dataclass(frozen=True)
class _Style:
    """One paragraph style. Sizes are multiples of theme.body_size, spacing is in points."""

    sid: str  # w:styleId, what paragraphs refer to
    name: str  # w:name; Word's own (lower-case) name for a built-in style
    use: str  # fonts.USES key → serif or sans
    size: float = 1.0  # × theme.body_size, rounded to a half point
    colour: str = "text"  # Theme attribute, or 'white'
    bold: bool = False
    jc: str = "both"
    first_line: bool = False  # two-character first-line indent of Chinese body text
    left: float = 0  # left indent, in characters of this style's size
    hanging: float = 0  # hanging indent, in characters
    line: float = 1.25  # line height as a multiple of this style's size ("at least")
    before: float = 0
    after: float = 0
    keep_next: bool = False
    page_break: bool = False
    outline: int | None = None  # 0-based outline level; 9 = body text (never in the TOC)
    deco: str = ""  # a decoration from _decoration(): rule, bar, band, header, frame, ...
    custom: bool = True  # False for Word's built-in styles
    num: int = 0  # list instance (numbering.xml w:numId) the style numbers with
    next: str = ""  # style of the paragraph Word starts after this one


_STYLES: list[_Style] = [
    # Body text: 宋体, justified, first line indented two characters, 禁则 line breaking on.
    _Style("Normal", "Normal", "body", first_line=True, line=0, after=3, custom=False),
    _Style("Lead", "Lead", "body", 1.143, first_line=True, line=0, after=6, next="Normal"),
    _Style("Note", "Note", "body", 0.857, "muted", line=1.5, before=2, after=2, next="Normal"),
    _Style("Quote", "Quote", "body", 1.0, "muted", left=2, line=0, before=6, after=6,
           deco="bar", custom=False, next="Normal"),
    _Style("ListBullet", "List Bullet", "body", left=4, hanging=2, line=0, after=2,
           custom=False, num=1),
    _Style("ListNumber", "List Number", "body", left=4, hanging=2, line=0, after=2,
           custom=False, num=2),
    # Headings: 黑体 in the accent colour; a chapter starts a new page.
    _Style("Heading1", "heading 1", "heading", 1.524, "accent", jc="left", after=14,
           keep_next=True, page_break=True, outline=0, deco="rule", custom=False,
           next="Normal"),
    _Style("Heading2", "heading 2", "heading", 1.333, "accent", jc="left", before=16, after=6,
           keep_next=True, outline=1, custom=False, next="Normal"),
    _Style("Heading3", "heading 3", "heading", 1.143, "text", jc="left", before=10, after=4,
           keep_next=True, outline=2, custom=False, next="Normal"),
    _Style("TOCHeading", "TOC Heading", "heading", 1.524, "accent", jc="left", after=14,
           keep_next=True, outline=9, deco="rule", custom=False, next="Normal"),
    _Style("TOC1", "toc 1", "heading", 1.0, jc="left", line=1.3, before=7, after=2,
           deco="toc", custom=False, next="Normal"),
    _Style("TOC2", "toc 2", "body", 1.0, jc="left", left=2, line=1.3, after=2, deco="toc",
           custom=False, next="Normal"),
    # Cover: a band in the cover colour, the audience, a dedication, the organiser at the foot.
    _Style("Title", "Title", "cover", 2.857, "white", jc="left", line=1.2, before=110,
           deco="band", custom=False, next="Subtitle"),
    _Style("Subtitle", "Subtitle", "cover", 1.524, "accent_light", jc="left", line=1.3,
           before=4, deco="band", custom=False, next="Normal"),
    _Style("CoverAudience", "Cover Audience", "cover", 1.333, "accent", jc="left", before=30,
           next="Normal"),
    _Style("Dedication", "Dedication", "cover", 1.524, "text", jc="left", line=1.4, before=70,
           deco="dedication", next="Normal"),
    _Style("CoverOrganiser", "Cover Organiser", "cover", 1.333, "text", jc="left", after=6,
           next="CoverMeta"),
    _Style("CoverMeta", "Cover Meta", "cover", 1.0, "muted", jc="left", line=1.5,
           next="CoverMeta"),
    # Figures, tables and their captions.
    _Style("Caption", "caption", "caption", 1.0, jc="center", line=1.3, before=6, after=6,
           keep_next=True, custom=False, next="Normal"),
    _Style("Figure", "Figure", "figure", 1.0, jc="center", line=1.0, before=8,
           keep_next=True, next="Caption"),
    _Style("TableText", "Table Text", "table", 0.905, jc="left", line=1.3, before=2, after=2),
    _Style("TableHeading", "Table Heading", "table", 0.905, "white", jc="left", line=1.3,
           before=2, after=2, keep_next=True),
    _Style("KeyFiguresTitle", "Key Figures Title", "keyfigure", 1.143, "accent", jc="left",
           before=8, after=6, keep_next=True, next="Normal"),
    _Style("KeyFigureValue", "Key Figure Value", "keyfigure", 2.0, "accent", jc="center",
           line=1.15, before=6, keep_next=True, next="KeyFigureLabel"),
    _Style("KeyFigureLabel", "Key Figure Label", "keyfigure", 0.857, "muted", jc="center",
           line=1.3, after=6),
    _Style("Bibliography", "Bibliography", "body", 0.952, jc="both", left=2.6, hanging=2.6,
           line=1.45, after=4, deco="entry", custom=False),
    # Running header and footer.
    _Style("Header", "header", "header", 0.857, "muted", jc="right", line=1.2, deco="header",
           custom=False),
    _Style("Footer", "footer", "header", 0.857, "muted", jc="left", line=1.2, deco="footer",
           custom=False),
]
_BY_ID = {s.sid: s for s in _STYLES}
_HEADINGS = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
_PARAGRAPH_STYLES = {"body": "Normal", "lead": "Lead", "note": "Note"}
_ALIGN = {"l": "left", "r": "right", "c": "center"}
_GALLERY = {"Normal", "Lead", "Note", "Quote", "Heading1", "Heading2", "Heading3", "Title",
            "Subtitle", "Caption", "ListBullet", "ListNumber"}  # shown in Word's style gallery
_KEEP = {"DefaultParagraphFont", "TableNormal", "NoList"}  # template styles that carry no fonts

# Characters Word sets in the Latin face unless told the text is East Asian (ECMA-376 Part 1,
# §17.3.2.26, the w:hint attribute): Chinese quotes, dashes, ellipsis, middle dot.
_AMBIGUOUS = re.compile("[\u00b7\u00d7\u00b0\u2014\u2015\u2018\u2019\u201c\u201d\u2026"
                        "\u2030\u2103\u203b\u2116\u00a7\u2160-\u216b\u2460-\u2473]")

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = (f'xmlns:w="{_W}" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_DROP_RELS = (  # template parts that would mislead: a Japanese-themed copy of the styles,
    "/stylesWithEffects", "/customXml", "/metadata/thumbnail")  # sample XML, a blank thumbnail

TOC_PLACEHOLDER = "右键单击此处并选择“更新域”以生成目录"
LAST_MODIFIED_BY = "briefkit"


def render(doc: d.Document, path: Path) -> int | None:
    """Write `doc` as a .docx file at `path`; return None, as Word paginates on opening."""
    d.validate(doc)
    created = _parse_created(doc.meta.created)
    import docx

    word = docx.Document()
    _Writer(doc, word).write()
    _set_core_properties(word, doc.meta, created)
    buf = io.BytesIO()
    word.save(buf)
    data = _reproducible_zip(buf.getvalue(), created, {
        "docProps/app.xml": _app_xml(),
        "word/fontTable.xml": _font_table_xml(),
    })
    try:
        Path(path).write_bytes(data)
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror or e}") from None
    return None


# ---- the writer -----------------------------------------------------------------------------


class _Writer:
    """Fill one python-docx Document from one document tree."""

    def __init__(self, doc: d.Document, word):
        self.doc = doc
        self.word = word
        self.theme = doc.theme
        self.colours = _colours(doc.theme)
        self.text_width = _twips(PAGE_CM["width"] - 2 * PAGE_CM["margin"])
        self.bookmarks = 0  # w:id of the last bookmark; ids count up, so output is stable
        self.tables = 0
        self.figures = 0
        self.ordered_lists = 0
        self.toc_anchors: dict[int, str] = {}  # id(block) → bookmark the TOC entry links to

    # -- whole document --

    def write(self) -> None:
        """Set up page, styles and settings, then write the cover and every block."""
        self._page_setup()
        self._styles()
        self._numbering()
        self._settings()
        self._drop_template_parts()
        self._cover()
        self._header_footer()
        self._plan_toc_anchors()
        previous = None
        for block in self.doc.blocks:
            if isinstance(block, (d.Table, d.KeyFigures)) and _is_table(previous):
                self._para("Normal")  # Word fuses adjacent tables into one
            previous = self._block(block)
        if _is_table(previous):
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
            r = _el("w:r")
            r.append(_el("w:br", {"w:type": "page"}))
            self._para("Normal").append(r)
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
        section.page_width = _twips(PAGE_CM["width"]) * EMU_PER_TWIP
        section.page_height = _twips(PAGE_CM["height"]) * EMU_PER_TWIP
        for side in ("left", "right", "top", "bottom"):
            setattr(section, f"{side}_margin", _twips(PAGE_CM["margin"]) * EMU_PER_TWIP)
        section.header_distance = _twips(PAGE_CM["header"]) * EMU_PER_TWIP
        section.footer_distance = _twips(PAGE_CM["footer"]) * EMU_PER_TWIP

    def _styles(self) -> None:
        """Replace the template's styles with ours; no theme fonts are left anywhere."""
        root = self.word.styles.element
        for old in root.findall(_qn("w:docDefaults")):
            root.remove(old)
        root.insert(0, _parse(self._doc_defaults_xml()))
        for style in root.findall(_qn("w:style")):
            if style.get(_qn("w:styleId")) not in _KEEP:
                root.remove(style)
        for spec in _STYLES:
            root.append(_parse(self._style_xml(spec)))
        for xml in self._character_styles_xml() + self._table_styles_xml():
            root.append(_parse(xml))

    def _numbering(self) -> None:
        """Replace the template's list definitions with a bullet and a decimal list."""
        root = self.word.part.numbering_part.element
        for child in list(root):
            root.remove(child)
        for xml in self._numbering_xml():
            root.append(_parse(xml))

    def _settings(self) -> None:
        """Chinese theme language, punctuation compression, fields updated on opening."""
        root = self.word.settings.element
        for tag in ("w:rsids", "w:updateFields", "w:characterSpacingControl",
                    "w:defaultTabStop"):
            for old in root.findall(_qn(tag)):
                root.remove(old)
        for lang in root.findall(_qn("w:themeFontLang")):  # styles added later in Word
            lang.set(_qn("w:eastAsia"), "zh-CN")  # take the theme's Chinese face, not the Japanese
        # Element order follows CT_Settings (ECMA-376 Part 1, §17.15.1.78).
        _insert_before(root, _el("w:characterSpacingControl", {"w:val": "compressPunctuation"}),
                       ("w:savePreviewPicture", "w:compat"))
        _insert_before(root, _el("w:defaultTabStop", {"w:val": str(self._chars(2))}),
                       ("w:autoHyphenation", "w:characterSpacingControl"))
        _insert_before(root, _el("w:updateFields", {"w:val": "true"}), ("w:compat",))

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
                p.get_or_add_pPr().insert(1, _el("w:framePr", {
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
        cover_sect = _parse(_sect_xml(body_sect))
        last.get_or_add_pPr().append(cover_sect)

    def _header_footer(self) -> None:
        """Give the body section its header and a footer with 第 X 页 / 共 Y 页."""
        section = self.word.sections[-1]
        meta = self.doc.meta
        if meta.header:
            section.header.is_linked_to_previous = False
            p = section.header.paragraphs[0]._p
            _set_style(p, "Header")
            p.append(_run(meta.header))
        section.footer.is_linked_to_previous = False
        p = section.footer.paragraphs[0]._p
        _set_style(p, "Footer")
        if meta.footer:
            p.append(_run(meta.footer))
            p.append(_tab_run())
        p.append(_tab_run())
        p.append(_run("第 "))
        _append_all(p, _field("PAGE", "1"))
        p.append(_run(" 页 / 共 "))
        _append_all(p, _field("NUMPAGES", "1"))
        p.append(_run(" 页"))

    # -- blocks --

    def _heading(self, h: d.Heading) -> None:
        p = self._para(_HEADINGS[h.level])
        anchor = h.anchor or self.toc_anchors.get(id(h), "")
        self._bookmarked(p, anchor, [_run(h.text)])

    def _paragraph(self, para: d.Paragraph) -> None:
        self._inlines(self._para(_PARAGRAPH_STYLES[para.style]), para.inlines)

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

    def _table(self, t: d.Table):
        ncols = len(t.header)
        self.tables += 1
        number = t.number or self.tables
        if t.caption:
            self._caption(TABLE_LABEL, number, t.caption)
        widths = self._column_widths(t.widths, ncols)
        table = self._new_table(1 + len(t.rows), widths, "DataTable")
        align = [_ALIGN[a] for a in t.align] + ["left"] * (ncols - len(t.align))
        # Table.cell(r, c) rescans the whole grid on every call (quadratic); walk the XML once.
        from docx.table import _Cell

        grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
        for r, row in enumerate([[[d.Text(h)] for h in t.header]] + t.rows):
            tr = table.rows[r]._tr
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(_el("w:cantSplit"))
            if r == 0:  # repeat the header row on every page (§17.4.49)
                tr_pr.append(_el("w:tblHeader"))
            for c, cell in enumerate(row):
                tc = grid[r][c]
                p = tc.paragraphs[0]._p
                _set_style(p, "TableHeading" if r == 0 else "TableText")
                if align[c] != "left":
                    p.get_or_add_pPr().append(_el("w:jc", {"w:val": align[c]}))
                if r == 0:
                    tc_pr = tc._tc.get_or_add_tcPr()
                    tc_pr.append(_shading(self.colours["accent"]))
                    tc_pr.append(_el("w:vAlign", {"w:val": "center"}))
                self._inlines(p, cell)
        if t.source:
            self._inlines(self._para("Note"), t.source)
            return None
        return table._tbl

    def _figure(self, f: d.Figure) -> None:
        image = Path(f.image)
        self.figures += 1
        number = f.number or self.figures
        width = max(0.05, min(1.0, f.width or 1.0))
        paragraph = self.word.add_paragraph()
        _set_style(paragraph._p, "Figure")
        try:
            shape = paragraph.add_run().add_picture(
                str(image), width=int(self.text_width * width) * EMU_PER_TWIP)
        except Exception:  # python-docx raises its own types for unreadable images
            raise RenderError(Problem(None, f"{block_name(f)}: {f.image} is not a readable image",
                                      "write the figure as a PNG file")) from None
        alt = f.alt or f.caption
        label = f"{FIGURE_LABEL} {number}"
        doc_pr = shape._inline.docPr
        doc_pr.set("name", label)
        doc_pr.set("descr", alt)
        for c_nv_pr in shape._inline.xpath(".//pic:cNvPr"):
            c_nv_pr.set("name", label)
            c_nv_pr.set("descr", alt)
        self._caption(FIGURE_LABEL, number, f.caption)
        if f.source:
            self._inlines(self._para("Note"), f.source)

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
            _set_style(value, "KeyFigureValue")
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
                    r = _run(text)
                    if kind:
                        rpr = r.find(_qn("w:rPr"))
                        if rpr is None:
                            rpr = _el("w:rPr")
                            r.insert(0, rpr)
                        rpr.append(_el("w:sz", {"w:val": str(small)}))
                        rpr.append(_el("w:szCs", {"w:val": str(small)}))
                    value.append(r)
            if item.citation is not None:
                value.append(self._citation(item.citation))
            label = tc.add_paragraph()._p
            _set_style(label, "KeyFigureLabel")
            label.append(_run(item.label))
        return table._tbl

    def _toc(self, toc: d.TableOfContents) -> None:
        """Write a TOC field (§17.16.5.68), pre-filled with the headings so it reads well
        before Word refreshes it; settings ask Word to refresh fields on opening."""
        self._text_para("TOCHeading", toc.title)
        depth = max(1, min(3, toc.depth))
        entries = []
        for block in self.doc.blocks:
            if isinstance(block, d.Heading) and block.level <= depth:
                entries.append((block.level, block.text, block))
            elif isinstance(block, d.SourceList):
                entries.append((1, block.title, block))
        begin = [_fld_char("begin", dirty=True),
                 _instr(f'TOC \\o "1-{depth}" \\h \\z \\u'), _fld_char("separate")]
        if not entries:
            p = self._para("TOC1")
            _append_all(p, begin + [_run(TOC_PLACEHOLDER), _fld_char("end")])
            return
        for i, (level, text, block) in enumerate(entries):
            anchor = self.toc_anchors[id(block)]
            p = self._para(f"TOC{min(level, 2)}")
            if i == 0:
                _append_all(p, begin)
            link = _hyperlink(anchor=anchor)
            _append_all(link, [_run(text), _tab_run()] + _field(f"PAGEREF {anchor} \\h", ""))
            p.append(link)
            if i == len(entries) - 1:
                p.append(_fld_char("end"))

    def _plan_toc_anchors(self) -> None:
        """Name a bookmark for every heading the TOC links to that has no anchor of its own."""
        if not any(isinstance(b, d.TableOfContents) for b in self.doc.blocks):
            return
        n = 0
        for block in self.doc.blocks:
            if isinstance(block, (d.Heading, d.SourceList)):
                n += 1
                self.toc_anchors[id(block)] = getattr(block, "anchor", "") or f"_TocBk{n}"

    def _sources(self, s: d.SourceList) -> None:
        p = self._para("Heading1")
        self._bookmarked(p, self.toc_anchors.get(id(s), ""), [_run(s.title)])
        for e in s.entries:
            p = self._para("Bibliography")
            self._bookmarked(p, e.anchor or source_anchor(e.number),
                             [_run(f"[{e.number}]"), _tab_run(), _run(e.text)])

    # -- pieces --

    def _para(self, sid: str):
        """Return a new body paragraph (CT_P) in style `sid`."""
        p = self.word.add_paragraph()._p
        _set_style(p, sid)
        return p

    def _text_para(self, sid: str, text: str):
        p = self._para(sid)
        p.append(_run(text))
        return p

    def _caption(self, label: str, number: int, text: str) -> None:
        """Write '表 n　caption' with a SEQ field, so Word can renumber (§17.16.5.56)."""
        p = self._para("Caption")
        _append_all(p, [_run(f"{label} ")] + _field(f"SEQ {label} \\* ARABIC", str(number))
                    + [_run(f"{LABEL_GAP}{text}")])

    def _bookmarked(self, p, name: str, runs: list) -> None:
        if not name:
            _append_all(p, runs)
            return
        self.bookmarks += 1
        bid = str(self.bookmarks)
        p.append(_el("w:bookmarkStart", {"w:id": bid, "w:name": name}))
        _append_all(p, runs)
        p.append(_el("w:bookmarkEnd", {"w:id": bid}))

    def _inlines(self, p, inlines: list) -> None:
        for item in inlines:
            if isinstance(item, d.Text):
                p.append(_run(item.text, bold=item.bold, italic=item.italic))
            elif isinstance(item, d.Citation):
                p.append(self._citation(item.number))
            elif isinstance(item, d.Link):
                if item.target.startswith("#"):
                    link = _hyperlink(anchor=item.target[1:])
                else:
                    link = _hyperlink(rid=self.word.part.relate_to(item.target, _RT_HYPERLINK,
                                                                   is_external=True))
                link.append(_run(item.text, style="Hyperlink"))
                p.append(link)
            else:
                raise RenderError(f"cannot write a {type(item).__name__} inline to Word")

    def _citation(self, number: int):
        link = _hyperlink(anchor=source_anchor(number))
        link.append(_run(f"[{number}]", style="Citation"))
        return link

    def _new_table(self, rows: int, widths: list[int], style: str):
        table = self.word.add_table(rows=rows, cols=len(widths))
        tbl = table._tbl
        tbl.remove(tbl.tblPr)
        tbl.insert(0, _parse(
            f'<w:tblPr {_NS}><w:tblStyle w:val="{style}"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'))
        for col, width in zip(tbl.tblGrid.findall(_qn("w:gridCol")), widths):
            col.set(_qn("w:w"), str(width))
        for tr in tbl.findall(_qn("w:tr")):
            for tc, width in zip(tr.findall(_qn("w:tc")), widths):
                tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
                tc_w.set(_qn("w:w"), str(width))
                tc_w.set(_qn("w:type"), "dxa")
        return table

    def _column_widths(self, widths: list[float], ncols: int) -> list[int]:
        if not widths:
            return [self.text_width // ncols] * ncols
        total = sum(widths)
        return [int(self.text_width * w / total) for w in widths]

    def _restart_numbering(self) -> int:
        """Add a list instance of the decimal list that starts again at 1; return its id."""
        root = self.word.part.numbering_part.element
        num_id = 2 + self.ordered_lists - 1
        root.append(_parse(
            f'<w:num {_NS} w:numId="{num_id}"><w:abstractNumId w:val="1"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return num_id

    def _chars(self, n: float, size: float = 1.0) -> int:
        """Return the width of n characters of a style of `size` × body size, in twips."""
        return round(n * size * self.theme.body_size * TWIPS_PER_PT)

    # -- XML of styles, numbering --

    def _rpr_xml(self, use: str, size: float, colour: str = "", bold: bool = False) -> str:
        role = fonts.ROLES[fonts.USES[use]]
        half_points = round(size * self.theme.body_size * 2)
        out = (f"<w:rFonts w:ascii={quoteattr(role.docx_ascii)} "
               f"w:eastAsia={quoteattr(role.docx_east_asia)} "
               f"w:hAnsi={quoteattr(role.docx_ascii)} w:cs={quoteattr(role.docx_ascii)}/>")
        # 黑体 has no bold face; Word would smear a fake one, so b is off unless asked for.
        out += "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
        out += '<w:i w:val="0"/><w:iCs w:val="0"/>'
        if colour:
            out += f'<w:color w:val="{self.colours[colour]}"/>'
        out += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        return out

    def _doc_defaults_xml(self) -> str:
        role = fonts.ROLES[fonts.USES["body"]]
        half_points = round(self.theme.body_size * 2)
        return (
            f"<w:docDefaults {_NS}><w:rPrDefault><w:rPr>"
            f"<w:rFonts w:ascii={quoteattr(role.docx_ascii)} "
            f"w:eastAsia={quoteattr(role.docx_east_asia)} w:hAnsi={quoteattr(role.docx_ascii)} "
            f'w:cs={quoteattr(role.docx_ascii)} w:hint="eastAsia"/>'
            f'<w:color w:val="{self.colours["text"]}"/><w:kern w:val="2"/>'
            f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            '<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            # 禁则 (kinsoku): no line may start with 。，、 or end with “（ (GB/T 15834 practice);
            # punctuation may hang into the margin; automatic spacing between CJK and Latin.
            "<w:widowControl/><w:kinsoku/><w:overflowPunct/><w:autoSpaceDE/><w:autoSpaceDN/>"
            '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:jc w:val="both"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>")

    def _style_xml(self, s: _Style) -> str:
        size_pt = s.size * self.theme.body_size
        line = self.theme.line_spacing if s.line == 0 else s.line
        ppr = ""
        if s.keep_next:
            ppr += "<w:keepNext/><w:keepLines/>"
        if s.page_break:
            ppr += "<w:pageBreakBefore/>"
        if s.num:
            ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{s.num}"/></w:numPr>'
        ppr += self._decoration(s.deco)
        ppr += (f'<w:spacing w:before="{round(s.before * TWIPS_PER_PT)}" '
                f'w:after="{round(s.after * TWIPS_PER_PT)}" '
                f'w:line="{round(line * size_pt * TWIPS_PER_PT)}" w:lineRule="atLeast"/>')
        if s.first_line:
            ppr += (f'<w:ind w:left="0" w:right="0" w:firstLineChars="{2 * CHARS}" '
                    f'w:firstLine="{self._chars(2, s.size)}"/>')
        elif s.hanging:
            # hangingChars shares Word's one first-line property with Normal's
            # firstLineChars, so it replaces the inherited two-character indent.
            ppr += (f'<w:ind w:left="{self._chars(s.left, s.size)}" w:right="0" '
                    f'w:hangingChars="{round(s.hanging * CHARS)}" '
                    f'w:hanging="{self._chars(s.hanging, s.size)}"/>')
        else:
            ppr += (f'<w:ind w:left="{self._chars(s.left, s.size)}" w:right="0" '
                    'w:firstLineChars="0" w:firstLine="0"/>')
        ppr += f'<w:jc w:val="{s.jc}"/>'
        if s.outline is not None:
            ppr += f'<w:outlineLvl w:val="{s.outline}"/>'
        head = f'<w:style {_NS} w:type="paragraph" w:styleId="{s.sid}"'
        head += ' w:default="1">' if s.sid == "Normal" else (
            ' w:customStyle="1">' if s.custom else ">")
        head += f"<w:name w:val={quoteattr(s.name)}/>"
        if s.sid != "Normal":
            head += '<w:basedOn w:val="Normal"/>'
        if s.next:
            head += f'<w:next w:val="{s.next}"/>'
        head += f'<w:uiPriority w:val="{_ui_priority(s)}"/>'
        if s.sid in _GALLERY:
            head += "<w:qFormat/>"
        rpr = self._rpr_xml(s.use, s.size, s.colour, s.bold)
        if s.sid == "Normal":  # the text colour lives in docDefaults, below table styles
            rpr = rpr.replace(f'<w:color w:val="{self.colours["text"]}"/>', "")
        return f"{head}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"

    def _decoration(self, deco: str) -> str:
        """Return the pPr XML (frame, borders, shading, tabs) of a decoration."""
        c = self.colours
        right = self.text_width
        if deco == "rule":  # a chapter heading sits on a thin accent rule
            return (f'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" '
                    f'w:color="{c["accent"]}"/></w:pBdr>')
        if deco == "bar":  # a quote hangs off an accent bar
            return (f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="10" '
                    f'w:color="{c["accent"]}"/></w:pBdr>')
        if deco == "dedication":
            return (f'<w:pBdr><w:left w:val="single" w:sz="36" w:space="10" '
                    f'w:color="{c["cover_band"]}"/></w:pBdr>')
        if deco == "band":  # the cover band: same borders on title and subtitle join them
            sides = "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="{space}" '
                f'w:color="{c["cover_band"]}"/>'
                for side, space in (("top", 28), ("left", 18), ("bottom", 28), ("right", 18)))
            return (f"<w:pBdr>{sides}</w:pBdr>"
                    f'<w:shd w:val="clear" w:color="auto" w:fill="{c["cover_band"]}"/>')
        if deco == "foot":  # a hairline over the organiser at the foot of the cover
            return (f'<w:pBdr><w:top w:val="single" w:sz="4" w:space="10" '
                    f'w:color="{c["muted"]}"/></w:pBdr>')
        if deco == "toc":
            return (f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{right}"/></w:tabs>')
        if deco == "entry":
            return f'<w:tabs><w:tab w:val="left" w:pos="{self._chars(2.6, 0.952)}"/></w:tabs>'
        if deco == "header":
            return (f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" '
                    f'w:color="{c["muted"]}"/></w:pBdr>'
                    f'<w:tabs><w:tab w:val="right" w:pos="{right}"/></w:tabs>')
        if deco == "footer":
            return (f'<w:tabs><w:tab w:val="center" w:pos="{right // 2}"/>'
                    f'<w:tab w:val="right" w:pos="{right}"/></w:tabs>')
        return ""

    def _character_styles_xml(self) -> list[str]:
        """Citation marks and links: character styles, so they restyle in one place."""
        accent = self.colours["accent"]
        return [
            f'<w:style {_NS} w:type="character" w:customStyle="1" w:styleId="Citation">'
            '<w:name w:val="Citation"/><w:basedOn w:val="DefaultParagraphFont"/>'
            '<w:uiPriority w:val="20"/><w:qFormat/>'
            f'<w:rPr><w:color w:val="{accent}"/><w:vertAlign w:val="superscript"/></w:rPr>'
            "</w:style>",
            f'<w:style {_NS} w:type="character" w:styleId="Hyperlink">'
            '<w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/>'
            '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            f'<w:rPr><w:color w:val="{accent}"/><w:u w:val="single"/></w:rPr></w:style>',
        ]

    def _table_styles_xml(self) -> list[str]:
        c = self.colours
        rpr = self._rpr_xml("table", 0.905)
        margins = ('<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
                   '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
                   "</w:tblCellMar>")
        data = (
            f'<w:style {_NS} w:type="table" w:customStyle="1" w:styleId="DataTable">'
            '<w:name w:val="Data Table"/><w:basedOn w:val="TableNormal"/>'
            '<w:uiPriority w:val="59"/><w:qFormat/>'
            f"<w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr><w:rPr>{rpr}</w:rPr>"
            "<w:tblPr><w:tblBorders>"
            f'<w:top w:val="single" w:sz="12" w:space="0" w:color="{c["accent"]}"/>'
            f'<w:bottom w:val="single" w:sz="12" w:space="0" w:color="{c["accent"]}"/>'
            f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{c["accent_light"]}"/>'
            f"</w:tblBorders>{margins}</w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF"/></w:rPr>'
            '<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{c["accent"]}"/></w:tcPr>'
            "</w:tblStylePr></w:style>")
        key = (
            f'<w:style {_NS} w:type="table" w:customStyle="1" w:styleId="KeyFiguresTable">'
            '<w:name w:val="Key Figures Table"/><w:basedOn w:val="TableNormal"/>'
            '<w:uiPriority w:val="59"/><w:qFormat/>'
            f"<w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr><w:rPr>{rpr}</w:rPr>"
            "<w:tblPr><w:tblBorders>"
            f'<w:top w:val="single" w:sz="12" w:space="0" w:color="{c["accent"]}"/>'
            '<w:insideH w:val="single" w:sz="24" w:space="0" w:color="FFFFFF"/>'
            '<w:insideV w:val="single" w:sz="24" w:space="0" w:color="FFFFFF"/>'
            f"</w:tblBorders>{margins}</w:tblPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{c["accent_light"]}"/>'
            '<w:vAlign w:val="center"/></w:tcPr></w:style>')
        return [data, key]

    def _numbering_xml(self) -> list[str]:
        """A bullet list (abstract 0, num 1) and a decimal list (abstract 1, num 2)."""
        left = self._chars(_BY_ID["ListBullet"].left)
        hanging = self._chars(_BY_ID["ListBullet"].hanging)
        bullet_face = quoteattr(fonts.ROLES[fonts.USES["heading"]].docx_ascii)
        accent = self.colours["accent"]
        out = []
        for aid, fmt, text, rpr, nsid in (
                (0, "bullet", "\u2022",
                 f'<w:rFonts w:ascii={bullet_face} w:hAnsi={bullet_face}/>'
                 f'<w:color w:val="{accent}"/>', "4B424B31"),
                (1, "decimal", "%1.", f'<w:color w:val="{accent}"/>', "4B424B32")):
            out.append(
                f'<w:abstractNum {_NS} w:abstractNumId="{aid}"><w:nsid w:val="{nsid}"/>'
                '<w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
                f"<w:rPr>{rpr}</w:rPr></w:lvl></w:abstractNum>")
        out.append(f'<w:num {_NS} w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
        out.append(f'<w:num {_NS} w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
        return out


# ---- small XML builders ---------------------------------------------------------------------


def _qn(tag: str) -> str:
    prefix, local = tag.split(":")
    assert prefix == "w"
    return f"{{{_W}}}{local}"


def _el(tag: str, attrs: dict[str, str] | None = None):
    """Return a new python-docx element `tag` ('w:…') with `attrs`."""
    from docx.oxml import OxmlElement

    return OxmlElement(tag, {_qn(k): v for k, v in (attrs or {}).items()})


def _parse(xml: str):
    from docx.oxml import parse_xml

    return parse_xml(xml)


def _append_all(parent, children: list) -> None:
    for child in children:
        parent.append(child)


def _insert_before(root, element, successors: tuple[str, ...]) -> None:
    """Insert `element` before the first of `successors` present, else at the end."""
    for tag in successors:
        found = root.find(_qn(tag))
        if found is not None:
            found.addprevious(element)
            return
    root.append(element)


def _set_style(p, sid: str) -> None:
    p.get_or_add_pPr().get_or_add_pStyle().val = sid


def _run(text: str, *, style: str = "", bold: bool = False, italic: bool = False):
    """Return a w:r holding `text` literally; tabs and newlines become w:tab and w:br."""
    r = _el("w:r")
    rpr = ""
    if style:
        rpr += f'<w:rStyle w:val="{style}"/>'
    if _AMBIGUOUS.search(text):  # set “”—… in the Chinese face, as Chinese Word does
        rpr += '<w:rFonts w:hint="eastAsia"/>'
    if bold:
        rpr += "<w:b/><w:bCs/>"
    if italic:
        rpr += "<w:i/><w:iCs/>"
    if rpr:
        r.append(_parse(f"<w:rPr {_NS}>{rpr}</w:rPr>"))
    r.text = text
    return r


def _tab_run():
    r = _el("w:r")
    r.append(_el("w:tab"))
    return r


def _fld_char(kind: str, dirty: bool = False):
    r = _el("w:r")
    attrs = {"w:fldCharType": kind}
    if dirty:
        attrs["w:dirty"] = "true"
    r.append(_el("w:fldChar", attrs))
    return r


def _instr(code: str):
    r = _el("w:r")
    r.append(_parse(f'<w:instrText {_NS} xml:space="preserve"> {escape(code)} </w:instrText>'))
    return r


def _field(code: str, result: str) -> list:
    """Return the runs of a complex field (§17.16.18) showing `result` until updated."""
    runs = [_fld_char("begin"), _instr(code), _fld_char("separate")]
    if result:
        runs.append(_run(result))
    return runs + [_fld_char("end")]


def _hyperlink(*, anchor: str = "", rid: str = ""):
    if anchor:
        return _el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"})
    link = _el("w:hyperlink", {"w:history": "1"})
    link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", rid)
    return link


def _shading(fill: str):
    return _el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def _sect_xml(body_sect) -> str:
    """Return a copy of the body's page set-up as the cover section (no header or footer)."""
    from lxml import etree

    copy = etree.fromstring(etree.tostring(body_sect))
    for child in list(copy):
        if etree.QName(child).localname in ("headerReference", "footerReference", "titlePg"):
            copy.remove(child)
    for key in list(copy.attrib):
        del copy.attrib[key]
    return etree.tostring(copy, encoding="unicode")


def _is_table(element) -> bool:
    return element is not None and element.tag == f"{{{_W}}}tbl"


def _twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def _ui_priority(s: _Style) -> int:
    if s.sid.startswith("Heading"):
        return 9
    return {"Normal": 0, "Title": 10, "Subtitle": 11, "Quote": 29, "Caption": 35}.get(s.sid, 39)


def _colours(theme: d.Theme) -> dict[str, str]:
    """Return the theme's colours (checked by doc.validate) as Word writes them: '1F4E79'."""
    out = {"white": "FFFFFF"}
    for key in THEME_COLOURS:
        out[key] = getattr(theme, key)[1:].upper()
    return out


# ---- text checks, metadata, package ---------------------------------------------------------


def _parse_created(text: str) -> datetime | None:
    """Return meta.created (checked by doc.validate) as an aware datetime, or None; a time
    without a zone is Shanghai time."""
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)


def _set_core_properties(word, meta: d.Meta, created: datetime | None) -> None:
    cp = word.core_properties
    cp.title = meta.title
    cp.author = meta.author
    cp.subject = meta.subject
    cp.keywords = "; ".join(meta.keywords)
    cp.language = meta.language or "zh-CN"
    cp.last_modified_by = LAST_MODIFIED_BY
    cp.comments = ""
    cp.category = ""
    cp.revision = 1
    element = cp._element
    if created is None:  # no date given: write none rather than the template's
        for tag in ("created", "modified"):
            for old in element.findall(f"{{http://purl.org/dc/terms/}}{tag}"):
                element.remove(old)
    else:
        # python-docx prints the datetime with a 'Z' as given, so hand it UTC.
        utc = created.astimezone(timezone.utc).replace(tzinfo=None)
        cp.created = utc
        cp.modified = utc


def _app_xml() -> bytes:
    """Extended properties without the template's stale page and word counts."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>0</TotalTime>'
        "<Application>briefkit</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>").encode()


def _font_table_xml() -> bytes:
    """List our faces with their character sets (GB2312 = 86 for the Chinese ones), so a
    machine without them substitutes a Chinese face, not a Japanese one."""
    entries = []
    seen = set()
    for role in fonts.ROLES.values():
        for name, charset, family in ((role.docx_east_asia, "86", "auto"),
                                      (role.docx_ascii, "00", "auto")):
            if name in seen:
                continue
            seen.add(name)
            entries.append(f"<w:font w:name={quoteattr(name)}><w:charset w:val=\"{charset}\"/>"
                           f"<w:family w:val=\"{family}\"/><w:pitch w:val=\"variable\"/></w:font>")
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{_W}">{"".join(entries)}</w:fonts>').encode()


def _reproducible_zip(data: bytes, created: datetime | None,
                      replace: dict[str, bytes]) -> bytes:
    """Return the package with fixed entry times and order, so equal input gives equal bytes."""
    stamp = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
    if created is not None and created.year >= 1980:
        stamp = created.timetuple()[:6]
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, replace.get(name) or src.read(name))
    return out.getvalue()
