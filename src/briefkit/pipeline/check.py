"""Check a project without writing: facts, briefs, templates and glyphs, every problem in one run."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import doc as d
from ..brief import brief_names, label_clashes, load_brief
from ..compose import compose
from ..errors import BriefkitError, Loc, Report
from ..facts.model import FactBase
from ..files import cache_dir, cache_write, code_key

# A fact id or measure written in a template as a string: fact('a.b'), dated("a.b"), chart(…, ['a.b']).
_FACT_REF = re.compile(r"""['"]([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)['"]""")


def template_files(root: Path) -> list[Path]:
    """Return every template file (Markdown under templates/, guides excluded; links that lead
    outside the project are not read — the chapter that uses one reports it; a folder named like
    a chapter, templates/soe/ch2.md/, is no template — the brief that lists it reports it)."""
    inside = root.resolve()
    return sorted(p for p in (root / "templates").rglob("*.md")
                  if p.name.upper() != "README.MD" and p.is_file() and p.resolve().is_relative_to(inside))


def check_project(root: Path, report: Report, sources_dir: Path | None = None) -> str:
    """Check everything without writing; return a one-line summary of what was checked."""
    from ..facts.check import check_age, check_conflicts, check_quotes
    from ..facts.load import load_factbase
    from ..templating.lint import lint_source

    base = load_factbase(root, report)
    if sources_dir is not None:
        check_quotes(base, sources_dir, report, str(sources_dir))
    check_conflicts(base, report)

    used: set[str] = set()
    editions: dict[str, tuple] = {}  # brief name → (brief, rendered) of packs, for check_editions
    names = brief_names(root)
    if not names:
        report.error(Loc("briefs"), "no briefs found", "add briefs/<name>.yaml")
    briefs = []
    for name in names:
        n_before = len(report.errors)
        try:
            brief = load_brief(root, name, report)
        except BriefkitError as e:
            report.extend(e.problems)
            continue
        briefs.append(brief)
        n_errors = len(report.errors)
        brief_ok = n_errors == n_before  # a title over Word's limit is not measured on the cover too
        if brief.kind == "deck":
            from .deck import check_deck

            rendered = check_deck(root, base, brief, report)
        else:
            document, rendered, _ = compose(root, base, brief, report)
            editions[name] = (brief, rendered)
            if brief.language == "en":
                from .editions import check_english

                check_english(brief, rendered, base, report)
        used |= set(rendered.facts_used)
        if brief.max_fact_age is not None:
            check_age(base, brief.max_fact_age, brief.date, report, set(rendered.facts_used),
                      rendered.facts_used)
        if len(report.errors) == n_errors and brief.kind == "pack":
            check_glyphs(document, rendered, base, root, report)
            if brief_ok:
                check_layout(document, brief, report)
        used |= _check_sector_chapters(root, base, brief, report)
    report.extend(label_clashes(briefs))

    _check_edition_pairs(editions, base, report)
    templates = template_files(root)
    linted_bad = set()
    for path in templates:  # every template, used by a brief or not, with what build would say
        rel = path.relative_to(root).as_posix()
        try:
            source = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        found = lint_source(source, rel, base)
        if any(p.level == "error" for p in found):
            linted_bad.add(rel)
        report.extend(found)
    _check_all_templates_parse(root, [p for p in templates
                                      if p.relative_to(root).as_posix() not in linted_bad], report)

    _check_names(root, templates, report)

    # Facts named in templates that no brief lists (e.g. sector chapters of invitations) count too.
    named = set()
    for path in templates:
        named |= set(_FACT_REF.findall(path.read_text(encoding="utf-8-sig", errors="replace")))
    used |= {base.get(r).id for r in named if r in base}
    if any(p.loc is None or not p.loc.path.startswith("facts/") for p in report.errors):
        # A brief or template with an error did not say all it uses (a misspelt id names no
        # fact): "used by no pack" would follow from that error, not be news of its own.
        return _summary(base, names, templates)
    by_file: dict[str, list[str]] = {}
    for fid, fact in sorted(base.facts.items()):
        if fid not in used and fact.loc:
            by_file.setdefault(fact.loc.path, []).append(fid)
    for path, ids in by_file.items():
        shown = ", ".join(ids[:6]) + (f" and {len(ids) - 6} more" if len(ids) > 6 else "")
        report.warning(Loc(path), f"{len(ids)} fact{'s' if len(ids) > 1 else ''} used by no pack: {shown}",
                       "fine if they are kept for later; otherwise use them in a template")
    return _summary(base, names, templates)


def _summary(base: FactBase, names: list, templates: list) -> str:
    return (f"check ok: {len(base.facts)} facts, {len(names)} briefs, {len(templates)} templates; "
            "nothing written.")


def _check_names(root: Path, templates: list[Path], report: Report) -> None:
    """Official short names: in template prose and in each recipients file."""
    from .names import check_prose, check_recipient_files, load_names

    names = load_names(root, report)
    if names:
        check_prose(root, templates, names, report)
        check_recipient_files(root, names, report)


def _check_edition_pairs(editions: dict, base: FactBase, report: Report) -> None:
    """Hold each brief with `edition_of:` to the brief it is an edition of."""
    from .editions import check_editions

    for brief, rendered in editions.values():
        if not brief.edition_of:
            continue
        other = editions.get(brief.edition_of)
        if other is None:
            report.error(brief.loc, f"edition_of: '{brief.edition_of}' is not a pack brief in briefs/",
                         "name the brief (file name without .yaml) this one is an edition of")
            continue
        check_editions(brief, rendered, other[0], other[1], base, report)


def check_glyphs(document: d.Document, rendered, base: FactBase, root: Path, report: Report) -> None:
    """Report every character the embedded fonts cannot draw, with where it comes from."""
    from .. import fonts

    text = document.text() + "".join(lab for _, req in rendered.charts for lab in req.labels)
    bad = sorted(set(fonts.missing(text, "serif")) | set(fonts.missing(text, "sans")))
    for ch in bad:
        report.error(_where(ch, rendered, base, root), f"the fonts cannot draw {fonts.describe(ch)}",
                     "replace it with a character the fonts have, or remove it")


def _where(ch: str, rendered, base: FactBase, root: Path) -> Loc | None:
    for fid in rendered.facts_used:
        f = base.facts[fid]
        for key in ("label", "unit", "value"):
            if ch in str(getattr(f, key)):
                return f.at(key)
    for path in template_files(root) + sorted((root / "briefs").glob("*.yaml")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for n, line in enumerate(lines, 1):
            if ch in line:
                return Loc(path.relative_to(root).as_posix(), n, line.index(ch) + 1)
    return None


SAMPLE_RECIPIENT = {"name": "示例集团有限公司", "short_name": "示例集团", "sector": "", "contact": "",
                    "title": ""}


def _check_sector_chapters(root: Path, base, brief, report: Report) -> set[str]:
    """Run each invitation chapter (templates/<audience>/sectors/*.md) with a sample recipient."""
    from ..compose import passed_forecasts
    from ..templating import Templater
    from .invitations.sectors import load_sectors

    folder = root / "templates" / brief.audience / "sectors"
    used: set[str] = set()
    try:
        table = load_sectors(root, brief.audience)
    except BriefkitError as e:
        report.extend(e.problems)
    else:
        for key in list(table.names) + ([table.default] if table.names else []):
            if not (folder / f"{key}.md").is_file():
                report.warning(table.where.get(key), f"sector '{key}' has no chapter "
                                         f"templates/{brief.audience}/sectors/{key}.md",
                               "write the chapter, or remove the sector from the table")
    for path in sorted(p for p in folder.glob("*.md") if p.is_file()):
        variables = {"brief": {"title": brief.title, "audience": brief.audience_label,
                               "organiser": brief.organiser, "date": brief.date_zh()},
                     "recipient": dict(SAMPLE_RECIPIENT, sector=path.stem)}
        t = Templater(root, base, brief.audience, report, variables)
        rendered = t.build([(f"sectors/{path.stem}", Loc(path.relative_to(root).as_posix()))])
        passed_forecasts(base, rendered.facts_printed, brief.date, report)  # as a build would
        used |= set(t.facts_used)
    return used


def _check_all_templates_parse(root: Path, templates: list[Path], report: Report) -> None:
    """Report syntax errors in templates that no brief uses yet (used ones are already checked)."""
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment()
    seen = {(p.loc.path, p.loc.line) for p in report.problems if p.loc}
    for path in templates:
        rel = path.relative_to(root).as_posix()
        try:
            env.parse(path.read_text(encoding="utf-8-sig"))
        except TemplateSyntaxError as e:
            if (rel, e.lineno) not in seen:
                report.error(Loc(rel, e.lineno), f"template syntax: {e.message}")
        except UnicodeDecodeError:
            from ..templating.lint import not_utf8

            report.extend([not_utf8(path.read_bytes(), rel)])


def check_layout(document: d.Document, brief, report: Report, personal: bool = False) -> None:
    """Report every header, footer or cover text too long for its place on the PDF's pages
    (render.pdf.fit measures them with the fonts and sizes of the pages): never off the page.
    `personal`: an invitation pack, whose header and dedication name its recipient.

    Measuring needs reportlab and the faces (≈0.2 s of a build's own process, which otherwise
    never draws: the PDF is drawn by a worker); the places a pack's texts were found to fit are
    therefore remembered (fit_memo). An invitation pack is measured in the batch worker, which has
    both loaded already, and is not remembered (its dedication is every recipient's own)."""
    memo = None if personal else fit_memo(document)
    if memo is not None and memo.fits():
        return
    from ..render.pdf.fit import overflows

    found = overflows(document)
    if memo is not None and not found:
        memo.remember()
    for o in found:
        message, hint, loc = _overflow_text(o, brief, personal)
        report.error(loc, message, hint)


class FitMemo:
    """Which headers, footers and covers were measured and found to fit (render.pdf.fit), kept by
    the hash of all they are measured from: their texts, the theme, the PDF layout code, reportlab
    and the faces. Only fitting is remembered: a text too long is measured each time, to say by
    how much."""

    KEEP = 64  # newest keys kept

    def __init__(self, key: str):
        self.key = key
        self.path = cache_dir() / "pdf-fit.json"

    def _known(self) -> list[str]:
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # absent or torn: measured again
            return []
        return [k for k in known if isinstance(k, str)] if isinstance(known, list) else []

    def fits(self) -> bool:
        return self.key in self._known()

    def remember(self) -> None:
        known = [k for k in self._known() if k != self.key][-(self.KEEP - 1):]
        cache_write(self.path, json.dumps(known + [self.key]))


def fit_memo(document: d.Document) -> FitMemo | None:
    """Return the memo entry of `document`'s fixed places, or None if its key cannot be made."""
    import hashlib
    import pickle

    from .. import fonts
    from ..render import layout_code

    try:
        h = hashlib.sha256(code_key(layout_code()).encode())
        for role in fonts.ROLES:
            h.update(f"{fonts.prepared_path(role).name}\0".encode())
        if d.chrome.lang_of(document.meta.language) == "en":
            for face in fonts.LATIN:
                path = fonts.latin_path(face)
                h.update(f"{path}|{path.stat().st_size}\0".encode())
        h.update(pickle.dumps((document.meta, document.cover, document.theme), protocol=4))
    except (OSError, BriefkitError, pickle.PicklingError):  # no fonts: fit says what is wrong
        return None
    return FitMemo(h.hexdigest())


def _overflow_text(o, brief, personal: bool) -> tuple[str, str, object]:
    """Return the message, hint and brief location of a text too long for its place."""
    n, room = o.length, o.fits
    at = brief.locs.get
    if o.field == "header" and personal:
        return (f"the page header of this invitation (title · 敬呈 short_name) is {n} characters; "
                f"the PDF's page header has room for {room}",
                "give the recipient a shorter short_name, or the brief a shorter title", None)
    if o.field == "header" and not brief.header:
        return (f"title and audience_label make a page header of {n} characters; the PDF's page "
                f"header has room for {room}", "shorten title or audience_label, or give the pages "
                f"a header of their own: header: … (at most {room} characters)", at("title", brief.loc))
    if o.field == "contact":
        return (f"the contact lines do not fit at the foot of the cover: room for {o.index} of these "
                f"{len(brief.contact)} lines", "shorten the contact lines or put fewer on the cover",
                brief.contact_locs[o.index] if o.index < len(brief.contact_locs) else at("contact"))
    if o.field == "dedication":
        return (f"the dedication (敬呈 name, contact and title) is {n} characters; the cover has room "
                f"for {room}", "give the recipient a shorter name, contact or title", None)
    key, place = {"header": ("header", "the PDF's page header has room for"),
                  "footer": ("organiser", "the PDF's page footer has room for"),
                  "audience": ("audience_label", "its label on the cover has room for"),
                  "title": ("title", "the cover's colour band has room for"),
                  "subtitle": ("subtitle", "under the title, the cover's colour band has room for")}[o.field]
    hint = f"shorten {key} to at most {room} characters"
    if o.field == "footer":
        hint += "; the full name can go on the cover as a contact: line"
        place += f" {room} beside the page number"
    elif o.field == "title":
        hint += "; the rest can go in subtitle:"
    if not place.endswith("page number"):
        place += f" {room}"
    return f"{key} is {n} characters; {place}", hint, at(key, brief.loc)
