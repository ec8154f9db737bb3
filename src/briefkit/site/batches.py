"""The download page's invitation batches: manifest "batches" → one Batch per brief, with its recipients."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Loc, Report
from ..files import human_size
from .model import FORMAT_NAMES, Downloadable, zh_datetime

_SAFE_PART = re.compile(r"^[^/\\.\x00-\x1f][^/\\\x00-\x1f]*$")  # one plain path segment, no dotfile


@dataclass
class FileLink(Downloadable):
    """A file of a batch, by its path in out/ (e.g. soe/中国能建.pdf)."""

    file: str
    size: int
    label: str  # e.g. PDF, Word, 全部（ZIP）

    @property
    def download(self) -> str:
        return self.file.rsplit("/", 1)[-1]

    @property
    def size_text(self) -> str:
        return human_size(self.size)


@dataclass
class BatchRecipient:
    """One company of a batch: its names and its pack's files (none if its pack failed)."""

    name: str
    short_name: str
    sector: str
    links: list[FileLink]
    pages: int | None = None

    @property
    def search_text(self) -> str:
        """Return what the filter matches: full name, short name and sector."""
        return " ".join(x for x in (self.name, self.short_name, self.sector) if x)


@dataclass
class Batch:
    """One brief's invitation packs as the page shows them."""

    brief: str
    title: str
    audience_label: str
    built_at: str
    count: int
    failed: int
    zip: FileLink | None
    report: FileLink | None
    recipients: list[BatchRecipient] = field(default_factory=list)

    @property
    def hid(self) -> str:
        return f"batch-{self.brief}-title"

    @property
    def list_id(self) -> str:
        return f"batch-{self.brief}-list"

    @property
    def heading(self) -> str:
        label = f"（{self.audience_label}）" if self.audience_label else ""
        return f"{self.title}{label}定制邀请函"


def _safe(file) -> bool:
    # A batch names files in out/<folder>/: exactly two plain segments.
    if not isinstance(file, str):
        return False
    parts = file.split("/")
    return len(parts) == 2 and all(_SAFE_PART.match(p) for p in parts)


def _file(out_dir: Path, entry, label: str, report: Report) -> FileLink | None:
    if not isinstance(entry, dict) or not _safe(entry.get("file")):
        report.warning(Loc(str(out_dir / "manifest.json")),
                       f"a batch lists a file that is not in a batch folder: {entry!r}; link left out")
        return None
    path = out_dir / entry["file"]
    if not path.is_file():
        report.warning(Loc(str(path)), f"file listed in {out_dir / 'manifest.json'} is missing; link left out",
                       "rebuild the invitations with `make invitations`")
        return None
    return FileLink(entry["file"], path.stat().st_size, label)


def collect_batches(out_dir: Path, manifest: dict, report: Report) -> list[Batch]:
    """Return one Batch per entry of the manifest's "batches" (none if it has no such list)."""
    batches = []
    for b in manifest.get("batches") or []:
        if not isinstance(b, dict) or not isinstance(b.get("brief"), str):
            continue
        people = []
        for r in b.get("recipients") or []:
            if not isinstance(r, dict):
                continue
            links = []
            for o in r.get("outputs") or []:
                fmt = str(o.get("format")) if isinstance(o, dict) else ""
                link = _file(out_dir, o, FORMAT_NAMES.get(fmt, fmt.upper() or "文件"), report)
                if link:
                    links.append(link)
            pages = next((o.get("pages") for o in r.get("outputs") or []
                          if isinstance(o, dict) and isinstance(o.get("pages"), int)), None)
            people.append(BatchRecipient(str(r.get("name") or ""), str(r.get("short_name") or ""),
                                         str(r.get("sector") or ""), links, pages))
        count = b.get("count") if isinstance(b.get("count"), int) else len(people)
        failed = b.get("failed") if isinstance(b.get("failed"), int) else 0
        batches.append(Batch(b["brief"], str(b.get("title") or b["brief"]), str(b.get("audience_label") or ""),
                             zh_datetime(b.get("built_at")), count, failed,
                             _file(out_dir, b.get("zip"), "全部 ZIP", report),
                             _file(out_dir, b.get("report"), "生成报告 CSV", report), people))
    return batches
