"""`briefkit watch <brief>`: rebuild on every change to facts/, templates/ or briefs/ until Ctrl-C."""

from __future__ import annotations

from pathlib import Path

from . import output
from .output import EXIT_OK


def run(args, root: Path) -> int:
    """Watch and rebuild; print each rebuild or its problems."""
    from .. import fonts
    from ..brief import load_brief
    from ..watch import watch

    load_brief(root, args.brief)  # a wrong brief name fails now, with a hint
    fonts.prepare(log=output.tell)
    try:
        watch(root, args.brief, Path(args.out), log=lambda m: output.say(m, flush=True))
    except KeyboardInterrupt:
        pass
    return EXIT_OK
