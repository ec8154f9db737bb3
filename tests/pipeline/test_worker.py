"""The PDF and DOCX workers forked at the start of `briefkit build`: same bytes, failures and
Ctrl-C end them, nothing half-written is left."""

from __future__ import annotations

import os
import signal

import pytest

from briefkit.errors import RenderError
from briefkit.pipeline import build as b
from briefkit.pipeline import worker as w
from projects import mini

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                                reason="the workers need fork and 2 cores")


def gone(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG)[0] == pid  # it had ended: reaped now
    except ChildProcessError:  # reaped already: it no longer exists
        return True


def outputs(result):
    return [(o.format, o.sha256, o.pages) for o in result.outputs]


@pytest.fixture
def workers():
    started = w.start()
    yield started
    started.close()


def test_packs_rendered_in_the_workers_have_the_bytes_of_the_serial_build(tmp_path, workers):
    root = mini(tmp_path / "p")
    serial = b.build(root, "soe", tmp_path / "s")
    for n in range(2):  # the workers serve one build after another (`build --all`)
        again = b.build(root, "soe", tmp_path / f"w{n}", parallel=True, worker=workers)
        assert outputs(again) == outputs(serial)
        assert again.document.pages == serial.document.pages
        assert {"pdf", "docx"} <= set(again.timings)
    assert workers.pdf.ready and workers.docx.ready


@pytest.mark.parametrize("formats", [["pdf"], ["docx", "pdf"]])
def test_other_format_lists_use_the_workers_too(tmp_path, workers, formats):
    root = mini(tmp_path / "p")
    serial = b.build(root, "soe", tmp_path / "s", formats=formats)
    again = b.build(root, "soe", tmp_path / "w", formats=formats, parallel=True, worker=workers)
    assert outputs(again) == outputs(serial)


def test_a_large_document_is_handed_over_whole(tmp_path, workers):
    chapter = "# 概况\n\n" + "".join(f"第{i}段：{{{{ dated('economy.fiscal_revenue') }}}}。\n\n"
                                    for i in range(1500))
    root = mini(tmp_path / "p", chapter=chapter)  # pickled: well over a pipe's 64 KB
    serial = b.build(root, "soe", tmp_path / "s")
    assert outputs(b.build(root, "soe", tmp_path / "w", parallel=True, worker=workers)) == outputs(serial)


@pytest.mark.parametrize("broken", ["pdf", "docx"])
def test_a_format_failing_in_its_worker_fails_the_build_and_writes_nothing(tmp_path, monkeypatch,
                                                                             broken):
    root = mini(tmp_path / "p")

    def fail(*args, **kwargs):
        raise RenderError(f"{broken} broke")

    monkeypatch.setattr(b.renderer(broken), "render", fail)  # before the fork: the worker has it
    workers = w.start()
    try:
        docx_pid = workers.docx.pid
        with pytest.raises(RenderError, match=f"{broken} broke"):
            b.build(root, "soe", tmp_path / "out", parallel=True, worker=workers)
        assert not list((tmp_path / "out").iterdir())
        assert getattr(workers, broken).ready  # it reported the error and waits for the next one
        if broken == "pdf":  # the DOCX was waiting for the PDF's pages: stopped
            assert not workers.docx.ready and gone(docx_pid)
    finally:
        workers.close()


@pytest.mark.parametrize("killed", ["pdf", "docx"])
def test_a_worker_killed_from_outside_is_reported_not_hung(tmp_path, workers, killed):
    root = mini(tmp_path / "p")
    os.kill(getattr(workers, killed).pid, signal.SIGKILL)
    with pytest.raises(RuntimeError, match=f"{killed.upper()} worker ended"):
        b.build(root, "soe", tmp_path / "out", parallel=True, worker=workers)
    assert not list((tmp_path / "out").iterdir())


def test_unused_workers_end_at_once():
    workers = w.start()
    pids = [workers.pdf.pid, workers.docx.pid]
    workers.close()  # still importing: killed, not waited for
    assert all(gone(pid) for pid in pids) and not workers.pdf.ready and not workers.docx.ready
    workers.close()  # twice is harmless


def test_a_later_worker_does_not_keep_an_earlier_ones_pipe_open(tmp_path):
    workers = w.start()
    root = mini(tmp_path / "p")
    b.build(root, "soe", tmp_path / "out", parallel=True, worker=workers)  # both idle now
    pid = workers.pdf.pid
    workers.pdf.close()  # idle: it must see EOF and leave, though the DOCX worker still runs
    assert gone(pid)
    workers.close()
