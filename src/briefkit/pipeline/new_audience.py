"""`briefkit new audience NAME`: a commented brief and template folder that build at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..brief import _NAME, WHY_ASCII, brief_names, suggest_name
from ..errors import BriefError, Loc, Problem
from ..files import SHANGHAI, atomic_write

STARTER = Path(__file__).parent / "starter"
# starter file → where it goes, with {{name}} and {{label}} filled in
FILES = {"brief.yaml": "briefs/{name}.yaml", "overview.md": "templates/{name}/overview.md",
         "contact.md": "templates/{name}/contact.md", "README.md": "templates/{name}/README.md"}


def new_audience(root: Path, name: str, label: str = "", today: dt.date | None = None) -> list[str]:
    """Write briefs/<name>.yaml and templates/<name>/ from the starter; return the paths written
    (relative to root). Raise BriefError, writing nothing, if the name is not ASCII or either exists."""
    if not name:
        raise BriefError([Problem(None, "name the new audience",
                                  "e.g. `make new-audience NAME=university LABEL=高校人才版` "
                                  "(NAME: the file name in ASCII; LABEL: the name people read)")])
    if not _NAME.match(name):
        chinese = not name.isascii()
        example = f"`make new-audience NAME={suggest_name(name)}" + (f" LABEL={name}`" if chinese else "`")
        hint = (f"{WHY_ASCII}; keep the Chinese name as the label: {example}" if chinese
                else f"use letters, digits, - and _ only, e.g. {example}")
        raise BriefError([Problem(None, f"'{name}' cannot be a brief name (letters, digits, - and _ only)",
                                  hint)])
    taken = [rel for rel in (f"briefs/{name}.yaml", f"templates/{name}") if (root / rel).exists()]
    if taken:
        raise BriefError([Problem(Loc(t), "already exists; nothing written",
                                  "choose another name, or edit the existing brief "
                                  f"(briefs: {', '.join(brief_names(root))})") for t in taken])
    today = today or dt.datetime.now(SHANGHAI).date()
    values = {"{{name}}": name, "{{label}}": label or name, "{{date}}": today.isoformat()}
    written = []
    for src, dest in FILES.items():
        text = (STARTER / src).read_text(encoding="utf-8")
        for k, v in values.items():
            text = text.replace(k, v)
        rel = dest.format(name=name)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(root / rel, text)
        written.append(rel)
    return written
