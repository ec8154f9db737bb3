"""A PDF render process forked when `briefkit build` starts, so the PDF renderer is ready when the
document is.

Why: a whole build is one short process on 2 cores. Importing reportlab and loading the two CJK
faces (≈40 % of the PDF's time) does not depend on the document, so the worker does it on the
second core while this process loads the facts and composes; the document is then handed over a
pipe (pickled: ≈30 KB) and laid out there, while this process writes the DOCX beside it. The PDF
is the same bytes as one rendered here: the same renderer gets the same document.

Where fork is missing (Windows) or there is one core, start() returns None and the build renders
in its own process as before.
"""

from __future__ import annotations

import os
import pickle
import signal
import time
from pathlib import Path

from .. import doc as d


class PdfWorker:
    """A forked process that has imported the PDF renderer and renders the documents it is sent."""

    def __init__(self):
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            os.close(self._to_child)
            os.close(self._from_child)
            _serve(os.fdopen(to_child_r, "rb"), os.fdopen(from_child_w, "wb"))
        os.close(to_child_r)  # each end lives in one process only: a closed writer is seen as EOF
        os.close(from_child_w)
        self.pid = pid
        self._send = os.fdopen(self._to_child, "wb")
        self._recv = os.fdopen(self._from_child, "rb")
        self._busy = True  # importing: it reads its first request only once it is ready

    def submit(self, document: d.Document, path: Path) -> None:
        """Start rendering `document` as a PDF into `path` (returns at once)."""
        self._busy = True
        try:
            self._send.write(pickle.dumps((document, str(path)), protocol=pickle.HIGHEST_PROTOCOL))
            self._send.flush()
        except OSError:  # the worker has gone (killed from outside): not a closed stdout
            self.close(kill=True)
            raise RuntimeError("the PDF worker ended before it got the document") from None

    def result(self) -> tuple[int, dict, float]:
        """Wait for the PDF submitted last; return (page count, anchor → page, seconds), or raise
        the renderer's error."""
        try:
            status, value = pickle.load(self._recv)
        except EOFError:
            self.close(kill=True)
            raise RuntimeError("the PDF worker ended without a result") from None
        self._busy = False
        if status == "error":
            raise value
        return value

    @property
    def ready(self) -> bool:
        """Whether the worker can take a document (it was not ended by a failed build)."""
        return self.pid is not None

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


def start() -> PdfWorker | None:
    """Fork a PDF worker where fork and a second core exist; else return None."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    return PdfWorker()


def _serve(requests, replies) -> None:
    """The worker's life: get ready, then render every document sent until the pipe closes."""
    code = 0
    try:
        signal.signal(signal.SIGINT, lambda *_: os._exit(130))  # Ctrl-C: the parent reports it
        import importlib

        pdf = importlib.import_module("briefkit.render.pdf")  # as build.renderer, without compose
        pdf.warm()
        while True:
            try:
                document, path = pickle.load(requests)
            except EOFError:
                break
            start = time.perf_counter()
            try:
                record = d.LayoutRecord()
                pages = pdf.render(document, Path(path), record)
                reply = ("ok", (pages, dict(record.anchor_pages), time.perf_counter() - start))
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
