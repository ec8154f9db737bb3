"""Checks on template sources and hints for jinja's messages: what a person should write instead."""

from __future__ import annotations

import re

from ..errors import did_you_mean

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
