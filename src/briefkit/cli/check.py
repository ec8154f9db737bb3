"""`briefkit check`: facts, briefs and templates, all problems in one run; writes nothing."""

from __future__ import annotations

from pathlib import Path

from ..errors import Report
from . import output


def run(args, root: Path) -> int:
    """Check the project; print every problem and a summary."""
    from ..pipeline.check import check_project

    report = Report()
    summary = check_project(root, report, Path(args.sources) if args.sources else None)
    return output.finish(report, args.strict, summary)
