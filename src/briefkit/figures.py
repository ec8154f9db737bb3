"""Chart specs (numbers already taken from facts) → PNG files via matplotlib, cached by content
and drawing-code hash."""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from .doc.chrome import chrome
from .files import atomic_path, cache_dir, memo_get, memo_put
from .fonts import figure_font_path
from .typography import wrap_label as _wrap

WIDTH_IN, HEIGHT_IN, DPI = 6.4, 3.3, 200
# Libraries whose version can change a chart's pixels or PNG bytes (Pillow writes the PNG).
_DRAWING_LIBRARIES = ("matplotlib", "pillow", "numpy")
PROJECTION_SCALE = 1.75  # slides: tick labels 16 pt, values 17 pt at the slide's own size


@dataclass(frozen=True)
class ChartSpec:
    """Everything that decides how one chart looks; its hash names the cached image."""

    kind: str  # bar | barh | trend | donut | compare
    labels: tuple[str, ...]
    values: tuple[float, ...]
    texts: tuple[str, ...]  # the facts' formatted values, printed on the bars
    unit: str
    palette: tuple[str, ...]
    text_colour: str = "#222222"
    muted: str = "#666666"
    note: str = ""
    scale: float = 1.0  # text size relative to the standard pack (larger for older readers)
    # For a slide: drawn at the slide's box size (inches), with type sized for a projector
    # (PROJECTION_SCALE), fewer value ticks and no grid lines.
    size: tuple[float, float] = ()
    projection: bool = False
    growth: tuple[str, ...] = ()  # trend: the change over each bar ('+9.7%', '' for none)
    positions: tuple[float, ...] = ()  # trend of whole years: bars at their years, a gap for a missing one
    language: str = "zh"  # zh | en: the unit line, axis numbers (5万 / 50,000) and label wrapping

    def key(self) -> str:
        """Return the name of this chart's cached image: a hash of the spec and the drawing code."""
        font = figure_font_path()
        raw = json.dumps([asdict(self), drawing_code_hash(), font.name, font.stat().st_size],
                         ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()[:20]

    @property
    def aspect(self) -> float:
        return self.height / self.width

    @property
    def width(self) -> float:
        """Figure width in inches."""
        return self.size[0] if self.size else WIDTH_IN

    @property
    def height(self) -> float:
        """Figure height in inches: horizontal bars take the room their bars need."""
        if self.size:
            return self.size[1]
        if self.kind in ("barh", "compare"):
            return min(HEIGHT_IN, 0.9 + 0.42 * len(self.values))
        if self.kind == "donut":
            return 2.5
        return HEIGHT_IN


def year_positions(kind: str, dates) -> tuple[float, ...]:
    """Return each bar's place on a trend of whole years (2021, 2023 → 0, 2), so that a missing
    year leaves its gap and the bars do not read as consecutive years; empty otherwise.

    `dates` are the facts' as_of values (anything with .start and .end of year, month)."""
    if kind != "trend" or not dates or any(x.start != x.end or x.start.month for x in dates):
        return ()
    first = dates[0].start.year
    return tuple(float(x.start.year - first) for x in dates)


def image_path(spec: ChartSpec) -> Path:
    """Return the cached PNG of a chart, drawing it first if needed."""
    path = cache_dir() / "figures" / f"{spec.key()}.png"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path, suffix=".png") as tmp:
            _draw(spec, tmp)
    return path


@functools.cache
def drawing_code_hash() -> str:
    """Return a hash of everything that decides a chart's pixels besides its spec and font: the
    source of this module and of every briefkit module it imports (label wrapping, number
    format…), and the versions of the drawing libraries. Cached images thus never outlive the
    code that drew them, and nobody has to remember to bump a version number.

    Asking importlib.metadata for the versions costs ≈30 ms a build (its import and three
    METADATA files): the hash is kept in the cache dir under the sources and the installed
    libraries' metadata folders (name, which holds the version, size and mtime), so a build
    whose code and libraries did not change reads it back."""
    sources = drawing_sources()
    h = hashlib.sha256()
    for name, source in sources:
        h.update(f"{name}\0{len(source)}\0".encode())
        h.update(source)
    key = hashlib.sha256(h.digest() + repr(_installed(_DRAWING_LIBRARIES)).encode()).hexdigest()
    memo = cache_dir() / "figures" / "drawing-code" / f"{key[:32]}.json"
    known = memo_get(memo, key)
    if known is not None:
        return known
    from importlib.metadata import PackageNotFoundError, version

    for lib in _DRAWING_LIBRARIES:
        try:
            h.update(f"{lib}={version(lib)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=-\0".encode())
    value = h.hexdigest()[:16]
    memo_put(memo, key, value)
    return value


def _installed(libraries) -> list:
    """Return, for each folder on sys.path, the metadata folders of `libraries` in it (name,
    size, mtime): what importlib.metadata reads their versions from."""
    import re
    import sys

    wanted = {re.sub(r"[-_.]+", "_", lib).lower() for lib in libraries}
    found = []
    for folder in sys.path:
        try:
            entries = list(os.scandir(folder or "."))
        except OSError:  # not a folder (a zip, a missing path)
            continue
        for e in sorted(entries, key=lambda e: e.name):
            stem, dot, kind = e.name.rpartition(".")
            if kind in ("dist-info", "egg-info") and \
                    re.sub(r"[-_.]+", "_", stem.split("-")[0]).lower() in wanted:
                st = e.stat()
                found.append((folder, e.name, st.st_size, st.st_mtime_ns))
    return found


def drawing_sources() -> list[tuple[str, bytes]]:
    """Return (path inside briefkit, source) of this module and the briefkit modules it imports,
    directly or not (imports inside functions included), in a stable order."""
    package = Path(__file__).resolve().parent
    seen: dict[Path, bytes] = {}
    todo = [Path(__file__).resolve()]
    memo = _load_import_memo()
    known = len(memo)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen[path] = path.read_bytes()
        todo += _imported_modules_memo(path, seen[path], package, memo)
    if len(memo) != known:
        _save_import_memo(memo)
    return sorted((p.relative_to(package).as_posix(), src) for p, src in seen.items())


# The import scan parses each module's source (≈0.03 s a build); its result depends only on the
# module's bytes, its place and this scan's own code, so it is memoised on disk under that key.
# What is stored is the list of candidate files; whether each exists is checked on every run.
_MEMO_FILE = "import-scan.json"
_SCAN_VERSION = "1"  # raise when _candidates changes what it returns


def _memo_key(path: Path, source: bytes, package: Path) -> str:
    raw = b"\0".join([_SCAN_VERSION.encode(), path.relative_to(package).as_posix().encode(),
                      source])
    return hashlib.sha256(raw).hexdigest()[:32]


def _load_import_memo() -> dict:
    try:
        memo = json.loads((cache_dir() / "figures" / _MEMO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # absent or corrupt: scan again
        return {}
    ok = isinstance(memo, dict) and all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in memo.values())
    return memo if ok else {}


def _save_import_memo(memo: dict) -> None:
    path = cache_dir() / "figures" / _MEMO_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path, suffix=".json") as tmp:
            tmp.write_text(json.dumps(memo, sort_keys=True), encoding="utf-8")
    except OSError:  # a read-only cache only costs the scan next time
        pass


def _imported_modules_memo(path: Path, source: bytes, package: Path, memo: dict) -> list[Path]:
    key = _memo_key(path, source, package)
    if key not in memo:
        memo[key] = [c.relative_to(package).as_posix() for c in _candidates(path, source)
                     if package in c.parents]
    files = [package / c for c in memo[key]]
    return [f for f in files if f.is_file() and package in f.parents]


def _imported_modules(path: Path, source: bytes, package: Path) -> list[Path]:
    """Return the files of the briefkit modules `source` (the module at `path`) imports."""
    return [f for f in _candidates(path, source) if f.is_file() and package in f.parents]


def _candidates(path: Path, source: bytes) -> list[Path]:
    """Return every file a relative import in `source` could name (existing or not)."""
    here = path.parent
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level:  # briefkit imports itself relatively
            base = here
            for _ in range(node.level - 1):
                base = base.parent
            parts = node.module.split(".") if node.module else []
            target = base.joinpath(*parts)
            names = [target / a.name for a in node.names]  # `from . import doc`: a module too
            for candidate in [target, *names]:
                out += [candidate.with_suffix(".py"), candidate / "__init__.py"]
    return out


_FONT_READY = False


def _setup():
    global _FONT_READY
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager, rcParams

    if not _FONT_READY:
        path = str(figure_font_path())
        font_manager.fontManager.addfont(path)
        name = font_manager.FontProperties(fname=path).get_name()
        rcParams["font.family"] = [name]
        rcParams["axes.unicode_minus"] = False  # the font's hyphen-minus, not U+2212
        rcParams["svg.hashsalt"] = "briefkit"
        _FONT_READY = True


def _draw(spec: ChartSpec, path: Path) -> None:
    _setup()
    from matplotlib import rc_context

    with rc_context({"font.size": 10 * spec.scale}):
        _draw_scaled(spec, path)


def _draw_scaled(spec: ChartSpec, path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(spec.width, spec.height), dpi=DPI)
    FigureCanvasAgg(fig)
    draw = {"bar": _bar, "trend": _bar, "barh": _barh, "donut": _donut, "compare": _barh}[spec.kind]
    draw(fig, spec)
    fig.savefig(path, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})


def _style_axes(ax, spec: ChartSpec, value_axis: str) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left" if value_axis == "x" else "bottom"].set_color("#999999")
    ax.spines["bottom" if value_axis == "x" else "left"].set_visible(False)
    ax.tick_params(colors=spec.text_colour, labelsize=9 * spec.scale, length=0)
    grid = ax.xaxis if value_axis == "x" else ax.yaxis
    grid.grid(True, color="#e3e3e3", linewidth=0.8)
    from matplotlib.ticker import FuncFormatter

    from .facts.format import format_number

    # Axis numbers as the prose writes them: 5万, 10万 rather than 50000, 100000; in English
    # with thousands separators (50,000).
    if spec.language == "en":
        grid.set_major_formatter(FuncFormatter(lambda v, _pos: f"{round(v, 6):,g}"))
    else:
        grid.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(round(v, 6), spec.unit)))
    ax.set_axisbelow(True)
    if spec.projection:  # read from across a room: three or four round values, no grid
        from matplotlib.ticker import MaxNLocator

        grid.set_major_locator(MaxNLocator(nbins=3, min_n_ticks=2))
        grid.grid(False)
        ax.spines["left" if value_axis == "x" else "bottom"].set_linewidth(1.2)
    if spec.unit and spec.unit != "%":
        line = chrome(spec.language, "unit", unit=spec.unit)
        if value_axis == "x":
            ax.set_xlabel(line, color=spec.muted, fontsize=8.5 * spec.scale)
        else:  # horizontal, above the value axis: easier to read than rotated Chinese
            ax.text(0, 1.02, line, transform=ax.transAxes, ha="left", va="bottom",
                    color=spec.muted, fontsize=8.5 * spec.scale)


def _bar(fig, spec: ChartSpec) -> None:
    ax = fig.add_axes((0.08, 0.2, 0.9, 0.7))
    n = len(spec.values)
    colours = [spec.palette[0]] * n if spec.kind == "trend" else [spec.palette[i % len(spec.palette)] for i in range(n)]
    if spec.kind == "trend" and n > 1:  # earlier observations lighter, the latest in full colour
        colours = [_blend(spec.palette[0], 0.35 + 0.65 * i / (n - 1)) for i in range(n)]
    x = list(spec.positions) if len(spec.positions) == n else list(range(n))
    bars = ax.bar(x, spec.values, color=colours, width=0.56 if n > 2 else 0.42)
    width = 12 if n <= 3 else 8  # few bars leave room for longer lines
    ax.set_xticks(list(x), [_label(spec, lab, width) for lab in spec.labels], fontsize=9 * spec.scale)
    top = max(spec.values) if spec.values else 1
    ax.set_ylim(0, top * (1.36 if any(spec.growth) else 1.22))
    for b, t in zip(bars, spec.texts):
        ax.annotate(t, (b.get_x() + b.get_width() / 2, b.get_height()), xytext=(0, 4),
                    textcoords="offset points", ha="center", va="bottom", fontsize=9.5 * spec.scale,
                    color=spec.text_colour)
    for b, g in zip(bars, spec.growth):  # the change on the previous bar, above the value
        if g:
            ax.annotate(g, (b.get_x() + b.get_width() / 2, b.get_height()), xytext=(0, 17 * spec.scale),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=8 * spec.scale, color=spec.palette[1 % len(spec.palette)])
    _style_axes(ax, spec, "y")
    _note(fig, spec)


def _barh(fig, spec: ChartSpec) -> None:
    n = len(spec.values)
    longest = max((len(lab) for lab in spec.labels), default=4)
    left = min(0.42, 0.08 + 0.021 * min(longest, 16))
    h = fig.get_figheight()
    k = spec.scale if spec.projection else 1.0
    bottom, top = 0.55 * k / h, 0.12 / h  # room for the value axis and its unit, in inches
    ax = fig.add_axes((left, bottom, 0.93 - left, 1 - bottom - top))
    y = list(range(n))[::-1]
    colours = [spec.palette[i % len(spec.palette)] for i in range(n)]
    if spec.kind == "barh":
        colours = [spec.palette[0]] * n
    bars = ax.barh(y, spec.values, color=colours, height=0.55 if n > 2 else 0.45)
    ax.set_yticks(y, [_label(spec, lab, 16) for lab in spec.labels], fontsize=9 * spec.scale)
    top = max(spec.values) if spec.values else 1
    room = 1.25
    if spec.projection or spec.language == "en":  # long value labels (projection size, English
        # words: "more than 1.5 million m²"): leave them room inside the axes
        axes_in = fig.get_figwidth() * (0.93 - left)
        em = 0.5 if spec.language == "en" else 0.8  # a Latin letter is about half a CJK character
        label_in = max((len(t) for t in spec.texts), default=4) * em * 9.5 * spec.scale / 72
        room = 1 / max(0.3, 1 - (label_in + 0.1) / axes_in)
    ax.set_xlim(0, top * room)
    for b, t in zip(bars, spec.texts):
        ax.annotate(t, (b.get_width(), b.get_y() + b.get_height() / 2), xytext=(4, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=9.5 * spec.scale,
                    color=spec.text_colour)
    _style_axes(ax, spec, "x")
    _note(fig, spec)


def _donut(fig, spec: ChartSpec) -> None:
    n = max(1, len(spec.values))
    for i, (value, text, label) in enumerate(zip(spec.values, spec.texts, spec.labels)):
        ax = fig.add_axes((i / n + 0.02, 0.22, 1 / n - 0.04, 0.74))
        share = max(0.0, min(100.0, float(value)))
        colour = spec.palette[i % len(spec.palette)]
        ax.pie([share, 100 - share], colors=[colour, "#e8e8e8"], startangle=90, counterclock=False,
               wedgeprops={"width": 0.28, "edgecolor": "white"})
        ax.text(0, 0, text, ha="center", va="center", fontsize=15 * spec.scale, color=colour)
        ax.set_aspect("equal")
        ax.set_title("")
        fig.text(i / n + 0.5 / n, 0.08, _label(spec, label, 14 if n > 1 else 28), ha="center", va="center",
                 fontsize=9 * spec.scale,
                 color=spec.text_colour)
    _note(fig, spec)


def _label(spec: ChartSpec, text: str, width: int) -> str:
    """Return a label wrapped to `width` CJK characters; English wraps at spaces, two letters a
    character's width."""
    if spec.language == "en":
        import textwrap

        return "\n".join(textwrap.wrap(text, max(width * 2 - 2, 8), break_long_words=False)) or text
    return _wrap(text, width)


def _note(fig, spec: ChartSpec) -> None:
    if spec.note:
        fig.text(0.99, 0.01, spec.note, ha="right", va="bottom", fontsize=7.5 * spec.scale,
                 color=spec.muted)


def _blend(colour: str, strength: float) -> str:
    """Return `colour` mixed with white: strength 1 is the colour itself."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - c) * strength) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)
