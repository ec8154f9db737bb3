"""What a build returns: the files it wrote, what it used, and how long each stage took."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import doc as d
from ..brief import Brief


@dataclass
class Output:
    """One written file."""

    format: str
    path: Path
    size: int
    sha256: str
    pages: int | None


@dataclass
class BuildResult:
    """What a build wrote, what it used and how long each stage took."""

    brief: Brief
    document: d.Document  # a slides.Deck for a deck brief
    outputs: list[Output]
    facts_used: list[str]
    sources_used: list[str]
    data_as_of: str
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    facts_printed: list[str] = field(default_factory=list)  # whose value the pack prints (not cite())


class Timer:
    """Seconds per build stage: `with timer.stage("pdf"): …`."""

    def __init__(self):
        self.t: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.t[name] = self.t.get(name, 0.0) + time.perf_counter() - start


def quiet_on_interrupt() -> None:
    """In a render worker, Ctrl-C ends the process without a traceback: the parent says
    "interrupted; nothing written" and removes the temporary files (pool initializer)."""
    import os
    import signal

    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
