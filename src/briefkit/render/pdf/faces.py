"""Parsed TrueType faces kept on disk as flat arrays, and their subsets kept by glyph set, so a
build loads a face in milliseconds and cuts no glyphs it cut before.

Why: reportlab's TTFontFace reads every table of a 10–14 MB CJK face on each process start
(cmap, hmtx, loca for ≈31 000 glyphs: ≈0.25 s CPU a face). The parse result is plain numbers. We
keep it once per face file in the build cache as arrays of ints (marshal: the bytes of each array
are copied, not decoded object by object as a pickle is: ≈4× faster to load). On later runs only
the widths are made into reportlab's dict at once (every text is measured with them); the tables
that only subsetting reads (cmap, hmtx, loca and the font bytes) are made on first use. A subset
(the font file cut to the ≤256 glyphs of one PDF font) is kept by face and glyph list: a rebuild
whose text uses the same characters embeds the bytes cut last time instead of copying the 13 MB
glyph table once per subset.

The state restored is the state parsed (checked on every write: a face whose numbers do not
round-trip is parsed each time, never cached), so PDFs are byte-identical whether or not the
caches were warm (tests/render/pdf/test_faces.py). Keys hold the face file's path, size and
mtime, reportlab's version, Python's and this module's own bytes: a cache left by other code is
never read; a damaged one is parsed or cut again.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from array import array
from pathlib import Path

from fnmatch import fnmatch
from weakref import WeakKeyDictionary

from reportlab import Version as _REPORTLAB
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFontFace, unShapedFontGlob

from ...files import cache_dir, cache_write

_NOT_KEPT = ("_ttf_data", "_pdfScale")  # the font bytes (read when needed) and a closure (rebuilt)
_TABLES = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos")  # kept as arrays
_LATER = ("charToGlyph", "glyphToChar", "hmetrics", "glyphPos")  # made on first use
_INT = "i"  # array type of every number kept (a value out of its range is never cached)
SUBSETS_KEPT = 512  # newest subsets kept in the cache


def _code_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _face_key(font: Path) -> str:
    st = font.stat()
    raw = f"{_code_hash()}|{_REPORTLAB}|{sys.version_info[:2]}|{font}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def cache_path(font: Path, key: str | None = None) -> Path:
    """Return where the parsed face of `font` is kept (whether or not it exists yet)."""
    return cache_dir() / "pdf-faces" / f"{font.stem}-{key or _face_key(font)}.face"


def _scale(units_per_em: int):
    # As reportlab's TTFontFile.extractInfo makes it (ttfonts.py, 'head' table).
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


class Face(TTFontFace):
    """reportlab's parsed face, restored from the cache: the subsetting tables are made when
    first read, and subsets come from the subset cache when the same glyphs were cut before."""

    def __getattr__(self, name):  # only for attributes not set yet: the tables made later
        later = self.__dict__.get("_later")
        if later is not None and name in later:
            value = later.pop(name)()
            setattr(self, name, value)
            return value
        raise AttributeError(name)

    def makeSubset(self, subset):
        """Return the TrueType subset of `subset` (a list of code points), as reportlab makes it."""
        codes = ",".join(map(str, subset))
        name = hashlib.sha256(f"{self._key}|{codes}".encode()).hexdigest()[:32]
        path = cache_dir() / "pdf-subsets" / f"{name}.ttf"
        try:
            kept = path.read_bytes()
            if len(kept) > 32 and hashlib.sha256(kept[32:]).digest() == kept[:32]:
                return kept[32:]
        except OSError:  # not cut before
            pass
        data = super().makeSubset(subset)
        _write(path, hashlib.sha256(data).digest() + data)
        _prune(path.parent, "*.ttf", SUBSETS_KEPT)
        return data


def _encode(face: TTFontFace) -> bytes | None:
    """Return the parsed state of `face` as marshal bytes, or None if it has values an array of
    ints or marshal cannot hold exactly."""
    state = {k: v for k, v in face.__dict__.items() if k not in _NOT_KEPT and k not in _TABLES}
    names = [k for k, v in state.items() if type(v) is TTFNameBytes]
    for k in names:
        state[k] = bytes(state[k])
    c2g, g2c, widths = face.charToGlyph, face.glyphToChar, face.charWidths
    try:
        tables = {
            "c2g": (_arr(c2g.keys()), _arr(c2g.values())),
            "g2c": (_arr(g2c.keys()), _arr(len(v) for v in g2c.values()),
                    _arr(c for v in g2c.values() for c in v)),
            "widths": (_arr(widths.keys()), _arr(widths.values())),
            "hmetrics": (_arr(a for a, _ in face.hmetrics), _arr(b for _, b in face.hmetrics)),
            "pos": (_arr(face.glyphPos),),
        }
        blob = marshal.dumps({"state": state, "names": names, "tables": tables})
    except (TypeError, ValueError, OverflowError):  # floats (a face not in 1000 units/em), …
        return None
    return blob


def _arr(values) -> bytes:
    return array(_INT, [_exact_int(v) for v in values]).tobytes()


def _exact_int(v) -> int:
    if type(v) is not int:
        raise TypeError(v)
    return v


def _ints(data: bytes) -> array:
    a = array(_INT)
    a.frombytes(data)
    return a


def _restore(blob: bytes, font: Path, key: str) -> Face:
    """Return the Face whose state `blob` (from _encode) holds."""
    kept = marshal.loads(blob)
    face = Face.__new__(Face)
    state = dict(kept["state"])
    for k in kept["names"]:
        state[k] = TTFNameBytes(state[k])
    t = kept["tables"]
    codes, widths = t["widths"]
    state["charWidths"] = dict(zip(_ints(codes), _ints(widths)))

    def char_to_glyph():
        return dict(zip(_ints(t["c2g"][0]), _ints(t["c2g"][1])))

    def glyph_to_char():
        out, flat, at = {}, _ints(t["g2c"][2]), 0
        for glyph, n in zip(_ints(t["g2c"][0]), _ints(t["g2c"][1])):
            out[glyph] = flat[at:at + n].tolist()
            at += n
        return out

    def hmetrics():
        return list(zip(_ints(t["hmetrics"][0]), _ints(t["hmetrics"][1])))

    def glyph_pos():
        return _ints(t["pos"][0]).tolist()

    face.__dict__.update(state)
    face._pdfScale = _scale(face.unitsPerEm)
    face._key = key
    face._later = {"charToGlyph": char_to_glyph, "glyphToChar": glyph_to_char,
                   "hmetrics": hmetrics, "glyphPos": glyph_pos, "_ttf_data": font.read_bytes}
    return face


def _same(face: Face, parsed: TTFontFace) -> bool:
    """Whether a restored face holds every value the parsed one does (its tables made now)."""
    return all(getattr(face, k) == v for k, v in parsed.__dict__.items() if k != "_pdfScale")


def load_face(font: Path) -> Face:
    """Return reportlab's parsed face of `font`: from the cache, else parsed and cached."""
    key = _face_key(font)
    path = cache_path(font, key)
    try:
        return _restore(path.read_bytes(), font, key)
    except Exception:  # absent, cut short or of another shape: parse again
        pass
    parsed = TTFontFace(str(font))
    blob = _encode(parsed)
    if blob is not None:
        face = _restore(blob, font, key)
        if _same(face, parsed):
            _write(path, blob)
            return _restore(blob, font, key)  # as a warm build has it: tables not made yet
    face = Face.__new__(Face)  # numbers the arrays cannot hold: this parse, uncached
    face.__dict__.update(parsed.__dict__)
    face._key = key
    return face


def _write(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a read-only cache only costs the work next time."""
    cache_write(path, data)


def _prune(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the `keep` newest files of `folder` matching `pattern`."""
    try:
        found = sorted(((p.stat().st_mtime_ns, p) for p in folder.glob(pattern)), reverse=True)
    except OSError:  # a file went while we looked: prune next time
        return
    for _, p in found[keep:]:
        try:
            p.unlink()
        except OSError:
            pass


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
