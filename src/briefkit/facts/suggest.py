"""Draft facts from an article the fact base has never seen: every number, its clause, label and date.

`suggest(text, base)` returns Drafts in text order; `to_yaml` and `to_json` write them for a
curator (facts/README.md) or a script. Matching a draft to the base uses character bigrams of
labels, not a model: it says which measure a number may extend, and flags repeats.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .article import Article, Clause, Sentence, read_article, when_for
from .format import format_value
from .model import AsOf, Fact, FactBase
from ..typography import CLAUSE_END
from .numbers import Quantity, magnitude, ranks, scan, words

# A label ends where its clause does (the shared clause punctuation, typography.CLAUSE_END), but
# not at 、, which joins the nouns of one label (国家级、市级科研机构), as a regex class.
_CLAUSE = "[" + re.escape("".join(sorted(CLAUSE_END - {"、"}))) + "]"

SOURCE_PLACEHOLDER = "TODO"


@dataclass
class Draft:
    """A fact as a curator would start it: everything but the source, with hints beside it."""

    label: str
    value: float | int | str
    unit: str
    qualifier: str
    as_of: str  # '' when the date could not be read
    quote: str
    id: str = ""
    kind: str = "count"  # count | percent | fraction | range | magnitude | rank | milestone | words
    line: int = 0
    column: int = 0
    offset: int = 0
    as_of_why: str = ""
    as_of_guess: bool = False
    note: str = ""
    magnitude: str = ""  # 千亿级: an order of magnitude as written; the value only compares
    measure: str = ""  # the base's measure this extends, when there is one
    compare: str = ""  # "extends …: 64个 (2025) → 83个 (2025), +19"
    similar_to: str = ""  # a fact of the same measure that has no `measure:` yet
    duplicate_of: str = ""
    warnings: list[str] = field(default_factory=list)

    def text(self) -> str:
        return format_value(self.value, self.unit, self.qualifier)

    def as_json(self) -> dict:
        return {"id": self.id, "label": self.label, "value": self.value, "unit": self.unit,
                "qualifier": self.qualifier, "as_of": self.as_of or None, "quote": self.quote,
                "source": None, "kind": self.kind, "line": self.line, "column": self.column,
                "as_of_reason": self.as_of_why, "as_of_guessed": self.as_of_guess, "note": self.note,
                "magnitude": self.magnitude or None, "measure": self.measure or None, "compare": self.compare or None,
                "similar_to": self.similar_to or None, "duplicate_of": self.duplicate_of or None,
                "warnings": self.warnings}


class Drafts(list):
    """The drafts of one article, with what was read about the article itself."""

    def __init__(self, items, article: Article):
        super().__init__(items)
        self.article = article


def suggest(text: str, base: FactBase | None = None, date: str | None = None) -> Drafts:
    """Return a draft fact for every number stated in the article's content, in text order."""
    art = read_article(text, date)
    drafts: list[Draft] = []
    for sent in art.sentences:
        if sent.heading or sent.cut_off:
            continue
        drafts.extend(_sentence_drafts(art, sent))
    out = Drafts(drafts, art)
    _assign_ids(out, base)
    return out


def _sentence_drafts(art: Article, sent: Sentence) -> list[Draft]:
    out: list[Draft] = []
    prev_label = ""
    for clause in sent.clauses:
        found = sorted(scan(clause.text) + magnitude(clause.text) + ranks(clause.text) + words(clause.text), key=lambda q: q.start)
        found = [q for i, q in enumerate(found) if not any(_inside(q, o) for o in found if o is not q)]
        for q in found:
            quote_a, quote_b = _quote_span(clause, q, found)
            quote = art.text[quote_a:quote_b]
            floor = max([o.end for o in found if o.end <= q.start] + [0])  # the number before it
            label = _label(quote, q, quote_a - clause.start, prev_label, floor)
            w = when_for(art, sent, clause, clause.start + q.numeral_at)
            qual = _qualifier(clause.text, q)
            if q.kind != "rank" and re.search(r"目标(?:是|为)|力争|争取", art.text[sent.start:clause.start]):
                qual = combine("目标", qual)  # 主要预期目标是：…增长5%
            note = q.note
            if art.review_year and qual.startswith("预计") and w.as_of[:4].isdigit() \
                    and int(w.as_of[:4]) <= art.review_year:
                qual = qual[2:]  # sources/README: 预计 in a January report is the year just ended
                note = (note + " " if note else "") + "报告中的“预计”指刚结束的年度，不是预测。"
            d = Draft(label=label, value=q.value, unit=q.unit, qualifier=qual,
                      as_of=w.as_of, quote=quote, kind=q.kind, offset=quote_a, line=sent.line,
                      column=quote_a - art.text.rfind("\n", 0, quote_a), as_of_why=w.why,
                      as_of_guess=w.guess, note=note, magnitude=q.magnitude)
            if q.kind == "magnitude":
                d.warnings.append("an order of magnitude: print it as the source writes it, never as a bar")
            if re.search(r"预计|将|力争|争取|计划|目标|拟", clause.text[:q.start]) and "不是预测" not in note:
                d.warnings.append("a forecast or target, not a result: say so in the label or qualifier")
            out.append(d)
            head = _head(quote[max(0, floor - (quote_a - clause.start)):q.start - (quote_a - clause.start)])
            if q.kind in ("count", "magnitude") and len(head) >= 3 and not _GROWTH.match(head):
                prev_label = _measure_words(head)  # 同比增长9.71%, 占全市60%: of the measure before
            elif q.kind in ("count", "magnitude") and "measure word" not in q.note and len(label) >= 3:
                prev_label = _measure_words(label)
    return out


def _inside(q: Quantity, o: Quantity) -> bool:
    return o.start <= q.start and q.end <= o.end and (o.end - o.start) > (q.end - q.start)


def _quote_span(clause: Clause, q: Quantity, found: list[Quantity]) -> tuple[int, int]:
    """Return the clause, or its 、-item when the clause lists several numbers (招引近60家…、汇聚400余名…)."""
    if len(found) > 1:
        items, start = [], 0
        for m in re.finditer(r"、|以及|及|和|与", clause.text):
            items.append((start, m.start()))
            start = m.end()
        items.append((start, len(clause.text)))
        mine = [(a, b) for a, b in items if a <= q.start and q.end <= b]
        if mine:
            a, b = mine[0]
            others = [o for o in found if o is not q and a <= o.start < b]
            if not others:
                return clause.start + a, clause.start + b
    return clause.start, clause.end


_MODAL = (("累计", "累计"), ("总计", "累计"), ("预计", "预计"), ("目标", "目标"))


def _qualifier(clause: str, q: Quantity) -> str:
    """Return how exact the number is (近, 余, 以上), with 预计/目标 before it where the base allows both."""
    if q.kind == "rank":
        return q.qualifier
    before = clause[:q.start]
    own = q.qualifier
    m = re.match(r"^(不到|不足|超过|逾|近|约)[^，,\d]{0,12}的$", before)  # 不到上海总面积的百分之一
    if not own and m:
        own = {"不足": "不到"}.get(m.group(1), m.group(1))
    modal = ""
    for word, qual in _MODAL:
        if word in before[-12:]:
            modal = qual
            break
    if not modal and re.search(r"[再将](?:招引|建设|打造|培育|搭建|开放|推动|做强)|力争|争取|目标(?:是|为)|计划|拟",
                               before):
        modal = "目标"
    return combine(modal, own)


def combine(modal: str, own: str) -> str:
    """Return 预计突破 where the fact base knows forecast + qualifier, else the more telling one."""
    if not modal or not own:
        return modal or own
    if modal in ("预计", "目标") and _is_qualifier(modal + own):
        return modal + own
    return own


def _is_qualifier(text: str) -> bool:
    try:  # newer fact bases accept a forecast word before a qualifier (预计突破)
        from .format import is_qualifier
    except ImportError:
        return False
    return is_qualifier(text)


# --- labels --------------------------------------------------------------------------------------

_LEAD = re.compile(
    r"^(?:(?:19|20)\d{2}年(?:\d{1,2}月)?(?:以来)?|[二][〇○o零][一二三四五六七八九〇○o零]{2}年|今年|去年|前年|当年|目前|当前|"
    r"眼下|现在|如今|截至目前|近日|近期|此外|其中|同时|以及|并且|并|而|但|也|还|已经|已|徐汇区?(?=[已还也将正在共累新])|共|全年|一年来|预计|计划|力争|争取|"
    r"全面|完成|实现|累计|总计|集聚了?|汇聚了?|提出了?|拿出|打造了?|拥有|有(?!效)|达到了?|达|约|徐汇区(?:内)?的?|全区|区内|我区|我们|为|是|将|再|按其?|对|给予)+")
_TAIL = re.compile(r"(?:达到了?|达|为|是|约为|约|共|已经|已|了|最高|最多|不超过|不少于|不低于|给予|总计|累计|拥有|有|超过|超|逾|近|突破|不到|在|的|占比?"
                   r"|增长到|增至|提高到|提升至|上升到|下降到|降至|完成|实现|保持|继续|连续|仅|则|却|还|也|都|均)+$")
_STOP = re.compile(r"的|以及|通过|入驻|获得|实现|过上|搬进|受益|得益|位居|位列|居(?=[全上中首前第国市区])|将|已|被|从|向|对|也|都|均|达到|达|超过"
                   r"|累计|提供|完成|加快|开展|签约|同比|增长|落地|建成|获评|入选|参与|在此|在|让|使|占|是|陆续|投用|了|却|并|还|则|实实在在|切切实实|"
                   r"[（）()\s\d]|" + _CLAUSE)
_GROWTH = re.compile(r"^(?:近?[\d一二三四五六七八九十]+年(?:来)?)?(?:同比)?(?:增长|增速|增幅|增加|下降|提高|提升|上涨|年均增长|年均增幅|年平均增长率)")
_PLACE = re.compile(r"^(?:徐汇区(?:内)?的?|上海市|全市|全区)")
_VERBS = re.compile(r"(招引|引进|新增|举办|吸引|建成|培育|搭建|开放|推动|引导|开工|竣工|收储|出让|新建|改造|新开|认定|入驻|服务)$")


def _label(quote: str, q: Quantity, shift: int, prev: str, floor: int = 0) -> str:
    """Return the measure's noun phrase: before the number (区级财政收入达250亿元) or after it (755家大模型企业)."""
    s, e = q.start - shift, q.end - shift
    after = quote[e:]
    if after.startswith("的"):
        after = after[1:]
    count_word = "measure word" in q.note  # 四大产业, 十大计划: the phrase itself names the measure
    if count_word:
        after = re.sub(r"^[“”\"'‘’]*([^“”\"'‘’]{0,6})[“”\"'‘’]*", r"\1", after)
    noun = _STOP.split(after, 1)[0][:16] if after else ""
    head = _head(quote[max(0, floor - shift):s])
    head = re.sub(r"(?:达到|达|为)?每(?:平方公里|平方米|万人|千人|人|户|公里|家)$", "", head)
    if len(head) > 4:  # …等新建载体总体量, 办公载体实现整体去化率: keep what follows the last link word
        last = re.split(r"等|(?<=[区城市])有|了|实现|达到|—+", head)[-1]
        head = last if len(last) >= 3 else head
    head = re.sub(r"^[等及和]", "", head)
    verb = _VERBS.search(head)
    if q.kind == "rank" and str(q.value).startswith("第") or q.kind == "milestone":
        return f"{q.value}{_STOP.split(after, 1)[0][:20]}"[:60]  # 第七个百万级产业组团, 全国首个新工办
    if q.kind == "rank":
        subject = re.sub(r"(?:位居|位列|稳居|名列|排名|排在|蝉联|居于|居|列)$", "", head)
        if len(subject) <= 2 or _GROWTH.match(subject):
            subject = _measure_words(prev) + subject  # 增速居全市第三: the growth of the measure before
        return f"{subject}排名"[:60] if subject else str(q.value)
    if q.kind == "words":
        label = head or _measure_words(prev) or q.value
        if label.startswith("占"):  # 占上海全市一半以上
            label = f"{_measure_words(prev)}{label}比重"
        return label[:60]
    if count_word:
        label = f"{head}{quote[s:e].lstrip('约近超逾')}{noun}" if len(head) <= 10 else f"{quote[s:e]}{noun}"
    elif (q.kind in ("percent", "fraction") or q.unit == "%") and quote[e:e + 1] == "的" and len(noun) >= 2:
        label = noun if noun.endswith("率") else f"{noun}占比"  # 上海80%的文化单位; 100%的同意率
    elif (q.kind in ("percent", "fraction") or q.unit == "%") and head:
        label = head  # 物业费上涨75%, 同比增长9.71%
        if re.fullmatch(r"[\u4e00-\u9fff]{2}", after) and not _GROWTH.match(head):
            label = f"{head}{after}率"  # 改建项目100%签约 → 改建项目签约率
    elif head == "连续":
        label = re.sub(r"\s", "", quote[s - 2:])[:20]  # 连续三年位列全市第一
    elif len(noun) >= 2 and not re.match(r"^(以上|左右|之多)", noun):
        label = f"{verb.group(1)}{noun}" if verb else noun
    elif head:
        label = head
    else:  # 3家入选市级高质量孵化器: the predicate says what was counted
        label = re.split(_CLAUSE, after)[0][:16]
    if label.startswith("占") or _GROWTH.match(label) or len(label) <= 1:
        base = _measure_words(prev)
        if label.startswith("占"):
            label = f"{base}{label}比重" if base else f"{label}比重"
        elif base:
            label = f"{base}{label}"
    label = _PLACE.sub("", label) if len(_PLACE.sub("", label)) >= 2 else label
    if label.count("“") != label.count("”") or label.count("‘") != label.count("’"):
        label = re.sub(r"[“”‘’]", "", label)
    label = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", label)  # scan damage: 徐 汇
    label = label.strip(" \"'、…")
    if len(label) < 2:
        label = quote.strip()[:30]
    return label[:60]


def _head(before: str) -> str:
    """Return the words before a number without time, subject and verb (完成区级…收入 → 区级…收入)."""
    return _TAIL.sub("", _LEAD.sub("", before)).strip(" “”\"'‘’")


def _measure_words(label: str) -> str:
    """Return the measure a label names, without 比重/增长 (for the next number's label)."""
    return re.sub(r"(占.*比重|同比增长|增长|增速|增幅|占比)$", "", label)


# --- ids, topics and the fact base ---------------------------------------------------------------

_TOPICS = (("ai_industry", r"人工智能|大模型|算力|模速|AI"), ("economy", r"财政|预算收入|生产总值|GDP|固定资产投资|税收|消费品|面积"),
           ("industries", r"产业|产值|工业|营业收入|金融机构|销售"), ("talent", r"人才|博士|院士|专家"),
           ("livelihood", r"电梯|旧改|住房|养老|绿地|实事|就业|地铁|学校|医院|居民|小区|社区|食堂"),
           ("riverside", r"滨江|西岸"), ("industry_space", r"载体|用地|楼宇|土地|地块|平方米"),
           ("innovation", r"专利|孵化器|科研|高校|院校|创新|科创"), ("policy", r"政策|计划|资金|基金"),
           ("culture", r"图书馆|文化|书院|读者|演出|艺术"))


def _assign_ids(drafts: Drafts, base: FactBase | None) -> None:
    taken = set(base.facts) if base else set()
    counters: dict[str, int] = {}
    for d in drafts:
        fact = _match(d, base) if base else None
        topic = fact.topic if fact else _topic(d, base)
        if fact is not None:
            _compare(d, fact, base)
        if base:
            dup = _duplicate(d, base)
            if dup is not None and (not d.as_of or _overlap(d.as_of, dup.as_of)):
                d.duplicate_of = dup.id
            elif dup is not None:  # 预计固定资产投资总额增长10%: the same words in two years' reports
                d.warnings.append(f"the same words and value are in {dup.id} (as_of {dup.as_of}): "
                                  "another year's article, or a duplicate?")
        if d.measure:
            stem = f"{d.measure}_{d.as_of[:4] or 'undated'}".replace("-", "_")
        else:
            counters[topic] = counters.get(topic, 0) + 1
            stem = f"{topic}.draft_{counters[topic]:02d}"
        new, n = stem, 2
        while new in taken:
            new, n = f"{stem}_{n}", n + 1
        taken.add(new)
        d.id = new


def _topic(d: Draft, base: FactBase | None) -> str:
    known = set(base.topics()) if base else None
    for topic, pattern in _TOPICS:
        if re.search(pattern, d.label + d.quote) and (known is None or topic in known):
            return topic
    return "draft"


def bigrams(text: str) -> set[str]:
    t = _norm(text)
    return {t[i:i + 2] for i in range(len(t) - 1)} or {t}


_SYNONYMS = (("一般公共预算收入", "财政收入"), ("地区生产总值", "GDP"), ("规模以上", "规上"), ("规上工业总产值", "工业总产值"),
             ("数量", ""), ("总量", ""), ("总数", ""), ("集聚", ""), ("汇聚", ""))


def _norm(text: str) -> str:
    t = re.sub(r"[（(][^）)]*[）)]", "", text)
    t = re.sub(r"[“”\"'‘’、，,。\s]", "", t)
    t = re.sub(r"^(?:徐汇区?|全区|上海市?)(?:内)?的?", "", t)
    for a, b in _SYNONYMS:
        t = t.replace(a, b)
    return t


def similarity(a: str, b: str) -> float:
    """Return the Dice score of two labels' character bigrams (0 … 1)."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _base_unit(unit: str) -> tuple[str, float]:
    scale = 1.0
    for mag, f in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if unit.startswith(mag):
            return _UNIT_ALIASES.get(unit[len(mag):], unit[len(mag):]), f
    return _UNIT_ALIASES.get(unit, unit), scale


_UNIT_ALIASES = {"方": "平方米", "汉字": "字", "名": "人", "位": "人", "％": "%"}


def comparable(d_unit: str, f_unit: str) -> bool:
    a, b = _base_unit(d_unit)[0], _base_unit(f_unit)[0]
    return a == b or "" in (a, b) and "%" not in (a, b)


def in_base_units(value, unit: str) -> float | None:
    if isinstance(value, str):
        return None
    return float(value) * _base_unit(unit)[1]


def _match(d: Draft, base: FactBase) -> Fact | None:
    """Return the fact whose measure this draft most likely observes, or None."""
    if isinstance(d.value, str):
        return None
    best, best_score = None, 0.0
    for f in base.facts.values():
        if not f.is_number or not comparable(d.unit, f.unit) or (d.kind == "percent") != (f.unit == "%"):
            continue
        score = similarity(d.label, f.label)
        key = (score, f.as_of.last())
        if score > best_score or best is not None and score == best_score and key > (best_score, best.as_of.last()):
            best, best_score = f, score
    return best if best_score >= 0.7 else None


def _compare(d: Draft, fact: Fact, base: FactBase) -> None:
    if fact.measure:
        latest = base.get(fact.measure)
        d.measure = fact.measure
        what = f"extends {fact.measure}"
    else:
        latest = fact
        d.similar_to = fact.id
        what = f"same measure as {fact.id}? (it has no measure: give both one)"
    new_v, old_v = in_base_units(d.value, d.unit), in_base_units(latest.value, latest.unit)
    delta = ""
    if new_v is not None and old_v is not None:
        if d.as_of and _last(d.as_of) is not None and _last(d.as_of) < latest.as_of.last():
            delta = ", older than the latest observation"
        elif d.as_of and _last(d.as_of) == latest.as_of.last() and abs(new_v - old_v) > 1e-9:
            delta = ", same date, different figure: a conflict or another definition"
        elif abs(new_v - old_v) <= 1e-9 * max(1.0, abs(old_v)):
            delta = ", the same figure"
        elif old_v:
            change = (new_v - old_v) / abs(old_v) * 100
            diff = (new_v - old_v) / _base_unit(d.unit)[1]
            delta = f", {diff:+g}{'' if d.unit == '%' else ''} ({change:+.1f}%)" if d.unit != "%" else \
                f", {diff:+g} points"
    d.compare = (f"{what}: {latest.text()} ({latest.as_of}, {latest.id}) → {d.text()} "
                 f"({d.as_of or '?'}){delta}")


def _last(as_of: str):
    try:
        return AsOf.parse(as_of).last()
    except ValueError:
        return None


def _overlap(as_of: str, other: AsOf) -> bool:
    """Return True if two dates can name the same time (2024 and 2024-12 can)."""
    try:
        mine = AsOf.parse(as_of)
    except ValueError:
        return False
    first = lambda a: (a.start.year, a.start.month or 1, a.start.day or 1)  # noqa: E731
    return first(mine) <= other.last().timetuple()[:3] and first(other) <= mine.last().timetuple()[:3]


def _duplicate(d: Draft, base: FactBase) -> Fact | None:
    """Return a fact with this quote (or one inside it) and value: one of the same date first."""
    v = in_base_units(d.value, d.unit)
    facts = sorted(base.facts.values(), key=lambda f: str(f.as_of) != d.as_of)
    for f in facts:
        if not (f.quote and (f.quote in d.quote or d.quote in f.quote)):
            continue
        fv = in_base_units(f.value, f.unit) if f.is_number else None
        if v is not None and fv is not None and abs(v - fv) <= 1e-9 * max(1.0, abs(v)):
            return f
        if isinstance(d.value, str) and d.value == f.value:
            return f
    return None


# --- output --------------------------------------------------------------------------------------

def _yaml_str(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _yaml_value(value) -> str:
    if isinstance(value, str):
        return _yaml_str(value)
    return repr(value) if isinstance(value, float) else str(value)


def to_yaml(drafts: Drafts, name: str = "") -> str:
    """Return the drafts as a `facts:` list ready to paste into facts/<topic>.yaml."""
    art = drafts.article
    head = [f"# Draft facts from {name or 'the article'}: {len(drafts)} numbers, in text order.",
            f"# Article date: {art.date} ({art.date_how})" if art.date
            else "# Article date: not found in the text (give --date YYYY-MM-DD to read 去年/今年/目前).",
            "# Before pasting: fill in `source:` (an id from facts/sources.yaml), rename each id, check",
            "# label, as_of and qualifier against the quote, and delete what is not a fact worth keeping."]
    if art.chrome_lines:
        head.append(f"# Not drafted: page chrome on lines {_ranges(art.chrome_lines)}.")
    if art.cut_off_text:
        head.append(f"# Not drafted: the cut-off last sentence “{art.cut_off_text[:40]}…”.")
    lines = head + ["facts:"] if drafts else head + ["facts: []"]
    for d in drafts:
        lines.append("")
        lines.append(f"  # line {d.line}: {d.kind}" + (f"; {d.compare}" if d.compare else ""))
        if d.duplicate_of:
            lines.append(f"  # DUPLICATE: {d.duplicate_of} already has this quote and value")
        for w in d.warnings:
            lines.append(f"  # warning: {w}")
        lines.append(f"  - id: {d.id}")
        lines.append(f"    label: {_yaml_str(d.label)}")
        lines.append(f"    value: {_yaml_value(d.value)}")
        if d.unit:
            lines.append(f"    unit: {_yaml_str(d.unit)}")
        if d.qualifier:
            lines.append(f"    qualifier: {d.qualifier}")
        as_of = _yaml_str(d.as_of) if d.as_of else "null"
        why = ("guessed: " if d.as_of_guess else "from ") + d.as_of_why
        lines.append(f"    as_of: {as_of}  # {why.replace(chr(10), ' ')}")
        lines.append(f"    source: {SOURCE_PLACEHOLDER}")
        lines.append(f"    quote: {_yaml_str(d.quote)}")
        if d.measure:
            lines.append(f"    measure: {d.measure}")
        if d.magnitude and _knows("magnitude"):
            lines.append(f"    magnitude: {_yaml_str(d.magnitude)}")
        if d.note:
            lines.append(f"    note: {_yaml_str(d.note)}")
    return "\n".join(lines) + "\n"


def _knows(key: str) -> bool:
    from .load import FACT_KEYS

    return key in FACT_KEYS


def to_json(drafts: Drafts) -> str:
    """Return the drafts as a JSON list of objects (label, value, unit, qualifier, as_of, quote …)."""
    return json.dumps([d.as_json() for d in drafts], ensure_ascii=False, indent=2) + "\n"


def _ranges(nums: list[int]) -> str:
    out, nums = [], sorted(set(nums))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return ", ".join(out)
