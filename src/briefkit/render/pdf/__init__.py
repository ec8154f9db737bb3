"""Document tree → PDF with reportlab; this package is briefkit's only reportlab user.

Chinese line breaking (禁则) and justification come from briefkit.typography, which gets its
widths from text.metrics. Modules, in the order they build on each other: styles (sizes and block
styles) → text (fonts, ToUnicode fix in tounicode, measurement, theme → runs) → lines (text
blocks and headings) → flow, tables, toc, keyfigures, figure + images, cover → page (template,
header and footer, outline) → story (blocks → flowables) → render() here.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from ... import doc as d
from ...errors import RenderError
from . import settled
from .page import Template
from .story import Story
from .toc import Toc
from .text import Kit, register_fonts, register_latin


def warm() -> None:
    """Load what every render needs (the CJK faces), so a process forked to render starts ready."""
    register_fonts()


def render(document: d.Document, path, record: d.LayoutRecord | None = None) -> int:
    """Write `document` as a PDF to `path` (a path or a binary file) and return its page count.

    With `record`, fill it with the layout: the page of every heading, each page's blank share
    and every line as set."""
    d.validate(document)
    register_fonts()
    kit = Kit(document.theme, document.meta.language)
    if kit.english:
        register_latin()
    tmpl = Template(path if hasattr(path, "write") else Path(path), document, kit, record)
    story = Story(document, kit, tmpl).build()
    # A document laid out before starts from the numbers it settled on: one pass, not two.
    tocs = [f for f in story if isinstance(f, Toc)]
    name = settled.key(document)
    seed = settled.load(name, len(tocs))
    if seed is not None:
        for toc, entries in zip(tocs, seed[0]):
            toc._entries = entries  # what Toc.beforeBuild takes as the entries found last
        tmpl.count.now = seed[1]  # the page total found last: the first pass draws
    try:
        tmpl.multiBuild(story, maxPasses=6)
    except LayoutError as exc:
        raise RenderError(f"{path}: a block does not fit on a page: {exc}") from exc
    except IndexError as exc:
        raise RenderError(f"{path}: page numbers did not settle: {exc}") from exc
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror or exc}") from exc
    found = ([list(t._last) for t in tocs], tmpl.count.now)
    if seed is None or found != (seed[0], seed[1]):
        settled.save(name, *found)
    return tmpl.page
