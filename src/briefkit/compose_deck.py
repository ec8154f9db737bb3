"""Brief + facts + slide templates → Deck: the same facts as a pack, cut into slides.

A deck's templates are ordinary briefkit templates (fact(), chart(), key_figures() …); a line
`{{ slide('kind') }}` starts each slide (see templates/README.md, 幻灯片). What follows it up
to the next slide() is that slide's content: its `#`/`##` heading is the slide title, a 导语：
paragraph the line under it, a 备注： paragraph the speaker notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import doc as d
from .doc import slides as s
from .brief import Brief
from .errors import Loc, Report, did_you_mean
from .facts.model import Fact, FactBase

# Which content each kind of slide takes, and how many bullets or figures it holds.
FIGURES = (2, 6)
MAX_BULLETS = 6
NOTES_PREFIX = ("备注：", "备注:")


@dataclass
class SlideStart:
    """Where a template starts a slide: {{ slide('kind') }} (a doc node only decks read)."""

    kind: str
    loc: Loc | None
    kicker: str = ""
    facts: list[Fact] = field(default_factory=list)  # facts the slide's template calls name


def compose_deck(root: Path, base: FactBase, brief: Brief, report: Report):
    """Template a deck brief into a Deck (charts not yet drawn); problems go to `report`.

    Return (deck, rendered, charts) where charts pairs each slide's Figure with its request."""
    from .compose import created_time, data_as_of, later_figures, passed_forecasts
    from .templating import Templater

    variables = {"brief": {"title": brief.title, "subtitle": brief.subtitle,
                           "audience": brief.audience_label or brief.audience,
                           "organiser": brief.organiser, "date": brief.date_zh()}}
    t = Templater(root, base, brief.audience, report, variables)
    starts: list[SlideStart] = []

    def slide(kind, kicker=""):
        """{{ slide('bignumber') }}: start a new slide of this kind."""
        loc = t._caller_loc()
        if kind not in s.SLIDE_KINDS or kind == "sources":
            kinds = [k for k in s.SLIDE_KINDS if k != "sources"]
            report.error(loc, f"unknown slide kind '{kind}'",
                         did_you_mean(str(kind), kinds) or f"use one of: {', '.join(kinds)}")
            kind = "bullets"
        start = SlideStart(kind, loc, t.marks.plain(kicker))
        starts.append(start)
        return t.functions.node(start, loc)

    resolve = t.functions._resolve

    def recording(ref, *args, **kwargs):  # every fact a slide names, for its notes
        fact = resolve(ref, *args, **kwargs)
        if fact is not None and starts and fact not in starts[-1].facts:
            starts[-1].facts.append(fact)
        return fact

    t.functions._resolve = recording
    t.env.globals["slide"] = slide
    rendered = t.build([(c.name, c.loc) for c in brief.chapters], numbering=False)
    charts = {id(fig): req for fig, req in rendered.charts}
    deck_slides = _slides(rendered.blocks, charts, base, rendered.sources, brief, report)
    used = [base.facts[i] for i in rendered.facts_used]
    for f in used:
        if f.source not in rendered.sources:
            rendered.sources.append(f.source)
    entries = [f"[{i + 1}] {base.sources[sid].citation()}" for i, sid in enumerate(rendered.sources)]
    # The data date, as on a pack's cover: the latest among the figures printed, forecasts aside.
    as_of_text = data_as_of([base.facts[i] for i in rendered.facts_printed])
    passed_forecasts(base, rendered.facts_printed, brief.date, report)
    later_figures(base, rendered.facts_printed, brief, report)
    note = "本演示文稿的每个数字均来自徐汇区事实库，各页左下角的编号对应以下资料来源"
    deck_slides.append(s.Slide("sources", title="资料来源", lines=entries,
                               subtitle=f"{note}（{as_of_text}）。" if as_of_text else f"{note}。",
                               kicker="附录",
                               notes="各页左下角的资料来源编号对应本页所列文章；备注中有每个数字的原文语句。"))
    for n, sl in enumerate(deck_slides, 1):
        sl.number = n
    label = brief.audience_label
    meta = d.Meta(title=f"{brief.title}（{label}）" if label else brief.title,
                  author=brief.author or brief.organiser, subject=brief.subject or brief.subtitle,
                  keywords=brief.keywords, created=created_time(brief).isoformat(),
                  header=brief.title, footer=brief.organiser)
    deck = s.Deck(meta, deck_slides, brief.theme, brief.organiser)
    pairs = [(sl.chart, charts[id(sl.chart)], sl.kind) for sl in deck_slides if sl.chart is not None]
    return deck, rendered, pairs


def _slides(blocks, charts, base: FactBase, sources: list[str], brief: Brief,
            report: Report) -> list[s.Slide]:
    out: list[s.Slide] = []
    section = ""
    n_section = 0
    current: s.Slide | None = None
    opening: SlideStart | None = None
    cited: list[int] = []
    notes: list[str] = []

    def finish():
        if current is None:
            return
        _complete(current, opening, cited, notes, charts, base, sources, brief, report)
        out.append(current)

    for b in blocks:
        if isinstance(b, SlideStart):
            finish()
            opening, cited, notes = b, [], []
            current = s.Slide(b.kind, loc=b.loc)
            if b.kind == "section":
                n_section += 1
                current.kicker = b.kicker or f"{n_section:02d}"
            elif b.kind in ("title", "closing"):
                current.kicker = b.kicker
            continue
        if current is None:
            report.error(_first_loc(b, brief), "a deck template starts with {{ slide('kind') }}",
                         "put {{ slide('title') }} (or another kind) on the first line")
            current = s.Slide("bullets", loc=None)
            opening = SlideStart("bullets", None)
        if isinstance(b, d.Heading):
            if current.title:
                report.error(opening.loc, f"a slide has one title; '{b.text}' would be its second",
                             "start a new slide with {{ slide('…') }} before this heading")
            current.title = b.text
            if current.kind == "section":
                section = f"{current.kicker}　{b.text}"
            elif current.kind not in ("title", "closing") and not opening.kicker:
                current.kicker = section
            elif opening.kicker:
                current.kicker = opening.kicker
        elif isinstance(b, d.Paragraph):
            text = d.inline_text([i for i in b.inlines if not isinstance(i, d.Citation)])
            cited += [i.number for i in b.inlines if isinstance(i, d.Citation)]
            if text.startswith(NOTES_PREFIX):
                notes.append(d.inline_text(b.inlines)[3:])
            elif b.style == "lead":
                current.subtitle = text
            elif current.kind in ("title", "closing"):
                current.lines.append(text)
            else:
                current.paragraphs.append(b.inlines)
        elif isinstance(b, d.BulletList):
            current.bullets += b.items
            cited += [i.number for item in b.items for i in item if isinstance(i, d.Citation)]
        elif isinstance(b, d.KeyFigures):
            current.figures += b.items
            cited += [k.citation for k in b.items if k.citation]
            cited += [i.number for i in b.source if isinstance(i, d.Citation)]
        elif isinstance(b, d.Figure):
            if current.chart is not None:
                report.error(charts[id(b)].loc, "a slide shows one chart", "give each chart its own slide")
            current.chart = b
            cited += [i.number for i in b.source if isinstance(i, d.Citation)]
        elif isinstance(b, d.PageBreak):
            report.error(opening.loc, "a `---` page break has no place in a deck",
                         "start each slide with {{ slide('kind') }}")
        else:
            report.error(opening.loc, f"a {type(b).__name__.lower()} cannot go on a slide",
                         "slides take a title, a 导语 line, bullets, key figures or one chart")
    finish()
    return out


def _first_loc(b, brief: Brief) -> Loc | None:
    return brief.chapters[0].loc if brief.chapters else None


def _complete(sl: s.Slide, start: SlideStart, cited: list[int], notes: list[str], charts, base,
              sources: list[str], brief: Brief, report: Report) -> None:
    """Check a slide has what its kind needs; add its source line and speaker notes."""
    loc = start.loc
    kind = sl.kind
    if kind == "title":
        sl.title = sl.title or brief.title
        sl.subtitle = sl.subtitle or brief.subtitle
        sl.lines = sl.lines or [x for x in (brief.organiser, brief.date_zh()) if x]
    elif kind == "closing":
        sl.lines = sl.lines + list(brief.contact) + ([brief.organiser] if brief.organiser else [])
    elif not sl.title:
        report.error(loc, f"the {kind} slide has no title", "write its title as a heading: ## 标题")
    if kind == "bignumber" and not FIGURES[0] <= len(sl.figures) <= FIGURES[1]:
        report.error(loc, f"a bignumber slide shows {FIGURES[0]} to {FIGURES[1]} key figures, "
                          f"got {len(sl.figures)}", "list them in one {{ key_figures(…) }}")
    if kind in ("chart", "twocol") and sl.chart is None:
        report.error(loc, f"the {kind} slide has no chart", "add {{ chart(…) }} on a line of its own")
    if kind == "bullets" and not 1 <= len(sl.bullets) <= MAX_BULLETS:
        report.error(loc, f"a bullets slide holds 1 to {MAX_BULLETS} bullets, got {len(sl.bullets)}",
                     "split it into two slides, or move detail to the notes (备注：)")
    if kind == "twocol" and not (sl.bullets or sl.paragraphs):
        report.error(loc, "the twocol slide has no text beside its chart", "add bullets or a paragraph")
    if kind == "twocol" and len(sl.bullets) > MAX_BULLETS:
        report.error(loc, f"a twocol slide holds at most {MAX_BULLETS} bullets, got {len(sl.bullets)}")
    if kind in ("bullets", "chart", "bignumber") and sl.paragraphs:
        report.error(loc, f"a {kind} slide has no room for running text",
                     "make it a 导语： line, bullets, or speaker notes (备注：)")
    nums = sorted(set(cited))
    if nums:
        names = []
        for n in nums:
            name = base.sources[sources[n - 1]].name
            names.append(f"[{n}] {name}")
        sl.source = "资料来源：" + "；".join(names)
    sl.notes = _notes(sl, notes, start.facts + _chart_facts(sl, charts), base, sources)


def _chart_facts(sl: s.Slide, charts) -> list[Fact]:
    if sl.chart is None or id(sl.chart) not in charts:
        return []
    return list(charts[id(sl.chart)].facts)


def _notes(sl: s.Slide, notes: list[str], facts: list[Fact], base: FactBase, sources: list[str]) -> str:
    """Speaker notes: the presenter's fuller sentences, then each number with its source's words."""
    parts = [n.strip() for n in notes if n.strip()]
    seen: list[Fact] = []
    for f in facts:
        if f not in seen:
            seen.append(f)
    if seen:
        lines = ["数据与出处："]
        for f in seen:
            src = base.sources[f.source]
            n = sources.index(f.source) + 1 if f.source in sources else 0
            mark = f"[{n}] " if n else ""
            what = f.label if f.text() in f.label else f"{f.label}：{f.text()}"  # 全国首个… once
            lines.append(f"· {what}（{f.as_of.zh()}）。{mark}{src.publisher}《{src.title}》：“{f.quote}”")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
