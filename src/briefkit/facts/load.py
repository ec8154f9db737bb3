"""facts/*.yaml → FactBase, with every schema mistake reported at its file:line:col."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

from .. import yamlload
from ..errors import BriefkitError, FactsError, Loc, Report, did_you_mean
from .format import QUALIFIERS
from .model import AsOf, Fact, FactBase, Point, Source

FACT_KEYS = {"id", "label", "value", "unit", "qualifier", "as_of", "source", "quote", "measure",
             "definition", "note", "label_en"}
FACT_REQUIRED = ("id", "label", "value", "as_of", "source", "quote")
SOURCE_KEYS = {"id", "title", "publisher", "short_name", "printed_date", "content_date", "date_note", "file"}
SOURCE_REQUIRED = ("id", "title", "publisher", "printed_date", "content_date", "file")

ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
SOURCE_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_LABEL = 60
MAX_ABS_VALUE = 1e15
_NUMBER_IN_TEXT = re.compile(r"^(?P<q>" + "|".join(sorted(QUALIFIERS, key=len, reverse=True))
                             + r")?(?P<n>\d+(?:\.\d+)?)(?P<u>.*)$")
AS_OF_HINT = "write a year (2023), a month (2024-03), a day (2024-03-29) or a period (2021/2025)"


def load_factbase(root: Path, report: Report | None = None) -> FactBase:
    """Load facts/ under `root`; raise FactsError listing every problem if any is an error."""
    own = report is None
    report = report or Report()
    facts_dir = root / "facts"
    sources = _load_sources(root, facts_dir / "sources.yaml", report)
    facts: dict[str, Fact] = {}
    broken: dict[str, Loc] = {}
    files = sorted(p for p in facts_dir.glob("*.yaml") if p.name != "sources.yaml")
    if not files:
        report.error(Loc("facts"), "no fact files found", "add facts/<topic>.yaml files")
    broken_files: dict[str, Loc] = {}
    for path in files:
        n_before = len(report.errors)
        loaded = list(_load_fact_file(root, path, sources, report, broken))
        if not loaded and len(report.errors) > n_before:
            broken_files[path.stem] = report.errors[n_before].loc or Loc(_rel(root, path))
        for fact in loaded:
            if fact.id in facts:
                first = facts[fact.id].loc
                report.error(fact.loc, f"duplicate fact id '{fact.id}' (first defined at {first})",
                             "ids must be unique; rename one of them")
            else:
                facts[fact.id] = fact
    base = FactBase(facts, sources)
    base.broken = {k: v for k, v in broken.items() if k not in facts}  # for "fact has errors"
    base.broken_files = broken_files  # topics whose file could not be read at all
    _merge_unknown_sources(report)
    for measure in base.measures:
        if measure in facts and facts[measure].measure != measure:
            report.error(facts[measure].loc, f"'{measure}' is both a fact id and a measure name",
                         "give the measure a name of its own")
    if own:
        report.raise_if_errors(FactsError)
    return base


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read_list(root: Path, path: Path, key: str, report: Report):
    rel = _rel(root, path)
    try:
        data = yamlload.load(path, rel)
    except BriefkitError as e:
        report.extend(e.problems)
        return rel, []
    if not isinstance(data, dict) or key not in data:
        report.error(Loc(rel, 1), f"the file must start with `{key}:` followed by a list",
                     f"see facts/README.md for an example")
        return rel, []
    items = data[key]
    if items is None:
        return rel, []
    if not isinstance(items, list):
        report.error(data.at(key), f"`{key}:` must be a list of entries, each starting with '- '")
        return rel, []
    extra = set(data) - {key, "topic"}
    for k in sorted(extra, key=str):
        report.error(data.key_locs[k], f"unknown top-level key '{k}'", f"only `{key}:` belongs here")
    return rel, items


def _text(entry, key, report: Report, *, required=True, single_line=False) -> str:
    value = entry.get(key)
    if value is None:
        if required and key in entry:
            report.error(entry.at(key), f"{key} is empty")
        return ""
    if isinstance(value, (dict, list)):
        report.error(entry.at(key), f"{key} must be text, got a {'list' if isinstance(value, list) else 'mapping'}")
        return ""
    text = yamlload.scalar_text(value)
    if required and not text.strip():
        report.error(entry.at(key), f"{key} is empty")
    if key != "quote":  # a quote is the article's text as it stands, checked against the article
        _invisible(text, key, entry.at(key), report)
    if single_line and "\n" in text:
        report.error(entry.at(key), f"{key} must be a single line")
    return text


def _check_keys(entry, allowed, required, what: str, report: Report) -> bool:
    ok = True
    for k in entry:
        if k not in allowed:
            hint = did_you_mean(str(k), allowed) or f"allowed keys: {', '.join(sorted(allowed))}"
            report.error(entry.key_locs[k], f"unknown key '{k}' in {what}", hint)
    for k in required:
        if k not in entry:
            report.error(entry.loc, f"{what} is missing `{k}`",
                         AS_OF_HINT if k == "as_of" else None)
            ok = False
    return ok


def _load_sources(root: Path, path: Path, report: Report) -> dict[str, Source]:
    if not path.exists():
        report.error(Loc(_rel(root, path)), "facts/sources.yaml is missing",
                     "list the articles there; see facts/README.md")
        return {}
    rel, items = _read_list(root, path, "sources", report)
    out: dict[str, Source] = {}
    for i, entry in enumerate(items):
        if not isinstance(entry, dict):
            report.error(items.locs[i], "each source must be a mapping (id: …, title: …)")
            continue
        if not _check_keys(entry, SOURCE_KEYS, SOURCE_REQUIRED, "source", report):
            continue
        sid = _text(entry, "id", report)
        if sid and not SOURCE_ID_RE.match(sid):
            report.error(entry.at("id"), f"source id '{sid}' must be lower-case letters, digits and _")
        printed = entry.get("printed_date")
        printed_text = yamlload.scalar_text(printed) if printed is not None else None
        if printed_text:
            try:
                Point.parse(printed_text)
            except ValueError:
                report.error(entry.at("printed_date"), f"printed_date '{printed_text}' is not a date",
                             "write 2024-03-29, or null if the page shows none")
        content = _text(entry, "content_date", report)
        try:
            AsOf.parse(content)
        except ValueError:
            if content:
                report.error(entry.at("content_date"), f"content_date '{content}' is not a date",
                             AS_OF_HINT)
        src = Source(sid, _text(entry, "title", report), _text(entry, "publisher", report),
                     printed_text, content, _text(entry, "file", report),
                     _text(entry, "date_note", report, required=False), entry.loc,
                     _text(entry, "short_name", report, required=False))
        if sid in out:
            report.error(entry.at("id"), f"duplicate source id '{sid}' (first defined at {out[sid].loc})")
        elif sid:
            out[sid] = src
    return out


def _value(entry, report: Report):
    value = entry.get("value")
    loc = entry.at("value")
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        report.error(loc, f"value must be a number or text, got {_show(value)}")
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            report.error(loc, f"value must be a finite number, got {value}")
            return None
        if abs(value) > MAX_ABS_VALUE:
            report.error(loc, f"value {value:g} is implausibly large",
                         "write the number in the unit the article uses, e.g. value: 250 with unit: 亿元")
            return None
        return value
    text = yamlload.scalar_text(value)
    if not text.strip():
        report.error(loc, "value is empty")
        return None
    if _invisible(text, "value", loc, report):
        return None
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text.strip()):
        report.error(loc, f"value must be a number, got '{text}'",
                     f"write it without commas: `value: {text.strip().replace(',', '')}`")
        return None
    m = _NUMBER_IN_TEXT.match(text.strip())
    if m and (m.group("q") or m.group("u")) and not re.search(r"[\d/]", m.group("u")):
        parts = [f"`value: {m.group('n')}`"]
        if m.group("u"):
            parts.append(f"`unit: {m.group('u').strip()}`")
        if m.group("q"):
            parts.append(f"`qualifier: {m.group('q')}`")
        report.error(loc, f"value must be a number, got '{text}'", "write " + " and ".join(parts))
        return None
    return text


def _invisible(text: str, key: str, loc: Loc, report: Report) -> bool:
    bad = yamlload.invisible_chars(text)
    if bad:
        shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in bad)
        report.error(loc, f"{key} contains invisible or control characters ({shown})",
                     "retype the text, or paste it as plain text")
    return bool(bad)


def _show(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (yes/no)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _merge_unknown_sources(report: Report) -> None:
    """One misspelt source id used by many facts is one mistake: report it once, with a count."""
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    keep = []
    for p in report.problems:
        m = re.match(r"unknown source '(.*)'$", p.message)
        if not m:
            keep.append(p)
            continue
        sid = m.group(1)
        counts[sid] = counts.get(sid, 0) + 1
        if sid not in first:
            first[sid] = len(keep)
            keep.append(p)
    for sid, i in first.items():
        if counts[sid] > 1:
            p = keep[i]
            keep[i] = type(p)(p.loc, f"unknown source '{sid}' (used by {counts[sid]} facts)", p.hint, p.level)
    report.problems[:] = keep


def _load_fact_file(root: Path, path: Path, sources: dict[str, Source], report: Report,
                    broken: dict[str, Loc] | None = None):
    rel, items = _read_list(root, path, "facts", report)
    topic = path.stem
    for i, entry in enumerate(items):
        if not isinstance(entry, dict):
            report.error(items.locs[i], "each fact must be a mapping (id: …, label: …, value: …)")
            continue
        if not _check_keys(entry, FACT_KEYS, FACT_REQUIRED, "fact", report):
            continue
        n_before = len(report.errors)
        fid = _text(entry, "id", report)
        if fid and not ID_RE.match(fid):
            report.error(entry.at("id"), f"fact id '{fid}' must look like '{topic}.name' "
                                         "(lower-case letters, digits, _ and dots)")
        elif fid and fid.split(".", 1)[0] != topic:
            report.error(entry.at("id"), f"fact id '{fid}' must start with '{topic}.' in {rel}",
                         f"rename it to '{topic}.{fid.split('.', 1)[1]}' or move it to "
                         f"facts/{fid.split('.', 1)[0]}.yaml")
        label = _text(entry, "label", report, single_line=True)
        if len(label) > MAX_LABEL:
            report.error(entry.at("label"), f"label is too long ({len(label)} characters, at most "
                                            f"{MAX_LABEL})", "put the detail in `definition:`")
        value = _value(entry, report)
        unit = _text(entry, "unit", report, required=False, single_line=True)
        qualifier = _text(entry, "qualifier", report, required=False)
        if qualifier and qualifier not in QUALIFIERS:
            report.error(entry.at("qualifier"), f"unknown qualifier '{qualifier}'",
                         did_you_mean(qualifier, QUALIFIERS) or f"use one of: {' '.join(QUALIFIERS)}")
        as_of_text = _text(entry, "as_of", report)
        as_of = None
        try:
            as_of = AsOf.parse(as_of_text)
        except ValueError:
            if as_of_text:
                report.error(entry.at("as_of"), f"as_of '{as_of_text}' is not a date or period",
                             AS_OF_HINT)
        sid = _text(entry, "source", report)
        if sid and sid not in sources:
            report.error(entry.at("source"), f"unknown source '{sid}'",
                         did_you_mean(sid, sources) or "sources are listed in facts/sources.yaml")
        quote = _text(entry, "quote", report, single_line=True)
        measure = _text(entry, "measure", report, required=False)
        if measure and not ID_RE.match(measure):
            report.error(entry.at("measure"), f"measure '{measure}' must look like 'topic.name'")
        if len(report.errors) > n_before or value is None or as_of is None:
            if fid and broken is not None:
                broken.setdefault(fid, entry.loc)
            continue
        yield Fact(id=fid, label=label, value=value, as_of=as_of, source=sid, quote=quote,
                   unit=unit, qualifier=qualifier, measure=measure,
                   definition=_text(entry, "definition", report, required=False),
                   note=_text(entry, "note", report, required=False),
                   label_en=_text(entry, "label_en", report, required=False), loc=entry.loc,
                   field_locs=dict(entry.locs))

