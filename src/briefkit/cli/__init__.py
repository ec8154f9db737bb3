"""The command line: `main(argv) -> int`, one module per command; the only layer that prints."""

from .main import main

__all__ = ["main"]
