"""The loaded fact base kept on disk, keyed by the bytes of every file it is read from.

Why: parsing and checking facts/*.yaml (≈2 000 entries with a file:line:col for each value) is
≈70 ms of every build, and between two builds the facts rarely change. A base that loaded
without errors is pickled into the cache dir; the next build whose fact files, their places and
the code that reads them are all unchanged reads it back in a few milliseconds. Anything else (an
edited fact, a moved project, other briefkit or PyYAML code) gives another key, so a stale base is
never used. A base with errors is not kept: its FactsError is raised as load_factbase raises it.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from ..files import cache_dir, cache_write, code_key
from .model import FactBase

KEEP = 8  # newest bases kept: a project edited and built again does not fill the disk


def _code_key() -> str:
    """Hash the code a fact base is made by: the facts package, yamlload, errors and PyYAML."""
    import yaml

    here = Path(__file__).resolve().parent
    return code_key([*here.glob("*.py"), here.parent / "yamlload.py", here.parent / "errors.py"],
                    f"yaml={yaml.__version__}")


def key(root: Path) -> str:
    """Return the key of the fact base of `root`: its code, the project's place and each fact
    file's name, real path (a link out of the project is an error) and bytes."""
    h = hashlib.sha256(f"{_code_key()}|{root.resolve()}\0".encode())
    for path in sorted((root / "facts").glob("*.yaml")):
        h.update(f"{path.name}|{path.resolve()}\0".encode())
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as e:  # unreadable: the loader reports it; never cached under a real key
            h.update(f"unreadable {e}".encode())
    return h.hexdigest()


def load(root: Path) -> FactBase:
    """Return load_factbase(root) (raising its FactsError): from the cache when nothing it is
    made of changed, else loaded and kept."""
    from .load import load_factbase

    folder = cache_dir() / "facts"
    path = folder / f"{key(root)[:32]}.pickle"
    try:
        base = pickle.loads(path.read_bytes())
    except Exception:  # absent, cut short or written by incompatible code: load again
        base = None
    if isinstance(base, FactBase):
        return base
    base = load_factbase(root)  # raises FactsError: nothing is kept
    if cache_write(path, pickle.dumps(base, protocol=pickle.HIGHEST_PROTOCOL)):
        _prune(folder)
    return base


def _prune(folder: Path) -> None:
    """Remove all but the KEEP newest bases."""
    found = []
    for p in folder.glob("*.pickle"):
        try:
            found.append((p.stat().st_mtime_ns, p))
        except OSError:  # removed meanwhile by another build
            pass
    for _, p in sorted(found, reverse=True)[KEEP:]:
        try:
            p.unlink()
        except OSError:
            pass
