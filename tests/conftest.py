"""Shared fixtures: the real project, small throwaway projects, and the suite's own caches.

The suite never reads or writes the user's cache (~/.cache/briefkit), for two reasons: a warm
user cache would hide the chart code from the tests (figures.py ran at 33% coverage warm, 99%
cold), and a test must not leave things in a person's home directory. So:

- Build caches (chart images, PDF image streams — everything under BRIEFKIT_CACHE) go to a new
  temporary directory per test session. The controlling process makes it in pytest_configure,
  before pytest-xdist starts its workers (they, and any briefkit subprocess a test runs,
  inherit the environment), and removes it at the end. Every session draws its charts afresh.
- Prepared fonts take ≈40 s to make and change only with the converter (their file name carries
  its hash, see fonts.converter_hash), so they are kept between sessions in a test-only font
  cache inside the environment that runs the tests: <venv>/briefkit-test-cache/fonts, named by
  BRIEFKIT_FONT_CACHE. The controlling process prepares them there once, before the workers
  start, so workers never race to make them. A fresh clone pays the 40 s on its first test
  run; removing the venv removes them.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO.parent / "shared" / "sources"


def font_cache_for_tests() -> Path:
    """Return the test-only font cache: inside the running venv, else under out/."""
    in_venv = sys.prefix != sys.base_prefix
    base = Path(sys.prefix) if in_venv else REPO / "out"
    return base / "briefkit-test-cache" / "fonts"


def pytest_configure(config):
    """Point briefkit at the suite's caches; in the controlling process, make them first."""
    os.environ["BRIEFKIT_FONT_CACHE"] = str(font_cache_for_tests())
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has set BRIEFKIT_CACHE
        return
    session_cache = tempfile.mkdtemp(prefix="briefkit-test-cache-")
    config._briefkit_cache = session_cache
    os.environ["BRIEFKIT_CACHE"] = session_cache
    from briefkit import fonts

    fonts.prepare(log=lambda message: print(message, file=sys.stderr, flush=True))


def pytest_unconfigure(config):
    session_cache = getattr(config, "_briefkit_cache", None)
    if session_cache:
        shutil.rmtree(session_cache, ignore_errors=True)


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
