"""Chinese typography with no output format: the one 禁则 table, character classes, line breaking.

Renderers measure text in their own fonts and pass the widths in; nothing here imports reportlab,
python-docx or matplotlib, so the rules can be tested directly and shared by every format.
"""

from __future__ import annotations

from .chars import INVISIBLE, SPACES, is_cjk, is_ideograph
from .kinsoku import NO_END, NO_START, SQUEEZE_BEFORE, SQUEEZE_CLOSE
from .labels import wrap_label

__all__ = ["INVISIBLE", "NO_END", "NO_START", "SPACES", "SQUEEZE_BEFORE", "SQUEEZE_CLOSE",
           "is_cjk", "is_ideograph", "wrap_label"]
