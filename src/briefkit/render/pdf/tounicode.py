"""ToUnicode CMaps that map every glyph of our TrueType subsets back to its own character.

Why: reportlab (5.1) writes each subset's ToUnicode entry as `<%04X>` of the code point, so a
character beyond U+FFFF (CJK Extension B and later: 𬭚 U+2CB5A in a recipient's name) comes out
as `<2CB5A>` — five hex digits, which readers take as U+2CB5 "ⲵ" or drop. PDF 1.7 §9.10.3 wants
the destination in UTF-16BE, i.e. the surrogate pair `<D872DF5A>`. reportlab also puts up to 256
mappings in one bfchar block; the CMap format allows 100 (Adobe TN 5014, §"bfchar").

The fix is narrow: `TTFont` below is reportlab's font with the CMap stream of each subset
rewritten after reportlab has made it, and our renderer registers its faces with it. No global
reportlab state is changed. `actual_text` marks a drawing that must read back as one string.
"""

from __future__ import annotations

from contextlib import contextmanager

from reportlab.pdfbase import ttfonts

BFCHAR_MAX = 100  # entries in one beginbfchar … endbfchar block (Adobe TN 5014)


def utf16_hex(text: str) -> str:
    """Return `text` as UTF-16BE hex digits: 'A' → '0041', '𬭚' → 'D872DF5A'."""
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(name: str, codes: list[int]) -> str:
    """Return a ToUnicode CMap mapping byte i of a one-byte font to the character codes[i].

    Code point 0 is reportlab's .notdef and unused-slot filler: it gets no mapping, so a reader
    yields nothing for it rather than U+0000.
    """
    pairs = [(i, cp) for i, cp in enumerate(codes) if cp]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({name})",
        f"/Ordering ({name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(pairs), BFCHAR_MAX):
        block = pairs[start:start + BFCHAR_MAX]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(f"<{i:02X}> <{utf16_hex(chr(cp))}>" for i, cp in block)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


class TTFont(ttfonts.TTFont):
    """reportlab's TrueType font whose subsets carry a correct ToUnicode CMap."""

    def addObjects(self, doc):
        """Add the font's subsets to `doc` as reportlab does, then rewrite their ToUnicode CMaps."""
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        super().addObjects(doc)  # forgets the subsets: hence the copy above
        fonts = doc.idToObject["BasicFonts"].dict
        for name, codes in zip(names, subsets):
            font = fonts[name]
            cmap = doc.idToObject[font.ToUnicode.name]
            cmap.content = to_unicode_cmap(font.BaseFont, codes)


@contextmanager
def actual_text(canv, text: str):
    """Mark what is drawn inside the block as reading `text` (a /Span with /ActualText, PDF 1.7
    §14.9.4): readers that honour it copy and search `text` whatever the glyphs' layout."""
    canv._code.append(f"/Span <</ActualText <FEFF{utf16_hex(text)}>>> BDC")
    try:
        yield
    finally:
        canv._code.append("EMC")
