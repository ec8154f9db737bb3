"""The pipeline: load → check → template → doc tree → figures → render → write atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import os
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from . import doc as d
from .brief import Brief, brief_names, load_brief
from .errors import BriefError, BriefkitError, FontError, Loc, Report
from .facts.model import FactBase
from .files import SHANGHAI as TZ, atomic_path, atomic_write, human_size


@dataclass
class Output:
    """One written file."""

    format: str
    path: Path
    size: int
    sha256: str
    pages: int | None


@dataclass
class BuildResult:
    """What a build wrote, what it used and how long each stage took."""

    brief: Brief
    document: d.Document
    outputs: list[Output]
    facts_used: list[str]
    sources_used: list[str]
    data_as_of: str
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list = field(default_factory=list)


class _Timer:
    def __init__(self):
        self.t: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.t[name] = self.t.get(name, 0.0) + time.perf_counter() - start


def load_facts(root: Path, report: Report | None = None) -> FactBase:
    """Load the fact base (raises FactsError if any fact is wrong)."""
    from .facts.load import load_factbase

    return load_factbase(root, report)


def created_time(brief: Brief) -> dt.datetime:
    """Return the timestamp written into outputs: SOURCE_DATE_EPOCH, else the brief's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), TZ)
    return dt.datetime(brief.date.year, brief.date.month, brief.date.day, tzinfo=TZ)


def compose(root: Path, base: FactBase, brief: Brief, report: Report,
            recipient: dict | None = None, extra_chapters: list | None = None):
    """Template a brief into a Document (figures not yet drawn); problems go to `report`."""
    from .templating import Templater

    variables = {"brief": {"title": brief.title, "audience": brief.audience_label or brief.audience,
                           "organiser": brief.organiser, "date": brief.date_zh()}}
    if recipient is not None:
        variables["recipient"] = recipient
    t = Templater(root, base, brief.audience, report, variables)
    chapters = [(c.name, c.loc) for c in brief.chapters] + list(extra_chapters or [])
    rendered = t.build(chapters)
    used = [base.facts[i] for i in rendered.facts_used]
    for f in used:  # a fact shown without a citation mark still names its source in the pack
        if f.source not in rendered.sources:
            rendered.sources.append(f.source)
    latest = max((f.as_of.end for f in used), default=None)
    as_of_text = f"数据截至{latest.zh()}" if latest else ""
    blocks: list[d.Block] = [d.TableOfContents()] + rendered.blocks
    if brief.fact_index and used:
        blocks += _fact_index(base, rendered)
    blocks.append(d.SourceList([d.SourceEntry(i + 1, base.sources[s].citation(), f"src-{i + 1}")
                                for i, s in enumerate(rendered.sources)]))
    created = created_time(brief)
    label = brief.audience_label
    dedication = ""
    header = brief.header or (f"{brief.title} · {label}" if label else brief.title)
    if recipient is not None:
        dedication = f"敬呈　{recipient.get('name', '')}"
        short = recipient.get("short_name") or recipient.get("name", "")
        header = f"{brief.title} · 敬呈{short}"
    document = d.Document(
        meta=d.Meta(title=f"{brief.title}（{label}）" if label else brief.title,
                    author=brief.author or brief.organiser, subject=brief.subject or brief.subtitle,
                    keywords=brief.keywords, created=created.isoformat(), header=header,
                    footer=brief.organiser),
        cover=d.Cover(title=brief.title, subtitle=brief.subtitle, audience=label,
                      organiser=brief.organiser, date=brief.date_zh(), data_as_of=as_of_text,
                      dedication=dedication, contact=list(brief.contact)),
        blocks=blocks, theme=brief.theme)
    return document, rendered, as_of_text


def _fact_index(base: FactBase, rendered) -> list[d.Block]:
    rows = []
    for fid in rendered.facts_used:
        f = base.facts[fid]
        n = rendered.sources.index(f.source) + 1
        rows.append([[d.Text(f.label)], [d.Text(f.text()), d.Citation(n)], [d.Text(f.as_of.zh())],
                     [d.Text(f.id)]])
    n_tables = sum(isinstance(b, d.Table) for b in rendered.blocks)
    return [d.Heading(1, "附录　数据索引", "appendix-facts"),
            d.Paragraph([d.Text("本手册引用的每个数字均来自徐汇区事实库。下表列出各项数据的口径时间与出处（方括号内为"
                                "资料来源编号）；“编号”对应事实库条目，可据此查到原文语句。")], "note"),
            d.Table(["指标", "数值", "时间", "编号"], rows, "本手册所用数据一览", n_tables + 1,
                    ["l", "r", "c", "l"], [3.0, 1.8, 1.9, 3.3])]


def draw_figures(rendered, theme: d.Theme) -> None:
    """Draw (or take from the cache) every chart and point its Figure at the PNG."""
    from .figures import ChartSpec, image_path

    for fig, req in rendered.charts:
        spec = ChartSpec(kind=req.kind, labels=tuple(req.labels),
                         values=tuple(float(f.value) for f in req.facts),
                         texts=tuple(f.text() for f in req.facts), unit=req.unit,
                         palette=tuple(theme.palette), text_colour=theme.text, muted=theme.muted,
                         note=req.note, scale=round(max(1.0, theme.body_size / 10.5), 2))
        fig.image = str(image_path(spec))
        fig.aspect = spec.aspect


def check_glyphs(document: d.Document, rendered, base: FactBase, root: Path, report: Report) -> None:
    """Report every character the embedded fonts cannot draw, with where it comes from."""
    from . import fonts

    text = document.text() + "".join(lab for _, req in rendered.charts for lab in req.labels)
    bad = sorted(set(fonts.missing(text, "serif")) | set(fonts.missing(text, "sans")))
    for ch in bad:
        report.error(_where(ch, rendered, base, root), f"the fonts cannot draw {fonts.describe(ch)}",
                     "replace it with a character the fonts have, or remove it")


def _where(ch: str, rendered, base: FactBase, root: Path) -> Loc | None:
    for fid in rendered.facts_used:
        f = base.facts[fid]
        for key in ("label", "unit", "value"):
            if ch in str(getattr(f, key)):
                return f.at(key)
    for path in sorted((root / "templates").rglob("*.md")) + sorted((root / "briefs").glob("*.yaml")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for n, line in enumerate(lines, 1):
            if ch in line:
                return Loc(path.relative_to(root).as_posix(), n, line.index(ch) + 1)
    return None


def renderer(fmt: str):
    """Return the renderer module for a format (briefkit.render.<fmt>)."""
    return importlib.import_module(f"briefkit.render.{fmt}")


def build(root: Path, name: str, out_dir: Path, formats=None, base: FactBase | None = None,
          recipient: dict | None = None, stem: str | None = None, extra_chapters=None,
          strict: bool = False, parallel: bool = False) -> BuildResult:
    """Build one brief into out_dir; every output appears whole or not at all.

    parallel=True renders the formats in separate processes (used by the command line for a
    single pack; batch builds are parallel per recipient instead)."""
    timer = _Timer()
    report = Report()
    with timer.stage("facts"):
        if base is None:
            base = load_facts(root)
        brief = load_brief(root, name)
    with timer.stage("templating"):
        document, rendered, as_of_text = compose(root, base, brief, report, recipient, extra_chapters)
        if brief.max_fact_age is not None:
            from .facts.check import check_age

            check_age(base, brief.max_fact_age, brief.date, report, set(rendered.facts_used),
                      rendered.facts_used)
        if not report.errors:
            check_glyphs(document, rendered, base, root, report)
    if strict:
        report.problems = [p.as_error() for p in report.problems]
    if report.errors:
        errs = [p for p in report.problems]
        cls = FontError if any("fonts cannot draw" in p.message for p in report.errors) else BriefkitError
        raise cls(errs)
    with timer.stage("figures"):
        draw_figures(rendered, brief.theme)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = stem or brief.name
    formats = list(dict.fromkeys(formats or brief.formats))  # pdf twice is pdf once
    outputs: list[Output] = []
    # Every format is renamed into place only once all of them rendered; a failure leaves none.
    with ExitStack() as stack:
        temps = [(fmt, stack.enter_context(atomic_path(out_dir / f"{stem}.{fmt}"))) for fmt in formats]
        pages = _render_all(document, temps, timer, parallel)
        for fmt, tmp in temps:
            data = tmp.read_bytes()
            outputs.append(Output(fmt, out_dir / f"{stem}.{fmt}", len(data),
                                  hashlib.sha256(data).hexdigest(), pages[fmt]))
    used_sources = list(rendered.sources)
    return BuildResult(brief, document, outputs, list(rendered.facts_used), used_sources,
                       as_of_text, timer.t, report.warnings)


def _render_one(fmt: str, document: d.Document, tmp: Path):
    start = time.perf_counter()
    return renderer(fmt).render(document, tmp), time.perf_counter() - start


def _render_all(document: d.Document, jobs: list[tuple[str, Path]], timer: _Timer,
                parallel: bool) -> dict:
    """Render every format; with `parallel`, all but the first in forked processes (2 cores:
    the DOCX is written while the PDF is laid out)."""
    if not parallel or len(jobs) < 2 or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        pages = {}
        for fmt, tmp in jobs:
            with timer.stage(fmt):
                pages[fmt] = renderer(fmt).render(document, tmp)
        return pages
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(jobs) - 1, mp_context=ctx) as pool:
        futures = {fmt: pool.submit(_render_one, fmt, document, tmp) for fmt, tmp in jobs[1:]}
        fmt, tmp = jobs[0]
        pages = {}
        with timer.stage(fmt):
            pages[fmt] = renderer(fmt).render(document, tmp)
        for fmt, fut in futures.items():
            pages[fmt], seconds = fut.result()
            timer.t[fmt] = seconds
    return {fmt: pages[fmt] for fmt, _ in jobs}


# ---- manifest ----------------------------------------------------------------------------------


@contextmanager
def _locked(path: Path):
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(".manifest.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def record(out_dir: Path, result: BuildResult, base: FactBase) -> None:
    """Add or replace the brief's entry in out/manifest.json (atomically, under a lock)."""
    path = out_dir / "manifest.json"
    b = result.brief
    entry = {
        "brief": b.name, "title": b.title, "subtitle": b.subtitle, "audience": b.audience,
        "audience_label": b.audience_label, "date": b.date.isoformat(),
        "data_as_of": result.data_as_of,
        "download_name": b.download_name or f"{b.title}-{b.audience_label or b.name}",
        "built_at": dt.datetime.now(TZ).isoformat(timespec="seconds")
        if "SOURCE_DATE_EPOCH" not in os.environ else created_time(b).isoformat(),
        "briefkit_version": __version__,
        "facts": result.facts_used,
        "sources": [{"id": s, "file": base.sources[s].file, "publisher": base.sources[s].publisher,
                     "title": base.sources[s].title} for s in result.sources_used],
        "outputs": [{"format": o.format, "file": o.path.name, "size": o.size, "sha256": o.sha256,
                     "pages": o.pages} for o in result.outputs],
    }
    with _locked(path):
        data = {"briefkit_version": __version__, "packs": []}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                pass
        packs = [p for p in data.get("packs", []) if p.get("brief") != b.name]
        packs.append(entry)
        packs.sort(key=lambda p: p["brief"])
        data = {"briefkit_version": __version__, "packs": packs}
        atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2))


# ---- command-line entry points (called from cli.py, which prints) --------------------------------


def cli_build(args, root: Path) -> int:
    """`briefkit build`: build one brief, every brief (--all), or one pack per recipient."""
    from .cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, _print_problems

    if args.recipients:
        from . import invitations

        return invitations.cli_invitations(args, root)
    names = brief_names(root) if args.all else ([args.brief] if args.brief else [])
    if not names:
        print("briefkit build: name a brief (e.g. `briefkit build soe`) or use --all", file=sys.stderr)
        return EXIT_USAGE
    from . import fonts

    fonts.prepare(log=lambda m: print(m, file=sys.stderr))
    t0 = time.perf_counter()
    base = load_facts(root)
    out_dir = Path(args.out)
    failed: list[str] = []
    for name in names:
        start = time.perf_counter()
        try:
            result = build(root, name, out_dir, args.format, base=base, strict=args.strict,
                           parallel=True)
        except BriefkitError as e:
            if len(names) == 1:
                raise
            _print_problems(e.problems)  # one broken brief must not stop the others
            print(f"{name}: not built; its previous files in {out_dir}/ are unchanged", file=sys.stderr)
            failed.append(name)
            continue
        record(out_dir, result, base)
        _print_problems(result.warnings)
        if not args.quiet:
            files = ", ".join(f"{o.path} ({o.pages} 页, {human_size(o.size)})" if o.pages else
                              f"{o.path} ({human_size(o.size)})" for o in result.outputs)
            print(f"built {files} in {time.perf_counter() - start:.1f} s")
    if len(names) > 1 and not args.quiet:
        print(f"{len(names) - len(failed)} of {len(names)} packs in {time.perf_counter() - t0:.1f} s")
    if failed:
        print(f"not built: {', '.join(failed)}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def cli_check(args, root: Path) -> int:
    """`briefkit check`: facts, briefs and templates, all problems in one run; writes nothing."""
    from .cli import _finish
    from .checking import check_project

    report = Report()
    summary = check_project(root, report, Path(args.sources) if args.sources else None)
    return _finish(report, args.strict, summary)
