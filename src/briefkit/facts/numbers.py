"""Numbers as Chinese prose writes them: 三百, 1.4万, 309.25亿元, 百分之一, 1/3, 近300家, 400余名.

`scan(clause)` finds every stated quantity in a clause with its span, value, unit and qualifier;
`cn_value("一千五百")` reads a Chinese numeral. No fact or file knowledge here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..typography import CLAUSE_END

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10 ** 4, "亿": 10 ** 8}
CN_CHARS = "零〇○一二两三四五六七八九十百千万亿"

# Units a number may carry, longest first so that 万平方米 wins over 平方米 and 人次 over 人.
# Money and area keep 万/亿 in the unit (142万平方米, 250亿元: facts/README.md); counts of
# things are written in full (1.4万张 → 14000 张).
KEEP_MAGNITUDE = ("元", "美元", "平方米", "平方公里", "方", "吨", "千瓦", "千瓦时", "标箱", "亩", "公顷")
COUNT_UNITS = ("人次", "汉字", "个百分点", "平方公里", "平方米", "千瓦时", "千瓦", "公里", "公顷", "亿元",
               "万元", "美元", "方面", "分钟", "小时", "标箱", "元", "方", "吨", "亩", "个", "家", "名",
               "位", "台", "项", "场", "所", "座", "条", "种", "款", "户", "套", "张", "件", "处", "批",
               "次", "届", "倍", "年", "天", "日", "周", "层", "栋", "幢", "部", "辆", "篇", "页", "轮", "支",
               "只", "份", "本", "册", "类", "幅", "间", "人", "字", "米", "岁", "%", "％")
_UNITS = sorted(set(COUNT_UNITS), key=len, reverse=True)

# Qualifiers as written → the fact base's word for them (facts/format.py QUALIFIERS).
PREFIX_WORDS = {"超过": "超过", "超出": "超过", "多于": "超过", "超": "超", "逾": "逾", "将近": "近",
                "接近": "近", "近": "近", "大约": "约", "约为": "约", "约": "约", "突破": "突破",
                "不到": "不到", "不足": "不到", "过": "超过", "不少于": "以上", "不低于": "以上"}
_PREFIX_RE = re.compile(r"(?:" + "|".join(sorted(PREFIX_WORDS, key=len, reverse=True)) + r")占?\s?$")
_CAP_RE = re.compile(r"(?:最高|最多|不超过|不高于|上限为?)(?:为|可达|给予)?\s?$")
SUFFIX_AFTER_UNIT = {"以上": "以上", "之多": "以上", "左右": "约", "上下": "约"}

# Words a Chinese numeral is part of without counting anything (千家万户, 百年中小学, 十四五 …).
_IDIOMS = ("千家万户", "千行百业", "千山", "万科", "千年", "百年", "十余年", "百万级", "千亿级", "百亿级",
           "万亿级", "百万方", "千亿台阶", "十九大", "二十大", "十八大", "三旧", "三新", "六稳", "六保",
           "一区一特", "四线", "五个中心", "百花", "万众", "万物", "一二村", "万无一失", "九州", "三甲")
_PLAN = re.compile(r"十[一二三四五六七八九]五")  # 十四五: a plan period, not a number

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = re.compile(
    r"(?P<frac_cn>(?P<den>[一二两三四五六七八九十百千]+)分之(?P<numer>[一二两三四五六七八九十]+(?:点[零〇一二三四五六七八九]+)?))"
    r"|(?P<frac>(?<![\d.])\d+/\d+(?![\d/]))"
    r"|(?P<ar>(?<![A-Za-z0-9.+/])(?<![A-Za-z0-9%]-)(?:" + _ARABIC + r"))(?P<armag>万亿|千万|百万|万|亿)?"
    r"|(?P<cn>[零〇○一二两三四五六七八九十百千万亿](?:[零〇○一二两三四五六七八九十百千万亿]|点(?=[零〇一二三四五六七八九]))*)"
)
_RANGE_SEP = re.compile(r"\s?(?:-|—|–|~|～|至|到)\s?")


@dataclass
class Quantity:
    """A number stated in a clause: where it is, what it is, how exact."""

    start: int  # span in the clause: qualifier … unit (… 以上)
    end: int
    numeral_at: int  # span of the numeral itself
    num_end: int
    value: float | int | str
    unit: str = ""
    qualifier: str = ""
    kind: str = "count"  # count | percent | fraction | range | magnitude | rank
    note: str = ""
    magnitude: str = ""  # an order of magnitude as written (千亿级), for kind == "magnitude"


def cn_value(text: str) -> float | int | None:
    """Return the value of a Chinese numeral (三百, 一千五百, 两万, 三点五, 二〇二四), or None."""
    text = text.replace("○", "〇")
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = cn_value(whole) if whole else 0
        if w is None or not frac or any(c not in _CN_DIGIT for c in frac):
            return None
        return float(f"{w}." + "".join(str(_CN_DIGIT[c]) for c in frac))
    if all(c in _CN_DIGIT for c in text):  # 二〇二四: digit by digit
        return int("".join(str(_CN_DIGIT[c]) for c in text)) if len(text) > 1 else _CN_DIGIT[text]
    total, section, digit = 0, 0, None
    for c in text:
        if c in _CN_DIGIT:
            if digit is not None and _CN_DIGIT[c] != 0:
                return None  # 三四: not a numeral
            digit = _CN_DIGIT[c]
        elif c in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[c]
            digit = None
        elif c in _CN_BIG:
            section += digit or 0
            if section == 0:
                section = 1
            total = (total + section) * _CN_BIG[c] if c == "亿" else total + section * _CN_BIG[c]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _num(text: str) -> float | int:
    n = float(text.replace(",", ""))
    return int(n) if n.is_integer() and "." not in text else n


def _clean(v: float | int) -> float | int:
    if isinstance(v, float):
        v = round(v, 10)
        if v.is_integer():
            return int(v)
    return v


def scan(clause: str) -> list[Quantity]:
    """Return every quantity stated in `clause`, in text order (years and dates are not quantities)."""
    out: list[Quantity] = []
    pos = 0
    # 二o二四年: a scan's letter o between numerals is 〇 (same length, so spans stay true)
    clause = re.sub(r"(?<=[一二三四五六七八九〇])[oO](?=[一二三四五六七八九〇oO])", "〇", clause)
    while True:
        m = _NUM.search(clause, pos)
        if not m:
            break
        pos = m.end()
        q = _read(clause, m)
        if q is not None:
            out.append(q)
            pos = max(pos, q.end)
    return out


def _read(clause: str, m: re.Match) -> Quantity | None:
    s, e = m.start(), m.end()
    before = clause[:s]
    if m.group("frac_cn"):
        den, numer = cn_value(m.group("den")), cn_value(m.group("numer"))
        if not den or numer is None:
            return None
        if m.group("den") == "百":
            q = Quantity(s, e, s, e, _clean(numer), "%", kind="percent")
        else:
            q = Quantity(s, e, s, e, m.group(0), kind="fraction",
                         note=f"{m.group(0)} = {_clean(numer)}/{_clean(den)}")
        return _qualify(clause, q, e)
    if m.group("frac"):
        a, b = m.group("frac").split("/")
        if int(b) == 0 or re.search(r"\d{4}/$", before):
            return None
        return _qualify(clause, Quantity(s, e, s, e, m.group("frac"), kind="fraction"), e)
    if m.group("ar"):
        text, mag = m.group("ar"), m.group("armag") or ""
        value = _num(text)
        if before.endswith("每") or clause[e:e + 1] == "+" and not mag and clause[e + 1:e + 2].isdigit():
            return None
        if before.endswith("+") or clause[e:e + 1] == "+":
            return None  # 1+4+3+X: a name, not a number
        if value == 1 and re.search(r"每[\u4e00-\u9fff]{0,3}$", before):
            return None  # 每引进1名: the unit of a rate, not a count
    else:
        raw = m.group("cn")
        if _PLAN.search(clause[max(0, s - 1):e + 1]) or any(_covers(clause, s, e, w) for w in _IDIOMS):
            return None
        if before.endswith(("每", "第", "星期", "周")):
            return None
        # 两位数: "double-digit", a description, not the number two
        if clause.startswith("位数", e) and raw in ("两", "二", "三"):
            return None
        text, mag = raw, ""
        if len(raw) > 1 and raw[-1] in _CN_BIG and (raw[-2] not in _CN_BIG or raw[-2:] == "万亿"):
            text, mag = (raw[:-2], "万亿") if raw.endswith("万亿") else (raw[:-1], raw[-1])
        if text in ("一", "", "零", "〇") and not mag:
            return None  # 一批, 一座: "a", not a count of one; 零部件
        value = cn_value(text) if text else 1
        if value is None:
            return None
        if not mag and raw in ("百", "千", "万") and not _unit_at(clause, e)[0] and not (
                clause[e:e + 1] in ("余", "多") and _unit_at(clause, e + 1)[0]):
            return None  # 百 alone counts only before a measure word: 再招引百家, 万余平方米
    # A year (2024年, 2024世界人工智能大会) or a date is not a quantity.
    if not mag and isinstance(value, int) and 1900 <= value <= 2100 and (
            clause[e:e + 1] in ("年", "-", "/", ".", "") or not _unit_at(clause, e)[0]):
        return None
    if clause.startswith(("月", "号", "楼", "弄", "路", "年代", "周年", "号线", "期", "点", "时", "后",
                          "级", "几"), e) and not mag:
        return None
    if clause.startswith("日", e) and (m.group("ar") or before.endswith("月")):
        return None  # 29日: a day of the month (百日建成 is a count of days)
    unit, uend = _unit_at(clause, e)
    if m.group("cn") and (unit == "方" or raw[0] in "百千万" and unit and len(raw) == 1
                          and re.match(r"[\u4e00-\u9fff](?![\u4e00-\u9fff])", clause[uend:uend + 2] or "x")):
        return None  # 四方, 八方; 加百部梯、聚百家力: a slogan, not a count
    if unit == "分钟" and re.match(r"\S{0,4}圈", clause[uend:]):
        return None  # 15分钟社区生活圈: a name
    infix = ""
    if not unit and clause[e:e + 1] in ("余", "多"):
        unit, uend = _unit_at(clause, e + 1)
        if unit:
            infix = clause[e]
    if not unit and mag and _big_magnitude(clause, e):
        return None  # 千亿级, 百亿级: a size class, read by magnitude()
    if clause.startswith("年", e) and unit == "年" and (
            _period_years(clause, s, uend)
            or m.group("cn") and not re.search(r"(连续|历时|用了|仅用|长达|已有)$", before)):
        return None  # 近五年, 五年年均, 这五年: a period, read as a date (连续三年 is a count)
    if unit == "%" or unit == "％":
        unit = "%"
    if not unit and not mag:
        if clause.startswith("大", e) and m.group("cn") is not None or clause.startswith("大", e) and value < 100:
            # 四大产业, 10大重点产业链: a count whose measure word the curator chooses
            return _qualify(clause, Quantity(s, e + 1, s, e, _clean(value), "个",
                                             note=f"“{clause[s:e + 1]}”: check the measure word"), e + 1)
        r = re.match(_RANGE_SEP.pattern + r"(\d+(?:\.\d+)?)", clause[e:]) if m.group("ar") else None
        if r:  # 10-15个: the first number of a range carries no unit of its own
            u2, uend2 = _unit_at(clause, e + r.end())
            if u2:
                q = Quantity(s, uend2, s, e + r.end(), clause[s:e + r.end()], u2, kind="range")
                return _qualify(clause, q, uend2)
        return None
    if m.group("ar") and before.endswith("-") and re.search(r"(增长|增速|增幅|为|达|是|至)-$", before):
        value, s = -value, s - 1  # 增长-3.5%: a fall written with a minus sign
    value, unit, kind = _scale(value, mag, unit)
    rate = re.search(r"每(平方公里|平方米|万人|千人|百人|人|户|公里|家)(?:达到|达|为|约为|约)?$", before)
    if rate and unit and unit != "%":
        unit = f"{unit}/{rate.group(1)}"  # 每平方公里1.15公里 → 1.15 公里/平方公里
    q = Quantity(s, uend, s, e, _clean(value), unit, kind=kind)
    if m.group("ar") and unit:  # 20%-30%, 10—15个: a range written with the unit twice
        r = re.match(_RANGE_SEP.pattern + r"(\d+(?:\.\d+)?)" + re.escape(clause[e:uend].strip()), clause[uend:])
        if r:
            q.value, q.kind = clause[s:uend + r.end() - len(clause[e:uend].strip())], "range"
            q.end = uend + r.end()
            uend = q.end
    if infix:
        q.qualifier = infix
    # a range: 10—15个, 3至5年
    return _qualify(clause, _range(clause, q), uend)


def _covers(clause: str, s: int, e: int, word: str) -> bool:
    i = clause.find(word, max(0, s - len(word)), e + len(word))
    return i != -1 and i < e and i + len(word) > s


def _unit_at(clause: str, i: int) -> tuple[str, int]:
    j = i + 1 if clause[i:i + 1] == " " else i  # scans: "43 台", "500 平方米"
    for u in _UNITS:
        if clause.startswith(u, j):
            return u, j + len(u)
    return "", i


def _big_magnitude(clause: str, e: int) -> bool:
    return clause.startswith(("级", "台阶", "规模", "产业"), e)


def _period_years(clause: str, s: int, uend: int) -> bool:
    before, after = clause[max(0, s - 2):s], clause[uend:uend + 2]
    return (before.endswith(("近", "过去", "这", "前", "后", "未来", "头"))
            or after.startswith(("来", "年均", "间", "内", "增量", "多", "以来", "前", "后", "里", "中", "的"))
            or clause.startswith("余年", uend - 1))


def _scale(value, mag: str, unit: str):
    kind = "percent" if unit == "%" else "count"
    if not mag:
        return value, unit, kind
    base = unit.lstrip("万亿")
    if unit.startswith(KEEP_MAGNITUDE) or not unit:
        return value, mag + unit, kind
    factor = {"万": 10 ** 4, "亿": 10 ** 8, "万亿": 10 ** 12, "千万": 10 ** 7, "百万": 10 ** 6}[mag]
    return value * factor, base, kind


def _range(clause: str, q: Quantity) -> Quantity:
    m = re.search(r"(\d+(?:\.\d+)?)%?" + _RANGE_SEP.pattern + r"$", clause[:q.numeral_at])
    if m and not re.fullmatch(r"\d{4}", m.group(1)):
        q.value = clause[m.start():q.num_end]
        q.start = q.numeral_at = m.start()
        q.kind = "range"
    return q


def _qualify(clause: str, q: Quantity, end: int) -> Quantity:
    """Attach the words around the number that say how exact it is: 近300家, 400余名, 10%以上."""
    m = None if _CAP_RE.search(clause[:q.start]) else _PREFIX_RE.search(clause[:q.start])
    if m and not (m.group(0).strip() == "过" and not clause[:m.start()].endswith(("超", "已"))):
        if not q.qualifier:
            q.qualifier = PREFIX_WORDS[m.group(0).strip().rstrip("占")]
        q.start = m.start()
    elif _CAP_RE.search(clause[:q.start]):
        q.note = "a cap (最高/不超过): the most allowed, not an amount paid"
    for word, qual in SUFFIX_AFTER_UNIT.items():
        if clause.startswith(word, q.end):
            if not q.qualifier:
                q.qualifier = qual
            q.end += len(word)
            break
    return q


_MAGNITUDE = re.compile(r"(?P<verb>突破|迈入|进入|达到|达|超过|超|逾|近|跨上|站上)?"
                        r"(?P<n>[百千万]|[一二两三四五六七八九十几数]?[百千])亿(?P<tail>级规模|规模|级|元)")


def magnitude(clause: str) -> list[Quantity]:
    """Return orders of magnitude stated as a size (突破千亿规模, 迈入千亿级), not class names (千亿级产业集群)."""
    out = []
    for m in _MAGNITUDE.finditer(clause):
        tail = m.group("tail")
        if tail == "元":
            continue  # 千亿元 is read by scan() as 1000亿元
        if tail == "级" and not m.group("verb"):
            continue  # 四大“千亿级”产业集群: a class, not a size
        n = cn_value(m.group("n")) if m.group("n")[0] not in "几数" else None
        if n is None:
            continue
        verb = m.group("verb") or ""
        qual = "达" if verb in ("达", "达到") else PREFIX_WORDS.get(verb, "")
        written = m.group("n") + "亿" + ("级" if tail.startswith("级") else "")  # 千亿级, 千亿
        out.append(Quantity(m.start(), m.end(), m.start("n"), m.end("n"), n, "亿元", qual, kind="magnitude",
                            note=f"原文为“{m.group(0)}”：只说量级，不是精确数。", magnitude=written))
    return out


# A rank's scope (全市, 中心城区) stays inside its clause: no clause punctuation (the shared table).
_NOT_CLAUSE_END = "[^" + re.escape("".join(sorted(CLAUSE_END))) + r"\s]"
_RANK = re.compile(r"(?P<verb>位居|位列|稳居|名列|排名|排在|蝉联|居于|(?<![系并])列|居(?!民))(?P<scope>" + _NOT_CLAUSE_END + "{0,14}?)"
                   r"(?P<rank>第[一二三四五六七八九十\d]+(?:位|名)?|首位|前列|前三|前十)")
_ORDINAL = re.compile(r"第(?P<n>[一二三四五六七八九十\d]+)(?P<w>个|家|批|位)")


def ranks(clause: str) -> list[Quantity]:
    """Return ranks and milestones (位居中心城区第一, 居全市首位, 第五个): text values, never counts."""
    out = []
    for m in _RANK.finditer(clause):
        value = m.group("scope") + m.group("rank")
        out.append(Quantity(m.start(), m.end(), m.start("scope"), m.end(), value, kind="rank"))
    for m in _ORDINAL.finditer(clause):
        if not any(q.start <= m.start() < q.end for q in out):
            out.append(Quantity(m.start(), m.end(), m.start(), m.end(), m.group(0), kind="rank"))
    return out


_FIRST = re.compile(r"(?P<scope>全国|全球|世界|国内|亚洲|全市|本市|上海市?|中心城区|全区|长三角)(?:乃至\S{1,4})?"
                    r"(?P<first>首个|首家|首批|首单|首座|首次|第一个|唯一)")
_PHRASES = re.compile(r"两位数增长|两位数|过半|一半以上|半数以上|翻了?一?番|倍增")


def words(clause: str) -> list[Quantity]:
    """Return firsts (全国首个…, 上海首家…) and sizes said in words (两位数增长, 过半, 翻番): text values."""
    out = []
    for m in _FIRST.finditer(clause):
        out.append(Quantity(m.start(), m.end(), m.start(), m.end(), m.group(0), kind="milestone"))
    for m in _PHRASES.finditer(clause):
        out.append(Quantity(m.start(), m.end(), m.start(), m.end(), m.group(0), kind="words"))
    return out
