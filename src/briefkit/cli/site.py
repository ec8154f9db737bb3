"""`briefkit site`: write the download page out/index.html and its cover thumbnails."""

from __future__ import annotations

from pathlib import Path

from . import output
from .output import EXIT_OK


def run(args, root: Path) -> int:
    """Write the page; print what was written."""
    from ..site import write_site

    out_dir = Path(args.out)
    site = write_site(out_dir)
    output.problems(site.report.problems)
    thumbs = f"{site.thumbs_rendered} thumbnail{'s' if site.thumbs_rendered != 1 else ''} drawn"
    if site.thumbs_cached:
        thumbs += f", {site.thumbs_cached} unchanged"
    n = len(site.cards)
    output.say(f"wrote {out_dir / 'index.html'} ({n} pack{'s' if n != 1 else ''}, {thumbs})")
    return EXIT_OK
