"""The document tree (nodes), the checks every format runs on it, and the rules formats share.

`from briefkit import doc as d` then `d.Paragraph(...)`, `d.validate(document)`,
`d.conventions.source_anchor(3)`. Nothing here imports a third-party library.
"""

from . import chrome, conventions
from .layout import LayoutRecord, PageFill, SetLine
from .nodes import (
    HEADING_LEVELS, PARAGRAPH_STYLES, TABLE_ALIGN, Block, BulletList, Citation, Cover, Document,
    Figure, Heading, Inline, KeyFigure, KeyFigures, Link, Meta, PageBreak, Paragraph, Quote,
    SourceEntry, SourceList, Table, TableOfContents, Text, Theme, inline_text,
)
from .validate import problems, validate

__all__ = [
    "HEADING_LEVELS", "PARAGRAPH_STYLES", "TABLE_ALIGN", "Block", "BulletList", "Citation",
    "Cover", "Document", "Figure", "Heading", "Inline", "KeyFigure", "KeyFigures", "LayoutRecord", "Link",
    "Meta", "PageBreak", "PageFill", "Paragraph", "Quote", "SetLine", "SourceEntry", "SourceList", "Table",
    "TableOfContents", "Text", "Theme", "conventions", "inline_text", "problems", "validate",
]
