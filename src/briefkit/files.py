"""Files and their names: one atomic write, one cache folder, one MIME table, one size format."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Problem, RenderError

# Shanghai keeps UTC+8 all year (no daylight saving), so a fixed offset is exact.
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# File extension → Content-Type. JSON has no charset parameter (RFC 8259 §11: it is UTF-8).
MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".png": "image/png",
    ".json": "application/json",
    ".zip": "application/zip",  # an invitation batch's packs
    ".csv": "text/csv; charset=utf-8",  # an invitation batch's report (UTF-8 with BOM)
}


@contextmanager
def atomic_path(path: Path | str, suffix: str = "", durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write to; on success fsync it and rename it over
    `path`, so readers see the old file or the new one, never half.

    On any failure (KeyboardInterrupt included) the temporary file is removed and `path` is left
    as it was. `suffix` ends the temporary name, for writers that go by the extension.
    `durable=False` skips the fsync: for caches, where a file lost to a power cut only costs
    the work again (their readers check what they read), and the fsync would be paid per build.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp{suffix}")
    try:
        yield tmp
        if durable:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        raise


_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.tmp(?:\.\w+)?$")  # atomic_path's names


def pid_alive(pid: int) -> bool:
    """Return whether a process with this id runs on this machine (unsure counts as alive)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # no signal 0 there: never guess a Windows process dead
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, it is someone else's
        return True
    return True


def remove_stale_temps(folder: Path | str) -> list[Path]:
    """Remove the temporary files atomic_path left in `folder` when its process was killed;
    return them. A file whose process still runs is left alone."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        m = _TEMP_NAME.match(path.name)
        if not m or not path.is_file() or pid_alive(int(m.group("pid"))):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def output_folder(out_dir: Path) -> None:
    """Make the output folder (refusing a file of that name) and clear what killed builds left."""
    if out_dir.exists() and not out_dir.is_dir():
        raise RenderError(Problem(None, f"the output folder {out_dir} is a file",
                                  "name a folder with --out, e.g. --out out/"))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RenderError(Problem(None, f"cannot make the output folder {out_dir}: "
                                        f"{e.strerror or e}",
                                  "name a folder you may write to with --out")) from None
    remove_stale_temps(out_dir)


# The folders of a project that hold what briefkit reads (and the program and its tests):
# outputs written there would mix with the sources, or be read as sources next time.
SOURCE_FOLDERS = ("facts", "briefs", "templates", "articles", "src", "tests", "docs", ".git")
OUT_HINT = ("write to out/ (the default: leave --out away) or to a folder outside the sources, "
            "e.g. --out out/2026 or --out ../推介手册")


def refuse_source_folder(root: Path, out_dir: Path) -> None:
    """Raise RenderError if `out_dir` is the project folder or inside one of its source folders."""
    project, out = root.resolve(), out_dir.resolve()
    if out == project:
        raise RenderError(Problem(None, f"the output folder {out_dir} is the project folder: packs, "
                                        "manifest.json and index.html would be written beside "
                                        "facts/, briefs/ and templates/", OUT_HINT))
    for name in SOURCE_FOLDERS:
        folder = project / name
        if out == folder or out.is_relative_to(folder):
            where = "is" if out == folder else "is inside"
            raise RenderError(Problem(None, f"the output folder {out_dir} {where} {name}/, a folder "
                                            "of the project's sources: outputs must not be "
                                            "written among them", OUT_HINT))


def output_file(out_dir: Path, stem: str, fmt: str) -> Path:
    """Return out_dir/stem.fmt, refusing a name that would land outside the output folder."""
    target = out_dir / f"{stem}.{fmt}"
    if target.parent.resolve() != out_dir.resolve() or stem in ("", ".", ".."):
        raise RenderError(Problem(None, f"the output name '{stem}.{fmt}' would be written outside "
                                        f"{out_dir}", "output names are file names, without folders"))
    return target


# Characters Windows, macOS or a browser will not accept in a saved file name.
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def download_filename(download_name: str, file: str) -> str:
    """Return the name a browser should save `file` under: download_name plus the file's extension."""
    ext = Path(file).suffix
    name = _UNSAFE_NAME.sub("", download_name or "").strip(" .")
    return f"{name}{ext}" if name else file


def atomic_write(path: Path | str, data: bytes | str, encoding: str = "utf-8",
                 durable: bool = True) -> None:
    """Write `data` (bytes, or text in `encoding`) to `path` atomically (see atomic_path)."""
    raw = data.encode(encoding) if isinstance(data, str) else data
    with atomic_path(path, durable=durable) as tmp:
        tmp.write_bytes(raw)


def cache_write(path: Path, data: bytes | str) -> bool:
    """Write a cache file atomically, making its folder; return False where the cache cannot be
    written (read-only), which only costs the work next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, durable=False)
        return True
    except OSError:
        return False


def file_sha256(path: Path | str) -> str:
    """Return the SHA-256 of a file's bytes, read in blocks."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


_CODE_KEYS: dict[tuple, str] = {}  # code_key's results, once per process


def code_key(files, extra: str = "") -> str:
    """Return a hash of the code a cached result is made by: the Python version, `extra` (library
    versions) and each of `files` by name and bytes, computed once per process. A cache keyed by
    it never outlives an edit to that code, and nobody has to bump a version."""
    import hashlib
    import sys

    paths = tuple(sorted(Path(f) for f in files))
    memo = (paths, extra)
    if memo not in _CODE_KEYS:
        h = hashlib.sha256(f"{sys.version_info[:2]}|{extra}\0".encode())
        for path in paths:
            h.update(f"{path.parent.name}/{path.name}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
        _CODE_KEYS[memo] = h.hexdigest()
    return _CODE_KEYS[memo]


def memo_get(path: Path, key: str) -> str | None:
    """Return the value memo_put kept at `path` under `key`; None if absent, torn or of another key."""
    import json

    try:
        known = json.loads(path.read_text(encoding="utf-8"))
        if known["key"] == key and isinstance(known["hash"], str):
            return known["hash"]
    except (OSError, ValueError, KeyError, TypeError):  # absent, torn or of another shape
        pass
    return None


def memo_put(path: Path, key: str, value: str) -> None:
    """Keep `value` at `path` under `key`, atomically; a read-only cache only costs the
    computation next time."""
    import json

    cache_write(path, json.dumps({"key": key, "hash": value}))


def cache_dir() -> Path:
    """Return briefkit's cache directory (BRIEFKIT_CACHE, else the user cache directory)."""
    env = os.environ.get("BRIEFKIT_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefkit"


def shown_path(path: Path | str, root: Path | str) -> str:
    """Return a path as messages show it: relative to the project if inside it, else as given."""
    path, root = Path(path), Path(root)
    if path.is_absolute():
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return str(path)
    return path.as_posix()


def human_size(n: int) -> str:
    """Return a file size as a person reads it: 812 B, 812 KB, 3.4 MB."""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def mime_type(name: str | Path) -> str:
    """Return the Content-Type of a file name (application/octet-stream if unknown)."""
    return MIME_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def reproducible_zip(data: bytes, created: dt.datetime | None,
                      replace: dict[str, bytes] | None = None) -> bytes:
    """Return an OOXML package (DOCX, PPTX) with fixed entry times and order, so equal input gives
    equal bytes; `replace` swaps the named parts."""
    stamp = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
    if created is not None and created.year >= 1980:
        stamp = created.timetuple()[:6]
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, (replace or {}).get(name) or src.read(name))
    return out.getvalue()
