"""The one table of the PDF's sizes, spacing and block styles (colours come from the theme)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm

PAGE_W, PAGE_H = A4
MARGIN_LEFT = MARGIN_RIGHT = 2.4 * cm
MARGIN_TOP = 2.7 * cm
MARGIN_BOTTOM = 2.5 * cm
HEADER_RISE = 0.95 * cm  # header baseline above the text frame
HEADER_RULE_GAP = 0.22 * cm  # header rule below the header baseline
FOOTER_DROP = 1.2 * cm  # footer baseline below the text frame
RULE_THIN = 0.5  # pt
RULE_ACCENT = 2.4  # pt: h1 underline bar, quote bar, h2 side bar
RULE_ROW = 0.25  # pt, between table rows
RULE_TABLE_END = 0.8  # pt, under a table

ASCENT, DESCENT = 0.88, 0.12  # of the ideographic em box (Noto CJK), × font size
CITE_SIZE, CITE_RISE = 0.62, 0.36  # superscript [n], × the size of the text it follows
ITALIC_SLANT = 0.2  # tan of the oblique angle: CJK faces have no italic, so slant the glyphs
RUNT_MIN = 3  # characters a justified paragraph's last line holds at least (孤字不成行)
MAX_STRETCH = 1.0  # em: a justified line never opens wider gaps than this (else left-aligned)
# English: each word space is two gaps (word|space|word), so 0.15 em a gap lets a space open by
# at most 0.3 em; a looser line is set ragged-right rather than show rivers.
MAX_STRETCH_EN = 0.15
H1_BAR = 1.8 * cm  # length of the accent bar under a chapter heading
H1_RULE_ROOM = 0.55  # em of the heading: room below a chapter title for its rule
H2_BAR_W = 3.0  # pt, the side bar of a level-2 heading
H2_BAR_GAP = 0.6  # em: text of a level-2 heading starts this far right of its side bar
BULLET_X, BULLET_Y, BULLET_R = 1.05, 0.34, 0.17  # em: dot centre left of the text, above
# the baseline, and radius
MARKER_GAP = 0.45  # em between a number or [n] marker and its text
QUOTE_RULE_X = 1.0  # em: the quote bar stands this far left of the quote text
QUOTE_RULE_INSET = 0.15  # × leading: the bar stops short of the block's top and bottom
LINK_PAD = 1.0  # pt added around a link's text to make its clickable area

TABLE_PAD_X, TABLE_PAD_Y = 5.0, 3.2  # pt, cell padding
TABLE_ZEBRA = 0.45  # how much of accent_light tints every other row (0 white, 1 full)
TABLE_MIN_ROWS = 2  # body rows that must follow a table caption on the same page
TABLE_SPACE = 0.3  # × body size between a table and its source line
TABLE_AFTER = 1.0  # × body size after a table without a source line
LIST_AFTER = 0.9  # × body size after the last item of a list
TABLE_AUTO_MAX = 0.6  # auto widths: no column's natural width counts beyond this share
TABLE_AUTO_DAMP = 0.8  # auto widths grow as natural width ** this (wide columns give way)

KEY_GAP = 8.0  # pt between key-figure boxes
KEY_PAD = 0.9  # em (body size) inside a box
KEY_RADIUS = 3.0  # pt
KEY_UNIT = 0.5  # a unit (亿元, %, 家) is set at this fraction of the number's size
KEY_VALUE_LINE = 1.15  # × value size: the line a value takes
KEY_LABEL_GAP = 0.25  # × body size between value and label
KEY_TITLE_GAP = 0.4  # × body size between the panel title and the boxes
KEY_TOP_BAR = 0.8  # × RULE_ACCENT: the accent edge on top of each box
KEY_BEFORE, KEY_AFTER = 0.9, 1.2  # × body size around the panel

FIGURE_MAX_H = 0.62  # an image never takes more than this fraction of the frame height
FIGURE_SPACE = 0.6  # × body size around a figure
FIGURE_CAPTION_GAP = 0.5  # × body size between the image and its caption
TOC_PAGE_W = 2.6  # em: the page-number column of the table of contents
TOC_DOT_STEP = 3.6  # pt between leader dots
TOC_DOT_R = 0.42  # pt, leader dot radius
TOC_DOT_Y = 0.27  # em above the baseline
TOC_DOT_FROM = 0.4, 0.6  # × body size: leaders end this far into the number column, and
# start this far after the entry's text

COVER_BAND = 0.44  # the colour band ends this fraction of the page height from the bottom
COVER_STRIPE = 4.0  # pt, the light stripe under the band
COVER_TITLE_MIN = 0.7  # a long cover title may shrink to this fraction of its size
COVER_TITLE_STEP = 0.94  # … in steps of this factor
COVER_LABEL_TOP = 3.0 * cm  # the audience label's top, below the page top
COVER_LABEL_PAD, COVER_LABEL_H = 0.8, 2.0  # em: the label's side padding and height
COVER_TITLE_BOTTOM = 2.4 * cm  # the title block ends this far above the band's lower edge
COVER_BAR, COVER_BAR_GAP = 1.6 * cm, 0.9 * cm  # the white bar above the title, and its gap
COVER_SUBTITLE_GAP = 0.9  # × body size between title and subtitle
COVER_DEDICATION_DROP = 2.4 * cm  # the dedication's top, below the band
COVER_FOOT_RULE = 0.5 * cm  # the rule above the organiser block, above its first line


@dataclass(frozen=True)
class BlockStyle:
    """How one kind of text block looks; sizes and spaces are relative to theme.body_size."""

    use: str  # a key of fonts.USES
    size: float  # × theme.body_size
    colour: str  # a Theme attribute, or '#rrggbb'
    leading: float = 0.0  # × size; 0 = theme.line_spacing
    first_indent: float = 0.0  # em of this style
    left_indent: float = 0.0  # em
    right_indent: float = 0.0  # em
    before: float = 0.0  # × theme.body_size
    after: float = 0.0  # × theme.body_size
    align: str = "justify"  # justify, left, center, right


STYLES: dict[str, BlockStyle] = {
    # Body text: 宋体-style serif, 2 em first-line indent (GB/T 9704 practice), justified.
    "body": BlockStyle("body", 1.0, "text", first_indent=2, after=0.45),
    "lead": BlockStyle("body", 1.14, "text", first_indent=2, after=0.9),
    "note": BlockStyle("body", 0.86, "muted", 1.55, after=0.45),
    "h1": BlockStyle("heading", 1.9, "accent", 1.3, after=1.6, align="left"),
    "h2": BlockStyle("heading", 1.33, "accent", 1.35, before=1.5, after=0.6, align="left"),
    "h3": BlockStyle("heading", 1.1, "text", 1.4, before=1.0, after=0.35, align="left"),
    "bullet": BlockStyle("body", 1.0, "text", left_indent=2.2, after=0.3),
    "quote": BlockStyle("body", 1.0, "text", left_indent=3.0, right_indent=2.0,
                         before=0.5, after=1.0),
    "figure_caption": BlockStyle("caption", 0.95, "text", 1.45, align="center"),
    "table_caption": BlockStyle("caption", 0.95, "text", 1.45, align="center",
                                 before=0.6, after=0.45),
    "source": BlockStyle("caption", 0.8, "muted", 1.5, align="left", after=1.0),
    "cell": BlockStyle("table", 0.86, "text", 1.4, align="left"),
    "head_cell": BlockStyle("table", 0.86, "#FFFFFF", 1.35, align="left"),
    "toc1": BlockStyle("heading", 1.05, "text", 1.5, before=0.75, align="left"),
    "toc2": BlockStyle("body", 1.0, "text", 1.5, left_indent=2, before=0.2, align="left"),
    "toc3": BlockStyle("body", 0.95, "muted", 1.5, left_indent=4, before=0.1, align="left"),
    "source_entry": BlockStyle("body", 0.86, "text", 1.5, left_indent=2.8, after=0.35),
    "key_title": BlockStyle("heading", 1.0, "accent", 1.4, align="left", before=0.4),
    "key_value": BlockStyle("keyfigure", 2.2, "accent", 1.15, align="center"),
    "key_label": BlockStyle("keyfigure", 0.86, "text", 1.4, align="center"),
    "key_period": BlockStyle("keyfigure", 0.76, "muted", 1.35, align="center"),
    "header": BlockStyle("header", 0.78, "muted"),
    "cover_audience": BlockStyle("cover", 1.05, "#FFFFFF", 1.2, align="left"),
    "cover_title": BlockStyle("cover", 3.4, "#FFFFFF", 1.3, align="left"),
    "cover_subtitle": BlockStyle("cover", 1.5, "accent_light", 1.4, align="left"),
    "cover_dedication": BlockStyle("cover", 1.6, "text", 1.45, align="left"),
    "cover_organiser": BlockStyle("cover", 1.15, "text", 1.6, align="left"),
    "cover_date": BlockStyle("cover", 1.0, "muted", 1.6, align="left"),
    "cover_contact": BlockStyle("cover", 0.86, "muted", 1.6, align="left"),
}
HEADING_STYLE = {1: "h1", 2: "h2", 3: "h3"}
