"""Running an invitation batch: one pack per recipient in a pool of processes, then report and zip."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ...errors import BriefError, BriefkitError, Problem, Report, TemplateError
from ...files import SHANGHAI, shown_path
from .package import REPORT_NAME, ZIP_NAME, StalePack, remove_stale, stale_packs, write_report, write_zip
from .plan import PackPlan, plan
from .recipients import Recipient, load_recipients, recipients_from_rows


@dataclass
class PackResult:
    """One recipient's pack: what was written, or why not, and how long it took."""

    index: int  # 0-based position in the recipients list
    recipient: Recipient
    slug: str
    sector: str  # the sector chapter used (a key of the sector table, 'default', or '' for none)
    status: str = "ok"  # "ok" or "failed"
    message: str = ""
    files: list[Path] = field(default_factory=list)
    pages: int | None = None  # of the PDF
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # build stages, as in BuildResult
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class InvitationRun:
    """Everything one run wrote, per recipient and in total."""

    brief: str
    where: str  # the recipients file as shown in messages
    out_dir: Path  # out/<brief>/
    results: list[PackResult]  # in recipients order
    zip_path: Path
    report_path: Path
    jobs: int
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # setup, build, package
    warnings: list[Problem] = field(default_factory=list)
    title: str = ""  # the brief's, for the download page
    audience_label: str = ""
    date: str = ""  # the brief's date, ISO
    built_at: str = ""  # ISO time (SOURCE_DATE_EPOCH's when set)
    read: str = ""  # how the recipients file was read: its kind, encoding and the columns used
    removed: list[StalePack] = field(default_factory=list)  # packs of recipients no longer listed

    @property
    def failed(self) -> list[PackResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> list[PackResult]:
        return [r for r in self.results if r.ok]


class Progress(Protocol):
    """What a run tells whoever shows its progress (the command line: a bar or one line a pack)."""

    def start(self, total: int) -> None:
        """The packs start building (workers, if any, are running)."""

    def done(self, result: PackResult, finished: int, total: int, elapsed: float) -> None:
        """One pack is finished (or failed); `elapsed` seconds since the packs started."""

    def close(self) -> None:
        """The run is over, or interrupted."""


@dataclass(frozen=True)
class _Job:
    """What every pack of a run shares; sent to the workers with each pack (about 10 ms)."""

    root: Path
    brief: str
    out_dir: Path
    formats: list[str]
    base: object  # FactBase
    strict: bool


def _ignore_sigint() -> None:
    import signal

    # Ctrl-C is the parent's to handle: it cancels the packs not yet started and lets the
    # running ones finish, so no worker dies between a pack's files or inside the pool's queues.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build_one(job: _Job, task: PackPlan) -> PackResult:
    """Build one recipient's pack (in a worker); never raises for a bad pack."""
    from ..build import build

    res = PackResult(task.index, task.recipient, task.slug, task.sector, message=task.note)
    start = time.perf_counter()
    try:
        out = build(job.root, job.brief, job.out_dir, job.formats, base=job.base,
                    recipient=task.recipient.variables(), stem=task.slug,
                    extra_chapters=[(task.chapter, task.loc)] if task.chapter else None,
                    strict=job.strict)
    except BriefkitError as e:
        errors = [p for p in e.problems if p.level == "error"] or e.problems
        res.status, res.message = "failed", "; ".join(p.message for p in errors)
    except Exception as e:  # a bug shows up as one failed pack, not a lost batch
        res.status, res.message = "failed", f"internal error: {type(e).__name__}: {e}"
    else:
        res.files = [o.path for o in out.outputs]
        res.pages = next((o.pages for o in out.outputs if o.format == "pdf"), None)
        res.timings = dict(out.timings)
        res.warnings = list(out.warnings)
    res.seconds = time.perf_counter() - start
    return res


def _warm(root: Path, base, brief, tasks: list[PackPlan], formats: list[str]) -> None:
    """Template each distinct chapter set once and draw its figures (cached on disk), so
    workers only find PNGs; raise if a template is wrong, since every pack would fail alike."""
    from ...compose import compose
    from ..build import draw_figures, renderer

    seen: set[str | None] = set()
    for t in tasks:
        if t.chapter in seen:
            continue
        seen.add(t.chapter)
        report = Report()
        extra = [(t.chapter, t.loc)] if t.chapter else None
        _, rendered, _ = compose(root, base, brief, report, t.recipient.variables(), extra)
        if report.errors:
            raise TemplateError(report.problems)
        draw_figures(rendered, brief.theme)
    for fmt in formats:  # import the renderers once, before forking
        renderer(fmt)


def run(root: Path | str, brief_name: str, recipients, out_dir: Path | str, jobs: int = 0,
        formats=None, progress: Progress | None = None, log=None,
        strict: bool = False) -> InvitationRun:
    """Build one pack per recipient into out_dir/<brief>/, then report.csv and invitations.zip.

    `recipients` is a CSV path or a list of dicts (keys as COLUMNS). A wrong recipients file or
    template raises BriefkitError before anything is built; a pack that fails is recorded in the
    result and the others go on. `jobs` 0 means every core. `progress` hears of every pack;
    `log` receives the one-time font preparation message.
    """
    from ... import fonts
    from ...brief import load_brief
    from ...compose import created_time
    from ..build import load_facts

    t0 = time.perf_counter()
    root, out_dir = Path(root), Path(out_dir)
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (all cores) or more, got {jobs}")
    progress = progress or None  # False (as older callers pass) is no progress
    report = Report()
    if isinstance(recipients, (str, Path)):
        where = shown_path(recipients, root)
        listing = load_recipients(recipients, report, where)
        people, read = listing.recipients, listing.summary
    else:
        where, read = "<recipients>", ""
        people = recipients_from_rows(recipients, report, where)
    if log is not None and read:
        log(f"{where}: {read}")
    brief = load_brief(root, brief_name)
    if brief.kind == "deck":  # one deck is presented to the room; packs are what each firm gets
        raise BriefError(Problem(brief.loc, f"'{brief_name}' is a deck: invitations are personalised packs",
                                 "build invitations from a pack brief, e.g. `make invitations AUDIENCE=soe`"))
    tasks = plan(root, brief.audience, people, where, report)
    if strict and report.warnings:
        raise BriefError([p.as_error() for p in report.problems])
    fonts.prepare(log=log)
    base = load_facts(root)
    formats = list(formats or brief.formats)
    _warm(root, base, brief, tasks, formats)
    pack_dir = out_dir / brief.name
    pack_dir.mkdir(parents=True, exist_ok=True)
    job = _Job(root, brief.name, pack_dir, formats, base, strict)
    n_jobs = min(jobs or os.cpu_count() or 1, len(tasks))
    setup = time.perf_counter() - t0

    results: list[PackResult | None] = [None] * len(tasks)
    t_build = time.perf_counter()

    def done(res: PackResult) -> None:
        results[res.index] = res
        if progress is not None:
            progress.done(res, sum(r is not None for r in results), len(tasks),
                          time.perf_counter() - t_build)

    def started() -> None:
        if progress is not None:
            progress.start(len(tasks))

    try:
        if n_jobs <= 1:
            started()
            for t in tasks:
                done(_build_one(job, t))
        else:
            _run_pool(tasks, job, n_jobs, done, started)
    finally:
        if progress is not None:
            progress.close()
    build_seconds = time.perf_counter() - t_build

    t_pack = time.perf_counter()
    final = [r for r in results if r is not None]
    report_path = pack_dir / REPORT_NAME
    # Packs of recipients taken off the list go, or a colleague zips or prints them by mistake;
    # only files the previous batch's report says briefkit made are touched.
    stale = stale_packs(pack_dir, {t.slug for t in tasks})
    remove_stale(stale)
    write_report(report_path, final, stale)
    zip_path = pack_dir / ZIP_NAME
    write_zip(zip_path, final, report_path, created_time(brief))
    warnings = list(report.warnings)
    seen = {p.format() for p in warnings}
    for r in final:
        for p in r.warnings:
            if p.format() not in seen:
                seen.add(p.format())
                warnings.append(p)
    built_at = (created_time(brief) if "SOURCE_DATE_EPOCH" in os.environ
                else dt.datetime.now(SHANGHAI).replace(microsecond=0))
    return InvitationRun(brief.name, where, pack_dir, final, zip_path, report_path, max(n_jobs, 1),
                         time.perf_counter() - t0,
                         {"setup": setup, "build": build_seconds,
                          "package": time.perf_counter() - t_pack}, warnings,
                         brief.title, brief.audience_label, brief.date.isoformat(),
                         built_at.isoformat(timespec="seconds"), read, stale)


def _run_pool(tasks: list[PackPlan], job: _Job, n_jobs: int, done, started) -> None:
    """Build tasks in n_jobs processes (forked where possible: fonts and imports are shared
    copy-on-write); a worker that dies fails only the packs it had not finished."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = (multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods()
           else None)
    ex = ProcessPoolExecutor(n_jobs, mp_context=ctx, initializer=_ignore_sigint)
    try:
        futures = {ex.submit(_build_one, job, t): t for t in tasks}
        started()  # after the workers are forked: a progress bar may start a monitor thread
        for fut in as_completed(futures):
            try:
                res = fut.result()
            except Exception as e:  # BrokenProcessPool: the worker died (killed, out of memory)
                t = futures[fut]
                res = PackResult(t.index, t.recipient, t.slug, t.sector, "failed",
                                 f"worker process failed: {type(e).__name__}: {e}")
            done(res)
    finally:
        ex.shutdown(wait=True, cancel_futures=True)
