"""Font roles → font files from PyPI packages; one-time TrueType preparation; glyph coverage.

Why this shape: the Chinese faces on PyPI (Noto Serif SC / Noto Sans SC in `pylopdf-fonts-zh-cn`)
are OpenType with CFF outlines, which reportlab cannot embed ("postscript outlines are not
supported"). We convert each face once to TrueType outlines (HarfBuzz reads the CFF outlines,
fontTools' pens make the quadratic glyf table; both faces in parallel, 1.7× faster than with
fontTools' own charstring interpreter, measured side by side) and keep the result in the user's cache directory. reportlab then loads the full
TrueType face in ≈0.1 s and embeds only the glyphs a document uses (a subset). A per-document
conversion would cost ≈1.2 s on every build instead.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import FontError
from ..files import cache_dir, memo_get, memo_put


@dataclass(frozen=True)
class FontRole:
    """One typographic role and the faces that serve it in each format."""

    role: str
    package: str  # importable module that ships the file
    filename: str
    pdf_name: str  # name registered with reportlab
    docx_east_asia: str  # East Asian face name written into DOCX (exists on readers' machines)
    docx_ascii: str  # Latin face name written into DOCX
    # The East Asian face's other name and classification (w:altName, w:panose1; ECMA-376
    # §17.8.3): Mac, Linux and WPS find 宋体 as SimSun, or substitute a face of its kind.
    docx_alt: str = ""
    docx_panose: str = ""
    docx_family: str = "auto"
    docx_pitch: str = "variable"


# The one table of fonts. Body text is a 宋体-style serif, headings a 黑体-style sans.
ROLES: dict[str, FontRole] = {
    "serif": FontRole("serif", "pylopdf_fonts_zh_cn", "NotoSerifSC-Regular.otf",
                      "BriefkitSerif", "宋体", "Times New Roman", "SimSun",
                      "02010600030101010101"),
    "sans": FontRole("sans", "pylopdf_fonts_zh_cn", "NotoSansSC-Regular.otf",
                     "BriefkitSans", "黑体", "Arial", "SimHei", "02010609060101010101",
                     "modern", "fixed"),
}
# Latin faces of English packs: TrueType files reportlab embeds as they are (subsets), with
# true italics and bold. Chinese characters inside English text keep the CJK role's face.
LATIN_PACKAGE = "fontpkg_ibm_plex_serif"
LATIN: dict[str, tuple[str, str]] = {  # face → (file in the package, name registered with reportlab)
    "regular": ("files/IBMPlexSerif-Regular.ttf", "BriefkitLatin"),
    "italic": ("files/IBMPlexSerif-Italic.ttf", "BriefkitLatin-Italic"),
    "bold": ("files/IBMPlexSerif-SemiBold.ttf", "BriefkitLatin-Bold"),
    "bolditalic": ("files/IBMPlexSerif-SemiBoldItalic.ttf", "BriefkitLatin-BoldItalic"),
}
# Latin face of each CJK role in an English pack: body text regular, headings bold.
LATIN_OF_ROLE = {"serif": "regular", "sans": "bold"}
DOCX_LATIN = "IBM Plex Serif"  # the Latin face name an English DOCX asks for (w:ascii, w:hAnsi)


def latin_path(face: str) -> Path:
    """Return the TrueType file of a Latin face, or raise FontError saying what to install."""
    import importlib.util

    found = importlib.util.find_spec(LATIN_PACKAGE)
    if found is None or not found.submodule_search_locations:
        raise FontError(f"the font package '{LATIN_PACKAGE}' is not installed (needed for English "
                        "packs)\n  hint: run `make install`")
    path = Path(list(found.submodule_search_locations)[0]) / LATIN[face][0]
    if not path.exists():
        raise FontError(f"font file {path} is missing\n  hint: reinstall with `make install`")
    return path


# Which role each kind of text uses; renderers look roles up here, never by font name.
USES = {"body": "serif", "heading": "sans", "figure": "sans", "caption": "sans", "table": "sans",
        "header": "sans", "cover": "sans", "keyfigure": "sans"}


def source_path(role: str) -> Path:
    """Return the installed OpenType file of a role, or raise FontError saying what to install."""
    spec = ROLES[role]
    try:
        import importlib.util

        found = importlib.util.find_spec(spec.package)
    except (ImportError, ValueError):
        found = None
    if found is None or not found.submodule_search_locations:
        raise FontError(f"the font package '{spec.package}' is not installed "
                        f"(needed for the {role} face)\n  hint: run `make install`")
    path = Path(list(found.submodule_search_locations)[0]) / spec.filename
    if not path.exists():
        raise FontError(f"font file {path} is missing\n  hint: reinstall with `make install`")
    return path


def fonts_dir() -> Path:
    """Return where prepared fonts are kept: BRIEFKIT_FONT_CACHE, else `fonts` in the cache dir.

    Fonts take ≈26 s to prepare (both faces in parallel on 2 cores) and change only with the converter, so they may live apart from
    the other caches (the test suite keeps them in its own environment; see tests/conftest.py)."""
    env = os.environ.get("BRIEFKIT_FONT_CACHE")
    return Path(env) if env else cache_dir() / "fonts"


def _key(role: str) -> str:
    src = source_path(role)
    st = src.stat()
    raw = f"{converter_hash()}|{src.name}|{st.st_size}"
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


@functools.cache
def converter_hash() -> str:
    """Return a hash of the conversion code and the fontTools version that runs it, so that a
    prepared font never outlives the code that made it (and nobody has to bump a version).

    Computing it imports importlib.metadata and reads the converter's source (≈35 ms, on every
    build): the result is kept in the cache dir under a key that changes with every input it is
    made of (the converter functions' files and places, the installed files of fontTools and
    uharfbuzz), so a build reads one small file instead."""
    key = _converter_key()
    memo = cache_dir() / "fonts-converter" / f"{key[:24]}.json"  # one per installation
    known = memo_get(memo, key)
    if known is not None:
        return known
    value = _converter_hash()
    memo_put(memo, key, value)
    return value


def _converter_hash() -> str:
    import inspect
    from importlib.metadata import version

    h = hashlib.sha256(f"fonttools={version('fonttools')}\0uharfbuzz={version('uharfbuzz')}\0"
                       .encode())
    for fn in _CONVERTER:
        h.update(inspect.getsource(fn).encode())
    return h.hexdigest()[:16]


def _converter_key() -> str:
    """Return what converter_hash is made of, cheaply: each converter function's file (bytes),
    name and first line (inspect.getsource reads exactly that), and the installed files of the
    packages whose versions it holds (name, size, mtime: another version is other files)."""
    import importlib.util

    h = hashlib.sha256()
    for fn in _CONVERTER:
        code = fn.__code__
        h.update(f"{code.co_filename}|{fn.__qualname__}|{code.co_firstlineno}\0".encode())
        h.update(hashlib.sha256(Path(code.co_filename).read_bytes()).digest())
    for package in _CONVERTER_PACKAGES:
        spec = importlib.util.find_spec(package)
        folders = list(spec.submodule_search_locations or []) if spec else []
        h.update(f"{package}|{folders}\0".encode())
        for folder in folders:
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.is_file():
                    st = entry.stat()
                    h.update(f"{entry.name}|{st.st_size}|{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def prepared_path(role: str) -> Path:
    """Return where the prepared TrueType file of a role lives (whether or not it exists yet)."""
    return fonts_dir() / f"{ROLES[role].pdf_name}-{_key(role)}.ttf"


def is_prepared(role: str) -> bool:
    """Return True if the role's TrueType file is already in the cache."""
    return prepared_path(role).exists() and prepared_path(role).with_suffix(".cmap.json").exists()


def prepare(roles=None, log=None) -> dict[str, Path]:
    """Prepare the TrueType files of `roles` (default: all), in parallel; return role → path."""
    roles = list(roles or ROLES)
    todo = [r for r in roles if not is_prepared(r)]
    if todo:
        if log:
            log(f"正在准备中文字体（仅首次运行，约 30 秒）：{', '.join(todo)} → {fonts_dir()}")
        if len(todo) > 1 and (os.cpu_count() or 1) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as ex:
                list(ex.map(_prepare_one, todo))
        else:
            for r in todo:
                _prepare_one(r)
    return {r: prepared_path(r) for r in roles}


def _prepare_one(role: str) -> None:
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont, newTable

    src, dst = source_path(role), prepared_path(role)
    # recalcTimestamp=False keeps the source's head.modified: otherwise the conversion time is
    # stamped into the font, and PDFs would differ by when (and on which machine) it was prepared.
    font = TTFont(str(src), recalcTimestamp=False)
    order = font.getGlyphOrder()
    # HarfBuzz reads the CFF outlines (in C; fontTools' Python charstring interpreter took ~85%
    # of the time) and hands each glyph's segments to the same pens: the same glyf table, faster.
    outlines = hb.Font(hb.Face(hb.Blob.from_file_path(str(src))))  # scale = units per em
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for gid, name in enumerate(order):
        glyf[name] = _truetype_glyph(lambda pen, gid=gid: outlines.draw_glyph_with_pen(gid, pen))
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"
    cmap = sorted(font.getBestCmap())
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + f".{os.getpid()}.tmp")
    font.save(str(tmp))
    cmap_tmp = dst.with_suffix(f".cmap.{os.getpid()}.tmp")
    cmap_tmp.write_text(json.dumps(_ranges(cmap)))
    os.replace(cmap_tmp, dst.with_suffix(".cmap.json"))
    os.replace(tmp, dst)


def _truetype_glyph(draw):
    """Return the TrueType glyph of an outline that `draw(pen)` draws in cubic curves."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    # Cubic → quadratic within 1 unit of 1000/em: invisible at any print size.
    draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
    return pen.glyph()


def _ranges(points: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for p in points:
        if out and out[-1][1] == p - 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return out


# The code that makes a prepared font (and its .cmap.json): its source is part of the file name.
_CONVERTER = (_prepare_one, _truetype_glyph, _ranges)
_CONVERTER_PACKAGES = ("fontTools", "uharfbuzz")  # whose versions converter_hash holds


_COVERAGE: dict[str, frozenset[int]] = {}
_RANGES: dict[str, tuple[list[int], list[int]]] = {}


def coverage(role: str) -> frozenset[int]:
    """Return the code points the role's face can draw."""
    if role not in _COVERAGE:
        path = prepared_path(role).with_suffix(".cmap.json")
        if path.exists():
            ranges = json.loads(path.read_text())
            _COVERAGE[role] = frozenset(p for a, b in ranges for p in range(a, b + 1))
        else:  # not prepared yet: read the cmap of the OpenType source (≈0.2 s)
            from fontTools.ttLib import TTFont

            _COVERAGE[role] = frozenset(TTFont(str(source_path(role)), lazy=True).getBestCmap())
    return _COVERAGE[role]


# Characters that are layout, not glyphs: never reported as missing.
_IGNORABLE = {"\n", "\r", "\t", "\u00ad", "\u200b", "\u2060", "\ufeff"}


def _code_ranges(role: str) -> tuple[list[int], list[int]]:
    """Return the starts and ends of the runs of code points the role's face can draw."""
    if role not in _RANGES:
        path = prepared_path(role).with_suffix(".cmap.json")
        if path.exists():
            ranges = json.loads(path.read_text())
        else:
            ranges = _ranges(sorted(coverage(role)))
        _RANGES[role] = ([a for a, _ in ranges], [b for _, b in ranges])
    return _RANGES[role]


def missing(text: str, role: str) -> list[str]:
    """Return the distinct characters of `text` that the role's face cannot draw, in order."""
    from bisect import bisect_right

    # Each distinct character looked up in the face's runs of code points: a pack has ≈1500
    # distinct characters, the face ≈31 000 (a set of them would cost more than the look-ups).
    starts, ends = _code_ranges(role)
    out = []
    for ch in dict.fromkeys(text):
        if ch in _IGNORABLE:
            continue
        p = ord(ch)
        i = bisect_right(starts, p) - 1
        if i < 0 or p > ends[i]:
            out.append(ch)
    return out


def describe(ch: str) -> str:
    """Return a character as a person can identify it: '“☃” (U+2603 SNOWMAN)'."""
    import unicodedata

    name = unicodedata.name(ch, "unnamed character")
    shown = ch if ch.isprintable() else ""
    return f"“{shown}” (U+{ord(ch):04X} {name})"


def figure_font_path() -> Path:
    """Return the OpenType file that charts use (matplotlib reads CFF outlines directly)."""
    return source_path(USES["figure"])
