"""The fact base: facts with their sources, loaded from facts/*.yaml and checked."""

from .format import format_value
from .model import AsOf, Fact, FactBase, Source

__all__ = ["AsOf", "Fact", "FactBase", "Source", "format_value"]
