"""The recipients file: a CSV with one row per recipient, checked all at once."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ...errors import BriefError, Loc, Problem, Report, did_you_mean

COLUMNS = ("name", "short_name", "sector", "contact", "title")  # only `name` is required
EXPECTED_HEADER = ",".join(COLUMNS)


@dataclass(frozen=True)
class Recipient:
    """One row of the recipients file."""

    name: str
    short_name: str = ""
    sector: str = ""
    contact: str = ""
    title: str = ""
    line: int | None = None  # where it is in the recipients file

    @property
    def display(self) -> str:
        """Return the name to show in progress lines: the short name, else the full name."""
        return self.short_name or self.name

    def variables(self) -> dict[str, str]:
        """Return the `recipient` template variable (short_name falls back to the full name)."""
        return {"name": self.name, "short_name": self.short_name or self.name, "sector": self.sector,
                "contact": self.contact, "title": self.title}


def read_recipients(path: Path | str, report: Report | None = None,
                    where: str | None = None) -> list[Recipient]:
    """Read a recipients CSV; raise BriefError with every problem if any row is wrong."""
    report = report if report is not None else Report()
    where = where or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise BriefError([Problem(Loc(where), f"cannot read the recipients file: {e.strerror}",
                                  "give the path of a CSV file, e.g. briefs/recipients/soe.csv")])
    try:
        text = data.decode("utf-8-sig")  # a BOM (as Excel writes) is fine
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        hint = "save it as UTF-8 (in Excel: 另存为 → “CSV UTF-8（逗号分隔）”)"
        try:
            data.decode("gb18030")
            hint = "it looks like GBK/GB18030 text; " + hint
        except UnicodeDecodeError:
            pass
        raise BriefError([Problem(Loc(where, line), "the file is not UTF-8 text", hint)])
    rows = _csv_rows(text, where, report)
    recipients = _recipients(rows, where, report)
    report.raise_if_errors(BriefError)
    return recipients


def recipients_from_rows(rows, report: Report | None = None,
                         where: str = "<recipients>") -> list[Recipient]:
    """Turn dicts (or Recipients) into checked Recipients, numbered from 1 as lines."""
    report = report if report is not None else Report()
    numbered = []
    for i, row in enumerate(rows, 1):
        if isinstance(row, Recipient):
            row = {k: getattr(row, k) for k in COLUMNS}
        numbered.append((i, {k: str(row.get(k) or "") for k in COLUMNS}))
    recipients = _recipients(numbered, where, report)
    report.raise_if_errors(BriefError)
    return recipients


def _csv_rows(text: str, where: str, report: Report) -> list[tuple[int, dict[str, str]]]:
    """Return (line, {column: raw value}) for each data row; header problems go to `report`."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for values in reader:
            records.append((start, values))
            start = reader.line_num + 1
    except csv.Error as e:
        report.error(Loc(where, start), f"bad CSV: {e}",
                     'put a value with a comma or a quote in double quotes, and double a quote '
                     'inside it: "A""B"')
    records = [(n, v) for n, v in records if any(x.strip() for x in v)]  # blank lines
    header_hint = f"the first line names the columns: {EXPECTED_HEADER}"
    if not records:
        if not report.errors:
            report.error(Loc(where, 1), "the file is empty", header_hint)
        return []
    head_line, head = records[0]
    header = [h.replace("\ufeff", "").strip().lower() for h in head]
    if not set(header) & set(COLUMNS):
        report.error(Loc(where, head_line), "no header row: the first line must name the columns",
                     f"start the file with the line: {EXPECTED_HEADER}")
        return []
    if "name" not in header:
        near = did_you_mean("name", [h for h in header if h not in COLUMNS])
        report.error(Loc(where, head_line), "the header has no 'name' column",
                     f"{near[:-1]} — rename it to 'name'?" if near else header_hint)
    for i, h in enumerate(header):
        if h and h in header[:i]:
            report.error(Loc(where, head_line), f"column '{h}' appears twice in the header",
                         "keep one of them")
        elif h and h not in COLUMNS:
            report.warning(Loc(where, head_line), f"column '{h}' is not used and is ignored",
                           did_you_mean(h, COLUMNS) or f"columns: {', '.join(COLUMNS)}")
    if report.errors:
        return []
    rows = []
    for line, values in records[1:]:
        extra = [v for v in values[len(header):] if v.strip()]
        if extra:
            report.error(Loc(where, line), f"the line has {len(values)} values but the header "
                                           f"{len(header)} columns",
                         'put a value that contains a comma in double quotes, e.g. "A,B公司"')
            continue
        rows.append((line, {h: values[i] if i < len(values) else ""
                            for i, h in enumerate(header) if h in COLUMNS}))
    return rows


def _recipients(rows: list[tuple[int, dict[str, str]]], where: str,
                report: Report) -> list[Recipient]:
    """Check names (present, unique, printable) and return one Recipient per row."""
    out: list[Recipient] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        values = {}
        bad = False
        for col in COLUMNS:
            value = " ".join(str(row.get(col, "")).split())  # tabs, newlines, runs of spaces → one
            for ch in value:
                if unicodedata.category(ch) in ("Cc", "Cf"):
                    report.error(Loc(where, line), f"{col} contains an invisible control character "
                                                   f"U+{ord(ch):04X}",
                                 "retype the value; copied text sometimes carries invisible characters")
                    bad = True
                    break
            values[col] = value
        if not values["name"]:
            report.error(Loc(where, line), "empty name",
                         "every row needs the recipient's full official name, e.g. 中国五矿集团有限公司")
            continue
        key = unicodedata.normalize("NFKC", values["name"]).casefold()
        if key in seen:
            report.error(Loc(where, line), f"duplicate name '{values['name']}' (also on line {seen[key]})",
                         "each recipient appears once: remove or merge one of the rows")
            continue
        seen[key] = line
        if not bad:
            out.append(Recipient(line=line, **values))
    if not rows and not report.errors:
        report.error(Loc(where, 1), "the file lists no recipients",
                     "add one line per recipient below the header")
    return out
