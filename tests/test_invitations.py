"""Invitation packs: the recipients file, safe file names, sector chapters, and a parallel run."""

import csv
import io
import zipfile

import pytest

from briefkit import doc as d
from briefkit import invitations as inv
from briefkit.build import load_facts
from briefkit.cli import main
from briefkit.errors import BriefError, Report
from briefkit.templating import Templater, typed_numbers
from conftest import REPO

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


# ---- file names --------------------------------------------------------------------------------

SLUGS = [
    ("../../etc", "etc"),
    ("a/b", "a-b"),
    ("a\\b:c*?\"<>|", "a-b-c"),
    ("CON", "CON_"),
    ("lpt1", "lpt1_"),
    ("  ", ""),
    ("中国电子", "中国电子"),
    ("中国电子 ", "中国电子"),
    ("A&B <公司> \"测试\"", "A-B-公司-测试"),
    ("line\nbreak\x00nul\x1b[31m", "line-break-nul-31m"),
    ("ＡＢＣ（集团）", "ABC-集团"),
    (".hidden", "hidden"),
    ("中" * 50, "中" * 40),
]


@pytest.mark.parametrize("name, slug", SLUGS)
def test_slug_keeps_cjk_letters_and_digits_and_nothing_unsafe(name, slug):
    got = inv.slugify(name)
    assert got == slug
    assert "/" not in got and "\\" not in got and ".." not in got
    assert all(ch.isprintable() for ch in got) and not got.startswith(("-", "."))


def test_clashing_slugs_get_numbered_in_file_order():
    names = ["中国电子", "中国电子 ", "A&B", "A-B", "a b", "  ", "../..", "recipient-6", "A-B-2"]
    assert inv.assign_slugs(names) == [
        "中国电子", "中国电子-2", "A-B", "A-B-2", "a-b-3", "recipient-6", "recipient-7",
        "recipient-6-2", "A-B-2-2"]


def test_slugs_are_unique_ignoring_case():
    slugs = inv.assign_slugs(["ABC", "abc", "Abc"])
    assert len({s.casefold() for s in slugs}) == 3


# ---- sectors ------------------------------------------------------------------------------------

SECTORS = [("energy", "energy"), ("Energy", "energy"), ("能源", "energy"), ("电子信息", "electronics_it"),
           ("electronics-it", "electronics_it"), ("医药健康", "health"), ("矿产材料", "materials_mining"),
           ("金融", "finance"), ("服务", "services"), ("人力资源", "services"), ("", "default"),
           ("  ", "default"), ("航天", None), ("energie", None)]


@pytest.mark.parametrize("written, key", SECTORS)
def test_sector_accepts_english_keys_and_chinese_names(written, key):
    assert inv.resolve_sector(written) == key


def test_unknown_sector_warns_with_its_line_and_uses_the_default_chapter():
    report = Report()
    people = [inv.Recipient("甲集团有限公司", "甲", "能源", line=2),
              inv.Recipient("乙集团有限公司", "乙", "航天", line=3),
              inv.Recipient("丙集团有限公司", "丙", "energie", line=4)]
    plans = inv.plan(REPO, "soe", people, "r.csv", report)
    assert [(p.slug, p.chapter) for p in plans] == [
        ("甲", "sectors/energy"), ("乙", "sectors/default"), ("丙", "sectors/default")]
    assert [p.format() for p in report.problems] == [
        "r.csv:3: warning: unknown sector '航天'; the general chapter is used\n"
        "  hint: sectors: energy (能源), electronics_it (电子信息), health (医药健康), "
        "materials_mining (矿产材料), finance (金融), services (服务)",
        "r.csv:4: warning: unknown sector 'energie'; the general chapter is used\n"
        "  hint: did you mean 'energy'? (sectors: energy (能源), electronics_it (电子信息), "
        "health (医药健康), materials_mining (矿产材料), finance (金融), services (服务))"]


@pytest.mark.parametrize("sector", list(inv.SECTORS) + ["default"])
def test_each_sector_chapter_is_titled_for_the_recipient_with_numbers_from_facts(sector):
    report = Report()
    t = Templater(REPO, load_facts(REPO), "soe", report,
                  {"recipient": {"name": "X集团有限公司", "short_name": "X<&>", "sector": sector,
                                 "contact": "", "title": ""}})
    out = t.build([(f"sectors/{sector}", None)])
    assert report.problems == []
    assert out.blocks[0] == d.Heading(1, "一、与X<&>的合作机会", "sec-1")
    prose = "".join(d.inline_text(b.inlines) for b in out.blocks if isinstance(b, d.Paragraph))
    assert 250 <= len(prose) <= 400
    assert out.facts_used and any(isinstance(b, d.KeyFigures) for b in out.blocks)
    source = (REPO / "templates" / "soe" / "sectors" / f"{sector}.md").read_text(encoding="utf-8")
    assert typed_numbers(source) == []


# ---- a whole run ----------------------------------------------------------------------------------

MARKUP = 'A&B <公司> "测试"'


def test_each_recipient_gets_a_personal_pdf_and_docx_a_report_and_a_zip(tmp_path, capsys):
    import docx
    from pypdf import PdfReader

    recipients = tmp_path / "r.csv"
    recipients.write_text(HEADER + "中国能源建设集团有限公司,中能建,能源,,\n"
                          f'"{MARKUP.replace(chr(34), chr(34) * 2)}",,航天,,\n'
                          "中国医药集团有限公司,国药集团,医药健康,,\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["--project", str(REPO), "build", "soe", "--recipients", str(recipients),
                 "--out", str(out), "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"{recipients}:3: warning: unknown sector '航天'" in err
    packs = out / "soe"
    expected = {"中能建": ("中国能源建设集团有限公司", "与中能建的合作机会"),
                "A-B-公司-测试": (MARKUP, f"与{MARKUP}的合作机会"),
                "国药集团": ("中国医药集团有限公司", "与国药集团的合作机会")}
    for slug, (name, chapter) in expected.items():
        pdf = PdfReader(packs / f"{slug}.pdf")
        assert f"敬呈　{name}" in pdf.pages[0].extract_text()
        short = name if slug.startswith("A-B") else slug
        assert pdf.pages[2].extract_text().startswith(f"徐汇区投资推介手册 · 敬呈{short}")
        assert any(chapter in p.extract_text() for p in pdf.pages[-6:])
        document = docx.Document(packs / f"{slug}.docx")
        texts = [p.text for p in document.paragraphs]
        assert f"敬呈　{name}" in texts and any(chapter in t for t in texts)
        assert f"敬呈{short}" in "".join(p.text for s in document.sections for p in s.header.paragraphs)

    rows = list(csv.DictReader(io.StringIO((packs / "report.csv").read_bytes().decode("utf-8"))))
    assert (packs / "report.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert [(r["\ufeffrecipient"], r["slug"], r["files"], r["status"]) for r in rows] == [
        (expected[s][0], s, f"{s}.pdf; {s}.docx", "ok") for s in expected]
    assert rows[1]["message"] == "unknown sector '航天'; the general chapter is used"
    assert all(int(r["pages"]) > 10 for r in rows)

    with zipfile.ZipFile(packs / "invitations.zip") as z:
        infos = z.infolist()
    assert [i.filename for i in infos] == [f"{s}.{ext}" for s in expected for ext in ("pdf", "docx")] \
        + ["report.csv"]
    assert {i.date_time for i in infos} == {(2026, 11, 22, 0, 0, 0)}
    assert not list(packs.glob(".*"))  # no temporary files left behind


def test_a_failing_recipient_is_reported_and_the_others_are_built(tmp_path):
    result = inv.run(REPO, "soe", [{"name": "笑脸😀公司", "sector": "金融"},
                                   {"name": "中国中智集团有限公司", "short_name": "中智", "sector": "服务"}],
                     tmp_path, jobs=2, formats=["pdf"], progress=False)
    bad, good = result.results
    assert (bad.status, bad.slug, bad.files) == ("failed", "笑脸-公司", [])
    assert "the fonts cannot draw" in bad.message and "1F600" in bad.message
    assert (good.status, good.files) == ("ok", [tmp_path / "soe" / "中智.pdf"])
    assert good.seconds > 0 and {"templating", "pdf"} <= set(good.timings)
    report = (tmp_path / "soe" / "report.csv").read_text(encoding="utf-8-sig")
    assert report.splitlines()[1].startswith("笑脸😀公司,笑脸-公司,,,failed,the fonts cannot draw")
    with zipfile.ZipFile(tmp_path / "soe" / "invitations.zip") as z:
        assert z.namelist() == ["中智.pdf", "report.csv"]


def test_a_bad_recipients_file_builds_nothing_and_exits_1(tmp_path, capsys):
    recipients = tmp_path / "r.csv"
    recipients.write_text(HEADER + ",x,,,\n", encoding="utf-8")
    code = main(["--project", str(REPO), "build", "soe", "--recipients", str(recipients),
                 "--out", str(tmp_path / "out")])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{recipients}:2: error: empty name",
        "  hint: every row needs the recipient's full official name, e.g. 中国五矿集团有限公司",
        "1 error; nothing written."]
    assert not (tmp_path / "out").exists()


def test_negative_jobs_is_a_usage_error(tmp_path, capsys):
    code = main(["--project", str(REPO), "build", "soe", "--recipients", "x.csv", "--jobs", "-1"])
    assert code == 2
    assert "--jobs must be 0 (all cores) or more, got -1" in capsys.readouterr().err


def test_report_cells_never_start_a_spreadsheet_formula():
    assert inv._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert inv._cell("中国五矿") == "中国五矿"
