"""Blocks written once per process, then copied: the paragraphs, tables and panels an invitation
batch writes into every pack.

python-docx builds each element through its own classes (about 0.1 ms an element); parsing the
XML of a block written before is many times faster. A block is taken from the memo only when
everything its XML depends on is in the key: the block itself (its repr names every field), a
heading's anchor, the theme and language (styles, colours, widths, chrome words) and the writer's
table and bookmark counters (a caption's number, a bookmark's id). Blocks that touch anything outside the body — an external link (a
relationship), a numbered list (numbering.xml), a figure (an image part) — or that follow a page
break (set on the paragraph after it) are written afresh every time. The bytes are the same either
way (tests/render/docx/test_memo.py).
"""

from __future__ import annotations

from ... import doc as d

MEMO_MAX = 5000  # blocks kept per process; beyond, the memo starts again (a long watch session)
_MEMO: dict[tuple, tuple[tuple[str, ...], int, int, bool]] = {}
_KINDS = (d.Paragraph, d.Table, d.KeyFigures, d.Quote, d.BulletList, d.Heading)


def _external_links(block) -> bool:
    """Return whether any inline of `block` links outside the document (a relationship)."""
    def walk(x) -> bool:
        if isinstance(x, d.Link):
            return not x.target.startswith("#")
        if isinstance(x, (list, tuple)):
            return any(walk(y) for y in x)
        if hasattr(x, "__dataclass_fields__"):
            return any(walk(getattr(x, f)) for f in x.__dataclass_fields__)
        return False

    return walk(block)


class MemoMixin:
    """The writer's memo of blocks. Uses the writer's word, doc, theme, tables, bookmarks,
    toc_anchors, break_next and _block."""

    def _memo_key(self, block) -> tuple | None:
        if (not isinstance(block, _KINDS) or self.break_next
                or (isinstance(block, d.BulletList) and block.ordered)):
            return None
        text = repr(block)
        if "Link(" in text and _external_links(block):
            return None
        anchor = (block.anchor or self.toc_anchors.get(id(block), "")
                  if isinstance(block, d.Heading) else "")
        return (text, anchor, self.tables, self.bookmarks, repr(self.theme), self.doc.meta.language)

    def _memo_block(self, block):
        """Write one block, from the memo when it was written before; return as _block does."""
        key = self._memo_key(block)
        if key is None:
            return self._block(block)
        body = self.word.element.body
        if not len(body) or not body[-1].tag.endswith("}sectPr"):
            return self._block(block)  # blocks go before the body's section properties
        hit = _MEMO.get(key)
        if hit is not None:
            from docx.oxml import parse_xml

            xmls, tables, bookmarks, returns_last = hit
            end = body[-1]  # the body's w:sectPr: every block goes before it
            last = None
            for xml in xmls:
                last = parse_xml(xml)
                end.addprevious(last)
            self.tables += tables
            self.bookmarks += bookmarks
            return last if returns_last else None
        from lxml import etree

        before, tables, bookmarks = len(body), self.tables, self.bookmarks
        result = self._block(block)
        added = list(body)[before - 1:-1]
        if result is None or (added and result is added[-1]):
            if len(_MEMO) >= MEMO_MAX:
                _MEMO.clear()
            _MEMO[key] = (tuple(etree.tostring(e, encoding="unicode") for e in added),
                          self.tables - tables, self.bookmarks - bookmarks, result is not None)
        return result
