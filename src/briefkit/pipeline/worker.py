"""Render processes forked when `briefkit build` starts, so each renderer is ready when the
document is.

Why: a whole build is one short process on 2 cores. Importing reportlab and loading the two CJK
faces (≈40 % of the PDF's time), and importing python-docx (≈a third of the DOCX's), do not
depend on the document, so two workers do it while this process loads the facts and composes;
the document is then handed over a pipe (pickled: ≈30 KB) and both formats are written at once.
The DOCX's table of contents gets the PDF's pages at the end (docx.render's pages_later), relayed
by this process. Each file is the same bytes as one rendered here: the same renderer gets the
same document.

Where fork is missing (Windows) or there is one core, start() returns None and the build renders
in its own process as before.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
import time
from pathlib import Path

from .. import doc as d

FORMATS = ("pdf", "docx")  # one worker each
_LIVE: list["Worker"] = []  # this process's workers: a worker forked later closes their pipes


class Worker:
    """A forked process that has imported one format's renderer and renders the documents it is
    sent."""

    def __init__(self, fmt: str):
        self.fmt = fmt
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        _widen(to_child_w)  # a document bigger than a pipe's 64 KB must not wait for the import
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            os.close(to_child_w)
            os.close(from_child_r)
            for other in _LIVE:  # an earlier worker sees EOF only when this process lets go too
                for fd in other._fds:
                    os.close(fd)
            _serve(fmt, os.fdopen(to_child_r, "rb"), os.fdopen(from_child_w, "wb"))
        os.close(to_child_r)  # each end lives in one process only: a closed writer is seen as EOF
        os.close(from_child_w)
        self.pid = pid
        self._fds = (to_child_w, from_child_r)
        self._send = os.fdopen(to_child_w, "wb")
        self._recv = os.fdopen(from_child_r, "rb")
        self._busy = True  # importing: it reads its first request only once it is ready
        _LIVE.append(self)

    @property
    def ready(self) -> bool:
        """Whether the worker can take a document (it was not ended by a failed build)."""
        return self.pid is not None

    def submit(self, document: d.Document, path: Path) -> None:
        """Start rendering `document` into `path` (returns at once)."""
        self._busy = True
        self._write(("render", document, str(path)))

    def send_pages(self, pages: dict) -> None:
        """Give the render submitted last the PDF's page of every anchor (its pages_later)."""
        self._write(("pages", pages))

    def _write(self, message) -> None:
        try:
            self._send.write(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
            self._send.flush()
        except OSError:  # the worker has gone (killed from outside): not a closed stdout
            self.close(kill=True)
            raise RuntimeError(f"the {self.fmt.upper()} worker ended before it got the "
                               "document") from None

    def result(self) -> tuple:
        """Wait for the render submitted last; return (page count, anchor → page, seconds), or
        raise the renderer's error."""
        try:
            status, value = pickle.load(self._recv)
        except EOFError:
            self.close(kill=True)
            raise RuntimeError(f"the {self.fmt.upper()} worker ended without a result") from None
        self._busy = False
        if status == "error":
            raise value
        return value

    def abandon(self) -> None:
        """End the worker if it is still rendering (the build failed or was interrupted), so it
        writes nothing more; an idle worker stays for the next build."""
        if self.pid is not None and self._busy:
            self.close(kill=True)

    def close(self, kill: bool = False) -> None:
        """End the worker: at once if it is busy (an unused worker, a failed build), else let it
        see the closed pipe and leave."""
        if self.pid is None:
            return
        if kill or self._busy:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for f in (self._send, self._recv):
            try:
                f.close()
            except OSError:  # the worker is gone: nothing is left to flush to it
                pass
        os.waitpid(self.pid, 0)
        self.pid = None
        if self in _LIVE:
            _LIVE.remove(self)


def _widen(fd: int) -> None:
    """Let the pipe hold 1 MB where the system allows (Linux: F_SETPIPE_SZ)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):  # another system, or a lower limit: writes wait a little
        pass


class Workers:
    """The render workers of one command: `pdf` and `docx` (a Worker each)."""

    def __init__(self):
        self.pdf = Worker("pdf")
        self.docx = Worker("docx")

    def close(self) -> None:
        """End every worker."""
        for w in (self.pdf, self.docx):
            w.close()


def start() -> Workers | None:
    """Fork the render workers where fork and a second core exist; else return None."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    return Workers()


def _serve(fmt: str, requests, replies) -> None:
    """The worker's life: get ready, then render every document sent until the pipe closes."""
    code = 0
    try:
        signal.signal(signal.SIGINT, lambda *_: os._exit(130))  # Ctrl-C: the parent reports it
        renderer = importlib.import_module(f"briefkit.render.{fmt}")  # as build.renderer
        renderer.warm()

        def pages_later() -> dict:
            kind, pages = pickle.load(requests)  # EOFError: the parent gave up on this build
            return pages

        while True:
            try:
                message = pickle.load(requests)
            except EOFError:
                break
            if message[0] != "render":  # the pages of a render that failed before it asked
                continue
            _, document, path = message
            start = time.perf_counter()
            try:
                if fmt == "pdf":
                    record = d.LayoutRecord()
                    pages = renderer.render(document, Path(path), record)
                    value = (pages, dict(record.anchor_pages), time.perf_counter() - start)
                else:
                    pages = renderer.render(document, Path(path), pages_later=pages_later)
                    value = (pages, {}, time.perf_counter() - start)
                reply = ("ok", value)
            except Exception as e:  # noqa: BLE001 — handed to the parent, which raises it
                reply = ("error", e)
            try:
                data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # an exception that cannot be pickled: say what it was
                e = reply[1]
                data = pickle.dumps(("error", RuntimeError(f"{type(e).__name__}: {e}")))
            replies.write(data)
            replies.flush()
    except BaseException:  # noqa: BLE001 — the parent sees EOF and says the worker ended
        code = 1
    finally:
        os._exit(code)  # never run the parent's exit handlers or flush its buffers twice
