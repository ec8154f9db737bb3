"""Errors and warnings a person sees: where (Loc), what, and a hint."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Loc:
    """A place in a user-written file: path relative to the project root, 1-based line/col."""

    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        out = self.path
        if self.line:
            out += f":{self.line}"
            if self.col:
                out += f":{self.col}"
        return out


@dataclass(frozen=True)
class Problem:
    """One error or warning, printed as `path:line:col: level: message` plus a hint line."""

    loc: Loc | None
    message: str
    hint: str | None = None
    level: str = "error"  # "error" or "warning"
    text: str | None = None  # the offending line as written, shown with a caret under loc.col
    cause: str | None = None  # problems with the same cause are shown once ("and 3 errors that follow")

    def format(self) -> str:
        """Return the problem as the lines a person reads."""
        head = f"{self.loc}: " if self.loc else ""
        out = f"{head}{self.level}: {self.message}"
        if self.hint:
            out += f"\n  hint: {self.hint}"
        if self.text is not None and self.loc and self.loc.line:
            out += "\n" + excerpt(self.text, self.loc.line, self.loc.col)
        return out

    def as_error(self) -> "Problem":
        """Return the same problem raised to an error (for --strict)."""
        return replace(self, level="error")


EXCERPT_CHARS = 80  # characters of a long line shown around the column


def excerpt(line_text: str, line: int, col: int | None) -> str:
    """Return the offending line as Jinja2 shows it, with a caret under column `col` (wide
    CJK characters take two columns, so the caret stands under the character)."""
    import unicodedata

    shown = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch
                    for ch in line_text.rstrip("\r\n"))
    if len(shown) > EXCERPT_CHARS:  # a long line is shown around its column
        start = max(0, min((col or 1) - 1 - EXCERPT_CHARS // 2, len(shown) - EXCERPT_CHARS))
        cut = shown[start:start + EXCERPT_CHARS]
        shown = ("…" if start else "") + cut + ("…" if start + EXCERPT_CHARS < len(shown) else "")
        if col:
            col = col - start + (1 if start else 0)
    out = f"  {line:>4} | {shown}"
    if col:
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in shown[: col - 1])
        out += f"\n  {'':>4} | {' ' * width}^"
    return out


def with_lines(problems: list[Problem], root) -> list[Problem]:
    """Return the problems with the offending line of each file:line filled in from `root`."""
    from pathlib import Path

    cache: dict[str, list[str] | None] = {}
    out = []
    for p in problems:
        if p.text is None and p.loc and p.loc.line and root is not None:
            if p.loc.path not in cache:
                try:
                    path = Path(root) / p.loc.path
                    text = _as_text(path.read_bytes()) if path.is_file() else None
                    cache[p.loc.path] = text.split("\n") if text is not None else None
                except OSError:
                    cache[p.loc.path] = None
            lines = cache[p.loc.path]
            if lines is not None and p.loc.line <= len(lines):
                p = replace(p, text=lines[p.loc.line - 1])
        out.append(p)
    return out


def _as_text(raw: bytes) -> str | None:
    """Return a file's text as a person saved it, to quote its lines: UTF-8 (a BOM or not),
    UTF-16 with a BOM, else GB18030 (Excel's and Notepad's Chinese Windows default); None for
    a workbook or other zip archive, which has no lines to quote."""
    import codecs

    if raw.startswith(b"PK\x03\x04"):
        return None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace").replace("\r\n", "\n")
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8-sig", errors="replace")


def collapse(problems: list[Problem]) -> list[Problem]:
    """Return the problems with those that follow from one mistake (same `cause`) shown once:
    the first, with 'and N errors that follow from it'."""
    counts: dict[str, int] = {}
    for p in problems:
        if p.cause:
            counts[p.cause] = counts.get(p.cause, 0) + 1
    # the mistake itself, when it is among the problems, says how many follow from it
    roots = {str(p.loc): i for i, p in enumerate(problems) if p.loc and not p.cause
             and str(p.loc) in counts}
    out, seen = [], set()
    for i, p in enumerate(problems):
        n = 0
        if p.cause:
            if p.cause in seen or p.cause in roots:
                continue
            seen.add(p.cause)
            n = counts[p.cause] - 1
        elif p.loc and roots.get(str(p.loc)) == i:
            n = counts[str(p.loc)]
        if n:
            p = replace(p, message=f"{p.message} (and {n} error{'s' if n > 1 else ''} that "
                                   f"follow{'s' if n == 1 else ''} from it)")
        out.append(p)
    return out


class BriefkitError(Exception):
    """Base of every error caused by user input; carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class FactsError(BriefkitError):
    """A fact or source file is wrong."""


class BriefError(BriefkitError):
    """A brief (briefs/*.yaml) or recipients file is wrong."""


class TemplateError(BriefkitError):
    """A template is wrong."""


class RenderError(BriefkitError):
    """Output could not be written."""


class FontError(BriefkitError):
    """Fonts are missing or cannot draw the text."""


@dataclass
class Report:
    """Collects problems across a whole check, so every error is shown in one run."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, loc: Loc | None, message: str, hint: str | None = None,
              cause: Loc | None = None) -> None:
        """Record an error (`cause`: where the mistake it follows from is, if it follows from one)."""
        self.problems.append(Problem(loc, message, hint, "error",
                                     cause=str(cause) if cause else None))

    def warning(self, loc: Loc | None, message: str, hint: str | None = None) -> None:
        """Record a warning."""
        self.problems.append(Problem(loc, message, hint, "warning"))

    def extend(self, problems: list[Problem]) -> None:
        """Add problems found elsewhere."""
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def raise_if_errors(self, cls: type[BriefkitError] = BriefkitError) -> None:
        """Raise `cls` with every problem (warnings included) if there is any error."""
        if self.errors:
            raise cls(self.problems)


# What office staff call the characters an input method or a copied web page slips in.
_CHAR_NAMES = {
    "\u3000": ("full-width space", "全角空格"), "\u00a0": ("no-break space", "不换行空格"),
    "\u200b": ("zero-width space", "零宽空格"), "\u200c": ("zero-width non-joiner", "零宽字符"),
    "\u200d": ("zero-width joiner", "零宽字符"), "\u2060": ("word joiner", "零宽字符"),
    "\ufeff": ("zero-width no-break space", "零宽字符"), "\t": ("tab character", "制表符"),
    "\uff0e": ("full-width full stop", "全角句点"), "\u3002": ("ideographic full stop", "句号"),
    "\uff1a": ("full-width colon", "全角冒号"), "\uff0c": ("full-width comma", "全角逗号"),
    "\uff3f": ("full-width low line", "全角下划线"), "\uff0d": ("full-width hyphen-minus", "全角减号"),
}


def char_name(ch: str) -> str:
    """Return a character as messages name it: 'full-width space (U+3000 全角空格)'; a visible
    character is shown too: "full-width full stop '．' (U+FF0E 全角句点)"."""
    import unicodedata

    english, chinese = _CHAR_NAMES.get(ch, (unicodedata.name(ch, "character").lower(), ""))
    if ch not in _CHAR_NAMES and "\uff01" <= ch <= "\uff5e":
        english = "full-width " + ("letter" if ch.isalpha() else "digit" if ch.isdigit() else "sign")
    code = f"U+{ord(ch):04X}" + (f" {chinese}" if chinese else "")
    visible = unicodedata.category(ch) not in ("Cc", "Cf", "Zs")
    return f"{english} '{ch}' ({code})" if visible else f"{english} ({code})"


def did_you_mean(word: str, candidates, n: int = 1) -> str | None:
    """Return a 'did you mean …?' hint for the closest candidate, or None."""
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
