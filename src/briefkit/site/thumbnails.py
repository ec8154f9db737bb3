"""Cover thumbnails for the download page: page 1 of each PDF, redrawn only when the PDF changes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from ..errors import Loc
from ..files import atomic_path, file_sha256
from .model import Site

THUMB_WIDTH = 300  # px; shown at 150 CSS px, so sharp on 2× screens
DECK_THUMB_WIDTH = 480  # a deck's title slide, shown at 240 CSS px
THUMBS = "thumbs"  # folder under out/
SHA_KEY = "briefkit-pdf-sha256"  # PNG text chunk: the sha256 of the PDF the thumbnail shows




def _thumb_sha(png: Path) -> str | None:
    if not png.is_file():
        return None
    from PIL import Image

    try:
        with Image.open(png) as im:
            im.load()
            return im.text.get(SHA_KEY)
    except (OSError, ValueError):
        return None


def thumbnail(pdf: Path, png: Path, sha256: str, width: int = THUMB_WIDTH) -> bool:
    """Render page 1 of `pdf` to `png`, unless `png` already shows this sha256; return True if drawn."""
    if _thumb_sha(png) == sha256:
        return False
    import pypdfium2 as pdfium
    from PIL import PngImagePlugin

    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        image = page.render(scale=width / page.get_width(), may_draw_forms=False).to_pil()
    finally:
        doc.close()
    info = PngImagePlugin.PngInfo()
    info.add_text(SHA_KEY, sha256)
    png.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(png) as tmp:
        image.convert("RGB").save(tmp, "PNG", pnginfo=info, optimize=True)
    return True


def _thumb_name(brief: str) -> str:
    stem = re.sub(r"[^\w.-]", "_", brief).lstrip(".") or "pack"
    return f"{stem}.png"


def add_thumbnails(out_dir: Path, site: Site) -> None:
    """Give every card with a PDF a cover thumbnail (cached by the PDF's sha256); prune stale ones."""
    keep = set()
    for card in site.cards:
        pdf = next((link for link in card.links if link.format == "pdf"), None)
        if pdf is None:
            continue
        name = _thumb_name(card.brief)
        keep.add(name)
        png = out_dir / THUMBS / name
        sha = file_sha256(out_dir / pdf.file)
        try:
            width = DECK_THUMB_WIDTH if card.kind == "deck" else THUMB_WIDTH
            drawn = thumbnail(out_dir / pdf.file, png, sha, width)
        except Exception as e:  # pypdfium2 raises its own error types for a broken PDF
            site.report.warning(Loc(str(out_dir / pdf.file)), f"cannot draw the cover thumbnail: {e}",
                                "rebuild the pack with `make briefs`")
            continue
        site.thumbs_rendered += drawn
        site.thumbs_cached += not drawn
        card.thumb = f"{THUMBS}/{quote(name)}?v={sha[:12]}"  # new PDF → new URL, so no stale cache
    thumbs = out_dir / THUMBS
    if thumbs.is_dir():
        for png in thumbs.glob("*.png"):
            if png.name not in keep and _thumb_sha(png):  # only thumbnails briefkit drew
                png.unlink()
