"""Build a deck brief: compose slides → check → draw charts for projection → lay out → render."""

from __future__ import annotations

import hashlib
import importlib
import os
import time
from contextlib import ExitStack
from pathlib import Path

from ..doc import slides as s
from ..brief import Brief
from ..errors import BriefkitError, FontError, Problem, Report
from ..facts.model import FactBase
from ..files import atomic_path, output_file, output_folder

# The renderer of each deck format: the PPTX, and the slides' own PDF (not the pack's).
RENDERERS = {"pptx": "briefkit.render.pptx", "pdf": "briefkit.render.pdf.deck"}


def compose(root: Path, base: FactBase, brief: Brief, report: Report):
    """Return (deck, rendered, charts) for a deck brief; problems go to `report`."""
    from ..compose_deck import compose_deck

    return compose_deck(root, base, brief, report)


def check_glyphs(deck: s.Deck, rendered, report: Report) -> None:
    """Report every character of the deck the sans face cannot draw (slides use only sans)."""
    from .. import fonts

    text = deck.text() + "".join(lab for _, req in rendered.charts for lab in req.labels)
    for ch in fonts.missing(text, "sans"):
        report.error(None, f"the fonts cannot draw {fonts.describe(ch)}",
                     "replace it with a character the fonts have, or remove it")


def check_deck(root: Path, base: FactBase, brief: Brief, report: Report):
    """Compose and lay out a deck without drawing or writing anything (for `briefkit check`):
    template mistakes, glyphs and text that does not fit go to `report`. Return what templating
    used."""
    from ..slidelayout import layout

    n_errors = len(report.errors)
    deck, rendered, _ = compose(root, base, brief, report)
    if len(report.errors) == n_errors:
        check_glyphs(deck, rendered, report)
    if len(report.errors) == n_errors:
        try:
            layout(deck)
        except BriefkitError as e:
            report.extend(e.problems)
    return rendered


def draw_charts(charts, theme) -> None:
    """Draw every slide's chart at its box size, for projection, and point its Figure at it."""
    from ..figures import PROJECTION_SCALE, ChartSpec, image_path, year_positions
    from ..slidelayout import chart_box

    for fig, req, kind in charts:
        w, h = chart_box(kind, req.kind, len(req.facts))
        spec = ChartSpec(kind=req.kind, labels=tuple(req.labels),
                         values=tuple(float(f.value) for f in req.facts),
                         texts=tuple(f.text() for f in req.facts), unit=req.unit,
                         palette=tuple(theme.palette), text_colour=theme.text, muted=theme.muted,
                         note=req.note, scale=PROJECTION_SCALE, size=(round(w / 72, 3), round(h / 72, 3)),
                         projection=True, growth=tuple(req.growth),
                         positions=year_positions(req.kind, [f.as_of for f in req.facts]))
        fig.image = str(image_path(spec))
        fig.aspect = spec.aspect


def build_deck(root: Path, brief: Brief, base: FactBase, out_dir: Path, formats, stem: str,
               strict: bool, timer, parallel: bool = False):
    """Build a deck into out_dir (every output whole or not at all); return a BuildResult.

    parallel=True writes the PPTX in a forked process while the PDF is drawn (as packs do)."""
    from .result import BuildResult, Output
    from ..slidelayout import layout

    wrong = [f for f in formats or () if f not in RENDERERS]
    if wrong:
        raise BriefkitError(Problem(brief.loc, f"a deck is written as {' and '.join(RENDERERS)}, "
                                               f"not {', '.join(wrong)}",
                                    f"leave out --format, or use --format {' or '.join(RENDERERS)}"))
    report = Report()
    with timer.stage("templating"):
        deck, rendered, charts = compose(root, base, brief, report)
        if brief.max_fact_age is not None:
            from ..facts.check import check_age

            check_age(base, brief.max_fact_age, brief.date, report, set(rendered.facts_used),
                      rendered.facts_used)
        if not report.errors:
            check_glyphs(deck, rendered, report)
    if strict:
        report.problems = [p.as_error() for p in report.problems]
    if report.errors:
        cls = FontError if any("fonts cannot draw" in p.message for p in report.errors) else BriefkitError
        raise cls(report.problems)
    with timer.stage("figures"):
        draw_charts(charts, brief.theme)
    with timer.stage("layout"):
        frames = layout(deck)
    output_folder(out_dir)
    outputs = []
    # Every format is renamed into place only once all of them rendered; a failure leaves none.
    with ExitStack() as stack:
        jobs = [(fmt, stack.enter_context(atomic_path(output_file(out_dir, stem, fmt))))
                for fmt in dict.fromkeys(formats or brief.formats)]
        pages = _render_all(deck, frames, jobs, timer, parallel)
        for fmt, tmp in jobs:
            data = tmp.read_bytes()
            outputs.append(Output(fmt, out_dir / f"{stem}.{fmt}", len(data),
                                  hashlib.sha256(data).hexdigest(), pages[fmt]))
    from ..compose import data_as_of

    return BuildResult(brief, deck, outputs, list(rendered.facts_used), list(rendered.sources),
                       data_as_of([base.facts[i] for i in rendered.facts_printed]), timer.t,
                       report.warnings)


def _render_one(fmt: str, deck, frames, tmp: Path) -> tuple[int, float]:
    start = time.perf_counter()
    return importlib.import_module(RENDERERS[fmt]).render_deck(deck, frames, tmp), time.perf_counter() - start


def _render_all(deck, frames, jobs: list[tuple[str, Path]], timer, parallel: bool) -> dict:
    """Render every format; with `parallel` (and 2 cores), the PPTX in a forked process."""
    if not parallel or len(jobs) < 2 or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        pages = {}
        for fmt, tmp in jobs:
            with timer.stage(fmt):
                pages[fmt], _ = _render_one(fmt, deck, frames, tmp)
        return pages
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    first = next((j for j in jobs if j[0] == "pdf"), jobs[0])  # the longest in this process
    rest = [j for j in jobs if j is not first]
    from .result import quiet_on_interrupt

    with ProcessPoolExecutor(max_workers=len(rest), mp_context=multiprocessing.get_context("fork"),
                             initializer=quiet_on_interrupt) as pool:
        futures = {fmt: pool.submit(_render_one, fmt, deck, frames, tmp) for fmt, tmp in rest}
        pages = {}
        with timer.stage(first[0]):
            pages[first[0]], _ = _render_one(first[0], deck, frames, first[1])
        for fmt, fut in futures.items():
            pages[fmt], timer.t[fmt] = fut.result()
    return {fmt: pages[fmt] for fmt, _ in jobs}
