"""Brief + facts + rendered templates → one Document: cover, contents, chapters, appendix, sources."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from . import doc as d
from . import yamlload
from .brief import Brief
from .errors import BriefkitError, Loc, Problem, Report, TemplateError
from .facts.model import FactBase
from .doc.chrome import LANGUAGE_TAGS, chrome
from .files import SHANGHAI

APPENDIX_FILE = "appendix.yaml"  # in templates/<audience>/, else templates/shared/
_APPENDIX_KEYS = ("heading", "anchor", "note", "caption", "columns")  # `indicators` is optional
_ALIGN = ("l", "r", "c")


@dataclass(frozen=True)
class Appendix:
    """The appendix 主要指标一览 as templates/shared/appendix.yaml words and shapes it."""

    heading: str
    anchor: str
    note: str
    caption: str
    titles: list[str]
    align: list[str]
    widths: list[float]
    indicators: list[str] | None = None  # fact ids or measures, in order; None: every fact used


def created_time(brief: Brief) -> dt.datetime:
    """Return the timestamp written into outputs: SOURCE_DATE_EPOCH, else the brief's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), SHANGHAI)
    return dt.datetime(brief.date.year, brief.date.month, brief.date.day, tzinfo=SHANGHAI)


def compose(root: Path, base: FactBase, brief: Brief, report: Report,
            recipient: dict | None = None, extra_chapters: list | None = None):
    """Template a brief into a Document (figures not yet drawn); problems go to `report`.

    Return (document, rendered templates, the "数据截至…" text)."""
    from .templating import Templater

    variables = {"brief": {"title": brief.title, "audience": brief.audience_label or brief.audience,
                           "organiser": brief.organiser, "date": brief.date_zh()}}
    if recipient is not None:
        variables["recipient"] = recipient
    lang = brief.language
    t = Templater(root, base, brief.audience, report, variables, lang)
    chapters = with_extra_chapters([(c.name, c.loc) for c in brief.chapters], extra_chapters)
    rendered = t.build(chapters, citations=brief.citations)
    used = [base.facts[i] for i in rendered.facts_used]
    for f in used:  # a fact shown without a citation mark still names its source in the pack
        if f.source not in rendered.sources:
            rendered.sources.append(f.source)
    as_of_text = data_as_of([base.facts[i] for i in rendered.facts_printed], lang)
    passed_forecasts(base, rendered.facts_printed, brief.date, report)
    later_figures(base, rendered.facts_printed, brief, report)
    # The contents stand on their own page and the appendix starts one; chapters run on unless
    # the brief asks for chapter_break: page.
    blocks: list[d.Block] = [d.TableOfContents(chrome(lang, "contents")), d.PageBreak()]
    blocks += chapter_breaks(rendered.blocks) if brief.chapter_break == "page" else rendered.blocks
    if brief.fact_index and used:  # the reader's 主要指标一览; staff see ids with `facts used`
        try:
            appendix = load_appendix(root, brief.audience)
        except TemplateError as e:  # reported with the templates' problems, all in one run
            report.extend(e.problems)
            appendix = None
        if appendix is not None:
            blocks += [d.PageBreak()] + key_indicators(appendix, base, rendered, lang)
    blocks.append(d.SourceList([d.SourceEntry(i + 1, base.sources[s].citation_in(lang),
                                              d.conventions.source_anchor(i + 1))
                                for i, s in enumerate(rendered.sources)], chrome(lang, "sources")))
    created = created_time(brief)
    label = brief.audience_label
    dedication = ""
    sep = chrome(lang, "header_sep")
    header = brief.header or (f"{brief.title}{sep}{label}" if label else brief.title)
    if recipient is not None:
        dedication = dedication_line(recipient)
        short = recipient.get("short_name") or recipient.get("name", "")
        header = f"{brief.title} · 敬呈{short}"
    document = d.Document(
        meta=d.Meta(title=(f"{brief.title} ({label})" if lang == "en" else f"{brief.title}（{label}）")
                    if label else brief.title, language=LANGUAGE_TAGS[lang],
                    author=brief.author or brief.organiser, subject=brief.subject or brief.subtitle,
                    keywords=brief.keywords, created=created.isoformat(), header=header,
                    footer=brief.organiser),
        cover=d.Cover(title=brief.title, subtitle=brief.subtitle, audience=label,
                      organiser=brief.organiser, date=brief.date_text(), data_as_of=as_of_text,
                      dedication=dedication, contact=list(brief.contact)),
        blocks=blocks, theme=brief.theme)
    return document, rendered, as_of_text


def data_as_of(printed, language: str = "zh") -> str:
    """Return the cover's 数据截至… : the latest date among the figures the pack prints.

    Forecasts and targets are left out (a 2030 target says nothing about how current the data
    are), and so are facts a template only names by label or date. Briefs have no such field:
    the date is always computed from the facts."""
    actual = [f for f in printed if not f.is_forecast]
    if not actual:
        return ""
    latest = max(actual, key=lambda f: (f.as_of.last(), f.as_of.end))
    when = latest.as_of.end.en() if language == "en" else latest.as_of.end.zh()
    return chrome(language, "data_as_of", date=when)


def later_figures(base: FactBase, printed: dict, brief: Brief, report: Report) -> None:
    """Report a pack dated before a figure it prints begins (a pack of 2024年3月 printing 数据截至
    2025年): the brief's date is wrong, or the figure's. Forecasts and targets are left out."""
    late = []
    for fid in printed:
        f = base.facts[fid]
        start = f.as_of.start
        first = dt.date(start.year, start.month or 1, start.day or 1)
        if not f.is_forecast and first > brief.date:
            late.append((first, fid))
    if not late:
        return
    first, fid = max(late)
    f = base.facts[fid]
    report.error(brief.locs.get("date", brief.loc),
                 f"the pack is dated {brief.date.isoformat()} but prints a figure of a later time: "
                 f"'{fid}', of {f.as_of.zh()} (as_of at {f.at('as_of')}; printed at {printed[fid]})"
                 + (f" and {len(late) - 1} more" if len(late) > 1 else ""),
                 f"date: is the day the pack is issued: write today's date, on or after "
                 f"{first.isoformat()}; or correct the figure's as_of")


def passed_forecasts(base: FactBase, printed: dict, today: dt.date, report: Report) -> None:
    """Warn about each forecast or target a pack prints whose period is over by its date."""
    from .facts.check import forecast_passed, stale_forecast

    for fid, loc in printed.items():
        f = base.facts[fid]
        if not forecast_passed(f, today):
            continue
        actual = stale_forecast(base, f, today)
        if actual is not None:
            hint = (f"print the actual figure instead: {{{{ fact('{actual.measure or actual.id}') }}}} "
                    f"gives {actual.text()} ({actual.as_of.zh()}, {actual.id})")
        else:
            hint = ("no actual figure is in the fact base yet: add it to facts/ with the same "
                    f"`measure:`; or print it as history with its date ({{{{ period('{fid}') }}}}), "
                    "or leave it out")
        report.warning(loc, f"'{fid}' is a forecast ({f.text()}) for {f.as_of.zh()}, which is over by "
                            f"the pack's date ({today.isoformat()})", hint)


OVERVIEW = "overview"  # the chapter a personalised (sector) chapter follows


def with_extra_chapters(chapters: list, extra: list | None) -> list:
    """Return the brief's chapters with the extra (personalised) ones right after the overview —
    the first chapter if none is called overview — so a recipient reads about their own sector
    second, not after every general chapter."""
    if not extra:
        return list(chapters)
    at = next((i + 1 for i, (name, _) in enumerate(chapters) if name == OVERVIEW), min(1, len(chapters)))
    return chapters[:at] + list(extra) + chapters[at:]


def dedication_line(recipient: dict) -> str:
    """Return the cover's 敬呈 line: the full name, then the contact and title where given
    (敬呈　中国电子信息产业集团有限公司　张三 总经理)."""
    person = " ".join(x for x in (recipient.get("contact", ""), recipient.get("title", "")) if x)
    return "　".join(x for x in ("敬呈", recipient.get("name", ""), person) if x)


def chapter_breaks(blocks: list[d.Block]) -> list[d.Block]:
    """Return blocks with a page break before every chapter heading but the first."""
    out: list[d.Block] = []
    for b in blocks:
        if isinstance(b, d.Heading) and b.level == 1 and out \
                and not isinstance(out[-1], d.PageBreak):
            out.append(d.PageBreak())
        out.append(b)
    return out


def indicator_facts(appendix: Appendix, base: FactBase, rendered) -> list:
    """Return the facts of the 主要指标一览: those of `indicators` the pack uses, in that order (a
    measure stands for whichever of its observations the pack prints); without `indicators`,
    every number the pack uses."""
    used = [base.facts[i] for i in rendered.facts_used]
    if appendix.indicators is None:
        return [f for f in used if not isinstance(f.value, str)]
    out = []
    for ref in appendix.indicators:
        found = [f for f in used if ref in (f.id, f.measure)]
        if found:  # of a measure's observations the pack prints, the newest
            newest = max(found, key=lambda f: f.as_of.last())
            if newest not in out:
                out.append(newest)
    return out


def key_indicators(appendix: Appendix, base: FactBase, rendered, language: str = "zh") -> list[d.Block]:
    """Return the appendix blocks: heading, note and one row per main indicator — label, value,
    period and the number of its source (linked to the source list). No internal ids: those are
    for staff, in `briefkit facts used BRIEF`."""
    rows = []
    for f in indicator_facts(appendix, base, rendered):
        n = rendered.sources.index(f.source) + 1
        rows.append([[d.Text(f.label_in(language))], [d.Text(f.text_in(language))], [d.Text(f.when_in(language))],
                     [d.Link(f"[{n}]", "#" + d.conventions.source_anchor(n))]])
    if not rows:
        return []
    n_tables = sum(isinstance(b, d.Table) for b in rendered.blocks)
    return [d.Heading(1, appendix.heading, appendix.anchor),
            d.Paragraph([d.Text(appendix.note)], "note"),
            d.Table(appendix.titles, rows, appendix.caption, n_tables + 1, appendix.align,
                    appendix.widths)]


def load_appendix(root: Path, audience: str) -> Appendix | None:
    """Read the audience's appendix.yaml, else the shared one; None if the project has neither.

    Raise TemplateError (with file:line) if the file is not shaped as templates/shared/appendix.yaml
    describes."""
    for folder in (audience, "shared"):
        path = root / "templates" / folder / APPENDIX_FILE
        if path.is_file():
            break
    else:
        return None
    rel = path.relative_to(root).as_posix()
    try:
        data = yamlload.load(path, rel)
    except BriefkitError as e:
        raise TemplateError(e.problems) from None
    report = Report()
    if not isinstance(data, dict):
        raise TemplateError([Problem(Loc(rel, 1), "the appendix file must be a mapping of keys")])
    for key in _APPENDIX_KEYS:
        if key not in data:
            report.error(data.loc, f"the appendix file is missing `{key}`")
        elif key != "columns" and not isinstance(data[key], str):
            report.error(data.at(key), f"{key} must be text")
    columns = data.get("columns")
    if "columns" in data and (not isinstance(columns, list) or len(columns) != 4):
        report.error(data.at("columns"), "columns must list four columns: label, value, period, source")
        columns = []
    titles, align, widths = [], [], []
    for i, col in enumerate(columns or []):
        where = columns.locs[i]
        if not isinstance(col, dict):
            report.error(where, "each column is {title: …, align: l|r|c, width: …}")
            continue
        title, al, width = col.get("title"), col.get("align", "l"), col.get("width")
        if not isinstance(title, str):
            report.error(where, "a column needs a title")
        if al not in _ALIGN:
            report.error(col.at("align"), f"align must be l, r or c, got '{al}'")
        if not isinstance(width, (int, float)) or isinstance(width, bool) or width <= 0:
            report.error(col.at("width"), "width must be a positive number (relative widths)")
        titles.append(title)
        align.append(al)
        widths.append(float(width) if isinstance(width, (int, float)) else 0.0)
    indicators = data.get("indicators")
    if indicators is not None and (not isinstance(indicators, list)
                                   or not all(isinstance(x, str) for x in indicators)):
        report.error(data.at("indicators"), "indicators must list fact ids or measures, one a line")
        indicators = None
    report.raise_if_errors(TemplateError)
    return Appendix(data["heading"], data["anchor"], data["note"], data["caption"], titles, align,
                    widths, list(indicators) if indicators is not None else None)
