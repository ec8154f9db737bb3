"""The package around the body: core and app properties, the font table, a reproducible zip."""

from __future__ import annotations

from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr

from ... import doc as d
from ... import fonts
from ...files import SHANGHAI, reproducible_zip  # noqa: F401 (re-exported for the renderer)
from .oxml import W

LAST_MODIFIED_BY = "briefkit"


def parse_created(text: str) -> datetime | None:
    """Return meta.created (checked by doc.validate) as an aware datetime, or None; a time
    without a zone is Shanghai time."""
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)


def set_core_properties(word, meta: d.Meta, created: datetime | None) -> None:
    cp = word.core_properties
    cp.title = meta.title
    cp.author = meta.author
    cp.subject = meta.subject
    cp.keywords = "; ".join(meta.keywords)
    cp.language = meta.language or "zh-CN"
    cp.last_modified_by = LAST_MODIFIED_BY
    cp.comments = ""
    cp.category = ""
    cp.revision = 1
    element = cp._element
    if created is None:  # no date given: write none rather than the template's
        for tag in ("created", "modified"):
            for old in element.findall(f"{{http://purl.org/dc/terms/}}{tag}"):
                element.remove(old)
    else:
        # python-docx prints the datetime with a 'Z' as given, so hand it UTC.
        utc = created.astimezone(timezone.utc).replace(tzinfo=None)
        cp.created = utc
        cp.modified = utc


def app_xml() -> bytes:
    """Extended properties without the template's stale page and word counts."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>0</TotalTime>'
        "<Application>briefkit</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>").encode()


def font_table_xml(english: bool = False) -> bytes:
    """List our faces with their character sets (GB2312 = 86 for the Chinese ones), so a
    machine without them substitutes a Chinese face, not a Japanese one."""
    entries = []
    seen = set()
    if english:  # the Latin face of English packs, first
        seen.add(fonts.DOCX_LATIN)
        entries.append(f"<w:font w:name={quoteattr(fonts.DOCX_LATIN)}><w:charset w:val=\"00\"/>"
                       "<w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>")
    for role in fonts.ROLES.values():
        for name, charset, chinese in ((role.docx_east_asia, "86", True),
                                       (role.docx_ascii, "00", False)):
            if name in seen:
                continue
            seen.add(name)
            alt = panose = ""
            family, pitch = "auto", "variable"
            if chinese:
                family, pitch = role.docx_family, role.docx_pitch
                if role.docx_alt:
                    alt = f"<w:altName w:val={quoteattr(role.docx_alt)}/>"
                if role.docx_panose:
                    panose = f"<w:panose1 w:val=\"{role.docx_panose}\"/>"
            entries.append(f"<w:font w:name={quoteattr(name)}>{alt}{panose}"
                           f"<w:charset w:val=\"{charset}\"/><w:family w:val=\"{family}\"/>"
                           f"<w:pitch w:val=\"{pitch}\"/></w:font>")
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{W}">{"".join(entries)}</w:fonts>').encode()
