"""`briefkit new audience NAME [--label 高校人才版]`: start the next audience's brief and templates."""

from __future__ import annotations

from pathlib import Path

from . import output
from .output import EXIT_OK


def run(args, root: Path) -> int:
    """Write the starter brief and template folder; say what to do next."""
    from ..pipeline.new_audience import new_audience

    written = new_audience(root, args.name, args.label or "")
    for rel in written:
        output.say(f"wrote {rel}")
    output.say(f"next: edit briefs/{args.name}.yaml and templates/{args.name}/, then "
               f"`make brief AUDIENCE={args.name}` (builds as it is)")
    return EXIT_OK
