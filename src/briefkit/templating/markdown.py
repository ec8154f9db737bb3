"""Markdown → doc tree: markdown-it tokens become doc blocks, placeholders become doc nodes.

Chapter and section headings are numbered 一、 and （一）; figures and tables are numbered in
order and get a source line naming the publishers their citations point to.
"""

from __future__ import annotations

import functools
import re

from .. import doc as d
from ..doc.chrome import chrome
from ..errors import Loc, Report
from ..facts.model import FactBase
from .citations import merge_text, settle_citations
from .placeholders import MARK, BlockUse, Bold, ChartRequest, FactUse, Lit, Placeholders, fact_text

# A sentence ends at 。！？； (a flow figure's period must be said before the next one).
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
# A table column with one of these titles gives every row's period.
_PERIOD_COLUMNS = ("时间", "年份", "年度", "时期", "日期")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def parser():
    """Return the Markdown parser templates are read with: CommonMark with tables, no HTML, and
    `_x_` / `__x__` beside Chinese characters read as emphasis, as `*x*` / `**x**` are."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.inline.ruler.at("emphasis", _emphasis)
    return md


def _emphasis(state, silent: bool) -> bool:
    """markdown-it's emphasis rule, except that a run of `_` next to a Chinese character may open
    or close emphasis inside a "word": CommonMark lets `_` do so only at a word's edge, and Chinese
    has no spaces between words, so 是_斜体_和 printed its underscores. Between Latin letters and
    digits (snake_case) `_` stays text, as CommonMark says."""
    from markdown_it.rules_inline.emphasis import tokenize
    from markdown_it.rules_inline.state_inline import Delimiter

    start, marker = state.pos, state.src[state.pos]
    if silent or marker != "_":
        return tokenize(state, silent)
    end = start
    while end < state.posMax and state.src[end] == marker:
        end += 1
    before = state.src[start - 1] if start > 0 else " "
    after = state.src[end] if end < state.posMax else " "
    scanned = state.scanDelims(start, bool(_CJK.match(before) or _CJK.match(after)))
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(marker=ord(marker), length=scanned.length,
                                          token=len(state.tokens) - 1, end=-1,
                                          open=scanned.can_open, close=scanned.can_close))
    state.pos += scanned.length
    return True


_DIGITS = "零一二三四五六七八九"
_PLACES = ("", "十", "百", "千")


def cn_number(n: int) -> str:
    """Return n in Chinese numerals as headings number them: 一, 十, 十二, 二十三, 一百, 一百零一.

    Written out rather than taken from cn2an (which agrees for 0–9999: tests/templating/
    test_markdown.py) because importing cn2an costs ≈0.15 s of every build."""
    if not 0 <= n < 10000:
        import cn2an

        return cn2an.an2cn(n)
    if n == 0:
        return _DIGITS[0]
    out, zero = [], False
    for place in range(3, -1, -1):
        digit = n // 10 ** place % 10
        if digit == 0:
            zero = bool(out)  # a zero between digits is read once (一百零一, 一千零一十)
            continue
        if zero:
            out.append(_DIGITS[0])
            zero = False
        out.append(_DIGITS[digit] + _PLACES[place])
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text  # 十二, not 一十二


class Converter:
    """markdown-it tokens → doc blocks, swapping placeholders for doc nodes."""

    def __init__(self, marks: Placeholders, base: FactBase, report: Report, numbering: bool,
                 citations: str = "sentence", language: str = "zh"):
        self.language = language
        self.marks, self.base, self.report = marks, base, report
        self.numbering = numbering
        self.unit = citations  # each source cited once per "sentence" or per "paragraph"
        self.blocks: list[d.Block] = []
        self.charts: list[tuple[d.Figure, ChartRequest]] = []
        self.source_order: list[str] = []
        self.counters = [0, 0, 0]
        self.n_fig = 0
        self.n_table = 0
        self.pending_caption = ""

    def cite_number(self, source_id: str) -> int:
        """Return the citation number of a source, numbering sources in order of first use."""
        if source_id not in self.source_order:
            self.source_order.append(source_id)
        return self.source_order.index(source_id) + 1

    def convert(self, tokens, rel: str) -> None:
        """Append the blocks of one chapter's tokens (`rel` names its file in messages)."""
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
                    inner = _as_inline(tokens[j])
                    if inner.type == "inline":
                        if inl:
                            inl.append(d.Text("\n"))
                        inl.extend(self.inlines(inner))
                    j += 1
                self.blocks.append(d.Quote(inl))
                i = j + 1
            elif tok.type == "table_open":
                i = self._md_table(tokens, i)
            elif tok.type == "hr":
                self.blocks.append(d.PageBreak())
                i += 1
            elif tok.type == "code_block":  # a paragraph indented four spaces, as in Word
                self.convert(_indented_parser().parse(tok.content), rel)
                i += 1
            elif tok.type == "fence":
                self.blocks.append(d.Paragraph([d.Text(tok.content.rstrip("\n"))], "note"))
                i += 1
            else:
                i += 1

    def _heading(self, level: int, inline, rel: str, tok) -> None:
        if level > 3:
            text = inline.content.strip()
            self.report.error(Loc(rel), f"headings go three levels deep at most: '{'#' * level} {text}'",
                                "use #, ## or ###")
            level = 3
        self.counters[level - 1] += 1
        for k in range(level, 3):
            self.counters[k] = 0
        text = "".join(self._plain_inline(x) for x in self.inlines(inline))
        if self.numbering and self.language == "en" and level <= 2:
            text = ".".join(str(c) for c in self.counters[:level]) + f"  {text}"
        elif self.numbering and level == 1:
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
        m = MARK.fullmatch(content)
        if m and isinstance(self.marks.of(m), BlockUse):
            self._block(self.marks.of(m))
            return
        self._check_periods(content, rel, tok)
        inl = self.inlines(inline)
        text = d.inline_text(inl)
        if text.startswith(("表：", "表:")) and self._next_is_table:
            self.pending_caption = text[2:].strip()
            return
        if any(isinstance(self.marks.of(k), BlockUse) for k in MARK.finditer(content)):
            line = (tok.map[0] + 1) if tok.map else None
            self.report.error(Loc(rel), "a chart, table or key-figures panel must stand on a line of its own",
                                "put a blank line before and after it")
        inl = settle_citations(inl, self.unit)
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
            tok = _as_inline(tokens[j])
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
                    self._check_periods(tok.content, "", tok)
                    items[-1].extend(self.inlines(tok))
            j += 1
        self.blocks.append(d.BulletList([settle_citations(i, self.unit) for i in items], ordered))
        return j + 1

    def _md_table(self, tokens, i: int) -> int:
        header: list[str] = []
        rows: list[list[list[d.Inline]]] = []
        raw_rows: list[list[str]] = []
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
                raw_rows.append([])
            elif tok.type in ("th_open", "td_open") and in_head:
                style = tok.attrGet("style") or ""
                align.append("r" if "right" in style else "c" if "center" in style else "l")
            elif tok.type == "inline":
                cell = self.inlines(tok)
                if in_head:
                    header.append(d.inline_text(cell))
                else:
                    rows[-1].append(cell)
                    raw_rows[-1].append(tok.content)
            j += 1
        self._check_table_periods(header, raw_rows, self.pending_caption)
        self.n_table += 1
        self.blocks.append(d.Table(header, _uncited(rows), self.pending_caption, self.n_table, align,
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
        """Return "资料来源：上观新闻[3]、上海经信委[4]": each source's short name with its number.

        Figures, tables and key-figure panels cite their sources here, not on every value."""
        nums = sorted(set(numbers))
        if not nums:
            return []
        out: list[d.Inline] = [d.Text(chrome(self.language, "source_line"))]
        for k, n in enumerate(nums):
            if k:
                out.append(d.Text(chrome(self.language, "source_join")))
            out += [d.Text(self.base.sources[self.source_order[n - 1]].name_in(self.language)), d.Citation(n)]
        return merge_text(out)

    def _flow_uses(self, text: str) -> list[FactUse]:
        """Return the uses of flow figures' values among the placeholders in `text`."""
        from ..facts.periods import is_flow

        out = []
        for m in MARK.finditer(text):
            obj = self.marks.of(m)
            while isinstance(obj, Bold):
                obj = obj.inner
            if isinstance(obj, FactUse) and obj.show in ("text", "count", "dated", "statement") and is_flow(obj.fact):
                out.append(obj)
        return out

    def _check_periods(self, content: str, rel: str, tok) -> None:
        """Report each flow figure (收入, 产值, 增长 …) whose sentence does not say its period."""
        from ..facts.periods import states_period

        for sentence in _SENTENCE_END.split(content):
            for use in self._flow_uses(sentence):
                if not states_period(use.fact, self.marks.plain(sentence), self.language):
                    self._undated(use, "sentence", rel)

    def _check_table_periods(self, header: list[str], rows, caption: str) -> None:
        """Report flow figures in a table whose row, caption or columns do not say the period."""
        from ..facts.periods import states_period

        if any(word in h for h in header for word in _PERIOD_COLUMNS):
            return
        for row in rows:
            text = self.marks.plain("\n".join(str(c) for c in row)) + "\n" + caption
            for use in self._flow_uses("".join(str(c) for c in row)):
                if not states_period(use.fact, text, self.language):
                    self._undated(use, "table row", "")

    def _undated(self, use: FactUse, where: str, rel: str) -> None:
        f = use.fact
        ref = f.measure or f.id
        self.report.error(
            use.loc or (Loc(rel) if rel else None),
            f"{f.label} {f.text()} is a flow figure printed without its period ({f.as_of.zh()}) "
            f"in its {where}",
            f"say when: {{{{ dated('{ref}') }}}} prints {f.as_of.zh()}{f.label}{f.text()}, "
            f"{{{{ fact('{ref}', dated=True) }}}} prints {f.as_of.zh()}{f.text()}; or write "
            f"{{{{ period('{ref}') }}}} in the same {where}")

    def _block(self, blk: BlockUse) -> None:
        if blk.kind == "key_figures":
            items, title = blk.payload
            lang = self.language
            kf = [d.KeyFigure(f.text_in(lang), label or f.label_in(lang), None, f.when_in(lang))
                  for f, label in items]
            line = self._source_line([self.cite_number(f.source) for f, _ in items])
            self.blocks.append(d.KeyFigures(kf, title, line))
        elif blk.kind == "chart":
            req: ChartRequest = blk.payload
            self.n_fig += 1
            nums = [self.cite_number(f.source) for f in req.facts + req.growth_facts]
            fig = d.Figure(image="", caption=req.title, number=self.n_fig, alt=_alt(req, self.language),
                           width=req.width, source=self._source_line(nums))
            self.blocks.append(fig)
            self.charts.append((fig, req))
        elif blk.kind == "facts_table":
            facts, caption, columns = blk.payload
            rows = []
            for f in facts:
                n = self.cite_number(f.source)
                src = self.base.sources[f.source]
                lang = self.language
                rows.append([[d.Text(f.label_in(lang))], [d.Text(f.text_in(lang)), d.Citation(n)],
                             [d.Text(f.when_in(lang))], [d.Text(src.name_in(lang))]])
            self.n_table += 1
            self.blocks.append(d.Table(list(columns), _uncited(rows), caption, self.n_table,
                                       ["l", "r", "c", "l"], [3, 2, 1.9, 1.6],
                                       self._source_line(self._cited_in(rows))))
        elif blk.kind == "node":  # a doc node made by a caller's own template function (slide())
            self.blocks.append(blk.payload)
        elif blk.kind == "table":
            header, rows, caption, align, widths = blk.payload
            self._check_table_periods(header, rows, caption)
            cells = [[self._inlines_from_text(c) for c in row] for row in rows]
            self.n_table += 1
            self.blocks.append(d.Table(header, _uncited(cells), caption, self.n_table, align, widths,
                                       self._source_line(self._cited_in(cells))))

    def _inlines_from_text(self, text: str) -> list[d.Inline]:
        text = text.replace("\ufeff", "")
        out: list[d.Inline] = []
        pos = 0
        for m in MARK.finditer(text):
            if m.start() > pos:
                out.append(d.Text(text[pos:m.start()]))
            out.extend(self._expand(self.marks.of(m)))
            pos = m.end()
        if pos < len(text):
            out.append(d.Text(text[pos:]))
        return merge_text(out)

    def _expand(self, obj, bold=False) -> list[d.Inline]:
        if isinstance(obj, Bold):
            return self._expand(obj.inner, True)
        if isinstance(obj, Lit):
            return [d.Text(obj.text, bold or obj.bold)]
        if isinstance(obj, FactUse):
            f = obj.fact
            out: list[d.Inline] = []
            if obj.show != "none":
                out.append(d.Text(fact_text(obj), bold))
            if obj.cite:
                out.append(d.Citation(self.cite_number(f.source)))
            return out
        return []

    def _address(self, href: str | None, text: str) -> list[d.Inline]:
        """Return a link's address as printed after its text — 官网（https://www.xuhui.gov.cn）
        — since paper cannot be clicked; nothing when the text is the address, or the link
        points inside the pack (#…)."""
        from markdown_it.common.normalize_url import normalizeLinkText

        shown = normalizeLinkText(href or "").removeprefix("mailto:")
        if not shown or shown.startswith("#") or shown == text.strip():
            return []
        opening, closing = (" (", ")") if self.language == "en" else ("（", "）")
        return [d.Text(opening), d.Link(shown, href), d.Text(closing)]

    def inlines(self, inline) -> list[d.Inline]:
        """Convert one markdown-it inline token into doc inlines."""
        out: list[d.Inline] = []
        bold = italic = False
        link: str | None = None
        link_from = 0
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
                link, link_from = tok.attrGet("href"), len(out)
            elif tok.type == "link_close":
                out += self._address(link, d.inline_text(out[link_from:]))
                link = None
            elif tok.type == "softbreak":
                prev = d.inline_text(out)[-1:] if out else ""
                nxt = children[k + 1].content[:1] if k + 1 < len(children) else ""
                if not (_CJK.match(prev or " ") or _CJK.match(nxt or " ")):
                    out.append(d.Text(" "))
            elif tok.type == "hardbreak":
                out.append(d.Text("\n"))
        return merge_text(out)




def _as_inline(tok):
    """Return the text of a code block inside a list item or quote as an inline token (an
    indented paragraph is read as a paragraph, a ``` block as its text), so none is dropped;
    any other token as it is."""
    from markdown_it.token import Token

    if tok.type == "code_block":
        return _indented_parser().parseInline(tok.content.strip())[0]
    if tok.type == "fence":
        text = tok.content.rstrip("\n")
        return Token("inline", "", 0, content=text, children=[Token("text", "", 0, content=text)])
    return tok


@functools.cache
def _indented_parser():
    """The parser for text indented four spaces: the one templates are read with, made once."""
    return parser()


def _uncited(rows: list[list[list[d.Inline]]]) -> list[list[list[d.Inline]]]:
    """Return table cells without citation marks: the table's 资料来源 line carries them."""
    return [[merge_text([x for x in cell if not isinstance(x, d.Citation)]) for cell in row]
            for row in rows]


def _strip_prefix(inl: list[d.Inline], n: int) -> list[d.Inline]:
    first = inl[0]
    if isinstance(first, d.Text):
        return ([d.Text(first.text[n:], first.bold, first.italic)] if first.text[n:] else []) + inl[1:]
    return inl


def _alt(req: ChartRequest, language: str = "zh") -> str:
    """Return a chart's alt text: its title, then each label with its value."""
    if language == "en":
        parts = [f"{lab}: {f.text_in(language)}" for lab, f in zip(req.labels, req.facts)]
        return f"{req.title}. " + "; ".join(parts)
    parts = [f"{lab}：{f.text()}" for lab, f in zip(req.labels, req.facts)]
    return f"{req.title}。" + "；".join(parts)
