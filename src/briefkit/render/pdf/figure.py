"""A figure block: the image scaled to its share of the text width, its caption and source line."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ... import doc as d
from ...doc.validate import block_name
from ...errors import Problem, RenderError
from .images import draw_image, image_size
from .lines import Lines, dry
from .styles import (FIGURE_CAPTION_GAP, FIGURE_MAX_H, FIGURE_SPACE, MARGIN_BOTTOM, MARGIN_TOP,
                     PAGE_H)
from .text import Kit


class FigureBlock(Flowable):
    """An image scaled to a fraction of the text width, its caption and source line; one piece."""

    def __init__(self, kit: Kit, fig: d.Figure, caption: Lines, source: Lines | None):
        super().__init__()
        self.kit = kit
        self.fig = fig
        try:
            self.reader = ImageReader(fig.image)
            self.pixels = image_size(Path(fig.image), self.reader)
        except Exception as exc:  # PIL and reportlab raise many kinds for a bad image
            raise RenderError(Problem(
                None, f"{block_name(fig)}: {fig.image} is not a readable image",
                "write the figure as a PNG file")) from exc
        self.caption = caption
        self.source = source
        self.spaceBefore = FIGURE_SPACE * kit.body
        self.spaceAfter = FIGURE_SPACE * kit.body

    def _dims(self, aw: float, max_h: float) -> tuple[float, float]:
        pw, ph = self.pixels
        w = aw * max(0.1, min(self.fig.width, 1.0))
        h = w * ph / pw
        if h > max_h:
            w, h = w * max_h / h, max_h
        return w, h

    def wrap(self, aw, ah):
        frame_h = getattr(getattr(self, "_frame", None), "_aH",
                          PAGE_H - MARGIN_TOP - MARGIN_BOTTOM)
        self.width = aw
        self.img_w, self.img_h = self._dims(aw, frame_h * FIGURE_MAX_H)
        self.gap = FIGURE_CAPTION_GAP * self.kit.body
        self.cap_h = self.caption.wrap(aw, 1e6)[1]
        self.src_h = self.source.wrap(aw, 1e6)[1] if self.source else 0.0
        self.height = self.img_h + self.gap + self.cap_h + self.src_h
        return aw, self.height

    def split(self, aw, ah):
        return []

    def getSpaceAfter(self):
        return self.source.getSpaceAfter() if self.source else self.spaceAfter

    def draw(self):
        canv = self.canv
        if dry(canv):
            return
        y = self.height - self.img_h
        draw_image(canv, Path(self.fig.image), (self.width - self.img_w) / 2, y, self.img_w,
                   self.img_h)
        y -= self.gap + self.cap_h
        self.caption.drawOn(canv, 0, y)
        if self.source:
            y -= self.src_h
            self.source.drawOn(canv, 0, y)
