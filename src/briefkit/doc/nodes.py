"""The document tree every renderer turns into a file: knows no format, imports no library."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# ---- inline content -------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A run of plain text. Characters are literal: never markup in any format."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Citation:
    """A numbered citation mark, e.g. [3], linked to entry `number` of the source list."""

    number: int


@dataclass(frozen=True)
class Link:
    """A hyperlink: `target` is a URL or '#anchor' inside the document."""

    text: str
    target: str


Inline = Union[Text, Citation, Link]

# ---- blocks ---------------------------------------------------------------------------------


HEADING_LEVELS = (1, 2, 3)  # chapter, section, subsection
PARAGRAPH_STYLES = ("body", "lead", "note")
TABLE_ALIGN = ("l", "r", "c")


@dataclass
class Heading:
    """A heading; level 1 is a chapter (starts on a new page in print), 2 and 3 sections."""

    level: int
    text: str
    anchor: str = ""  # unique id, used by the TOC, bookmarks and links


@dataclass
class Paragraph:
    """A paragraph of inlines. style: 'body', 'lead' (intro, larger), 'note' (small, grey)."""

    inlines: list[Inline]
    style: str = "body"


@dataclass
class BulletList:
    """A bulleted (or numbered) list; each item is a list of inlines."""

    items: list[list[Inline]]
    ordered: bool = False


@dataclass
class Quote:
    """A quoted passage (e.g. an article's own words), set apart from our prose."""

    inlines: list[Inline]


@dataclass
class Table:
    """A table with a header row. Cells are lists of inlines. align: 'l', 'r' or 'c' per column."""

    header: list[str]
    rows: list[list[list[Inline]]]
    caption: str = ""
    number: int = 0  # 表 n
    align: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # relative column widths; empty = auto
    source: list[Inline] = field(default_factory=list)  # the 资料来源 line under the table


@dataclass
class Figure:
    """A chart or picture: a PNG file rendered beforehand, with a numbered caption."""

    image: str  # path to a PNG file
    caption: str
    number: int = 0  # 图 n
    alt: str = ""
    width: float = 1.0  # fraction of the text width
    aspect: float = 0.6  # height / width of the image
    source: list[Inline] = field(default_factory=list)  # the 资料来源 line under the figure


@dataclass
class KeyFigure:
    """One big number in a key-figures panel: '250亿元' over '区级财政收入'."""

    value: str
    label: str
    citation: int | None = None
    period: str = ""  # when the number holds, printed under the label (2025年)


@dataclass
class KeyFigures:
    """A panel of big numbers."""

    items: list[KeyFigure]
    title: str = ""
    source: list[Inline] = field(default_factory=list)  # the 资料来源 line under the panel


@dataclass
class PageBreak:
    """Start a new page."""


@dataclass
class TableOfContents:
    """Where the table of contents goes; renderers fill it from the headings."""

    title: str = "目录"
    depth: int = 2


@dataclass
class SourceEntry:
    """One numbered entry of the source list: [number] text."""

    number: int
    text: str
    anchor: str = ""  # 'src-<number>', the target of Citation(number)


@dataclass
class SourceList:
    """The numbered list of sources that citations link to."""

    entries: list[SourceEntry]
    title: str = "资料来源"


Block = Union[
    Heading, Paragraph, BulletList, Quote, Table, Figure, KeyFigures, PageBreak,
    TableOfContents, SourceList,
]

# ---- the document ---------------------------------------------------------------------------


@dataclass
class Theme:
    """The look of one pack: colours as '#rrggbb', body size in points."""

    accent: str = "#1F4E79"
    accent_light: str = "#DCE6F2"
    text: str = "#222222"
    muted: str = "#666666"
    body_size: float = 10.5
    line_spacing: float = 1.6  # multiple of the font size
    palette: list[str] = field(default_factory=lambda: ["#1F4E79", "#C0504D", "#4F81BD",
                                                        "#9BBB59", "#F79646", "#8064A2"])
    cover_band: str = "#1F4E79"  # the colour block on the cover


@dataclass
class Cover:
    """What the cover page says."""

    title: str
    subtitle: str = ""
    audience: str = ""  # e.g. 央企版
    organiser: str = ""
    date: str = ""  # as printed, e.g. 2024年3月
    data_as_of: str = ""  # e.g. 数据截至2025年
    dedication: str = ""  # e.g. 敬呈 中国电子信息产业集团有限公司
    contact: list[str] = field(default_factory=list)


@dataclass
class Meta:
    """Document metadata: written into the PDF info and DOCX core properties."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    language: str = "zh-CN"
    created: str = ""  # ISO date-time, fixed for reproducible output
    header: str = ""  # running header text
    footer: str = ""  # running footer text (page X / Y is added by the renderer)


@dataclass
class Document:
    """A whole briefing pack, ready to render."""

    meta: Meta
    cover: Cover
    blocks: list[Block] = field(default_factory=list)
    theme: Theme = field(default_factory=Theme)
    # anchor → page number in the laid-out PDF, set by the build once the PDF is laid out
    # (empty until then): the DOCX prints these numbers in its table of contents.
    pages: dict[str, int] = field(default_factory=dict)

    def text(self) -> str:
        """Return all visible text (for glyph checks and tests), in reading order."""
        return "\n".join(_texts(self))

    def headings(self) -> list[Heading]:
        """Return the headings in order."""
        return [b for b in self.blocks if isinstance(b, Heading)]


def inline_text(inlines: list[Inline]) -> str:
    """Return the plain text of inlines; a citation reads as [n]."""
    out = []
    for i in inlines:
        if isinstance(i, Citation):
            out.append(f"[{i.number}]")
        else:
            out.append(i.text)
    return "".join(out)


def _texts(doc: Document):
    c = doc.cover
    yield from (c.title, c.subtitle, c.audience, c.organiser, c.date, c.data_as_of, c.dedication)
    yield from c.contact
    yield from (doc.meta.header, doc.meta.footer)
    for b in doc.blocks:
        if isinstance(b, Heading):
            yield b.text
        elif isinstance(b, (Paragraph, Quote)):
            yield inline_text(b.inlines)
        elif isinstance(b, BulletList):
            yield from (inline_text(i) for i in b.items)
        elif isinstance(b, Table):
            yield b.caption
            yield from b.header
            for row in b.rows:
                yield from (inline_text(cell) for cell in row)
            yield inline_text(b.source)
        elif isinstance(b, Figure):
            yield b.caption
            yield inline_text(b.source)
        elif isinstance(b, KeyFigures):
            yield b.title
            for k in b.items:
                yield k.value
                yield k.label
                yield k.period
            yield inline_text(b.source)
        elif isinstance(b, TableOfContents):
            yield b.title
        elif isinstance(b, SourceList):
            yield b.title
            yield from (e.text for e in b.entries)
