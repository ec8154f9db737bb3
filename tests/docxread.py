"""Read a .docx back in tests: its XML parts, paragraph texts, and tiny documents to render."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from briefkit import doc as d
from briefkit.render.docx import render

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def w(name: str) -> str:
    """Return the Clark name of w:`name`."""
    return f"{{{W}}}{name}"


def part(path: Path, name: str):
    """Return the parsed XML of part `name` (e.g. word/styles.xml) of the package at `path`."""
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def paragraph_texts(word) -> list[tuple[str, str]]:
    """Return (style name, text) of every body paragraph, without the invisible word joiners
    (U+2060) that hold quantities on one line."""
    return [(p.style.name, p.text.replace("\u2060", "")) for p in word.paragraphs]


def small(tmp_path: Path, blocks: list, **cover) -> Path:
    """Render a tiny document of `blocks`; return the path."""
    tree = d.Document(d.Meta("测试", created="2024-03-29T00:00:00+08:00"),
                      d.Cover("测试标题", **cover), blocks)
    path = tmp_path / "small.docx"
    render(tree, path)
    return path
