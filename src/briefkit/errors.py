"""Errors and warnings a person sees: where (Loc), what, and a hint."""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def format(self) -> str:
        """Return the problem as the lines a person reads."""
        head = f"{self.loc}: " if self.loc else ""
        out = f"{head}{self.level}: {self.message}"
        if self.hint:
            out += f"\n  hint: {self.hint}"
        return out

    def as_error(self) -> "Problem":
        """Return the same problem raised to an error (for --strict)."""
        return Problem(self.loc, self.message, self.hint, "error")


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

    def error(self, loc: Loc | None, message: str, hint: str | None = None) -> None:
        """Record an error."""
        self.problems.append(Problem(loc, message, hint, "error"))

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


def did_you_mean(word: str, candidates, n: int = 1) -> str | None:
    """Return a 'did you mean …?' hint for the closest candidate, or None."""
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
