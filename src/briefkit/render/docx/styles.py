"""Word styles from one table each: measures, paragraph styles, and the XML they become."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from ... import doc as d
from ... import fonts
from ...doc.validate import THEME_COLOURS
from .oxml import NS, parse, qn

# ---- units and page geometry: the one table of measures -------------------------------------

TWIPS_PER_PT = 20  # Word measures paragraphs in twentieths of a point
EMU_PER_TWIP = 635  # and drawings in English Metric Units
TWIPS_PER_CM = 1440 / 2.54
PAGE_CM = {"width": 21.0, "height": 29.7, "margin": 2.5, "header": 1.5, "footer": 1.5}  # A4
CHARS = 100  # w:firstLineChars and friends count hundredths of a character


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


# ---- paragraph styles: the one table of styles ----------------------------------------------


@dataclass(frozen=True)
class Style:
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


STYLES: list[Style] = [
    # Body text: 宋体, justified, first line indented two characters, 禁则 line breaking on.
    Style("Normal", "Normal", "body", first_line=True, line=0, after=3, custom=False),
    Style("Lead", "Lead", "body", 1.143, first_line=True, line=0, after=6, next="Normal"),
    Style("Note", "Note", "body", 0.857, "muted", line=1.5, before=2, after=2, next="Normal"),
    Style("Quote", "Quote", "body", 1.0, "muted", left=2, line=0, before=6, after=6,
           deco="bar", custom=False, next="Normal"),
    Style("ListBullet", "List Bullet", "body", left=4, hanging=2, line=0, after=2,
           custom=False, num=1),
    Style("ListNumber", "List Number", "body", left=4, hanging=2, line=0, after=2,
           custom=False, num=2),
    # Headings: 黑体 in the accent colour. Chapters run on; a page break before one is a
    # block of its own (brief key chapter_break: page).
    Style("Heading1", "heading 1", "heading", 1.524, "accent", jc="left", after=14,
           keep_next=True, outline=0, deco="rule", custom=False,
           next="Normal"),
    Style("Heading2", "heading 2", "heading", 1.333, "accent", jc="left", before=16, after=6,
           keep_next=True, outline=1, custom=False, next="Normal"),
    Style("Heading3", "heading 3", "heading", 1.143, "text", jc="left", before=10, after=4,
           keep_next=True, outline=2, custom=False, next="Normal"),
    Style("TOCHeading", "TOC Heading", "heading", 1.524, "accent", jc="left", after=14,
           keep_next=True, outline=9, deco="rule", custom=False, next="Normal"),
    Style("TOC1", "toc 1", "heading", 1.0, jc="left", line=1.3, before=7, after=2,
           deco="toc", custom=False, next="Normal"),
    Style("TOC2", "toc 2", "body", 1.0, jc="left", left=2, line=1.3, after=2, deco="toc",
           custom=False, next="Normal"),
    # Cover: a band in the cover colour, the audience, a dedication, the organiser at the foot.
    Style("Title", "Title", "cover", 2.857, "white", jc="left", line=1.2, before=110,
           deco="band", custom=False, next="Subtitle"),
    Style("Subtitle", "Subtitle", "cover", 1.524, "accent_light", jc="left", line=1.3,
           before=4, deco="band", custom=False, next="Normal"),
    Style("CoverAudience", "Cover Audience", "cover", 1.333, "accent", jc="left", before=30,
           next="Normal"),
    Style("Dedication", "Dedication", "cover", 1.524, "text", jc="left", line=1.4, before=70,
           deco="dedication", next="Normal"),
    Style("CoverOrganiser", "Cover Organiser", "cover", 1.333, "text", jc="left", after=6,
           next="CoverMeta"),
    Style("CoverMeta", "Cover Meta", "cover", 1.0, "muted", jc="left", line=1.5,
           next="CoverMeta"),
    # Figures, tables and their captions.
    Style("Caption", "caption", "caption", 1.0, jc="center", line=1.3, before=6, after=6,
           keep_next=True, custom=False, next="Normal"),
    Style("Figure", "Figure", "figure", 1.0, jc="center", line=1.0, before=8,
           keep_next=True, next="Caption"),
    Style("TableText", "Table Text", "table", 0.905, jc="left", line=1.3, before=2, after=2),
    Style("TableHeading", "Table Heading", "table", 0.905, "white", jc="left", line=1.3,
           before=2, after=2, keep_next=True),
    Style("KeyFiguresTitle", "Key Figures Title", "keyfigure", 1.143, "accent", jc="left",
           before=8, after=6, keep_next=True, next="Normal"),
    Style("KeyFigureValue", "Key Figure Value", "keyfigure", 2.0, "accent", jc="center",
           line=1.15, before=6, keep_next=True, next="KeyFigureLabel"),
    Style("KeyFigureLabel", "Key Figure Label", "keyfigure", 0.857, "muted", jc="center",
           line=1.3, after=6),
    Style("Bibliography", "Bibliography", "body", 0.952, jc="both", left=2.6, hanging=2.6,
           line=1.45, after=4, deco="entry", custom=False),
    # Running header and footer.
    Style("Header", "header", "header", 0.857, "muted", jc="right", line=1.2, deco="header",
           custom=False),
    Style("Footer", "footer", "header", 0.857, "muted", jc="left", line=1.2, deco="footer",
           custom=False),
]
BY_ID = {s.sid: s for s in STYLES}
HEADING_STYLES = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
PARAGRAPH_STYLES = {"body": "Normal", "lead": "Lead", "note": "Note"}
ALIGN = {"l": "left", "r": "right", "c": "center"}
_GALLERY = {"Normal", "Lead", "Note", "Quote", "Heading1", "Heading2", "Heading3", "Title",
            "Subtitle", "Caption", "ListBullet", "ListNumber"}  # shown in Word's style gallery
_KEEP = {"DefaultParagraphFont", "TableNormal", "NoList"}  # template styles that carry no fonts


class StyleSheet:
    """The styles, list definitions and measures of one theme, as Word XML."""

    def __init__(self, theme: d.Theme, language: str = "zh-CN"):
        self.theme = theme
        # An English pack: Latin text in the Latin face (w:ascii, w:hAnsi) and marked en-US;
        # Chinese runs keep their East Asian face and zh-CN.
        self.english = d.chrome.lang_of(language) == "en"
        self.colours = colours(theme)
        self.text_width = twips(PAGE_CM["width"] - 2 * PAGE_CM["margin"])

    def install(self, word) -> None:
        """Replace the template's styles and list definitions in `word` with ours; no theme
        fonts are left anywhere."""
        root = word.styles.element
        for old in root.findall(qn("w:docDefaults")):
            root.remove(old)
        root.insert(0, parse(self.doc_defaults_xml()))
        for style in root.findall(qn("w:style")):
            if style.get(qn("w:styleId")) not in _KEEP:
                root.remove(style)
        for spec in STYLES:
            root.append(parse(self.style_xml(spec)))
        for xml in self.character_styles_xml() + self.table_styles_xml():
            root.append(parse(xml))
        # A bullet list and a decimal list replace the template's list definitions.
        root = word.part.numbering_part.element
        for child in list(root):
            root.remove(child)
        for xml in self.numbering_xml():
            root.append(parse(xml))

    def chars(self, n: float, size: float = 1.0) -> int:
        """Return the width of n characters of a style of `size` × body size, in twips."""
        return round(n * size * self.theme.body_size * TWIPS_PER_PT)

    def latin(self, role) -> str:
        """Return the Latin face name of a font role in this pack's language."""
        return fonts.DOCX_LATIN if self.english else role.docx_ascii

    def rpr_xml(self, use: str, size: float, colour: str = "", bold: bool = False) -> str:
        role = fonts.ROLES[fonts.USES[use]]
        half_points = round(size * self.theme.body_size * 2)
        latin = quoteattr(self.latin(role))
        out = (f"<w:rFonts w:ascii={latin} "
               f"w:eastAsia={quoteattr(role.docx_east_asia)} "
               f"w:hAnsi={latin} w:cs={latin}/>")
        # 黑体 has no bold face; Word would smear a fake one, so b is off unless asked for.
        out += "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
        out += '<w:i w:val="0"/><w:iCs w:val="0"/>'
        if colour:
            out += f'<w:color w:val="{self.colours[colour]}"/>'
        out += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        return out

    def doc_defaults_xml(self) -> str:
        role = fonts.ROLES[fonts.USES["body"]]
        half_points = round(self.theme.body_size * 2)
        latin = quoteattr(self.latin(role))
        hint = "" if self.english else ' w:hint="eastAsia"'
        lang = "en-US" if self.english else "zh-CN"
        return (
            f"<w:docDefaults {NS}><w:rPrDefault><w:rPr>"
            f"<w:rFonts w:ascii={latin} "
            f"w:eastAsia={quoteattr(role.docx_east_asia)} w:hAnsi={latin} "
            f'w:cs={latin}{hint}/>'
            f'<w:color w:val="{self.colours["text"]}"/><w:kern w:val="2"/>'
            f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            f'<w:lang w:val="{lang}" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            # 禁则 (kinsoku) on: Word breaks lines itself, by its own zh-CN line-start and
            # line-end lists (GB/T 15834 practice), so briefkit.typography's table is not written
            # here. Punctuation may hang into the margin; automatic spacing between CJK and Latin.
            "<w:widowControl/><w:kinsoku/><w:overflowPunct/><w:autoSpaceDE/><w:autoSpaceDN/>"
            '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:jc w:val="both"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>")

    def style_xml(self, s: Style) -> str:
        size_pt = s.size * self.theme.body_size
        line = self.theme.line_spacing if s.line == 0 else s.line
        ppr = ""
        if s.keep_next:
            ppr += "<w:keepNext/><w:keepLines/>"
        if s.page_break:
            ppr += "<w:pageBreakBefore/>"
        if s.num:
            ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{s.num}"/></w:numPr>'
        ppr += self.decoration(s.deco)
        ppr += (f'<w:spacing w:before="{round(s.before * TWIPS_PER_PT)}" '
                f'w:after="{round(s.after * TWIPS_PER_PT)}" '
                f'w:line="{round(line * size_pt * TWIPS_PER_PT)}" w:lineRule="atLeast"/>')
        if s.first_line:
            ppr += (f'<w:ind w:left="0" w:right="0" w:firstLineChars="{2 * CHARS}" '
                    f'w:firstLine="{self.chars(2, s.size)}"/>')
        elif s.hanging:
            # hangingChars shares Word's one first-line property with Normal's
            # firstLineChars, so it replaces the inherited two-character indent.
            ppr += (f'<w:ind w:left="{self.chars(s.left, s.size)}" w:right="0" '
                    f'w:hangingChars="{round(s.hanging * CHARS)}" '
                    f'w:hanging="{self.chars(s.hanging, s.size)}"/>')
        else:
            ppr += (f'<w:ind w:left="{self.chars(s.left, s.size)}" w:right="0" '
                    'w:firstLineChars="0" w:firstLine="0"/>')
        ppr += f'<w:jc w:val="{s.jc}"/>'
        if s.outline is not None:
            ppr += f'<w:outlineLvl w:val="{s.outline}"/>'
        head = f'<w:style {NS} w:type="paragraph" w:styleId="{s.sid}"'
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
        rpr = self.rpr_xml(s.use, s.size, s.colour, s.bold)
        if s.sid == "Normal":  # the text colour lives in docDefaults, below table styles
            rpr = rpr.replace(f'<w:color w:val="{self.colours["text"]}"/>', "")
        return f"{head}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"

    def decoration(self, deco: str) -> str:
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
            return f'<w:tabs><w:tab w:val="left" w:pos="{self.chars(2.6, 0.952)}"/></w:tabs>'
        if deco == "header":
            return (f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" '
                    f'w:color="{c["muted"]}"/></w:pBdr>'
                    f'<w:tabs><w:tab w:val="right" w:pos="{right}"/></w:tabs>')
        if deco == "footer":
            return (f'<w:tabs><w:tab w:val="center" w:pos="{right // 2}"/>'
                    f'<w:tab w:val="right" w:pos="{right}"/></w:tabs>')
        return ""

    def character_styles_xml(self) -> list[str]:
        """Citation marks and links: character styles, so they restyle in one place."""
        accent = self.colours["accent"]
        return [
            f'<w:style {NS} w:type="character" w:customStyle="1" w:styleId="Citation">'
            '<w:name w:val="Citation"/><w:basedOn w:val="DefaultParagraphFont"/>'
            '<w:uiPriority w:val="20"/><w:qFormat/>'
            f'<w:rPr><w:color w:val="{accent}"/><w:vertAlign w:val="superscript"/></w:rPr>'
            "</w:style>",
            f'<w:style {NS} w:type="character" w:styleId="Hyperlink">'
            '<w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/>'
            '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            f'<w:rPr><w:color w:val="{accent}"/><w:u w:val="single"/></w:rPr></w:style>',
        ]

    def table_styles_xml(self) -> list[str]:
        c = self.colours
        rpr = self.rpr_xml("table", 0.905)
        margins = ('<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
                   '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
                   "</w:tblCellMar>")
        data = (
            f'<w:style {NS} w:type="table" w:customStyle="1" w:styleId="DataTable">'
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
            f'<w:style {NS} w:type="table" w:customStyle="1" w:styleId="KeyFiguresTable">'
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

    def numbering_xml(self) -> list[str]:
        """A bullet list (abstract 0, num 1) and a decimal list (abstract 1, num 2)."""
        left = self.chars(BY_ID["ListBullet"].left)
        hanging = self.chars(BY_ID["ListBullet"].hanging)
        bullet_face = quoteattr(fonts.ROLES[fonts.USES["heading"]].docx_ascii)
        accent = self.colours["accent"]
        out = []
        for aid, fmt, text, rpr, nsid in (
                (0, "bullet", "\u2022",
                 f'<w:rFonts w:ascii={bullet_face} w:hAnsi={bullet_face}/>'
                 f'<w:color w:val="{accent}"/>', "4B424B31"),
                (1, "decimal", "%1.", f'<w:color w:val="{accent}"/>', "4B424B32")):
            out.append(
                f'<w:abstractNum {NS} w:abstractNumId="{aid}"><w:nsid w:val="{nsid}"/>'
                '<w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
                f"<w:rPr>{rpr}</w:rPr></w:lvl></w:abstractNum>")
        out.append(f'<w:num {NS} w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
        out.append(f'<w:num {NS} w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
        return out


def _ui_priority(s: Style) -> int:
    if s.sid.startswith("Heading"):
        return 9
    return {"Normal": 0, "Title": 10, "Subtitle": 11, "Quote": 29, "Caption": 35}.get(s.sid, 39)


def colours(theme: d.Theme) -> dict[str, str]:
    """Return the theme's colours (checked by doc.validate) as Word writes them: '1F4E79'."""
    out = {"white": "FFFFFF"}
    for key in THEME_COLOURS:
        out[key] = getattr(theme, key)[1:].upper()
    return out
