"""Renderers: one module per output format, each turning a doc.Document into a file."""

from __future__ import annotations

import pkgutil


def formats() -> tuple[str, ...]:
    """Return the output formats there are renderer modules for (PDF first: it takes longest,
    so a parallel build starts it in the main process). Importing nothing keeps this cheap."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(sorted(names, key=lambda n: n != "pdf"))
