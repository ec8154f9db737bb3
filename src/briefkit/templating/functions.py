"""The functions templates call — fact, label, as_of, cite, text, bold, key_figures, chart,
facts_table, table — as documented in templates/README.md.

Each returns a placeholder (see placeholders.py) and reports a person's mistake at the
template line that made it, then carries on, so one run lists every problem.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Loc, Report, did_you_mean
from ..facts.model import Fact, FactBase
from .placeholders import CHART_KINDS, MARK, BlockUse, Bold, ChartRequest, FactUse, Lit, Placeholders


class TemplateFunctions:
    """The template functions of one run, resolving fact ids against `base`."""

    NAMES = ("fact", "label", "as_of", "cite", "key_figures", "chart", "facts_table", "table",
             "text", "bold")

    def __init__(self, base: FactBase, report: Report, marks: Placeholders,
                 locate: Callable[[], Loc | None]):
        self.base, self.report, self.marks = base, report, marks
        self.locate = locate  # the template line calling a function
        self.facts_used: dict[str, Loc] = {}  # fact id → first template location that used it

    def globals(self) -> dict[str, Callable]:
        """Return the functions by the names templates call them."""
        return {name: getattr(self, name) for name in self.NAMES}

    def _resolve(self, ref) -> Fact | None:
        loc = self.locate()
        if not isinstance(ref, str):
            self.report.error(loc, f"a fact is named by its id in quotes, got {ref!r}",
                              "write e.g. {{ fact('economy.fiscal_revenue') }}")
            return None
        if ref not in self.base:
            broken_file = self.base.broken_files.get(ref.split(".", 1)[0])
            if broken_file is not None and ref not in self.base.broken:
                self.report.error(loc, f"fact '{ref}' cannot be read: facts/{ref.split('.', 1)[0]}.yaml "
                                       f"has an error (see {broken_file}); fix it first")
                return None
            broken = self.base.broken.get(ref)
            if broken is not None:
                self.report.error(loc, f"fact '{ref}' has errors (see {broken}); fix it first")
                return None
            hint = did_you_mean(ref, self.base.refs())
            near = self.base.get(hint.split("'")[1]) if hint else None
            if near is not None and near.loc:
                hint += f" ({near.loc})"
            self.report.error(loc, f"unknown fact '{ref}'",
                              hint or "list facts with `briefkit facts list`")
            return None
        fact = self.base.get(ref)
        self.facts_used.setdefault(fact.id, loc)
        return fact

    def fact(self, ref, cite=True):
        """{{ fact('id') }}: the formatted value with its citation mark."""
        f = self._resolve(ref)
        return self.marks.mark(FactUse(f, bool(cite))) if f else "?"

    def label(self, ref):
        """{{ label('id') }}: the fact's label (no citation)."""
        f = self._resolve(ref)
        return self.marks.mark(FactUse(f, False, "label")) if f else "?"

    def as_of(self, ref):
        """{{ as_of('id') }}: when the fact's number holds, e.g. 2023年."""
        f = self._resolve(ref)
        return self.marks.mark(FactUse(f, False, "as_of")) if f else "?"

    def cite(self, ref):
        """{{ cite('id') }}: only the citation mark of a fact."""
        f = self._resolve(ref)
        return self.marks.mark(FactUse(f, True, "none")) if f else ""

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
        labels = labels or {}
        if not refs:
            self.report.error(loc, "key_figures needs at least one fact id")
        for ref in refs:
            f = self._resolve(ref)
            if f:
                items.append((f, self.marks.plain(labels.get(ref)) if isinstance(labels, dict) else None))
        if len(items) > 8:
            self.report.error(loc, f"a key-figures panel holds at most 8 numbers, got {len(items)}",
                              "split it into two panels")
        return self._block("key_figures", (items, self.marks.plain(title)), loc)

    def chart(self, kind, title, refs, labels=None, unit=None, width=0.8, note="", dates=False):
        """{{ chart('bar', '标题', ['id1', 'id2'], labels=['…', '…']) }}: a chart from facts.

        dates=True adds each fact's date to its label: 规上工业总产值（2023年）."""
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
        if labels is None:
            labels = [f.as_of.zh() for f in facts] if kind == "trend" else [f.label for f in facts]
        else:
            labels = [self.marks.plain(x) for x in labels]
        if dates and kind != "trend":
            labels = [f"{lab}（{f.as_of.zh()}）" for lab, f in zip(labels, facts)]
        if len(labels) != len(facts) and facts:
            self.report.error(loc, f"the chart has {len(facts)} facts but {len(labels)} labels",
                              "give one label per fact, or leave labels out")
            return ""
        req = ChartRequest(kind, self.marks.plain(title), labels, facts, unit or (units[0] if units else ""),
                           loc, float(width), self.marks.plain(note))
        return self._block("chart", req, loc)

    def _chart_facts(self, kind: str, refs, loc) -> list[Fact]:
        """Return the facts a chart shows: a trend's observations of a measure, else each fact."""
        facts: list[Fact] = []
        if kind == "trend":
            for ref in refs:
                obs = self.base.observations(ref) if ref in self.base.measures else []
                if not obs:
                    hint = did_you_mean(ref, self.base.measures) or "a trend chart takes a `measure` name"
                    self.report.error(loc, f"'{ref}' is not a measure with observations", hint)
                for f in obs:
                    self.facts_used.setdefault(f.id, loc)
                facts.extend(obs)
        else:
            for ref in refs:
                f = self._resolve(ref)
                if f:
                    facts.append(f)
        return facts

    def _chartable(self, kind: str, facts: list[Fact], loc) -> bool:
        """Report facts a chart cannot draw (text, negative, a donut of non-percentages)."""
        bad = [f.id for f in facts if not f.is_number]
        if bad:
            self.report.error(loc, f"a chart needs numbers, but {', '.join(bad)} {'is' if len(bad) == 1 else 'are'} text")
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

    def facts_table(self, *refs, caption="", columns=("指标", "数值", "时间", "来源")):
        """{{ facts_table('a', 'b', caption='…') }}: a table of facts with time and source."""
        loc = self.locate()
        facts = [f for f in (self._resolve(r) for r in refs) if f]
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
            if not isinstance(row, (list, tuple)) or len(row) != len(header):
                self.report.error(loc, f"row {i} of the table has {len(row) if isinstance(row, (list, tuple)) else 1} "
                                       f"cells, the header {len(header)}")
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
