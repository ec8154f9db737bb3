"""Personalised invitation packs: one PDF + DOCX per recipient of a CSV, built in parallel."""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefError, BriefkitError, Loc, Problem, Report, TemplateError, did_you_mean
from .files import atomic_path, atomic_write, shown_path

COLUMNS = ("name", "short_name", "sector", "contact", "title")  # only `name` is required
EXPECTED_HEADER = ",".join(COLUMNS)

# Sector key → the Chinese name shown in hints; each key has templates/<audience>/sectors/<key>.md.
SECTORS = {"energy": "能源", "electronics_it": "电子信息", "health": "医药健康",
           "materials_mining": "矿产材料", "finance": "金融", "services": "服务"}
DEFAULT_SECTOR = "default"  # the chapter for an empty or unknown sector
# What people write in the sector column (Chinese or English) → sector key.
SECTOR_ALIASES = {
    "能源": "energy", "电力": "energy", "石油": "energy", "石油天然气": "energy", "油气": "energy",
    "天然气": "energy", "煤炭": "energy", "新能源": "energy", "能源建设": "energy", "电网": "energy",
    "电子信息": "electronics_it", "电子": "electronics_it", "信息技术": "electronics_it",
    "集成电路": "electronics_it", "半导体": "electronics_it", "人工智能": "electronics_it",
    "数字经济": "electronics_it", "通信": "electronics_it", "软件": "electronics_it",
    "医药健康": "health", "医药": "health", "生命健康": "health", "生物医药": "health",
    "医疗": "health", "医疗器械": "health", "健康": "health", "大健康": "health",
    "矿产材料": "materials_mining", "矿产": "materials_mining", "矿业": "materials_mining",
    "材料": "materials_mining", "新材料": "materials_mining", "冶金": "materials_mining",
    "有色金属": "materials_mining", "钢铁": "materials_mining", "装备制造": "materials_mining",
    "金融": "finance", "金融服务": "finance", "投资": "finance", "银行": "finance",
    "保险": "finance", "证券": "finance",
    "服务": "services", "人力资源": "services", "人才服务": "services", "专业服务": "services",
    "咨询": "services", "人力资源服务": "services",
    "it": "electronics_it", "electronics": "electronics_it", "ict": "electronics_it",
    "healthcare": "health", "pharma": "health", "mining": "materials_mining",
    "materials": "materials_mining", "hr": "services", "service": "services",
}
SLUG_MAX = 40  # characters; keeps file names readable and far below 255 bytes
# Device names Windows refuses as file names, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
ZIP_NAME, REPORT_NAME = "invitations.zip", "report.csv"
REPORT_COLUMNS = ("recipient", "slug", "files", "pages", "status", "message")


@dataclass(frozen=True)
class Recipient:
    """One row of the recipients file."""

    name: str
    short_name: str = ""
    sector: str = ""
    contact: str = ""
    title: str = ""
    line: int | None = None  # where it is in the recipients file

    @property
    def display(self) -> str:
        """Return the name to show in progress lines: the short name, else the full name."""
        return self.short_name or self.name

    def variables(self) -> dict[str, str]:
        """Return the `recipient` template variable (short_name falls back to the full name)."""
        return {"name": self.name, "short_name": self.short_name or self.name, "sector": self.sector,
                "contact": self.contact, "title": self.title}


@dataclass
class PackResult:
    """One recipient's pack: what was written, or why not, and how long it took."""

    index: int  # 0-based position in the recipients list
    recipient: Recipient
    slug: str
    sector: str  # the sector chapter used (a key of SECTORS, 'default', or '' for none)
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

    @property
    def failed(self) -> list[PackResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> list[PackResult]:
        return [r for r in self.results if r.ok]


# ---- the recipients file -----------------------------------------------------------------------


def read_recipients(path: Path | str, report: Report | None = None,
                    where: str | None = None) -> list[Recipient]:
    """Read a recipients CSV; raise BriefError with every problem if any row is wrong."""
    report = report if report is not None else Report()
    where = where or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise BriefError([Problem(Loc(where), f"cannot read the recipients file: {e.strerror}",
                                  "give the path of a CSV file, e.g. briefs/recipients/soe.csv")])
    try:
        text = data.decode("utf-8-sig")  # a BOM (as Excel writes) is fine
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        hint = "save it as UTF-8 (in Excel: 另存为 → “CSV UTF-8（逗号分隔）”)"
        try:
            data.decode("gb18030")
            hint = "it looks like GBK/GB18030 text; " + hint
        except UnicodeDecodeError:
            pass
        raise BriefError([Problem(Loc(where, line), "the file is not UTF-8 text", hint)])
    rows = _csv_rows(text, where, report)
    recipients = _recipients(rows, where, report)
    report.raise_if_errors(BriefError)
    return recipients


def recipients_from_rows(rows, report: Report | None = None,
                         where: str = "<recipients>") -> list[Recipient]:
    """Turn dicts (or Recipients) into checked Recipients, numbered from 1 as lines."""
    report = report if report is not None else Report()
    numbered = []
    for i, row in enumerate(rows, 1):
        if isinstance(row, Recipient):
            row = {k: getattr(row, k) for k in COLUMNS}
        numbered.append((i, {k: str(row.get(k) or "") for k in COLUMNS}))
    recipients = _recipients(numbered, where, report)
    report.raise_if_errors(BriefError)
    return recipients


def _csv_rows(text: str, where: str, report: Report) -> list[tuple[int, dict[str, str]]]:
    """Return (line, {column: raw value}) for each data row; header problems go to `report`."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for values in reader:
            records.append((start, values))
            start = reader.line_num + 1
    except csv.Error as e:
        report.error(Loc(where, start), f"bad CSV: {e}",
                     'put a value with a comma or a quote in double quotes, and double a quote '
                     'inside it: "A""B"')
    records = [(n, v) for n, v in records if any(x.strip() for x in v)]  # blank lines
    header_hint = f"the first line names the columns: {EXPECTED_HEADER}"
    if not records:
        if not report.errors:
            report.error(Loc(where, 1), "the file is empty", header_hint)
        return []
    head_line, head = records[0]
    header = [h.replace("\ufeff", "").strip().lower() for h in head]
    if not set(header) & set(COLUMNS):
        report.error(Loc(where, head_line), "no header row: the first line must name the columns",
                     f"start the file with the line: {EXPECTED_HEADER}")
        return []
    if "name" not in header:
        near = did_you_mean("name", [h for h in header if h not in COLUMNS])
        report.error(Loc(where, head_line), "the header has no 'name' column",
                     f"{near[:-1]} — rename it to 'name'?" if near else header_hint)
    for i, h in enumerate(header):
        if h and h in header[:i]:
            report.error(Loc(where, head_line), f"column '{h}' appears twice in the header",
                         "keep one of them")
        elif h and h not in COLUMNS:
            report.warning(Loc(where, head_line), f"column '{h}' is not used and is ignored",
                           did_you_mean(h, COLUMNS) or f"columns: {', '.join(COLUMNS)}")
    if report.errors:
        return []
    rows = []
    for line, values in records[1:]:
        extra = [v for v in values[len(header):] if v.strip()]
        if extra:
            report.error(Loc(where, line), f"the line has {len(values)} values but the header "
                                           f"{len(header)} columns",
                         'put a value that contains a comma in double quotes, e.g. "A,B公司"')
            continue
        rows.append((line, {h: values[i] if i < len(values) else ""
                            for i, h in enumerate(header) if h in COLUMNS}))
    return rows


def _recipients(rows: list[tuple[int, dict[str, str]]], where: str,
                report: Report) -> list[Recipient]:
    """Check names (present, unique, printable) and return one Recipient per row."""
    out: list[Recipient] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        values = {}
        bad = False
        for col in COLUMNS:
            value = " ".join(str(row.get(col, "")).split())  # tabs, newlines, runs of spaces → one
            for ch in value:
                if unicodedata.category(ch) in ("Cc", "Cf"):
                    report.error(Loc(where, line), f"{col} contains an invisible control character "
                                                   f"U+{ord(ch):04X}",
                                 "retype the value; copied text sometimes carries invisible characters")
                    bad = True
                    break
            values[col] = value
        if not values["name"]:
            report.error(Loc(where, line), "empty name",
                         "every row needs the recipient's full official name, e.g. 中国五矿集团有限公司")
            continue
        key = unicodedata.normalize("NFKC", values["name"]).casefold()
        if key in seen:
            report.error(Loc(where, line), f"duplicate name '{values['name']}' (also on line {seen[key]})",
                         "each recipient appears once: remove or merge one of the rows")
            continue
        seen[key] = line
        if not bad:
            out.append(Recipient(line=line, **values))
    if not rows and not report.errors:
        report.error(Loc(where, 1), "the file lists no recipients",
                     "add one line per recipient below the header")
    return out


# ---- sectors and file names ----------------------------------------------------------------------


def resolve_sector(value: str) -> str | None:
    """Return the sector key for a sector as written (English key or Chinese name), None if unknown."""
    text = " ".join(value.split())
    if not text:
        return DEFAULT_SECTOR
    key = re.sub(r"[\s\-]+", "_", text.lower())
    if key in SECTORS or key == DEFAULT_SECTOR:
        return key
    return SECTOR_ALIASES.get(key) or SECTOR_ALIASES.get(text)


def sector_hint(value: str) -> str:
    """Return a hint for an unknown sector: the closest name, else every sector."""
    near = did_you_mean(value.strip().lower(), list(SECTORS) + list(SECTOR_ALIASES))
    listing = "sectors: " + ", ".join(f"{k} ({zh})" for k, zh in SECTORS.items())
    return f"{near} ({listing})" if near else listing


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


# ---- building ------------------------------------------------------------------------------------


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


@dataclass
class _State:
    root: Path
    brief: str
    out_dir: Path
    formats: list[str]
    base: object  # FactBase
    strict: bool


_STATE: _State | None = None  # set in the parent before forking, or by the pool initializer


def _init_worker(state: _State) -> None:
    global _STATE
    import signal

    # Ctrl-C is the parent's to handle: it cancels the packs not yet started and lets the
    # running ones finish, so no worker dies between a pack's files or inside the pool's queues.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE = state


def _build_one(task: PackPlan) -> PackResult:
    """Build one recipient's pack (in a worker); never raises for a bad pack."""
    from . import build

    st = _STATE
    res = PackResult(task.index, task.recipient, task.slug, task.sector, message=task.note)
    start = time.perf_counter()
    try:
        out = build.build(st.root, st.brief, st.out_dir, st.formats, base=st.base,
                          recipient=task.recipient.variables(), stem=task.slug,
                          extra_chapters=[(task.chapter, task.loc)] if task.chapter else None,
                          strict=st.strict)
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


def plan(root: Path, audience: str, recipients: list[Recipient], where: str,
         report: Report) -> list[PackPlan]:
    """Give every recipient a slug and a sector chapter; unknown sectors are warnings."""
    sector_dir = root / "templates" / audience / "sectors"
    have = {p.stem for p in sector_dir.glob("*.md")} if sector_dir.is_dir() else set()
    if recipients and not have:
        report.warning(Loc(f"templates/{audience}/sectors"), "no sector chapters for this audience; "
                       "packs are built without one", f"add templates/{audience}/sectors/default.md")
    tasks = []
    slugs = assign_slugs([r.short_name or r.name for r in recipients])
    for i, (r, slug) in enumerate(zip(recipients, slugs)):
        key, note = resolve_sector(r.sector), ""
        if key is None:
            note = f"unknown sector '{r.sector}'; the general chapter is used"
            report.warning(Loc(where, r.line), note, sector_hint(r.sector))
            key = DEFAULT_SECTOR
        if key not in have:
            key = DEFAULT_SECTOR if DEFAULT_SECTOR in have else ""
        chapter = f"sectors/{key}" if key else None
        tasks.append(PackPlan(i, r, slug, key, chapter, Loc(where, r.line), note))
    return tasks


def _warm(root: Path, base, brief, tasks: list[PackPlan], formats: list[str]) -> None:
    """Template each distinct chapter set once and draw its figures (cached on disk), so
    workers only find PNGs; raise if a template is wrong, since every pack would fail alike."""
    from . import build

    seen: set[str | None] = set()
    for t in tasks:
        if t.chapter in seen:
            continue
        seen.add(t.chapter)
        report = Report()
        extra = [(t.chapter, t.loc)] if t.chapter else None
        _, rendered, _ = build.compose(root, base, brief, report, t.recipient.variables(), extra)
        if report.errors:
            raise TemplateError(report.problems)
        build.draw_figures(rendered, brief.theme)
    for fmt in formats:  # import the renderers once, before forking
        build.renderer(fmt)


def run(root: Path | str, brief_name: str, recipients, out_dir: Path | str, jobs: int = 0,
        formats=None, progress: bool = True, log=None, strict: bool = False) -> InvitationRun:
    """Build one pack per recipient into out_dir/<brief>/, then report.csv and invitations.zip.

    `recipients` is a CSV path or a list of dicts (keys as COLUMNS). A wrong recipients file or
    template raises BriefkitError before anything is built; a pack that fails is recorded in the
    result and the others go on. `jobs` 0 means every core. `log` receives progress lines when
    no progress bar is shown (stderr not a terminal).
    """
    from . import build, fonts
    from .brief import load_brief

    t0 = time.perf_counter()
    root, out_dir = Path(root), Path(out_dir)
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (all cores) or more, got {jobs}")
    report = Report()
    if isinstance(recipients, (str, Path)):
        where = shown_path(recipients, root)
        people = read_recipients(recipients, report, where)
    else:
        where = "<recipients>"
        people = recipients_from_rows(recipients, report, where)
    brief = load_brief(root, brief_name)
    tasks = plan(root, brief.audience, people, where, report)
    if strict and report.warnings:
        raise BriefError([p.as_error() for p in report.problems])
    fonts.prepare(log=log)
    base = build.load_facts(root)
    formats = list(formats or brief.formats)
    _warm(root, base, brief, tasks, formats)
    pack_dir = out_dir / brief.name
    pack_dir.mkdir(parents=True, exist_ok=True)
    state = _State(root, brief.name, pack_dir, formats, base, strict)
    n_jobs = min(jobs or os.cpu_count() or 1, len(tasks))
    setup = time.perf_counter() - t0

    results: list[PackResult | None] = [None] * len(tasks)
    ui: dict = {"bar": None}
    t_build = time.perf_counter()

    def done(res: PackResult) -> None:
        results[res.index] = res
        k = sum(r is not None for r in results)
        bar = ui["bar"]
        if bar is not None:
            bar.update(1)
            if not res.ok:
                bar.write(f"{res.recipient.display}: failed: {res.message}", file=sys.stderr)
        elif progress and log:
            elapsed = time.perf_counter() - t_build
            left = elapsed / k * (len(tasks) - k)
            what = (", ".join(str(p) for p in res.files) + (f" ({res.pages} 页)" if res.pages else "")
                    if res.ok else f"failed: {res.message}")
            log(f"[{k}/{len(tasks)}] {res.recipient.display} → {what}  {res.seconds:.1f} s"
                + (f", ~{left:.0f} s left" if k < len(tasks) else ""))

    def start_bar() -> None:
        if progress and sys.stderr.isatty():
            from tqdm import tqdm

            ui["bar"] = tqdm(total=len(tasks), unit="pack", desc=brief.name, file=sys.stderr,
                             dynamic_ncols=True)

    global _STATE
    try:
        if n_jobs <= 1:
            _STATE = state
            start_bar()
            for t in tasks:
                done(_build_one(t))
        else:
            _run_pool(tasks, state, n_jobs, done, start_bar)
    finally:
        if ui["bar"] is not None:
            ui["bar"].close()
    build_seconds = time.perf_counter() - t_build

    t_pack = time.perf_counter()
    final = [r for r in results if r is not None]
    report_path = pack_dir / REPORT_NAME
    _write_report(report_path, final, pack_dir)
    zip_path = pack_dir / ZIP_NAME
    _write_zip(zip_path, final, report_path, build.created_time(brief))
    warnings = list(report.warnings)
    seen = {p.format() for p in warnings}
    for r in final:
        for p in r.warnings:
            if p.format() not in seen:
                seen.add(p.format())
                warnings.append(p)
    return InvitationRun(brief.name, where, pack_dir, final, zip_path, report_path, max(n_jobs, 1),
                         time.perf_counter() - t0,
                         {"setup": setup, "build": build_seconds,
                          "package": time.perf_counter() - t_pack}, warnings)


def _run_pool(tasks: list[PackPlan], state: _State, n_jobs: int, done, start_bar) -> None:
    """Build tasks in n_jobs processes (forked where possible: facts, fonts and imports are
    shared copy-on-write); a worker that dies fails only the packs it had not finished."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _STATE
    _STATE = state
    ctx = (multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods()
           else None)
    ex = ProcessPoolExecutor(n_jobs, mp_context=ctx, initializer=_init_worker, initargs=(state,))
    try:
        futures = {ex.submit(_build_one, t): t for t in tasks}
        start_bar()  # after the workers are forked: tqdm starts a monitor thread
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


# ---- report and zip ------------------------------------------------------------------------------


def _cell(value) -> str:
    """Return a report cell that a spreadsheet shows as text, never runs as a formula (OWASP
    CSV injection: a cell starting with = + - @ is a formula in Excel)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _write_report(path: Path, results: list[PackResult], pack_dir: Path) -> None:
    """Write report.csv atomically, UTF-8 with BOM so that Excel reads the Chinese."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(REPORT_COLUMNS)
    for r in results:
        files = "; ".join(p.name for p in r.files)
        w.writerow([_cell(x) for x in (r.recipient.name, r.slug, files, r.pages or "", r.status,
                                       r.message)])
    atomic_write(path, buf.getvalue().encode("utf-8-sig"))


def _write_zip(path: Path, results: list[PackResult], report_path: Path, when) -> None:
    """Write every pack and the report into one zip: recipients order, fixed timestamps."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    entries = [p for r in results if r.ok for p in r.files] + [report_path]
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as z:
        for p in entries:
            info = zipfile.ZipInfo(p.name, stamp)
            info.create_system = 3  # Unix, so the permissions below mean the same everywhere
            info.external_attr = 0o100644 << 16
            # DOCX is already a zip; PDFs shrink by about a quarter.
            info.compress_type = zipfile.ZIP_STORED if p.suffix == ".docx" else zipfile.ZIP_DEFLATED
            z.writestr(info, p.read_bytes())


# ---- command line (called from build.cli_build, which is called from cli.py) --------------------


def cli_invitations(args, root: Path) -> int:
    """`briefkit build <brief> --recipients CSV`: one pack per recipient, a report and a zip."""
    from .cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, _print_problems

    if args.all or not args.brief:
        print("briefkit build: --recipients builds one brief: name it, e.g. "
              "`briefkit build soe --recipients briefs/recipients/soe.csv`", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs < 0:
        print(f"briefkit build: --jobs must be 0 (all cores) or more, got {args.jobs}", file=sys.stderr)
        return EXIT_USAGE
    log = None if args.quiet else (lambda m: print(m, file=sys.stderr))
    try:
        result = run(root, args.brief, Path(args.recipients), Path(args.out), jobs=args.jobs,
                     formats=args.format, progress=not args.quiet, log=log, strict=args.strict)
    except KeyboardInterrupt:
        print(f"briefkit: interrupted; packs already built stay in {Path(args.out) / args.brief}, "
              "the report and zip are not written.", file=sys.stderr)
        return 130
    _print_problems(result.warnings)
    failed = result.failed
    _print_problems([Problem(Loc(result.where, r.recipient.line), f"{r.recipient.name}: {r.message}")
                     for r in failed])
    n, n_files = len(result.results), sum(len(r.files) for r in result.results)
    if failed:
        print(f"{len(failed)} of {n} packs failed; the others are written. "
              f"See {result.report_path}", file=sys.stderr)
    if not args.quiet:
        print(f"built {n - len(failed)} of {n} packs ({n_files} files) in {result.seconds:.1f} s "
              f"with {result.jobs} job{'s' if result.jobs != 1 else ''} → {result.zip_path}, "
              f"{result.report_path}")
    return EXIT_INPUT if failed else EXIT_OK
