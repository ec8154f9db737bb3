"""`python -m briefkit.bench` (what `make bench` runs): the measuring tool is briefkit.cli.bench."""

if __name__ == "__main__":
    import sys

    from .cli.bench import main

    sys.exit(main())
