"""Small throwaway projects and out/ folders that tests across the layout build on."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conftest import ARTICLE, GOOD, SOURCES_YAML, write


BRIEF = """\
audience: soe
audience_label: 测试版
title: 测试手册
organiser: 测试办公室
date: 2024-03-29
chapters:
  - ch
"""
CHAPTER = "# 概况\n\n{{ period('economy.fiscal_revenue') }}财政收入{{ fact('economy.fiscal_revenue') }}。\n"


def mini(root: Path, chapter: str = CHAPTER, facts: str = GOOD) -> Path:
    """Write a one-chapter project."""
    return write(root, {"facts/sources.yaml": SOURCES_YAML, "articles/a.txt": ARTICLE,
                        "facts/economy.yaml": facts, "briefs/soe.yaml": BRIEF,
                        "templates/soe/ch.md": chapter})


def texts(out_dir: Path) -> tuple[str, str]:
    import docx
    from pypdf import PdfReader

    pdf = "".join(p.extract_text() for p in PdfReader(str(out_dir / "soe.pdf")).pages)
    document = docx.Document(str(out_dir / "soe.docx"))
    body = "\n".join(p.text for p in document.paragraphs)
    body += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    return pdf, body.replace("\u2060", "")  # the DOCX's word joiners are invisible


# ---- a fake out/ for the download page and the server -------------------------------------------

SOE = {
    "brief": "soe", "title": "徐汇区投资推介手册", "subtitle": "央地携手　共筑新质生产力高地",
    "audience": "soe", "audience_label": "央企版", "date": "2026-11-22", "data_as_of": "数据截至2025年",
    "download_name": "徐汇区投资推介-央企版", "built_at": "2026-11-22T10:30:00+08:00",
    "briefkit_version": "0.1.0", "facts": ["economy.gdp", "economy.area", "ai.firms"],
    "sources": [{"id": "paper", "file": "a.txt", "publisher": "澎湃新闻", "title": "凭何央企争先投资？"},
                {"id": "sasac", "file": "b.txt", "publisher": "市国资委", "title": "从“垂直硅谷”到大模型生态社区"}],
}
# Every field a person could type, with characters HTML gives meaning to.
TRICKY = {
    "brief": "investor", "title": '投资<指南> & "合作"', "subtitle": "<script>alert(1)</script>",
    "audience": "investor", "audience_label": "投资者&版", "date": "2026-11-20",
    "data_as_of": "数据截至2024年6月", "download_name": '投资指南-"投资者"&<版>',
    "built_at": "2026-11-21T09:00:00+08:00", "briefkit_version": "0.1.0", "facts": ["a.b"],
    "sources": [{"id": "x", "file": "x.txt", "publisher": "A&B<出版社>", "title": "标题\"<b>粗</b>\""}],
}


def write_pdf(path: Path, pages: int = 3, label: str = "BRIEF") -> None:
    """Write a small real PDF: a coloured cover band and a title on page 1."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    w, h = A4
    for n in range(pages):
        if n == 0:
            c.setFillColorRGB(0.55, 0.1, 0.1)
            c.rect(0, h * 0.55, w, h * 0.45, stroke=0, fill=1)
            c.setFillColorRGB(1, 1, 1)
            c.setFont("Helvetica-Bold", 36)
            c.drawString(60, h * 0.7, label)
        else:
            c.setFont("Helvetica", 12)
            c.drawString(60, h - 80, f"page {n + 1}")
        c.showPage()
    c.save()


def make_out(root: Path, packs=(SOE, TRICKY)) -> Path:
    """Write a fake out/ (PDF, dummy DOCX and manifest.json per pack) under root; return it."""
    out = root / "out"
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for i, pack in enumerate(packs):
        pdf, docx = out / f"{pack['brief']}.pdf", out / f"{pack['brief']}.docx"
        write_pdf(pdf, pages=3 + i, label=pack["brief"].upper())
        docx.write_bytes(b"PK\x03\x04 not really a docx " + pack["brief"].encode() * 500)
        outputs = [{"format": p.suffix[1:], "file": p.name, "size": p.stat().st_size,
                    "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
                    "pages": 3 + i if p.suffix == ".pdf" else None} for p in (pdf, docx)]
        entries.append({**pack, "outputs": outputs})
    manifest = {"briefkit_version": "0.1.0", "packs": entries}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return out
