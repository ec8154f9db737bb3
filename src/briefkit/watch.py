"""`briefkit watch <brief>`: rebuild whenever facts, templates or briefs change; keep the last good output."""

from __future__ import annotations

import time
from pathlib import Path

from .errors import BriefkitError, collapse, with_lines

WATCHED = ("facts", "templates", "briefs")


def facts_stamp(root: Path) -> list:
    """Return (name, size, mtime) of every file the fact base is read from (facts/*.yaml)."""
    out = []
    for p in sorted((root / "facts").glob("*.yaml")):
        st = p.stat()
        out.append((p.name, st.st_size, st.st_mtime_ns))
    return out


def rebuild(root: Path, name: str, out_dir: Path, log, kept: dict | None = None) -> bool:
    """Build once; tell `log` what was rebuilt and how long it took, or the problems. Return success.

    `kept` (a dict the caller keeps between rebuilds) holds the last fact base and the stamp of
    the files it was read from: a save that touched only templates or briefs does not reload it
    (≈0.1 s of a rebuild)."""
    from .pipeline.build import build, load_facts
    from .pipeline.manifest import record

    start = time.perf_counter()
    kept = {} if kept is None else kept
    try:
        stamp = facts_stamp(root)
        if kept.get("stamp") != stamp:
            kept.clear()
            kept["base"], kept["stamp"] = load_facts(root), stamp
        base = kept["base"]
        result = build(root, name, out_dir, base=base, parallel=True)
        record(out_dir, result, base)
    except BriefkitError as e:
        for p in with_lines(collapse(e.problems), root):
            log(p.format())
        log(f"{time.strftime('%H:%M:%S')} build failed; the last good {out_dir}/{name}.* are unchanged.")
        return False
    except Exception as e:  # a bug must not end the session: say so and keep watching
        log(f"briefkit: internal error: {type(e).__name__}: {e}")
        log(f"{time.strftime('%H:%M:%S')} build failed; the last good {out_dir}/{name}.* are unchanged.")
        return False
    for p in with_lines(collapse(result.warnings), root):  # typed numbers and the like, every time
        log(p.format())
    files = " ".join(str(o.path) for o in result.outputs)
    log(f"{time.strftime('%H:%M:%S')} rebuilt {files} in {time.perf_counter() - start:.2f} s")
    return True


def watch(root: Path, name: str, out_dir: Path, log) -> None:
    """Build once, then rebuild on every saved change to facts/, templates/ or briefs/; each
    rebuild and its problems go to `log`. Returns at Ctrl-C."""
    from watchfiles import watch as changes_of

    paths = [root / p for p in WATCHED if (root / p).is_dir()]
    kept: dict = {}
    rebuild(root, name, out_dir, log, kept)
    log(f"watching {', '.join(p.name + '/' for p in paths)} — edit and save to rebuild (Ctrl-C to stop)")
    for changes in changes_of(*paths, debounce=300, step=30, raise_interrupt=False,
                              watch_filter=lambda _change, path: not Path(path).name.startswith(".")):
        names = sorted({Path(p).relative_to(root.resolve()).as_posix()
                        if Path(p).is_relative_to(root.resolve()) else p for _, p in changes})
        log(f"changed: {', '.join(names)}")
        rebuild(root, name, out_dir, log, kept)
