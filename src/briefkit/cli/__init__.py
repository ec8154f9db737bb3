"""The command line: `main(argv) -> int`, one module per command; the only layer that prints."""

try:
    from .main import main
except KeyboardInterrupt:  # Ctrl-C while the command line loads (its first tenth of a second)
    import sys

    def main(argv: list[str] | None = None) -> int:
        """End as quietly as a Ctrl-C during a build does."""
        sys.stderr.write("briefkit: interrupted; nothing written.\n")
        return 130  # output.EXIT_INTERRUPTED: 128 + SIGINT

__all__ = ["main"]
