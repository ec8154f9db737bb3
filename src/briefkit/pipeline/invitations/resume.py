"""Resuming a batch (`--resume`): which packs an earlier run built from the same inputs, kept as they are.

Every run records, as its packs finish, what each pack was built from and what it wrote: one hash
per kind of input every pack shares (facts, templates, briefs, fonts, briefkit's code and the
libraries that write the files, the run's settings), one hash of the pack's recipient row, and the
SHA-256 of each file. With --resume a pack is kept when all of these are the same and its files are
still there with those hashes; any other pack is built again. A kept pack is the file a full run
would write, so the report, zip and download page come out byte-identical.

The record lives in briefkit's cache (one small JSON file per output folder, rewritten atomically
about once a second and at the end, Ctrl-C included), not among the files people share; when it is
missing, damaged or from another version, every pack is simply built.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ...errors import Loc, Problem
from ...files import atomic_write, cache_dir, file_sha256
from .plan import PackPlan

STATE_VERSION = 1
SAVE_EVERY = 1.0  # seconds between rewrites of the record while a batch runs
# The files of a project a pack is built from (everything else in it is never read by a build).
PROJECT_INPUTS = ("facts", "templates", "briefs")
# Recipient lists live among the briefs but are not an input every pack shares: each pack's
# own row is hashed instead, so one changed row rebuilds one pack.
RECIPIENT_TABLES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")
# The libraries whose versions decide the bytes written (layout, PDF, Word, charts, templating).
LIBRARIES = ("reportlab", "python-docx", "lxml", "matplotlib", "pillow", "jinja2", "markdown-it-py",
             "fonttools", "pyphen", "pyyaml")
# How a changed shared input is named in the summary.
CHANGED = {"facts": "the facts changed", "templates": "the templates changed",
           "briefs": "a brief in briefs/ changed", "fonts": "the fonts changed",
           "code": "briefkit or its libraries changed", "settings": "the formats or options changed"}


@dataclass
class Decision:
    """Whether a pack is kept from an earlier run, and if not, why it is built."""

    kept: bool
    why: str = ""  # for a pack that is built: what is different since the earlier run
    pages: int | None = None
    warnings: list[Problem] = field(default_factory=list)


def state_path(pack_dir: Path) -> Path:
    """Return where the record of the batch written to `pack_dir` is kept."""
    where = str(Path(pack_dir).resolve())
    return cache_dir() / "invitations" / f"{hashlib.sha256(where.encode()).hexdigest()[:20]}.json"


def _hash_files(h, folder: Path, root: Path, skip: Path | None) -> None:
    if not folder.is_dir():
        return
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if not p.is_file() or any(part.startswith(".") for part in p.relative_to(root).parts):
            continue  # editor back-ups and temporary files are never read by a build
        if (skip is not None and p.resolve() == skip) or (
                rel.startswith("briefs/") and p.suffix.lower() in RECIPIENT_TABLES):
            continue
        h.update(rel.encode() + b"\0")
        try:
            h.update(hashlib.sha256(p.read_bytes()).digest())
        except OSError as e:
            h.update(f"unreadable: {e}".encode())


def _code_hash() -> str:
    from importlib.metadata import PackageNotFoundError, version

    package = Path(__file__).resolve().parents[2]  # src/briefkit
    h = hashlib.sha256()
    for p in sorted(package.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            h.update(p.relative_to(package).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    for lib in LIBRARIES:
        try:
            h.update(f"{lib}={version(lib)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=none\0".encode())
    return h.hexdigest()


def _fonts_hash(font_paths) -> str:
    from ... import fonts

    paths = list(font_paths)
    try:
        paths.append(fonts.figure_font_path())
        paths += [fonts.latin_path(face) for face in fonts.LATIN]
    except Exception:  # noqa: BLE001 — a missing font package: builds will say so
        pass
    h = hashlib.sha256()
    for p in paths:
        try:
            st = Path(p).stat()
            h.update(f"{p}|{st.st_size}|{st.st_mtime_ns}\0".encode())
        except OSError:
            h.update(f"{p}|missing\0".encode())
    return h.hexdigest()


def shared_inputs(root: Path, recipients_file: Path | None, font_paths, formats: list[str],
                  strict: bool) -> dict[str, str]:
    """Return a hash per kind of input that every pack of the batch is built from."""
    root = Path(root)
    skip = Path(recipients_file).resolve() if recipients_file is not None else None
    out = {}
    for folder in PROJECT_INPUTS:
        h = hashlib.sha256()
        _hash_files(h, root / folder, root, skip)
        out[folder] = h.hexdigest()
    out["fonts"] = _fonts_hash(font_paths)
    out["code"] = _code_hash()
    # SOURCE_DATE_EPOCH is written into every file as its creation time.
    settings = {"formats": list(formats), "strict": strict,
                "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH")}
    out["settings"] = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()
    return out


def row_hash(task: PackPlan) -> str:
    """Return the hash of what one pack takes from its recipient: the row, its file name and chapter."""
    data = {"recipient": task.recipient.variables(), "slug": task.slug, "chapter": task.chapter}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()




def _problem_data(p: Problem) -> dict:
    return {"loc": asdict(p.loc) if p.loc else None, "message": p.message, "hint": p.hint,
            "level": p.level, "text": p.text, "cause": p.cause}


def _problem(data: dict) -> Problem:
    loc = Loc(**data["loc"]) if data.get("loc") else None
    return Problem(loc, data["message"], data.get("hint"), data.get("level", "error"),
                   data.get("text"), data.get("cause"))


class State:
    """The record of one output folder's batch: read at the start, updated as packs finish."""

    def __init__(self, path: Path, shared: dict[str, str]):
        self.path = path
        self.shared = shared
        self.packs: dict[str, dict] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("version") == STATE_VERSION \
                    and isinstance(data.get("packs"), dict):
                self.packs = data["packs"]
        except (OSError, ValueError):
            pass  # no earlier run, or a damaged record: every pack is built

    def decide(self, task: PackPlan, pack_dir: Path) -> Decision:
        """Return whether `task`'s pack can be kept as an earlier run wrote it."""
        entry = self.packs.get(task.slug)
        try:
            if not isinstance(entry, dict):
                return Decision(False, "not built by an earlier run")
            changed = [CHANGED[k] for k in CHANGED if entry["shared"].get(k) != self.shared.get(k)]
            if changed:
                return Decision(False, changed[0])
            if entry["row"] != row_hash(task):
                return Decision(False, "its recipient row changed")
            for name, digest, size in entry["files"]:
                p = pack_dir / name
                if not p.is_file():
                    return Decision(False, f"{name} is missing")
                if p.stat().st_size != size or file_sha256(p) != digest:
                    return Decision(False, f"{name} was changed after it was built")
            return Decision(True, pages=entry["pages"],
                            warnings=[_problem(w) for w in entry["warnings"]])
        except (KeyError, TypeError, ValueError, OSError):
            return Decision(False, "not built by an earlier run")

    def record(self, task: PackPlan, ok: bool, outputs: list[tuple[str, str, int]],
               pages: int | None, warnings: list[Problem]) -> None:
        """Note a pack just built (or drop it, if it failed: the next run builds it again)."""
        if not ok:
            self.packs.pop(task.slug, None)
            return
        self.packs[task.slug] = {"shared": self.shared, "row": row_hash(task),
                                 "files": [list(o) for o in outputs], "pages": pages,
                                 "warnings": [_problem_data(w) for w in warnings]}

    def keep_only(self, slugs: set[str]) -> None:
        """Forget packs of recipients no longer in the list."""
        self.packs = {s: e for s, e in self.packs.items() if s in slugs}

    def save(self) -> None:
        """Write the record atomically; a cache that cannot be written only costs a rebuild."""
        data = {"version": STATE_VERSION, "packs": self.packs}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True))
        except OSError:
            pass
