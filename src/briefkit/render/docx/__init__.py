"""Document tree → .docx: real Word styles, Chinese fonts, live fields, reproducible bytes.

The only importer of python-docx. Why the XML work beyond python-docx:

- python-docx writes only w:ascii/w:hAnsi, and its default template points every style at theme
  fonts whose East Asian face is Japanese (`themeFontLang eastAsia="ja-JP"`); Word and WPS let the
  theme win over named faces. We therefore rebuild styles.xml from one table (styles.STYLES),
  with explicit w:eastAsia faces from `fonts.ROLES`, no theme font attributes, and zh-CN language.
- Fields (TOC, PAGE, NUMPAGES, SEQ, PAGEREF), bookmarks and internal hyperlinks have no
  python-docx API; they are written as WordprocessingML (ECMA-376 Part 1, §17.16 and §17.13.6).
- python-docx stamps zip entries with the current time; package.reproducible_zip rewrites the
  package with fixed times and a stable entry order, so one Document always gives the same bytes.

The document is checked first by doc.validate, the checks every format shares (control
characters XML 1.0 cannot hold among them). Tab and newline are kept (a tab, a line break).

Modules: styles (measures, the style table, its XML) · oxml (element and run builders) ·
writer (page, cover, blocks, inlines) · tables · keyfigures · fields (fields, the TOC) ·
package (properties, font table, reproducible zip).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from ... import doc as d
from ...errors import RenderError
from .fields import TOC_PLACEHOLDER
from .package import (LAST_MODIFIED_BY, app_xml, font_table_xml, parse_created,
                      reproducible_zip, set_core_properties)
from .writer import Writer

__all__ = ["LAST_MODIFIED_BY", "TOC_PLACEHOLDER", "render"]


def warm() -> None:
    """Import python-docx, so that a process forked to render starts ready."""
    import docx  # noqa: F401


def render(doc: d.Document, path: Path, pages_later=None) -> int | None:
    """Write `doc` as a .docx file at `path`; return None, as Word paginates on opening.

    With `pages_later` (a function returning the anchor → page map, i.e. Document.pages), the
    document is written before the pages are known and the TOC's page numbers are filled in at
    the end: the build writes the DOCX in a forked process while the PDF is being laid out."""
    d.validate(doc)
    created = parse_created(doc.meta.created)
    import docx

    word = docx.Document()
    if pages_later is None:
        Writer(doc, word).write()
    else:
        later = _PagesLater()
        Writer(replace(doc, pages=later), word).write()
        later.fill(word, pages_later())
    set_core_properties(word, doc.meta, created)
    buf = io.BytesIO()
    word.save(buf)
    data = reproducible_zip(buf.getvalue(), created, {
        "docProps/app.xml": app_xml(),
        "word/fontTable.xml": font_table_xml(d.chrome.lang_of(doc.meta.language) == "en"),
    })
    try:
        Path(path).write_bytes(data)
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror or e}") from None
    return None


class _PagesLater(dict):
    """Stands in for Document.pages while the PDF is laid out: each page asked for is a marker
    (two private-use characters around a number: no text run of a real document is exactly that),
    and fill() puts the real page in its place — or drops the marker's run where the page is
    unknown, as field() writes no run for an empty result."""

    def get(self, name, default=None):
        return f"\ue000{self.setdefault(name, len(self))}\ue001"

    def fill(self, word, pages: dict) -> None:
        """Replace every marker run in `word` by its page, as if the pages had been known."""
        from docx.oxml.ns import qn

        names = {f"\ue000{i}\ue001": name for name, i in self.items()}
        for t in list(word.element.body.iter(qn("w:t"))):
            if t.text in names:
                page = str(pages.get(names[t.text], ""))
                if page:
                    t.text = page
                else:
                    t.getparent().getparent().remove(t.getparent())
