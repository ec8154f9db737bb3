"""Fonts for reportlab and text measurement; the style kit: theme + style table → runs and atoms."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics

from ... import doc as d
from ... import fonts
from ...doc.validate import THEME_COLOURS
from ...errors import RenderError
from ...typography import linebreak as lb
from .faces import font_of, load_face
from .tounicode import TTFont  # reportlab's, with ToUnicode CMaps that hold beyond U+FFFF
from .styles import CITE_RISE, CITE_SIZE, MAX_STRETCH, MAX_STRETCH_EN, STYLES


@dataclass(frozen=True)
class Run:
    """How a stretch of text is drawn."""

    font: str
    size: float
    colour: Color
    rise: float = 0.0
    link: str = ""  # URL or '#anchor'
    slant: bool = False


_WIDTHS: dict[str, tuple[dict, int]] = {}


def _char_widths(font: str) -> tuple[dict, int]:
    if font not in _WIDTHS:
        face = pdfmetrics.getFont(font).face
        _WIDTHS[font] = (face.charWidths, face.defaultWidth)
    return _WIDTHS[font]


def metrics(run: Run) -> tuple[dict, int, float]:
    """Return the advance widths of a run's font (1/1000 em) and its size: for the line breaker."""
    widths, default = _char_widths(run.font)
    return widths, default, run.size


def text_width(text: str, run: Run) -> float:
    """Return the advance width of `text` drawn in `run`."""
    return lb.text_width(text, run, metrics)


# Latin face → the CJK face that draws the Chinese characters inside its runs (模速空间 in
# brackets, source titles): font fallback per run, before the line breaker measures anything.
FALLBACK = {fonts.LATIN["regular"][1]: fonts.ROLES["serif"].pdf_name,
            fonts.LATIN["italic"][1]: fonts.ROLES["serif"].pdf_name,
            fonts.LATIN["bold"][1]: fonts.ROLES["sans"].pdf_name,
            fonts.LATIN["bolditalic"][1]: fonts.ROLES["sans"].pdf_name}
ITALIC = {fonts.LATIN["regular"][1]: fonts.LATIN["italic"][1],
          fonts.LATIN["bold"][1]: fonts.LATIN["bolditalic"][1]}


def with_fallback(runs: list[tuple[str, Run, bool]]) -> list[tuple[str, Run, bool]]:
    """Return runs with every stretch of characters a Latin run's face lacks (Chinese, and the
    CJK punctuation around it) moved to its CJK face; curly quotes and dashes stay Latin."""
    out = []
    for text, run, is_cite in runs:
        cjk = FALLBACK.get(run.font)
        if cjk is None or is_cite:
            out.append((text, run, is_cite))
            continue
        has = _char_widths(run.font)[0]

        def foreign(c: str) -> bool:
            return ord(c) not in has and c not in "\n\t"

        if not any(foreign(c) for c in text):
            out.append((text, run, is_cite))
            continue
        start = 0
        for k in range(1, len(text) + 1):
            if k == len(text) or foreign(text[k]) != foreign(text[start]):
                part = text[start:k]
                out.append((part, replace(run, font=cjk) if foreign(part[0]) else run, False))
                start = k
    return out


# Laid-out paragraphs, by content: every pack of an invitation batch, both layout passes of
# multiBuild and each rebuild under `watch` set the same paragraphs again, and cutting text into
# atoms and breaking it were about a sixth of the PDF time. In-process only: the widths come from
# _WIDTHS, which is fixed per font name for the life of the process, so a font name stands for
# its metrics. Atoms and layouts are never changed once made (squeezing and cutting replace
# atoms in the layout's own list), so one copy serves every paragraph that asks.
MEMO_SIZE = 20_000  # entries per memo: a few packs' worth of distinct paragraphs
_ATOMS: dict[tuple, list[lb.Atom]] = {}
_LAYOUTS: dict[tuple, lb.Layout] = {}


def _remember(memo: dict, key, value):
    if len(memo) >= MEMO_SIZE:  # the oldest goes: a batch's shared paragraphs are asked for early
        del memo[next(iter(memo))]
    memo[key] = value
    return value


def _runs_key(runs: list[tuple[str, Run, bool]], hyphenate: bool) -> tuple:
    """Return the memo key of make_atoms' arguments: the runs' values, and which of them are the
    same object, since draw_line joins atoms into one text operator only while their run `is`
    the same (equal runs made apart would be drawn as separate fragments)."""
    firsts: list[int] = []
    for k, (_, run, _) in enumerate(runs):
        firsts.append(next(q for q in range(k + 1) if runs[q][1] is run))
    # The colour's class too: reportlab's Color equals a CMYKColor of the same red/green/blue
    # only one way round, and the two are written as different operators.
    return (tuple((text, run, type(run.colour), is_cite) for text, run, is_cite in runs),
            tuple(firsts), hyphenate)


def make_atoms(runs: list[tuple[str, Run, bool]], hyphenate: bool = False) -> list[lb.Atom]:
    """Return the atoms of (text, run, is_citation) runs, in order (a new list each call)."""
    key = _runs_key(runs, hyphenate)
    items = _ATOMS.get(key)
    if items is None:
        items = lb.atoms(with_fallback(runs), metrics)
        items = _remember(_ATOMS, key, lb.hyphenate(items, metrics) if hyphenate else items)
    return list(items)


def layout_of(atoms: list[lb.Atom], width: float, first_indent: float, open_end: bool,
              balance: bool = False, runt: int = 0) -> lb.Layout:
    """Return the atoms broken into lines for `width`, measured in the runs' fonts.

    Keyed by the atoms themselves (by identity: the key holds them, so no id is reused while
    it lives); make_atoms hands out the same atoms for the same text, so a paragraph every pack
    shares is broken once.
    """
    key = (tuple(atoms), width, first_indent, open_end, balance, runt)
    lay = _LAYOUTS.get(key)
    if lay is None:
        lay = _remember(_LAYOUTS, key, lb.Layout(atoms, width, first_indent, open_end, metrics,
                                                 balance, runt))
    return lay


def register_latin() -> None:
    """Register the Latin faces of English packs with reportlab, once per process."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for face, (_, name) in fonts.LATIN.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(fonts.latin_path(face))))


def register_fonts() -> None:
    """Register the prepared TrueType faces with reportlab, once per process."""
    paths = fonts.prepare()
    registered = set(pdfmetrics.getRegisteredFontNames())
    for role, path in paths.items():
        name = fonts.ROLES[role].pdf_name
        if name in registered:
            continue
        try:
            pdfmetrics.registerFont(font_of(TTFont, name, load_face(path)))
        except Exception as exc:  # a damaged cache file: say which, and how to rebuild it
            raise RenderError(f"cannot load the {role} font {path}: {exc}\n"
                              f"  hint: delete {path} and run `make fonts`") from exc


def _colour(value: str) -> Color:
    return HexColor(value)


def mix(a: Color, b: Color, t: float) -> Color:
    """Return a blended t of the way from colour a to b."""
    return Color(a.red + (b.red - a.red) * t, a.green + (b.green - a.green) * t,
                 a.blue + (b.blue - a.blue) * t)


@dataclass(frozen=True)
class Para:
    """A block style resolved against the theme: absolute sizes and colours."""

    run: Run
    leading: float
    first_indent: float
    left: float
    right: float
    before: float
    after: float
    align: str
    name: str = ""  # the block style's name (for the layout record)
    max_stretch: float = MAX_STRETCH  # em a justified line's gaps may open at most


class Kit:
    """The theme and style table resolved into runs and paragraph settings."""

    def __init__(self, theme: d.Theme, language: str = "zh-CN"):
        self.theme = theme
        self.body = theme.body_size
        self.colours = {k: _colour(getattr(theme, k)) for k in THEME_COLOURS}
        self.language = language
        self.english = d.chrome.lang_of(language) == "en"
        if self.english:  # Latin faces; CJK characters fall back per run (with_fallback)
            self.font = {use: fonts.LATIN[fonts.LATIN_OF_ROLE[role]][1] for use, role in fonts.USES.items()}
        else:
            self.font = {use: fonts.ROLES[role].pdf_name for use, role in fonts.USES.items()}
        self._paras: dict[str, Para] = {}

    def word(self, key: str) -> str:
        """Return the pack's chrome word for `key` (Figure, Table, …) in its language."""
        return d.chrome.chrome(self.language, key)

    def colour(self, key: str) -> Color:
        """Return a theme colour by name, or a '#rrggbb' colour."""
        return self.colours[key] if key in self.colours else _colour(key)

    def para(self, name: str) -> Para:
        """Return the resolved settings of style `name`."""
        if name not in self._paras:
            st = STYLES[name]
            size = st.size * self.body
            em = size
            run = Run(self.font[st.use], size, self.colour(st.colour))
            leading = (st.leading or self.theme.line_spacing) * size
            # English paragraphs indent one em, not the two characters of Chinese (clreq §3.1.6)
            indent = min(st.first_indent, 1.0) if self.english else st.first_indent
            self._paras[name] = Para(run, leading, indent * em, st.left_indent * em,
                                     st.right_indent * em, st.before * self.body,
                                     st.after * self.body, st.align, name,
                                     MAX_STRETCH_EN if self.english else MAX_STRETCH)
        return self._paras[name]

    def runs(self, inlines: list[d.Inline], base: Run) -> list[tuple[str, Run, bool]]:
        """Return (text, run, is_citation) for inlines drawn on top of `base`."""
        out = []
        for item in inlines:
            if isinstance(item, d.Citation):
                out.append((f"[{item.number}]", self.cite_run(base, item.number), True))
            elif isinstance(item, d.Link):
                out.append((item.text, replace(base, colour=self.colours["accent"],
                                                link=item.target), False))
            else:
                run = base
                if item.bold:
                    # Only Regular faces exist: emphasis is the 黑体 face (as in print), or
                    # the accent colour when the text is already in the sans face.
                    sans = self.font["heading"]
                    run = (replace(run, font=sans) if run.font != sans
                           else replace(run, colour=self.colours["accent"]))
                if item.italic:  # a true italic where the face has one, else slanted glyphs
                    run = (replace(run, font=ITALIC[run.font]) if run.font in ITALIC
                           else replace(run, slant=True))
                out.append((item.text, run, False))
        return out

    def cite_run(self, base: Run, number: int) -> Run:
        """Return the run of a superscript citation mark [n], linked to its source entry."""
        return Run(self.font["heading"], base.size * CITE_SIZE, self.colours["accent"],
                   rise=base.size * CITE_RISE + base.rise,
                   link="#" + d.conventions.source_anchor(number))

    def atoms(self, inlines: list[d.Inline], style: str) -> list[lb.Atom]:
        """Return the atoms of inlines set in block style `style`."""
        return make_atoms(self.runs(inlines, self.para(style).run), self.english)

    def text_atoms(self, text: str, style: str, run: Run | None = None) -> list[lb.Atom]:
        """Return the atoms of plain text in block style `style` (or in `run`)."""
        return make_atoms([(text, run or self.para(style).run, False)], self.english)
