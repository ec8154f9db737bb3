"""The words a pack prints around its content, one table per language: contents, figure and
table labels, source lines, page numbers, the cover's labels. Renderers and compose look them
up by the document's language; no other module spells them."""

from __future__ import annotations

CHROME: dict[str, dict[str, str]] = {
    "zh": {
        "contents": "目录", "sources": "资料来源", "figure": "图", "table": "表", "label_gap": "\u3000",
        "source_line": "资料来源：", "source_join": "、", "page": "第 {page} 页 / 共 {total} 页",
        "data_as_of": "数据截至{date}", "header_sep": " · ", "toc_placeholder": "右键单击此处并选择“更新域”以生成目录",
        "growth_note": "增速按相邻年份数据计算", "unit": "单位：{unit}",
        "facts_columns": "指标|数值|时间|来源",
    },
    "en": {
        "contents": "Contents", "sources": "Sources", "figure": "Figure", "table": "Table", "label_gap": "  ",
        "source_line": "Source: ", "source_join": "; ", "page": "Page {page} of {total}",
        "data_as_of": "Data as of {date}", "header_sep": " · ",
        "toc_placeholder": "Right-click here and choose Update Field to build the table of contents",
        "growth_note": "Growth computed from consecutive years", "unit": "Unit: {unit}",
        "facts_columns": "Indicator|Value|Date|Source",
    },
}
# Document.meta.language (a BCP 47 tag) → the table above; DOCX and PDF write the tag itself.
LANGUAGE_TAGS = {"zh": "zh-CN", "en": "en-US"}


def lang_of(tag: str) -> str:
    """Return the chrome table's key for a language tag: 'en-US' → 'en', anything else 'zh'."""
    return "en" if str(tag).lower().startswith("en") else "zh"


def chrome(tag: str, key: str, **values) -> str:
    """Return the pack's word for `key` in language `tag`, with {values} filled in."""
    text = CHROME[lang_of(tag)][key]
    return text.format(**values) if values else text
