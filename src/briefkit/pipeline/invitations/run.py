"""Running an invitation batch: one pack per recipient in a pool of processes, then report and zip.

The pool is forked once the parent has read the facts, templated every distinct chapter set and
drawn its charts (`_warm`), so workers start with the fonts, renderers and fact base in memory;
the run's shared settings reach each worker once, as it starts, and tasks carry only a few
recipients each. With `resume`, packs an earlier run built from the same inputs are kept
(resume.py) and only the others are built.
"""

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
from .resume import SAVE_EVERY, State, shared_inputs, state_path


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
    outputs: list[tuple[str, str, int]] = field(default_factory=list)  # (file name, sha256, size)
    kept: bool = False  # left as an earlier run built it (--resume): nothing of it changed
    why: str = ""  # with --resume, for a pack that was built: what had changed

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
    resumed: bool = False  # run with resume: packs built earlier from the same inputs were kept

    @property
    def failed(self) -> list[PackResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> list[PackResult]:
        return [r for r in self.results if r.ok]

    @property
    def kept(self) -> list[PackResult]:
        return [r for r in self.results if r.kept]


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
    """What every pack of a run shares; each worker gets it once, as it starts (with fork,
    nothing is pickled: sending the fact base with every pack cost about 35 ms of CPU a pack)."""

    root: Path
    brief: str
    out_dir: Path
    formats: list[str]
    base: object  # FactBase
    strict: bool


_JOB: _Job | None = None  # in a worker: the run's job, set by _start_worker
CHUNK = 4  # packs per task at most: fewer round trips, and a worker that dies loses only these


def _start_worker(job: _Job) -> None:
    import signal

    global _JOB
    _JOB = job
    # Ctrl-C is the parent's to handle: it cancels the packs not yet started and lets the
    # running ones finish, so no worker dies between a pack's files or inside the pool's queues.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build_chunk(tasks: list[PackPlan]) -> list[PackResult]:
    """Build a few packs in a worker, one after the other."""
    return [_build_one(_JOB, t) for t in tasks]


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
        res.outputs = [(o.path.name, o.sha256, o.size) for o in out.outputs]
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
        strict: bool = False, resume: bool = False) -> InvitationRun:
    """Build one pack per recipient into out_dir/<brief>/, then report.csv and invitations.zip.

    `recipients` is a CSV path or a list of dicts (keys as COLUMNS). A wrong recipients file or
    template raises BriefkitError before anything is built; a pack that fails is recorded in the
    result and the others go on. `jobs` 0 means every core. `progress` hears of every pack
    built; `log` receives the one-time font preparation message. With `resume`, a pack an
    earlier run built from the same inputs, whose files are unchanged, is kept (resume.py).
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
    font_paths = fonts.prepare(log=log)
    formats = list(formats or brief.formats)
    pack_dir = out_dir / brief.name
    recipients_file = Path(recipients) if isinstance(recipients, (str, Path)) else None
    state = State(state_path(pack_dir), shared_inputs(root, recipients_file, font_paths.values(),
                                                      formats, strict))
    results: list[PackResult | None] = [None] * len(tasks)
    todo: list[PackPlan] = []
    why: dict[int, str] = {}  # with resume: index → why the pack is built again
    for t in tasks:
        decision = state.decide(t, pack_dir) if resume else None
        if decision is not None and decision.kept:
            files = state.packs[t.slug]["files"]
            results[t.index] = PackResult(
                t.index, t.recipient, t.slug, t.sector, message=t.note,
                files=[pack_dir / name for name, _, _ in files], pages=decision.pages,
                warnings=decision.warnings, outputs=[tuple(o) for o in files], kept=True)
        else:
            todo.append(t)
            if decision is not None:
                why[t.index] = decision.why
    if todo:
        base = load_facts(root)
        _warm(root, base, brief, todo, formats)
    else:
        base = None  # every pack is kept: nothing to template or draw
    pack_dir.mkdir(parents=True, exist_ok=True)
    job = _Job(root, brief.name, pack_dir, formats, base, strict)
    n_jobs = min(jobs or os.cpu_count() or 1, len(todo))
    setup = time.perf_counter() - t0
    t_build = time.perf_counter()
    built = 0
    last_save = float("-inf")  # the first pack is recorded at once, then about once a second

    def done(res: PackResult) -> None:
        nonlocal built, last_save
        res.why = why.get(res.index, "")
        results[res.index] = res
        built += 1
        state.record(tasks[res.index], res.ok, res.outputs, res.pages, res.warnings)
        if time.perf_counter() - last_save >= SAVE_EVERY:  # a killed run loses a second at most
            state.save()
            last_save = float("-inf")  # the first pack is recorded at once, then about once a second
        if progress is not None:
            progress.done(res, built, len(todo), time.perf_counter() - t_build)

    def started() -> None:
        if progress is not None:
            progress.start(len(todo))

    try:
        if n_jobs <= 1:
            started()
            for t in todo:
                done(_build_one(job, t))
        else:
            _run_pool(todo, job, n_jobs, done, started)
    finally:
        state.save()  # Ctrl-C too: what was built is kept for --resume
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
    state.keep_only({t.slug for t in tasks})
    state.save()
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
                         built_at.isoformat(timespec="seconds"), read, stale, resume)


def _chunks(tasks: list[PackPlan], n_jobs: int) -> list[list[PackPlan]]:
    """Split tasks into runs of consecutive packs: up to CHUNK each, and at least four tasks a
    worker, so that no core waits long at the end."""
    size = max(1, min(CHUNK, len(tasks) // (n_jobs * 4)))
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def _run_pool(tasks: list[PackPlan], job: _Job, n_jobs: int, done, started) -> None:
    """Build tasks in n_jobs processes (forked where possible: fonts, imports and the fact base
    are shared copy-on-write); a worker that dies fails only the packs it had not returned."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = (multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods()
           else None)
    ex = ProcessPoolExecutor(n_jobs, mp_context=ctx, initializer=_start_worker, initargs=(job,))
    try:
        futures = {ex.submit(_build_chunk, chunk): chunk for chunk in _chunks(tasks, n_jobs)}
        started()  # after the workers are forked: a progress bar may start a monitor thread
        for fut in as_completed(futures):
            try:
                chunk_results = fut.result()
            except Exception as e:  # BrokenProcessPool: the worker died (killed, out of memory)
                chunk_results = [PackResult(t.index, t.recipient, t.slug, t.sector, "failed",
                                            f"worker process failed: {type(e).__name__}: {e}")
                                 for t in futures[fut]]
            for res in chunk_results:
                done(res)
    finally:
        ex.shutdown(wait=True, cancel_futures=True)
