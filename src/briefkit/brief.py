"""A brief (briefs/<name>.yaml): audience, title, date, chapters, theme — validated with locations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlload
from .doc import Theme
from .errors import BriefError, BriefkitError, Loc, Report, did_you_mean

BRIEF_KEYS = {"audience", "audience_label", "title", "subtitle", "organiser", "date", "contact",
              "chapters", "theme", "max_fact_age", "formats", "download_name", "header",
              "author", "subject", "keywords", "fact_index", "kind", "citations", "chapter_break",
              "language", "edition_of"}
REQUIRED = ("audience", "title", "date", "chapters")
THEME_KEYS = {"accent", "accent_light", "text", "muted", "body_size", "line_spacing", "palette",
              "cover_band"}
from .render import formats as _formats

FORMATS = _formats()  # one per module under briefkit/render/
# A brief is a pack to hand out (PDF, DOCX) or a deck to present (PPTX, and a PDF of the slides).
LANGUAGES = ("zh", "en")
KIND_FORMATS = {"pack": tuple(f for f in FORMATS if f != "pptx"), "deck": ("pptx", "pdf")}
CITATION_UNITS = ("sentence", "paragraph")
CHAPTER_BREAKS = ("none", "page")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NAME = re.compile(r"^[A-Za-z0-9_\-]+$")


@dataclass
class Chapter:
    """One chapter: a template file name (without .md) and where the brief names it."""

    name: str
    loc: Loc


@dataclass
class Brief:
    """Everything a brief file says about one pack."""

    name: str
    audience: str
    title: str
    date: dt.date
    chapters: list[Chapter]
    audience_label: str = ""
    subtitle: str = ""
    organiser: str = ""
    contact: list[str] = field(default_factory=list)
    theme: Theme = field(default_factory=Theme)
    max_fact_age: int | None = None  # months
    formats: tuple[str, ...] = KIND_FORMATS["pack"]
    download_name: str = ""
    header: str = ""
    author: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    fact_index: bool = True  # the appendix 主要指标一览 (the staff's id index: `briefkit facts used`)
    citations: str = "sentence"  # each source cited once per sentence, or once per "paragraph"
    kind: str = "pack"  # pack | deck
    chapter_break: str = "none"  # page: each chapter starts a new page; none: chapters run on
    language: str = "zh"  # zh | en: the words of the pack's chrome and how facts are printed
    edition_of: str = ""  # the brief this one is another language's edition of (check: they agree)
    path: str = ""
    loc: Loc | None = None
    label_loc: Loc | None = None  # where audience_label is written
    locs: dict = field(default_factory=dict)  # key → where its value is written
    contact_locs: list = field(default_factory=list)  # where each contact line is written

    @property
    def download_stem(self) -> str:
        """Return the name the pack's files are downloaded under, without the extension."""
        return self.download_name or f"{self.title}-{self.audience_label or self.name}"

    def date_zh(self) -> str:
        return f"{self.date.year}年{self.date.month}月"

    def date_text(self) -> str:
        """Return the pack's date as its language prints it: 2026年11月, November 2026."""
        from .facts.model import Point

        return Point(self.date.year, self.date.month).en() if self.language == "en" else self.date_zh()


# Words a brief's Chinese name is likely made of → an ASCII file name to suggest instead.
_NAME_WORDS = {"央企": "soe", "国企": "soe", "投资": "investor", "投资人": "investor", "居民": "resident",
               "市民": "resident", "高校": "university", "人才": "talent", "外资": "foreign", "外企": "foreign",
               "园区": "park", "科创": "tech", "金融": "finance", "医药": "health", "推介会": "deck",
               "演示": "deck", "简版": "short", "英文": "en", "招商": "invest"}


def suggest_name(name: str) -> str:
    """Return an ASCII brief name for a Chinese one, from the words it contains (高校人才版 → university_talent)."""
    words: list[str] = []
    i, text = 0, name or ""
    while i < len(text):
        w = _NAME_WORDS.get(text[i:i + 3]) or _NAME_WORDS.get(text[i:i + 2])
        if w:
            i += 3 if text[i:i + 3] in _NAME_WORDS else 2
            if w not in words:
                words.append(w)
            continue
        run = re.match(r"[A-Za-z0-9\-]+", text[i:])
        if run:
            words.append(run.group(0).lower())
            i += len(run.group(0))
        else:
            i += 1  # a character with no English word: left out
    suggestion = "_".join(words)
    return suggestion if _NAME.match(suggestion) else "new_audience"


WHY_ASCII = ("a brief's name is typed on the command line (`make brief AUDIENCE=…`) and becomes the "
             "names of its files in out/, the zip and the download page's links, where Chinese file "
             "names break on some Windows shares and mail gateways")


def rename_hint(name: str) -> str:
    """Return why a brief's file name must be ASCII, and a name to use instead."""
    if name and not name.isascii():
        return (f"{WHY_ASCII}: rename briefs/{name}.yaml to briefs/{suggest_name(name)}.yaml and write "
                f"`audience_label: {name}` in it for the name people read")
    return "rename the file with letters, digits, - and _ only, e.g. briefs/university.yaml"


def label_clashes(briefs: list["Brief"]) -> list:
    """Return an error for each brief whose kind, title and audience_label repeat an earlier
    brief's (the download page would show two cards no one can tell apart), or whose files
    download under an earlier brief's names (one download would overwrite the other)."""
    from .errors import Problem
    from .files import download_filename

    seen: dict[tuple[str, str, str], Brief] = {}
    saved: dict[str, Brief] = {}  # a downloaded file's name, as Windows compares names → its brief
    problems = []
    for b in briefs:
        key = (b.kind, b.title, b.audience_label)
        names = [download_filename(b.download_stem, f"{b.name}.{fmt}") for fmt in b.formats]
        if key in seen:
            first = seen[key]
            problems.append(Problem(b.label_loc, f"audience_label '{b.audience_label}' and the title are "
                                                 f"also those of {first.path}",
                                    "the download page would show two identical cards: give each brief "
                                    f"its own label, e.g. audience_label: {b.audience_label or '央企版'}（{b.name}）"))
        else:
            seen[key] = b
            same = next((n for n in names if n.casefold() in saved), None)
            if same is not None:
                first = saved[same.casefold()]
                written = "download_name" in b.locs
                problems.append(Problem(
                    b.locs.get("download_name", b.label_loc),
                    (f"download_name '{b.download_stem}'" if written else
                     f"the download name '{b.download_stem}' (title-audience_label, as the brief "
                     "gives no download_name)") + f" is also that of {first.path}: both packs "
                    f"would download as {same}, and one would overwrite the other",
                    f"give this brief a download_name of its own, e.g. download_name: "
                    f"{b.download_stem}-{b.name}"))
        for n in names:
            saved.setdefault(n.casefold(), b)
    return problems


def brief_names(root: Path) -> list[str]:
    """Return the names of every brief in briefs/ (file names without .yaml)."""
    return sorted(p.stem for p in (root / "briefs").glob("*.yaml"))


def load_brief(root: Path, name: str, report: Report | None = None) -> Brief:
    """Load briefs/<name>.yaml; raise BriefError with every problem found."""
    own = report is None
    report = report or Report()
    path = root / "briefs" / f"{name}.yaml"
    rel = f"briefs/{name}.yaml"
    if not _NAME.match(name or ""):
        raise BriefError([_problem(Loc(rel) if path.is_file() else None,
                                   f"'{name}' is not a brief name (letters, digits, - and _ only)",
                                   rename_hint(name))])
    if not path.is_file():
        names = brief_names(root)
        hint = did_you_mean(name, names) or (f"briefs: {', '.join(names)}" if names else
                                              "create briefs/<name>.yaml")
        raise BriefError([_problem(None, f"no brief named '{name}' ({rel} does not exist)", hint)])
    if not path.resolve().is_relative_to(root.resolve()):
        raise BriefError([_problem(Loc(rel), f"the brief is a link to a file outside the project "
                                             f"({path.resolve()})",
                                   "briefs are read only from inside the project; copy the file "
                                   "into briefs/")])
    try:
        data = yamlload.load(path, rel)
    except BriefkitError as e:
        raise BriefError(e.problems) from None
    if not isinstance(data, dict):
        raise BriefError([_problem(Loc(rel, 1), "a brief must be a mapping of keys (title: …, chapters: …)")])
    for k in data:
        if k not in BRIEF_KEYS:
            odd = yamlload.key_mistake(k, data.key_locs[k], BRIEF_KEYS)
            if odd is not None:
                report.extend([odd])
                continue
            report.error(data.key_locs[k], f"unknown key '{k}' in the brief",
                         did_you_mean(str(k), BRIEF_KEYS) or f"allowed: {', '.join(sorted(BRIEF_KEYS))}")
    for k in REQUIRED:
        if k not in data:
            report.error(data.loc, f"the brief is missing `{k}`")

    def text(key, default=""):
        v = data.get(key)
        if v is None:
            return default
        if isinstance(v, (dict, list)):
            report.error(data.at(key), f"{key} must be text")
            return default
        return yamlload.scalar_text(v).strip()

    date = dt.date(2000, 1, 1)
    raw_date = data.get("date")
    if isinstance(raw_date, dt.datetime):
        date = raw_date.date()
    elif isinstance(raw_date, dt.date):
        date = raw_date
    elif raw_date is not None:
        try:
            date = dt.date.fromisoformat(str(raw_date))
        except ValueError:
            report.error(data.at("date"), f"date '{raw_date}' is not a date", "write e.g. date: 2026-11-22")

    chapters: list[Chapter] = []
    raw = data.get("chapters")
    if raw is not None and not isinstance(raw, list):
        report.error(data.at("chapters"), "chapters must be a list, one chapter per line starting with '- '")
    elif raw:
        for i, item in enumerate(raw):
            if not isinstance(item, str) or not item.strip():
                report.error(raw.locs[i], "each chapter is a template name, e.g. - overview")
                continue
            name_ = item.strip().removesuffix(".md")
            if (name_.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", name_)
                    or ".." in re.split(r"[/\\]", name_) or "\\" in name_):
                report.error(raw.locs[i], f"chapter '{item.strip()}' is not a template name",
                             "name a template of templates/<audience>/ or templates/shared/ "
                             "without a folder or path, e.g. - overview")
                continue
            first = next((c for c in chapters if c.name == name_), None)
            if first is not None:  # it would print twice
                said = f" (first on line {first.loc.line})" if first.loc and first.loc.line else ""
                report.error(raw.locs[i], f"chapter '{name_}' is listed twice{said}",
                             "remove one of the two lines: each line prints the whole chapter")
                continue
            chapters.append(Chapter(name_, raw.locs[i]))
    elif "chapters" in data:
        report.error(data.at("chapters"), "the brief has no chapters")

    contact = data.get("contact") or []
    if isinstance(contact, str):
        contact = [contact]
    if not isinstance(contact, list):
        report.error(data.at("contact"), "contact must be a list of lines")
        contact = []
    contact_locs = [contact.locs[i] if hasattr(contact, "locs") else data.at("contact")
                    for i, c in enumerate(contact) if not isinstance(c, (dict, list))]
    contact = _lines(contact, "contact", report)

    max_age = None
    if data.get("max_fact_age") is not None:
        from .facts.check import parse_age

        try:
            max_age = parse_age(yamlload.scalar_text(data["max_fact_age"]))
        except ValueError:
            report.error(data.at("max_fact_age"), f"max_fact_age '{data['max_fact_age']}' is not an age",
                         "write months or years, e.g. 36m or 3y")

    kind = text("kind", "pack")
    if kind not in KIND_FORMATS:
        report.error(data.at("kind"), f"kind must be pack or deck, got '{kind}'",
                     did_you_mean(kind, KIND_FORMATS) or "pack: a handout (PDF, DOCX); deck: slides (PPTX, PDF)")
        kind = "pack"
    formats = KIND_FORMATS[kind]
    if data.get("formats") is not None:
        fmts = data["formats"]
        if not isinstance(fmts, list) or not fmts or any(f not in KIND_FORMATS[kind] for f in fmts):
            report.error(data.at("formats"), f"formats of a {kind} must be a list of "
                                             f"{', '.join(KIND_FORMATS[kind])}")
        else:
            formats = tuple(fmts)

    chapter_break = text("chapter_break", "none")
    if chapter_break not in CHAPTER_BREAKS:
        report.error(data.at("chapter_break"),
                     f"chapter_break must be page or none, got '{chapter_break}'",
                     did_you_mean(chapter_break, CHAPTER_BREAKS)
                     or "page: each chapter on a new page; none: chapters run on (the default)")
        chapter_break = "none"

    language = text("language", "zh")
    if language not in LANGUAGES:
        report.error(data.at("language"), f"language must be zh or en, got '{language}'",
                     did_you_mean(language, LANGUAGES) or "zh: a Chinese pack (the default); en: English")
        language = "zh"

    keywords = data.get("keywords") or []
    if not isinstance(keywords, list):
        report.error(data.at("keywords"), "keywords must be a list")
        keywords = []
    keywords = _lines(keywords, "keywords", report)

    fact_index = data.get("fact_index", True)
    if not isinstance(fact_index, bool):
        report.error(data.at("fact_index"), f"fact_index must be yes or no, got "
                                            f"'{yamlload.scalar_text(fact_index)}'",
                     "write fact_index: yes (print the appendix of facts) or fact_index: no")
        fact_index = True

    citations = text("citations", "sentence")
    if citations not in CITATION_UNITS:
        report.error(data.at("citations"), f"citations must be sentence or paragraph, got '{citations}'",
                     "sentence: each source is cited once per sentence (the default); "
                     "paragraph: once per paragraph")
        citations = "sentence"

    brief = Brief(
        name=name, audience=text("audience"), title=text("title"), date=date, chapters=chapters,
        audience_label=text("audience_label"), subtitle=text("subtitle"), organiser=text("organiser"),
        contact=[yamlload.scalar_text(c) for c in contact], theme=_theme(data, report, path),
        max_fact_age=max_age, formats=formats, download_name=text("download_name"),
        header=text("header"), author=text("author"), subject=text("subject"),
        keywords=[yamlload.scalar_text(k) for k in keywords],
        fact_index=fact_index, kind=kind, citations=citations,
        chapter_break=chapter_break, language=language,
        edition_of=text("edition_of"), path=rel, loc=data.loc,
        label_loc=data.at("audience_label") if "audience_label" in data else data.loc,
        locs={k: data.at(k) for k in data}, contact_locs=contact_locs)
    if "audience" in data and not brief.audience:
        report.error(data.at("audience"), "audience is empty")
    _check_document_properties(brief, data, report)
    if own:
        report.raise_if_errors(BriefError)
    return brief


# Word keeps a document's title, subject and keywords in fields of at most 255 characters
# (python-docx refuses longer ones); the PDF uses the same text, so one limit for both.
PROPERTY_LIMIT = 255


def _lines(items: list, key: str, report: Report) -> list:
    """Return a list of text lines; a line YAML read as a mapping (`电话: 021-…`) is an error."""
    out = []
    for i, item in enumerate(items):
        where = items.locs[i] if hasattr(items, "locs") else None
        if isinstance(item, dict):
            k, v = next(iter(item.items())) if item else ("", "")
            shown = f"{k}: {yamlload.scalar_text(v)}" if item else "{}"
            report.error(where, f"this {key} line reads as a pair of key and value, not as text: "
                                f"'{shown}'",
                         f"quote the line: - '{shown}' (or use the full-width colon '：')")
            continue
        if isinstance(item, list):
            report.error(where, f"each {key} entry must be one line of text, got a list")
            continue
        out.append(item)
    return out


def _check_document_properties(brief: "Brief", data, report: Report) -> None:
    label = brief.audience_label
    title = f"{brief.title}（{label}）" if label else brief.title
    fields = [("title", title, "title"), ("subject", brief.subject or brief.subtitle,
                                          "subject" if brief.subject else "subtitle"),
              ("keywords", "; ".join(brief.keywords), "keywords"),
              ("author", brief.author or brief.organiser, "author" if brief.author else "organiser")]
    for what, value, key in fields:
        if len(value) > PROPERTY_LIMIT:
            report.error(data.at(key), f"the document's {what} would be {len(value)} characters; "
                                       f"Word allows at most {PROPERTY_LIMIT}",
                         f"shorten {key}" + (" (all keywords together, with '; ' between them)"
                                             if what == "keywords" else "")
                         + (" and audience_label" if what == "title" and label else ""))


def _problem(loc, message, hint=None):
    from .errors import Problem

    return Problem(loc, message, hint)


def _colour_comment(report: Report, loc: Loc, key: str, path: Path, item: bool = False) -> bool:
    """Report a colour YAML read as a comment (`accent: #8B1A1A` is `accent:` and a comment);
    return False if the line has no such comment."""
    found = yamlload.comment_after(path, loc)
    if found is None or not re.fullmatch(r"[0-9A-Fa-f]{3,8}", found[1]):
        return False
    col, colour = found[0], "#" + found[1]
    report.error(Loc(loc.path, loc.line, col), f"{key}: '{colour}' is read as a comment, not as a "
                                               f"colour — in YAML, # starts a comment",
                 f'quote the colour: - "{colour}"' if item else
                 f'quote the colour: {key}: "{colour}"' if key != "palette" else
                 f'quote the colours of a list: palette: ["{colour}", …]')
    return True


def _theme(data, report: Report, path: Path) -> Theme:
    raw = data.get("theme")
    theme = Theme()
    if raw is None:
        return theme
    if not isinstance(raw, dict):
        report.error(data.at("theme"), "theme must be a mapping (accent: '#1F4E79', …)")
        return theme
    for k, v in raw.items():
        loc = raw.at(k)
        if k not in THEME_KEYS:
            report.error(raw.key_locs[k], f"unknown theme key '{k}'",
                         did_you_mean(str(k), THEME_KEYS) or f"allowed: {', '.join(sorted(THEME_KEYS))}")
        elif k == "palette":
            if v is None and _colour_comment(report, loc, k, path):
                continue
            if isinstance(v, list) and any(c is None for c in v):
                for i, c in enumerate(v):
                    if c is None and not _colour_comment(report, v.locs[i], k, path, item=True):
                        report.error(v.locs[i], "this palette line has no colour",
                                     "write a colour in quotes, e.g. - '#1F4E79', or remove the line")
            elif not isinstance(v, list) or not v or not all(isinstance(c, str) and _COLOUR.match(c) for c in v):
                report.error(loc, "palette must be a list of colours like '#1F4E79'")
            else:
                theme.palette = list(v)
        elif k in ("body_size", "line_spacing"):
            lo, hi = (8, 16) if k == "body_size" else (1.0, 2.5)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
                report.error(loc, f"{k} must be a number from {lo} to {hi}, got '{v}'")
            else:
                setattr(theme, k, float(v))
        elif v is None:
            if not _colour_comment(report, loc, k, path):
                report.error(loc, f"{k} is empty", f"write a colour in quotes, e.g. {k}: '#1F4E79'")
        else:
            if not isinstance(v, str) or not _COLOUR.match(v):
                report.error(loc, f"{k} must be a colour like '#1F4E79', got '{v}'",
                             "quote it: colours start with # which YAML reads as a comment")
            else:
                setattr(theme, k, v)
    return theme
