"""The PDF worker forked at the start of `briefkit build`: same bytes, failures and Ctrl-C end it,
nothing half-written is left."""

from __future__ import annotations

import os
import signal

import pytest

from briefkit.errors import RenderError
from briefkit.pipeline import build as b
from briefkit.pipeline import worker as w
from projects import mini

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                                reason="the worker needs fork and 2 cores")


def gone(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG)[0] == pid  # it had ended: reaped now
    except ChildProcessError:  # reaped already: it no longer exists
        return True


@pytest.fixture
def worker():
    started = w.start()
    yield started
    started.close()


def test_pdf_rendered_in_the_worker_has_the_bytes_of_the_serial_build(tmp_path, worker):
    root = mini(tmp_path / "p")
    serial = b.build(root, "soe", tmp_path / "s")
    for n in range(2):  # the worker serves one build after another (`build --all`)
        again = b.build(root, "soe", tmp_path / f"w{n}", parallel=True, worker=worker)
        assert [(o.format, o.sha256, o.pages) for o in again.outputs] == \
               [(o.format, o.sha256, o.pages) for o in serial.outputs]
        assert again.document.pages == serial.document.pages
    assert worker.ready


def test_a_pdf_only_build_uses_the_worker(tmp_path, worker):
    root = mini(tmp_path / "p")
    serial = b.build(root, "soe", tmp_path / "s", formats=["pdf"])
    again = b.build(root, "soe", tmp_path / "w", formats=["pdf"], parallel=True, worker=worker)
    assert [o.sha256 for o in again.outputs] == [o.sha256 for o in serial.outputs]
    assert "pdf" in again.timings


def test_a_pdf_failing_in_the_worker_fails_the_build_and_writes_nothing(tmp_path, monkeypatch):
    root = mini(tmp_path / "p")

    def fail(*args, **kwargs):
        raise RenderError("pdf broke")

    monkeypatch.setattr(b.renderer("pdf"), "render", fail)  # before the fork: the worker has it
    worker = w.start()
    try:
        with pytest.raises(RenderError, match="pdf broke"):
            b.build(root, "soe", tmp_path / "out", parallel=True, worker=worker)
        assert not list((tmp_path / "out").iterdir())
        assert worker.ready  # it reported the error and waits for the next document
    finally:
        worker.close()


def test_a_docx_failing_here_stops_the_pdf_and_writes_nothing(tmp_path, monkeypatch, worker):
    root = mini(tmp_path / "p")
    pid = worker.pid

    def fail(*args, **kwargs):
        raise RenderError("docx broke")

    monkeypatch.setattr(b.renderer("docx"), "render", fail)
    with pytest.raises(RenderError, match="docx broke"):
        b.build(root, "soe", tmp_path / "out", parallel=True, worker=worker)
    assert not list((tmp_path / "out").iterdir())
    assert not worker.ready and gone(pid)  # killed while rendering: it writes nothing more


def test_a_worker_killed_from_outside_is_reported_not_hung(tmp_path, worker):
    root = mini(tmp_path / "p")
    os.kill(worker.pid, signal.SIGKILL)
    with pytest.raises(RuntimeError, match="PDF worker ended"):
        b.build(root, "soe", tmp_path / "out", parallel=True, worker=worker)
    assert not [p for p in (tmp_path / "out").iterdir()]


def test_an_unused_worker_ends_at_once():
    worker = w.start()
    pid = worker.pid
    worker.close()  # still importing reportlab: killed, not waited for
    assert gone(pid) and not worker.ready
    worker.close()  # twice is harmless
