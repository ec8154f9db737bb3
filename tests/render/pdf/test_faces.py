"""Parsed faces cached on disk: the face restored is the face parsed, and PDFs do not change."""

from __future__ import annotations

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


def _state(face) -> dict:
    state = {k: v for k, v in face.__dict__.items() if k != "_pdfScale"}
    state["scaled"] = [face._pdfScale(x) for x in (0, 1, 333, 1000, 2048)]
    return state


def test_a_face_from_the_cache_equals_the_face_parsed(face_file, own_cache):
    parsed = TTFontFace(str(face_file))
    cold = faces.load_face(face_file)
    assert faces.cache_path(face_file).exists()
    warm = faces.load_face(face_file)
    assert _state(cold) == _state(parsed) == _state(warm)


@pytest.mark.parametrize("left", [b"", b"not a pickle", b"\x80\x05N."])  # empty, garbage, None
def test_a_damaged_cache_file_is_parsed_again_and_replaced(face_file, own_cache, left):
    path = faces.cache_path(face_file)
    path.parent.mkdir(parents=True)
    path.write_bytes(left)
    assert _state(faces.load_face(face_file)) == _state(TTFontFace(str(face_file)))
    assert path.read_bytes() != left


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
    for run in ("cold", "warm", "older"):
        if run == "older":  # what another version of this module left: another key, a stale file
            for p in (tmp_path / "cache" / "pdf-faces").iterdir():
                p.rename(p.with_name("Briefkit-0000000000000000.pickle"))
        work = tmp_path / run
        work.mkdir()
        subprocess.run([sys.executable, "-c", _RENDER, str(work)], check=True, env=env)
        outs.append((work / "out.pdf").read_bytes())
    assert outs[0] == outs[1] == outs[2]
