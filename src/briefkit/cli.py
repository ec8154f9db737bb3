"""The command line: the only place that prints or exits. Exit 0 ok, 1 bad input, 2 bad usage."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .errors import BriefkitError, Problem, Report

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message (never a traceback)."""

    def error(self, message):  # noqa: D102 - argparse API
        self.print_usage(sys.stderr)
        print(f"briefkit: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="briefkit", description="徐汇区投资推介手册：从事实库生成 PDF 与 Word 文档。")
    p.add_argument("--project", default=".", help="project folder (with facts/, briefs/, templates/)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    b = sub.add_parser("build", help="build packs (PDF + DOCX)")
    b.add_argument("brief", nargs="?", help="brief name (briefs/<name>.yaml), e.g. soe")
    b.add_argument("--all", action="store_true", help="build every brief in briefs/")
    b.add_argument("--out", default="out", help="output folder (default: out)")
    from .render import formats

    b.add_argument("--format", action="append", choices=list(formats()), help="only this format")
    b.add_argument("--recipients", help="CSV of recipients: one personalised pack each")
    b.add_argument("--jobs", type=int, default=0, help="parallel jobs for recipients (default: all cores)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--quiet", "-q", action="store_true", help="print only problems")

    c = sub.add_parser("check", help="check facts, briefs and templates without writing anything")
    c.add_argument("--sources", help="folder of source articles, to verify quotes")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")

    f = sub.add_parser("facts", help="the fact base: check, list, show, export")
    fsub = f.add_subparsers(dest="facts_command", metavar="ACTION", parser_class=_Parser)
    fc = fsub.add_parser("check", help="validate facts (and quotes, with --sources)")
    fc.add_argument("--sources", help="folder of source articles, to verify quotes and values")
    fc.add_argument("--max-age", help="warn about facts older than this, e.g. 24m or 2y")
    fc.add_argument("--today", help=argparse.SUPPRESS)
    fc.add_argument("--strict", action="store_true", help="treat warnings as errors")
    fl = fsub.add_parser("list", help="list facts")
    fl.add_argument("--topic", help="only this topic (file name without .yaml)")
    fs = fsub.add_parser("show", help="show one fact with its source and quote")
    fs.add_argument("id", help="fact id or measure name")
    fs.add_argument("--sources", help="folder of source articles (to show the sentence in context)")
    fe = fsub.add_parser("export", help="export all facts")
    fe.add_argument("--format", choices=["json"], default="json")

    s = sub.add_parser("site", help="write the download page out/index.html")
    s.add_argument("--out", default="out")
    sv = sub.add_parser("serve", help="serve the output folder on 127.0.0.1")
    sv.add_argument("--out", default="out")
    sv.add_argument("--port", type=int, default=8000)
    w = sub.add_parser("watch", help="rebuild a pack whenever facts, templates or briefs change")
    w.add_argument("brief")
    w.add_argument("--out", default="out")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run briefkit with `argv`; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help (0) or usage error (2)
        return int(e.code or 0)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    root = Path(args.project)
    try:
        return _COMMANDS[args.command](args, root)
    except BriefkitError as e:
        _print_problems(e.problems)
        _summary(e.problems, written=args.command == "build")
        if args.debug:
            raise
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("briefkit: interrupted; nothing written.", file=sys.stderr)
        return 130
    except Exception as e:  # a bug in briefkit: say so plainly, traceback only with --debug
        if args.debug:
            raise
        print(f"briefkit: internal error: {type(e).__name__}: {e}\n"
              "  hint: run again with --debug and report the output", file=sys.stderr)
        return 3


def _unique(problems: list[Problem]) -> list[Problem]:
    """Drop repeats (a shared template checked once per brief reports the same problem)."""
    seen, out = set(), []
    for p in problems:
        key = p.format()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _print_problems(problems: list[Problem]) -> None:
    for p in _unique(problems):
        print(p.format(), file=sys.stderr)


def _summary(problems: list[Problem], written: bool = False) -> None:
    problems = _unique(problems)
    n_err = sum(p.level == "error" for p in problems)
    n_warn = len(problems) - n_err
    parts = []
    if n_err:
        parts.append(f"{n_err} error{'s' if n_err != 1 else ''}")
    if n_warn:
        parts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    if parts:
        tail = "; nothing written." if written and n_err else "."
        print(", ".join(parts) + tail, file=sys.stderr)


def _finish(report: Report, strict: bool, ok_message: str) -> int:
    problems = [p.as_error() for p in report.problems] if strict else report.problems
    _print_problems(problems)
    if any(p.level == "error" for p in problems):
        _summary(problems)
        return EXIT_INPUT
    _summary(problems)
    print(ok_message)
    return EXIT_OK


# ---- facts --------------------------------------------------------------------------------------


def _cmd_facts(args, root: Path) -> int:
    from .facts.load import load_factbase

    action = args.facts_command
    if action is None:
        print("briefkit facts: choose an action: check, list, show, export", file=sys.stderr)
        return EXIT_USAGE
    if action == "check":
        return _facts_check(args, root)
    base = load_factbase(root)
    if action == "list":
        facts = [f for f in base.facts.values() if not args.topic or f.topic == args.topic]
        if args.topic and not facts:
            from .errors import did_you_mean

            hint = did_you_mean(args.topic, base.topics()) or f"topics: {', '.join(base.topics())}"
            print(f"briefkit: error: no topic '{args.topic}'\n  hint: {hint}", file=sys.stderr)
            return EXIT_USAGE
        for f in sorted(facts, key=lambda f: f.id):
            print(f"{f.id}\t{f.text()}\t{f.as_of}\t{f.label}")
        return EXIT_OK
    if action == "show":
        return _facts_show(args, root, base)
    if action == "export":
        print(json.dumps(export(base), ensure_ascii=False, indent=2))
        return EXIT_OK
    return EXIT_USAGE


def export(base) -> list[dict]:
    """Return every fact as a JSON-ready dict, ordered by id."""
    out = []
    for f in sorted(base.facts.values(), key=lambda f: f.id):
        s = base.sources[f.source]
        out.append({
            "id": f.id, "label": f.label, "value": f.value, "unit": f.unit or None,
            "qualifier": f.qualifier or None, "as_of": str(f.as_of), "text": f.text(),
            "quote": f.quote, "measure": f.measure or None, "definition": f.definition or None,
            "note": f.note or None, "label_en": f.label_en or None,
            "source": {"id": s.id, "title": s.title, "publisher": s.publisher,
                       "printed_date": s.printed_date, "content_date": s.content_date,
                       "file": s.file},
            "defined_at": str(f.loc),
        })
    return out


def _facts_check(args, root: Path) -> int:
    from .facts.check import check_age, check_conflicts, check_quotes, parse_age
    from .facts.load import load_factbase

    report = Report()
    max_months = None
    if args.max_age:
        try:
            max_months = parse_age(args.max_age)
        except ValueError:
            print(f"briefkit: error: --max-age '{args.max_age}' is not an age\n"
                  "  hint: write months or years, e.g. 24m or 2y", file=sys.stderr)
            return EXIT_USAGE
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    base = load_factbase(root, report)
    if args.sources:
        src_dir = Path(args.sources)
        if not src_dir.is_dir():
            print(f"briefkit: error: sources folder '{args.sources}' does not exist", file=sys.stderr)
            return EXIT_USAGE
        check_quotes(base, src_dir, report, args.sources)
    check_conflicts(base, report)
    if max_months is not None:
        check_age(base, max_months, today, report)
    checked = f"{len(base.facts)} facts from {len(base.sources)} sources"
    if args.sources:
        checked += ", quotes verified against the articles"
    return _finish(report, args.strict, f"facts ok: {checked}.")


def _facts_show(args, root: Path, base) -> int:
    from .errors import did_you_mean

    if args.id not in base:
        hint = did_you_mean(args.id, base.refs()) or "list them with `briefkit facts list`"
        print(f"briefkit: error: unknown fact '{args.id}'\n  hint: {hint}", file=sys.stderr)
        return EXIT_INPUT
    f = base.get(args.id)
    s = base.sources[f.source]
    lines = [f"{f.id}  {f.label}", f"  printed as: {f.text()}",
             f"  value:      {f.value!r}" + (f"  unit: {f.unit}" if f.unit else "")
             + (f"  qualifier: {f.qualifier}" if f.qualifier else ""),
             f"  as of:      {f.as_of} ({f.as_of.zh()})"]
    if f.measure:
        others = [o.id for o in base.observations(f.measure) if o.id != f.id]
        lines.append(f"  measure:    {f.measure}" + (f" (also: {', '.join(others)})" if others else ""))
    for key in ("definition", "note"):
        if getattr(f, key):
            lines.append(f"  {key + ':':<11} {getattr(f, key)}")
    lines += [f"  source:     {s.citation()}", f"  file:       {s.file}", f"  quote:      {f.quote}",
              f"  defined at: {f.loc}"]
    sources_dir = Path(args.sources) if args.sources else root / ".." / "shared" / "sources"
    path = sources_dir / s.file
    if path.is_file():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if f.quote in line:
                lines.append(f"  in context: {s.file}:{n}: {line.strip()}")
                break
    print("\n".join(lines))
    return EXIT_OK


# ---- everything else lives in its own module ------------------------------------------------


def _cmd_build(args, root: Path) -> int:
    from . import build

    return build.cli_build(args, root)


def _cmd_check(args, root: Path) -> int:
    from . import build

    return build.cli_check(args, root)


def _cmd_site(args, root: Path) -> int:
    from . import site

    return site.cli_site(args, root)


def _cmd_serve(args, root: Path) -> int:
    from . import serve

    return serve.cli_serve(args, root)


def _cmd_watch(args, root: Path) -> int:
    from . import watch

    return watch.cli_watch(args, root)


_COMMANDS = {"build": _cmd_build, "check": _cmd_check, "facts": _cmd_facts, "site": _cmd_site,
             "serve": _cmd_serve, "watch": _cmd_watch}


if __name__ == "__main__":
    sys.exit(main())
