"""out/manifest.json: what every pack in out/ is, what it used, and its files with their hashes."""

from __future__ import annotations

import datetime as dt
import json
import os
from contextlib import contextmanager
from pathlib import Path

from .. import __version__
from ..compose import created_time
from ..facts.model import FactBase
from ..files import SHANGHAI, atomic_write
from .result import BuildResult


@contextmanager
def _locked(path: Path):
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(".manifest.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def record(out_dir: Path, result: BuildResult, base: FactBase) -> None:
    """Add or replace the brief's entry in out/manifest.json (atomically, under a lock)."""
    path = out_dir / "manifest.json"
    b = result.brief
    entry = {
        "brief": b.name, "kind": b.kind, "title": b.title, "subtitle": b.subtitle, "audience": b.audience,
        "audience_label": b.audience_label, "date": b.date.isoformat(),
        "data_as_of": result.data_as_of,
        "download_name": b.download_name or f"{b.title}-{b.audience_label or b.name}",
        "built_at": dt.datetime.now(SHANGHAI).isoformat(timespec="seconds")
        if "SOURCE_DATE_EPOCH" not in os.environ else created_time(b).isoformat(),
        "briefkit_version": __version__,
        "facts": result.facts_used,
        "sources": [{"id": s, "file": base.sources[s].file, "publisher": base.sources[s].publisher,
                     "title": base.sources[s].title} for s in result.sources_used],
        "outputs": [{"format": o.format, "file": o.path.name, "size": o.size, "sha256": o.sha256,
                     "pages": o.pages} for o in result.outputs],
    }
    with _locked(path):
        data = {"briefkit_version": __version__, "packs": []}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                pass
        packs = [p for p in data.get("packs", []) if p.get("brief") != b.name]
        packs.append(entry)
        packs.sort(key=lambda p: p["brief"])
        data = {"briefkit_version": __version__, "packs": packs}
        atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2))
