"""facts/*.yaml → FactBase, with every schema mistake reported at its file:line:col."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from pathlib import Path

from .. import yamlload
from ..errors import BriefkitError, FactsError, Loc, Report, did_you_mean
from .format import FORECAST_QUALIFIERS, INFIX_QUALIFIERS, QUALIFIERS, SUFFIX_QUALIFIERS, is_qualifier
from .model import AsOf, Fact, FactBase, Point, Source

FACT_KEYS = {"id", "label", "value", "unit", "qualifier", "as_of", "source", "quote", "measure",
             "definition", "note", "label_en", "value_en", "unit_en", "magnitude", "erratum", "superseded_by", "part_of",
             "due"}
FACT_REQUIRED = ("id", "label", "value", "as_of", "source", "quote")
SOURCE_KEYS = {"id", "title", "publisher", "short_name", "printed_date", "content_date", "date_note", "file",
               "address", "title_en", "publisher_en", "short_name_en"}
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
    _check_links(base, report)
    base.broken = {k: v for k, v in broken.items() if k not in facts}  # for "fact has errors"
    # An erratum nothing replaces cannot be printed: a template naming it is told where it is.
    base.broken.update({f.id: f.at("erratum") for f in facts.values() if f.erratum and f.id not in base})
    base.broken_files = broken_files  # topics whose file could not be read at all
    _merge_unknown_sources(report)
    for measure in base.measures:
        if measure in facts and facts[measure].measure != measure:
            report.error(facts[measure].loc, f"'{measure}' is both a fact id and a measure name",
                         "give the measure a name of its own")
    if own:
        report.raise_if_errors(FactsError)
    return base


def _check_links(base: FactBase, report: Report) -> None:
    """Check `superseded_by` and `part_of`, which name other facts and measures."""
    facts = base.facts
    circled: set[str] = set()  # a circle is reported once, at its first fact
    for f in sorted(facts.values(), key=_pos):
        target = f.superseded_by
        if target:
            if target == f.id:
                report.error(f.at("superseded_by"), f"'{f.id}' cannot be superseded by itself",
                             "name the fact to use instead")
            elif target not in facts:
                report.error(f.at("superseded_by"), f"superseded_by names unknown fact '{target}'",
                             did_you_mean(target, facts) or "name a fact id from facts/*.yaml")
            else:
                chain, cur = [f.id], facts[target]
                while cur.id not in chain and cur.superseded_by in facts:
                    chain.append(cur.id)
                    cur = facts[cur.superseded_by]
                if cur.id in chain and not circled & set(chain):
                    circled |= set(chain)
                    report.error(f.at("superseded_by"), "superseded_by goes round in a circle: "
                                 + " → ".join(chain[chain.index(cur.id):] + [cur.id]),
                                 "the last fact of the chain must be one to use")
                elif cur.id not in chain and cur.erratum and not cur.superseded_by:
                    report.error(f.at("superseded_by"), f"'{f.id}' is superseded by '{cur.id}', "
                                 "which is itself an erratum", "name the fact to use instead")
        parent = f.part_of
        if not parent:
            continue
        if not f.measure:
            report.error(f.at("part_of"), "part_of needs a `measure:` on the same fact",
                         f"give '{f.id}' a measure; part_of says that measure is part of '{parent}'")
        elif parent == f.measure:
            report.error(f.at("part_of"), f"measure '{parent}' cannot be part of itself")
        elif parent not in base.measures:
            report.error(f.at("part_of"), f"part_of names unknown measure '{parent}'",
                         did_you_mean(parent, base.measures) or "name a `measure:` used by some fact")
        else:
            other = next((o for o in base.all_observations(f.measure)
                          if o.part_of and o.part_of != parent), None)
            if other is not None and _pos(other) < _pos(f):
                report.error(f.at("part_of"), f"measure '{f.measure}' is part of '{other.part_of}' at "
                             f"{other.at('part_of')} but of '{parent}' here", "write one part_of for a measure")
            elif base.parents.get(parent) == f.measure:
                report.error(f.at("part_of"), f"'{f.measure}' and '{parent}' are each part of the other",
                             "only the smaller measure says part_of")


def _pos(f) -> tuple:
    return (f.loc.path, f.loc.line or 0) if f.loc else ("", 0)


def _source_hint(root: Path, sources: dict, quote: str) -> str:
    """Return a hint naming the source whose article contains `quote`, if one does."""
    quote = quote.strip()
    for sid, src in sources.items():
        for folder in (root / "articles", root / ".." / "shared" / "sources"):
            try:
                text = (folder / src.file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError, ValueError):
                continue
            if quote and quote in text:
                return f"the quote is in the article of source '{sid}' ({src.file}): add `source: {sid}`"
    return "add `source:` with the id of the article the quote comes from (facts/sources.yaml)"


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read_list(root: Path, path: Path, key: str, report: Report):
    rel = _rel(root, path)
    real = path.resolve()
    if not real.is_relative_to(root.resolve()):
        report.error(Loc(path.relative_to(root).as_posix()), f"the file is a link to a file outside "
                                                             f"the project ({real})",
                     "facts are read only from inside the project; copy the file into facts/")
        return path.relative_to(root).as_posix(), []
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
        odd = yamlload.key_mistake(k, data.key_locs[k], (key,))
        if odd is not None:
            report.extend([odd])
            continue
        report.error(data.key_locs[k], f"unknown top-level key '{k}'", f"only `{key}:` belongs here")
    return rel, items


def _text(entry, key, report: Report, *, required=True, single_line=False, invisible=True) -> str:
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
    if key != "quote" and invisible:  # a quote is the article's text as it stands, checked against the article
        _invisible(text, key, entry.at(key), report)
    if single_line and "\n" in text:
        report.error(entry.at(key), f"{key} must be a single line")
    if key != "quote" and text.strip() and text != text.strip():
        _edge_space(text, key, entry.at(key), report)
    return text


def _edge_space(text: str, key: str, loc: Loc, report: Report) -> None:
    """Report a space YAML keeps at either end of a value (U+3000 全角空格, U+00A0): it would
    print (亿元　), or make an id or source that matches nothing."""
    from ..errors import char_name

    at = 0 if text[0].isspace() else len(text.rstrip())
    col = loc.col + at if loc and loc.col and "\n" not in text else None
    where = "starts" if text[0].isspace() else "ends"
    ch = text[at]
    report.error(Loc(loc.path, loc.line, col) if loc else loc,
                 f"{key} {where} with a {char_name(ch)}, which would print",
                 f"delete it: `{key}: {text.strip()}`")


def _check_keys(entry, allowed, required, what: str, report: Report, hints=None) -> bool:
    ok = True
    for k in entry:
        if k not in allowed:
            hint = did_you_mean(str(k), allowed) or f"allowed keys: {', '.join(sorted(allowed))}"
            odd = yamlload.key_mistake(k, entry.key_locs[k], allowed)
            if odd is not None:
                report.extend([odd])
                continue
            report.error(entry.key_locs[k], f"unknown key '{k}' in {what}", hint)
    for k in required:
        if k not in entry:
            report.error(entry.loc, f"{what} is missing `{k}`",
                         AS_OF_HINT if k == "as_of" else (hints or {}).get(k))
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
        src = Source(sid, _text(entry, "title", report), _publisher(entry, report),
                     printed_text, content, _text(entry, "file", report),
                     _text(entry, "date_note", report, required=False), entry.loc,
                     _text(entry, "short_name", report, required=False),
                     _address(entry, report),
                     _text(entry, "title_en", report, required=False, single_line=True),
                     _text(entry, "publisher_en", report, required=False, single_line=True),
                     _text(entry, "short_name_en", report, required=False, single_line=True))
        if sid in out:
            report.error(entry.at("id"), f"duplicate source id '{sid}' (first defined at {out[sid].loc})")
        elif sid:
            out[sid] = src
    return out


# A dateline, not an outlet: "本报讯（记者…）" says "our paper" without naming it.
_DATELINE = re.compile(r"本报|本台|本刊|本网|记者|通讯员")


def _publisher(entry, report: Report) -> str:
    """Return the outlet as printed in the source list; null (empty) where the article names none."""
    text = _text(entry, "publisher", report, required=False, single_line=True).strip()
    if _DATELINE.search(text):
        report.error(entry.at("publisher"), f"publisher '{text}' is a dateline, not an outlet",
                     "write the outlet's name (e.g. 新华社), or `publisher: null` if the article "
                     "does not say: the source list then prints its title and date only")
    return text


def _address(entry, report: Report) -> str:
    text = _text(entry, "address", report, required="address" in entry, single_line=True).strip()
    if text and not re.match(r"^https?://\S+$", text):
        report.error(entry.at("address"), f"address '{text}' is not a web address",
                     "write the page's address as it is, starting with http:// or https://")
    return text


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
    stripped = text.strip()
    if re.search(r"[０-９．]", stripped):
        plain = unicodedata.normalize("NFKC", stripped)
        report.error(loc, f"value '{text}' is written in full-width digits",
                     f"type the digits with the input method in English mode: `value: {plain}`")
        return None
    if stripped.lower().lstrip("+-.") in ("inf", "infinity", "nan"):
        report.error(loc, f"value must be a finite number, got '{text}'",
                     "write the number the article gives")
        return None
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+", stripped):
        number = float(stripped)
        report.error(loc, f"value '{text}' is written in scientific notation",
                     "write the number out, in the unit the article uses: `value: "
                     + f"{number:.6f}".rstrip("0").rstrip(".") + "`"
                     if math.isfinite(number) and abs(number) <= MAX_ABS_VALUE else
                     "write the number in the unit the article uses, e.g. value: 250 with unit: 亿元")
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
        hints = {}
        if "source" not in entry and isinstance(entry.get("quote"), str):
            hints["source"] = _source_hint(root, sources, entry["quote"])
        if not _check_keys(entry, FACT_KEYS, FACT_REQUIRED, "fact", report, hints):
            continue
        n_before = len(report.errors)
        fid = _text(entry, "id", report, invisible=False)
        odd = yamlload.slipped_in(fid) if fid and not ID_RE.match(fid) else None
        if odd is not None and "\n" not in fid:
            report.error(yamlload.value_col(entry, "id", odd[0]), f"fact id '{fid}': {odd[1]}",
                         f"write `id: {odd[2]}` with the input method in English mode (半角)")
        elif fid and not ID_RE.match(fid):
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
        if qualifier and not is_qualifier(qualifier):
            report.error(entry.at("qualifier"), f"unknown qualifier '{qualifier}'",
                         did_you_mean(qualifier, QUALIFIERS) or f"use one of: {' '.join(QUALIFIERS)}; "
                         f"{'/'.join(FORECAST_QUALIFIERS)} may come before another (预计突破)")
        magnitude = _magnitude(entry, value, qualifier, report)
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
        elif sid and as_of is not None:
            _after_source(as_of, qualifier, sources[sid], entry.at("as_of"), report)
        quote = _text(entry, "quote", report, single_line=True)
        measure = _text(entry, "measure", report, required=False)
        if measure and not ID_RE.match(measure):
            report.error(entry.at("measure"), f"measure '{measure}' must look like 'topic.name'")
        links = {}
        for key in ("superseded_by", "part_of"):
            links[key] = _text(entry, key, report, required=key in entry, single_line=True).strip()
            if links[key] and not ID_RE.match(links[key]):
                report.error(entry.at(key), f"{key} '{links[key]}' must look like 'topic.name'",
                             "name a fact id" if key == "superseded_by" else "name a measure")
        erratum = _text(entry, "erratum", report, required="erratum" in entry)
        due, no_deadline = _due(entry, qualifier, report)
        if len(report.errors) > n_before or value is None or as_of is None:
            if fid and broken is not None:
                broken.setdefault(fid, entry.loc)
            continue
        yield Fact(id=fid, label=label, value=value, as_of=as_of, source=sid, quote=quote,
                   unit=unit, qualifier=qualifier, measure=measure,
                   definition=_text(entry, "definition", report, required=False),
                   note=_text(entry, "note", report, required=False),
                   label_en=_text(entry, "label_en", report, required=False), magnitude=magnitude,
                   value_en=_text(entry, "value_en", report, required=False),
                   unit_en=_text(entry, "unit_en", report, required=False) if "unit_en" in entry else None,
                   erratum=erratum, superseded_by=links["superseded_by"], part_of=links["part_of"],
                   due=due, no_deadline=no_deadline, loc=entry.loc, field_locs=dict(entry.locs))


NO_DEADLINE = ("none", "无")
DUE_HINT = ("write the year (or month) by which the target is to be met, e.g. `due: 2025`, or "
            "`due: none` when the source gives no deadline")


def _due(entry, qualifier: str, report: Report) -> tuple[AsOf | None, bool]:
    """Return a target's deadline and whether it has none (`due: none`)."""
    if "due" not in entry:
        return None, False
    text = _text(entry, "due", report, single_line=True).strip()
    if qualifier[:2] not in FORECAST_QUALIFIERS:
        report.error(entry.at("due"), "only a forecast or target has a `due:` date",
                     f"give the fact `qualifier: 目标` (or 预计), or delete `due: {text}`")
        return None, False
    if text.lower() in NO_DEADLINE:
        return None, True
    try:
        return AsOf.parse(text), False
    except ValueError:
        if text:
            report.error(entry.at("due"), f"due '{text}' is not a date or period", DUE_HINT)
        return None, False


def _published(src: Source):
    """Return the last day the source can have been published: its printed date, else the end
    of what it is dated by (content_date); None if neither reads as a date."""
    try:
        return Point.parse(src.printed_date).last() if src.printed_date else AsOf.parse(src.content_date).last()
    except ValueError:
        return None


def _after_source(as_of: AsOf, qualifier: str, src: Source, loc: Loc, report: Report) -> None:
    """An observation cannot begin after the article that reports it was published (2099 in an
    article of 2024); a forecast or target (预计, 目标) may speak of later years."""
    published = _published(src)
    start = as_of.start
    if published is None or qualifier[:2] in FORECAST_QUALIFIERS \
            or dt.date(start.year, start.month or 1, start.day or 1) <= published:
        return
    report.error(loc, f"as_of {as_of} is after its source was published ({src.file}, "
                      f"{src.printed_date or src.content_date}): an article cannot report a figure "
                      "of a time still to come", "write the time the article gives for the figure; "
                      "a forecast or target says so with qualifier: 预计 or 目标")


def _magnitude(entry, value, qualifier: str, report: Report) -> str:
    """Return the order of magnitude as written (千亿级), checked against value and qualifier."""
    if "magnitude" not in entry:
        return ""
    text = _text(entry, "magnitude", report, single_line=True).strip()
    loc = entry.at("magnitude")
    if not text:
        return ""
    if re.search(r"\d", text):
        report.error(loc, f"magnitude '{text}' is a number, not an order of magnitude",
                     "write the number as `value:` and `unit:`; magnitude is for words such as "
                     "千亿级, 百亿级, 上千家")
        return ""
    if isinstance(value, str):
        report.error(entry.at("value"), "a fact with a magnitude needs a number as its value",
                     f"write the number the magnitude stands for, e.g. `value: 1000` and `unit: 亿元` "
                     f"for 千亿级; it is used only to compare, never printed")
    rest = qualifier[2:] if qualifier[:2] in FORECAST_QUALIFIERS else qualifier
    if rest in INFIX_QUALIFIERS + SUFFIX_QUALIFIERS:
        report.error(entry.at("qualifier"), f"qualifier '{qualifier}' cannot go with a magnitude",
                     f"write the words into the magnitude as the article does, e.g. "
                     f"`magnitude: {text}{rest}`")
    return text

