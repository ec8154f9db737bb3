"""`briefkit build <brief> --recipients CSV`: one pack per recipient, a report and a zip."""

from __future__ import annotations

from pathlib import Path

from ..errors import Loc, Problem
from . import output
from .output import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK


def run(args, root: Path) -> int:
    """Build every recipient's pack; print failures, then what was written."""
    from ..pipeline import invitations
    from ..pipeline.manifest import record_batch

    if args.all or not args.brief:
        return output.usage_error("briefkit build: --recipients builds one brief: name it, e.g. "
                                  "`briefkit build soe --recipients briefs/recipients/soe.csv`")
    if args.jobs < 0:
        return output.usage_error(f"briefkit build: --jobs must be 0 (all cores) or more, got {args.jobs}")
    progress = None if args.quiet else output.PackProgress(args.brief)
    try:
        result = invitations.run(root, args.brief, Path(args.recipients), Path(args.out),
                                 jobs=args.jobs, formats=args.format, progress=progress,
                                 log=None if args.quiet else output.tell, strict=args.strict,
                                 resume=args.resume)
    except KeyboardInterrupt:
        output.tell(f"briefkit: interrupted; packs already built stay in {Path(args.out) / args.brief}, "
                    "the report and zip are not written. Run the same command with --resume "
                    "(make invitations RESUME=1) to build only the packs still missing.")
        return EXIT_INTERRUPTED
    record_batch(Path(args.out), result)  # the download page lists the batch
    output.problems(result.warnings)
    failed = result.failed
    output.problems([Problem(Loc(result.where, r.recipient.line), f"{r.recipient.name}: {r.message}")
                     for r in failed])
    if result.removed and not args.quiet:
        output.say(f"removed {len(result.removed)} pack{'s' if len(result.removed) != 1 else ''} of "
                   f"recipients no longer in the list: {', '.join(s.slug for s in result.removed)} "
                   f"(listed in {result.report_path})")
    n, n_files = len(result.results), sum(len(r.files) for r in result.results)
    if failed:
        output.tell(f"{len(failed)} of {n} packs failed; the others are written. "
                    f"See {result.report_path}")
    if result.resumed and not args.quiet:
        for line in resume_lines(result):
            output.say(line)
    if not args.quiet:
        output.say(f"built {n - len(failed)} of {n} packs ({n_files} files) in {result.seconds:.1f} s "
                   f"with {result.jobs} job{'s' if result.jobs != 1 else ''} → {result.zip_path}, "
                   f"{result.report_path}")
    return EXIT_INPUT if failed else EXIT_OK


NAMES_SHOWN = 5  # recipients named per reason in the resume summary; the rest are counted


def resume_lines(result) -> list[str]:
    """Return what --resume kept and what it built again, and why, grouped by reason."""
    kept = result.kept
    rebuilt = [r for r in result.results if not r.kept]
    lines = [f"resume: kept {len(kept)} pack{'s' if len(kept) != 1 else ''} built earlier from "
             f"the same inputs; built {len(rebuilt)}" + (":" if rebuilt else "")]
    reasons: dict[str, list[str]] = {}
    for r in rebuilt:
        reasons.setdefault(r.why or "not built by an earlier run", []).append(r.slug)
    for why, slugs in reasons.items():
        shown = ", ".join(slugs[:NAMES_SHOWN])
        more = f" and {len(slugs) - NAMES_SHOWN} more" if len(slugs) > NAMES_SHOWN else ""
        lines.append(f"  {why} ({len(slugs)}): {shown}{more}")
    return lines
