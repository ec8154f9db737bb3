"""`briefkit watch <brief>`: rebuild whenever facts, templates or briefs change; keep the last good output."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .errors import BriefkitError

WATCHED = ("facts", "templates", "briefs")


def rebuild(root: Path, name: str, out_dir: Path, log=print) -> bool:
    """Build once; print what was rebuilt and how long it took, or the problems. Return success."""
    from .build import build, load_facts, record

    start = time.perf_counter()
    try:
        base = load_facts(root)
        result = build(root, name, out_dir, base=base, parallel=True)
        record(out_dir, result, base)
    except BriefkitError as e:
        for p in e.problems:
            log(p.format())
        log(f"{time.strftime('%H:%M:%S')} build failed; the last good {out_dir}/{name}.* are unchanged.")
        return False
    except Exception as e:  # a bug must not end the session: say so and keep watching
        log(f"briefkit: internal error: {type(e).__name__}: {e}")
        log(f"{time.strftime('%H:%M:%S')} build failed; the last good {out_dir}/{name}.* are unchanged.")
        return False
    for p in result.warnings:
        log(p.format())
    files = " ".join(str(o.path) for o in result.outputs)
    log(f"{time.strftime('%H:%M:%S')} rebuilt {files} in {time.perf_counter() - start:.2f} s")
    return True


def cli_watch(args, root: Path) -> int:
    """Watch facts/, templates/ and briefs/ and rebuild on every change until Ctrl-C."""
    from watchfiles import watch

    from . import fonts
    from .brief import load_brief

    load_brief(root, args.brief)  # a wrong brief name fails now, with a hint
    fonts.prepare(log=lambda m: print(m, file=sys.stderr))
    out_dir = Path(args.out)
    paths = [root / p for p in WATCHED if (root / p).is_dir()]

    def log(msg: str) -> None:
        print(msg, flush=True)

    rebuild(root, args.brief, out_dir, log)
    log(f"watching {', '.join(p.name + '/' for p in paths)} — edit and save to rebuild (Ctrl-C to stop)")
    try:
        for changes in watch(*paths, debounce=300, step=100, raise_interrupt=False,
                             watch_filter=lambda _change, path: not Path(path).name.startswith(".")):
            names = sorted({Path(p).relative_to(root.resolve()).as_posix()
                            if Path(p).is_relative_to(root.resolve()) else p for _, p in changes})
            log(f"changed: {', '.join(names)}")
            rebuild(root, args.brief, out_dir, log)
    except KeyboardInterrupt:
        pass
    return 0
