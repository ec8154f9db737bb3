"""The download page's model: out/manifest.json → one Card per pack, with its download links."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..errors import BriefkitError, Loc, Problem, Report
from ..files import download_filename, human_size, mime_type

FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "pptx": "PowerPoint"}


class Downloadable:
    """A file under out/ offered for download: its URL and Content-Type (for links and the server).
    Subclasses are dataclasses with a `file` field: a path relative to out/."""

    @property
    def href(self) -> str:
        return quote(self.file)

    @property
    def mime(self) -> str:
        return mime_type(self.file)


@dataclass
class Link(Downloadable):
    """One download: a file in out/ and the name a browser saves it under."""

    format: str
    file: str  # plain name on disk, e.g. soe.pdf
    download: str  # e.g. 徐汇区投资推介-央企版.pdf
    size: int
    pages: int | None
    sha256: str
    unit: str = "页"  # what `pages` counts: 页, or 张 (slides) for a deck

    @property
    def text(self) -> str:
        """Return the link text: what it downloads, e.g. 下载 PDF（24 页，812 KB）."""
        name = FORMAT_NAMES.get(self.format, self.format.upper())
        details = ([f"{self.pages} {self.unit}"] if self.pages else []) + [human_size(self.size)]
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
    kind: str = "pack"  # pack (a handout) or deck (slides for a presentation)

    @property
    def heading(self) -> str:
        return f"{self.title}（{self.audience_label}）" if self.audience_label else self.title

    @property
    def alt(self) -> str:
        return f"{self.heading}{'首页' if self.kind == 'deck' else '封面'}"

    @property
    def thumb_size(self) -> tuple[int, int]:
        """Return the thumbnail's CSS size: A4 portrait for a pack, 16:9 for a deck."""
        return (240, 135) if self.kind == "deck" else (150, 212)

    @property
    def hid(self) -> str:
        """Return the id of the card's heading, which its links point to for screen readers."""
        return f"pack-{self.brief}-title"

    @property
    def meta(self) -> list[tuple[str, str]]:
        """Return the card's details as (term, value), only those with a value."""
        count = "幻灯片" if self.kind == "deck" else "页数"
        rows = [("编印日期", self.date), ("数据截至", self.data_as_of),
                (count, next((f"{ln.pages} {ln.unit}" for ln in self.links if ln.pages), "")),
                ("生成时间", self.built_at)]
        return [(k, v) for k, v in rows if v]


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
    batches: list = field(default_factory=list)  # site.batches.Batch: invitation packs per brief

    @property
    def packs(self) -> list[Card]:
        return [c for c in self.cards if c.kind != "deck"]

    @property
    def decks(self) -> list[Card]:
        return [c for c in self.cards if c.kind == "deck"]


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


def zh_date(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    return f"{d.year}年{d.month}月{d.day}日"


def zh_datetime(iso: str) -> str:
    try:
        t = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


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


def clashes(out_dir: Path, manifest: dict) -> list[Problem]:
    """Return an error for each pack of the manifest that repeats an earlier one's card (kind,
    title and audience_label) or download names: what `briefkit check` refuses in the briefs."""
    seen: dict[tuple, str] = {}
    saved: dict[str, str] = {}
    where = Loc(str(out_dir / "manifest.json"))
    problems = []
    for pack in manifest["packs"]:
        if not isinstance(pack, dict) or not isinstance(pack.get("brief"), str):
            continue  # collect() warns about it
        name = pack["brief"]
        key = (pack.get("kind") or "pack", str(pack.get("title") or ""), str(pack.get("audience_label") or ""))
        files = [download_filename(str(pack.get("download_name") or ""), out["file"])
                 for out in pack.get("outputs") or [] if isinstance(out, dict) and _plain_name(out.get("file"))]
        hint = (f"give briefs/{name}.yaml its own {'audience_label' if key in seen else 'download_name'} "
                f"(`briefkit check` shows the line) and build it again")
        if key in seen:
            problems.append(Problem(where, f"the packs of briefs/{seen[key]}.yaml and briefs/{name}.yaml "
                                           f"have the same title and audience_label: the page would show "
                                           f"two cards no one can tell apart", hint))
            continue
        seen[key] = name
        same = next((f for f in files if f.casefold() in saved), None)
        if same is not None:
            problems.append(Problem(where, f"the packs of briefs/{saved[same.casefold()]}.yaml and "
                                           f"briefs/{name}.yaml both download as {same}: one download "
                                           "would overwrite the other", hint))
        for f in files:
            saved.setdefault(f.casefold(), name)
    return problems


def collect(out_dir: Path, manifest: dict, report: Report) -> list[Card]:
    """Return one Card per pack whose files exist; warn (in `report`) about missing files."""
    cards = []
    for i, pack in enumerate(manifest["packs"]):
        if not isinstance(pack, dict) or not isinstance(pack.get("brief"), str):
            report.warning(Loc(str(out_dir / "manifest.json")), f"pack {i + 1} has no brief name; left out")
            continue
        kind = "deck" if pack.get("kind") == "deck" else "pack"
        links = []
        for out in pack.get("outputs") or []:
            link = _link(out_dir, pack, out, report)
            if link:
                link.unit = "张" if kind == "deck" else "页"
                links.append(link)
        sources = [(str(s.get("publisher") or ""), str(s.get("title") or ""))
                   for s in pack.get("sources") or [] if isinstance(s, dict)]
        cards.append(Card(
            brief=pack["brief"], title=str(pack.get("title") or pack["brief"]),
            subtitle=str(pack.get("subtitle") or ""), audience_label=str(pack.get("audience_label") or ""),
            date=zh_date(pack.get("date")),
            data_as_of=str(pack.get("data_as_of") or "").removeprefix("数据截至"),
            built_at=zh_datetime(pack.get("built_at")), n_facts=len(pack.get("facts") or []),
            sources=sources, links=links, kind=kind))
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
