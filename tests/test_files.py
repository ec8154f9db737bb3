"""files.py: the one atomic write, cache folder, shown path and MIME table."""

from __future__ import annotations

import pytest

from briefkit import files


def test_atomic_write_replaces_the_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old")
    files.atomic_write(path, "新的")
    assert path.read_text(encoding="utf-8") == "新的"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_removes_the_temp(tmp_path, error):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"old")
    with pytest.raises(type(error)):
        with files.atomic_path(path) as tmp:
            tmp.write_bytes(b"half")
            assert tmp.parent == tmp_path and tmp.name.endswith(".tmp")
            raise error
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_atomic_path_keeps_a_suffix_for_writers_that_go_by_the_extension(tmp_path):
    with files.atomic_path(tmp_path / "c.png", suffix=".png") as tmp:
        assert tmp.suffix == ".png"
        tmp.write_bytes(b"png")
    assert (tmp_path / "c.png").read_bytes() == b"png"


def test_cache_dir_follows_briefkit_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path))
    assert files.cache_dir() == tmp_path
    monkeypatch.delenv("BRIEFKIT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert files.cache_dir() == tmp_path / "xdg" / "briefkit"


def test_shown_path_is_relative_inside_the_project_and_as_given_outside(tmp_path):
    assert files.shown_path(tmp_path / "briefs" / "r.csv", tmp_path) == "briefs/r.csv"
    assert files.shown_path("briefs/r.csv", tmp_path) == "briefs/r.csv"
    assert files.shown_path("/elsewhere/r.csv", tmp_path) == "/elsewhere/r.csv"


@pytest.mark.parametrize("name, expected", [
    ("soe.pdf", "application/pdf"),
    ("SOE.DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("manifest.json", "application/json"),
    ("notes.txt", "application/octet-stream"),
])
def test_mime_type_comes_from_one_table(name, expected):
    assert files.mime_type(name) == expected
