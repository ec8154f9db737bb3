"""Which facts a brief's pack uses, and where: the staff's index of fact ids (not printed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..brief import load_brief
from ..compose import compose
from ..errors import BriefError, Loc, Report
from ..facts.model import Fact


@dataclass(frozen=True)
class Use:
    """One fact a pack prints and the first template line that prints it."""

    fact: Fact
    where: Loc | None


def facts_used(root: Path, name: str, report: Report) -> list[Use]:
    """Return the facts the pack of brief `name` prints, in the order the pack first uses them.

    Raise BriefError if the brief cannot be read; template problems go to `report`."""
    from ..facts.load import load_factbase

    base = load_factbase(root, report)
    brief = load_brief(root, name, report)
    report.raise_if_errors(BriefError)
    _, rendered, _ = compose(root, base, brief, report)
    return [Use(base.facts[i], loc) for i, loc in rendered.facts_used.items()]
