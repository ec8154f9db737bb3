"""`python -m briefkit.fonts` (what `make fonts` runs): the same as `briefkit fonts`."""

import sys

from ..cli import main

sys.exit(main(["fonts"]))
