"""The functions templates call — fact, label, as_of, cite, text, bold, key_figures, chart,
facts_table, table — as documented in templates/README.md.

Each returns a placeholder (see placeholders.py) and reports a person's mistake at the
template line that made it, then carries on, so one run lists every problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..errors import Loc, Report, did_you_mean
from ..facts.model import Fact, FactBase
from ..yamlload import slipped_in
from .placeholders import CHART_KINDS, MARK, BlockUse, Bold, ChartRequest, FactUse, Lit, Placeholders


class TemplateFunctions:
    """The template functions of one run, resolving fact ids against `base`."""

    NAMES = ("fact", "dated", "label", "as_of", "period", "cite", "key_figures", "chart",
             "facts_table", "table", "text", "bold")

    def __init__(self, base: FactBase, report: Report, marks: Placeholders,
                 locate: Callable[[], Loc | None], language: str = "zh",
                 line_of: Callable[[Loc], str | None] = lambda loc: None):
        self.base, self.report, self.marks = base, report, marks
        self.language = language  # zh | en: how values, labels and dates print
        self.locate = locate  # the template line calling a function
        self.line_of = line_of  # the text of a template line, for the column of a call
        self.facts_used: dict[str, Loc] = {}  # fact id → first template location that used it
        self.facts_printed: dict[str, Loc] = {}  # … whose value (not only label or date) is printed

    def globals(self) -> dict[str, Callable]:
        """Return the functions by the names templates call them."""
        return {name: getattr(self, name) for name in self.NAMES}

    def _resolve(self, ref, as_of=None, loc=None) -> Fact | None:
        """Return the fact a template names: the newest observation of a measure (or of the
        measure an observation belongs to) unless `as_of` (or 'id@2024') asks for a date."""
        loc = loc or self.locate()
        if not isinstance(ref, str):
            self.report.error(loc, f"a fact is named by its id in quotes, got {ref!r}",
                              "write e.g. {{ fact('economy.fiscal_revenue') }}")
            return None
        if "@" in ref and as_of is None:
            ref, as_of = ref.split("@", 1)
        if ref not in self.base:
            self._unknown(ref, loc)
            return None
        fact = self.base.get(ref)  # a replaced fact (superseded_by) gives its replacement
        is_measure = ref in self.base.measures
        named = None if is_measure else self.base.facts[ref]
        measure = ref if is_measure else (fact.measure or named.measure)
        if as_of is not None:
            return self._used(self._at(ref, measure, fact, str(as_of), loc), loc)
        if measure:
            fact = self.latest(measure) or fact
        if named is not None and fact.id != named.id:
            self._redirected(named, fact, measure, loc)
        return self._used(fact, loc)

    def _used(self, fact: Fact | None, loc) -> Fact | None:
        if fact is not None:
            self.facts_used.setdefault(fact.id, loc)
        return fact

    def _redirected(self, named: Fact, printed: Fact, measure: str, loc) -> None:
        """Warn that a template names one fact and the pack prints another (newer, actual)."""
        newest = f"{printed.text()} ({printed.as_of.zh()}, {printed.id})"
        use = f"'{measure}'" if measure else f"'{printed.id}'"
        if named.is_forecast:
            self.report.warning(
                loc, f"'{named.id}' is a forecast ({named.text()} for {named.as_of.zh()}) and the actual "
                     f"figure is known: printing {newest}",
                f"write {use} and drop 预计/目标 from the sentence around it")
        elif named.erratum or named.superseded_by:
            self.report.warning(loc, f"'{named.id}' is replaced (superseded_by): printing {newest}",
                                f"write {use}")
        else:
            self.report.warning(
                loc, f"'{named.id}' is an older observation of '{measure}' ({named.text()}, "
                     f"{named.as_of.zh()}); printing the newest: {printed.text()} ({printed.as_of.zh()})",
                f"write '{measure}' for the newest, or as_of='{named.as_of}' to keep this one")


    def latest(self, measure: str) -> Fact | None:
        """Return the newest observation of a measure that is not a forecast (else the newest)."""
        obs = self.base.observations(measure)
        actual = [o for o in obs if not o.is_forecast]
        return (actual or obs or [None])[-1]

    def _at(self, ref: str, measure: str, fact: Fact, when: str, loc) -> Fact | None:
        """Return the observation of `ref` for the date `when` ('2024', '2024-09', '2021/2025')."""
        from ..facts.model import AsOf

        try:
            want = AsOf.parse(when)
        except ValueError:
            self.report.error(self._at_ref(loc, ref, prefer=when), f"as_of='{when}' is not a date",
                              "write a year, month or period: as_of='2024', '2024-09', '2021/2025'")
            return None
        obs = self.base.observations(measure) if measure else [fact]
        exact = [o for o in obs if o.as_of == want]
        whole_year = want.start == want.end and not want.start.month
        inside = [o for o in obs if whole_year and o.as_of.start.year == o.as_of.end.year == want.start.year]
        found = exact or inside
        if not found:
            have = ", ".join(dict.fromkeys(str(o.as_of) for o in obs)) or "none"
            self.report.error(self._at_ref(loc, ref, prefer=when), f"'{ref}' has no observation for {want.zh()}",
                              f"its observations are for: {have}")
            return None
        return ([o for o in found if not o.is_forecast] or found)[-1]

    def _at_ref(self, loc: Loc | None, ref, index: int | None = None,
                prefer: str | None = None) -> Loc | None:
        """Return `loc` with the column of the `{{` of the call that names `ref` in quotes on
        that line (or of character `index` of the quoted id itself), if it is there; of
        several such calls, the first whose text holds `prefer` (its as_of)."""
        line = self.line_of(loc) if loc is not None and loc.line and not loc.col else None
        if line is None or not isinstance(ref, str):
            return loc
        calls = []
        for m in re.finditer(r"""(['"])""" + re.escape(ref) + r"(\1|@)", line):
            start = max(line.rfind("{{", 0, m.start()), line.rfind("{%", 0, m.start()))
            end = min((e for e in (line.find("}}", m.end()), line.find("%}", m.end())) if e >= 0),
                      default=len(line))
            calls.append((m.start(), start, line[start:end] if start >= 0 else ""))
        calls = [c for c in calls if prefer and prefer in c[2]][:1] or calls[:1]
        if not calls:
            return loc
        at, start, _ = calls[0]
        if index is not None:
            return replace(loc, col=at + 2 + index)
        return replace(loc, col=start + 1) if start >= 0 else loc

    def _unknown(self, ref: str, loc) -> None:
        broken_file = self.base.broken_files.get(ref.split(".", 1)[0])
        if broken_file is not None and ref not in self.base.broken:
            self.report.error(loc, f"fact '{ref}' cannot be read: facts/{ref.split('.', 1)[0]}.yaml "
                                   f"has an error (see {broken_file}); fix it first",
                              cause=broken_file)
            return
        broken = self.base.broken.get(ref)
        if broken is not None:
            self.report.error(loc, f"fact '{ref}' has errors (see {broken}); fix it first",
                              cause=broken)
            return
        hint = did_you_mean(ref, self.base.refs())
        near = self.base.get(hint.split("'")[1]) if hint and hint.split("'")[1] in self.base else None
        if near is not None and near.loc:
            hint += f" ({near.loc})"
        odd = slipped_in(ref)
        if odd is not None:
            meant = f"write '{odd[2]}'" if odd[2] in self.base else "retype the id"
            self.report.error(self._at_ref(loc, ref, odd[0]), f"unknown fact '{ref}': {odd[1]}",
                              f"{meant} with the input method in English mode (半角)")
            return
        self.report.error(self._at_ref(loc, ref), f"unknown fact '{ref}'",
                          hint or "list facts with `briefkit facts list`")

    def _printed(self, f: Fact, loc) -> None:
        self.facts_printed.setdefault(f.id, loc)

    def _use(self, ref, as_of, cite: bool, show: str, empty: str = "?") -> str:
        loc = self.locate()
        f = self._resolve(ref, as_of, loc)
        if f and show in ("text", "count", "dated", "statement"):
            self._printed(f, loc)
        return self.marks.mark(FactUse(f, bool(cite), show, loc, self.language)) if f else empty

    def fact(self, ref, cite=True, as_of=None, dated=False, numerals=None):
        """{{ fact('id') }}: the formatted value with its citation mark.

        as_of='2024' picks that date's observation; dated=True prints the period first: 2025年309.25亿元;
        numerals='zh' prints a small count in Chinese numerals, as house style wants: 三种路径."""
        if numerals not in (None, "zh"):
            self.report.error(self.locate(), f"numerals must be 'zh', got {numerals!r}",
                              "write numerals='zh' for 三种, or leave it out for 3种")
        show = "dated" if dated else "count" if numerals == "zh" else "text"
        return self._use(ref, as_of, cite, show)

    def dated(self, ref, cite=True, as_of=None):
        """{{ dated('id') }}: period, label and value: 2025年区级一般公共预算收入309.25亿元."""
        return self._use(ref, as_of, cite, "statement")

    def label(self, ref, as_of=None):
        """{{ label('id') }}: the fact's label (no citation)."""
        return self._use(ref, as_of, False, "label")

    def as_of(self, ref, as_of=None):
        """{{ as_of('id') }}: when the fact's number holds, e.g. 2023年."""
        return self._use(ref, as_of, False, "as_of")

    period = as_of  # {{ period('id') }} reads better beside a figure: “{{ period('x') }}…{{ fact('x') }}”

    def cite(self, ref, as_of=None):
        """{{ cite('id') }}: only the citation mark of a fact."""
        return self._use(ref, as_of, True, "none", "")

    def text(self, value):
        """{{ text(x) }}: literal text."""
        return self.marks.mark(Lit(self.marks.plain(value)))

    def bold(self, value):
        """{{ bold(x) }}: text in bold; facts inside keep their values and citation marks."""
        out, pos, value = [], 0, str(value)
        for m in MARK.finditer(value):
            if m.start() > pos:
                out.append(self.marks.mark(Lit(value[pos:m.start()], True)))
            out.append(self.marks.mark(Bold(self.marks.of(m))))
            pos = m.end()
        if pos < len(value):
            out.append(self.marks.mark(Lit(value[pos:], True)))
        return "".join(out)

    def key_figures(self, *refs, title="", labels=None):
        """{{ key_figures('a', 'b', …, title='…') }}: a panel of big numbers."""
        loc = self.locate()
        items = []
        if labels is not None and not isinstance(labels, dict):  # a list would be ignored
            self.report.error(loc, f"labels= of key_figures maps each fact's id to its label, got {labels!r}",
                              "write e.g. {{ key_figures('topic.a', labels={'topic.a': '标签'}) }}")
        labels = labels if isinstance(labels, dict) else {}
        if not refs:
            self.report.error(loc, "key_figures needs at least one fact id")
        for ref in refs:
            f = self._resolve(ref, loc=loc)
            if f:
                self._printed(f, loc)
                items.append((f, self.marks.plain(labels.get(ref)) if isinstance(labels, dict) else None))
        if len(items) > 8:
            self.report.error(loc, f"a key-figures panel holds at most 8 numbers, got {len(items)}",
                              "split it into two panels")
        return self._block("key_figures", (items, self.marks.plain(title)), loc)

    def chart(self, kind, title, refs, labels=None, unit=None, width=0.8, note="", dates=False,
              growth=False):
        """{{ chart('bar', '标题', ['id1', 'id2'], labels=['…', '…']) }}: a chart from facts.

        dates=True adds each fact's date to its label: 规上工业总产值（2023年）. A trend chart
        ('trend', title, ['measure']) draws a measure's observations over the years; growth=True
        shows the change between consecutive years, growth='measure' takes it from that measure."""
        loc = self.locate()
        if kind not in CHART_KINDS:
            self.report.error(loc, f"unknown chart kind '{kind}'",
                              did_you_mean(str(kind), CHART_KINDS) or f"use one of: {', '.join(CHART_KINDS)}")
            return ""
        if isinstance(refs, str):
            refs = [refs]
        facts = self._chart_facts(kind, refs, loc)
        if not self._chartable(kind, facts, loc):
            return ""
        units = sorted({f.unit for f in facts})
        if len(units) > 1 and kind != "donut":
            self.report.error(loc, f"a chart cannot mix units: {' and '.join(units)}",
                              "chart facts measured in the same unit")
            return ""
        lang = self.language
        if labels is None:
            labels = ([(f.as_of.en(short=True) if lang == "en" else f.as_of.zh()) for f in facts]
                      if kind == "trend" else [f.label_in(lang) for f in facts])
        else:
            labels = [self.marks.plain(x) for x in labels]
        if dates and kind != "trend":
            labels = [f"{lab} ({f.when_in(lang)})" if lang == "en" else f"{lab}（{f.as_of.zh()}）"
                      for lab, f in zip(labels, facts)]
        if len(labels) != len(facts) and facts:
            self.report.error(loc, f"the chart has {len(facts)} facts but {len(labels)} labels",
                              "give one label per fact, or leave labels out")
            return ""
        for f in facts:
            self._printed(f, loc)
        title = self.marks.plain(title)
        if kind != "trend" and not self._dated_enough(facts, labels, title, loc):
            return ""
        req = ChartRequest(kind, title, labels, facts, unit or (units[0] if units else ""),
                           loc, float(width), self.marks.plain(note))
        if growth:
            if kind != "trend":
                self.report.error(loc, "growth= is for trend charts", "use chart('trend', …, growth=True)")
                return ""
            req.growth, req.growth_facts = self._growth(facts, growth, loc)
            if not req.note and growth is True and any(req.growth):
                from ..doc.chrome import chrome

                req.note = chrome(lang, "growth_note")
        return self._block("chart", req, loc)

    def _dated_enough(self, facts: list[Fact], labels: list[str], title: str, loc) -> bool:
        """Refuse a chart that mixes years, or shows a flow figure, without saying when."""
        from ..facts.periods import is_flow, states_period

        # Dates in one year (2024年3月, 2024年4月) are one year; a period (2021—2025年) its own.
        years = sorted({f.as_of.zh() if f.as_of.start.year != f.as_of.end.year else f"{f.as_of.end.year}年"
                        for f in facts})
        lang = self.language
        undated = [f for f, lab in zip(facts, labels)
                   if not states_period(f, lab, lang) and not states_period(f, title, lang)]
        if len(years) > 1 and undated:
            self.report.error(loc, f"the chart mixes years ({', '.join(years)}) and its labels do not say "
                                   "which bar is from when",
                              "add dates=True so that each label says its date, or chart figures of one year")
            return False
        flows = [f for f in undated if is_flow(f)]
        if flows:
            f = flows[0]
            self.report.error(loc, f"{f.label} ({f.id}) is a flow figure and the chart does not say its "
                                   f"period ({f.as_of.zh()})",
                              "add dates=True, or say the year in the title")
            return False
        return True

    def _growth(self, facts: list[Fact], growth, loc) -> tuple[list[str], list[Fact]]:
        """Return the growth text over each bar of a trend, and the facts it is taken from.

        growth=True computes it between observations of consecutive whole years whose values are
        exact (no 突破, 超, 约: a bound gives no rate); growth='measure' prints that measure's
        observation for the same date."""
        from ..facts.format import format_number

        if isinstance(growth, str):
            if growth not in self.base.measures:
                self.report.error(loc, f"growth='{growth}' is not a measure",
                                  did_you_mean(growth, self.base.measures) or "name the growth measure")
                return [], []
            obs = self.base.observations(growth, forecasts=False)
            texts, used = [], []
            for f in facts:
                same = [o for o in obs if o.as_of == f.as_of]
                texts.append(same[-1].text_in(self.language) if same else "")
                if same:
                    used.append(same[-1])
                    self.facts_used.setdefault(same[-1].id, loc)
                    self._printed(same[-1], loc)
            return texts, used
        texts = [""]
        for prev, cur in zip(facts, facts[1:]):
            whole = all(x.as_of.start == x.as_of.end and not x.as_of.start.month for x in (prev, cur))
            exact = all(x.qualifier in ("", "达") and float(x.value) > 0 for x in (prev, cur))
            if whole and exact and cur.as_of.start.year == prev.as_of.start.year + 1:
                rate = round((float(cur.value) / float(prev.value) - 1) * 100, 1)
                texts.append(("+" if rate >= 0 else "") + format_number(rate) + "%")
            else:
                texts.append("")
        return texts, []

    def _chart_facts(self, kind: str, refs, loc) -> list[Fact]:
        """Return the facts a chart shows: a trend's observations of a measure, else each fact.

        A trend leaves out forecasts and, of two observations for one date, keeps the one a
        template would print (the later article)."""
        facts: list[Fact] = []
        if kind == "trend":
            for ref in refs:
                obs = self.base.observations(ref, forecasts=False) if ref in self.base.measures else []
                if not obs:
                    hint = did_you_mean(ref, self.base.measures) or "a trend chart takes a `measure` name"
                    self.report.error(loc, f"'{ref}' is not a measure with observations", hint)
                by_date = {str(f.as_of): f for f in obs}  # oldest first: the last one per date wins
                for f in by_date.values():
                    self.facts_used.setdefault(f.id, loc)
                facts.extend(by_date.values())
        else:
            for ref in refs:
                f = self._resolve(ref, loc=loc)
                if f:
                    facts.append(f)
        return facts

    def _chartable(self, kind: str, facts: list[Fact], loc) -> bool:
        """Report facts a chart cannot draw (text, magnitudes, negative, a donut of non-percentages)."""
        bad = [f.id for f in facts if not f.is_number]
        if bad:
            self.report.error(loc, f"a chart needs numbers, but {', '.join(bad)} {'is' if len(bad) == 1 else 'are'} text")
            return False
        rough = [f for f in facts if f.magnitude]
        if rough:
            f = rough[0]
            shape = "a share" if kind == "donut" else "a bar"
            self.report.error(loc, f"{f.magnitude} is an order of magnitude, not a value; it cannot be "
                                   f"drawn as {shape} ({f.id})",
                              "leave it out of the chart and say it in the text: {{ fact('" + f.id + "') }}")
            return False
        negative = [f.id for f in facts if f.value < 0]
        if negative:
            self.report.error(loc, f"a chart cannot show negative values ({', '.join(negative)})",
                              "show these numbers in a table instead")
            return False
        if kind == "donut":
            bad = [f.id for f in facts if f.unit != "%" or not 0 <= f.value <= 100]
            if bad:
                self.report.error(loc, f"a donut chart shows shares from 0 to 100%, but {', '.join(bad)} "
                                       f"{'is' if len(bad) == 1 else 'are'} not a percentage",
                                  "use chart('bar', …) for amounts and counts")
                return False
        return True

    def facts_table(self, *refs, caption="", columns=None):
        """{{ facts_table('a', 'b', caption='…') }}: a table of facts with time and source."""
        loc = self.locate()
        facts = [f for f in (self._resolve(r, loc=loc) for r in refs) if f]
        if columns is None:
            from ..doc.chrome import chrome

            columns = chrome(self.language, "facts_columns").split("|")
        for f in facts:
            self._printed(f, loc)
        if len(columns) != 4:
            self.report.error(loc, f"facts_table has four columns (指标, 数值, 时间, 来源); got {len(columns)} titles",
                              "give four column titles, or leave columns out")
            return ""
        return self._block("facts_table", (facts, self.marks.plain(caption), list(columns)), loc)

    def table(self, header, rows, caption="", align=None, widths=None):
        """{{ table(['列1', '列2'], [['a', fact('x')], …], caption='…') }}: a table."""
        loc = self.locate()
        if not isinstance(header, (list, tuple)) or not isinstance(rows, (list, tuple)):
            self.report.error(loc, "table(header, rows) takes a list of column titles and a list of rows")
            return ""
        for i, row in enumerate(rows, 1):
            if not isinstance(row, (list, tuple)):
                self.report.error(loc, f"row {i} of the table is {row!r}, not a list of cells",
                                  "each row is a list in brackets: "
                                  "{{ table(['项目', '数值'], [['甲', '一'], ['乙', '二']]) }}")
                return ""
            if len(row) != len(header):
                self.report.error(loc, f"row {i} of the table has {len(row)} cells, the header {len(header)}")
                return ""
        if not self._table_shape(loc, len(header), align, widths):
            return ""
        plain = self.marks.plain
        return self._block("table", ([plain(h) for h in header], [[str(c) for c in r] for r in rows],
                                     plain(caption), list(align or []), list(widths or [])), loc)

    def _table_shape(self, loc, ncols: int, align, widths) -> bool:
        ok = True
        if align and (len(align) != ncols or any(a not in ("l", "r", "c") for a in align)):
            self.report.error(loc, f"align must give 'l', 'r' or 'c' for each of the {ncols} columns")
            ok = False
        if widths and (len(widths) != ncols or not all(isinstance(w, (int, float)) and w > 0 for w in widths)):
            self.report.error(loc, f"widths must give a positive number for each of the {ncols} columns")
            ok = False
        return ok

    def _block(self, kind, payload, loc) -> str:
        return "\n\n" + self.marks.mark(BlockUse(kind, payload, loc)) + "\n\n"

    def node(self, payload, loc) -> str:
        """Return the placeholder of a doc node made by a caller's own template function (a
        deck's slide()): the Markdown pass puts it among the blocks as it is."""
        return self._block("node", payload, loc)
