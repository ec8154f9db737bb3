"""The recipients file: columns, encodings, exact messages with line numbers, every problem at once."""

import pytest

from briefkit.errors import BriefError, Report
from briefkit.pipeline import invitations as inv

HEADER = "name,short_name,sector,contact,title\n"
GOOD_ROWS = ("中国五矿集团有限公司,中国五矿,矿产材料,,\n"
             "中国石油天然气集团有限公司,中国石油,energy,张三,总经理\n")
HINT_HEADER = "  hint: the first line names the columns: name,short_name,sector,contact,title"


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
                        "  hint: columns: name, short_name, sector, contact, title"]


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
      "  hint: start the file with the line: name,short_name,sector,contact,title"]),
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
     ["r.csv:2: error: name contains an invisible control character U+202E\n"
      "  hint: retype the value; copied text sometimes carries invisible characters"]),
    (HEADER + '"中国五矿集团有限公司,中国五矿\n',
     ["r.csv:2: error: bad CSV: unexpected end of data\n"
      "  hint: put a value with a comma or a quote in double quotes, and double a quote inside "
      'it: "A""B"']),
    ((HEADER + GOOD_ROWS).encode("gbk"),
     ["r.csv:2: error: the file is not UTF-8 text\n"
      "  hint: it looks like GBK/GB18030 text; save it as UTF-8 (in Excel: 另存为 → “CSV UTF-8（逗号分隔）”)"]),
    ((HEADER + GOOD_ROWS).encode("utf-8") + "Café SA,Café,,,\n".encode("latin-1"),
     ["r.csv:4: error: the file is not UTF-8 text\n"
      "  hint: save it as UTF-8 (in Excel: 另存为 → “CSV UTF-8（逗号分隔）”)"]),
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
