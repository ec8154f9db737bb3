"""Planning: a file name (slug) and a sector chapter for every recipient, before anything is built."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ...errors import Loc, Report
from .recipients import Recipient
from .sectors import load_sectors

SLUG_MAX = 40  # characters; keeps file names readable and far below 255 bytes
# Device names Windows refuses as file names, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}


@dataclass
class PackPlan:
    """What will be built for one recipient: file stem and sector chapter."""

    index: int
    recipient: Recipient
    slug: str
    sector: str
    chapter: str | None  # template name relative to templates/<audience>/, e.g. sectors/energy
    loc: Loc | None
    note: str = ""


def plan(root: Path, audience: str, recipients: list[Recipient], where: str,
         report: Report) -> list[PackPlan]:
    """Give every recipient a slug and a sector chapter; unknown sectors are warnings."""
    sectors = load_sectors(root, audience)
    sector_dir = root / "templates" / audience / "sectors"
    have = {p.stem for p in sector_dir.glob("*.md") if p.is_file()} if sector_dir.is_dir() else set()
    if recipients and not have:
        report.warning(Loc(f"templates/{audience}/sectors"), "no sector chapters for this audience; "
                       "packs are built without one", f"add templates/{audience}/sectors/default.md")
    tasks = []
    slugs = assign_slugs([r.short_name or r.name for r in recipients])
    for i, (r, slug) in enumerate(zip(recipients, slugs)):
        key, note = sectors.resolve(r.sector), ""
        if key is None:
            note = f"unknown sector '{r.sector}'; the general chapter is used"
            report.warning(Loc(where, r.line), note, sectors.hint(r.sector))
            key = sectors.default
        if key not in have:
            key = sectors.default if sectors.default in have else ""
        chapter = f"sectors/{key}" if key else None
        tasks.append(PackPlan(i, r, slug, key, chapter, Loc(where, r.line), note))
    return tasks


def slugify(text: str) -> str:
    """Return a safe file stem: CJK, letters and digits kept, anything else a single '-'."""
    text = unicodedata.normalize("NFKC", text)
    kept = "".join(ch if unicodedata.category(ch)[0] in "LN" else "-" for ch in text)
    slug = re.sub(r"-{2,}", "-", kept).strip("-")
    slug = slug[:SLUG_MAX].rstrip("-")
    if slug.upper() in _RESERVED:
        slug += "_"
    return slug


def assign_slugs(texts: list[str]) -> list[str]:
    """Return one unique slug per text, in order: clashes get -2, -3 … (case-insensitively)."""
    taken: set[str] = set()
    out = []
    for i, text in enumerate(texts, 1):
        base = slugify(text) or f"recipient-{i}"
        slug, n = base, 1
        while slug.casefold() in taken:  # case-insensitive file systems (Windows, macOS)
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug.casefold())
        out.append(slug)
    return out
