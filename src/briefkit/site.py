"""The download page: out/manifest.json → cover thumbnails + out/index.html (offline, no JavaScript)."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from . import __version__
from .errors import BriefkitError, Loc, Problem, Report
from .files import atomic_path, atomic_write, human_size, mime_type

THUMB_WIDTH = 300  # px; shown at 150 CSS px, so sharp on 2× screens
THUMBS = "thumbs"  # folder under out/
SHA_KEY = "briefkit-pdf-sha256"  # PNG text chunk: the sha256 of the PDF the thumbnail shows
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word"}
# Characters Windows, macOS or a browser will not accept in a saved file name.
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


@dataclass
class Link:
    """One download: a file in out/ and the name a browser saves it under."""

    format: str
    file: str  # plain name on disk, e.g. soe.pdf
    download: str  # e.g. 徐汇区投资推介-央企版.pdf
    size: int
    pages: int | None
    sha256: str

    @property
    def href(self) -> str:
        return quote(self.file)

    @property
    def text(self) -> str:
        """Return the link text: what it downloads, e.g. 下载 PDF（24 页，812 KB）."""
        name = FORMAT_NAMES.get(self.format, self.format.upper())
        details = ([f"{self.pages} 页"] if self.pages else []) + [human_size(self.size)]
        return f"下载 {name}（{'，'.join(details)}）"


@dataclass
class Card:
    """One built pack as the page shows it."""

    brief: str
    title: str
    subtitle: str
    audience_label: str
    date: str
    data_as_of: str
    built_at: str
    n_facts: int
    sources: list[tuple[str, str]]  # (publisher, title)
    links: list[Link]
    thumb: str | None = None  # src relative to out/, with a cache-busting query

    @property
    def heading(self) -> str:
        return f"{self.title}（{self.audience_label}）" if self.audience_label else self.title

    @property
    def alt(self) -> str:
        return f"{self.heading}封面"


@dataclass
class Site:
    """The whole page: cards plus what the header and footer say."""

    cards: list[Card]
    title: str
    updated: str
    version: str
    thumbs_rendered: int = 0
    thumbs_cached: int = 0
    report: Report = field(default_factory=Report)


# ---- small formatting helpers --------------------------------------------------------------------


def download_filename(download_name: str, file: str) -> str:
    """Return the name a browser should save `file` under: download_name plus the file's extension."""
    ext = Path(file).suffix
    name = _UNSAFE_NAME.sub("", download_name or "").strip(" .")
    return f"{name}{ext}" if name else file


def download_names(manifest: dict) -> dict[str, str]:
    """Return {file on disk: readable download name} for every output in the manifest."""
    names = {}
    for pack in manifest.get("packs") or []:
        if not isinstance(pack, dict):
            continue
        for out in pack.get("outputs") or []:
            if isinstance(out, dict) and _plain_name(out.get("file")):
                names[out["file"]] = download_filename(str(pack.get("download_name") or ""), out["file"])
    return names


def _plain_name(name) -> bool:
    # A manifest names files in out/ itself: no folders, no dotfiles.
    return (isinstance(name, str) and name != "" and name == os.path.basename(name)
            and "\\" not in name and not name.startswith("."))


def _zh_date(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    return f"{d.year}年{d.month}月{d.day}日"


def _zh_datetime(iso: str) -> str:
    try:
        t = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


# ---- manifest → model ----------------------------------------------------------------------------


def load_manifest(out_dir: Path) -> dict:
    """Return the parsed out/manifest.json; raise BriefkitError if it is missing or not a manifest."""
    path = out_dir / "manifest.json"
    if not path.is_file():
        raise BriefkitError(Problem(None, f"{path} not found", "build packs first with `make briefs`"))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise BriefkitError(Problem(Loc(str(path), e.lineno, e.colno), f"not valid JSON: {e.msg}",
                                    "rebuild it with `make briefs`")) from None
    except (OSError, UnicodeDecodeError) as e:
        raise BriefkitError(Problem(Loc(str(path)), f"cannot read: {e}",
                                    "rebuild it with `make briefs`")) from None
    if not isinstance(data, dict) or not isinstance(data.get("packs"), list):
        raise BriefkitError(Problem(Loc(str(path)), "not a briefkit manifest (no \"packs\" list)",
                                    "rebuild it with `make briefs`"))
    return data


def collect(out_dir: Path, manifest: dict, report: Report) -> list[Card]:
    """Return one Card per pack whose files exist; warn (in `report`) about missing files."""
    cards = []
    for i, pack in enumerate(manifest["packs"]):
        if not isinstance(pack, dict) or not isinstance(pack.get("brief"), str):
            report.warning(Loc(str(out_dir / "manifest.json")), f"pack {i + 1} has no brief name; left out")
            continue
        links = []
        for out in pack.get("outputs") or []:
            link = _link(out_dir, pack, out, report)
            if link:
                links.append(link)
        sources = [(str(s.get("publisher") or ""), str(s.get("title") or ""))
                   for s in pack.get("sources") or [] if isinstance(s, dict)]
        cards.append(Card(
            brief=pack["brief"], title=str(pack.get("title") or pack["brief"]),
            subtitle=str(pack.get("subtitle") or ""), audience_label=str(pack.get("audience_label") or ""),
            date=_zh_date(pack.get("date")),
            data_as_of=str(pack.get("data_as_of") or "").removeprefix("数据截至"),
            built_at=_zh_datetime(pack.get("built_at")), n_facts=len(pack.get("facts") or []),
            sources=sources, links=links))
    return cards


def _link(out_dir: Path, pack: dict, out, report: Report) -> Link | None:
    if not isinstance(out, dict) or not _plain_name(out.get("file")):
        report.warning(Loc(str(out_dir / "manifest.json")),
                       f"pack '{pack['brief']}' lists an output that is not a file in {out_dir}: "
                       f"{out.get('file') if isinstance(out, dict) else out!r}; link left out")
        return None
    path = out_dir / out["file"]
    if not path.is_file():
        report.warning(Loc(str(path)),
                       f"file listed in {out_dir / 'manifest.json'} is missing; link left out",
                       "rebuild it with `make briefs`")
        return None
    fmt = str(out.get("format") or path.suffix.lstrip("."))
    pages = out.get("pages") if isinstance(out.get("pages"), int) else None
    return Link(format=fmt, file=out["file"],
                download=download_filename(str(pack.get("download_name") or ""), out["file"]),
                size=path.stat().st_size, pages=pages, sha256=str(out.get("sha256") or ""))


# ---- thumbnails ----------------------------------------------------------------------------------


def _thumb_sha(png: Path) -> str | None:
    if not png.is_file():
        return None
    from PIL import Image

    try:
        with Image.open(png) as im:
            im.load()
            return im.text.get(SHA_KEY)
    except (OSError, ValueError):
        return None


def thumbnail(pdf: Path, png: Path, sha256: str, width: int = THUMB_WIDTH) -> bool:
    """Render page 1 of `pdf` to `png`, unless `png` already shows this sha256; return True if drawn."""
    if _thumb_sha(png) == sha256:
        return False
    import pypdfium2 as pdfium
    from PIL import PngImagePlugin

    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        image = page.render(scale=width / page.get_width(), may_draw_forms=False).to_pil()
    finally:
        doc.close()
    info = PngImagePlugin.PngInfo()
    info.add_text(SHA_KEY, sha256)
    png.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(png) as tmp:
        image.convert("RGB").save(tmp, "PNG", pnginfo=info, optimize=True)
    return True


def _thumb_name(brief: str) -> str:
    stem = re.sub(r"[^\w.-]", "_", brief).lstrip(".") or "pack"
    return f"{stem}.png"


def add_thumbnails(out_dir: Path, site: Site) -> None:
    """Give every card with a PDF a cover thumbnail (cached by the PDF's sha256); prune stale ones."""
    keep = set()
    for card in site.cards:
        pdf = next((link for link in card.links if link.format == "pdf"), None)
        if pdf is None:
            continue
        name = _thumb_name(card.brief)
        keep.add(name)
        png = out_dir / THUMBS / name
        sha = _sha256(out_dir / pdf.file)
        try:
            drawn = thumbnail(out_dir / pdf.file, png, sha)
        except Exception as e:  # pypdfium2 raises its own error types for a broken PDF
            site.report.warning(Loc(str(out_dir / pdf.file)), f"cannot draw the cover thumbnail: {e}",
                                "rebuild the pack with `make briefs`")
            continue
        site.thumbs_rendered += drawn
        site.thumbs_cached += not drawn
        card.thumb = f"{THUMBS}/{quote(name)}?v={sha[:12]}"  # new PDF → new URL, so no stale cache
    thumbs = out_dir / THUMBS
    if thumbs.is_dir():
        for png in thumbs.glob("*.png"):
            if png.name not in keep and _thumb_sha(png):  # only thumbnails briefkit drew
                png.unlink()


# ---- model → HTML ---------------------------------------------------------------------------------

CSS = """
:root {
  --accent: #8b1a1a; --accent-dark: #6b1212; --accent-soft: #f7ecea;
  --ink: #1f2329; --muted: #545b66; --line: #dfe2e6; --bg: #f3f4f6; --card: #ffffff;
  --focus: #1f4e79;
  --sans: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
          "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif;
  --serif: "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 16px/1.7 var(--sans); }
.wrap { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
.masthead { background: var(--card); border-top: 4px solid var(--accent);
  border-bottom: 1px solid var(--line); }
.masthead .wrap { padding-top: 32px; padding-bottom: 28px; }
.eyebrow { margin: 0; color: var(--accent); font-size: 14px; font-weight: 600; letter-spacing: .2em; }
h1 { margin: 6px 0 10px; font: 700 32px/1.3 var(--serif); letter-spacing: .06em; }
.lead { margin: 0; color: var(--muted); font-size: 15px; max-width: 46em; }
.updated { margin: 4px 0 0; color: var(--muted); font-size: 13px; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
main.wrap { padding-top: 28px; padding-bottom: 24px; }
.packs { list-style: none; margin: 0; padding: 0; display: grid; gap: 24px;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 540px), 1fr)); }
.card { height: 100%; background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: 24px; display: grid; grid-template-columns: 150px minmax(0, 1fr); column-gap: 24px;
  grid-template-areas: "cover head" "cover meta" "actions actions" "more more";
  align-content: start; }
.cover { grid-area: cover; margin: 0; }
.cover img, .cover .blank { display: block; width: 150px; height: auto; aspect-ratio: 210 / 297;
  border: 1px solid var(--line); border-radius: 2px; background: #fafafa;
  box-shadow: 0 1px 2px rgba(0,0,0,.06), 0 4px 12px rgba(0,0,0,.06); }
.cover .blank { display: flex; align-items: center; justify-content: center; color: var(--muted);
  font-size: 13px; }
.head { grid-area: head; }
.badge { display: inline-block; margin: 0; padding: 1px 10px; border-radius: 3px;
  background: var(--accent-soft); color: var(--accent-dark); font-size: 13px; font-weight: 600;
  letter-spacing: .08em; }
h2 { margin: 8px 0 2px; font-size: 21px; line-height: 1.4; font-weight: 700; }
.subtitle { margin: 0; color: var(--muted); font-size: 15px; }
.meta { grid-area: meta; align-self: start; display: grid; grid-template-columns: auto minmax(0, 1fr);
  gap: 2px 16px; margin: 14px 0 0; font-size: 14px; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; font-variant-numeric: tabular-nums; }
.downloads { grid-area: actions; display: grid; gap: 12px; margin: 22px 0 0; padding: 0; list-style: none;
  grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); }
.btn { display: flex; align-items: center; justify-content: center; min-height: 44px; padding: 8px 14px;
  border: 1px solid var(--accent); border-radius: 4px; font-size: 15px; font-weight: 600;
  text-decoration: none; color: var(--accent); background: var(--card); }
.btn.primary { color: #fff; background: var(--accent); }
.btn:hover { background: var(--accent-soft); color: var(--accent-dark); }
.btn.primary:hover { background: var(--accent-dark); color: #fff; }
.btn:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.missing { grid-area: actions; margin: 22px 0 0; color: var(--accent-dark); font-size: 14px; }
details { grid-area: more; margin-top: 20px; padding-top: 12px; border-top: 1px solid var(--line);
  font-size: 14px; color: var(--muted); }
summary { cursor: pointer; color: var(--ink); }
details ol { margin: 8px 0 0; padding-left: 1.6em; }
details li + li { margin-top: 4px; }
.src-pub { color: var(--ink); }
.empty { padding: 48px 24px; text-align: center; background: var(--card); border: 1px dashed var(--line);
  border-radius: 6px; color: var(--muted); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
footer { padding: 8px 0 40px; color: var(--muted); font-size: 13px; }
@media (max-width: 600px) {
  .wrap { padding: 0 16px; }
  .masthead .wrap { padding-top: 22px; padding-bottom: 20px; }
  h1 { font-size: 24px; }
  .card { padding: 16px; grid-template-columns: 96px minmax(0, 1fr); column-gap: 16px;
    grid-template-areas: "cover head" "meta meta" "actions actions" "more more"; }
  .cover img, .cover .blank { width: 96px; }
  h2 { font-size: 18px; }
  .downloads { grid-template-columns: 1fr; margin-top: 18px; }
}
@media print {
  body { background: #fff; }
  .card { break-inside: avoid; border-color: #999; }
  .btn { border: 0; padding: 0; min-height: 0; color: var(--ink); background: none; }
}
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def render_html(site: Site) -> str:
    """Return the page as HTML: every manifest value escaped, nothing fetched from elsewhere."""
    n = len(site.cards)
    lead = (f"共 {n} 个版本，均提供 PDF（适合阅读、打印）与 Word（便于编辑、摘录）两种格式。"
            if n else "尚未生成任何资料。")
    updated = f'<p class="updated">更新于 {_e(site.updated)}</p>\n' if site.updated else ""
    body = ("\n".join(_card_html(c) for c in site.cards) if site.cards else "")
    if site.cards:
        main = f'<ul class="packs">\n{body}\n</ul>'
    else:
        main = '<p class="empty">暂无可下载的资料。请先运行 <code>make briefs</code> 生成手册。</p>'
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="briefkit {_e(site.version)}">
<title>{_e(site.title)} · 资料下载</title>
<style>{CSS}</style>
</head>
<body>
<header class="masthead">
<div class="wrap">
<p class="eyebrow">资料下载</p>
<h1>{_e(site.title)}</h1>
<p class="lead">{_e(lead)}</p>
{updated}</div>
</header>
<main class="wrap">
{main}
</main>
<footer class="wrap">
<p>本页由 briefkit {_e(site.version)} 生成，可在内网离线使用。文件下载后请核对“数据截至”日期。</p>
</footer>
</body>
</html>
"""


def _card_html(c: Card) -> str:
    hid = f"pack-{c.brief}-title"
    if c.thumb:
        cover = f'<img src="{_e(c.thumb)}" alt="{_e(c.alt)}" width="150" height="212" loading="lazy">'
    else:
        cover = '<div class="blank">暂无封面预览</div>'
    rows = [("编印日期", c.date), ("数据截至", c.data_as_of),
            ("页数", next((f"{ln.pages} 页" for ln in c.links if ln.pages), "")),
            ("生成时间", c.built_at)]
    meta = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows if v)
    if c.links:
        items = "".join(
            f'<li><a class="btn{" primary" if i == 0 else ""}" href="{_e(ln.href)}" '
            f'download="{_e(ln.download)}" type="{_e(mime_type(ln.file))}" aria-describedby="{_e(hid)}">'
            f"{_e(ln.text)}</a></li>" for i, ln in enumerate(c.links))
        actions = f'<ul class="downloads">{items}</ul>'
    else:
        actions = '<p class="missing">文件缺失，请重新生成（<code>make briefs</code>）。</p>'
    sources = "".join(
        f'<li><span class="src-pub">{_e(pub)}</span>{"：" if pub else ""}《{_e(title)}》</li>'
        for pub, title in c.sources)
    more = (f"<details><summary>引用数据 {c.n_facts} 项，来源文章 {len(c.sources)} 篇</summary>"
            + (f"<ol>{sources}</ol>" if sources else "")
            + "</details>")
    badge = f'<p class="badge">{_e(c.audience_label)}</p>' if c.audience_label else ""
    # The badge shows the audience; the heading says it too, for screen readers, so every h2 differs.
    audience = f'<span class="vh">（{_e(c.audience_label)}）</span>' if c.audience_label else ""
    subtitle = f'<p class="subtitle">{_e(c.subtitle)}</p>' if c.subtitle else ""
    return (f'<li><article class="card" id="pack-{_e(c.brief)}" aria-labelledby="{_e(hid)}">\n'
            f'<figure class="cover">{cover}</figure>\n'
            f'<div class="head">{badge}<h2 id="{_e(hid)}">{_e(c.title)}{audience}</h2>{subtitle}</div>\n'
            f'<dl class="meta">{meta}</dl>\n{actions}\n{more}\n</article></li>')


# ---- the command ---------------------------------------------------------------------------------


def build_site(out_dir: Path, report: Report | None = None) -> Site:
    """Read out/manifest.json and draw the thumbnails; return the page model (nothing else written)."""
    site_report = report if report is not None else Report()
    manifest = load_manifest(out_dir)
    cards = collect(out_dir, manifest, site_report)
    titles = {c.title for c in cards}
    # Built-at times, not the clock: the same packs always give the same page.
    stamps = [p.get("built_at") for p in manifest["packs"] if isinstance(p, dict) and p.get("built_at")]
    site = Site(cards=cards, title=titles.pop() if len(titles) == 1 else "投资推介资料",
                updated=_zh_datetime(max(stamps)) if stamps else "",
                version=str(manifest.get("briefkit_version") or __version__), report=site_report)
    add_thumbnails(out_dir, site)
    return site


def write_site(out_dir: Path, report: Report | None = None) -> Site:
    """Write out/index.html (atomically: temp file, then rename) and its thumbnails; return the model."""
    site = build_site(out_dir, report)
    text = render_html(site)
    atomic_write(out_dir / "index.html", text)  # readers see the old page or the new one, never half
    return site
