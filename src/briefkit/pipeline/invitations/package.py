"""What an invitation run hands over: report.csv (one row per recipient) and invitations.zip."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from ...files import atomic_path, atomic_write

ZIP_NAME, REPORT_NAME = "invitations.zip", "report.csv"
REPORT_COLUMNS = ("recipient", "slug", "files", "pages", "status", "message")


def _cell(value) -> str:
    """Return a report cell that a spreadsheet shows as text, never runs as a formula (OWASP
    CSV injection: a cell starting with = + - @ is a formula in Excel)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_report(path: Path, results) -> None:
    """Write report.csv atomically, UTF-8 with BOM so that Excel reads the Chinese."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(REPORT_COLUMNS)
    for r in results:
        files = "; ".join(p.name for p in r.files)
        w.writerow([_cell(x) for x in (r.recipient.name, r.slug, files, r.pages or "", r.status,
                                       r.message)])
    atomic_write(path, buf.getvalue().encode("utf-8-sig"))


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
