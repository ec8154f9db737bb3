"""The PDF's text layer: every character searches and copies as itself, read back by two extractors.

pypdfium2 (Chrome's PDF engine) and pypdf are independent: each reads the ToUnicode CMaps and
the text positions its own way; poppler's pdftotext checks the key-figure panels where installed.
Rare ideographs come from every CJK block that both Noto faces cover (Extension A to F and the
compatibility ideographs); Extension G and later are not in the serif face, and U+20000 𠀀 is in
neither, so they are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefkit import fonts
from briefkit.cli import main
from briefkit.render.pdf import tounicode
from conftest import REPO, SOURCES_YAML, write

# Candidates per block, in the order we prefer them; the test uses the first that every face
# covers. 𠀀 U+20000 is not in Noto Serif SC / Sans SC (tested below), so Extension B uses 𠂇.
BLOCKS = {
    "Extension A": "䶮㐀",  # U+4DAE U+3400
    "Extension B": "𠀀𠂇𠘨",  # U+20000 U+20087 U+20628
    "Extension C": "𪟝𪣻",  # U+2A7DD U+2A8FB
    "Extension D": "𫞩𫟅",  # U+2B7A9 U+2B7C5
    "Extension E": "𬭚𫢸",  # U+2CB5A U+2B8B8
    "Extension F": "𭕄",  # U+2D544
    "Compatibility Ideographs": "\uF901\uF902",  # 更車, not their unified forms U+66F4 U+8ECA
    "Compatibility Supplement": "\U0002F884\U0002F8B6",  # 巽拔, not U+5DFD U+62D4
}


def covered(ch: str) -> bool:
    return all(ord(ch) in fonts.coverage(role) for role in fonts.ROLES)


def rare() -> str:
    """Return one covered character per block, in BLOCKS order."""
    picked = []
    for name, candidates in BLOCKS.items():
        ok = [c for c in candidates if covered(c)]
        assert ok, f"no {name} character in BLOCKS is covered by the fonts"
        picked.append(ok[0])
    return "".join(picked)


def test_u20000_is_not_covered_so_extension_b_uses_another_character():
    assert not covered("𠀀") and covered("𠂇")


# ---- the CMap itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("ch, hexed", [
    ("A", "0041"), ("䶮", "4DAE"), ("\uF901", "F901"), ("𬭚", "D872DF5A"), ("𠂇", "D840DC87"),
    ("\U0002F884", "D87EDC84"),
])
def test_cmap_writes_utf16_with_surrogate_pairs_beyond_the_bmp(ch, hexed):
    cmap = tounicode.to_unicode_cmap("AAAAAA+X", [0, ord(ch)])
    assert f"<01> <{hexed}>" in cmap.splitlines()


def test_cmap_blocks_hold_at_most_100_entries_and_skip_notdef():
    codes = [0] + list(range(0x4E00, 0x4E00 + 255))
    lines = tounicode.to_unicode_cmap("AAAAAA+X", codes).splitlines()
    counts = [int(line.split()[0]) for line in lines if line.endswith("beginbfchar")]
    assert counts == [100, 100, 55]
    mapped = [line[:4] for line in lines if re.fullmatch(r"<[0-9A-F]{2}> <[0-9A-F]{4,8}>", line)]
    assert len(mapped) == 255 and "<00>" not in mapped


# ---- pack round trips --------------------------------------------------------------------------


def extract(path: Path) -> dict[str, str]:
    """Return extractor name → the whole document's text."""
    import pypdf
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        by_pdfium = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    by_pypdf = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages)
    return {"pdfium": by_pdfium.replace("\r\n", "\n"), "pypdf": by_pypdf}


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def found_whole(needle: str, text: str) -> bool:
    """Whether `needle` is in the text on one line, as written (no space or break inside)."""
    return any(needle in line for line in lines_of(text))


def found_across_lines(needle: str, text: str) -> bool:
    """Whether `needle` is in the text once line breaks (and only they) are taken out."""
    return needle in "".join(lines_of(text))


SENTENCE = "本段落测试生僻字{r}在正文中的检索与复制，{r}应逐字还原，两端对齐时也不应插入空格。"


def project_with_rare_characters(tmp: Path) -> tuple[Path, dict[str, str]]:
    """Write a one-chapter project with a rare character from every block in each kind of text."""
    r = rare()
    prose = SENTENCE.format(r=r) * 2
    parts = {
        "prose": prose.split("，")[0],
        "label": f"{r}镇财政收入",
        "value": f"{r}首个",
        "contact": f"联系人：{r}",
        "recipient": f"{r}集团有限公司",
        # Drawn with one glyph each in Noto (U+66F4 and U+F901; U+5DFD and U+2F884): still two
        # characters each, as written.
        "same_glyph": "同形字\u66F4\uF901\u5DFD\U0002F884各自还原",
    }
    article = f"{r}镇财政收入达250亿元，是{r}首个千亿级产业园。\n"
    facts = f"""\
    facts:
      - id: economy.fiscal_revenue
        label: {parts['label']}
        value: 250
        unit: 亿元
        as_of: 2023
        source: paper
        quote: {r}镇财政收入达250亿元
      - id: economy.first_park
        label: 千亿级产业园
        value: {parts['value']}
        as_of: 2023
        source: paper
        quote: {r}首个
    """
    brief = f"""\
    audience: soe
    audience_label: 测试版
    title: 测试手册
    organiser: 测试办公室
    date: 2024-03-29
    contact:
      - "{parts['contact']}"
    chapters:
      - ch
    """
    chapter = f"""\
    # 概况

    {prose}

    {parts['same_glyph']}。

    {{{{ period('economy.fiscal_revenue') }}}}财政收入{{{{ fact('economy.fiscal_revenue') }}}}，园区为{{{{ fact('economy.first_park') }}}}。

    {{{{ key_figures('economy.fiscal_revenue', 'economy.first_park', title='关键数据') }}}}

    {{{{ facts_table('economy.fiscal_revenue', 'economy.first_park', caption='数据一览') }}}}
    """
    sector = "# 与{{ recipient.short_name }}的合作\n\n欢迎{{ recipient.name }}来访。\n"
    root = write(tmp, {"facts/sources.yaml": SOURCES_YAML, "articles/a.txt": article,
                       "facts/economy.yaml": facts, "briefs/soe.yaml": brief,
                       "templates/soe/ch.md": chapter, "templates/soe/sectors/default.md": sector,
                       "recipients.csv": f"name,short_name,sector,contact,title\n"
                                         f"{parts['recipient']},{r},,,\n"})
    return root, parts


@pytest.fixture(scope="module")
def rare_packs(tmp_path_factory):
    """Build the rare-character project as a pack and as an invitation; return (parts, texts,
    the pack's PDF)."""
    root, parts = project_with_rare_characters(tmp_path_factory.mktemp("rare"))
    out = root / "out"
    assert main(["--project", str(root), "build", "soe", "--out", str(out)]) == 0
    assert main(["--project", str(root), "build", "soe", "--recipients",
                 str(root / "recipients.csv"), "--out", str(out / "inv"), "--jobs", "1"]) == 0
    invitation = next((out / "inv").rglob("*.pdf"))
    pack = out / "soe.pdf"
    return parts, {"pack": extract(pack), "invitation": extract(invitation)}, pack


@pytest.fixture
def rare_packs_pdf(rare_packs):
    return rare_packs[2]


@pytest.mark.parametrize("pack", ["pack", "invitation"])
@pytest.mark.parametrize("extractor", ["pdfium", "pypdf"])
@pytest.mark.parametrize("part", ["prose", "label", "value", "contact", "same_glyph"])
def test_rare_ideographs_read_back_as_themselves(rare_packs, pack, extractor, part):
    parts, texts, _ = rare_packs
    assert found_whole(parts[part], texts[pack][extractor])


@pytest.mark.parametrize("extractor", ["pdfium", "pypdf"])
def test_invitation_recipient_name_reads_back_as_itself(rare_packs, extractor):
    parts, texts, _ = rare_packs
    assert found_whole(parts["recipient"], texts["invitation"][extractor])


@pytest.mark.parametrize("extractor", ["pdfium", "pypdf"])
def test_justified_prose_reads_back_without_spaces_between_ideographs(rare_packs, extractor):
    text = rare_packs[1]["pack"][extractor]
    sentence = SENTENCE.format(r=rare())
    assert found_across_lines(sentence * 2, text)  # a space inside a line would break it


@pytest.mark.parametrize("extractor", ["pdfium", "pypdf"])
def test_key_figure_value_unit_and_source_line_read_back_together(rare_packs, extractor):
    _, texts, _ = rare_packs  # a panel cites its sources in its 资料来源 line, not on each value
    assert found_whole("250亿元", texts["pack"][extractor])
    assert found_whole("资料来源：澎湃新闻[1]", texts["pack"][extractor])


# ---- the real packs and invitation packs -----------------------------------------------------

FOOTER = re.compile(r"第 \d+ 页 / 共 \d+ 页")


def pages_of(path: Path) -> dict[str, list[str]]:
    """Return extractor name → one text per page."""
    import pypdf
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        by_pdfium = [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n")
                     for i in range(len(pdf))]
    finally:
        pdf.close()
    return {"pdfium": by_pdfium,
            "pypdf": [p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages]}


def body_lines(pages: list[str]) -> list[str]:
    """Return the lines of all pages in order, without page furniture (header, footer): the
    lines that repeat on most pages, and page numbers."""
    per_page = [lines_of(p) for p in pages]
    counts: dict[str, int] = {}
    for lines in per_page:
        for line in set(lines):
            counts[line] = counts.get(line, 0) + 1
    furniture = {line for line, n in counts.items() if n > len(pages) / 2}
    return [line for lines in per_page for line in lines
            if line and line not in furniture and not FOOTER.search(line)]


def inline_text(inlines) -> str:
    from briefkit import doc as d

    return "".join(f"[{i.number}]" if isinstance(i, d.Citation) else i.text for i in inlines)


def figure_of(cell) -> str:
    """Return the start of a table cell that must not break: qualifier, number and unit's first
    character ('1.15公' of '1.15公里/平方公里[2]'), or '' for a cell without a number."""
    m = re.match(r"\D{0,4}\d[\d.,]*[^\d\s\[]?", inline_text(cell))
    return m.group(0) if m else ""


def regions(document) -> list[tuple[str, str, list[str]]]:
    """Return (kind, where it starts, figures) for each key-figure panel and fact table: the
    figures must read back on one line, near the start (the panel title, the table caption)."""
    from briefkit import doc as d

    out = []
    for block in document.blocks:
        if isinstance(block, d.KeyFigures) and block.title:
            out.append(("panel", block.title, [k.value + (f"[{k.citation}]" if k.citation else "")
                                               for k in block.items]))
        elif isinstance(block, d.Table) and block.caption:
            cells = [c for row in block.rows for c in row
                     if any(isinstance(i, d.Citation) for i in c)]
            out.append(("table", f"表 {block.number}", [f for f in map(figure_of, cells) if f]))
    return out


def region_lines(lines: list[str], kind: str, start: str) -> list[str]:
    """Return the lines of a panel (short lines after its title) or a table (up to its source
    line), so that the same figure in the prose around it does not count."""
    i = next(k for k, line in enumerate(lines) if line.startswith(start) or line == start)
    out = []
    for line in lines[i + 1:]:
        if kind == "panel" and len(line) > 24 or kind == "table" and line.startswith("资料来源"):
            break
        out.append(line)
    return out


def blocks_text(document) -> list[str]:
    """Return the text of every paragraph, quote, list item and fact cell: it must read back
    with nothing but line breaks inside."""
    from briefkit import doc as d

    out = []
    for block in document.blocks:
        if isinstance(block, (d.Paragraph, d.Quote)):
            out.append(inline_text(block.inlines))
        elif isinstance(block, d.BulletList):
            out += [inline_text(item) for item in block.items]
        elif isinstance(block, d.Table):
            out += [inline_text(c) for row in block.rows for c in row
                    if any(isinstance(i, d.Citation) for i in c)]
    return out


@pytest.fixture(scope="module")
def real_packs(tmp_path_factory):
    """Build the three packs and every invitation pack of the real project; return
    name → (document, extractor → pages, PDF path)."""
    from briefkit.pipeline import build as b
    from briefkit.pipeline import invitations as inv
    from briefkit.errors import Report

    out = tmp_path_factory.mktemp("real")
    base = b.load_facts(REPO)
    built = {name: b.build(REPO, name, out, ["pdf"], base=base)
             for name in ("soe", "investor", "resident")}
    people = inv.read_recipients(REPO / "briefs/recipients/soe.csv")
    for task in inv.plan(REPO, "soe", people, "soe.csv", Report()):
        built[task.recipient.name] = b.build(
            REPO, "soe", out, ["pdf"], base=base, recipient=task.recipient.variables(),
            stem=task.slug, extra_chapters=[(task.chapter, task.loc)] if task.chapter else None)
    return {name: (res.document, pages_of(res.outputs[0].path), res.outputs[0].path)
            for name, res in built.items()}


PACKS = ["soe", "investor", "resident"]
RECIPIENTS = [line.split(",")[0] for line in
              (REPO / "briefs/recipients/soe.csv").read_text(encoding="utf-8").splitlines()[1:]
              if line.strip()]
IDS = PACKS + [f"invitation{i}" for i in range(1, len(RECIPIENTS) + 1)]


@pytest.mark.parametrize("extractor", ["pdfium", "pypdf"])
@pytest.mark.parametrize("name", PACKS + RECIPIENTS, ids=IDS)
def test_figures_of_real_packs_read_back_with_their_units(real_packs, name, extractor):
    document, pages, _ = real_packs[name]
    lines = body_lines(pages[extractor])
    found = regions(document)
    assert {kind for kind, _, _ in found} == {"panel", "table"}
    split = [(start, f) for kind, start, figures in found for f in figures
             if not any(f in line for line in region_lines(lines, kind, start))]
    assert split == []


@pytest.mark.parametrize("extractor", ["pdfium", "pypdf"])
@pytest.mark.parametrize("name", PACKS + RECIPIENTS, ids=IDS)
def test_text_of_real_packs_reads_back_without_inserted_spaces(real_packs, name, extractor):
    document, pages, _ = real_packs[name]
    joined = "".join(body_lines(pages[extractor]))
    assert [t for t in blocks_text(document) if t not in joined] == []


@pytest.mark.parametrize("extractor", ["pdfium", "pypdf"])
@pytest.mark.parametrize("name", RECIPIENTS, ids=IDS[len(PACKS):])
def test_invitation_names_read_back_as_themselves(real_packs, name, extractor):
    _, pages, _ = real_packs[name]
    assert found_whole(name, pages[extractor][0])


@pytest.mark.parametrize("extractor", ["pdfium", "pypdf"])
@pytest.mark.parametrize("name", PACKS + RECIPIENTS, ids=IDS)
def test_real_packs_have_no_unmapped_glyphs(real_packs, name, extractor):
    text = "".join(real_packs[name][1][extractor])
    assert [c for c in text if c in "\x00\ufffd" or 0xE000 <= ord(c) <= 0xF8FF] == []


def test_key_figure_is_one_actual_text_span(rare_packs_pdf):
    import pypdf

    page_streams = [p.get_contents().get_data() for p in pypdf.PdfReader(str(rare_packs_pdf)).pages]
    spans = [bytes.fromhex(h.decode()).decode("utf-16-be")
             for data in page_streams for h in re.findall(rb"/ActualText <FEFF([0-9A-F]+)>", data)]
    assert "250亿元" in spans  # its source is in the panel's 资料来源 line


@pytest.mark.parametrize("name", PACKS)
def test_key_figures_read_back_together_in_poppler(real_packs, name):
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; `make test-tools` installs it")
    document, _, path = real_packs[name]
    lines = lines_of(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                    text=True, check=True).stdout)
    lines = [line for line in lines if line]
    panels = [(start, figures) for kind, start, figures in regions(document) if kind == "panel"]
    assert panels
    split = [(start, f) for start, figures in panels for f in figures
             if not any(f in line for line in region_lines(lines, "panel", start))]
    assert split == []
