"""The sandboxed jinja2 environment: finds a brief's chapter templates, runs them with the
template functions, and reports each mistake at its template file and line."""

from __future__ import annotations

import contextlib
import math
import re
import signal
import sys
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import doc as d
from ..errors import Loc, Report, did_you_mean
from ..facts.model import FactBase
from .functions import TemplateFunctions
from .lint import (call_message, example_call, includes, lint_source, not_utf8, strip_html_comments,
                   syntax_hint, undefined_hint, undefined_message, without_comments)
from .markdown import Converter, parser
from .placeholders import ChartRequest, Placeholders


@dataclass
class Rendered:
    """The result of templating a brief: blocks plus what they used."""

    blocks: list[d.Block]
    charts: list[tuple[d.Figure, ChartRequest]]
    facts_used: dict[str, Loc]  # fact id → first template location that used it
    sources: list[str]  # source ids in citation order
    facts_printed: dict[str, Loc] = field(default_factory=dict)  # … whose value is printed


def _bytecode_cache():
    """Return jinja2's on-disk cache of compiled templates (≈0.1 s a build not spent compiling).

    jinja2 keys each entry by template name, file and source; the directory adds jinja2's version
    and this module's bytes, since the options above change what a template compiles to."""
    import hashlib

    import jinja2
    from jinja2 import FileSystemBytecodeCache

    from ..files import cache_dir

    code = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode()).hexdigest()[:16]
    path = cache_dir() / "templates" / code
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only cache: compile every time
        return None
    return FileSystemBytecodeCache(str(path))


# Bounds on what one chapter may make: a template is text a person wrote, not a program, so
# `{{ 'x' * 10**9 }}` or loops inside loops end quickly with a message at their line.
MAX_OUTPUT = 2_000_000  # characters of Markdown one chapter may produce
MAX_REPEAT = 100_000  # length of a string or list made by * in a template
MAX_DIGITS = 1_000  # digits of a number made by ** in a template
MAX_LOOP_ITEMS = 200_000  # items all range() calls of one chapter may give
MAX_SECONDS = 10.0  # CPU seconds one chapter may take: loops over long texts or lists, no output


@contextlib.contextmanager
def _cpu_limit(seconds: float):
    """Raise LimitError inside the rendering once it has used `seconds` of CPU time: loops inside
    loops over long texts write nothing and call no range(), so only time can bound them. Needs
    setitimer and the main thread (Linux, macOS); elsewhere the other bounds still hold."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise LimitError(f"the chapter takes more than {seconds:g} seconds of work to write "
                         "(loops inside loops?)")

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _function_of(exc: BaseException) -> str | None:
    """Return the template function an exception was raised inside (the first one called)."""
    from . import functions

    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == functions.__file__ and code.co_name in TemplateFunctions.NAMES:
            return code.co_name
        tb = tb.tb_next
    return None


class _Refused(Exception):
    """A template the loader will not hand to jinja; carries the problems to report."""

    def __init__(self, problems):
        super().__init__(problems[0].message if problems else "")
        self.problems = problems


class LimitError(Exception):
    """A template asked for more work than a pack can need."""


def _environment_class():
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedEnvironment(SandboxedEnvironment):
        """The sandbox with * and ** bounded (the sandbox bounds range() alone)."""

        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            if operator == "**":
                if (isinstance(left, (int, float)) and isinstance(right, (int, float))
                        and abs(left) > 1 and right * math.log10(abs(left)) > MAX_DIGITS):
                    raise LimitError(f"{left!r} ** {right!r} has more than {MAX_DIGITS:,} digits; "
                                     "a template needs no such number")
                return left ** right
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and not isinstance(n, bool):
                    if len(seq) * n > MAX_REPEAT:
                        raise LimitError(f"repeating a text or list {n} times makes "
                                         f"{len(seq) * n:,} items; a template may make at most "
                                         f"{MAX_REPEAT:,}")
            return left * right

    return BoundedEnvironment


class Templater:
    """Renders the chapters of one brief; collects every problem in `report`."""

    def __init__(self, root: Path, base: FactBase, audience: str, report: Report,
                 variables: dict | None = None, language: str = "zh"):
        from jinja2 import FileSystemLoader, StrictUndefined

        self.root, self.base, self.report = root, base, report
        self.audience = audience
        self.dirs = [root / "templates" / audience, root / "templates"]
        templater = self

        class ProjectLoader(FileSystemLoader):
            """Reads templates only from inside the project, each checked before jinja sees it."""

            def get_source(self, environment, template):
                try:
                    source, filename, uptodate = super().get_source(environment, template)
                except UnicodeDecodeError:
                    path = next(p / template for p in templater.dirs if (p / template).is_file())
                    raise _Refused([not_utf8(path.read_bytes(), templater._rel(str(path)))]) from None
                templater._vet(template, source, filename)
                return source, filename, uptodate

        self._edges: dict[str, list[tuple[str, int]]] = {}
        self._rels: dict[str, str] = {}  # template file → its path in the project (_rel)
        self._vetted: set[str] = set()
        self._range_items = 0
        self.env = _environment_class()(
            # utf-8-sig: a template saved by Notepad with a BOM keeps its first heading
            loader=ProjectLoader([str(p) for p in self.dirs], encoding="utf-8-sig"),
            undefined=StrictUndefined,
            autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
            bytecode_cache=_bytecode_cache())
        self.marks = Placeholders()
        self.language = language
        self.functions = TemplateFunctions(base, report, self.marks, self._caller_loc, language,
                                           self._line)
        self.env.globals.update(self.functions.globals())
        self.variables = {k: self.marks.wrap(v) for k, v in (variables or {}).items()}
        self.env.globals.update(self.variables)
        self.env.globals["range"] = self._range
        self._current: str | None = None

    def _range(self, *args):
        """range() with one budget for the whole chapter, so nested loops stay bounded."""
        from jinja2.sandbox import safe_range

        try:
            r = safe_range(*args)
        except OverflowError:
            raise LimitError("range() may give at most 100,000 numbers in a template") from None
        self._range_items += len(r)
        if self._range_items > MAX_LOOP_ITEMS:
            raise LimitError(f"the loops of this chapter run over {MAX_LOOP_ITEMS:,} times")
        return r

    def _vet(self, name: str, source: str, filename: str) -> None:
        """Refuse a template outside the project or with mistakes jinja would misreport; report
        its warnings once; refuse an include that leads back to itself."""
        from ..errors import Problem

        try:  # the link's own name, not where it leads
            rel = Path(filename).absolute().relative_to(self.root.absolute()).as_posix()
        except ValueError:
            rel = self._rel(filename)
        real = Path(filename).resolve()
        if not real.is_relative_to(self.root.resolve()):
            raise _Refused([Problem(Loc(rel), f"the template is a link to a file outside the "
                                              f"project ({real})",
                                    "templates are read only from inside the project; copy the "
                                    "text into the template instead")])
        if rel not in self._vetted:
            self._vetted.add(rel)
            found = lint_source(source, rel, self.base)
            if any(p.level == "error" for p in found):
                raise _Refused(found)
            self.report.extend(found)
        self._edges[name] = includes(source)
        for target, line in self._edges[name]:
            path = self._path_back(target, name)
            if path is not None:
                chain = " → ".join([name] + path)
                raise _Refused([Problem(Loc(rel, line), f"includes itself: {chain}",
                                        "a template cannot include itself, directly or through "
                                        "another; remove the include")])

    def _path_back(self, start: str, goal: str) -> list[str] | None:
        """Return the chain of includes from `start` to `goal`, if the known ones lead there."""
        todo, seen = [(start, [start])], set()
        while todo:
            node, path = todo.pop()
            if node == goal:
                return path
            if node in seen:
                continue
            seen.add(node)
            todo += [(t, path + [t]) for t, _ in self._edges.get(node, [])]
        return None

    @property
    def facts_used(self) -> dict[str, Loc]:
        """Fact id → the first template location that used it."""
        return self.functions.facts_used

    def _caller_loc(self) -> Loc | None:
        """Return the template file and line that is calling a template function."""
        frame = sys._getframe(1)
        while frame is not None:
            tmpl = frame.f_globals.get("__jinja_template__")
            if tmpl is not None:
                return Loc(self._rel(tmpl.filename), tmpl.get_corresponding_lineno(frame.f_lineno))
            frame = frame.f_back
        return Loc(self._current) if self._current else None

    def _rel(self, filename: str | None) -> str:
        if not filename:
            return self._current or "<template>"
        # Asked at every fact a template prints (≈10 000 times a batch): resolving the path
        # each time was a quarter of the templating.
        rel = self._rels.get(filename)
        if rel is None:
            try:
                rel = Path(filename).resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                rel = filename
            self._rels[filename] = rel
        return rel

    # ---- chapters ----------------------------------------------------------------------------

    def find(self, chapter: str) -> Path | None:
        """Return the template file of a chapter: the audience's own, else a shared one."""
        for base in (self.dirs[0], self.dirs[1] / "shared"):
            p = base / f"{chapter}.md"
            if p.is_file():
                return p
        return None

    def available(self) -> list[str]:
        """Return the chapter names there are templates for."""
        names = {p.stem for folder in (self.dirs[0], self.dirs[1] / "shared")
                 for p in folder.glob("*.md") if p.is_file()}
        return sorted(n for n in names if n.upper() != "README")

    def _folder_named_like(self, chapter: str) -> Path | None:
        """Return a folder where the chapter's file should be (templates/soe/ch2.md/), if any."""
        for base in (self.dirs[0], self.dirs[1] / "shared"):
            if (base / f"{chapter}.md").is_dir():
                return base / f"{chapter}.md"
        return None

    def render_chapter(self, chapter: str, brief_loc: Loc | None) -> str | None:
        """Run jinja on one chapter; return Markdown with placeholders, or None on error."""
        from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
        from jinja2.exceptions import SecurityError

        path = self.find(chapter)
        folder = self._folder_named_like(chapter) if path is None else None
        if folder is not None:
            rel = self._rel(str(folder))
            self.report.error(brief_loc, f"chapter '{chapter}': {rel}/ is a folder, not a "
                                         "chapter file",
                              f"rename the folder (e.g. to {rel[:-3]}/) and save the chapter as "
                              f"the file {rel}")
            return None
        if path is None:
            hint = did_you_mean(chapter, self.available()) or (
                f"create templates/{self.audience}/{chapter}.md")
            self.report.error(brief_loc, f"no template for chapter '{chapter}' in "
                                         f"templates/{self.audience}/ or templates/shared/", hint)
            return None
        rel = self._rel(str(path))
        self._current = rel
        name = path.relative_to(self.dirs[0] if path.parent == self.dirs[0] else self.dirs[1]).as_posix()
        errors = len(self.report.errors)
        try:
            text = strip_html_comments(self._render_bounded(name, rel))
            if not text.strip() and len(self.report.errors) == errors:  # not for a failed call
                self._warn_empty(chapter, path, rel, brief_loc)
            return text
        except _Refused as e:
            self.report.extend(e.problems)
        except LimitError as e:
            self.report.error(getattr(e, "loc", None) or self._loc_from_tb(e, rel), f"{e}",
                              "a pack needs no more than its facts; remove the repetition")
        except RecursionError:
            self.report.error(Loc(rel), "templates call or include each other without end",
                              "look for an include or macro that leads back to itself")
        except UnicodeDecodeError:
            self.report.extend([not_utf8(path.read_bytes(), rel)])
        except TemplateSyntaxError as e:
            self.report.error(Loc(self._rel(e.filename) if e.filename else rel, e.lineno), f"template syntax: {e.message}", syntax_hint(e.message or ""))
        except TemplateNotFound as e:
            self.report.error(self._loc_from_tb(e, rel), f"included template '{e.name}' not found",
                              did_you_mean(str(e.name), self._all_templates()) or
                              "paths are relative to templates/, e.g. shared/district.md")
        except UndefinedError as e:
            self.report.error(self._loc_from_tb(e, rel), f"{undefined_message(e)}",
                              undefined_hint(str(e), list(self.env.globals)))
        except SecurityError as e:
            self.report.error(self._loc_from_tb(e, rel), f"not allowed in a template: {e}",
                              "templates may only use facts, charts, tables and text")
        except Exception as e:  # anything else a template can cause: a person's mistake, not a crash
            loc = self._loc_from_tb(e, rel)
            said = call_message(e, self._line(loc))
            if said:
                message, hint, name = said
                self.report.error(self._at_name(loc, name), message, hint)
            elif _function_of(e):  # a value of the wrong kind, found deep inside the function
                name = _function_of(e)
                self.report.error(self._at_name(loc, name), f"{name}(): an argument is not the kind "
                                  f"of value it takes ({e})", f"write e.g. {example_call(name)}")
            else:
                self.report.error(loc, f"template error: {e}",
                                  "check the arguments, e.g. {{ fact('economy.fiscal_revenue') }}")
        finally:
            self._current = None
        return None

    def _warn_empty(self, chapter: str, path: Path, rel: str, brief_loc: Loc | None) -> None:
        """A chapter that prints nothing is most likely one not yet written, or saved empty."""
        source = path.read_text(encoding="utf-8-sig")
        bare = strip_html_comments(without_comments(source)).strip()
        why = ("is empty" if not source.strip() else "holds only comments" if not bare
               else "prints nothing")
        self.report.warning(brief_loc or Loc(rel), f"chapter '{chapter}' {why} ({rel}): "
                                                   "the pack has no text for it",
                            "write the chapter, or remove its line from the brief's chapters")

    def _render_bounded(self, name: str, rel: str) -> str:
        """Render a template, stopping once it has used MAX_SECONDS of CPU (see _cpu_limit)."""
        self._range_items = 0
        with _cpu_limit(MAX_SECONDS):
            return self._generate_bounded(name, rel)

    def _generate_bounded(self, name: str, rel: str) -> str:
        """Render a template, stopping once it has written MAX_OUTPUT characters."""
        gen = self.env.get_template(name).generate()
        parts, size = [], 0
        for piece in gen:
            parts.append(piece)
            size += len(piece)
            if size > MAX_OUTPUT:
                # ask the suspended generator which line was writing before closing it
                err = LimitError(f"the chapter writes more than {MAX_OUTPUT:,} characters")
                err.loc = self._generator_loc(gen) or Loc(rel)
                gen.close()
                raise err
        return "".join(parts)

    def _generator_loc(self, gen) -> Loc | None:
        """Return the template line a suspended render generator is writing from."""
        loc = None
        while gen is not None:
            frame = getattr(gen, "gi_frame", None)
            tmpl = frame.f_globals.get("__jinja_template__") if frame is not None else None
            if tmpl is not None:
                loc = Loc(self._rel(tmpl.filename), tmpl.get_corresponding_lineno(frame.f_lineno))
            gen = getattr(gen, "gi_yieldfrom", None)
        return loc

    def _check_blocks_alone(self, text: str) -> None:
        """A chart, table or key-figures panel written inside a sentence, a list item or a table
        row would split it in two: each must stand on a line of its own."""
        from .placeholders import MARK, BlockUse

        for m in MARK.finditer(text):
            obj = self.marks.of(m)
            if not isinstance(obj, BlockUse) or obj.kind == "node":
                continue
            start = text.rfind("\n", 0, max(0, m.start() - 2)) + 1
            end = text.find("\n", m.end() + 2)
            before, after = text[start: m.start() - 2], text[m.end() + 2: end if end >= 0 else None]
            if before.strip() or after.strip():
                inside = ("a list item" if re.match(r"\s*([-*+]|\d+[.)])\s", before) else
                          "a table row" if before.lstrip().startswith("|") else "a sentence")
                self.report.error(self._at_call(obj), "a chart, table or key-figures panel must stand on a "
                                           f"line of its own (here it is inside {inside})",
                                  "put a blank line before and after it")

    def _at_call(self, use) -> Loc | None:
        """The block's location with the column of its `{{ kind(` call on that line, if found."""
        loc = use.loc
        line = self._line(loc)
        m = line and re.search(r"\{\{-?\s*" + re.escape(use.kind) + r"\s*\(", line)
        return replace(loc, col=m.start() + 1) if m else loc

    def _at_name(self, loc: Loc, name: str) -> Loc:
        """`loc` with the column of the first call of `name(` on its line, if there is one."""
        line = self._line(loc)
        m = line and re.search(r"\b" + re.escape(name) + r"\s*\(", line)
        return replace(loc, col=m.start() + 1) if m else loc

    def _line(self, loc: Loc | None) -> str | None:
        """Return the text of the template line `loc` points at, if it can be read."""
        if loc is None or not loc.line:
            return None
        try:
            return (self.root / loc.path).read_text(encoding="utf-8-sig").splitlines()[loc.line - 1]
        except (OSError, UnicodeDecodeError, IndexError):
            return None

    def _all_templates(self) -> list[str]:
        root = self.dirs[1]
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md") if p.is_file())

    def _loc_from_tb(self, exc: BaseException, rel: str) -> Loc:
        """Return the template line an exception came from (jinja rewrites tracebacks so that
        template frames carry the template's file name and line)."""
        tb = exc.__traceback__
        loc = Loc(rel)
        templates_dir = str(self.dirs[1].resolve())
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            tmpl = tb.tb_frame.f_globals.get("__jinja_template__")
            if tmpl is not None:
                loc = Loc(self._rel(tmpl.filename), tmpl.get_corresponding_lineno(tb.tb_lineno))
            elif filename.endswith(".md") and str(Path(filename).resolve()).startswith(templates_dir):
                loc = Loc(self._rel(filename), tb.tb_lineno)
            tb = tb.tb_next
        return loc

    # ---- Markdown → blocks --------------------------------------------------------------------

    def build(self, chapters: list[tuple[str, Loc | None]], numbering: bool = True,
              citations: str = "sentence") -> Rendered:
        """Render every chapter and turn the result into document blocks; each source is cited
        once per sentence, or once per paragraph (`citations="paragraph"`)."""
        md = parser()
        conv = Converter(self.marks, self.base, self.report, numbering, citations,
                         self.language)
        for chapter, loc in chapters:
            text = self.render_chapter(chapter, loc)
            if text is None:
                continue
            self._current = self._rel(str(self.find(chapter)))
            self._check_blocks_alone(text)
            conv.convert(md.parse(text), self._current)
            self._current = None
        return Rendered(conv.blocks, conv.charts, self.facts_used, conv.source_order,
                        self.functions.facts_printed)
