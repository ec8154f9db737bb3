"""Slide nodes of a deck, and the positioned frames a deck is laid out into; knows no format.

A `Deck` is what templates say (one `Slide` per slide, its kind and content). `layout` turns it
into `Frame`s: boxes at fixed positions with their fitted text sizes, so the PPTX and the PDF
renderer draw the same thing without measuring anything themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Loc
from .nodes import Figure, Inline, KeyFigure, Meta, Theme

SLIDE_KINDS = ("title", "section", "bignumber", "chart", "bullets", "twocol", "closing", "sources")

# ---- what templates say -------------------------------------------------------------------------


@dataclass
class Slide:
    """One slide: its kind and the parts that kind shows."""

    kind: str  # one of SLIDE_KINDS
    title: str = ""
    subtitle: str = ""  # the lead line under a title or section heading
    kicker: str = ""  # small text above the title: the section (01 综合实力) or the event
    paragraphs: list[list[Inline]] = field(default_factory=list)  # running text, in order
    bullets: list[list[Inline]] = field(default_factory=list)
    figures: list[KeyFigure] = field(default_factory=list)  # big numbers
    chart: Figure | None = None
    source: str = ""  # the small 资料来源 line of a slide with numbers
    notes: str = ""  # speaker notes: the fuller sentence and the citations
    lines: list[str] = field(default_factory=list)  # closing: contacts; sources: the entries
    number: int = 0  # 1-based position in the deck
    loc: Loc | None = None  # the template line that starts the slide


@dataclass
class Deck:
    """A whole presentation, ready to lay out."""

    meta: Meta
    slides: list[Slide]
    theme: Theme = field(default_factory=Theme)
    footer: str = ""  # the organiser, bottom right of content slides

    def text(self) -> str:
        """Return all visible text (for glyph checks and tests)."""
        out = [self.footer]
        for s in self.slides:
            out += [s.title, s.subtitle, s.kicker, s.source, *s.lines]
            out += [_plain(p) for p in s.paragraphs + s.bullets]
            for k in s.figures:
                out += [k.value, k.label, k.period]
            if s.chart is not None:
                out.append(s.chart.caption)
        return "\n".join(t for t in out if t)


def _plain(inlines: list[Inline]) -> str:
    return "".join(getattr(i, "text", "") for i in inlines)


# ---- what the layout gives renderers ------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A run of text in one size, colour and weight."""

    text: str
    size: float  # points
    colour: str  # '#rrggbb'
    bold: bool = False


@dataclass
class TextBox:
    """Text at a fixed place, broken into lines at sizes already fitted (points, from the top left).

    `paragraphs` → lines → spans: the PDF draws the lines; the PPTX keeps one paragraph per
    bullet or line (so the text stays editable), and PowerPoint wraps it where our lines wrap."""

    x: float
    y: float
    w: float
    h: float
    paragraphs: list[list[list[Span]]]
    align: str = "l"  # l | c | r
    line_height: float = 1.25  # multiple of the largest size on a line
    bullet: str = ""  # a colour: each paragraph starts with a square bullet of this colour
    indent: float = 0.0  # points: where the text of a bulleted paragraph starts
    space_after: float = 0.0  # points between paragraphs
    name: str = ""  # what the box is, for tests and for the PPTX shape name
    hard_breaks: bool = False  # the PPTX keeps our line breaks (balanced titles, sources)
    wrap: bool = True  # False: a one-line box (a big number) that must never wrap

    def text(self) -> str:
        """Return the box's text, one paragraph a line."""
        return "\n".join("".join(s.text for line in p for s in line) for p in self.paragraphs)

    def line_sizes(self) -> list[float]:
        """Return the largest size on each line, in order."""
        return [max((s.size for s in line), default=0.0) for p in self.paragraphs for line in p]

    def used_height(self) -> float:
        """Return the height the lines take (what fitting kept within h)."""
        n = len(self.paragraphs)
        return sum(s * self.line_height for s in self.line_sizes()) + self.space_after * max(0, n - 1)


@dataclass(frozen=True)
class Rect:
    """A filled rectangle (colour bands, rules, bullets)."""

    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Picture:
    """A PNG placed at a fixed box (a chart)."""

    x: float
    y: float
    w: float
    h: float
    path: str
    alt: str = ""


@dataclass
class Frame:
    """One laid-out slide: what to draw, in order, on a page of `width` × `height` points."""

    width: float
    height: float
    background: str
    items: list  # TextBox | Rect | Picture, back to front
    notes: str = ""
    number: int = 0
    kind: str = ""
    has_numbers: bool = False  # shows numbers from facts, so it carries a source line
