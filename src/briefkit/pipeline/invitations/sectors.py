"""Sector chapters and what people write for them, from templates/<audience>/sectors/sectors.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ... import yamlload
from ...errors import BriefError, BriefkitError, Loc, Problem, Report, did_you_mean

SECTORS_FILE = "sectors.yaml"  # beside the chapters in templates/<audience>/sectors/
DEFAULT_SECTOR = "default"


@dataclass(frozen=True)
class Sectors:
    """One audience's sector table: key → Chinese name, and written form → key."""

    names: dict[str, str] = field(default_factory=dict)  # in file order, as hints list them
    aliases: dict[str, str] = field(default_factory=dict)  # every Chinese name is an alias too
    default: str = DEFAULT_SECTOR  # the chapter for an empty or unknown sector
    where: dict[str, Loc] = field(default_factory=dict, compare=False)  # key → where it is written
    path: str = ""  # the table's file, relative to the project (whether or not it exists)

    def resolve(self, value: str) -> str | None:
        """Return the sector key for a sector as written (English key or Chinese name), None if unknown."""
        text = " ".join(value.split())
        if not text:
            return self.default
        key = re.sub(r"[\s\-]+", "_", text.lower())
        if key in self.names or key == self.default:
            return key
        return self.aliases.get(key) or self.aliases.get(text)

    def hint(self, value: str) -> str:
        """Return a hint for an unknown sector: the closest name, else every sector; where the
        audience has no sectors, say so and where to add them."""
        if not self.names:
            return (f"this audience has no sector table ({self.path or 'sectors.yaml'}), so the "
                    "sector column is not used: leave it empty, or add the sector there with "
                    "its chapter")
        written = value.strip().lower()
        near = did_you_mean(written, list(self.names) + list(self.aliases)) or self._sharing(written)
        listing = "sectors: " + ", ".join(f"{k} ({zh})" for k, zh in self.names.items())
        return f"{near} ({listing})" if near else listing

    def _sharing(self, written: str) -> str | None:
        """Return 'did you mean …?' for the sector name or alias sharing most of the Chinese
        characters of `written` (能原 → 能源), which difflib finds too far for two characters."""
        chars = {c for c in written if "\u4e00" <= c <= "\u9fff"}
        if not chars:
            return None
        words = list(self.names.values()) + [a for a in self.aliases if a not in self.names.values()]
        best = max(words, key=lambda w: (len(chars & set(w)) / max(len(w), len(written)), -len(w)))
        share = len(chars & set(best)) / max(len(best), len(written))
        return f"did you mean '{best}'?" if share >= 0.5 else None


def sectors_path(root: Path, audience: str) -> Path:
    """Return where an audience's sector table lives (whether or not it exists)."""
    return root / "templates" / audience / "sectors" / SECTORS_FILE


def load_sectors(root: Path, audience: str) -> Sectors:
    """Read the audience's sector table (an empty one if it has none); raise BriefError if wrong."""
    path = sectors_path(root, audience)
    rel = path.relative_to(root).as_posix()
    if not path.is_file():
        return Sectors(path=rel)
    try:
        data = yamlload.load(path, rel)
    except BriefkitError as e:
        raise BriefError(e.problems) from None
    report = Report()
    if not isinstance(data, dict) or not isinstance(data.get("sectors"), dict):
        raise BriefError([Problem(Loc(rel, 1), "the sector table needs a `sectors:` mapping",
                                  "see templates/soe/sectors/sectors.yaml")])
    default = data.get("default", DEFAULT_SECTOR)
    if not isinstance(default, str) or not default:
        report.error(data.at("default"), "default must be the name of a chapter, e.g. default")
        default = DEFAULT_SECTOR
    names: dict[str, str] = {}
    aliases: dict[str, str] = {}
    where: dict[str, Loc] = {}  # alias → where it is first written
    key_at: dict[str, Loc] = {}

    def alias(word, key: str, loc: Loc) -> None:
        word = yamlload.scalar_text(word).strip()
        if word in aliases and aliases[word] != key:
            report.error(loc, f"'{word}' is written for two sectors: {aliases[word]} and {key}",
                         f"keep it under one of them (also at {where[word]})")
            return
        aliases[word] = key
        where.setdefault(word, loc)

    sectors = data["sectors"]
    for key, entry in sectors.items():
        loc = sectors.key_locs[key]
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            report.error(loc, f"sector '{key}' needs a name, e.g. name: 能源")
            continue
        names[str(key)] = entry["name"]
        key_at[str(key)] = loc
        alias(entry["name"], str(key), entry.at("name"))
        extra = entry.get("aliases") or []
        if not isinstance(extra, list):
            report.error(entry.at("aliases"), "aliases must be a list, e.g. [电力, 石油]")
            continue
        for i, word in enumerate(extra):
            alias(word, str(key), extra.locs[i])
    report.raise_if_errors(BriefError)
    key_at.setdefault(default, data.at("default"))
    return Sectors(names, aliases, default, key_at, rel)

