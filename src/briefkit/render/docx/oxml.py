"""Small WordprocessingML builders on top of python-docx's oxml: elements, runs, links."""

from __future__ import annotations

import re

# Characters Word sets in the Latin face unless told the text is East Asian (ECMA-376 Part 1,
# §17.3.2.26, the w:hint attribute): Chinese quotes, dashes, ellipsis, middle dot.
AMBIGUOUS = re.compile("[\u00b7\u00d7\u00b0\u2014\u2015\u2018\u2019\u201c\u201d\u2026"
                       "\u2030\u2103\u203b\u2116\u00a7\u2160-\u216b\u2460-\u2473]")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def qn(tag: str) -> str:
    """Return the Clark name of 'w:tag' ('{namespace}tag'), as lxml spells it."""
    prefix, local = tag.split(":")
    assert prefix == "w"
    return f"{{{W}}}{local}"


def el(tag: str, attrs: dict[str, str] | None = None):
    """Return a new python-docx element `tag` ('w:…') with `attrs`."""
    from docx.oxml import OxmlElement

    return OxmlElement(tag, {qn(k): v for k, v in (attrs or {}).items()})


def parse(xml: str):
    """Return the python-docx element that `xml` (one element, namespaces declared) spells."""
    from docx.oxml import parse_xml

    return parse_xml(xml)


def append_all(parent, children: list) -> None:
    """Append each of `children` to `parent`, in order."""
    for child in children:
        parent.append(child)


def insert_before(root, element, successors: tuple[str, ...]) -> None:
    """Insert `element` before the first of `successors` present, else at the end."""
    for tag in successors:
        found = root.find(qn(tag))
        if found is not None:
            found.addprevious(element)
            return
    root.append(element)


def set_style(p, sid: str) -> None:
    """Give paragraph `p` (a CT_P) the style `sid`."""
    p.get_or_add_pPr().get_or_add_pStyle().val = sid


def run(text: str, *, style: str = "", bold: bool = False, italic: bool = False):
    """Return a w:r holding `text` literally; tabs and newlines become w:tab and w:br."""
    r = el("w:r")
    rpr = ""
    if style:
        rpr += f'<w:rStyle w:val="{style}"/>'
    if AMBIGUOUS.search(text):  # set “”—… in the Chinese face, as Chinese Word does
        rpr += '<w:rFonts w:hint="eastAsia"/>'
    if bold:
        rpr += "<w:b/><w:bCs/>"
    if italic:
        rpr += "<w:i/><w:iCs/>"
    if rpr:
        r.append(parse(f"<w:rPr {NS}>{rpr}</w:rPr>"))
    r.text = text
    return r


def tab_run():
    r = el("w:r")
    r.append(el("w:tab"))
    return r


def hyperlink(*, anchor: str = "", rid: str = ""):
    if anchor:
        return el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"})
    link = el("w:hyperlink", {"w:history": "1"})
    link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", rid)
    return link


def shading(fill: str):
    return el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def sect_xml(body_sect) -> str:
    """Return a copy of the body's page set-up as the cover section (no header or footer)."""
    from lxml import etree

    copy = etree.fromstring(etree.tostring(body_sect))
    for child in list(copy):
        if etree.QName(child).localname in ("headerReference", "footerReference", "titlePg"):
            copy.remove(child)
    for key in list(copy.attrib):
        del copy.attrib[key]
    return etree.tostring(copy, encoding="unicode")


def is_table(element) -> bool:
    return element is not None and element.tag == f"{{{W}}}tbl"
