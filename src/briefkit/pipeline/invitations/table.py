"""A recipients table as Excel saves it: CSV (UTF-8, GBK/GB18030), Unicode text (UTF-16, tabs) or .xlsx."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import BriefError, Loc, Problem, Report

XLSX_SUFFIXES = (".xlsx", ".xlsm")
# Byte-order marks first: Excel's "CSV UTF-8" starts with the UTF-8 one, "Unicode 文本" with UTF-16 LE's.
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
         (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (Unicode text)"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (Unicode text)"))
SAVE_HINT = "save it from Excel as “CSV UTF-8（逗号分隔）” or as an .xlsx workbook"


@dataclass
class Table:
    """The rows of a recipients file: (line or Excel row, cells) for every non-blank row."""

    records: list[tuple[int, list[str]]] = field(default_factory=list)
    kind: str = "CSV"  # what was read, as the command output names it
    encoding: str = ""  # e.g. "GB18030, as Excel's “CSV（逗号分隔）” saves it"; empty for .xlsx

    @property
    def is_sheet(self) -> bool:
        """Return True for an Excel workbook: its records are numbered rows of cells, not lines."""
        return not self.encoding

    @property
    def line_word(self) -> str:
        """Return what a record is called in messages: 'line' of a text file, 'row' of a sheet."""
        return "row" if self.is_sheet else "line"

    def quoted(self, line: int) -> str | None:
        """Return a sheet's row as a message quotes it (its cells between bars), or None."""
        if not self.is_sheet:
            return None
        cells = next((c for n, c in self.records if n == line), None)
        return " | ".join(c.strip() for c in cells) if cells is not None else None

    @property
    def description(self) -> str:
        """Return e.g. 'CSV, GB18030' or 'Excel workbook, sheet 名单'."""
        return f"{self.kind}, {self.encoding}" if self.encoding else self.kind


def read_table(path: Path, where: str, report: Report) -> Table:
    """Read a CSV, tab-separated text or .xlsx file into rows; raise BriefError if unreadable."""
    if path.suffix.lower() == ".xls":
        raise BriefError([Problem(Loc(where), "an old Excel 97–2003 workbook (.xls) cannot be read",
                                  "in Excel: 另存为 → “Excel 工作簿 (*.xlsx)” or “CSV UTF-8（逗号分隔）”")])
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BriefError([Problem(Loc(where), f"cannot read the recipients file: {e.strerror}",
                                  "give the path of a CSV or .xlsx file, e.g. briefs/recipients/soe.csv")])
    if path.suffix.lower() in XLSX_SUFFIXES or data[:4] == b"PK\x03\x04":
        return _xlsx(data, where)
    text, encoding = decode(data, where)
    return _delimited(text, encoding, where, report)


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Return (text, encoding as shown): a BOM decides, else strict UTF-8, else GB18030."""
    for bom, codec, shown in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), shown
            except UnicodeDecodeError as e:
                raise _not_text(data, e, where, f"the file starts as {shown} but is not") from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as e:
        first_bad = e  # where UTF-8 fails is where a person should look
    try:  # Excel's "CSV（逗号分隔）" on a Chinese Windows: code page 936, of which GB18030 is a superset
        return data.decode("gb18030"), "GB18030, as Excel's “CSV（逗号分隔）” saves it"
    except UnicodeDecodeError:
        raise _not_text(data, first_bad, where,
                        "the file is neither UTF-8 nor GB18030 (GBK) text") from None


def _not_text(data: bytes, e: UnicodeDecodeError, where: str, message: str) -> BriefError:
    line = data[:e.start].count(b"\n") + 1
    return BriefError([Problem(Loc(where, line), message, SAVE_HINT)])


def _delimited(text: str, encoding: str, where: str, report: Report) -> Table:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    # "Unicode 文本" and text pasted from a sheet use tabs; a CSV uses commas.
    tabs = first.count("\t") > first.count(",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if tabs else ",", strict=True)
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
    return Table(records, "tab-separated text" if tabs else "CSV", encoding)


def _xlsx(data: bytes, where: str) -> Table:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as e:
        raise BriefError([Problem(Loc(where), f"not a readable Excel workbook: {e}",
                                  "open it in Excel and save it again as .xlsx, or as “CSV UTF-8（逗号分隔）”")]) \
            from None
    try:
        sheet = book.worksheets[0]  # the first sheet, as a person sees it when the file opens
        records = []
        for n, row in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1].strip():
                cells.pop()
            if any(c.strip() for c in cells):
                records.append((n, cells))
        name = sheet.title
        more = len(book.worksheets) - 1
    finally:
        book.close()
    kind = f"Excel workbook, sheet “{name}”" + (f" (the first of {more + 1}; the others are not read)"
                                                if more else "")
    return Table(records, kind, "")


def _cell_text(value) -> str:
    """Return a cell as text: 12.0 → '12', dates as ISO, None → ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def column_letter(index: int) -> str:
    """Return a spreadsheet column's letter for a 0-based index: 0 → A, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out
