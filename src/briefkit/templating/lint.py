"""Checks on template sources and hints for jinja's messages: what a person should write instead."""

from __future__ import annotations

import re

from ..errors import did_you_mean
from .functions import TemplateFunctions

_UNITS = ("亿元", "万元", "元", "万平方米", "平方米", "平方公里", "公顷", "家", "个", "名", "位", "台", "户",
          "套", "所", "座", "件", "场", "张", "款", "条", "项", "倍", "%", "％", "人次", "万人", "人",
          "亿", "万")
_NUM_WITH_UNIT = re.compile(
    r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十][零一二两三四五六七八九十百千万亿]+)"
    r"\s*(?:余|多)?(?:" + "|".join(_UNITS) + ")")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_TAGS = ["if", "elif", "else", "endif", "for", "endfor", "set", "include", "macro", "endmacro"]


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


def syntax_hint(message: str) -> str | None:
    """Return a hint for a jinja syntax error message, if there is one."""
    m = re.search(r"unknown tag '(\w+)'", message)
    if m and m.group(1) in TemplateFunctions.NAMES:  # {% dated('x') %}
        return f"{m.group(1)}() prints a value: write it between double braces, e.g. {example_call(m.group(1))}"
    if m:
        return did_you_mean(m.group(1), _TAGS) or "tags are {% if %}, {% for %}, {% include %}"
    if "end of print statement" in message or "unexpected" in message:
        return "a value is written {{ fact('topic.name') }}: check the quotes, brackets and braces"
    if "endfor" in message or "endif" in message:
        return "every {% for %} needs an {% endfor %} and every {% if %} an {% endif %}"
    return None


def undefined_message(e) -> str:
    """Return jinja's "'x' is undefined" as "unknown name 'x'"."""
    msg = str(e)
    m = re.match(r"'(\w+)' is undefined", msg)
    if m:
        return f"unknown name '{m.group(1)}'"
    return msg


def undefined_hint(message: str, names: list[str]) -> str | None:
    """Return the closest defined name to an undefined one, or the names there are."""
    m = re.match(r"'(\w+)' is undefined", message)
    if m:
        return did_you_mean(m.group(1), names) or f"available: {', '.join(sorted(names))}"
    return None


# What each argument of a template function is, and a call that works, for messages about calls
# with an argument missing, one too many, or one misnamed.
_ARGUMENTS = {"ref": "the fact's id in quotes", "kind": "the chart type ('bar', 'barh', 'trend', "
              "'donut' or 'compare')", "title": "the title in quotes", "refs": "the list of fact ids",
              "value": "the text in quotes", "header": "the list of column titles",
              "rows": "the list of rows"}
_EXAMPLES = {"chart": "{{ chart('bar', '标题', ['topic.a', 'topic.b']) }}",
             "table": "{{ table(['项目', '数值'], [['甲', fact('topic.a')]]) }}",
             "text": "{{ text('文字') }}", "bold": "{{ bold(fact('topic.a')) }}",
             "key_figures": "{{ key_figures('topic.a', 'topic.b', title='关键数据') }}",
             "facts_table": "{{ facts_table('topic.a', 'topic.b', caption='表题') }}"}
_CALL_ERROR = re.compile(r"TemplateFunctions\.(\w+)\(\) (.*)")


def example_call(name: str) -> str:
    """Return a call of template function `name` that works, as a hint shows it."""
    return _EXAMPLES.get(name, f"{{{{ {name}('economy.fiscal_revenue') }}}}")


def call_message(e: BaseException, line: str | None) -> tuple[str, str, str] | None:
    """Return (message, hint, name called) for Python's TypeError about a call of a template
    function ("missing 1 required positional argument: 'ref'"), in the words of a template."""
    import inspect

    m = _CALL_ERROR.match(str(e)) if isinstance(e, TypeError) else None
    if not m or not hasattr(TemplateFunctions, m.group(1)):
        return None
    name, what = m.groups()
    if name == "as_of" and line and "period(" in line and "as_of(" not in line:
        name = "period"  # period is as_of by another name
    params = [p for p in inspect.signature(getattr(TemplateFunctions, name)).parameters.values()
              if p.name != "self"]
    options = [p.name for p in params if p.default is not p.empty]
    missing = re.findall(r"'(\w+)'", what) if what.startswith("missing") else []
    hint = f"write e.g. {example_call(name)}"
    if missing:
        said = " and ".join(f"{_ARGUMENTS.get(a, a)} ({a})" for a in missing)
        return f"{name}() is missing {said}", hint, name
    k = re.match(r"got an unexpected keyword argument '(\w+)'", what)
    if k:
        close = did_you_mean(k.group(1), options)
        known = ", ".join(f"{o}=" for o in options) or "none"
        return (f"{name}() has no argument '{k.group(1)}' (its named arguments: {known})",
                f"{close + ' ' if close else ''}{hint}", name)
    g = re.match(r"takes (?:from \d+ to )?(\d+) positional arguments? but (\d+) (?:was|were) given", what)
    if g:
        takes = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        return (f"{name}() is given {int(g.group(2)) - 1} values but takes at most {len(takes)} "
                f"({', '.join(takes)})", f"give the others by name, e.g. cite=False; {hint}", name)
    return f"{name}() {what}", hint, name


SAVE_AS_UTF8 = "save it as UTF-8 (记事本：另存为 → 编码 UTF-8)"


def not_utf8(data: bytes, rel: str):
    """Return the problem of a template file that is not UTF-8 text: at the line and column of
    its first character UTF-8 cannot read, shown as the file seems to be saved (GBK, UTF-16)."""
    import codecs

    from ..errors import Loc, Problem

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:200].count(0) > len(data[:200]) // 4:
        text = data.decode("utf-16", errors="replace").lstrip("\ufeff")
        return Problem(Loc(rel, 1, 1), "the file is saved as UTF-16 (记事本的“Unicode”), not as UTF-8",
                       SAVE_AS_UTF8,
                       text=text.split("\n", 1)[0])
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        body.decode("utf-8")
        return Problem(Loc(rel), "the file is not UTF-8 text", SAVE_AS_UTF8)
    except UnicodeDecodeError as e:
        pos = e.start
    try:
        body.decode("gb18030")
        codec, what = "gb18030", ("the file is saved as GBK (记事本的“ANSI”), not as UTF-8; UTF-8 "
                                  "cannot read it from here on")
    except UnicodeDecodeError:
        codec, what = "utf-8", f"the file is not UTF-8 text: byte 0x{body[pos]:02X} here is no UTF-8 character"
    start = body.rfind(b"\n", 0, pos) + 1
    end = body.find(b"\n", pos)
    line = body[start: end if end >= 0 else None].decode(codec, errors="replace")
    col = len(body[start:pos].decode(codec, errors="replace")) + 1
    return Problem(Loc(rel, body.count(b"\n", 0, pos) + 1, col),
                   what, SAVE_AS_UTF8, text=line)


# ---- mistakes in a template's source, found before jinja runs ------------------------------------

# Characters a Chinese IME types in place of the ASCII ones template code is written with.
LOOKALIKES = {
    "｛": ("full-width brace", "{"), "｝": ("full-width brace", "}"),
    "％": ("full-width percent sign", "%"), "＃": ("full-width number sign", "#"),
    "“": ("curly quote", '"'), "”": ("curly quote", '"'),
    "‘": ("curly quote", "'"), "’": ("curly quote", "'"),
    "（": ("full-width parenthesis", "("), "）": ("full-width parenthesis", ")"),
    "，": ("full-width comma", ","), "：": ("full-width colon", ":"),
    "［": ("full-width bracket", "["), "］": ("full-width bracket", "]"),
    "＝": ("full-width equals sign", "="), "　": ("full-width space", " "),
}
_FW_OPEN = re.compile(r"[{｛][{｛%％#＃]|[}｝%％][}｝]")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_HEADING = re.compile(r"^(#{4,})\s+(.*)$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_DELIM_ROW = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")
_BLOCK_TAG = re.compile(r"\{%[-+]?\s*(\w+)")
_OPENERS = {"if", "for", "macro", "call", "filter", "block", "with", "raw", "autoescape", "trans"}
_INCLUDE = re.compile(r"""\{%[-+]?\s*include\s+(['"])([^'"]+)\1""")
_TRIPLE = re.compile(r"\{\{\{|\}\}\}")
_SINGLE_CALL = re.compile(r"(?<!\{)\{[ \t]*(" + "|".join(TemplateFunctions.NAMES) + r")[ \t]*\(")
_TYPED_NUMBER_HINT = "numbers belong in facts: write {{ fact('topic.name') }} instead"


def describe(ch: str) -> str:
    """Return a character as messages name it: '：' (U+FF1A)."""
    return f"'{ch}' (U+{ord(ch):04X})"


def lint_source(source: str, rel: str, base=None) -> list:
    """Return the problems of one template's source text: IME look-alikes in template code,
    control characters, Markdown that would vanish (images, extra table cells, HTML comments,
    deep headings), unclosed blocks, and numbers typed into prose (warnings; with the fact
    base `base`, each names the facts that print that number)."""
    from ..errors import Loc, Problem

    out: list[Problem] = []
    lines = source.split("\n")

    def at(offset: int) -> tuple[int, int]:
        line = source.count("\n", 0, offset) + 1
        return line, offset - (source.rfind("\n", 0, offset) + 1) + 1

    def error(offset: int, message: str, hint: str | None = None, level: str = "error"):
        line, col = at(offset)
        out.append(Problem(Loc(rel, line, col), message, hint, level))

    for m in re.finditer(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", source):
        name = "a NUL character" if m.group() == "\x00" else f"a control character U+{ord(m.group()):04X}"
        error(m.start(), f"{name} in the template", "retype the line, or paste the text as plain text")
    for m in _FW_OPEN.finditer(source):
        ch = next((c for c in m.group() if c in LOOKALIKES), None)
        if ch:
            what, ascii_ = LOOKALIKES[ch]
            error(m.start() + m.group().index(ch), f"{what} {describe(ch)} in template code — use "
                  f"`{ascii_}`", "template code is typed with the input method in English mode: "
                  "{{ fact('topic.name') }}")
    _lint_triple_braces(without_comments(source), error)
    spans = list(_JINJA.finditer(source))
    for span in spans:
        if span.group().startswith("{#"):
            continue
        code, quote = span.group(), None
        for i, ch in enumerate(code):  # look-alikes outside string literals are code mistakes
            if quote:
                if ch == quote:
                    quote = None
                continue
            if ch in "'\"":
                quote = ch
            elif ch in LOOKALIKES:
                what, ascii_ = LOOKALIKES[ch]
                error(span.start() + i, f"{what} {describe(ch)} in template code — use `{ascii_}`",
                      "template code is typed with the input method in English mode: "
                      "{{ fact('topic.name') }}")
                break
    if any(p.level == "error" for p in out):
        return out  # the rest would only repeat these

    def blank(m):
        return re.sub(r"[^\n]", " ", m.group(0))

    prose = _JINJA.sub(blank, source)
    prose_lines = prose.split("\n")
    for m in _SINGLE_CALL.finditer(prose):  # `{ dated('x') }` prints as it is written
        line_end = prose.find("\n", m.end()) % (len(prose) + 1)
        end = prose.find("}", m.end(), line_end)
        call = prose[m.start() + 1: end if end >= 0 else line_end].strip()
        error(m.start(), f"{m.group(1)}() in single braces is printed as text, not run",
              f"template code goes in double braces: {{{{ {call} }}}}")
    for m in _IMAGE.finditer(prose):
        error(m.start(), f"a Markdown image is not shown in a pack: '{m.group()}'",
              "figures are drawn from facts: {{ chart('bar', '标题', ['topic.a', 'topic.b']) }}; "
              "remove the image")
    for m in re.finditer(r"<!--", prose):
        if "-->" not in prose[m.end():]:
            error(m.start(), "an HTML comment '<!--' is never closed", "write comments as {# … #}")
        else:
            error(m.start(), "an HTML comment <!-- … --> is left out of the pack (read as a comment)",
                  "write template comments as {# … #}", "warning")
    _lint_html_tags(prose, error)
    in_fence = False
    for n, line in enumerate(prose_lines, 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        m = _HEADING.match(line)
        if m and not in_fence:
            out.append(Problem(Loc(rel, n, 1), f"headings go three levels deep at most: "
                                               f"'{m.group(1)} {m.group(2).strip()}'",
                               "use #, ## or ###"))
    _lint_tables(prose_lines, lines, rel, out)
    _lint_blocks(source, rel, lines, out)
    index = None
    for n, text in typed_numbers(source):
        col = prose_lines[n - 1].find(text) + 1 or None
        hint = None
        if base is not None:
            from ..facts.find import by_value, typed_number_hint

            index = by_value(base) if index is None else index
            hint = typed_number_hint(base, index, text)
        out.append(Problem(Loc(rel, n, col), f"number typed into the text: '{text}'",
                           f"numbers belong in facts: {hint}" if hint else _TYPED_NUMBER_HINT,
                           "warning"))
    return out


_HTML_TAG = re.compile(r"</?(b|strong|i|em|u|s|del|br|p|div|span|font|sup|sub|a|img|center|small|big|mark"
                       r"|h[1-6]|ul|ol|li|table|tr|td|th|hr)(?:\s[^<>\n]*)?/?>", re.I)
_TAG_HINTS = {"b": "bold is written **粗**", "strong": "bold is written **粗**",
              "i": "emphasis is written *斜*", "em": "emphasis is written *斜*",
              "br": "a new paragraph starts after a blank line", "p": "a new paragraph starts after a blank line"}


def _lint_html_tags(prose: str, error) -> None:
    """HTML is not read in a template (markdown-it runs with html off): `<b>粗</b>` prints its
    tags. A warning (text about tags may mean them), the first tag of each line, with the Markdown
    to write; `check --strict` refuses it."""
    lines_seen = set()
    for m in _HTML_TAG.finditer(prose):
        line = prose.count("\n", 0, m.start())
        if line in lines_seen:
            continue
        lines_seen.add(line)
        error(m.start(), f"an HTML tag '{m.group()}' is printed as it is written",
              _TAG_HINTS.get(m.group(1).lower(), "remove the tag: templates are Markdown, not HTML"),
              "warning")


def _lint_triple_braces(source: str, error) -> None:
    """`{{{ fact('x') }}}` reads as a value inside a set of pairs, so jinja asks for a ':'."""
    for m in _TRIPLE.finditer(source):
        start = source.rfind("\n", 0, m.start()) + 1
        end = source.find("\n", m.end())
        line = source[start: end if end >= 0 else None]
        if m.group() == "}}}" and "{{{" in line:
            continue  # the line's {{{ is reported; one mistake, one message
        inner = re.search(r"\{\{\{?-?(.*?)-?\}\}\}?", line)
        shown = (f"{{{{ {inner.group(1).strip()} }}}}" if inner and inner.group(1).strip()
                 else "{{ fact('topic.name') }}")
        error(m.start(), f"three braces '{m.group()}' in template code; a value is written between "
              "two: {{ … }}", f"write {shown}")


def _cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())
    if cells and cells[0].strip() == "":
        cells = cells[1:]
    if cells and cells[-1].strip() == "":
        cells = cells[:-1]
    return cells


def _lint_tables(prose_lines: list[str], lines: list[str], rel: str, out: list) -> None:
    """A Markdown table row with more cells than the header loses the extra ones silently."""
    from ..errors import Loc, Problem

    n = 0
    while n < len(prose_lines) - 1:
        head, delim = prose_lines[n], prose_lines[n + 1]
        if "|" in head and "-" in delim and _DELIM_ROW.match(delim.strip()):
            width = len(_cells(head))
            k = n + 2
            while k < len(prose_lines) and prose_lines[k].strip() and "|" in prose_lines[k]:
                got = len(_cells(prose_lines[k]))
                if got > width:
                    out.append(Problem(Loc(rel, k + 1), f"this table row has {got} cells but the "
                                       f"table has {width} columns; the extra cells would be dropped",
                                       "add the column to the header row and the |---| row, or "
                                       "remove the extra cell"))
                k += 1
            n = k
        else:
            n += 1


def _lint_blocks(source: str, rel: str, lines: list[str], out: list) -> None:
    """An unclosed {% if %} or {% for %} is reported where it opened, not at the end of the file."""
    from ..errors import Loc, Problem

    stack: list[tuple[str, int]] = []
    unclosed: list[tuple[str, int]] = []
    for m in _BLOCK_TAG.finditer(without_comments(source)):
        tag = m.group(1)
        if tag in _OPENERS:
            stack.append((tag, m.start()))
        elif tag.startswith("end") and any(t == tag[3:] for t, _ in stack):
            while stack[-1][0] != tag[3:]:  # blocks opened inside this one and never closed
                unclosed.append(stack.pop())
            stack.pop()
    unclosed += stack
    for tag, offset in sorted(unclosed, key=lambda u: u[1])[:1]:
        line = source.count("\n", 0, offset) + 1
        col = offset - (source.rfind("\n", 0, offset) + 1) + 1
        out.append(Problem(Loc(rel, line, col), f"{{% {tag} %}} is never closed",
                           f"add {{% end{tag} %}} where the {tag} should end"))


_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)


def without_comments(source: str) -> str:
    """Return `source` with each {# … #} comment blanked (its lines kept)."""
    return _JINJA_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)


def includes(source: str) -> list[tuple[str, int]]:
    """Return (template name, line) for each {% include 'name' %} of a template's source."""
    source = without_comments(source)
    return [(m.group(2), source.count("\n", 0, m.start()) + 1) for m in _INCLUDE.finditer(source)]


def strip_html_comments(text: str) -> str:
    """Return rendered Markdown without <!-- … --> comments (lint has warned about them)."""
    return _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
