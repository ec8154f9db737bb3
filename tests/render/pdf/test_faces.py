"""Parsed faces and their subsets cached on disk: the face restored is the face parsed, a subset
kept is the subset cut, and PDFs do not change."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from briefkit import fonts
from briefkit.render.pdf import faces


@pytest.fixture()
def face_file() -> Path:
    return fonts.prepare(["sans"])["sans"]


@pytest.fixture()
def own_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("BRIEFKIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _state(face, names) -> dict:
    """Every attribute the parsed face has, as read from `face` (tables made on first use)."""
    state = {k: getattr(face, k) for k in names if k != "_pdfScale"}
    state["scaled"] = [face._pdfScale(x) for x in (0, 1, 333, 1000, 2048)]
    return state


def test_a_face_from_the_cache_equals_the_face_parsed(face_file, own_cache):
    parsed = TTFontFace(str(face_file))
    names = list(parsed.__dict__)
    cold = faces.load_face(face_file)
    assert faces.cache_path(face_file).exists()
    warm = faces.load_face(face_file)
    assert "glyphPos" not in warm.__dict__  # made when subsetting first reads it
    assert _state(cold, names) == _state(parsed, names) == _state(warm, names)
    assert set(warm.__dict__) - set(parsed.__dict__) == {"_key", "_later"}


@pytest.mark.parametrize("left", [b"", b"not marshal", marshal.dumps(None),
                                  marshal.dumps({"state": {}}), b"\x80\x05N."])
def test_a_damaged_cache_file_is_parsed_again_and_replaced(face_file, own_cache, left):
    path = faces.cache_path(face_file)
    path.parent.mkdir(parents=True)
    path.write_bytes(left)
    parsed = TTFontFace(str(face_file))
    names = list(parsed.__dict__)
    assert _state(faces.load_face(face_file), names) == _state(parsed, names)
    assert path.read_bytes() != left


def test_a_face_whose_numbers_arrays_cannot_hold_is_parsed_each_time(face_file, own_cache):
    parsed = TTFontFace(str(face_file))
    parsed.charWidths[0x4E00] = 1000.5  # as a face not drawn in 1000 units/em would have
    assert faces._encode(parsed) is None
    parsed.charWidths[0x4E00] = 2 ** 40  # beyond the arrays' ints
    assert faces._encode(parsed) is None


def test_an_unkept_face_is_the_face_parsed_and_nothing_is_written(face_file, own_cache, monkeypatch):
    monkeypatch.setattr(faces, "_encode", lambda face: None)
    parsed = TTFontFace(str(face_file))
    names = list(parsed.__dict__)
    assert _state(faces.load_face(face_file), names) == _state(parsed, names)
    assert not faces.cache_path(face_file).exists()


SUBSETS = [[0x20, 0x4E00, 0x5F90, 0x6C47, 0x3002], list(range(0x4E00, 0x4F00)), [0x41, 0x2CB5A, 0x9FA5]]


def _damage_subsets(folder: Path, how: str) -> None:
    for p in folder.iterdir():
        data = p.read_bytes()
        p.write_bytes(data[:-1] + bytes([data[-1] ^ 1]) if how == "flip" else data[: len(data) // 2])


@pytest.mark.parametrize("damage", [None, "flip", "cut"])
def test_a_subset_from_the_cache_is_the_subset_cut(face_file, own_cache, damage):
    parsed = TTFontFace(str(face_file))
    cut = [parsed.makeSubset(s) for s in SUBSETS]
    assert [faces.load_face(face_file).makeSubset(s) for s in SUBSETS] == cut  # cold
    assert len(list((own_cache / "pdf-subsets").iterdir())) == len(SUBSETS)
    if damage:
        _damage_subsets(own_cache / "pdf-subsets", damage)
    warm = faces.load_face(face_file)
    assert [warm.makeSubset(s) for s in SUBSETS] == cut
    assert "glyphPos" not in warm.__dict__ or damage  # a kept subset needs no glyph table


def test_only_the_newest_subsets_are_kept(face_file, own_cache, monkeypatch):
    monkeypatch.setattr(faces, "SUBSETS_KEPT", 2)
    face = faces.load_face(face_file)
    for s in SUBSETS:
        face.makeSubset(s)
    assert len(list((own_cache / "pdf-subsets").iterdir())) == 2


def test_the_cache_key_holds_the_code_that_wrote_it(face_file, own_cache, monkeypatch):
    before = faces.cache_path(face_file)
    monkeypatch.setattr(faces, "_code_hash", lambda: "other code")
    assert faces.cache_path(face_file) != before


def test_a_font_around_a_loaded_face_is_what_reportlab_makes(face_file, own_cache):
    ours = faces.font_of(TTFont, "BriefkitSans", faces.load_face(face_file))
    theirs = TTFont("BriefkitSans", str(face_file))
    skip = {"face", "encoding", "state"}
    assert ours.__dict__.keys() == theirs.__dict__.keys()
    assert {k: v for k, v in ours.__dict__.items() if k not in skip} == \
           {k: v for k, v in theirs.__dict__.items() if k not in skip}
    assert type(ours.encoding) is type(theirs.encoding)


_RENDER = """
import sys
from pathlib import Path
from docsample import sample_document
from briefkit.render import pdf
tmp = Path(sys.argv[1])
pdf.render(sample_document(tmp), tmp / "out.pdf")
"""


def test_pdf_bytes_are_the_same_cold_warm_and_after_an_older_cache(tmp_path):
    env = dict(os.environ, BRIEFKIT_CACHE=str(tmp_path / "cache"),
               PYTHONPATH=os.pathsep.join([str(Path(__file__).parents[2])] + sys.path))
    outs = []
    for run in ("cold", "warm", "older", "damaged"):
        if run == "older":  # what another version of this module left: another key, a stale file
            for n, p in enumerate((tmp_path / "cache" / "pdf-faces").iterdir()):
                p.rename(p.with_name(f"Briefkit{n}-0000000000000000.face"))
        if run == "damaged":  # subsets cut short or changed on disk: cut again
            _damage_subsets(tmp_path / "cache" / "pdf-subsets", "flip")
        work = tmp_path / run
        work.mkdir()
        subprocess.run([sys.executable, "-c", _RENDER, str(work)], check=True, env=env)
        outs.append((work / "out.pdf").read_bytes())
    assert outs[0] == outs[1] == outs[2] == outs[3]
