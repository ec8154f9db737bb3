"""Issue 15's corpus run through the real command line: every case gives its exact lines, its exit
code, no traceback, no internal error, and a refused build writes nothing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from corpus.cases import CASES
from corpus.expected import EXPECTED
from projects import mini

from briefkit.cli import main

_DROP = re.compile(r"^(\d+ errors?|\d+ warnings?|check ok: |built |正在准备|\d+ of \d+ packs in )")


def run_case(tmp_path: Path, capsys, files: dict, argv: tuple) -> tuple[int, list[str], Path]:
    """Write the project, run the command; return (exit code, printed lines normalised, out)."""
    root = mini(tmp_path / "p")
    out = tmp_path / "out"
    for rel, text in files.items():
        if rel == "@link":
            link, target = text
            (root / link).parent.mkdir(parents=True, exist_ok=True)
            if (root / link).exists():
                (root / link).unlink()
            (root / link).symlink_to(target.replace("{ROOT}", str(root)))
            continue
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):  # a file as another program saved it (GBK, UTF-16)
            (root / rel).write_bytes(text)
            continue
        (root / rel).write_text(text, encoding="utf-8")
    args = [a.replace("{OUT}", str(out)).replace("{ROOT}", str(root)) for a in argv]
    capsys.readouterr()
    code = main(["--project", str(root), *args])
    captured = capsys.readouterr()
    text = (captured.err + captured.out).replace(str(root), "{ROOT}").replace(str(out), "{OUT}")
    return code, normalise(text), out


def normalise(text: str) -> list[str]:
    """Drop what depends on the machine: summaries and timings."""
    return [line for line in text.splitlines() if not _DROP.match(line)]


@pytest.mark.parametrize("kind,case,files,argv,code", CASES, ids=[c[1] for c in CASES])
def test_bad_input_gives_its_exact_message(tmp_path, capsys, kind, case, files, argv, code):
    got_code, lines, out = run_case(tmp_path, capsys, files, argv)
    shown = "\n".join(lines)
    assert "Traceback" not in shown and "internal error" not in shown, shown
    assert (got_code, lines) == (code, EXPECTED[case]), shown
    if argv[0] == "build" and code != 0 and out.is_dir():
        # build --all builds the others: only the briefs it names as not built wrote nothing
        refused = next((line.removeprefix("not built: ").split(", ") for line in lines
                        if line.startswith("not built: ")), None)
        assert not [p for p in out.iterdir() if p.suffix in (".pdf", ".docx")
                    and (refused is None or p.stem in refused)], "a refused build wrote"


def test_every_case_has_its_expected_lines_and_the_corpus_covers_each_class():
    assert {c[1] for c in CASES} == set(EXPECTED)
    assert len(CASES) >= 100
    counts = {}
    for c in CASES:
        counts[c[0]] = counts.get(c[0], 0) + 1
    assert set(counts) == {"silent", "internal", "outside", "place", "bounded"}
