"""Fonts: prepared once, identical wherever and whenever they are prepared; named by their converter."""

import json
import subprocess
import sys

import pytest

from fontTools.ttLib import TTFont

from briefkit.pipeline import build as b
from briefkit import fonts
from projects import mini


def test_prepared_font_keeps_the_source_timestamp_so_outputs_do_not_depend_on_when():
    for role in fonts.ROLES:
        fonts.prepare([role])
        prepared = TTFont(str(fonts.prepared_path(role)), lazy=True)
        source = TTFont(str(fonts.source_path(role)), lazy=True)
        assert prepared["head"].modified == source["head"].modified
        assert "glyf" in prepared and "CFF " not in prepared


def test_another_process_builds_the_same_bytes(tmp_path):
    root = mini(tmp_path / "p")
    b.build(root, "soe", tmp_path / "a")
    subprocess.run([sys.executable, "-m", "briefkit", "--project", str(root), "build", "soe",
                    "--out", str(tmp_path / "b"), "-q"], check=True)
    for name in ("soe.pdf", "soe.docx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_missing_characters_are_named_with_their_code_points():
    assert fonts.missing("徐汇😀ab😀", "serif") == ["😀"]
    assert fonts.describe("😀") == "“😀” (U+1F600 GRINNING FACE)"


def test_prepared_font_name_changes_when_the_converter_code_changes(monkeypatch):
    before = fonts.prepared_path("serif")
    fonts.converter_hash.cache_clear()
    monkeypatch.setattr(fonts, "_CONVERTER", (*fonts._CONVERTER, test_missing_characters_are_named_with_their_code_points))
    try:
        assert fonts.prepared_path("serif") != before
    finally:
        fonts.converter_hash.cache_clear()


def test_prepared_fonts_live_where_briefkit_font_cache_says_else_in_the_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFKIT_FONT_CACHE", str(tmp_path / "fonts"))
    assert fonts.prepared_path("sans").parent == tmp_path / "fonts"
    monkeypatch.delenv("BRIEFKIT_FONT_CACHE")
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path / "cache"))
    assert fonts.prepared_path("sans").parent == tmp_path / "cache" / "fonts"


def test_harfbuzz_reads_the_same_outlines_as_fonttools_charstring_interpreter():
    """Fonts are prepared from HarfBuzz's reading of the CFF outlines (C, ≈2× faster than
    fontTools' own interpreter): for glyphs spread over both faces, the TrueType glyphs are equal."""
    import uharfbuzz as hb

    for role in fonts.ROLES:
        path = str(fonts.source_path(role))
        font = TTFont(path, lazy=True)
        order, glyphset = font.getGlyphOrder(), font.getGlyphSet()
        outlines = hb.Font(hb.Face(hb.Blob.from_file_path(path)))
        for gid in range(0, len(order), 997):  # 32 glyphs a face, Latin to CJK
            ours = fonts._truetype_glyph(lambda pen: outlines.draw_glyph_with_pen(gid, pen))
            reference = fonts._truetype_glyph(glyphset[order[gid]].draw)
            assert ours.compile(None) == reference.compile(None), (role, order[gid])


def _memo_spoilt(path):
    path.write_text("{not json", encoding="utf-8")


def _memo_other_key(path):
    path.write_text('{"key": "other code", "hash": "0000000000000000"}', encoding="utf-8")


def _memo_wrong_shape(path):
    path.write_text('["a list"]', encoding="utf-8")


@pytest.mark.parametrize("spoil", [None, _memo_spoilt, _memo_other_key, _memo_wrong_shape])
def test_converter_hash_memo_cold_warm_or_spoilt_gives_the_computed_hash(monkeypatch, tmp_path, spoil):
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path))
    computed = fonts._converter_hash()
    try:
        fonts.converter_hash.cache_clear()
        assert fonts.converter_hash() == computed  # cold: computed and kept
        (memo,) = (tmp_path / "fonts-converter").iterdir()
        if spoil:
            spoil(memo)
        fonts.converter_hash.cache_clear()
        assert fonts.converter_hash() == computed  # warm, or spoilt and computed again
        assert json.loads(memo.read_text(encoding="utf-8"))["hash"] == computed
    finally:
        fonts.converter_hash.cache_clear()


@pytest.mark.parametrize("text", ["", "徐汇区", "徐汇😀ab😀\n\t", "\u00ad\u200b\ufeff", "𬭚𠀀ｱ﹏\U0010ffff\x00",
                                  "".join(chr(c) for c in range(0x2000, 0x2100))])
def test_missing_characters_are_those_outside_the_faces_coverage_in_order(text):
    for role in fonts.ROLES:
        expected = [ch for ch in dict.fromkeys(text) if ch not in fonts._IGNORABLE
                    and ord(ch) not in fonts.coverage(role)]
        assert fonts.missing(text, role) == expected
