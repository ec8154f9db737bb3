"""`briefkit facts suggest ARTICLE`: draft facts from an article the fact base has never seen."""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefkitError
from . import output
from .output import EXIT_INPUT, EXIT_OK


def run(args, root: Path) -> int:
    """Print draft facts for every number in ARTICLE, as YAML to paste or JSON for scripts."""
    from ..facts.load import load_factbase
    from ..facts.model import Point
    from ..facts.suggest import suggest, to_json, to_yaml

    path = Path(args.article)
    if args.date:
        try:
            Point.parse(args.date)
        except ValueError:
            return output.usage_error(f"briefkit: error: --date '{args.date}' is not a date\n"
                                      "  hint: write the article's date as 2024-03-29 (or 2024-03, 2024)")
    if not path.is_file():
        output.tell(f"briefkit: error: article '{args.article}' not found\n"
                    "  hint: give the path of a plain-text article (UTF-8), e.g. ../shared/sources/005_….txt")
        return EXIT_INPUT
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        output.tell(f"briefkit: error: {args.article}: not UTF-8 text (byte {e.start})\n"
                    "  hint: save the article as UTF-8 plain text")
        return EXIT_INPUT
    base = None
    if (root / "facts").is_dir():
        try:
            base = load_factbase(root)
        except BriefkitError as e:
            output.tell(f"briefkit: warning: the fact base has {len(e.problems)} problem(s) "
                        "(see `briefkit facts check`); drafts are not compared with it")
    drafts = suggest(text, base, date=args.date)
    output.say(to_json(drafts) if args.format == "json" else to_yaml(drafts, path.name), end="")
    extends = sum(bool(d.measure or d.similar_to) for d in drafts)
    dups = sum(bool(d.duplicate_of) for d in drafts)
    undated = sum(not d.as_of for d in drafts)
    note = f"; {undated} without a date (give --date)" if undated else ""
    output.tell(f"{len(drafts)} draft facts from {path.name}: {extends} extend a measure in the base, "
                f"{dups} already in it{note}.")
    return EXIT_OK
