"""Page-flow controls: keep a heading with what follows it; page breaks that leave no empty page."""

from __future__ import annotations

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import FrameBreak


class KeepSpace(Flowable):
    """Start a new page unless what follows (a heading chain and the start of the next block)
    fits in the space left; with `always`, start a new page unless already at a page top."""

    _ZEROSIZE = True

    def __init__(self, parts: list = (), always: bool = False):
        super().__init__()
        self.parts = list(parts)
        self.always = always

    def wrap(self, aw, ah):
        frame = getattr(self, "_frame", None)
        # With no room left (ah < 0) the frame ends by itself before this is placed; a FrameBreak
        # queued now would then fire on the fresh page and leave it empty.
        if frame is None or frame._atTop or ah < -1e-6:
            return 0, 0
        if self.always:
            frame.add_generated_content(FrameBreak)
            frame.ends_by_break = True  # the page before an explicit break ends a chapter
            return 0, 0
        need = sum(lead_height_of(part, aw) for part in self.parts)
        if need > ah + 1e-6 and need <= frame._aH:
            frame.add_generated_content(FrameBreak)
        return 0, 0

    def draw(self):
        pass


def lead_height_of(f, aw: float) -> float:
    """Return the height of the start of flowable f that must share a page with what precedes."""
    if hasattr(f, "lead_height"):
        return f.lead_height(aw)
    _, h = f.wrap(aw, 1e6)
    return f.getSpaceBefore() + h


class NewPage(KeepSpace):
    """An explicit page break that never leaves an empty page."""

    def __init__(self):
        super().__init__(always=True)
