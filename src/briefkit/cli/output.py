"""Everything the command line says, and its exit codes: the only module that prints."""

from __future__ import annotations

import sys

from ..errors import Problem, Report, collapse, with_lines

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2  # ok, bad input, bad usage
EXIT_INTERNAL, EXIT_INTERRUPTED = 3, 130  # a bug in briefkit; Ctrl-C (128 + SIGINT)


def say(message: str = "", flush: bool = False, end: str = "\n") -> None:
    """Print a result line on standard output."""
    print(message, flush=flush, end=end)


def tell(message: str, flush: bool = False) -> None:
    """Print a message for the person (progress, warnings, errors) on standard error."""
    print(message, file=sys.stderr, flush=flush)


def usage_error(message: str) -> int:
    """Print a usage error and return EXIT_USAGE."""
    tell(message)
    return EXIT_USAGE


ROOT = None  # the project folder; main() sets it so messages can show the offending line


def unique(problems: list[Problem]) -> list[Problem]:
    """Drop repeats (a shared template checked once per brief reports the same problem) and
    collapse those that follow from one mistake."""
    seen, out = set(), []
    for p in collapse(problems):
        key = p.format()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def problems(found: list[Problem]) -> None:
    """Print each problem once, as `path:line:col: level: message` and its hint."""
    for p in with_lines(unique(found), ROOT):
        tell(p.format())


def summary(found: list[Problem], written: bool = False) -> None:
    """Print '2 errors, 1 warning.' (with '; nothing written.' for a build that stopped)."""
    found = unique(found)
    n_err = sum(p.level == "error" for p in found)
    n_warn = len(found) - n_err
    parts = []
    if n_err:
        parts.append(f"{n_err} error{'s' if n_err != 1 else ''}")
    if n_warn:
        parts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    if parts:
        tail = "; nothing written." if written and n_err else "."
        tell(", ".join(parts) + tail)


def finish(report: Report, strict: bool, ok_message: str) -> int:
    """Print a check's problems and summary, then `ok_message` if nothing is an error."""
    found = [p.as_error() for p in report.problems] if strict else report.problems
    problems(found)
    if any(p.level == "error" for p in found):
        summary(found)
        return EXIT_INPUT
    summary(found)
    say(ok_message)
    return EXIT_OK


class PackProgress:
    """Invitation progress: a bar on a terminal, else one line a pack with the time left."""

    def __init__(self, brief: str):
        self.brief, self.bar = brief, None

    def start(self, total: int) -> None:
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="pack", desc=self.brief, file=sys.stderr,
                            dynamic_ncols=True)

    def done(self, res, finished: int, total: int, elapsed: float) -> None:
        if self.bar is not None:
            self.bar.update(1)
            if not res.ok:
                self.bar.write(f"{res.recipient.display}: failed: {res.message}", file=sys.stderr)
        else:
            left = elapsed / finished * (total - finished)
            what = (", ".join(str(p) for p in res.files) + (f" ({res.pages} 页)" if res.pages else "")
                    if res.ok else f"failed: {res.message}")
            tell(f"[{finished}/{total}] {res.recipient.display} → {what}  {res.seconds:.1f} s"
                 + (f", ~{left:.0f} s left" if finished < total else ""))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
