"""`briefkit build`: one brief, every brief (--all), or one pack per recipient (--recipients)."""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import BriefkitError
from ..files import human_size
from . import output
from .output import EXIT_INPUT, EXIT_OK


def run(args, root: Path) -> int:
    """Build the packs the arguments name; print what was written."""
    if args.resume and not args.recipients:
        return output.usage_error("briefkit build: --resume continues an invitation batch: give its "
                                  "list, e.g. `briefkit build soe --recipients briefs/recipients/soe.csv "
                                  "--resume`")
    if args.recipients:
        from . import invitations

        return invitations.run(args, root)
    from ..brief import brief_names

    names = brief_names(root) if args.all else ([args.brief] if args.brief else [])
    if not names:
        return output.usage_error("briefkit build: name a brief (e.g. `briefkit build soe`) or use --all")
    from .. import fonts
    from ..pipeline import worker as workers

    fonts.prepare(log=output.tell)
    # The PDF and DOCX renderers get ready in processes of their own while the facts load and
    # the pack is composed (pipeline/worker.py)
    worker = workers.start()
    try:
        return _build_all(args, root, names, worker)
    finally:
        if worker is not None:
            worker.close()


def _build_all(args, root: Path, names: list[str], worker) -> int:
    from ..pipeline.build import build, load_facts
    from ..pipeline.manifest import record

    t0 = time.perf_counter()
    base = load_facts(root)
    out_dir = Path(args.out)
    failed: list[str] = []
    for name in names:
        start = time.perf_counter()
        try:
            result = build(root, name, out_dir, args.format, base=base, strict=args.strict,
                           parallel=True, worker=worker)
        except BriefkitError as e:
            if len(names) == 1:
                raise
            output.problems(e.problems)  # one broken brief must not stop the others
            output.tell(f"{name}: not built; its previous files in {out_dir}/ are unchanged")
            failed.append(name)
            continue
        record(out_dir, result, base)
        output.problems(result.warnings)
        if not args.quiet:
            unit = "张" if result.brief.kind == "deck" else "页"  # a deck counts slides
            files = ", ".join(f"{o.path} ({o.pages} {unit}, {human_size(o.size)})" if o.pages else
                              f"{o.path} ({human_size(o.size)})" for o in result.outputs)
            output.say(f"built {files} in {time.perf_counter() - start:.1f} s")
    if len(names) > 1 and not args.quiet:
        output.say(f"{len(names) - len(failed)} of {len(names)} packs in {time.perf_counter() - t0:.1f} s")
    if failed:
        output.tell(f"not built: {', '.join(failed)}")
        return EXIT_INPUT
    return EXIT_OK
