"""What a paginated layout reports back: the page of each anchor, how full each page is, its lines.

The PDF renderer fills one while it lays out; the build hands `anchor_pages` to the other formats
through `Document.pages` (the DOCX prints them in its table of contents), and tests read the
lines and page fill to check the typesetting of every pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SetLine:
    """One line as set: the page it is on, the block style it belongs to, its text, and
    whether it is the last line of its block (a paragraph's last line, a label's last)."""

    page: int
    style: str
    text: str
    last: bool = False
    first: bool = False
    char_space: float = 0.0  # em added between characters to justify it


@dataclass
class PageFill:
    """How much of a page's text area was left blank below its last block."""

    page: int
    blank: float  # share of the text area's height, 0–1
    ends_by_break: bool = False  # the page was ended by a page break (a chapter's last page)


@dataclass
class LayoutRecord:
    """The record of one layout: filled by a renderer, read by the build and by tests."""

    anchor_pages: dict[str, int] = field(default_factory=dict)
    lines: list[SetLine] = field(default_factory=list)
    pages: list[PageFill] = field(default_factory=list)

    def clear(self) -> None:
        """Forget an earlier pass (a renderer that lays out more than once)."""
        self.anchor_pages.clear()
        self.lines.clear()
        self.pages.clear()
