"""Issue 15's faults with real processes: a killed build's temp files, Ctrl-C, a closed pipe."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from projects import mini

from briefkit.cli import main
from briefkit.files import remove_stale_temps

WRITER = """\
import os, sys, time
from pathlib import Path
from briefkit.files import atomic_path
with atomic_path(Path(sys.argv[1])) as tmp:
    tmp.write_bytes(b"half a docx")
    print("written", flush=True)
    time.sleep(600)
"""


def _writer(target: Path) -> subprocess.Popen:
    """Start a process that leaves its temp file beside `target` and waits."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE)
    assert proc.stdout.readline() == b"written\n"
    return proc


def test_a_killed_builds_temp_file_is_removed_and_a_live_ones_is_kept(tmp_path, capsys):
    root, out = mini(tmp_path / "p"), tmp_path / "out"
    out.mkdir()
    dead, live = _writer(out / "soe.docx"), _writer(out / "soe.pdf")
    try:
        dead.send_signal(signal.SIGKILL)
        dead.wait(timeout=30)
        dead_tmp, live_tmp = out / f".soe.docx.{dead.pid}.tmp", out / f".soe.pdf.{live.pid}.tmp"
        assert dead_tmp.exists() and live_tmp.exists()  # SIGKILL leaves it: nothing can clean up
        assert main(["--project", str(root), "build", "soe", "--out", str(out), "-q"]) == 0
        assert not dead_tmp.exists()
        assert live_tmp.read_bytes() == b"half a docx"  # a running process's file is not touched
    finally:
        live.kill()
        live.wait(timeout=30)


def test_stale_temps_of_every_atomic_path_pattern_go_and_others_stay(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=30)
    names = [f".soe.pdf.{proc.pid}.tmp", f".chart.{proc.pid}.tmp.png", f".manifest.json.{proc.pid}.tmp",
             f".soe.pdf.{os.getpid()}.tmp", "soe.pdf", ".hidden", f"soe.{proc.pid}.tmp"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = sorted(p.name for p in remove_stale_temps(tmp_path))
    assert removed == sorted(names[:3])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[3:])


def test_ctrl_c_during_a_build_prints_no_traceback_from_the_worker(tmp_path):
    root, out = mini(tmp_path / "p"), tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "briefkit", "--project", str(root), "build", "soe",
                             "--out", str(out), "-q"], stderr=subprocess.PIPE, start_new_session=True)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    for _ in range(600):  # until the DOCX worker is forked (bounded: 60 s)
        if proc.poll() is not None or (children.exists() and children.read_text().strip()):
            break
        time.sleep(0.1)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    err = proc.communicate(timeout=120)[1].decode()
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert proc.returncode == 0 or err.strip().endswith("briefkit: interrupted; nothing written."), err
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")] if out.exists() else True


def test_a_pipe_closed_early_ends_quietly(tmp_path):
    root = mini(tmp_path / "p")
    many = "facts:\n" + "".join(
        f"  - id: economy.n{i}\n    label: 区级财政收入{i}\n    value: 250\n    unit: 亿元\n    as_of: 2023\n"
        f"    source: paper\n    quote: 区级财政收入达250亿元\n" for i in range(3000))
    (root / "facts" / "many.yaml").write_text(many.replace("economy.", "many."), encoding="utf-8")
    cmd = f"{sys.executable} -m briefkit --project {root} facts list | head -1"
    res = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, timeout=120)
    assert res.stderr.decode() == "" and len(res.stdout.splitlines()) == 1
    assert res.returncode == 0


def test_ctrl_c_while_the_command_line_loads_ends_quietly():
    # A finder that raises KeyboardInterrupt as Ctrl-C would, while briefkit.cli.main is imported.
    code = ("import sys\n"
            "class Stop:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'briefkit.cli.main': raise KeyboardInterrupt\n"
            "sys.meta_path.insert(0, Stop())\n"
            "from briefkit.cli import main\n"
            "sys.exit(main(['--help']))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (res.returncode, res.stderr) == (130, "briefkit: interrupted; nothing written.\n")


def test_ctrl_c_while_the_arguments_are_read_ends_quietly(monkeypatch, capsys):
    import importlib

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module("briefkit.cli.main"), "parser", interrupted)
    assert main(["check"]) == 130
    assert capsys.readouterr().err == "briefkit: interrupted; nothing written.\n"
