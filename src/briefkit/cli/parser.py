"""The argument parser: every command, option and help text of `briefkit`."""

from __future__ import annotations

import argparse
import sys

from .output import EXIT_USAGE, tell


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message (never a traceback)."""

    def error(self, message):  # noqa: D102 - argparse API
        self.print_usage(sys.stderr)
        tell(f"briefkit: error: {message}")
        raise SystemExit(EXIT_USAGE)


def parser() -> argparse.ArgumentParser:
    """Return the parser of the whole command line."""
    p = _Parser(prog="briefkit", description="徐汇区投资推介手册：从事实库生成 PDF 与 Word 文档。")
    p.add_argument("--project", default=".", help="project folder (with facts/, briefs/, templates/)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    b = sub.add_parser("build", help="build packs (PDF + DOCX)")
    b.add_argument("brief", nargs="?", help="brief name (briefs/<name>.yaml), e.g. soe")
    b.add_argument("--all", action="store_true", help="build every brief in briefs/")
    b.add_argument("--out", default="out", help="output folder (default: out)")
    from ..render import formats

    b.add_argument("--format", action="append", choices=list(formats()), help="only this format")
    b.add_argument("--recipients", help="CSV of recipients: one personalised pack each")
    b.add_argument("--jobs", type=int, default=0, help="parallel jobs for recipients (default: all cores)")
    b.add_argument("--resume", action="store_true",
                   help="with --recipients: keep the packs an earlier run built from the same "
                        "inputs and build only the rest (after an interrupted or changed batch)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--quiet", "-q", action="store_true", help="print only problems")

    c = sub.add_parser("check", help="check facts, briefs and templates without writing anything")
    c.add_argument("--sources", help="folder of source articles, to verify quotes")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")

    f = sub.add_parser("facts", help="the fact base: check, list, show, used, export, find, suggest")
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
    fu = fsub.add_parser("used", help="the facts a brief's pack prints: id, label, value, as_of, where")
    fu.add_argument("brief", help="brief name (briefs/<name>.yaml)")
    fe = fsub.add_parser("export", help="export all facts")
    fe.add_argument("--format", choices=["json"], default="json")
    ff = fsub.add_parser("find", help="find facts by words in labels, quotes, notes, definitions and ids")
    ff.add_argument("words", nargs="+", help="words to look for, e.g. 人工智能企业 or fiscal")
    ff.add_argument("--limit", type=int, default=20, help="show at most this many (0: all)")
    fg = fsub.add_parser("suggest", help="draft facts (YAML to paste) from a new article")
    fg.add_argument("article", help="a plain-text article (UTF-8)")
    fg.add_argument("--format", choices=["yaml", "json"], default="yaml", help="yaml (default) or json")
    fg.add_argument("--date", help="the article's date, to read 去年/今年/目前 (e.g. 2025-10-17)")

    s = sub.add_parser("site", help="write the download page out/index.html")
    s.add_argument("--out", default="out")
    sv = sub.add_parser("serve", help="serve the output folder (this machine only, unless --host)")
    sv.add_argument("--out", default="out")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every "
                         "network, so colleagues can download the packs — set BRIEFKIT_SERVE_PASSWORD "
                         "to ask for a password)")
    w = sub.add_parser("watch", help="rebuild a pack whenever facts, templates or briefs change")
    w.add_argument("brief")
    w.add_argument("--out", default="out")
    sub.add_parser("fonts", help="prepare the Chinese fonts (once per machine)")
    n = sub.add_parser("new", help="start something new from a commented starter: new audience NAME")
    nsub = n.add_subparsers(dest="new_command", metavar="WHAT", parser_class=_Parser, required=True)
    na = nsub.add_parser("audience", help="a brief and a template folder for the next audience, ready to build")
    na.add_argument("name", help="the brief's file name in ASCII, e.g. university (briefs/university.yaml)")
    na.add_argument("--label", help="the name people read, e.g. 高校人才版 (audience_label; default: NAME)")
    return p
