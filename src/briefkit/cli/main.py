"""`briefkit [--project DIR] [--debug] COMMAND …`: parse, run one command, turn errors into exit codes."""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefkitError
from . import output
from .output import EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from .parser import parser


def main(argv: list[str] | None = None) -> int:
    """Run briefkit with `argv`; return the exit code."""
    try:
        p = parser()
        args = p.parse_args(argv)
    except SystemExit as e:  # argparse: --help (0) or usage error (2)
        return int(e.code or 0)
    except KeyboardInterrupt:  # Ctrl-C before the command started
        output.tell("briefkit: interrupted; nothing written.")
        return EXIT_INTERRUPTED
    if not args.command:
        output.say(p.format_help(), end="")
        return EXIT_USAGE
    root = Path(args.project)
    output.ROOT = root
    try:
        if args.command in ("build", "site", "serve", "watch"):  # every command with --out
            from ..files import refuse_source_folder

            refuse_source_folder(root, Path(args.out))
        return _command(args.command)(args, root)
    except BriefkitError as e:
        output.problems(e.problems)
        output.summary(e.problems, written=args.command == "build")
        if args.debug:
            raise
        return EXIT_INPUT
    except BrokenPipeError:  # `briefkit facts list | head`: the reader has what it wanted
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        output.tell("briefkit: interrupted; nothing written.")
        return EXIT_INTERRUPTED
    except Exception as e:  # a bug in briefkit: say so plainly, traceback only with --debug
        if args.debug:
            raise
        output.tell(f"briefkit: internal error: {type(e).__name__}: {e}\n"
                    "  hint: run again with --debug and report the output")
        return EXIT_INTERNAL


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's flush at exit does not raise again on the closed pipe."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (e.g. captured by a test)
        pass


def _command(name: str):
    """Return the `run(args, root) -> int` of a command, importing only that command's module."""
    if name == "build":
        from . import build as command
    elif name == "check":
        from . import check as command
    elif name == "facts":
        from . import facts as command
    elif name == "site":
        from . import site as command
    elif name == "serve":
        from . import serve as command
    elif name == "watch":
        from . import watch as command
    elif name == "new":
        from . import new as command
    else:
        from . import fonts as command
    return command.run
