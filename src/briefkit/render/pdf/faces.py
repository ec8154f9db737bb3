"""Parsed TrueType faces kept on disk, so a build loads a face in milliseconds, not parses it.

Why: reportlab's TTFontFace reads every table of a 10–14 MB CJK face on each process start
(cmap, hmtx, loca for ≈31 000 glyphs: ≈0.25 s CPU a face, ≈0.5 s for both). The parse result
is plain data; we pickle it once per face file into the build cache and, on later runs, restore
it and re-read the font bytes (the subsetter cuts glyphs from those). The state restored is the
state parsed, so PDFs are byte-identical whether or not the cache was warm (tests/render/pdf/
test_faces.py). The key holds the face file's size and mtime, reportlab's version, Python's and
this module's own bytes: a cache left by other code is never read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from fnmatch import fnmatch
from weakref import WeakKeyDictionary

from reportlab import Version as _REPORTLAB
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFontFace, unShapedFontGlob

from ...files import cache_dir

_UNPICKLABLE = ("_ttf_data", "_pdfScale")  # the font bytes (re-read) and a closure (rebuilt)


def _code_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def cache_path(font: Path) -> Path:
    """Return where the parsed face of `font` is kept (whether or not it exists yet)."""
    st = font.stat()
    raw = f"{_code_hash()}|{_REPORTLAB}|{sys.version_info[:2]}|{font}|{st.st_size}|{st.st_mtime_ns}"
    return cache_dir() / "pdf-faces" / f"{font.stem}-{hashlib.sha256(raw.encode()).hexdigest()[:16]}.pickle"


def _scale(units_per_em: int):
    # As reportlab's TTFontFile.extractInfo makes it (ttfonts.py, 'head' table).
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def load_face(font: Path) -> TTFontFace:
    """Return reportlab's parsed face of `font`: from the cache, else parsed and cached."""
    path = cache_path(font)
    try:
        state = pickle.loads(path.read_bytes())
    except Exception:  # absent, cut short or from an incompatible pickle: parse again
        state = None
    if isinstance(state, dict):
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(state)
        face._pdfScale = _scale(face.unitsPerEm)
        face._ttf_data = font.read_bytes()
        return face
    face = TTFontFace(str(font))
    state = {k: v for k, v in face.__dict__.items() if k not in _UNPICKLABLE}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:  # a read-only cache only costs the parse next time
        pass
    return face


def font_of(cls, name: str, face: TTFontFace):
    """Return a `cls` (reportlab's TTFont or a subclass) named `name` around a loaded face.

    Does what TTFont.__init__ does after parsing (reportlab 5.1); test_faces.py checks that the
    two agree attribute for attribute, so a reportlab that changes its __init__ is noticed."""
    font = cls.__new__(cls)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in unShapedFontGlob)
    return font
