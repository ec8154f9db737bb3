"""Official short names of companies (briefs/recipients/short_names.yaml) and the checks on them:
a recipient's short name is the official one, and template prose uses no known unofficial form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import yamlload
from ..errors import BriefkitError, Loc, Report

NAMES_FILE = "briefs/recipients/short_names.yaml"
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


@dataclass(frozen=True)
class Name:
    """A company's full name, its official short name and forms that are not official."""

    name: str
    short: str
    unofficial: tuple[str, ...]


def load_names(root: Path, report: Report) -> list[Name]:
    """Return the table of short names; [] if the project has none. Problems go to `report`."""
    path = root / NAMES_FILE
    if not path.is_file():
        return []
    try:
        data = yamlload.load(path, NAMES_FILE)
    except BriefkitError as e:
        report.extend(e.problems)
        return []
    items = data.get("names") if isinstance(data, dict) else None
    if not isinstance(items, list):
        report.error(Loc(NAMES_FILE, 1), "the short-name table must have `names:`, a list",
                     "each item: {name: 全称, short: 简称, not: [其他写法]}")
        return []
    out = []
    for i, item in enumerate(items):
        if not (isinstance(item, dict) and isinstance(item.get("name"), str)
                and isinstance(item.get("short"), str)):
            report.error(items.locs[i], "each name needs `name` (全称) and `short` (简称)")
            continue
        wrong = item.get("not") or []
        if not isinstance(wrong, list) or not all(isinstance(w, str) for w in wrong):
            report.error(item.at("not"), "`not` lists the unofficial forms, e.g. [中能建]")
            wrong = []
        out.append(Name(item["name"], item["short"], tuple(wrong)))
    return out


def unofficial_in(text: str, names: list[Name]) -> list[tuple[str, Name]]:
    """Return (form, name) for each unofficial form `text` uses; full names do not count
    (中国医药集团有限公司 is not 中国医药)."""
    for n in sorted(names, key=lambda n: -len(n.name)):
        text = text.replace(n.name, "\0")
    found = []
    for n in names:
        for form in sorted(n.unofficial, key=len, reverse=True):
            if form in text and not any(form in other and other in text
                                        for other in n.unofficial if other != form):
                found.append((form, n))
    return found


def check_prose(root: Path, templates: list[Path], names: list[Name], report: Report) -> None:
    """Warn at each template line whose prose uses an unofficial short name; text inside
    {{ … }} (facts, whose quotes keep the article's words) is not prose."""
    for path in templates:
        rel = path.relative_to(root).as_posix()
        try:
            source = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        prose = _PLACEHOLDER.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)
        for line, text in enumerate(prose.splitlines(), 1):
            for form, n in unofficial_in(text, names):
                report.warning(Loc(rel, line, text.index(form) + 1),
                               f"'{form}' is not the official short name of {n.name}",
                               f"write {n.short}")


def check_recipient_files(root: Path, names: list[Name], report: Report) -> None:
    """Warn where a recipients CSV in briefs/recipients/ gives a short_name that is not the
    official one. (The invitations command reads and checks the file in full; this reads only
    the name and short_name columns.)"""
    import csv

    official = {n.name: n for n in names}
    for path in sorted((root / "briefs" / "recipients").glob("*.csv")):
        rel = path.relative_to(root).as_posix()
        try:
            rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
        for line, row in enumerate(rows, 2):
            name, short = (row.get("name") or "").strip(), (row.get("short_name") or "").strip()
            n = official.get(name)
            if n is not None and short and short != n.short:
                report.warning(Loc(rel, line), f"short_name '{short}' is not the official short name "
                                               f"of {name}", f"write {n.short} ({NAMES_FILE})")
