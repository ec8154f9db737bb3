"""Images as shared PDF XObjects, their pixels decoded and compressed once and cached by content."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc

from ...files import atomic_write, cache_dir


def image_stream(path: Path) -> tuple[int, int, bytes]:
    """Return (width, height, Flate-compressed RGB) of an image, cached by the file's content.

    Decoding a PNG and compressing its pixels again costs ~60 ms a chart on every build;
    the result depends only on the file, so it is kept in the user cache. Transparent pixels
    are composited onto white, the page colour.
    """
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()[:24]
    cached = cache_dir() / "pdf-images" / f"{key}.bin"
    if cached.exists():
        blob = cached.read_bytes()
        w, h = struct.unpack(">II", blob[:8])
        return w, h, blob[8:]
    from PIL import Image

    with Image.open(path) as im:
        im.load()
        if im.mode in ("RGBA", "LA", "P"):
            rgba = im.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
        else:
            flat = im.convert("RGB")
    w, h = flat.size
    stream = zlib.compress(flat.tobytes(), 6)
    cached.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(cached, struct.pack(">II", w, h) + stream)
    return w, h, stream


def draw_image(canv, path: Path, x: float, y: float, w: float, h: float) -> None:
    """Draw an image as a shared XObject, like Canvas.drawImage but from the cached stream."""
    pw, ph, stream = image_stream(path)
    name = "briefkit-" + hashlib.sha256(stream).hexdigest()[:16]
    reg = canv._doc.getXObjectName(name)
    if not canv._doc.idToObject.get(reg):
        obj = pdfdoc.PDFImageXObject(name)  # no source: we fill it in below
        obj.width, obj.height, obj.bitsPerComponent = pw, ph, 8
        obj.colorSpace, obj._filters, obj.mask = "DeviceRGB", ("FlateDecode",), None
        obj.streamContent = stream
        canv._setXObjects(obj)
        canv._doc.Reference(obj, reg)
        canv._doc.addForm(name, obj)
    canv._currentPageHasImages = 1
    canv.saveState()
    canv.translate(x, y)
    canv.scale(w, h)
    canv._code.append(f"/{reg} Do")
    canv.restoreState()
    canv._formsinuse.append(name)


def image_size(path: Path, reader: ImageReader) -> tuple[int, int]:
    """Return (width, height) in pixels; PNG headers are read directly (no decoding)."""
    with path.open("rb") as fh:
        head = fh.read(24)
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    return reader.getSize()
