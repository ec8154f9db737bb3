"""The recipients file: one row per recipient (CSV or .xlsx, English or Chinese headers), checked all at once."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...errors import BriefError, Loc, Report, char_name, did_you_mean
from .table import Table, column_letter, read_table

MAX_TITLE_ROWS = 5  # lines above the header a person may have given a title, date or note
COLUMNS = ("name", "short_name", "sector", "contact", "title")  # only `name` is required
EXPECTED_HEADER = ",".join(COLUMNS)
COLUMN_NAMES = "name (名称), short_name (简称), sector (行业), contact (联系人), title (职务)"
# The headers an office writes in Chinese (exact text), beside the English column names.
HEADER_ALIASES = {"名称": "name", "单位名称": "name", "企业名称": "name", "单位": "name", "全称": "name",
                  "简称": "short_name", "行业": "sector", "所属行业": "sector", "联系人": "contact",
                  "姓名": "contact", "职务": "title", "职位": "title"}


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


@dataclass
class RecipientList:
    """The recipients read from a file, and how: what kind of file, which encoding, which columns."""

    recipients: list[Recipient]
    kind: str = ""  # e.g. "CSV, UTF-8 with BOM" or "Excel workbook, sheet “名单”"
    columns: list[tuple[str, str]] = field(default_factory=list)  # (header as written, column)

    @property
    def summary(self) -> str:
        """Return one line for the command output: the file kind and the columns used."""
        cols = ", ".join(h if h == c else f"{h} → {c}" for h, c in self.columns)
        n = len(self.recipients)
        return f"read {n} recipient{'s' if n != 1 else ''} ({self.kind}); columns used: {cols}"


def read_recipients(path: Path | str, report: Report | None = None,
                    where: str | None = None) -> list[Recipient]:
    """Read a recipients CSV or .xlsx; raise BriefError with every problem if any row is wrong."""
    return load_recipients(path, report, where).recipients


def load_recipients(path: Path | str, report: Report | None = None,
                    where: str | None = None) -> RecipientList:
    """Read a recipients file (CSV in UTF-8 or GB18030, UTF-16 text with tabs, .xlsx) and say how."""
    report = report if report is not None else Report()
    where = where or str(path)
    table = read_table(Path(path), where, report)
    first = len(report.problems)
    rows, columns = _rows(table, where, report)
    recipients = _recipients(rows, where, report, table.line_word)
    if table.is_sheet:  # a workbook has no lines to quote: quote the row's cells
        report.problems[first:] = [
            replace(p, text=table.quoted(p.loc.line)) if p.text is None and p.loc and p.loc.line
            and p.loc.path == where and table.quoted(p.loc.line) is not None else p
            for p in report.problems[first:]]
    report.raise_if_errors(BriefError)
    return RecipientList(recipients, table.description, columns)


def recipients_from_rows(rows, report: Report | None = None,
                         where: str = "<recipients>") -> list[Recipient]:
    """Turn dicts (or Recipients) into checked Recipients, numbered from 1 as lines."""
    report = report if report is not None else Report()
    numbered = []
    for i, row in enumerate(rows, 1):
        if isinstance(row, Recipient):
            row = {k: getattr(row, k) for k in COLUMNS}
        numbered.append((i, {k: str(row.get(k) or "") for k in COLUMNS}, {}))
    recipients = _recipients(numbered, where, report)
    report.raise_if_errors(BriefError)
    return recipients


def _column(header: str) -> str | None:
    """Return the column a header names (English or Chinese, any case), or None."""
    h = header.replace("\ufeff", "").strip()
    return h.lower() if h.lower() in COLUMNS else HEADER_ALIASES.get(h)


def _rows(table: Table, where: str, report: Report):
    """Return ([(line, {column: value, "_cols": {column: letter}})], [(header, column)]);
    header problems go to `report`."""
    records = table.records
    header_hint = f"the first line names the columns: {EXPECTED_HEADER} (or 名称,简称,行业,联系人,职务)"
    if not records:
        if not report.errors:
            report.error(Loc(where, 1), "the file is empty", header_hint)
        return [], []
    head_line, head = records[0]
    written = [h.replace("\ufeff", "").strip() for h in head]
    header = [_column(h) for h in written]
    word = table.line_word
    if not any(header):
        below = next((n for n, values in records[1:MAX_TITLE_ROWS + 1]
                      if "name" in [_column(v.replace("\ufeff", "").strip()) for v in values]), None)
        if below is not None:  # a title above the header, as sheets printed for people have
            above = f"{word} {head_line}" if below - head_line == 1 else \
                f"{word}s {head_line}–{below - 1}"
            report.error(Loc(where, head_line), f"{word} {head_line} is not the header row: the "
                         f"columns are named on {word} {below}",
                         f"delete {above} (a title above the header): the first {word} must name "
                         "the columns")
            return [], []
        report.error(Loc(where, head_line), f"no header row: the first {word} must name the columns",
                     f"start the file with the {word}: {EXPECTED_HEADER} (or 名称,简称,行业,联系人,职务)")
        return [], []
    if "name" not in header:
        near = did_you_mean("name", [h.lower() for h, c in zip(written, header) if c is None])
        report.error(Loc(where, head_line), "the header has no 'name' column",
                     f"{near[:-1]} — rename it to 'name'?" if near else header_hint)
    for i, (h, col) in enumerate(zip(written, header)):
        if col and col in header[:i]:
            report.error(Loc(where, head_line), f"column '{h}' appears twice in the header"
                         + (f" (as {col})" if h.lower() != col else ""), "keep one of them")
        elif h and col is None:
            report.warning(Loc(where, head_line), f"column '{h}' is not used and is ignored",
                           did_you_mean(h.lower(), COLUMNS) or
                           did_you_mean(h, HEADER_ALIASES) or f"columns: {COLUMN_NAMES}")
    if report.errors:
        return [], []
    used = [(h, c) for h, c in zip(written, header) if c]
    letters = {c: column_letter(i) for i, c in enumerate(header) if c}
    rows = []
    for line, values in records[1:]:
        extra = [v for v in values[len(header):] if v.strip()]
        if extra and table.is_sheet:
            last = max(i for i, v in enumerate(values) if v.strip())
            report.error(Loc(where, line), f"row {line} has a value in column {column_letter(last)}, "
                                           f"which has no header", f"give column {column_letter(last)} "
                                           f"a header in row {head_line}, or clear cell "
                                           f"{column_letter(last)}{line}")
            continue
        if extra:
            report.error(Loc(where, line), f"the line has {len(values)} values but the header "
                                           f"{len(header)} columns",
                         'put a value that contains a comma in double quotes, e.g. "A,B公司"')
            continue
        row = {c: values[i] if i < len(values) else "" for i, c in enumerate(header) if c}
        rows.append((line, row, letters))
    return rows, used


def _recipients(rows, where: str, report: Report, word: str = "line") -> list[Recipient]:
    """Check names (present, unique, printable) and return one Recipient per row (`word`: what
    the file's records are called, line or row)."""
    out: list[Recipient] = []
    seen: dict[str, int] = {}
    for line, row, letters in rows:
        values = {}
        bad = False
        for col in COLUMNS:
            value = " ".join(str(row.get(col, "")).split())  # tabs, newlines, runs of spaces → one
            for ch in value:
                if unicodedata.category(ch) in ("Cc", "Cf"):
                    at = f" (column {letters[col]})" if col in letters else ""
                    report.error(Loc(where, line), f"{col}{at} contains an invisible character: "
                                                   f"{char_name(ch)}",
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
            report.error(Loc(where, line), f"duplicate name '{values['name']}' (also on {word} {seen[key]})",
                         "each recipient appears once: remove or merge one of the rows")
            continue
        seen[key] = line
        if not bad:
            out.append(Recipient(line=line, **values))
    if not rows and not report.errors:
        report.error(Loc(where, 1), "the file lists no recipients",
                     "add one line per recipient below the header")
    return out
