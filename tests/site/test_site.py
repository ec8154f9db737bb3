"""The download page: cards from out/manifest.json, thumbnails, escaping, offline, errors word for word."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from briefkit import cli, site
from projects import SOE, TRICKY, make_out, write_pdf
from briefkit.errors import BriefkitError, Report

@pytest.fixture
def out(tmp_path) -> Path:
    return make_out(tmp_path)


def page(out: Path) -> str:
    site.write_site(out)
    return (out / "index.html").read_text(encoding="utf-8")


def cards(html: str) -> list[str]:
    return re.findall(r'<article class="card".*?</article>', html, re.S)


# ---- the model -----------------------------------------------------------------------------------


def test_collect_makes_one_card_per_pack_with_its_links(out):
    report = Report()
    result = site.collect(out, site.load_manifest(out), report)
    assert [c.brief for c in result] == ["soe", "investor"]
    soe = result[0]
    assert (soe.title, soe.audience_label, soe.date, soe.data_as_of) == (
        "徐汇区投资推介手册", "央企版", "2026年11月22日", "2025年")
    assert soe.built_at == "2026年11月22日 10:30"
    assert soe.n_facts == 3
    assert soe.sources == [("澎湃新闻", "凭何央企争先投资？"), ("市国资委", "从“垂直硅谷”到大模型生态社区")]
    assert [(ln.file, ln.download, ln.pages) for ln in soe.links] == [
        ("soe.pdf", "徐汇区投资推介-央企版.pdf", 3), ("soe.docx", "徐汇区投资推介-央企版.docx", None)]
    assert report.problems == []


@pytest.mark.parametrize("n, expected", [(0, "0 B"), (1023, "1023 B"), (1024, "1 KB"),
                                         (812 * 1024, "812 KB"), (int(3.44 * 1024 * 1024), "3.4 MB")])
def test_human_size_reads_like_a_person_writes_it(n, expected):
    assert site.human_size(n) == expected


@pytest.mark.parametrize("name, file, expected", [
    ("徐汇区投资推介-央企版", "soe.pdf", "徐汇区投资推介-央企版.pdf"),
    ('指南/"投资者"版', "a.docx", "指南投资者版.docx"),  # no folders or quotes in a saved name
    ("", "soe.pdf", "soe.pdf"),
    ("..", "soe.pdf", "soe.pdf"),
])
def test_download_filename_is_readable_and_safe(name, file, expected):
    assert site.download_filename(name, file) == expected


# ---- the page ------------------------------------------------------------------------------------


def test_page_has_one_card_per_pack_with_its_details(out):
    html = page(out)
    soe, investor = cards(html)
    assert "<h2" in soe and "徐汇区投资推介手册" in soe and "央企版" in soe
    for text in ("2026年11月22日", "数据截至", "2025年", "3 页", "2026年11月22日 10:30"):
        assert text in soe
    assert "引用数据 3 项，来源文章 2 篇" in soe
    assert "<details>" in soe and "澎湃新闻" in soe and "《凭何央企争先投资？》" in soe
    assert "4 页" in investor


def test_links_download_under_readable_chinese_names_while_files_keep_plain_names(out):
    html = page(out)
    assert 'href="soe.pdf" download="徐汇区投资推介-央企版.pdf"' in html
    assert 'href="soe.docx" download="徐汇区投资推介-央企版.docx"' in html
    assert (out / "soe.pdf").is_file() and not list(out.glob("徐汇*"))


def test_link_text_says_what_it_downloads(out):
    html = page(out)
    kb = round((out / "soe.pdf").stat().st_size / 1024)
    assert f"下载 PDF（3 页，{kb} KB）</a>" in html
    assert f"下载 Word（{round((out / 'soe.docx').stat().st_size / 1024)} KB）</a>" in html


def test_every_manifest_value_is_escaped(out):
    html = page(out)
    for raw in ("<script>", "<指南>", "<出版社>", "<b>粗</b>", 'download="投资指南-"'):
        assert raw not in html
    for escaped in ("投资&lt;指南&gt; &amp; &quot;合作&quot;", "&lt;script&gt;alert(1)&lt;/script&gt;",
                    "投资者&amp;版", "A&amp;B&lt;出版社&gt;", 'download="投资指南-投资者&amp;版.pdf"'):
        assert escaped in html


def test_page_works_offline_with_no_external_urls_and_no_script(out):
    html = page(out)
    assert "<script" not in html.replace("&lt;script", "")
    attrs = re.findall(r'\b(?:src|href|action|srcset|poster|data)\s*=\s*"([^"]*)"', html)
    assert attrs and not [a for a in attrs if re.match(r"[a-z][a-z0-9+.-]*:|//", a, re.I)]
    assert "url(" not in html and "@import" not in html and "@font-face" not in html
    assert "http://" not in html and "https://" not in html


def test_page_is_chinese_responsive_and_accessible(out):
    html = page(out)
    assert '<html lang="zh-CN">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert html.count("<h1>") == 1 and html.count("<h2") == 2
    assert '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC"' in html
    assert "display: grid" in html and "@media (max-width: 600px)" in html
    imgs = re.findall(r"<img [^>]*>", html)
    assert len(imgs) == 2
    assert all(re.search(r'alt="[^"]+封面"', img) for img in imgs)
    assert 'alt="徐汇区投资推介手册（央企版）封面"' in imgs[0]


def test_thumbnails_are_rendered_from_page_one_about_300_px_wide(out):
    from PIL import Image

    html = page(out)
    for brief in ("soe", "investor"):
        png = out / "thumbs" / f"{brief}.png"
        with Image.open(png) as im:
            assert im.width == 300 and 420 <= im.height <= 426  # A4 is 1 : 1.414
            r, g, b = im.convert("RGB").getpixel((150, 40))  # inside the cover's red band
            assert r > 120 and g < 60 and b < 60
        sha = hashlib.sha256((out / f"{brief}.pdf").read_bytes()).hexdigest()
        assert f'src="thumbs/{brief}.png?v={sha[:12]}"' in html


def test_unchanged_pdf_is_not_rendered_again_and_a_changed_one_is(out):
    first = site.write_site(out)
    assert (first.thumbs_rendered, first.thumbs_cached) == (2, 0)
    png = out / "thumbs" / "soe.png"
    stamp = png.stat().st_mtime_ns
    os.utime(png, ns=(stamp - 10**9, stamp - 10**9))
    second = site.write_site(out)
    assert (second.thumbs_rendered, second.thumbs_cached) == (0, 2)
    assert png.stat().st_mtime_ns == stamp - 10**9
    write_pdf(out / "soe.pdf", pages=5, label="NEW")
    third = site.write_site(out)
    assert (third.thumbs_rendered, third.thumbs_cached) == (1, 1)
    assert png.stat().st_mtime_ns != stamp - 10**9


def test_thumbnails_of_packs_no_longer_built_are_removed(out):
    site.write_site(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["packs"] = manifest["packs"][:1]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    site.write_site(out)
    assert sorted(p.name for p in (out / "thumbs").iterdir()) == ["soe.png"]


def test_same_packs_give_the_same_page(out):
    assert page(out) == page(out)


def test_missing_file_is_left_out_with_a_warning(out, capsys, monkeypatch):
    (out / "soe.docx").unlink()
    monkeypatch.chdir(out.parent)
    assert cli.main(["site", "--out", "out"]) == 0
    err = capsys.readouterr().err
    assert err == ("out/soe.docx: warning: file listed in out/manifest.json is missing; link left out\n"
                   "  hint: rebuild it with `make briefs`\n")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="soe.pdf"' in html and 'href="soe.docx"' not in html


def test_pack_without_files_says_so(out):
    (out / "soe.docx").unlink()
    (out / "soe.pdf").unlink()
    soe = cards(page(out))[0]
    assert "文件缺失" in soe and "<img" not in soe and "暂无封面预览" in soe


def test_output_outside_out_is_never_linked(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["packs"][0]["outputs"][0]["file"] = "../secret.pdf"
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = Report()
    site.write_site(out, report)
    assert "secret" not in (out / "index.html").read_text(encoding="utf-8")
    assert "is not a file in" in report.warnings[0].message


def test_cli_reports_what_it_wrote(out, capsys, monkeypatch):
    monkeypatch.chdir(out.parent)
    assert cli.main(["site", "--out", "out"]) == 0
    assert capsys.readouterr().out == "wrote out/index.html (2 packs, 2 thumbnails drawn)\n"
    assert cli.main(["site", "--out", "out"]) == 0
    assert capsys.readouterr().out == "wrote out/index.html (2 packs, 0 thumbnails drawn, 2 unchanged)\n"


def test_index_is_written_atomically(out, monkeypatch):
    site.write_site(out)
    before = (out / "index.html").read_bytes()

    def fail(src, dst):
        raise OSError("disk full")

    (out / "soe.pdf").unlink()  # the next page would differ
    monkeypatch.setattr(os, "replace", fail)  # files.atomic_path renames with os.replace
    with pytest.raises(OSError):
        site.write_site(out)
    assert (out / "index.html").read_bytes() == before
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_empty_manifest_gives_a_page_that_says_so(tmp_path):
    out = make_out(tmp_path, packs=())
    html = page(out)
    assert "暂无可下载的资料" in html and "make briefs" in html and "<h2" not in html


# ---- errors, word for word --------------------------------------------------------------------------

ERRORS = [
    (None, "error: out/manifest.json not found\n  hint: build packs first with `make briefs`\n1 error.\n"),
    ('{"packs": [', "out/manifest.json:1:12: error: not valid JSON: Expecting value\n"
                    "  hint: rebuild it with `make briefs`\n"
                    '     1 | {"packs": [\n'
                    "       |            ^\n1 error.\n"),
    ('{"version": 1}', 'out/manifest.json: error: not a briefkit manifest (no "packs" list)\n'
                       "  hint: rebuild it with `make briefs`\n1 error.\n"),
]


@pytest.mark.parametrize("manifest, message", ERRORS)
def test_bad_manifest_exits_1_with_the_message(tmp_path, capsys, monkeypatch, manifest, message):
    (tmp_path / "out").mkdir()
    if manifest is not None:
        (tmp_path / "out" / "manifest.json").write_text(manifest, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["site", "--out", "out"]) == 1
    captured = capsys.readouterr()
    assert captured.err == message and captured.out == ""
    assert not (tmp_path / "out" / "index.html").exists()


def test_missing_manifest_message_names_the_out_folder(tmp_path):
    with pytest.raises(BriefkitError) as e:
        site.write_site(tmp_path / "nowhere")
    assert str(e.value) == (f"error: {tmp_path}/nowhere/manifest.json not found\n"
                            "  hint: build packs first with `make briefs`")


# ---- decks ----------------------------------------------------------------------------------------

DECK = {**SOE, "brief": "soe_deck", "kind": "deck", "title": "徐汇区投资推介", "audience_label": "推介会",
        "download_name": "徐汇区投资推介-推介会演示文稿"}


def test_decks_are_listed_beside_packs_with_a_16_9_title_slide_thumbnail(tmp_path):
    from pypdf import PdfReader

    out = make_out(tmp_path, (SOE, DECK))
    # a deck's PDF is 16:9 and it has a PPTX instead of a DOCX
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(out / "soe_deck.pdf"), pagesize=(960, 540), invariant=1)
    c.rect(0, 0, 960, 540, fill=1)
    c.showPage()
    c.save()
    (out / "soe_deck.docx").rename(out / "soe_deck.pptx")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    deck = manifest["packs"][1]
    deck["outputs"] = [{"format": "pptx", "file": "soe_deck.pptx", "size": 1, "sha256": "", "pages": 1},
                       {"format": "pdf", "file": "soe_deck.pdf", "size": 1, "sha256": "", "pages": 1}]
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert len(PdfReader(str(out / "soe_deck.pdf")).pages) == 1
    html = page(out)
    packs_part, decks_part = html.split('<section class="decks"')
    assert 'id="pack-soe"' in packs_part and 'id="pack-soe_deck"' not in packs_part
    assert '<h2 class="group" id="decks-title">推介会演示文稿</h2>' in decks_part
    (deck_card,) = re.findall(r'<article class="card deck".*?</article>', decks_part, re.S)
    assert 'alt="徐汇区投资推介（推介会）首页" width="240" height="135"' in deck_card
    assert ('href="soe_deck.pptx" download="徐汇区投资推介-推介会演示文稿.pptx" '
            'type="application/vnd.openxmlformats-officedocument.presentationml.presentation"') in deck_card
    assert "下载 PowerPoint（1 张，" in deck_card and "<dt>幻灯片</dt><dd>1 张</dd>" in deck_card
    from PIL import Image

    with Image.open(out / "thumbs" / "soe_deck.png") as im:
        assert im.size == (480, 270)
    assert "另有推介会演示文稿 1 份。" in html


def test_a_page_without_decks_has_no_deck_section(out):
    assert '<section class="decks"' not in page(out)
