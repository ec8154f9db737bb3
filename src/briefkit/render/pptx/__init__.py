"""PPTX: a deck's laid-out frames as an editable PowerPoint file (the only python-pptx importer).

The layout (briefkit.slidelayout) has already placed every box and fitted every text with our
own font metrics; this module only writes what it is given. Why the XML details:
- every run names its East Asian face (`a:ea`) as well as its Latin one (`a:latin`): without
  `a:ea`, PowerPoint outside Windows, WPS and LibreOffice draw Chinese in a Latin font's
  fallback or as boxes;
- the theme names the same faces, with the Hans script entry, so text a user adds later is
  Chinese-capable too;
- shapes lose python-pptx's default style reference, which adds an outline and a shadow in
  some viewers;
- zip entries get fixed times and order, so the same deck gives the same bytes.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from pathlib import Path

from ...errors import Problem, RenderError
from ...files import SHANGHAI, reproducible_zip

# The faces a PPTX names (they exist on readers' machines; our PDF embeds Noto Sans SC instead).
# Headings and body both use the 黑体-style face on slides: a serif is too thin on a projector.
FACES = {"latin": "Arial", "ea": "微软雅黑", "ea_fallback": "黑体"}
EMU_PER_PT = 12700
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def render(document, path: Path) -> int | None:
    """A pack has no slides: decks are built with render_deck."""
    raise RenderError(Problem(None, "pptx is the format of decks, not packs",
                              "set `kind: deck` in the brief, or leave pptx out of its formats"))


def render_deck(deck, frames, path: Path) -> int:
    """Write the frames of `deck` as a .pptx at `path`; return the number of slides."""
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width = Emu(_emu(frames[0].width))
    prs.slide_height = Emu(_emu(frames[0].height))
    _theme(prs, deck.theme)
    blank = prs.slide_layouts[6]
    for frame in frames:
        slide = prs.slides.add_slide(blank)
        _background(slide, frame.background)
        for n, item in enumerate(frame.items):
            kind = type(item).__name__
            if kind == "Rect":
                _rect(slide, item, n)
            elif kind == "Picture":
                _picture(slide, item)
            elif kind == "TextBox":
                _textbox(slide, item, n)
        if frame.notes:
            tf = slide.notes_slide.notes_text_frame
            tf.text = frame.notes
            for p in tf.paragraphs:
                for r in p.runs:
                    _faces(r)
    created = _created(deck.meta.created)
    _core(prs, deck.meta, created)
    buf = io.BytesIO()
    prs.save(buf)
    data = reproducible_zip(buf.getvalue(), created)
    try:
        Path(path).write_bytes(data)
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror or e}") from None
    return len(frames)


def _emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def _rgb(colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def _background(slide, colour: str) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(colour)


def _plain_shape(shape) -> None:
    """Drop the default style reference (outline, shadow, theme text colour)."""
    style = shape._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}style")
    if style is not None:
        shape._element.remove(style)


def _rect(slide, r, n: int) -> None:
    from pptx.enum.shapes import MSO_SHAPE

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _emu(r.x), _emu(r.y), _emu(r.w), _emu(r.h))
    _plain_shape(shape)
    shape.name = f"band {n}"
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(r.fill)
    shape.line.fill.background()


def _picture(slide, p) -> None:
    pic = slide.shapes.add_picture(p.path, _emu(p.x), _emu(p.y), _emu(p.w), _emu(p.h))
    pic.name = "chart"
    if p.alt:
        pic._element.nvPicPr.cNvPr.set("descr", p.alt)


def _textbox(slide, box, n: int) -> None:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Pt

    shape = slide.shapes.add_textbox(_emu(box.x), _emu(box.y), _emu(box.w), _emu(box.h))
    shape.name = box.name or f"text {n}"
    tf = shape.text_frame
    tf.word_wrap = box.wrap
    tf.auto_size = MSO_AUTO_SIZE.NONE  # the size is already fitted; PowerPoint must not change it
    tf.vertical_anchor = MSO_ANCHOR.TOP
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    align = {"l": PP_ALIGN.LEFT, "c": PP_ALIGN.CENTER, "r": PP_ALIGN.RIGHT}[box.align]
    for i, para in enumerate(box.paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        size = max((sp.size for line in para for sp in line), default=12.0)
        p.line_spacing = Pt(round(size * box.line_height, 1))
        if box.space_after and i < len(box.paragraphs) - 1:
            p.space_after = Pt(box.space_after)
        if box.bullet:
            _bullet(p, box)
        for k, line in enumerate(para):
            if box.hard_breaks and k > 0:
                p.add_line_break()  # our line break, kept (a:br): a balanced title stays balanced
            for span in line:
                r = p.add_run()
                r.text = span.text
                r.font.size = Pt(span.size)
                r.font.bold = False
                r.font.color.rgb = _rgb(span.colour)
                _faces(r)


def _faces(run) -> None:
    """Name the Latin and the East Asian face of a run (a:latin, a:ea)."""
    from lxml import etree

    rpr = run._r.get_or_add_rPr()
    run.font.name = FACES["latin"]  # writes a:latin in its schema position
    latin = rpr.find(f"{{{_A}}}latin")
    for old in rpr.findall(f"{{{_A}}}ea"):
        rpr.remove(old)
    ea = etree.Element(f"{{{_A}}}ea")
    ea.set("typeface", FACES["ea"])
    ea.set("charset", "-122")  # GB2312: a machine without the face substitutes a Chinese one
    latin.addnext(ea)
    rpr.set("lang", "zh-CN")
    rpr.set("altLang", "en-US")


def _bullet(p, box) -> None:
    from lxml import etree

    ppr = p._p.get_or_add_pPr()
    ppr.set("marL", str(_emu(box.indent)))
    ppr.set("indent", str(-_emu(box.indent)))
    for tag, attrs in (("buClr", None), ("buSzPct", {"val": "70000"}),
                       ("buFont", {"typeface": "Wingdings", "pitchFamily": "2", "charset": "2"}),
                       ("buChar", {"char": "§"})):
        el = etree.SubElement(ppr, f"{{{_A}}}{tag}")
        if tag == "buClr":
            etree.SubElement(el, f"{{{_A}}}srgbClr").set("val", box.bullet.lstrip("#").upper())
        for k, v in (attrs or {}).items():
            el.set(k, v)


def _theme(prs, theme) -> None:
    """Give the theme our colours and faces, so what a user adds matches the deck."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    xml = part.blob.decode("utf-8")
    palette = list(theme.palette) + [theme.accent] * 6
    colours = {"dk2": theme.text, "lt2": theme.accent_light, "accent1": palette[0],
               "accent2": palette[1], "accent3": palette[2], "accent4": palette[3],
               "accent5": palette[4], "accent6": palette[5]}
    for name, value in colours.items():
        xml = re.sub(rf"<a:{name}>.*?</a:{name}>",
                     f'<a:{name}><a:srgbClr val="{value.lstrip("#").upper()}"/></a:{name}>', xml,
                     flags=re.S)
    xml = re.sub(r'<a:fontScheme name="[^"]*">', '<a:fontScheme name="briefkit">', xml)
    # Headings (major) name 黑体 for Simplified Chinese, as the DOCX does; body text 微软雅黑.
    for which, ea, hans in (("majorFont", FACES["ea"], FACES["ea_fallback"]),
                            ("minorFont", FACES["ea"], FACES["ea"])):
        block = re.search(rf"<a:{which}>.*?</a:{which}>", xml, re.S).group(0)
        new = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{FACES["latin"]}"', block)
        new = re.sub(r'<a:ea typeface="[^"]*"', f'<a:ea typeface="{ea}"', new)
        new = re.sub(r'<a:font script="Hans" typeface="[^"]*"/>',
                     f'<a:font script="Hans" typeface="{hans}"/>', new)
        if 'script="Hans"' not in new:
            new = new.replace(f"</a:{which}>", f'<a:font script="Hans" typeface="{hans}"/></a:{which}>')
        xml = xml.replace(block, new)
    part._blob = xml.encode("utf-8")


def _created(text: str) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise RenderError(Problem(None, f"meta.created is not an ISO date-time: {text!r}")) from None
    return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)


def _core(prs, meta, created: datetime | None) -> None:
    cp = prs.core_properties
    cp.title = meta.title
    cp.author = meta.author
    cp.subject = meta.subject
    cp.keywords = "; ".join(meta.keywords)
    cp.language = meta.language or "zh-CN"
    cp.last_modified_by = "briefkit"
    cp.revision = 1
    if created is not None:
        utc = created.astimezone(timezone.utc).replace(tzinfo=None)
        cp.created = utc
        cp.modified = utc
