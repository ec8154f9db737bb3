"""PDF of a deck: the laid-out frames drawn with reportlab, 16:9, one page a slide, fonts embedded.

Drawn from the same frames as the PPTX (same boxes, same fitted sizes and line breaks), not
converted by LibreOffice: no office suite is needed, and what is sent is what was checked.
(The "pdf" format of a deck; packs are drawn by render.pdf.render.)
"""

from __future__ import annotations

from pathlib import Path

from ... import fonts
from ...errors import RenderError
from .images import draw_image
from .page import pdf_date
from .text import register_fonts

ASCENT = 0.88  # of the ideographic em box (Noto CJK), × font size
FONT = fonts.ROLES["sans"].pdf_name


def render_deck(deck, frames, path: Path) -> int:
    """Write the frames of `deck` as a PDF at `path`; return the page count."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    meta = deck.meta
    first = frames[0]
    canv = Canvas(str(path), pagesize=(first.width, first.height), invariant=1,
                  initialFontName=FONT, lang=meta.language or "zh-CN")
    canv.setTitle(meta.title)
    canv.setAuthor(meta.author)
    canv.setSubject(meta.subject)
    canv.setKeywords(", ".join(meta.keywords))
    canv.setCreator("briefkit")
    created = pdf_date(meta.created)
    if created:
        canv.setDateFormatter(lambda *_: created)
    canv.setViewerPreference("DisplayDocTitle", "true")
    for frame in frames:
        canv.setPageSize((frame.width, frame.height))
        _page(canv, frame)
        title = next((i.text() for i in frame.items if type(i).__name__ == "TextBox"
                      and i.name == "title"), "")
        if title:
            key = f"slide-{frame.number}"
            canv.bookmarkPage(key)
            canv.addOutlineEntry(f"{frame.number}　{title.replace(chr(10), '')}", key, 0)
        canv.showPage()
    try:
        canv.save()
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return len(frames)


def _colour(value: str):
    from reportlab.lib.colors import HexColor

    return HexColor(value)


def _page(canv, frame) -> None:
    H = frame.height
    canv.setFillColor(_colour(frame.background))
    canv.rect(0, 0, frame.width, H, stroke=0, fill=1)
    for item in frame.items:
        kind = type(item).__name__
        if kind == "Rect":
            canv.setFillColor(_colour(item.fill))
            canv.rect(item.x, H - item.y - item.h, item.w, item.h, stroke=0, fill=1)
        elif kind == "Picture":
            draw_image(canv, Path(item.path), item.x, H - item.y - item.h, item.w, item.h)
        elif kind == "TextBox":
            _text(canv, item, H)


def _text(canv, box, H: float) -> None:
    from ...typography.measure import Piece, line_width

    y = box.y
    for n, para in enumerate(box.paragraphs):
        for k, line in enumerate(para):
            size = max((s.size for s in line), default=0.0)
            lead = size * box.line_height
            base = y + (lead - size) / 2 + ASCENT * size
            x = box.x + box.indent
            w = line_width([Piece(s.text, s.size) for s in line])
            if box.align == "c":
                x = box.x + (box.w - w) / 2
            elif box.align == "r":
                x = box.x + box.w - w
            if box.bullet and k == 0:
                side = size * 0.36
                canv.setFillColor(_colour(box.bullet))
                canv.rect(box.x + size * 0.12, H - (base - size * 0.34) - side / 2, side, side,
                          stroke=0, fill=1)
            t = canv.beginText()
            t.setTextOrigin(x, H - base)
            for s in line:
                t.setFont(FONT, s.size)
                t.setFillColor(_colour(s.colour))
                t.textOut(s.text)
            canv.drawText(t)
            y += lead
        if n < len(box.paragraphs) - 1:
            y += box.space_after
