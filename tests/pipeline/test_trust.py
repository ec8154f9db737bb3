"""Trustworthy output: atomic writes, no silent tofu, text stays text, bad input never a traceback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefkit.pipeline import build as b
from briefkit.cli import main
from briefkit.errors import BriefkitError
from conftest import GOOD, write
from projects import BRIEF, mini, texts

def test_failed_build_leaves_previous_outputs_untouched_and_no_temp_files(tmp_path):
    root = mini(tmp_path / "p")
    out = tmp_path / "out"
    b.build(root, "soe", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (root / "templates/soe/ch.md").write_text("{{ fact('economy.nope') }}\n", encoding="utf-8")
    with pytest.raises(BriefkitError):
        b.build(root, "soe", out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_renderer_failure_midway_leaves_no_temp_files_and_old_outputs(tmp_path, monkeypatch):
    root = mini(tmp_path / "p")
    out = tmp_path / "out"
    b.build(root, "soe", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(doc, path):
        Path(path).write_bytes(b"half a file")
        raise KeyboardInterrupt  # as if Ctrl-C arrived while the DOCX was being written

    monkeypatch.setattr(b.renderer("docx"), "render", boom)
    with pytest.raises(KeyboardInterrupt):
        b.build(root, "soe", out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_interrupted_build_process_leaves_no_partial_files(tmp_path):
    root = mini(tmp_path / "p")
    out = tmp_path / "out"
    b.build(root, "soe", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = subprocess.Popen([sys.executable, "-m", "briefkit", "--project", str(root), "build", "soe",
                             "--out", str(out), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.6)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    names = {p.name for p in out.iterdir()}
    assert not [n for n in names if n.endswith(".tmp")]
    for name in ("soe.pdf", "soe.docx"):
        data = (out / name).read_bytes()
        assert data == before[name] or proc.returncode == 0  # old file, or a whole new one
        assert data[:4] in (b"%PDF", b"PK\x03\x04")


def test_two_builds_at_once_into_one_folder_give_whole_files(tmp_path):
    root = mini(tmp_path / "p")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "briefkit", "--project", str(root), "build", "soe", "--out", str(out), "-q"]
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    from pypdf import PdfReader

    assert len(PdfReader(str(out / "soe.pdf")).pages) >= 2
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_character_the_fonts_lack_fails_with_its_code_point_and_place(tmp_path, capsys):
    root = mini(tmp_path / "p", chapter="# 概况\n\n正文里有一个表情😀。\n")
    assert main(["--project", str(root), "build", "soe", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert ("templates/soe/ch.md:3:9: error: the fonts cannot draw “😀” (U+1F600 GRINNING FACE)\n"
            "  hint: replace it with a character the fonts have, or remove it") in err
    assert not (tmp_path / "out" / "soe.pdf").exists()


def test_a_fact_label_the_fonts_cannot_draw_is_traced_to_the_fact(tmp_path, capsys):
    facts = GOOD.replace("label: 区级财政收入", "label: 区级财政收入𓀀")
    root = mini(tmp_path / "p", chapter="{{ label('economy.fiscal_revenue') }}\n", facts=facts)
    assert main(["--project", str(root), "build", "soe", "--out", str(tmp_path / "out")]) == 1
    assert "facts/economy.yaml:3:12: error: the fonts cannot draw “𓀀” (U+13000 EGYPTIAN HIEROGLYPH A001)" in capsys.readouterr().err


def test_markup_characters_come_out_verbatim_in_both_formats(tmp_path):
    nasty = "A&B <b>加粗</b> \"引号\" 'x' &amp; <br/>"
    facts = GOOD.replace("label: 区级财政收入", "label: '" + nasty.replace("'", "''") + "'")
    chapter = "{{ label('economy.fiscal_revenue') }}\n\n正文 <i>不是标签</i> & 符号\n"
    root = mini(tmp_path / "p", chapter=chapter, facts=facts)
    b.build(root, "soe", tmp_path / "out")
    pdf, docx_text = texts(tmp_path / "out")
    for text in (nasty, "正文 <i>不是标签</i> & 符号"):
        assert text in docx_text
        assert re.sub(r"\s", "", text) in re.sub(r"\s", "", pdf)


@pytest.mark.parametrize("bad, expected", [
    ("\ufeff" + BRIEF, None),  # a BOM is fine
    (BRIEF.replace("date: 2024-03-29", "date: 29/03/2024"),
     "briefs/soe.yaml:5:7: error: date '29/03/2024' is not a date\n  hint: write e.g. date: 2026-11-22"),
    (BRIEF.replace("chapters:", "chapter:"),
     "briefs/soe.yaml:6:1: error: unknown key 'chapter' in the brief\n  hint: did you mean 'chapters'?"),
    (BRIEF + "theme:\n  accent: #123456\n",
     "briefs/soe.yaml:9:11: error: accent: '#123456' is read as a comment, not as a colour — "
     "in YAML, # starts a comment\n"
     "  hint: quote the colour: accent: \"#123456\""),
    (BRIEF.replace("  - ch", "  - chh"),
     "briefs/soe.yaml:7:5: error: no template for chapter 'chh' in templates/soe/ or templates/shared/\n"
     "  hint: did you mean 'ch'?"),
    (BRIEF + "citations: clause\n",
     "briefs/soe.yaml:8:12: error: citations must be sentence or paragraph, got 'clause'\n"
     "  hint: sentence: each source is cited once per sentence (the default); paragraph: once per paragraph"),
    (BRIEF + "citations: paragraph\n", None),
    ("title: [unclosed\n",
     "briefs/soe.yaml:2:1: error: invalid YAML: did not find expected ',' or ']'"),
])
def test_brief_mistakes_are_reported_without_traceback(tmp_path, capsys, bad, expected):
    root = mini(tmp_path / "p")
    (root / "briefs/soe.yaml").write_text(bad, encoding="utf-8")
    code = main(["--project", str(root), "build", "soe", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if expected is None:
        assert code == 0, err
    else:
        assert code == 1 and expected in err, err


# ---- property-based: arbitrary Unicode in facts either builds and round-trips, or fails clearly ----

_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=_text, value=st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True), _text))
def test_arbitrary_fact_text_builds_and_round_trips_or_fails_clearly(tmp_path_factory, label, value):
    import yaml

    root = tmp_path_factory.mktemp("h")
    fact = {"id": "economy.fiscal_revenue", "label": label, "value": value, "unit": "亿元",
            "as_of": "2023", "source": "paper", "quote": "区级财政收入达250亿元"}
    facts = yaml.safe_dump({"facts": [fact]}, allow_unicode=True)
    mini(root, chapter="{{ label('economy.fiscal_revenue') }}：{{ fact('economy.fiscal_revenue') }}\n",
         facts=facts)
    try:
        result = b.build(root, "soe", root / "out")
    except BriefkitError as e:
        assert e.problems and all(p.message for p in e.problems)
        return
    pdf, docx_text = texts(root / "out")
    printed = result.document.blocks[2].inlines[0].text  # contents, page break, first paragraph
    assert printed.replace("\n", "") in docx_text.replace("\n", "")
    assert re.sub(r"\s", "", printed)[:10] in re.sub(r"\s", "", pdf)


def test_rendering_formats_in_parallel_gives_the_same_bytes(tmp_path):
    root = mini(tmp_path / "p")
    serial = b.build(root, "soe", tmp_path / "s")
    parallel = b.build(root, "soe", tmp_path / "par", parallel=True)
    for a, c in zip(serial.outputs, parallel.outputs):
        assert (a.format, a.sha256, a.pages) == (c.format, c.sha256, c.pages)
