"""Charts: cached by spec and by the code that draws them, so a cached image never outlives it."""

import importlib.metadata
from pathlib import Path

import pytest

from briefkit import figures

SPEC = figures.ChartSpec(kind="bar", labels=("甲", "乙"), values=(1.0, 2.0), texts=("1家", "2家"),
                         unit="家", palette=("#1f4e79", "#2e75b6"))


@pytest.fixture
def fresh_hash():
    """Forget the drawing-code hash before and after, so a patched one does not leak."""
    figures.drawing_code_hash.cache_clear()
    yield
    figures.drawing_code_hash.cache_clear()


def test_chart_cache_key_changes_when_the_drawing_code_changes(monkeypatch, fresh_hash):
    before = SPEC.key()
    sources = figures.drawing_sources()
    edited = [(name, src + b"\n# an edit\n" if name == "figures.py" else src) for name, src in sources]
    monkeypatch.setattr(figures, "drawing_sources", lambda: edited)
    figures.drawing_code_hash.cache_clear()
    assert SPEC.key() != before


def test_chart_cache_key_changes_with_the_matplotlib_version(monkeypatch, fresh_hash):
    before = SPEC.key()
    real, installed = importlib.metadata.version, figures._installed
    # Another matplotlib is other files: another metadata folder, and another version in it.
    monkeypatch.setattr(figures, "_installed", lambda libs: installed(libs) + [("matplotlib-0.0-other",)])
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "0.0-other" if name == "matplotlib" else real(name))
    figures.drawing_code_hash.cache_clear()
    assert SPEC.key() != before


def test_the_installed_drawing_libraries_are_found():
    names = [entry[1].split("-")[0].lower() for entry in figures._installed(figures._DRAWING_LIBRARIES)]
    assert {"matplotlib", "pillow", "numpy"} <= set(names)


def _memo_torn(path):
    path.write_text("{", encoding="utf-8")


def _memo_other(path):
    path.write_text('{"key": "other", "hash": "0000000000000000"}', encoding="utf-8")


@pytest.mark.parametrize("spoil", [None, _memo_torn, _memo_other])
def test_drawing_code_hash_memo_cold_warm_or_spoilt_gives_the_computed_hash(monkeypatch, tmp_path,
                                                                            fresh_hash, spoil):
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path))
    h = __import__("hashlib").sha256()
    for name, source in figures.drawing_sources():
        h.update(f"{name}\0{len(source)}\0".encode())
        h.update(source)
    for lib in figures._DRAWING_LIBRARIES:  # the hash as it was made before the memo
        h.update(f"{lib}={importlib.metadata.version(lib)}\0".encode())
    computed = h.hexdigest()[:16]
    assert figures.drawing_code_hash() == computed  # cold
    (memo,) = (tmp_path / "figures" / "drawing-code").iterdir()
    if spoil:
        spoil(memo)
    figures.drawing_code_hash.cache_clear()
    assert figures.drawing_code_hash() == computed


def test_chart_cache_key_is_the_same_for_the_same_spec_and_code(fresh_hash):
    key = SPEC.key()
    figures.drawing_code_hash.cache_clear()
    assert figures.ChartSpec(**{**SPEC.__dict__}).key() == key


def test_drawing_code_is_this_module_and_what_it_imports_not_the_renderers():
    names = [name for name, _ in figures.drawing_sources()]
    assert {"figures.py", "typography/labels.py", "typography/kinsoku.py", "facts/format.py"} <= set(names)
    assert not [n for n in names if n.startswith(("render/", "templating/", "pipeline/", "cli"))]
    assert names == sorted(names)


def test_a_chart_is_drawn_once_then_taken_from_the_cache(tmp_path, monkeypatch):
    # A cache of its own: in the session's shared cache another test worker may be writing a
    # chart (its temp file) while this test looks for leftovers.
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path))
    spec = figures.ChartSpec(kind="barh", labels=("只在本测试里出现的标签",), values=(3.0,), texts=("3家",),
                             unit="家", palette=("#1f4e79",))
    path = figures.image_path(spec)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    stamp = path.stat().st_mtime_ns
    assert figures.image_path(spec) == path and path.stat().st_mtime_ns == stamp
    assert [p.name for p in path.parent.iterdir() if ".tmp" in p.name] == []


def test_relative_imports_of_any_depth_are_followed_to_their_files():
    package = Path(figures.__file__).resolve().parent
    here = package / "typography" / "labels.py"
    source = b"import os\nfrom ..facts.format import format_number\nfrom . import kinsoku\nfrom .nope import x\n"
    found = {p.relative_to(package).as_posix() for p in figures._imported_modules(here, source, package)}
    assert found == {"facts/format.py", "typography/__init__.py", "typography/kinsoku.py"}


def test_import_scan_memo_cold_warm_and_corrupt_give_the_same_sources():
    # tests use a temporary cache (conftest): cold, then warm, then a corrupt and a stale memo
    memo = figures.cache_dir() / "figures" / figures._MEMO_FILE
    memo.unlink(missing_ok=True)
    cold = figures.drawing_sources()
    assert memo.is_file()
    assert figures.drawing_sources() == cold
    memo.write_text("{not json", encoding="utf-8")
    assert figures.drawing_sources() == cold
    memo.write_text('{"older-key": ["gone.py"], "x": 3}', encoding="utf-8")
    assert figures.drawing_sources() == cold
    package = Path(figures.__file__).resolve().parent
    here = Path(figures.__file__).resolve()
    plain = figures._imported_modules(here, here.read_bytes(), package)
    assert figures._imported_modules_memo(here, here.read_bytes(), package, {}) == plain
