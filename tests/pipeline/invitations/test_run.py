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
    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("中国五矿") == "中国五矿"
