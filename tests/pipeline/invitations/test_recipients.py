"""The recipients file: columns, encodings, exact messages with line numbers, every problem at once."""

import pytest

from briefkit.errors import BriefError, Report
from briefkit.pipeline import invitations as inv

HEADER = "name,short_name,sector,contact,title\n"
GOOD_ROWS = ("中国五矿集团有限公司,中国五矿,矿产材料,,\n"
             "中国石油天然气集团有限公司,中国石油,energy,张三,总经理\n")
HINT_HEADER = ("  hint: the first line names the columns: name,short_name,sector,contact,title "
               "(or 名称,简称,行业,联系人,职务)")


def read(tmp_path, data: bytes | str):
    """Return (recipients, problems) for a recipients file with this content."""
    path = tmp_path / "r.csv"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    report = Report()
    try:
        people = inv.read_recipients(path, report, "r.csv")
    except BriefError as e:
        return None, [p.format() for p in e.problems]
    return people, [p.format() for p in report.problems]


# ---- the recipients file -----------------------------------------------------------------------


def test_good_file_gives_recipients_with_their_line_numbers(tmp_path):
    people, problems = read(tmp_path, HEADER + GOOD_ROWS)
    assert problems == []
    assert people == [
        inv.Recipient("中国五矿集团有限公司", "中国五矿", "矿产材料", "", "", line=2),
        inv.Recipient("中国石油天然气集团有限公司", "中国石油", "energy", "张三", "总经理", line=3)]


def test_bom_blank_lines_crlf_and_missing_optional_columns_are_fine(tmp_path):
    people, problems = read(tmp_path, ("\ufeffname,short_name\r\n\r\n中智集团有限公司 , 中智\r\n"
                                       '"A, B 公司",\r\n'))
    assert problems == []
    assert [(p.name, p.short_name, p.sector, p.line) for p in people] == [
        ("中智集团有限公司", "中智", "", 3), ("A, B 公司", "", "", 4)]
    assert people[1].variables()["short_name"] == "A, B 公司"  # falls back to the full name


def test_extra_columns_are_ignored_with_a_warning(tmp_path):
    people, problems = read(tmp_path, "name,secter,phone\n中智集团有限公司,服务,123\n")
    assert [p.name for p in people] == ["中智集团有限公司"]
    assert problems == ["r.csv:1: warning: column 'secter' is not used and is ignored\n"
                        "  hint: did you mean 'sector'?",
                        "r.csv:1: warning: column 'phone' is not used and is ignored\n"
                        "  hint: columns: name (名称), short_name (简称), sector (行业), contact (联系人), title (职务)"]


BAD_FILES = [
    ("", ["r.csv:1: error: the file is empty\n" + HINT_HEADER]),
    ("short_name,sector\n中国五矿,矿产材料\n",
     ["r.csv:1: error: the header has no 'name' column\n" + HINT_HEADER]),
    ("nmae,short_name\n中国五矿集团有限公司,中国五矿\n",
     ["r.csv:1: error: the header has no 'name' column\n"
      "  hint: did you mean 'nmae' — rename it to 'name'?",
      "r.csv:1: warning: column 'nmae' is not used and is ignored\n  hint: did you mean 'name'?"]),
    ("中国五矿集团有限公司,中国五矿,矿产材料\n",
     ["r.csv:1: error: no header row: the first line must name the columns\n"
      "  hint: start the file with the line: name,short_name,sector,contact,title "
      "(or 名称,简称,行业,联系人,职务)"]),
    ("徐汇区推介会邀请名单,,\n" + HEADER + GOOD_ROWS,
     ["r.csv:1: error: line 1 is not the header row: the columns are named on line 2\n"
      "  hint: delete line 1 (a title above the header): the first line must name the columns"]),
    ("徐汇区推介会邀请名单\n2026年11月\n\n名称,行业\n中国五矿集团有限公司,矿产材料\n",
     ["r.csv:1: error: line 1 is not the header row: the columns are named on line 4\n"
      "  hint: delete lines 1–3 (a title above the header): the first line must name the columns"]),
    (HEADER, ["r.csv:1: error: the file lists no recipients\n"
              "  hint: add one line per recipient below the header"]),
    (HEADER + GOOD_ROWS + ",中智,服务,,\n",
     ["r.csv:4: error: empty name\n"
      "  hint: every row needs the recipient's full official name, e.g. 中国五矿集团有限公司"]),
    (HEADER + GOOD_ROWS + "中国五矿集团有限公司 ,五矿,,,\n",
     ["r.csv:4: error: duplicate name '中国五矿集团有限公司' (also on line 2)\n"
      "  hint: each recipient appears once: remove or merge one of the rows"]),
    (HEADER + "中国五矿集团有限公司,中国五矿,矿产材料,a,b,c\n",
     ["r.csv:2: error: the line has 6 values but the header 5 columns\n"
      '  hint: put a value that contains a comma in double quotes, e.g. "A,B公司"']),
    (HEADER + "中国\u202e五矿集团有限公司,中国五矿,,,\n",
     ["r.csv:2: error: name (column A) contains an invisible character: right-to-left override (U+202E)\n"
      "  hint: retype the value; copied text sometimes carries invisible characters"]),
    (HEADER + '"中国五矿集团有限公司,中国五矿\n',
     ["r.csv:2: error: bad CSV: unexpected end of data\n"
      "  hint: put a value with a comma or a quote in double quotes, and double a quote inside "
      'it: "A""B"']),
    ((HEADER + GOOD_ROWS).encode("utf-8") + "Café SA,Café,,,\n".encode("latin-1"),
     ["r.csv:4: error: the file is neither UTF-8 nor GB18030 (GBK) text\n"
      "  hint: save it from Excel as “CSV UTF-8（逗号分隔）” or as an .xlsx workbook"]),
    ("\ufeff".encode("utf-16-le") + b"\x00\xd8" + "name\n".encode("utf-16-le"),
     ["r.csv:1: error: the file starts as UTF-16 (Unicode text) but is not\n"
      "  hint: save it from Excel as “CSV UTF-8（逗号分隔）” or as an .xlsx workbook"]),
    ("名称,名称\n中国五矿集团有限公司,五矿\n",
     ["r.csv:1: error: column '名称' appears twice in the header (as name)\n  hint: keep one of them"]),
]


@pytest.mark.parametrize("data, expected", BAD_FILES)
def test_bad_recipients_file_gives_exact_messages_with_line_numbers(tmp_path, data, expected):
    people, problems = read(tmp_path, data)
    assert people is None
    assert problems == expected


def test_every_bad_row_is_reported_in_one_run(tmp_path):
    _, problems = read(tmp_path, HEADER + GOOD_ROWS + ",x,,,\n中国五矿集团有限公司,y,,,\n")
    assert [p.split(": error: ")[0] for p in problems] == ["r.csv:4", "r.csv:5"]


def test_a_list_of_dicts_is_checked_like_a_file():
    with pytest.raises(BriefError) as e:
        inv.recipients_from_rows([{"name": "甲公司"}, {"name": ""}])
    assert [p.format().splitlines()[0] for p in e.value.problems] == ["<recipients>:2: error: empty name"]


# ---- the files Excel writes ----------------------------------------------------------------------

ZH_HEADER = "名称,简称,行业,联系人,职务\n"
ZH_ROWS = "中国电子信息产业集团有限公司,中国电子,电子信息,张三,总经理\n中国五矿集团有限公司,中国五矿,矿产材料,,\n"
EXPECTED_PEOPLE = [("中国电子信息产业集团有限公司", "中国电子", "电子信息", "张三", "总经理"),
                   ("中国五矿集团有限公司", "中国五矿", "矿产材料", "", "")]
ZH_COLUMNS = "名称 → name, 简称 → short_name, 行业 → sector, 联系人 → contact, 职务 → title"


def _xlsx(path, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    for row in rows:
        sheet.append(row)
    book.save(path)


EXCEL_FILES = [  # (file name, bytes or rows for a workbook, what the summary says it read)
    ("utf8-bom.csv", ("\ufeff" + ZH_HEADER + ZH_ROWS).encode("utf-8"), "CSV, UTF-8 with BOM"),
    ("plain.csv", (ZH_HEADER + ZH_ROWS).encode("utf-8"), "CSV, UTF-8"),
    ("gbk.csv", (ZH_HEADER + ZH_ROWS).encode("gbk").replace(b"\n", b"\r\n"),
     "CSV, GB18030, as Excel's “CSV（逗号分隔）” saves it"),
    ("unicode.txt", (ZH_HEADER + ZH_ROWS).replace(",", "\t").replace("\n", "\r\n").encode("utf-16"),
     "tab-separated text, UTF-16 (Unicode text)"),
    ("list.xlsx", [ZH_HEADER.strip().split(","), *[r.split(",") for r in ZH_ROWS.splitlines()]],
     "Excel workbook, sheet “名单”"),
]


@pytest.mark.parametrize("name, content, kind", EXCEL_FILES, ids=[f[0] for f in EXCEL_FILES])
def test_files_excel_saves_are_read_with_chinese_headers_and_say_how(tmp_path, name, content, kind):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        _xlsx(path, [[c or None for c in row] for row in content])
    listing = inv.load_recipients(path, Report(), name)
    assert [(p.name, p.short_name, p.sector, p.contact, p.title) for p in listing.recipients] \
        == EXPECTED_PEOPLE
    assert [p.line for p in listing.recipients] == [2, 3]
    assert listing.summary == f"read 2 recipients ({kind}); columns used: {ZH_COLUMNS}"


def test_english_headers_are_named_once_in_the_summary(tmp_path):
    (tmp_path / "r.csv").write_text(HEADER + GOOD_ROWS, encoding="utf-8")
    listing = inv.load_recipients(tmp_path / "r.csv", Report(), "r.csv")
    assert listing.summary == ("read 2 recipients (CSV, UTF-8); columns used: "
                               "name, short_name, sector, contact, title")


def test_a_workbook_cell_problem_names_the_excel_row_and_column(tmp_path):
    _xlsx(tmp_path / "r.xlsx", [["简称", "名称"], [], ["五矿", "中国\u202e五矿集团有限公司"], [12, None]])
    with pytest.raises(BriefError) as e:
        inv.load_recipients(tmp_path / "r.xlsx", Report(), "r.xlsx")
    assert [p.format() for p in e.value.problems] == [
        "r.xlsx:3: error: name (column B) contains an invisible character: right-to-left override (U+202E)\n"
        "  hint: retype the value; copied text sometimes carries invisible characters\n"
        "     3 | 五矿 | 中国 五矿集团有限公司",  # the row's cells, not the zip's bytes
        "r.xlsx:4: error: empty name\n"
        "  hint: every row needs the recipient's full official name, e.g. 中国五矿集团有限公司\n"
        "     4 | 12"]


def test_a_workbook_with_a_title_row_or_an_unheaded_column_says_which_row_and_cell(tmp_path):
    _xlsx(tmp_path / "r.xlsx", [["2026年推介会名单"], ["名称", "行业"], ["中国五矿集团有限公司", "矿产材料"]])
    with pytest.raises(BriefError) as e:
        inv.load_recipients(tmp_path / "r.xlsx", Report(), "r.xlsx")
    assert [p.format() for p in e.value.problems] == [
        "r.xlsx:1: error: row 1 is not the header row: the columns are named on row 2\n"
        "  hint: delete row 1 (a title above the header): the first row must name the columns\n"
        "     1 | 2026年推介会名单"]
    _xlsx(tmp_path / "r.xlsx", [["名称", "行业"], ["中国五矿集团有限公司", "矿产材料", "", "备注"]])
    with pytest.raises(BriefError) as e:
        inv.load_recipients(tmp_path / "r.xlsx", Report(), "r.xlsx")
    assert [p.format() for p in e.value.problems] == [
        "r.xlsx:2: error: row 2 has a value in column D, which has no header\n"
        "  hint: give column D a header in row 1, or clear cell D2\n"
        "     2 | 中国五矿集团有限公司 | 矿产材料 |  | 备注"]


UNREADABLE = [
    ("r.xls", b"\xd0\xcf\x11\xe0", "r.xls: error: an old Excel 97–2003 workbook (.xls) cannot be read\n"
     "  hint: in Excel: 另存为 → “Excel 工作簿 (*.xlsx)” or “CSV UTF-8（逗号分隔）”"),
    ("r.xlsx", b"PK\x03\x04broken", "r.xlsx: error: not a readable Excel workbook: File is not a zip file\n"
     "  hint: open it in Excel and save it again as .xlsx, or as “CSV UTF-8（逗号分隔）”"),
]


@pytest.mark.parametrize("name, data, expected", UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable_workbooks_say_how_to_save_them(tmp_path, name, data, expected):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(BriefError) as e:
        inv.load_recipients(tmp_path / name, Report(), name)
    assert [p.format() for p in e.value.problems] == [expected]
