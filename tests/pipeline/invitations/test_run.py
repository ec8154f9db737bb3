"""A whole invitation run: personal PDF and DOCX per recipient, failures recorded, report and zip."""

import csv
import io
import zipfile

from briefkit.cli import main
from briefkit.pipeline import invitations as inv
from briefkit.pipeline.invitations.package import _cell
from conftest import REPO

HEADER = "name,short_name,sector,contact,title\n"


# ---- a whole run ----------------------------------------------------------------------------------

MARKUP = 'A&B <公司> "测试"'


def test_each_recipient_gets_a_personal_pdf_and_docx_a_report_and_a_zip(tmp_path, capsys):
    import docx
    from pypdf import PdfReader

    recipients = tmp_path / "r.csv"
    recipients.write_text(HEADER + "中国能源建设集团有限公司,中国能建,能源,,\n"
                          f'"{MARKUP.replace(chr(34), chr(34) * 2)}",,航天,,\n'
                          "中国医药集团有限公司,国药集团,医药健康,,\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["--project", str(REPO), "build", "soe", "--recipients", str(recipients),
                 "--out", str(out), "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"{recipients}:3: warning: unknown sector '航天'" in err
    packs = out / "soe"
    expected = {"中国能建": ("中国能源建设集团有限公司", "与中国能建的合作机会"),
                "A-B-公司-测试": (MARKUP, f"与{MARKUP}的合作机会"),
                "国药集团": ("中国医药集团有限公司", "与国药集团的合作机会")}
    for slug, (name, chapter) in expected.items():
        pdf = PdfReader(packs / f"{slug}.pdf")
        assert f"敬呈　{name}" in pdf.pages[0].extract_text()
        short = name if slug.startswith("A-B") else slug
        assert pdf.pages[2].extract_text().startswith(f"徐汇区投资推介手册 · 敬呈{short}")
        assert any(chapter in p.extract_text() for p in pdf.pages[2:8])  # right after the overview
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
        "     2 | ,x,,,",
        "1 error; nothing written."]
    assert not (tmp_path / "out").exists()


def test_negative_jobs_is_a_usage_error(tmp_path, capsys):
    code = main(["--project", str(REPO), "build", "soe", "--recipients", "x.csv", "--jobs", "-1"])
    assert code == 2
    assert "--jobs must be 0 (all cores) or more, got -1" in capsys.readouterr().err


def test_resume_without_a_recipients_list_is_a_usage_error(capsys):
    assert main(["--project", str(REPO), "build", "soe", "--resume"]) == 2
    assert "--resume continues an invitation batch: give its list" in capsys.readouterr().err


def test_report_cells_never_start_a_spreadsheet_formula():
    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("中国五矿") == "中国五矿"


# ---- the cover, the chapter order, stale packs ----------------------------------------------------

from briefkit.compose import dedication_line, with_extra_chapters  # noqa: E402

DEDICATIONS = [
    ({"name": "中国电子信息产业集团有限公司", "contact": "张三", "title": "总经理"},
     "敬呈　中国电子信息产业集团有限公司　张三 总经理"),
    ({"name": "中国电子信息产业集团有限公司", "contact": "张三", "title": ""},
     "敬呈　中国电子信息产业集团有限公司　张三"),
    ({"name": "中国五矿集团有限公司", "contact": "", "title": "办公厅"}, "敬呈　中国五矿集团有限公司　办公厅"),
    ({"name": "中国五矿集团有限公司", "contact": "", "title": ""}, "敬呈　中国五矿集团有限公司"),
]


def test_the_dedication_names_the_contact_and_title_when_given():
    assert [dedication_line(r) for r, _ in DEDICATIONS] == [line for _, line in DEDICATIONS]


def test_the_sector_chapter_comes_right_after_the_overview():
    brief = [("overview", None), ("innovation", None), ("policy", None)]
    assert [c for c, _ in with_extra_chapters(brief, [("sectors/energy", None)])] == [
        "overview", "sectors/energy", "innovation", "policy"]
    no_overview = [("why", None), ("space", None)]
    assert [c for c, _ in with_extra_chapters(no_overview, [("sectors/x", None)])] == [
        "why", "sectors/x", "space"]


def test_a_contact_prints_on_the_cover_and_the_sector_chapter_is_second(tmp_path):
    from pypdf import PdfReader

    inv.run(REPO, "soe", [{"name": "中国能源建设集团有限公司", "short_name": "中国能建", "sector": "能源",
                           "contact": "张三", "title": "总经理"}], tmp_path, formats=["pdf"], progress=False)
    pdf = PdfReader(tmp_path / "soe" / "中国能建.pdf")
    assert "敬呈　中国能源建设集团有限公司　张三 总经理" in pdf.pages[0].extract_text()
    toc = pdf.pages[1].extract_text()
    headings = [ln for ln in toc.splitlines() if ln[:1] in "一二三"]
    assert "与中国能建的合作机会" in headings[1], headings


def test_packs_of_recipients_removed_from_the_list_are_deleted_and_reported(tmp_path, capsys):
    recipients = tmp_path / "r.csv"
    out = tmp_path / "out"
    (out / "soe").mkdir(parents=True)
    (out / "soe" / "notes.pdf").write_bytes(b"%PDF mine")  # not briefkit's: never touched
    args = ["--project", str(REPO), "build", "soe", "--recipients", str(recipients), "--out", str(out),
            "--format", "pdf", "--jobs", "1"]
    recipients.write_text(HEADER + "中国能源建设集团有限公司,中国能建,能源,,\n中国医药集团有限公司,国药集团,医药健康,,\n",
                          encoding="utf-8")
    assert main(args) == 0
    assert (out / "soe" / "国药集团.pdf").is_file()
    recipients.write_text(HEADER + "中国能源建设集团有限公司,中国能建,能源,,\n", encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 0
    said = capsys.readouterr().out
    assert not (out / "soe" / "国药集团.pdf").exists()
    assert {p.name for p in (out / "soe").iterdir()} == {"中国能建.pdf", "notes.pdf", "report.csv",
                                                         "invitations.zip"}
    rows = list(csv.reader(io.StringIO((out / "soe" / "report.csv").read_text(encoding="utf-8-sig"))))
    assert rows[-1] == ["中国医药集团有限公司", "国药集团", "国药集团.pdf", "", "removed",
                        "no longer in the recipients list; its files were deleted"]
    assert ("removed 1 pack of recipients no longer in the list: 国药集团 "
            f"(listed in {out / 'soe' / 'report.csv'})") in said
    with zipfile.ZipFile(out / "soe" / "invitations.zip") as z:
        assert z.namelist() == ["中国能建.pdf", "report.csv"]
    import json

    batch = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["batches"][0]
    assert (batch["brief"], batch["count"], batch["failed"], batch["removed"]) == ("soe", 1, 0, ["国药集团"])
    assert (batch["zip"]["file"], batch["report"]["file"], batch["recipients_file"]) == (
        "soe/invitations.zip", "soe/report.csv", "r.csv")
    assert [o["file"] for o in batch["recipients"][0]["outputs"]] == ["soe/中国能建.pdf"]


def test_an_edited_report_cannot_make_a_clean_up_delete_other_files(tmp_path):
    from briefkit.pipeline.invitations.package import stale_packs

    (tmp_path / "keep.txt").write_text("x")
    (tmp_path / "甲.pdf").write_bytes(b"%PDF")
    (tmp_path / "report.csv").write_text(
        "recipient,slug,files,pages,status,message\n"
        "甲,甲,甲.pdf; ../x.pdf; keep.txt,1,ok,\n乙,乙,甲.pdf,1,ok,\n丙,keep,keep.txt,1,ok,\n",
        encoding="utf-8")
    assert [(s.slug, [p.name for p in s.files]) for s in stale_packs(tmp_path, set())] == [("甲", ["甲.pdf"])]
