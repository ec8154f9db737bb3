"""Templates → document tree: a sandboxed jinja2 pass, then Markdown parsed into doc blocks.

    environment.py   Templater: the sandboxed jinja2 environment, chapters, errors at file:line
    functions.py     fact, label, as_of, cite, text, bold, key_figures, chart, facts_table, table
    placeholders.py  how facts and values pass through jinja and Markdown as literal text
    markdown.py      markdown-it tokens → doc blocks (headings numbered, figures, tables)
    citations.py     where citation marks settle in a clause
    lint.py          numbers typed into prose; hints for jinja's messages
"""

from .citations import settle_citations
from .environment import Rendered, Templater
from .lint import typed_numbers
from .placeholders import CHART_KINDS, ChartRequest

__all__ = ["CHART_KINDS", "ChartRequest", "Rendered", "Templater", "settle_citations", "typed_numbers"]
