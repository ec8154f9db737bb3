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
from ..files import SHANGHAI, atomic_write, file_sha256
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
        "download_name": b.download_stem,
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
        data = _read(path)
        packs = [p for p in data.get("packs", []) if p.get("brief") != b.name]
        packs.append(entry)
        packs.sort(key=lambda p: p["brief"])
        _write(path, packs, data.get("batches"))


def record_batch(out_dir: Path, run) -> None:
    """Add or replace the brief's invitation batch in out/manifest.json (the "batches" list):
    when, how many, the zip, the report and every recipient's files, as paths in out/."""
    path = out_dir / "manifest.json"
    folder = run.out_dir.name

    def file_entry(p: Path) -> dict:
        st = p.stat()
        return {"file": f"{folder}/{p.name}", "size": st.st_size, "sha256": file_sha256(p)}

    entry = {
        "brief": run.brief, "title": run.title, "audience_label": run.audience_label,
        "date": run.date, "built_at": run.built_at, "folder": folder,
        # The file's name only, not where it is on this machine: out/ may be published.
        "recipients_file": Path(run.where).name,
        "count": len(run.results), "failed": len(run.failed),
        "zip": file_entry(run.zip_path), "report": file_entry(run.report_path),
        "recipients": [{"name": r.recipient.name, "short_name": r.recipient.short_name,
                        "sector": r.recipient.sector, "status": r.status,
                        "outputs": [{"format": f.suffix.lstrip("."), **file_entry(f),
                                     "pages": r.pages if f.suffix == ".pdf" else None}
                                    for f in r.files]}
                       for r in run.results],
        "removed": [s.slug for s in run.removed],
    }
    with _locked(path):
        data = _read(path)
        batches = [x for x in data.get("batches") or [] if isinstance(x, dict) and x.get("brief") != run.brief]
        batches.append(entry)
        batches.sort(key=lambda x: x["brief"])
        _write(path, data.get("packs", []), batches)


def _read(path: Path) -> dict:
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                return data
        except (ValueError, OSError):
            pass
    return {"briefkit_version": __version__, "packs": []}


def _write(path: Path, packs: list, batches: list | None) -> None:
    # "batches" only when there are any: a manifest of packs alone keeps the bytes it always had.
    data = {"briefkit_version": __version__, "packs": packs}
    if batches:
        data["batches"] = batches
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2))


