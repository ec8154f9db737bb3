"""--resume: an interrupted or changed batch builds only the packs whose inputs or files changed,
and ends with the same report, zip and download page as a full run."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefkit.cli import main
from briefkit.pipeline import invitations as inv
from briefkit.pipeline.invitations.resume import State, state_path
from conftest import REPO, write
from projects import mini

HEADER = "name,short_name,sector,contact,title\n"
ROWS = ["中国电子信息产业集团有限公司,中国电子,电子信息,,", "中国能源建设集团有限公司,中国能建,能源,,",
        "中国五矿集团有限公司,中国五矿,矿产材料,,", "中国医药集团有限公司,国药集团,医药健康,,",
        "中国石油天然气集团有限公司,中国石油,能源,,", "中国煤炭科工集团有限公司,中国煤科,矿产材料,,"]
EPOCH = "1764633600"  # the batch's time stamps (built_at, zip entries) the same in every run


def _recipients(path: Path, rows=ROWS) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file of a batch and the download page, by name (the resume record is not there)."""
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "soe").iterdir()}
    files["manifest.json"] = (out / "manifest.json").read_bytes()
    files["index.html"] = (out / "index.html").read_bytes()
    return files


def _batch(root: Path, recipients: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "briefkit", "--project", str(root), "build", "soe",
            "--recipients", str(recipients), "--out", str(out), "--jobs", "1", *extra]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_a_batch_stopped_midway_and_resumed_writes_the_bytes_of_a_full_run(tmp_path, monkeypatch, how):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = mini(tmp_path / "p")
    recipients = _recipients(tmp_path / "r.csv")
    full, stopped = tmp_path / "full", tmp_path / "stopped"
    subprocess.run(_batch(root, recipients, full, "-q"), check=True)
    subprocess.run([sys.executable, "-m", "briefkit", "--project", str(root), "site", "--out", str(full)],
                   check=True, stdout=subprocess.DEVNULL)

    proc = subprocess.Popen(_batch(root, recipients, stopped, "-q"), start_new_session=True,
                            stderr=subprocess.DEVNULL)
    record = state_path(stopped / "soe")
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if record.exists() and State(record, {}).packs:  # one pack built and recorded
            os.killpg(proc.pid, how)
            break
        time.sleep(0.01)
    proc.wait(timeout=120)
    assert proc.returncode != 0, "the batch ended before it could be stopped"
    assert not (stopped / "soe" / "report.csv").exists()

    done = subprocess.run(_batch(root, recipients, stopped, "--resume"), capture_output=True,
                          text=True, check=True)
    said = done.stdout.splitlines()
    kept = int(said[0].split()[2])
    assert said[0] == (f"resume: kept {kept} pack{'s' if kept != 1 else ''} built earlier from the "
                       f"same inputs; built {len(ROWS) - kept}:") and 1 <= kept < len(ROWS), said
    assert said[1].startswith("  not built by an earlier run"), said
    subprocess.run([sys.executable, "-m", "briefkit", "--project", str(root), "site", "--out", str(stopped)],
                   check=True, stdout=subprocess.DEVNULL)
    assert _outputs(stopped) == _outputs(full)


def _run(root, recipients, out, **kw):
    return inv.run(root, "soe", recipients, out, jobs=1, formats=["pdf"], progress=False, **kw)


def test_a_changed_recipient_row_rebuilds_only_that_pack(tmp_path):
    root = mini(tmp_path / "p")
    recipients = _recipients(tmp_path / "r.csv", ROWS[:3])
    first = _run(root, recipients, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out" / "soe").glob("*.pdf")}
    _recipients(recipients, [ROWS[0], ROWS[1].replace("能源,,", "能源,张三,总经理"), ROWS[2]])
    again = _run(root, recipients, tmp_path / "out", resume=True)
    assert [(r.slug, r.kept, r.why) for r in again.results] == [
        ("中国电子", True, ""), ("中国能建", False, "its recipient row changed"), ("中国五矿", True, "")]
    after = {p.name: p.read_bytes() for p in (tmp_path / "out" / "soe").glob("*.pdf")}
    assert after["中国能建.pdf"] != before["中国能建.pdf"]
    assert {k: v for k, v in after.items() if k != "中国能建.pdf"} == {
        k: v for k, v in before.items() if k != "中国能建.pdf"}
    assert [r.pages for r in again.results] == [r.pages for r in first.results]


def test_a_deleted_or_edited_output_is_built_again_and_comes_back_the_same(tmp_path, capsys):
    root = mini(tmp_path / "p")
    recipients = _recipients(tmp_path / "r.csv", ROWS[:3])
    out = tmp_path / "out"
    args = ["--project", str(root), "build", "soe", "--recipients", str(recipients), "--out", str(out),
            "--format", "pdf", "--jobs", "1"]
    assert main(args) == 0
    packs = out / "soe"
    built = {p.name: p.read_bytes() for p in packs.iterdir()}
    (packs / "中国电子.pdf").unlink()
    (packs / "中国五矿.pdf").write_bytes(built["中国五矿.pdf"][:-10])  # e.g. a half-copied file
    capsys.readouterr()
    assert main(args + ["--resume"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[:3] == ["resume: kept 1 pack built earlier from the same inputs; built 2:",
                        "  中国电子.pdf is missing (1): 中国电子",
                        "  中国五矿.pdf was changed after it was built (1): 中国五矿"]
    assert {p.name: p.read_bytes() for p in packs.iterdir()} == built


def test_changed_shared_inputs_rebuild_every_pack_and_say_which(tmp_path):
    root = mini(tmp_path / "p")
    recipients = _recipients(tmp_path / "r.csv", ROWS[:2])
    out = tmp_path / "out"
    _run(root, recipients, out)
    same = _run(root, recipients, out, resume=True)
    assert [r.kept for r in same.results] == [True, True] and same.kept == same.results
    _recipients(tmp_path / "other.csv", ROWS[2:])  # another recipients list beside it: not an input
    write(root, {"briefs/recipients/more.csv": HEADER + ROWS[3] + "\n"})
    assert all(r.kept for r in _run(root, recipients, out, resume=True).results)
    chapter = root / "templates" / "soe" / "ch.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n新增一句。\n", encoding="utf-8")
    edited = _run(root, recipients, out, resume=True)
    assert [(r.kept, r.why) for r in edited.results] == [(False, "the templates changed")] * 2
    docx_too = inv.run(root, "soe", recipients, out, jobs=1, progress=False, resume=True)
    assert [(r.kept, r.why) for r in docx_too.results] == [(False, "the formats or options changed")] * 2


def test_without_resume_every_pack_is_built_and_a_damaged_record_only_costs_a_rebuild(tmp_path):
    root = mini(tmp_path / "p")
    recipients = _recipients(tmp_path / "r.csv", ROWS[:2])
    out = tmp_path / "out"
    _run(root, recipients, out)
    assert not any(r.kept for r in _run(root, recipients, out).results)
    state_path(out / "soe").write_text("{not json", encoding="utf-8")
    again = _run(root, recipients, out, resume=True)
    assert [(r.kept, r.why) for r in again.results] == [(False, "not built by an earlier run")] * 2
    assert all(r.kept for r in _run(root, recipients, out, resume=True).results)


def test_a_batch_pack_has_the_bytes_of_its_own_single_build(tmp_path):
    """The batch (forked workers, a few packs a task, the fact base sent once) writes what a
    build of that one recipient writes."""
    from briefkit.pipeline.build import build

    rows = [{"name": "中国能源建设集团有限公司", "short_name": "中国能建", "sector": "能源"},
            {"name": "中国石油天然气集团有限公司", "short_name": "中国石油", "sector": "能源"},
            {"name": "中国医药集团有限公司", "short_name": "国药集团", "sector": "医药健康"}]
    result = inv.run(REPO, "soe", rows, tmp_path / "batch", jobs=2, progress=False)
    for r, row in zip(result.results, rows):
        single = build(REPO, "soe", tmp_path / "single", recipient=r.recipient.variables(),
                       stem=r.slug, extra_chapters=[(f"sectors/{r.sector}", None)])
        for o in single.outputs:
            assert o.path.read_bytes() == (tmp_path / "batch" / "soe" / o.path.name).read_bytes(), o.path.name
