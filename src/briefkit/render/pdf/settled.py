"""The page numbers a document settled on, kept by the document's content, so that rendering the
same document again takes one layout pass instead of two.

Why: the contents and the footer's page total are only known once the whole pack is laid out,
so the first multiBuild pass only measures (page.Template.dry) and the second draws: two full
layouts of every paragraph. A rebuild of an unchanged pack (`briefkit watch` saving a file as it
was, a second `make brief`) would find the same numbers again. They are kept under the hash of
everything the layout depends on (the document, the PDF renderer's, typography's and the document
tree's code, reportlab, the fonts); a pass started from them draws at once and, finding the same
numbers, is the last. Numbers that do not come out again (a damaged file) only cost the second
pass the build would have run anyway: the pass that is written is always one whose numbers were
found in a pass before it or in itself, so the bytes are those of a build without this cache.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from ... import doc as d
from ... import fonts
from ...files import cache_dir, cache_write, code_key
from .. import layout_code

KEEP = 64  # newest documents' numbers kept


def _code_key() -> str:
    return code_key(layout_code())


def key(document: d.Document) -> str:
    """Return the hash of everything the layout of `document` depends on."""
    h = hashlib.sha256(_code_key().encode())
    for role in fonts.ROLES:
        h.update(f"{fonts.prepared_path(role).name}\0".encode())
    if d.chrome.lang_of(document.meta.language) == "en":
        for face in fonts.LATIN:
            path = fonts.latin_path(face)
            h.update(f"{path}|{path.stat().st_size}\0".encode())
    h.update(pickle.dumps(document, protocol=4))
    return h.hexdigest()[:32]


def _path(name: str) -> Path:
    return cache_dir() / "pdf-settled" / f"{name}.json"


def load(name: str, n_tocs: int) -> tuple[list[list[tuple]], int] | None:
    """Return (each table of contents' entries, page total) kept under `name`, or None."""
    try:
        kept = json.loads(_path(name).read_text(encoding="utf-8"))
        tocs = [[(int(a), str(b), int(c), str(e)) for a, b, c, e in toc] for toc in kept["tocs"]]
        pages = int(kept["pages"])
    except (OSError, ValueError, KeyError, TypeError):  # absent, torn or of another shape
        return None
    return (tocs, pages) if len(tocs) == n_tocs and pages > 0 else None


def save(name: str, tocs: list[list[tuple]], pages: int) -> None:
    """Keep the numbers a layout settled on under `name` (atomically; best effort)."""
    path = _path(name)
    if not cache_write(path, json.dumps({"tocs": tocs, "pages": pages}, ensure_ascii=False)):
        return
    try:
        found = sorted(((p.stat().st_mtime_ns, p) for p in path.parent.glob("*.json")), reverse=True)
        for _, old in found[KEEP:]:
            old.unlink()
    except OSError:  # a read-only cache only costs the measuring pass next time
        pass
