"""What an invitation run hands over: report.csv (one row per recipient) and invitations.zip."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ...files import atomic_path, atomic_write

ZIP_NAME, REPORT_NAME = "invitations.zip", "report.csv"
REPORT_COLUMNS = ("recipient", "slug", "files", "pages", "status", "message")


def _cell(value) -> str:
    """Return a report cell that a spreadsheet shows as text, never runs as a formula (OWASP
    CSV injection: a cell starting with = + - @ is a formula in Excel)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


PACK_SUFFIXES = (".pdf", ".docx", ".pptx")  # the only files a stale-pack clean-up may remove
REMOVED = "removed"  # a report row's status for a pack deleted because its recipient left the list


@dataclass
class StalePack:
    """A pack an earlier batch built for a recipient who is no longer in the list."""

    recipient: str
    slug: str
    files: list[Path]


def write_report(path: Path, results, removed: list[StalePack] = ()) -> None:
    """Write report.csv atomically, UTF-8 with BOM so that Excel reads the Chinese; packs
    removed from the list come last, with status 'removed'."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(REPORT_COLUMNS)
    for r in results:
        files = "; ".join(p.name for p in r.files)
        w.writerow([_cell(x) for x in (r.recipient.name, r.slug, files, r.pages or "", r.status,
                                       r.message)])
    for s in removed:
        w.writerow([_cell(x) for x in (s.recipient, s.slug, "; ".join(p.name for p in s.files), "",
                                       REMOVED, "no longer in the recipients list; its files were deleted")])
    atomic_write(path, buf.getvalue().encode("utf-8-sig"))


def stale_packs(pack_dir: Path, keep_slugs: set[str]) -> list[StalePack]:
    """Return the packs the previous batch's report.csv lists (built by briefkit, so safe to
    delete) whose slug is not in this batch; only plain pack files that still exist count."""
    path = pack_dir / REPORT_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # no earlier batch, or not ours: remove nothing
    keep = {s.casefold() for s in keep_slugs}
    stale = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        slug = _uncell(row.get("slug") or "")
        if not slug or slug.casefold() in keep or row.get("status") != "ok":
            continue
        files = []
        for name in (row.get("files") or "").split(";"):
            name = _uncell(name.strip())
            p = pack_dir / name
            # Only a pack file this report names, directly in the folder: never a path, a
            # dotfile, a symlink or another kind of file, whatever the report was edited to say.
            if (name and name == Path(name).name and not name.startswith(".")
                    and Path(name).stem == slug and p.suffix.lower() in PACK_SUFFIXES
                    and p.is_file() and not p.is_symlink()):
                files.append(p)
        if files:
            stale.append(StalePack(_uncell(row.get("recipient") or ""), slug, files))
    return stale


def remove_stale(stale: list[StalePack]) -> None:
    """Delete the files of stale packs (a file already gone is fine)."""
    for s in stale:
        for p in s.files:
            p.unlink(missing_ok=True)


def _uncell(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def write_zip(path: Path, results, report_path: Path, when) -> None:
    """Write every pack and the report into one zip: recipients order, fixed timestamps."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    entries = [p for r in results if r.ok for p in r.files] + [report_path]
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as z:
        for p in entries:
            info = zipfile.ZipInfo(p.name, stamp)
            info.create_system = 3  # Unix, so the permissions below mean the same everywhere
            info.external_attr = 0o100644 << 16
            # DOCX is already a zip; PDFs shrink by about a quarter.
            info.compress_type = zipfile.ZIP_STORED if p.suffix == ".docx" else zipfile.ZIP_DEFLATED
            z.writestr(info, p.read_bytes())
