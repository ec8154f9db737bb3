"""The test suite's own caches (see conftest.py): never the user's, fonts ready before tests."""

import os
from pathlib import Path

from briefkit import figures, files, fonts


def users_cache(monkeypatch) -> Path:
    monkeypatch.delenv("BRIEFKIT_CACHE", raising=False)
    monkeypatch.delenv("BRIEFKIT_FONT_CACHE", raising=False)
    return files.cache_dir().resolve()


def test_the_suite_never_uses_the_users_cache(monkeypatch):
    build_cache, font_cache = files.cache_dir().resolve(), fonts.fonts_dir().resolve()
    user = users_cache(monkeypatch)
    for ours in (build_cache, font_cache):
        assert ours != user and user not in ours.parents, ours


def test_charts_drawn_in_tests_go_to_the_session_cache():
    spec = figures.ChartSpec(kind="bar", labels=("会话",), values=(1.0,), texts=("1家",), unit="家",
                             palette=("#1f4e79",))
    assert Path(os.environ["BRIEFKIT_CACHE"]) in figures.image_path(spec).parents


def test_fonts_are_prepared_before_the_tests_run():
    assert all(fonts.is_prepared(role) for role in fonts.ROLES)
