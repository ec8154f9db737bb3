"""`briefkit fonts` (and `python -m briefkit.fonts`): prepare the Chinese fonts now."""

from __future__ import annotations

from pathlib import Path

from . import output
from .output import EXIT_OK


def run(args, root: Path) -> int:
    """Prepare every font role; print where the prepared files are."""
    from .. import fonts

    output.say(str(fonts.prepare(log=output.tell)))
    return EXIT_OK
