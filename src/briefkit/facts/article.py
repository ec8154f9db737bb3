"""A scraped article as content: page chrome set aside, sentences and clauses with their spans, dates read.

Everything here keeps offsets into the original text, so that a quote is always `text[a:b]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numbers import cn_value, scan

# Lines that are the page, not the article (navigation, counters, share and comment boxes …).
_CHROME = re.compile(
    r"^\s*(当前位置|您的位置|您现在的位置|首页\s*[>＞]|本文作者|访客\s|分享[:：]?\s*$|阅读\s*$|打印\s*$|关闭\s*$"
    r"|(发布日期|发布时间|时间|日期|来源|信息来源|作者|热度|浏览次数|浏览量|阅读量|阅读数|点击量|点击数|编辑|责编"
    r"|责任编辑|字号|供稿|摄影|图片来源)\s*[:：]"
    r"|[（(]\s*(责编|责任编辑|编辑|摘编自|来源|作者)[:：]|(记者|通讯员|本报记者|见习记者)\s*\S{2,4}(\s|$)"
    r"|【?字体|分享到|评论\s*[（(]\d+|热门推荐|猜你喜欢|扫一扫|微信扫|关注我们|网站地图|联系我们"
    r"|扫描打开|随时逛|选择用户|全部人员|系统管理员|行政专员|快捷回复|发表评论|我要评论|参与讨论|还没有评论"
    r"|上一篇|下一篇|相关阅读|相关新闻|相关文章|返回顶部|返回首页|推荐阅读|热门文章)"
    r"|版权所有|©|Copyright|ICP[备证]|公网安备|联系电话|电话[:：]|传真[:：]|邮编[:：]|技术支持[:：]"
    r"|主办单位|承办单位|浏览次数|阅读量|人围观|抢沙发|评论列表|摘要[:：]|\S\.(png|jpe?g|gif|webp|bmp)\s*$",
    re.IGNORECASE)
_CAPTION = re.compile(r"\S{0,12}\s*摄\s*$")
_IN_LINE_CHROME = re.compile(r"^\s*(本报讯|本报记者|新华社[^\s，,]{0,8}电)?\s*[（(]\s*记者[^）)]{0,30}[）)]|^\s*本报讯")
_NAME_LINE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_END = "。！？!?…"
_SENT = re.compile(r"[^。！？!?]*[。！？!?]?")
_CLAUSE_SEP = re.compile(r"[，：:；;。！？!?（）()]|,(?!\d{3})|(?<!\d),")

_PAGE_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_REVIEW = re.compile(r"((?:19|20)\d{2}|[二][〇○o零][一二三四五六七八九〇○o零]{2})年(?:度)?工作回顾")


@dataclass
class Clause:
    """A stretch of a sentence between commas: what a quote is cut from."""

    start: int
    end: int
    text: str


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    clauses: list[Clause]
    line: int  # 1-based line of the text
    heading: bool = False  # a title or heading: read for dates, not drafted
    section_year: int = 0  # the year the heading above it names (一、2025年工作回顾)
    section_as_of: str = ""  # the date the heading names, read in full (2025年前三季度 → 2025-01/2025-09)
    cut_off: bool = False  # the unfinished last sentence of an excerpt


@dataclass
class Article:
    """The content of a scraped page, sentence by sentence, and what was set aside."""

    text: str
    sentences: list[Sentence] = field(default_factory=list)
    date: str = ""  # the article's date (YYYY-MM-DD, YYYY-MM or YYYY), or ""
    date_how: str = ""  # where the date came from, for the curator
    review_year: int = 0  # a government work report's year under review (2025年工作回顾)
    review_period: str = ""  # a report reviewing 过去五年: 2017/2021
    chrome_lines: list[int] = field(default_factory=list)
    cut_off_text: str = ""

    @property
    def year(self) -> int:
        return int(self.date[:4]) if self.date else 0


def _year_text(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return cn_value(re.sub(r"[o○]", "〇", text))


def read_article(text: str, date: str | None = None) -> Article:
    """Split `text` into content sentences, set chrome aside and find the article's date."""
    art = Article(text)
    lines = text.splitlines(keepends=True)
    offsets, pos = [], 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln)
    chrome = _chrome_lines(lines)
    art.chrome_lines = sorted(i + 1 for i in chrome)
    # The page's date: the first date on a chrome line (发布日期, 时间, a counter line).
    for i in sorted(chrome):
        m = _PAGE_DATE.search(lines[i])
        if m:
            art.date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            art.date_how = f"page date on line {i + 1}: {lines[i].strip()[:40]}"
            break
    seen: set[str] = set()
    section_year, section_as_of = 0, ""
    content_lines = [i for i in range(len(lines)) if i not in chrome and lines[i].strip()]
    for i in content_lines:
        raw = lines[i].rstrip("\r\n")
        key = raw.strip()
        if key in seen:  # a title repeated as a caption or summary
            art.chrome_lines.append(i + 1)
            continue
        seen.add(key)
        skip = 0
        m = _IN_LINE_CHROME.match(raw)
        if m:
            skip = m.end()
        heading = "。" not in raw and len(key) <= 60 or bool(re.match(r"^\s*[\d一二三四五六七八九十]+\s*[.、．]?\s*\S{0,30}$", raw)
                                                              and "。" not in raw)
        rm = _REVIEW.search(raw)
        if rm and heading:
            art.review_year = art.review_year or _year_text(rm.group(1)) or 0
        ym = re.search(r"((?:19|20)\d{2}|[二][〇○o零][一二三四五六七八九〇○o零]{2})年(?!\d{1,2}月)", raw)
        if heading and ym and len(key) <= 30:
            section_year = _year_text(ym.group(1)) or section_year
            cue = _DATE_CUE.search(raw, ym.start())
            w = read_when(cue, art, None) if cue else None
            section_as_of = w.as_of if w and w.as_of else str(section_year)
        for sm in _SENT.finditer(raw, skip):
            if not sm.group(0).strip():
                continue
            a, b = offsets[i] + sm.start(), offsets[i] + sm.end()
            art.sentences.append(Sentence(a, b, text[a:b], _clauses(text, a, b), i + 1, heading,
                                          section_year, section_as_of))
    # The unfinished end of an excerpt: the last content sentence without a full stop.
    body = [s for s in art.sentences if not s.heading]
    if len(body) > 1 and body[-1].text.rstrip()[-1:] not in _END + "”」』）)\"":
        body[-1].cut_off = True  # (a one-sentence text without its 。 is drafted as it is)
        art.cut_off_text = body[-1].text.strip()
    if date:
        art.date, art.date_how = date, "given with --date"
    elif not art.date and art.review_year:
        art.date, art.date_how = str(art.review_year + 1), f"a work report reviewing {art.review_year}"
    elif not art.date and re.search(r"工作回顾|作政府工作报告", text[:300]) and years_named(text):
        latest = max(years_named(text))
        art.date = str(latest + 1)
        art.date_how = f"a work report: the year after the latest year it names ({latest})"
    if art.date and re.search(r"过去五年工作回顾|过去五年，是", text[:400]):
        art.review_period = f"{art.year - 5}/{art.year - 1}"
    return art


def years_named(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"(20\d{2})年", text)]


def _chrome_lines(lines: list[str]) -> set[int]:
    out = set()
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s:
            continue
        if (_CHROME.search(s) or re.fullmatch(r"[A-Za-z][A-Za-z .:/-]{0,30}", s)
                or len(s) <= 40 and _CAPTION.search(s)
                or "." not in s and re.search(r"[>＞]\s*\S*\s*[>＞]|[>＞]\s*$", s)):
            out.add(i)
    # A user-picker or staff list: a run of four or more lines that are only a short name.
    run: list[int] = []
    for i, ln in enumerate(lines + ["。"]):
        s = ln.strip()
        if not s:
            continue
        if _NAME_LINE.match(s) or i in out and run:
            run.append(i)
            continue
        if len([j for j in run if j not in out]) >= 4:
            out.update(run)
        run = []
    # Everything after a picker's header is the picker.
    for i, ln in enumerate(lines):
        if re.search(r"选择用户|全部人员\s*全选", ln):
            out.update(range(i, len(lines)))
            break
    return out


def _clauses(text: str, a: int, b: int) -> list[Clause]:
    out, start = [], a
    seg = text[a:b]
    for m in _CLAUSE_SEP.finditer(seg):
        end = a + m.start()
        if end > start:
            out.append(_trim(text, start, end))
        start = a + m.end()
    if b > start:
        out.append(_trim(text, start, b))
    return [c for c in out if c.text]


def _trim(text: str, a: int, b: int) -> Clause:
    while a < b and text[a] in " \t\u3000":
        a += 1
    m = re.match(r"[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．]\s?(?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)]", text[a:b])
    if m and (a == 0 or text[a - 1] in "\n"):
        a += m.end()  # 二、企业…: a list marker is not part of the quote
    while b > a and text[b - 1] in " \t\u3000\r\n":
        b -= 1
    return Clause(a, b, text[a:b])


# --- dates -------------------------------------------------------------------------------------

_PLAN_YEARS = {"十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
_CN_YEAR = r"[二一][〇○o零一二三四五六七八九]{3}"
_DATE_CUE = re.compile(
    r"(?P<range>(?P<r1>(?:19|20)\d{2})\s*[—\-–~～至到]\s*(?P<r2>(?:19|20)\d{2})年)"
    r"|(?P<ymd>(?P<y>(?:19|20)\d{2}|" + _CN_YEAR + r")年(?:度)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?"
    r"(?P<ypart>上半年|下半年|前三季度|一季度|第一季度)?(?P<since>以来|起|至今)?)"
    r"|(?P<bare>(?<!\d)(?:19|20)\d{2}(?=[，,]))"
    r"|(?P<plan>[“\"‘']?(?P<pn>十[二三四五]\s?五)[”\"’']?(?P<pw>期间|时期|以来|末|初|规划期)?)"
    r"|(?P<rel>今年|去年|前年|明年|上年|当年|同年)(?P<rpart>上半年|下半年|前三季度|一季度|第一季度)?(?:(?P<rm>\d{1,2})月)?"
    r"(?P<rsince>以来)?"
    r"|(?P<md>(?<![\d年])(?P<mm>\d{1,2})月(?P<mdd>\d{1,2})日)"
    r"|(?P<upto>截至|截止到?|到)(?P<um>\d{1,2})月(?:末|底)"
    r"|(?P<span>(?:近|过去|最近)(?P<sn>[两二三四五六七八九十\d]{1,2})年(?:来)?|(?P<sn2>[两二三四五六七八九十\d]{1,2})年来"
    r"|(?P<sn3>[两二三四五六七八九十\d]{1,2})年年均)"
    r"|(?P<decade>上世纪(?P<dd>\d0|[五六七八九]十)年代)"
    r"|(?P<now>目前|当前|现在|眼下|如今|截至目前|迄今|至今|现已)"
    r"|(?P<year_round>全年|一年来|年内)")


@dataclass
class When:
    as_of: str  # '' when unknown
    why: str  # the words it was read from, or why it is a guess
    guess: bool = False


def _n(text: str) -> int:
    return int(text) if text.isdigit() else int(cn_value(text) or 0)


_PARTS = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "一季度": (1, 3), "第一季度": (1, 3)}


def _part(y: int, part: str | None, said: str) -> When | None:
    if not part:
        return None
    a, b = _PARTS[part]
    return When(f"{y}-{a:02d}/{y}-{b:02d}", said)


def read_when(m: re.Match, art: Article, last_year: int | None) -> When | None:
    """Return the date a cue names, relative to the article's date where it must be."""
    y0 = art.year
    said = m.group(0)
    if re.search(r"(?:[比较]|同比|相比)$", art.text[max(0, m.start() - 2):m.start()]):
        return None  # 比前年提高: the base of a comparison, not the date
    if m.group("upto"):
        if not y0 or not 1 <= int(m.group("um")) <= 12:
            return None
        return When(f"{y0}-{int(m.group('um')):02d}", f"{said} in {y0}")
    if m.group("md"):
        if not y0 or not 1 <= int(m.group("mm")) <= 12 or not 1 <= int(m.group("mdd")) <= 31:
            return None
        return When(f"{y0}-{int(m.group('mm')):02d}-{int(m.group('mdd')):02d}", f"{said} in {y0}")
    if m.group("range"):
        return When(f"{m.group('r1')}/{m.group('r2')}", said)
    if m.group("ymd"):
        y = _year_text(m.group("y"))
        if not y:
            return None
        if m.group("ypart"):
            return _part(y, m.group("ypart"), said)
        if m.group("since"):
            end = y0 if y0 > y else y
            return When(f"{y}/{end}" if end > y else str(y), said)
        if m.group("m"):
            mo = int(m.group("m"))
            if not 1 <= mo <= 12:
                return When(str(y), said)
            if m.group("d") and 1 <= int(m.group("d")) <= 31:
                return When(f"{y}-{mo:02d}-{int(m.group('d')):02d}", said)
            return When(f"{y}-{mo:02d}", said)
        return When(str(y), said)
    if m.group("bare"):
        return When(m.group("bare"), said)
    if m.group("plan"):
        if re.search(r"[为比较于是][“\"‘']?$", art.text[max(0, m.start() - 2):m.start() + 1]):
            return None  # 为“十三五”总量的2.7倍: the base of a comparison, not the date
        a, b = _PLAN_YEARS[re.sub(r"\s", "", m.group("pn"))]
        w = m.group("pw") or ""
        if w == "末":
            return When(str(b), said)
        if w == "初":
            return When(str(a), said)
        if w == "以来" and y0 and a <= y0 < b:
            return When(f"{a}/{y0}", said)
        return When(f"{a}/{b}", said)
    if m.group("rel"):
        word = m.group("rel")
        if word in ("当年", "同年"):
            if not last_year:
                return None
            return When(f"{last_year}-{int(m.group('rm')):02d}" if m.group("rm") else str(last_year), said)
        if not y0:
            return When("", f"“{word}” but the article's date is unknown (give --date)", True)
        y = y0 + {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}[word]
        if m.group("rpart"):
            return _part(y, m.group("rpart"), said)
        if m.group("rsince"):
            if y == y0 and len(art.date) >= 7:
                return When(f"{y}-01/{art.date[:7]}", said)
            return When(f"{y}/{y0}", said)
        if m.group("rm"):
            return When(f"{y}-{int(m.group('rm')):02d}", said)
        return When(str(y), said)
    if m.group("span"):
        n = _n(m.group("sn") or m.group("sn2") or m.group("sn3"))
        end = art.review_year or (y0 - 1 if y0 else 0)
        if not n or not end:
            return When("", f"“{said}” but the article's date is unknown (give --date)", True)
        return When(f"{end - n + 1}/{end}", f"{said} before {y0 or end + 1}")
    if m.group("decade"):
        d = m.group("dd")
        start = 1900 + (int(d) if d.isdigit() else _n(d))
        return When(f"{start}/{start + 9}", said)
    if m.group("now"):
        if not art.date:
            return When("", f"“{said}” but the article's date is unknown (give --date)", True)
        return When(art.date[:7], f"{said}: the article's date")
    if m.group("year_round"):
        return None  # 全年, 一年来: the section's year, read from the heading
    return None


def date_cues(text: str, a: int, b: int):
    """Yield (position, match) for every date cue in text[a:b]."""
    for m in _DATE_CUE.finditer(text, a, b):
        yield m.start(), m


def _has_number(sentence: Sentence, pos: int) -> bool:
    return any(c.start <= pos < c.end and scan(c.text) for c in sentence.clauses)


def when_for(art: Article, sentence: Sentence, clause: Clause, num_pos: int) -> When:
    """Return the date a number refers to: its clause, then its sentence, then the section, then the page."""
    text = art.text
    cues = list(date_cues(text, sentence.start, sentence.end))
    last_year = None
    for s in art.sentences:  # 当年: the last year named before this sentence
        if s.start >= sentence.start:
            break
        for _, m in date_cues(text, s.start, s.end):
            if m.group("ymd"):
                last_year = _year_text(m.group("y"))
    in_clause = [(p, m) for p, m in cues if clause.start <= p < clause.end]
    # a date earlier in the sentence holds up to a semicolon, unless it opens the sentence
    before = [(p, m) for p, m in cues if p < clause.start
              and (p - sentence.start <= 12 or not re.search(r"[;；]", text[p:clause.start]))]
    # the cue nearest before the number wins; a cue after it in the clause comes next
    # A date later in the sentence counts only where its own clause states no number
    # (累计举办200余次,…,2021年预计完成…1200亿元: that 2021年 is the 1200亿元's).
    after = [(p, m) for p, m in cues if p >= clause.end and not _has_number(sentence, p)]
    order = ([x for x in in_clause if x[0] < num_pos][::-1] + [x for x in in_clause if x[0] >= num_pos]
             + before[::-1] + after)
    for _, m in order:
        w = read_when(m, art, last_year)
        if w is not None:
            return w
    if sentence.section_as_of:
        return When(sentence.section_as_of, f"the heading above names {sentence.section_as_of}")
    if art.review_year:
        return When(str(art.review_year), f"the report reviews {art.review_year}")
    if art.review_period:
        return When(art.review_period, f"the report reviews the past five years ({art.review_period})")
    if art.date:
        return When(art.date[:7], f"no date in the sentence: the article's date ({art.date_how})", True)
    return When("", "no date in the sentence and the article's date is unknown (give --date)", True)
