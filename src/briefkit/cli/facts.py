"""`briefkit facts check|list|show|used|export|find|suggest`: the fact base for people and, as JSON, for scripts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..errors import Report, did_you_mean
from . import output
from .output import EXIT_INPUT, EXIT_OK, EXIT_USAGE


def run(args, root: Path) -> int:
    """Run one `facts` action."""
    from ..facts.load import load_factbase

    action = args.facts_command
    if action is None:
        return output.usage_error("briefkit facts: choose an action: check, list, show, used, export, find, suggest")
    if action == "check":
        return _check(args, root)
    if action == "suggest":  # works on a fact base with errors too: it only compares with it
        from . import facts_suggest

        return facts_suggest.run(args, root)
    if action == "used":
        return _used(args, root)
    base = load_factbase(root)
    if action == "list":
        facts = [f for f in base.facts.values() if not args.topic or f.topic == args.topic]
        if args.topic and not facts:
            hint = did_you_mean(args.topic, base.topics()) or f"topics: {', '.join(base.topics())}"
            return output.usage_error(f"briefkit: error: no topic '{args.topic}'\n  hint: {hint}")
        for f in sorted(facts, key=lambda f: f.id):
            output.say(f"{f.id}\t{f.text()}\t{f.as_of}\t{f.label}")
        return EXIT_OK
    if action == "show":
        return _show(args, root, base)
    if action == "export":
        output.say(json.dumps(export(base), ensure_ascii=False, indent=2))
        return EXIT_OK
    if action == "find":
        return _find(args, base)
    return EXIT_USAGE


def _find(args, base) -> int:
    from ..facts.find import find

    found = find(base, args.words, limit=args.limit or None)
    if not found:
        output.tell(f"no fact matches {' '.join(args.words)}\n  hint: try fewer or shorter words")
    for hit in found:
        f = hit.fact
        shown = (f"erratum, use {f.superseded_by}" if f.erratum and f.superseded_by else "erratum"
                 if f.erratum else f"use {f.superseded_by}" if f.superseded_by else f.text())
        output.say(f"{f.id}\t{shown}\t{f.as_of}\t{f.label}\t(in {', '.join(hit.fields)})")
    return EXIT_OK


def export(base) -> list[dict]:
    """Return every fact as a JSON-ready dict, ordered by id (the `facts export` format)."""
    out = []
    for f in sorted(base.facts.values(), key=lambda f: f.id):
        s = base.sources[f.source]
        out.append({
            "id": f.id, "label": f.label, "value": f.value, "unit": f.unit or None,
            "qualifier": f.qualifier or None, "as_of": str(f.as_of), "text": f.text(),
            "quote": f.quote, "measure": f.measure or None, "definition": f.definition or None,
            "note": f.note or None, "label_en": f.label_en or None, "magnitude": f.magnitude or None,
            "erratum": f.erratum or None, "superseded_by": f.superseded_by or None,
            "part_of": f.part_of or None,
            "source": {"id": s.id, "title": s.title, "publisher": s.publisher,
                       "printed_date": s.printed_date, "content_date": s.content_date,
                       "file": s.file, "address": s.address or None},
            "defined_at": str(f.loc),
        })
    return out


def _used(args, root: Path) -> int:
    """Print the staff's index of a pack: one fact a line — id, label, value, as_of, where used.

    The pack itself prints no ids (its appendix is the reader's 主要指标一览)."""
    from ..brief import brief_names
    from ..pipeline.used import facts_used

    if args.brief not in brief_names(root):
        hint = did_you_mean(args.brief, brief_names(root)) or "briefs are briefs/<name>.yaml"
        return output.usage_error(f"briefkit: error: no brief '{args.brief}'\n  hint: {hint}")
    report = Report()
    uses = facts_used(root, args.brief, report)
    output.problems(report.problems)
    if report.errors:
        output.summary(report.problems)
        return EXIT_INPUT
    for u in uses:
        output.say(f"{u.fact.id}\t{u.fact.label}\t{u.fact.text()}\t{u.fact.as_of}\t{u.where or ''}")
    return EXIT_OK


def _check(args, root: Path) -> int:
    from ..facts.check import check_age, check_conflicts, check_quotes, parse_age
    from ..facts.load import load_factbase

    report = Report()
    max_months = None
    if args.max_age:
        try:
            max_months = parse_age(args.max_age)
        except ValueError:
            return output.usage_error(f"briefkit: error: --max-age '{args.max_age}' is not an age\n"
                                      "  hint: write months or years, e.g. 24m or 2y")
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    base = load_factbase(root, report)
    if args.sources:
        src_dir = Path(args.sources)
        if not src_dir.is_dir():
            return output.usage_error(f"briefkit: error: sources folder '{args.sources}' does not exist")
        check_quotes(base, src_dir, report, args.sources)
    check_conflicts(base, report)
    if max_months is not None:
        check_age(base, max_months, today, report)
    checked = f"{len(base.facts)} facts from {len(base.sources)} sources"
    if args.sources:
        checked += ", quotes verified against the articles"
    return output.finish(report, args.strict, f"facts ok: {checked}.")


def _show(args, root: Path, base) -> int:
    if args.id not in base:
        hint = did_you_mean(args.id, base.refs()) or "list them with `briefkit facts list`"
        output.tell(f"briefkit: error: unknown fact '{args.id}'\n  hint: {hint}")
        return EXIT_INPUT
    f = base.get(args.id)
    s = base.sources[f.source]
    asked = base.facts.get(args.id)
    lines = []
    if asked is not None and asked is not f:  # an erratum or a forecast, replaced
        why = f"erratum: {asked.erratum}" if asked.erratum else f"superseded by {asked.superseded_by}"
        lines.append(f"{asked.id} ({asked.text()}, {asked.loc}) is not used: {why}")
    lines += [f"{f.id}  {f.label}", f"  printed as: {f.text()}",
             f"  value:      {f.value!r}" + (f"  unit: {f.unit}" if f.unit else "")
             + (f"  qualifier: {f.qualifier}" if f.qualifier else ""),
             f"  as of:      {f.as_of} ({f.as_of.zh()})"]
    if f.measure:
        others = [o.id for o in base.observations(f.measure) if o.id != f.id]
        lines.append(f"  measure:    {f.measure}" + (f" (also: {', '.join(others)})" if others else ""))
    for key in ("definition", "note"):
        if getattr(f, key):
            lines.append(f"  {key + ':':<11} {getattr(f, key)}")
    lines += [f"  source:     {s.citation()}", f"  file:       {s.file}", f"  quote:      {f.quote}",
              f"  defined at: {f.loc}"]
    sources_dir = Path(args.sources) if args.sources else root / ".." / "shared" / "sources"
    path = sources_dir / s.file
    if path.is_file():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if f.quote in line:
                lines.append(f"  in context: {s.file}:{n}: {line.strip()}")
                break
    output.say("\n".join(lines))
    return EXIT_OK
