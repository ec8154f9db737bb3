"""Renderers: one module per output format, each turning a doc.Document into a file."""

from __future__ import annotations

import pkgutil
from pathlib import Path


def formats() -> tuple[str, ...]:
    """Return the output formats there are renderer modules for (PDF first: it takes longest,
    so a parallel build starts it in the main process). Importing nothing keeps this cheap."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(sorted(names, key=lambda n: n != "pdf"))


def layout_code() -> list[Path]:
    """Return the files of the code a PDF's layout is made by (the PDF renderer, typography, the
    document tree, the font table, and reportlab's __init__.py, which holds its version), for the
    keys of what is cached from a layout; listing them imports nothing, so a process that never
    draws can make those keys."""
    import importlib.util

    pkg = Path(__file__).resolve().parent.parent  # src/briefkit
    reportlab = importlib.util.find_spec("reportlab")
    return [*(pkg / "render" / "pdf").glob("*.py"), *(pkg / "typography").glob("*.py"),
            *(pkg / "doc").glob("*.py"), pkg / "fonts" / "__init__.py",
            *([Path(reportlab.origin)] if reportlab and reportlab.origin else [])]
