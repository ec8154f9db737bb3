"""Chinese typography with no output format: the one 禁则 table, character classes, line breaking.

Renderers measure text in their own fonts and pass the widths in; nothing here imports reportlab,
python-docx or matplotlib, so the rules can be tested directly and shared by every format.
"""

from __future__ import annotations

from .chars import INVISIBLE, SPACES, is_cjk, is_ideograph
from .kinsoku import (CLAUSE_END, CLOSING_BRACKETS, NO_END, NO_START, OPENING_BRACKETS, PAUSE_MARKS,
                      SQUEEZE_BEFORE, SQUEEZE_CLOSE, STOP_MARKS)
from .labels import wrap_label

__all__ = ["CLAUSE_END", "CLOSING_BRACKETS", "INVISIBLE", "NO_END", "NO_START", "OPENING_BRACKETS",
           "PAUSE_MARKS", "SPACES", "SQUEEZE_BEFORE", "SQUEEZE_CLOSE", "STOP_MARKS", "is_cjk",
           "is_ideograph", "wrap_label"]
