"""The checks every format runs on a document before rendering it: one wording per mistake."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from ..errors import Problem, RenderError
from . import nodes as n
from .conventions import block_anchors, source_anchors

THEME_COLOURS = ("accent", "accent_light", "text", "muted", "cover_band")
_COLOUR = re.compile("#[0-9A-Fa-f]{6}")
# Characters XML 1.0 cannot hold (a Word file is XML) and no font draws: C0 controls other than
# tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF. Almost always paste
# accidents; dropping them silently could change a number or a name, so they are reported.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLOCKS = (n.Heading, n.Paragraph, n.BulletList, n.Quote, n.Table, n.Figure, n.KeyFigures,
           n.PageBreak, n.TableOfContents, n.SourceList)
_INLINES = (n.Text, n.Citation, n.Link)


def validate(document: n.Document) -> None:
    """Raise RenderError listing every problem that would make a broken file, in any format."""
    found = problems(document)
    if found:
        raise RenderError(found)


def problems(document: n.Document) -> list[Problem]:
    """Return every problem of `document`, in reading order; an empty list if it can be rendered."""
    out: list[Problem] = []

    def bad(message: str, hint: str | None = None) -> None:
        out.append(Problem(None, message, hint))

    _check_theme(document.theme, bad)
    created = document.meta.created
    if created and not _is_iso(created):
        bad(f"meta.created must be an ISO date-time such as 2024-03-29T00:00:00+08:00, "
            f"got {created!r}")
    anchors, sources = _check_blocks(document, bad)
    known = all(isinstance(b, _BLOCKS) for b in document.blocks)
    for inlines in inline_lists(document):
        for item in inlines:
            if not isinstance(item, _INLINES):
                bad(f"{type(item).__name__} is not a kind of inline the renderers know")
                known = False
            elif isinstance(item, n.Citation) and item.number not in sources:
                bad(f"citation [{item.number}] has no entry in the source list",
                    "add the source, or remove the citation")
                sources.add(item.number)  # report each number once
            elif isinstance(item, n.Link) and not item.target:
                bad(f"link {item.text!r} has no target")
            elif isinstance(item, n.Link) and item.target.startswith("#"):
                if item.target[1:] not in anchors:
                    bad(f"link {item.text!r} points to {item.target!r}, which no heading or "
                        f"source defines")
    for kf in (b for b in document.blocks if isinstance(b, n.KeyFigures)):
        for item in kf.items:
            if item.citation is not None and item.citation not in sources:
                bad(f"key figure {item.value!r} cites [{item.citation}], which has no entry "
                    f"in the source list")
                sources.add(item.citation)
    if known:  # the text of an unknown kind of node cannot be read
        _check_characters(document, bad)
    return out


def inline_lists(document: n.Document):
    """Yield every list of inlines in the document's blocks, in reading order."""
    for b in document.blocks:
        if isinstance(b, (n.Paragraph, n.Quote)):
            yield b.inlines
        elif isinstance(b, n.BulletList):
            yield from b.items
        elif isinstance(b, n.Table):
            for row in b.rows:
                yield from row
            yield b.source
        elif isinstance(b, n.Figure):
            yield b.source


def _check_theme(theme: n.Theme, bad) -> None:
    for key in THEME_COLOURS:
        value = getattr(theme, key)
        if not (isinstance(value, str) and _COLOUR.fullmatch(value)):
            bad(f"theme.{key} must be a colour like '#1F4E79', got {value!r}")
    if not theme.body_size or theme.body_size <= 0:
        bad(f"theme.body_size must be a positive number of points, got {theme.body_size!r}")


def _check_blocks(document: n.Document, bad) -> tuple[dict[str, str], set[int]]:
    """Check each block; return the anchors defined (name → what) and the source numbers."""
    anchors: dict[str, str] = {}
    sources: set[int] = set()
    named = block_anchors(document)
    for i, b in enumerate(document.blocks):
        if not isinstance(b, _BLOCKS):
            bad(f"{type(b).__name__} is not a kind of block the renderers know")
            continue
        if i in named:
            what = (f"heading {b.text!r}" if isinstance(b, n.Heading)
                    else f"{type(b).__name__} {b.title!r}")
            if named[i] in anchors:
                bad(f"anchor {named[i]!r} is used twice ({anchors[named[i]]} and {what})",
                    "give every heading a unique anchor")
            anchors[named[i]] = what
        if isinstance(b, n.Heading):
            if b.level not in n.HEADING_LEVELS:
                bad(f"heading {b.text!r} has level {b.level}; levels are 1, 2 and 3")
        elif isinstance(b, n.SourceList):
            for e in b.entries:
                for name in source_anchors(e.number, e.anchor):
                    if name in anchors:
                        bad(f"anchor {name!r} is used twice ({anchors[name]} and source "
                            f"[{e.number}])")
                    anchors[name] = f"source [{e.number}]"
                sources.add(e.number)
        elif isinstance(b, n.Paragraph) and b.style not in n.PARAGRAPH_STYLES:
            bad(f"paragraph style {b.style!r} is unknown; use one of "
                f"{', '.join(n.PARAGRAPH_STYLES)}")
        elif isinstance(b, n.Figure):
            if not Path(b.image).is_file():
                bad(f"{block_name(b)}: image file {b.image} does not exist")
        elif isinstance(b, n.Table):
            _check_table(b, bad)
    return anchors, sources


def _check_table(t: n.Table, bad) -> None:
    name = block_name(t)
    cols = len(t.header)
    if cols == 0:
        bad(f"{name} has no header row")
    for r, row in enumerate(t.rows, 1):
        if len(row) != cols:
            bad(f"{name}, row {r}: {len(row)} cells for {cols} columns")
    if any(a not in n.TABLE_ALIGN for a in t.align):
        bad(f"{name}: align must be 'l', 'r' or 'c' per column, got {t.align!r}")
    if t.widths and (len(t.widths) != cols or any(w <= 0 for w in t.widths)):
        bad(f"{name}: widths must be {cols} positive numbers, got {t.widths!r}")


def _check_characters(document: n.Document, bad) -> None:
    """Report each control character once, with the text around its first appearance."""
    m = document.meta
    texts = [*document.text().split("\n"), m.title, m.author, m.subject, *m.keywords]
    for b in document.blocks:
        if isinstance(b, n.Figure):
            texts.append(b.alt)
    for inlines in inline_lists(document):
        texts.extend(i.target for i in inlines if isinstance(i, n.Link))
    seen: set[str] = set()
    for text in texts:
        for match in _CONTROL.finditer(text or ""):
            ch = match.group()
            if ch in seen:
                continue
            seen.add(ch)
            context = text[max(0, match.start() - 12):match.end() + 12]
            bad(f"text contains U+{ord(ch):04X}, an invisible control character: {context!r}",
                "delete it from the source text (it often comes with text pasted from a PDF)")


def block_name(block: n.Figure | n.Table) -> str:
    """Return how a message names a figure or table: "table 2 ('caption')"."""
    kind = "figure" if isinstance(block, n.Figure) else "table"
    if block.number:
        return f"{kind} {block.number} ({block.caption!r})"
    return f"{kind} {block.caption!r}"


def _is_iso(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True
