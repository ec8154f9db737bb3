"""Shared fixtures: the real project, and small throwaway projects for loader and CLI tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO.parent / "shared" / "sources"

SOURCES_YAML = """\
sources:
  - id: paper
    title: 测试文章
    publisher: 澎湃新闻
    printed_date: 2024-03-29
    content_date: 2024-03
    file: a.txt
"""
GOOD = """\
facts:
  - id: economy.fiscal_revenue
    label: 区级财政收入
    value: 250
    unit: 亿元
    as_of: 2023
    source: paper
    quote: 区级财政收入达250亿元
"""
ARTICLE = "徐汇区级财政收入达250亿元,汇聚了上下游企业近三百家,面积不到上海总面积的百分之一。\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text) if not text.startswith("\ufeff") else text, encoding="utf-8")
    return root


def render_template(project, template: str, facts: str = GOOD, extra: dict | None = None):
    """Template one chapter `template` against `facts`; return (Rendered, formatted problems)."""
    from briefkit.errors import Report
    from briefkit.facts.load import load_factbase
    from briefkit.templating import Templater

    root = project({"facts/economy.yaml": facts, "templates/soe/ch.md": template, **(extra or {})})
    report = Report()
    out = Templater(root, load_factbase(root), "soe", report).build([("ch", None)])
    return out, [p.format() for p in report.problems]


@pytest.fixture
def project(tmp_path):
    """Return a function that writes a small project (facts/sources.yaml and an article included)."""

    def make(files: dict[str, str] | None = None, with_sources: bool = True) -> Path:
        base = {"facts/sources.yaml": SOURCES_YAML, "articles/a.txt": ARTICLE} if with_sources else {}
        return write(tmp_path, {**base, **(files or {})})

    return make
