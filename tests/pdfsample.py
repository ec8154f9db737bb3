"""Helpers for the PDF renderer's tests: punctuation-dense text, small documents, text lines."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pypdf

from briefkit import doc as d

FOOTER = re.compile(r"第 \d+ 页 / 共 \d+ 页")

# Text that trips naive CJK wrapping: pause marks, paired brackets and quotes, ellipses, dashes,
# numbers with units and Latin words that must stay whole.
FRAGMENTS = [
    "徐汇区", "产业结构", "丰富和均衡", "综合经济实力", "领先", "人工智能", "生命健康", "现代金融",
    "，", "，", "。", "、", "；", "：", "？", "！", "……", "——", "%",
    "（含上下游企业）", "《徐汇区产业发展规划》", "「模速空间」", "『垂直硅谷』",
    "“上下楼就是上下游”", "‘引号’", "250亿元", "74.45%", "MiniMax-ABAB", "157家",
    "2024年3月", "约90万平方米", "A·B", "。”", "！）", "？》",
]
WHOLE = ["MiniMax-ABAB", "74.45%", "250亿", "157家", "2024年"]


def punctuated(seed: int, n: int = 70) -> str:
    """Return a paragraph dense with punctuation, reproducibly."""
    rng = random.Random(seed)
    return "徐汇" + "".join(rng.choice(FRAGMENTS) for _ in range(n))


def inlines_of(text: str, seed: int) -> list[d.Inline]:
    """Return text cut into plain, bold and italic runs, with citations and a link among them."""
    rng = random.Random(seed)
    out: list[d.Inline] = []
    i = 0
    while i < len(text):
        j = min(len(text), i + rng.randint(3, 25))
        kind = rng.random()
        if kind < 0.15:
            out.append(d.Text(text[i:j], bold=True))
        elif kind < 0.25:
            out.append(d.Text(text[i:j], italic=True))
        elif kind < 0.3:
            out.append(d.Link(text[i:j], "#sec"))
        else:
            out.append(d.Text(text[i:j]))
        if rng.random() < 0.15:
            out.append(d.Citation(1))
        i = j
    return out


def small_document(blocks: list, theme: d.Theme | None = None, **cover) -> d.Document:
    """Return a document with `blocks`, a heading to link to and one source."""
    return d.Document(
        meta=d.Meta(title="测试", header="页眉文字", footer="页脚文字",
                    created="2024-03-29T00:00:00+08:00"),
        cover=d.Cover(title=cover.pop("title", "测试文档"), **cover),
        blocks=[d.Heading(1, "正文", "sec"), *blocks,
                d.SourceList([d.SourceEntry(1, "某来源", "src-1")])],
        theme=theme or d.Theme(),
    )


def page_texts(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(str(path)).pages]


def body_lines(path: Path, header: str = "页眉文字", footer: str = "页脚文字") -> list[str]:
    """Return the extracted text lines of every page after the cover, header and footer removed."""
    out = []
    for text in page_texts(path)[1:]:
        for line in text.split("\n"):
            line = FOOTER.sub("", line).strip()
            if line and line not in (header, footer):
                out.append(line)
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_of(reader: pypdf.PdfReader, text: str, start: int = 2) -> int:
    """Return the 1-based number of the first page (from `start`) whose text contains `text`."""
    for n, page in enumerate(reader.pages[start - 1:], start):
        if text in page.extract_text():
            return n
    raise AssertionError(f"{text!r} is on no page")
