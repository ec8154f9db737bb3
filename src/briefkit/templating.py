"""Templates → document tree: a sandboxed jinja2 pass, then Markdown parsed into doc blocks.

Anything that comes from facts, briefs or recipients is inserted as a placeholder (a private-use
character pair around a number) and swapped for doc nodes only after Markdown parsing, so such
text is never read as Markdown or markup: '*', '<', '&' in a label stay literally what they are.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import doc as d
from .errors import Loc, Report, TemplateError, did_you_mean
from .facts.model import Fact, FactBase

OPEN, CLOSE = "\ue000", "\ue001"
_MARK = re.compile(OPEN + r"(\d+)" + CLOSE)
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
CHART_KINDS = ("bar", "barh", "trend", "donut", "compare")
CN_NUM = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """Return 1..99 as Chinese numerals: 一, 十, 十二, 二十三."""
    if n <= 10:
        return CN_NUM[n - 1] if n < 10 else "十"
    tens, ones = divmod(n, 10)
    return (CN_NUM[tens - 1] if tens > 1 else "") + "十" + (CN_NUM[ones - 1] if ones else "")


@dataclass
class ChartRequest:
    """A chart asked for by a template, resolved to numbers from facts."""

    kind: str
    title: str
    labels: list[str]
    facts: list[Fact]
    unit: str
    loc: Loc | None
    width: float = 0.9
    note: str = ""


class _Value(str):
    """A brief or recipient value inside a template: prints as a placeholder (so it is never
    read as Markdown) but compares, tests and searches like the text it stands for."""

    def __new__(cls, marker: str, text: str):
        obj = super().__new__(cls, marker)
        obj.text = text
        return obj

    def __eq__(self, other):
        return self.text == (other.text if isinstance(other, _Value) else other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.text)

    def __contains__(self, item):
        return str(item) in self.text

    def __len__(self):
        return len(self.text)


@dataclass
class _Lit:
    text: str
    bold: bool = False


@dataclass
class _Bold:
    inner: object


@dataclass
class _FactUse:
    fact: Fact
    cite: bool = True
    show: str = "text"  # text | label | as_of | value


@dataclass
class _Block:
    kind: str  # chart | key_figures | table
    payload: object
    loc: Loc | None


@dataclass
class Rendered:
    """The result of templating a brief: blocks plus what they used."""

    blocks: list[d.Block]
    charts: list[tuple[d.Figure, ChartRequest]]
    facts_used: dict[str, Loc]  # fact id → first template location that used it
    sources: list[str]  # source ids in citation order


class Templater:
    """Renders the chapters of one brief; collects every problem in `report`."""

    def __init__(self, root: Path, base: FactBase, audience: str, report: Report,
                 variables: dict | None = None):
        from jinja2 import FileSystemLoader, StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        self.root, self.base, self.report = root, base, report
        self.audience = audience
        self.dirs = [root / "templates" / audience, root / "templates"]
        self.env = SandboxedEnvironment(
            # utf-8-sig: a template saved by Notepad with a BOM keeps its first heading
            loader=FileSystemLoader([str(p) for p in self.dirs], encoding="utf-8-sig"),
            undefined=StrictUndefined,
            autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        self.objects: list[object] = []
        self.facts_used: dict[str, Loc] = {}
        self.env.globals.update(
            fact=self.fact, label=self.label, as_of=self.as_of, cite=self.cite,
            key_figures=self.key_figures, chart=self.chart, facts_table=self.facts_table,
            table=self.table, text=self.text, bold=self.bold)
        self.variables = {k: self._wrap(v) for k, v in (variables or {}).items()}
        self.env.globals.update(self.variables)
        self._current: str | None = None

    # ---- template functions ------------------------------------------------------------------

    def _mark(self, obj) -> str:
        self.objects.append(obj)
        return f"{OPEN}{len(self.objects) - 1}{CLOSE}"

    def _wrap(self, value):
        """Brief and recipient values enter templates as literal text, never as markup."""
        if isinstance(value, str):
            return _Value(self._mark(_Lit(value)), value) if value else ""  # empty stays falsy
        if isinstance(value, dict):
            return {k: self._wrap(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._wrap(v) for v in value]
        return value

    def _resolve(self, ref) -> Fact | None:
        loc = self._caller_loc()
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
        return self._mark(_FactUse(f, bool(cite))) if f else "?"

    def label(self, ref):
        """{{ label('id') }}: the fact's label (no citation)."""
        f = self._resolve(ref)
        return self._mark(_FactUse(f, False, "label")) if f else "?"

    def as_of(self, ref):
        """{{ as_of('id') }}: when the fact's number holds, e.g. 2023年."""
        f = self._resolve(ref)
        return self._mark(_FactUse(f, False, "as_of")) if f else "?"

    def cite(self, ref):
        """{{ cite('id') }}: only the citation mark of a fact."""
        f = self._resolve(ref)
        return self._mark(_FactUse(f, True, "none")) if f else ""

    def text(self, value):
        """{{ text(x) }}: literal text."""
        return self._mark(_Lit(self._plain(value)))

    def bold(self, value):
        """{{ bold(x) }}: text in bold; facts inside keep their values and citation marks."""
        out, pos, value = [], 0, str(value)
        for m in _MARK.finditer(value):
            if m.start() > pos:
                out.append(self._mark(_Lit(value[pos:m.start()], True)))
            out.append(self._mark(_Bold(self.objects[int(m.group(1))])))
            pos = m.end()
        if pos < len(value):
            out.append(self._mark(_Lit(value[pos:], True)))
        return "".join(out)

    def key_figures(self, *refs, title="", labels=None):
        """{{ key_figures('a', 'b', …, title='…') }}: a panel of big numbers."""
        loc = self._caller_loc()
        items = []
        labels = labels or {}
        if not refs:
            self.report.error(loc, "key_figures needs at least one fact id")
        for ref in refs:
            f = self._resolve(ref)
            if f:
                items.append((f, self._plain(labels.get(ref)) if isinstance(labels, dict) else None))
        if len(items) > 8:
            self.report.error(loc, f"a key-figures panel holds at most 8 numbers, got {len(items)}",
                              "split it into two panels")
        return self._block("key_figures", (items, self._plain(title)), loc)

    def chart(self, kind, title, refs, labels=None, unit=None, width=0.8, note="", dates=False):
        """{{ chart('bar', '标题', ['id1', 'id2'], labels=['…', '…']) }}: a chart from facts.

        dates=True adds each fact's date to its label: 规上工业总产值（2023年）."""
        loc = self._caller_loc()
        if kind not in CHART_KINDS:
            self.report.error(loc, f"unknown chart kind '{kind}'",
                              did_you_mean(str(kind), CHART_KINDS) or f"use one of: {', '.join(CHART_KINDS)}")
            return ""
        if isinstance(refs, str):
            refs = [refs]
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
        bad = [f.id for f in facts if not f.is_number]
        if bad:
            self.report.error(loc, f"a chart needs numbers, but {', '.join(bad)} {'is' if len(bad) == 1 else 'are'} text")
            return ""
        negative = [f.id for f in facts if f.value < 0]
        if negative:
            self.report.error(loc, f"a chart cannot show negative values ({', '.join(negative)})",
                              "show these numbers in a table instead")
            return ""
        if kind == "donut":
            bad = [f.id for f in facts if f.unit != "%" or not 0 <= f.value <= 100]
            if bad:
                self.report.error(loc, f"a donut chart shows shares from 0 to 100%, but {', '.join(bad)} "
                                       f"{'is' if len(bad) == 1 else 'are'} not a percentage",
                                  "use chart('bar', …) for amounts and counts")
                return ""
        units = sorted({f.unit for f in facts})
        if len(units) > 1 and kind != "donut":
            self.report.error(loc, f"a chart cannot mix units: {' and '.join(units)}",
                              "chart facts measured in the same unit")
            return ""
        if labels is None:
            labels = [f.as_of.zh() for f in facts] if kind == "trend" else [f.label for f in facts]
        else:
            labels = [self._plain(x) for x in labels]
        if dates and kind != "trend":
            labels = [f"{lab}（{f.as_of.zh()}）" for lab, f in zip(labels, facts)]
        if len(labels) != len(facts) and facts:
            self.report.error(loc, f"the chart has {len(facts)} facts but {len(labels)} labels",
                              "give one label per fact, or leave labels out")
            return ""
        req = ChartRequest(kind, self._plain(title), labels, facts, unit or (units[0] if units else ""),
                           loc, float(width), self._plain(note))
        return self._block("chart", req, loc)

    def facts_table(self, *refs, caption="", columns=("指标", "数值", "时间", "来源")):
        """{{ facts_table('a', 'b', caption='…') }}: a table of facts with time and source."""
        loc = self._caller_loc()
        facts = [f for f in (self._resolve(r) for r in refs) if f]
        if len(columns) != 4:
            self.report.error(loc, f"facts_table has four columns (指标, 数值, 时间, 来源); got {len(columns)} titles",
                              "give four column titles, or leave columns out")
            return ""
        return self._block("facts_table", (facts, self._plain(caption), list(columns)), loc)

    def table(self, header, rows, caption="", align=None, widths=None):
        """{{ table(['列1', '列2'], [['a', fact('x')], …], caption='…') }}: a table."""
        loc = self._caller_loc()
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
        return self._block("table", ([self._plain(h) for h in header], [[str(c) for c in r] for r in rows],
                                     self._plain(caption), list(align or []), list(widths or [])), loc)

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
        return "\n\n" + self._mark(_Block(kind, payload, loc)) + "\n\n"

    def _plain(self, value) -> str:
        """Return text for a caption or label, turning placeholders back into their text."""
        if value is None:
            return ""
        return _MARK.sub(lambda m: self._text_of(self.objects[int(m.group(1))]), str(value))

    def _text_of(self, obj) -> str:
        if isinstance(obj, _Bold):
            return self._text_of(obj.inner)
        if isinstance(obj, _Lit):
            return obj.text
        if isinstance(obj, _FactUse):
            return {"label": obj.fact.label, "as_of": obj.fact.as_of.zh(), "none": ""}.get(
                obj.show, obj.fact.text())
        return ""

    def _caller_loc(self) -> Loc | None:
        """Return the template file and line that is calling a template function."""
        frame = sys._getframe(1)
        while frame is not None:
            tmpl = frame.f_globals.get("__jinja_template__")
            if tmpl is not None:
                return Loc(self._rel(tmpl.filename), tmpl.get_corresponding_lineno(frame.f_lineno))
            frame = frame.f_back
        return Loc(self._current) if self._current else None

    def _rel(self, filename: str | None) -> str:
        if not filename:
            return self._current or "<template>"
        try:
            return Path(filename).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return filename

    # ---- chapters ----------------------------------------------------------------------------

    def find(self, chapter: str) -> Path | None:
        """Return the template file of a chapter: the audience's own, else a shared one."""
        for base in (self.dirs[0], self.dirs[1] / "shared"):
            p = base / f"{chapter}.md"
            if p.is_file():
                return p
        return None

    def available(self) -> list[str]:
        names = {p.stem for p in self.dirs[0].glob("*.md")} | {p.stem for p in (self.dirs[1] / "shared").glob("*.md")}
        return sorted(n for n in names if n.upper() != "README")

    def render_chapter(self, chapter: str, brief_loc: Loc | None) -> str | None:
        """Run jinja on one chapter; return Markdown with placeholders, or None on error."""
        from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
        from jinja2.exceptions import SecurityError

        path = self.find(chapter)
        if path is None:
            hint = did_you_mean(chapter, self.available()) or (
                f"create templates/{self.audience}/{chapter}.md")
            self.report.error(brief_loc, f"no template for chapter '{chapter}' in "
                                         f"templates/{self.audience}/ or templates/shared/", hint)
            return None
        rel = self._rel(str(path))
        self._current = rel
        name = path.relative_to(self.dirs[0] if path.parent == self.dirs[0] else self.dirs[1]).as_posix()
        try:
            return self.env.get_template(name).render()
        except UnicodeDecodeError:
            self.report.error(Loc(rel), "file is not UTF-8 text", "save the file as UTF-8")
        except TemplateSyntaxError as e:
            self.report.error(Loc(self._rel(e.filename) if e.filename else rel, e.lineno), f"template syntax: {e.message}", _syntax_hint(e.message or ""))
        except TemplateNotFound as e:
            self.report.error(self._loc_from_tb(e, rel), f"included template '{e.name}' not found",
                              did_you_mean(str(e.name), self._all_templates()) or
                              "paths are relative to templates/, e.g. shared/district.md")
        except UndefinedError as e:
            self.report.error(self._loc_from_tb(e, rel), f"{_undefined_message(e)}",
                              _undefined_hint(str(e), list(self.env.globals)))
        except SecurityError as e:
            self.report.error(self._loc_from_tb(e, rel), f"not allowed in a template: {e}",
                              "templates may only use facts, charts, tables and text")
        except Exception as e:  # anything else a template can cause: a person's mistake, not a crash
            self.report.error(self._loc_from_tb(e, rel), f"template error: {e}",
                              "check the arguments, e.g. {{ fact('economy.fiscal_revenue') }}")
        finally:
            self._current = None
        return None

    def _all_templates(self) -> list[str]:
        root = self.dirs[1]
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))

    def _loc_from_tb(self, exc: BaseException, rel: str) -> Loc:
        """Return the template line an exception came from (jinja rewrites tracebacks so that
        template frames carry the template's file name and line)."""
        tb = exc.__traceback__
        loc = Loc(rel)
        templates_dir = str(self.dirs[1].resolve())
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            tmpl = tb.tb_frame.f_globals.get("__jinja_template__")
            if tmpl is not None:
                loc = Loc(self._rel(tmpl.filename), tmpl.get_corresponding_lineno(tb.tb_lineno))
            elif filename.endswith(".md") and str(Path(filename).resolve()).startswith(templates_dir):
                loc = Loc(self._rel(filename), tb.tb_lineno)
            tb = tb.tb_next
        return loc

    # ---- Markdown → blocks --------------------------------------------------------------------

    def build(self, chapters: list[tuple[str, Loc | None]], numbering: bool = True) -> Rendered:
        """Render every chapter and turn the result into document blocks."""
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
        conv = _Converter(self, numbering)
        for chapter, loc in chapters:
            text = self.render_chapter(chapter, loc)
            if text is None:
                continue
            self._current = self._rel(str(self.find(chapter)))
            conv.convert(md.parse(text), self._current)
            self._current = None
        return Rendered(conv.blocks, conv.charts, self.facts_used, conv.source_order)


class _Converter:
    """markdown-it tokens → doc blocks, swapping placeholders for doc nodes."""

    def __init__(self, t: Templater, numbering: bool):
        self.t = t
        self.numbering = numbering
        self.blocks: list[d.Block] = []
        self.charts: list[tuple[d.Figure, ChartRequest]] = []
        self.source_order: list[str] = []
        self.counters = [0, 0, 0]
        self.n_fig = 0
        self.n_table = 0
        self.pending_caption = ""

    def cite_number(self, source_id: str) -> int:
        if source_id not in self.source_order:
            self.source_order.append(source_id)
        return self.source_order.index(source_id) + 1

    def convert(self, tokens, rel: str) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            self._next_is_table = i + 3 < len(tokens) and tokens[i + 3].type == "table_open"
            if tok.type == "heading_open":
                level = int(tok.tag[1])
                self._heading(level, tokens[i + 1], rel, tok)
                i += 3
            elif tok.type == "paragraph_open":
                inline = tokens[i + 1]
                self._paragraph(inline, rel, tok)
                i += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                i = self._list(tokens, i)
            elif tok.type == "blockquote_open":
                j = i + 1
                inl: list[d.Inline] = []
                while tokens[j].type != "blockquote_close":
                    if tokens[j].type == "inline":
                        if inl:
                            inl.append(d.Text("\n"))
                        inl.extend(self.inlines(tokens[j]))
                    j += 1
                self.blocks.append(d.Quote(inl))
                i = j + 1
            elif tok.type == "table_open":
                i = self._md_table(tokens, i)
            elif tok.type == "hr":
                self.blocks.append(d.PageBreak())
                i += 1
            elif tok.type in ("fence", "code_block"):
                self.blocks.append(d.Paragraph([d.Text(tok.content.rstrip("\n"))], "note"))
                i += 1
            else:
                i += 1

    def _heading(self, level: int, inline, rel: str, tok) -> None:
        if level > 3:
            text = inline.content.strip()
            self.t.report.error(Loc(rel), f"headings go three levels deep at most: '{'#' * level} {text}'",
                                "use #, ## or ###")
            level = 3
        self.counters[level - 1] += 1
        for k in range(level, 3):
            self.counters[k] = 0
        text = "".join(self._plain_inline(x) for x in self.inlines(inline))
        if self.numbering and level == 1:
            text = f"{cn_number(self.counters[0])}、{text}"
        elif self.numbering and level == 2:
            text = f"（{cn_number(self.counters[1])}）{text}"
        anchor = "sec-" + "-".join(str(c) for c in self.counters[:level])
        self.blocks.append(d.Heading(level, text, anchor))

    @staticmethod
    def _plain_inline(x: d.Inline) -> str:
        return "" if isinstance(x, d.Citation) else x.text

    def _paragraph(self, inline, rel: str, tok) -> None:
        content = inline.content.strip()
        m = _MARK.fullmatch(content)
        if m and isinstance(self.t.objects[int(m.group(1))], _Block):
            self._block(self.t.objects[int(m.group(1))])
            return
        inl = self.inlines(inline)
        text = d.inline_text(inl)
        if text.startswith(("表：", "表:")) and self._next_is_table:
            self.pending_caption = text[2:].strip()
            return
        if any(isinstance(self.t.objects[int(k)], _Block) for k in _MARK.findall(content)):
            line = (tok.map[0] + 1) if tok.map else None
            self.t.report.error(Loc(rel), "a chart, table or key-figures panel must stand on a line of its own",
                                "put a blank line before and after it")
        inl = settle_citations(inl)
        style = "body"
        if text.startswith("导语：") or text.startswith("导语:"):
            style, inl = "lead", _strip_prefix(inl, 3)
        elif text.startswith(("注：", "注:")):
            style = "note"
        self.blocks.append(d.Paragraph(inl, style))

    def _list(self, tokens, i: int) -> int:
        ordered = tokens[i].type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        depth = 0
        items: list[list[d.Inline]] = []
        j = i
        while True:
            tok = tokens[j]
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif tok.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
                if depth == 0 and tok.type == close:
                    break
            elif tok.type == "list_item_open" and depth == 1:
                items.append([])
            elif tok.type == "inline":
                if items and items[-1]:
                    items[-1].append(d.Text("；" if depth > 1 else " "))
                if items:
                    items[-1].extend(self.inlines(tok))
            j += 1
        self.blocks.append(d.BulletList([settle_citations(i) for i in items], ordered))
        return j + 1

    def _md_table(self, tokens, i: int) -> int:
        header: list[str] = []
        rows: list[list[list[d.Inline]]] = []
        align: list[str] = []
        j = i
        in_head = False
        while tokens[j].type != "table_close":
            tok = tokens[j]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open" and not in_head:
                rows.append([])
            elif tok.type in ("th_open", "td_open") and in_head:
                style = tok.attrGet("style") or ""
                align.append("r" if "right" in style else "c" if "center" in style else "l")
            elif tok.type == "inline":
                cell = self.inlines(tok)
                if in_head:
                    header.append(d.inline_text(cell))
                else:
                    rows[-1].append(cell)
            j += 1
        self.n_table += 1
        self.blocks.append(d.Table(header, rows, self.pending_caption, self.n_table, align,
                                   source=self._source_line(self._cited_in(rows))))
        self.pending_caption = ""
        return j + 1

    def _cited_in(self, rows) -> list[int]:
        nums = []
        for row in rows:
            for cell in row:
                nums += [x.number for x in cell if isinstance(x, d.Citation)]
        return nums

    def _source_line(self, numbers: list[int]) -> list[d.Inline]:
        nums = sorted(set(numbers))
        if not nums:
            return []
        names = []
        for n in nums:
            pub = self.t.base.sources[self.source_order[n - 1]].name
            if pub not in names:
                names.append(pub)
        out: list[d.Inline] = [d.Text("资料来源：" + "、".join(names))]
        out += [d.Citation(n) for n in nums]
        return out

    def _block(self, blk: _Block) -> None:
        if blk.kind == "key_figures":
            items, title = blk.payload
            kf = [d.KeyFigure(f.text(), label or f.label, self.cite_number(f.source)) for f, label in items]
            self.blocks.append(d.KeyFigures(kf, title))
        elif blk.kind == "chart":
            req: ChartRequest = blk.payload
            self.n_fig += 1
            nums = [self.cite_number(f.source) for f in req.facts]
            fig = d.Figure(image="", caption=req.title, number=self.n_fig, alt=_alt(req),
                           width=req.width, source=self._source_line(nums))
            self.blocks.append(fig)
            self.charts.append((fig, req))
        elif blk.kind == "facts_table":
            facts, caption, columns = blk.payload
            rows = []
            for f in facts:
                n = self.cite_number(f.source)
                src = self.t.base.sources[f.source]
                rows.append([[d.Text(f.label)], [d.Text(f.text()), d.Citation(n)], [d.Text(f.as_of.zh())],
                             [d.Text(src.name)]])
            self.n_table += 1
            self.blocks.append(d.Table(list(columns), rows, caption, self.n_table, ["l", "r", "c", "l"],
                                       [3, 2, 1.9, 1.6], self._source_line(self._cited_in(rows))))
        elif blk.kind == "table":
            header, rows, caption, align, widths = blk.payload
            cells = [[self._inlines_from_text(c) for c in row] for row in rows]
            self.n_table += 1
            self.blocks.append(d.Table(header, cells, caption, self.n_table, align, widths,
                                       self._source_line(self._cited_in(cells))))

    def _inlines_from_text(self, text: str) -> list[d.Inline]:
        text = text.replace("\ufeff", "")
        out: list[d.Inline] = []
        pos = 0
        for m in _MARK.finditer(text):
            if m.start() > pos:
                out.append(d.Text(text[pos:m.start()]))
            out.extend(self._expand(self.t.objects[int(m.group(1))]))
            pos = m.end()
        if pos < len(text):
            out.append(d.Text(text[pos:]))
        return _merge(out)

    def _expand(self, obj, bold=False) -> list[d.Inline]:
        if isinstance(obj, _Bold):
            return self._expand(obj.inner, True)
        if isinstance(obj, _Lit):
            return [d.Text(obj.text, bold or obj.bold)]
        if isinstance(obj, _FactUse):
            f = obj.fact
            out: list[d.Inline] = []
            if obj.show == "text":
                out.append(d.Text(f.text(), bold))
            elif obj.show == "label":
                out.append(d.Text(f.label, bold))
            elif obj.show == "as_of":
                out.append(d.Text(f.as_of.zh(), bold))
            if obj.cite:
                out.append(d.Citation(self.cite_number(f.source)))
            return out
        return []

    def inlines(self, inline) -> list[d.Inline]:
        """Convert one markdown-it inline token into doc inlines."""
        out: list[d.Inline] = []
        bold = italic = False
        link: str | None = None
        children = inline.children or []
        for k, tok in enumerate(children):
            if tok.type == "text" or tok.type == "code_inline":
                for piece in self._inlines_from_text(tok.content):
                    if isinstance(piece, d.Text):
                        piece = d.Text(piece.text, piece.bold or bold, italic)
                        if link:
                            piece = d.Link(piece.text, link)
                    out.append(piece)
            elif tok.type == "strong_open":
                bold = True
            elif tok.type == "strong_close":
                bold = False
            elif tok.type == "em_open":
                italic = True
            elif tok.type == "em_close":
                italic = False
            elif tok.type == "link_open":
                link = tok.attrGet("href")
            elif tok.type == "link_close":
                link = None
            elif tok.type == "softbreak":
                prev = d.inline_text(out)[-1:] if out else ""
                nxt = children[k + 1].content[:1] if k + 1 < len(children) else ""
                if not (_CJK.match(prev or " ") or _CJK.match(nxt or " ")):
                    out.append(d.Text(" "))
            elif tok.type == "hardbreak":
                out.append(d.Text("\n"))
        return _merge(out)


_CLAUSE_END = set("，。；：！？、）》」』”…—,.;:!?)")


def settle_citations(inlines: list[d.Inline]) -> list[d.Inline]:
    """Move citation marks to the end of their clause, before its punctuation, merging repeats.

    "4个[2]千亿级产业集群。" reads as "4个千亿级产业集群[2]。": a mark must not split a number
    from the noun it counts (the usual placement of 注码 in Chinese reports)."""
    out: list[d.Inline] = []
    pending: list[int] = []

    def flush():
        for n in sorted(set(pending)):
            if not (out and isinstance(out[-1], d.Citation) and out[-1].number == n):
                out.append(d.Citation(n))
        pending.clear()

    for x in inlines:
        if isinstance(x, d.Citation):
            pending.append(x.number)
            continue
        if pending and isinstance(x, d.Text):
            cut = next((i for i, ch in enumerate(x.text) if ch in _CLAUSE_END or ch == "\n"), None)
            if cut is None:
                out.append(x)
                continue
            if cut:
                out.append(d.Text(x.text[:cut], x.bold, x.italic))
            flush()
            if x.text[cut:]:
                out.append(d.Text(x.text[cut:], x.bold, x.italic))
            continue
        if pending and isinstance(x, d.Link):
            out.append(x)
            continue
        out.append(x)
    flush()
    return _merge(out)


def _merge(inlines: list[d.Inline]) -> list[d.Inline]:
    out: list[d.Inline] = []
    for x in inlines:
        if (out and isinstance(x, d.Text) and isinstance(out[-1], d.Text)
                and (x.bold, x.italic) == (out[-1].bold, out[-1].italic)):
            out[-1] = d.Text(out[-1].text + x.text, x.bold, x.italic)
        elif not (isinstance(x, d.Text) and not x.text):
            out.append(x)
    return out


def _strip_prefix(inl: list[d.Inline], n: int) -> list[d.Inline]:
    first = inl[0]
    if isinstance(first, d.Text):
        return ([d.Text(first.text[n:], first.bold, first.italic)] if first.text[n:] else []) + inl[1:]
    return inl


def _alt(req: ChartRequest) -> str:
    parts = [f"{lab}：{f.text()}" for lab, f in zip(req.labels, req.facts)]
    return f"{req.title}。" + "；".join(parts)


def _syntax_hint(message: str) -> str | None:
    m = re.search(r"unknown tag '(\w+)'", message)
    if m:
        return did_you_mean(m.group(1), ["if", "elif", "else", "endif", "for", "endfor", "set",
                                         "include", "macro", "endmacro"]) or "tags are {% if %}, {% for %}, {% include %}"
    if "end of print statement" in message or "unexpected" in message:
        return "a value is written {{ fact('topic.name') }}: check the quotes, brackets and braces"
    if "endfor" in message or "endif" in message:
        return "every {% for %} needs an {% endfor %} and every {% if %} an {% endif %}"
    return None


def _undefined_message(e) -> str:
    msg = str(e)
    m = re.match(r"'(\w+)' is undefined", msg)
    if m:
        return f"unknown name '{m.group(1)}'"
    return msg


def _undefined_hint(message: str, names: list[str]) -> str | None:
    m = re.match(r"'(\w+)' is undefined", message)
    if m:
        return did_you_mean(m.group(1), names) or f"available: {', '.join(sorted(names))}"
    return None


# ---- checks on template sources ----------------------------------------------------------------

_UNITS = ("亿元", "万元", "元", "万平方米", "平方米", "平方公里", "公顷", "家", "个", "名", "位", "台", "户",
          "套", "所", "座", "件", "场", "张", "款", "条", "项", "倍", "%", "％", "人次", "万人", "人",
          "亿", "万")
_NUM_WITH_UNIT = re.compile(
    r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十][零一二两三四五六七八九十百千万亿]+)"
    r"\s*(?:余|多)?(?:" + "|".join(_UNITS) + ")")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def typed_numbers(source: str) -> list[tuple[int, str]]:
    """Return (line, text) for each number-with-unit typed into template prose, not from a fact."""
    def blank(m):
        return re.sub(r"[^\n]", " ", m.group(0))

    prose = _JINJA.sub(blank, source)
    out = []
    for n, line in enumerate(prose.splitlines(), 1):
        if line.lstrip().startswith("#"):  # headings name chapters; their numbers are not data
            continue
        for m in _NUM_WITH_UNIT.finditer(line):
            out.append((n, m.group(0)))
    return out
