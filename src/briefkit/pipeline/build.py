"""Build one pack: compose → validate → figures → render → write every format atomically."""

from __future__ import annotations

import hashlib
import importlib
import os
import time
from contextlib import ExitStack
from pathlib import Path

from .. import doc as d
from ..brief import Brief, load_brief
from ..compose import compose
from ..errors import BriefkitError, FontError, Report
from ..facts.model import FactBase
from ..files import atomic_path, output_file, output_folder
from .check import check_glyphs, check_layout
from .result import BuildResult, Output, Timer


def load_facts(root: Path, report: Report | None = None) -> FactBase:
    """Load the fact base (raises FactsError if any fact is wrong); without a `report` to fill,
    from the cache when its files did not change (facts/cache.py)."""
    if report is None:
        from ..facts import cache

        return cache.load(root)
    from ..facts.load import load_factbase

    return load_factbase(root, report)


def chart_spec(req, theme: d.Theme, language: str = "zh"):
    """Return the ChartSpec of a chart request: its numbers, texts and labels taken from facts."""
    from ..figures import ChartSpec, year_positions

    factor, unit = 1.0, req.unit
    if language == "en":  # English axes: RMB billion, million m²; the bars say what the prose says
        from ..facts.format_en import chart_unit_en

        factor, unit = chart_unit_en(req.unit)
    return ChartSpec(kind=req.kind, labels=tuple(req.labels),
                     values=tuple(float(f.value) * factor for f in req.facts),
                     texts=tuple(f.text_in(language) for f in req.facts), unit=unit,
                     palette=tuple(theme.palette), text_colour=theme.text, muted=theme.muted,
                     note=req.note, scale=round(max(1.0, theme.body_size / 10.5), 2),
                     growth=tuple(req.growth),
                     positions=year_positions(req.kind, [f.as_of for f in req.facts]),
                     language=language)


def draw_figures(rendered, theme: d.Theme, language: str = "zh") -> None:
    """Draw (or take from the cache) every chart and point its Figure at the PNG."""
    from ..figures import image_path

    for fig, req in rendered.charts:
        spec = chart_spec(req, theme, language)
        fig.image = str(image_path(spec))
        fig.aspect = spec.aspect


def clashes_of(root: Path, brief: Brief) -> list:
    """Return the clashes with other briefs (same card, same download names) that `check`
    reports at this brief; briefs that do not load are left out (check reports them)."""
    from ..brief import brief_names, label_clashes

    briefs = []
    for other in brief_names(root):
        if other == brief.name:
            briefs.append(brief)
            continue
        try:
            briefs.append(load_brief(root, other))
        except BriefkitError:
            continue
    return [p for p in label_clashes(briefs) if p.loc and p.loc.path == brief.path]


def renderer(fmt: str):
    """Return the renderer module for a format (briefkit.render.<fmt>)."""
    return importlib.import_module(f"briefkit.render.{fmt}")


def build(root: Path, name: str, out_dir: Path, formats=None, base: FactBase | None = None,
          recipient: dict | None = None, stem: str | None = None, extra_chapters=None,
          strict: bool = False, parallel: bool = False, worker=None) -> BuildResult:
    """Build one brief into out_dir; every output appears whole or not at all.

    parallel=True renders the formats in separate processes (used by the command line for a
    single pack; batch builds are parallel per recipient instead). `worker` (the worker.Workers
    the command line forked at its start) renders the PDF and the DOCX, each in its own process;
    any other format is written here meanwhile."""
    timer = Timer()
    report = Report()
    with timer.stage("facts"):
        if base is None:
            base = load_facts(root)
        brief = load_brief(root, name)
    clashes = clashes_of(root, brief) if recipient is None else []
    if clashes:  # what `check` refuses of this brief beside the others, build refuses too
        raise BriefkitError(clashes)
    if brief.kind == "deck":
        from .deck import build_deck

        return build_deck(root, brief, base, out_dir, formats, stem or brief.name, strict, timer,
                          parallel)
    with timer.stage("templating"):
        document, rendered, as_of_text = compose(root, base, brief, report, recipient, extra_chapters)
        if brief.max_fact_age is not None:
            from ..facts.check import check_age

            check_age(base, brief.max_fact_age, brief.date, report, set(rendered.facts_used),
                      rendered.facts_used)
        if not report.errors:
            check_glyphs(document, rendered, base, root, report)
            check_layout(document, brief, report, recipient is not None)
    if strict:
        report.problems = [p.as_error() for p in report.problems]
    if report.errors:
        errs = [p for p in report.problems]
        cls = FontError if any("fonts cannot draw" in p.message for p in report.errors) else BriefkitError
        raise cls(errs)
    with timer.stage("figures"):
        draw_figures(rendered, brief.theme, brief.language)
    output_folder(out_dir)
    stem = stem or brief.name
    formats = list(dict.fromkeys(formats or brief.formats))  # pdf twice is pdf once
    outputs: list[Output] = []
    # Every format is renamed into place only once all of them rendered; a failure leaves none.
    with ExitStack() as stack:
        temps = [(fmt, stack.enter_context(atomic_path(output_file(out_dir, stem, fmt))))
                 for fmt in formats]
        pages = _render_all(document, temps, timer, parallel, worker)
        for fmt, tmp in temps:
            data = tmp.read_bytes()
            outputs.append(Output(fmt, out_dir / f"{stem}.{fmt}", len(data),
                                  hashlib.sha256(data).hexdigest(), pages[fmt]))
    used_sources = list(rendered.sources)
    return BuildResult(brief, document, outputs, list(rendered.facts_used), used_sources,
                       as_of_text, timer.t, report.warnings, list(rendered.facts_printed))


def _render_all(document: d.Document, jobs: list[tuple[str, Path]], timer: Timer,
                parallel: bool, worker=None) -> dict:
    """Render every format; with `parallel`, PDF + DOCX at once, the DOCX in a forked process
    (2 cores: the DOCX is written while the PDF is laid out); with a ready `worker`, the PDF
    there and the rest here."""
    fmts = [fmt for fmt, _ in jobs]
    if worker is not None and worker.pdf.ready and "pdf" in fmts:
        return _in_workers(document, dict(jobs), timer, worker)
    if parallel and sorted(fmts) == ["docx", "pdf"] and (os.cpu_count() or 1) > 1 \
            and hasattr(os, "fork"):
        return _docx_beside_pdf(document, dict(jobs), timer)
    if any(fmt != "pdf" for fmt, _ in jobs):
        # The PDF is laid out first: its page of every heading goes to the other formats through
        # the document (Document.pages), for the DOCX's table of contents.
        record = d.LayoutRecord()
        pdf_jobs = [(fmt, tmp) for fmt, tmp in jobs if fmt == "pdf"]
        with timer.stage("pdf"):
            if pdf_jobs:
                pages0 = {"pdf": renderer("pdf").render(document, pdf_jobs[0][1], record)}
            else:
                import io

                renderer("pdf").render(document, io.BytesIO(), record)
                pages0 = {}
        document.pages = dict(record.anchor_pages)
        rest = [(fmt, tmp) for fmt, tmp in jobs if fmt != "pdf"]
        for fmt, tmp in rest:
            with timer.stage(fmt):
                pages0[fmt] = renderer(fmt).render(document, tmp)
        return {fmt: pages0[fmt] for fmt, _ in jobs}
    # Only PDFs are left, and formats come de-duplicated: that is one PDF, rendered here.
    pages = {}
    for fmt, tmp in jobs:
        with timer.stage(fmt):
            pages[fmt] = renderer(fmt).render(document, tmp)
    return pages


def _in_workers(document: d.Document, tmps: dict, timer: Timer, workers) -> dict:
    """Send the PDF and the DOCX to their workers and write any other format here meanwhile.
    The DOCX's table of contents gets the PDF's pages when the PDF has them (the serial build's
    bytes); another format is written here once the pages are known, as in the serial build."""
    pdf_worker = workers.pdf
    docx_worker = workers.docx if "docx" in tmps and workers.docx.ready else None
    pdf: dict = {}

    def pdf_pages() -> dict:
        if not pdf:
            pdf["pages"], anchors, timer.t["pdf"] = pdf_worker.result()
            document.pages = dict(anchors)
        return document.pages

    try:
        pdf_worker.submit(document, tmps["pdf"])
        if docx_worker is not None:
            docx_worker.submit(document, tmps["docx"])
        pages = {}
        for fmt, tmp in tmps.items():
            if fmt == "pdf" or (fmt == "docx" and docx_worker is not None):
                continue
            with timer.stage(fmt):
                if fmt == "docx":
                    pages[fmt] = renderer(fmt).render(document, tmp, pages_later=pdf_pages)
                else:
                    pdf_pages()
                    pages[fmt] = renderer(fmt).render(document, tmp)
        pdf_pages()
        if docx_worker is not None:
            docx_worker.send_pages(document.pages)
            pages["docx"], _, timer.t["docx"] = docx_worker.result()
    except BaseException:  # a format failed or the build was interrupted: the others stop too
        pdf_worker.abandon()
        if docx_worker is not None:
            docx_worker.abandon()
        raise
    pages["pdf"] = pdf["pages"]
    return {fmt: pages[fmt] for fmt in tmps}


def _docx_beside_pdf(document: d.Document, tmps: dict, timer: Timer) -> dict:
    """Render the PDF here and the DOCX in a forked process at the same time (2 cores); the
    DOCX's table of contents gets the PDF's pages at the end (docx.render's pages_later), so its
    bytes are those of the serial build."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    pages_in, pages_out = ctx.Pipe(duplex=False)
    result_in, result_out = ctx.Pipe(duplex=False)
    # fork: the child gets the document as it is, nothing is pickled
    child = ctx.Process(target=_docx_child,
                        args=(document, tmps["docx"], pages_in, pages_out, result_out))
    child.start()
    pages_in.close()  # each end lives in one process only: a closed writer is seen as EOF
    result_out.close()
    try:
        record = d.LayoutRecord()
        with timer.stage("pdf"):
            pages = {"pdf": renderer("pdf").render(document, tmps["pdf"], record)}
        document.pages = dict(record.anchor_pages)
        try:
            pages_out.send(document.pages)
        except OSError:  # the DOCX failed before it asked: its error follows on result_in
            pass
        try:
            status, value, seconds = result_in.recv()
        except EOFError:
            child.join(timeout=5)
            raise RuntimeError(f"the DOCX worker ended without a result (exit code "
                               f"{child.exitcode})") from None
    except BaseException:  # the PDF failed or the build was interrupted: stop the DOCX now
        pages_out.close()
        child.kill()
        child.join()
        raise
    pages_out.close()
    child.join(timeout=60)
    if status == "error":
        raise value
    pages["docx"], timer.t["docx"] = value, seconds
    return pages


def _docx_child(document: d.Document, tmp: Path, pages_in, pages_out, result_out) -> None:
    pages_out.close()  # the parent's end, inherited by the fork
    start = time.perf_counter()
    try:
        value = renderer("docx").render(document, tmp, pages_later=pages_in.recv)
        result_out.send(("ok", value, time.perf_counter() - start))
    except EOFError:  # the PDF failed: the parent has gone on to report that
        pass
    except BaseException as e:  # noqa: BLE001 — handed to the parent, which raises it
        try:
            result_out.send(("error", e, 0.0))
        except Exception:  # an exception that cannot be pickled: say what it was
            result_out.send(("error", RuntimeError(f"{type(e).__name__}: {e}"), 0.0))
    finally:
        result_out.close()
        os._exit(0)
