"""The bad-input corpus (issue 15): what office staff write by mistake, and what briefkit must say.

Each case is (id, files written over the one-chapter test project, command, exit code). The
exact lines each case must print are in expected.py, keyed by id, so a changed message shows
as a diff of that table. Classes follow issue 15: silent (wrong content with exit 0), internal
(internal errors), outside (files outside the project), place (messages at the right place),
bounded (work without end).
"""

from __future__ import annotations

from conftest import GOOD
from projects import BRIEF

CH = "templates/soe/ch.md"
FACTS = "facts/economy.yaml"
BR = "briefs/soe.yaml"
FACT = "{{ dated('economy.fiscal_revenue') }}"


def tpl(body: str) -> dict:
    """A chapter whose line 3 (after the heading and a blank line) starts `body`."""
    return {CH: "# 概况\n\n" + body}


def brief_sub(old: str, new: str, extra: str = "") -> dict:
    return {BR: BRIEF.replace(old, new) + extra}


def facts_sub(old: str, new: str) -> dict:
    return {FACTS: GOOD.replace(old, new)}


# msgs: a second observation of the test fact's measure, and a second fact of the same value
OLDER = """\
  - id: economy.fiscal_revenue_2022
    label: 区级财政收入
    value: 240
    unit: 亿元
    as_of: 2022
    measure: economy.revenue
    source: paper
    quote: 区级财政收入达250亿元
"""
SAME_VALUE = OLDER.replace("economy.fiscal_revenue_2022", "economy.other").replace(
    "    measure: economy.revenue\n", "").replace("value: 240", "value: 250").replace(
    "区级财政收入\n", "其他收入\n").replace("quote: 区级财政收入达250亿元", "quote: 汇聚了上下游企业")


# badbrief: a download page's manifest, and a fact no template names
def _manifest(*packs) -> str:
    """out/manifest.json of packs (brief, audience_label[, download_name]), one PDF each."""
    import json

    entries = [{"brief": p[0], "kind": "pack", "title": "测试手册", "audience_label": p[1],
                "download_name": p[2] if len(p) > 2 else f"测试手册-{p[1]}",
                "outputs": [{"format": "pdf", "file": f"{p[0]}.pdf", "size": 1, "sha256": "", "pages": 1}]}
               for p in packs]
    return json.dumps({"briefkit_version": "0.1.0", "packs": entries}, ensure_ascii=False)


SECOND_FACT = """\
  - id: economy.chain_firms
    label: 上下游企业
    value: 300
    unit: 家
    qualifier: 近
    as_of: 2023
    source: paper
    quote: 汇聚了上下游企业近三百家
"""


# msgs: recipient lists, as CSV and as an Excel workbook, and a one-sector table for them
RCP = "briefs/recipients/r.csv"
XLS = "briefs/recipients/r.xlsx"
INV = ("build", "soe", "--recipients", "{ROOT}/" + RCP, "--out", "{OUT}", "--quiet")
INV_XLSX = ("build", "soe", "--recipients", "{ROOT}/" + XLS, "--out", "{OUT}", "--quiet")
SECTOR_TABLE = {"templates/soe/sectors/sectors.yaml": "sectors:\n  energy:\n    name: 能源\n",
                "templates/soe/sectors/energy.md": "# 能源合作\n\n{{ dated('economy.fiscal_revenue') }}\n",
                "templates/soe/sectors/default.md": "# 合作\n\n{{ dated('economy.fiscal_revenue') }}\n"}


def xlsx(rows) -> bytes:
    """An Excel workbook of one sheet with these rows, as bytes."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


CHECK = ("check",)
BUILD = ("build", "soe", "--out", "{OUT}")

# (class, id, files, argv, exit code)
CASES = [
    # ---- 1. wrong content that used to pass with exit 0 ------------------------------------
    ("silent", "markdown-image", tpl("![区位图](map.png)\n"), CHECK, 1),
    ("silent", "markdown-image-no-alt", tpl("![](map.png)\n"), CHECK, 1),
    ("silent", "markdown-image-in-sentence", tpl("见下图![示意](b.png)。\n"), CHECK, 1),
    ("silent", "markdown-image-build", tpl("![区位图](map.png)\n"), BUILD, 1),
    ("silent", "table-extra-cell", tpl("| 项目 | 数值 |\n|---|---|\n| 财政 | 一 | 二 |\n"), CHECK, 1),
    ("silent", "table-extra-cell-no-outer-pipes", tpl("项目 | 数值\n--|--\n财政 | 一 | 二\n"), CHECK, 1),
    ("silent", "table-extra-cell-second-row",
     tpl("| 项目 | 数值 |\n|:--|--:|\n| 甲 | 一 |\n| 乙 | 二 | 三 | 四 |\n"), CHECK, 1),
    ("silent", "table-extra-cell-build", tpl("| 项目 | 数值 |\n|---|---|\n| 财政 | 一 | 二 |\n"), BUILD, 1),
    ("silent", "table-pipe-in-jinja-filter-is-no-cell",
     tpl("| 项目 | 数值 |\n|---|---|\n| 财政 | {{ dated('economy.fiscal_revenue') | string }} |\n"), CHECK, 0),
    ("silent", "table-escaped-pipe-is-no-cell", tpl("| 项目 | 数值 |\n|---|---|\n| 甲\\|乙 | 一 |\n"
                                                    + "\n" + FACT + "\n"), CHECK, 0),
    ("silent", "fullwidth-braces", tpl("财政收入｛｛ fact('economy.fiscal_revenue') ｝｝。\n"), CHECK, 1),
    ("silent", "fullwidth-open-brace-only", tpl("财政收入｛｛ fact('economy.fiscal_revenue') }}。\n"), CHECK, 1),
    ("silent", "fullwidth-close-brace-only", tpl("财政收入{{ fact('economy.fiscal_revenue') ｝｝。\n"), CHECK, 1),
    ("silent", "fullwidth-block-tag", tpl("｛％ if true ％｝是{% endif %}\n"), CHECK, 1),
    ("silent", "fullwidth-percent-in-tag", tpl("{％ if true %}是{% endif %}\n"), CHECK, 1),
    ("silent", "fullwidth-braces-build", tpl("财政收入｛｛ fact('economy.fiscal_revenue') ｝｝。\n"), BUILD, 1),
    ("silent", "curly-double-quotes-in-call", tpl("财政收入{{ fact(“economy.fiscal_revenue”) }}。\n"), CHECK, 1),
    ("silent", "curly-single-quotes-in-call", tpl("财政收入{{ fact(‘economy.fiscal_revenue’) }}。\n"), CHECK, 1),
    ("silent", "fullwidth-parentheses-in-call", tpl("财政收入{{ fact（'economy.fiscal_revenue'） }}。\n"), CHECK, 1),
    ("silent", "fullwidth-comma-in-call",
     tpl("{{ chart('bar', '收入'， ['economy.fiscal_revenue'], dates=True) }}\n"), CHECK, 1),
    ("silent", "fullwidth-space-in-code", tpl("财政收入{{　fact('economy.fiscal_revenue') }}。\n"), CHECK, 1),
    ("silent", "fullwidth-brackets-in-call",
     tpl("{{ chart('bar', '收入', ［'economy.fiscal_revenue'］) }}\n"), CHECK, 1),
    ("silent", "fullwidth-equals-in-set", tpl("{% set x ＝ 1 %}" + FACT + "\n"), CHECK, 1),
    ("silent", "curly-quotes-inside-a-string-are-text",
     tpl("{{ text('“上海”的') }}" + FACT + "\n"), CHECK, 0),
    ("silent", "fullwidth-digits-value", facts_sub("value: 250", "value: ２５０"), CHECK, 1),
    ("silent", "fullwidth-digits-decimal-value", facts_sub("value: 250", "value: ２５．５"), CHECK, 1),
    ("silent", "scientific-1e308-value", facts_sub("value: 250", "value: 1e308"), CHECK, 1),
    ("silent", "scientific-small-value", facts_sub("value: 250", "value: 2.5e2"), CHECK, 1),
    ("silent", "inf-value", facts_sub("value: 250", "value: inf"), CHECK, 1),
    ("silent", "minus-infinity-value", facts_sub("value: 250", "value: -Infinity"), CHECK, 1),
    ("silent", "nan-value", facts_sub("value: 250", "value: nan"), CHECK, 1),
    ("silent", "yaml-nan-value", facts_sub("value: 250", "value: .nan"), CHECK, 1),
    ("silent", "yaml-inf-value", facts_sub("value: 250", "value: .inf"), CHECK, 1),
    ("silent", "key-figures-inside-sentence",
     tpl("收入{{ key_figures('economy.fiscal_revenue') }}增长。\n"), CHECK, 1),
    ("silent", "chart-inside-sentence",
     tpl("收入{{ chart('bar', '收入', ['economy.fiscal_revenue'], dates=True) }}增长。\n"), CHECK, 1),
    ("silent", "facts-table-inside-sentence",
     tpl("见{{ facts_table('economy.fiscal_revenue') }}\n"), CHECK, 1),
    ("silent", "table-inside-sentence",
     tpl("见{{ table(['甲'], [['一']]) }}。\n"), CHECK, 1),
    ("silent", "key-figures-in-list-item", tpl("- 收入 {{ key_figures('economy.fiscal_revenue') }}\n"), CHECK, 1),
    ("silent", "chart-in-ordered-list-item",
     tpl("1. {{ chart('bar', '收入', ['economy.fiscal_revenue'], dates=True) }}\n"), CHECK, 1),
    ("silent", "key-figures-in-table-row",
     tpl("| 甲 | 乙 |\n|---|---|\n| 一 | {{ key_figures('economy.fiscal_revenue') }} |\n"), CHECK, 1),
    ("silent", "block-after-text-on-next-line-is-fine",
     tpl("收入如下：\n{{ key_figures('economy.fiscal_revenue') }}\n"), CHECK, 0),
    ("silent", "block-inside-sentence-build",
     tpl("收入{{ key_figures('economy.fiscal_revenue') }}增长。\n"), BUILD, 1),
    ("silent", "html-comment-is-a-warning", tpl(FACT + "<!-- 待补充 -->\n"), CHECK, 0),
    ("silent", "html-comment-multiline", tpl(FACT + "\n\n<!-- 第一行\n第二行 -->\n"), CHECK, 0),
    ("silent", "html-comment-unclosed", tpl(FACT + "\n\n<!-- 忘了关\n"), CHECK, 1),
    ("silent", "html-comment-warning-in-build", tpl(FACT + "<!-- 待补充 -->\n"), BUILD, 0),
    ("silent", "contact-line-read-as-mapping", brief_sub("", "", "contact:\n  - 电话: 021-64872222\n"), CHECK, 1),
    ("silent", "contact-address-read-as-mapping",
     brief_sub("", "", "contact:\n  - 联系人 王老师\n  - 地址: 漕溪北路336号\n"), CHECK, 1),
    ("silent", "contact-quoted-is-fine", brief_sub("", "", "contact:\n  - '电话: 021-64872222'\n"), CHECK, 0),
    ("silent", "contact-fullwidth-colon-is-fine", brief_sub("", "", "contact:\n  - 电话：021-64872222\n"), CHECK, 0),
    ("silent", "keyword-read-as-mapping", brief_sub("", "", "keywords:\n  - 投资: 徐汇\n"), CHECK, 1),
    ("silent", "contact-nested-list", brief_sub("", "", "contact:\n  - [电话, 021]\n"), CHECK, 1),
    ("silent", "fact-index-chinese-no", brief_sub("", "", "fact_index: 不要\n"), CHECK, 1),
    ("silent", "fact-index-chinese-yes", brief_sub("", "", "fact_index: 是\n"), CHECK, 1),
    ("silent", "fact-index-number", brief_sub("", "", "fact_index: 0\n"), CHECK, 1),
    ("silent", "fact-index-quoted-no", brief_sub("", "", "fact_index: 'no'\n"), CHECK, 1),
    ("silent", "fact-index-no-is-fine", brief_sub("", "", "fact_index: no\n"), CHECK, 0),
    ("silent", "fact-index-build", brief_sub("", "", "fact_index: 不要\n"), BUILD, 1),
    ("silent", "typed-number-check-warning", tpl("收入250亿元。" + FACT + "\n"), CHECK, 0),
    ("silent", "typed-number-build-warning", tpl("收入250亿元。" + FACT + "\n"), BUILD, 0),
    ("silent", "typed-number-strict-is-an-error", tpl("收入250亿元。" + FACT + "\n"), ("check", "--strict"), 1),
    # ---- badtpl: templates and briefs that printed wrong text (issue 15, A2–A4) ---------------
    ("silent", "single-brace-call", tpl("财政收入{ dated('economy.fiscal_revenue') }。\n"), CHECK, 1),
    ("silent", "single-brace-call-no-space", tpl("{fact('economy.fiscal_revenue')}}\n"), CHECK, 1),
    ("silent", "single-brace-call-build", tpl("财政收入{ dated('economy.fiscal_revenue') }。\n"), BUILD, 1),
    ("silent", "single-braces-around-text-are-text", tpl("范围{ 甲, 乙 }。" + FACT + "\n"), CHECK, 0),
    ("silent", "chapter-listed-twice", brief_sub("  - ch", "  - ch\n  - ch"), CHECK, 1),
    ("silent", "chapter-listed-twice-with-md", brief_sub("  - ch", "  - ch\n  - ch.md"), CHECK, 1),
    ("silent", "chapter-listed-twice-build", brief_sub("  - ch", "  - ch\n  - ch"), BUILD, 1),
    ("silent", "chapter-empty", {"templates/soe/e.md": "", **brief_sub("  - ch", "  - ch\n  - e")}, CHECK, 0),
    ("silent", "chapter-only-comments",
     {"templates/soe/e.md": "{# 待写 #}\n\n", **brief_sub("  - ch", "  - ch\n  - e")}, CHECK, 0),
    ("silent", "chapter-printing-nothing",
     {"templates/soe/e.md": "{% set x = 1 %}\n", **brief_sub("  - ch", "  - ch\n  - e")}, CHECK, 0),
    ("silent", "chapter-empty-build", {"templates/soe/e.md": "", **brief_sub("  - ch", "  - ch\n  - e")},
     BUILD, 0),
    ("silent", "html-bold-tag", tpl("财政<b>收入</b>" + FACT + "\n"), CHECK, 0),
    ("silent", "html-line-break", tpl(FACT + "<br>第二行<br/>第三行\n\n正文<font color=red>红</font>\n"), CHECK, 0),
    ("silent", "html-tag-strict-is-an-error", tpl("财政<b>收入</b>" + FACT + "\n"), ("check", "--strict"), 1),
    ("silent", "angle-brackets-that-are-no-tags-are-text",
     tpl(FACT + "，甲<乙，a<b，见<https://www.xuhui.gov.cn>，《徐汇》\n"), CHECK, 0),
    ("silent", "indented-paragraph-is-fine", tpl(FACT + "\n\n    这是**重点**内容。\n"), CHECK, 0),
    ("silent", "link-and-underscores-are-fine",
     tpl(FACT + "\n\n见[官网](https://www.xuhui.gov.cn)，这是_斜体_和__粗体__。\n"), CHECK, 0),
    # ---- 2. internal errors ------------------------------------------------------------------
    ("internal", "title-over-word-limit", brief_sub("title: 测试手册", "title: " + "长" * 300), CHECK, 1),
    ("internal", "title-with-label-over-word-limit", brief_sub("title: 测试手册", "title: " + "长" * 251), CHECK, 1),
    ("internal", "title-at-word-limit-is-too-long-for-the-cover",
     brief_sub("title: 测试手册", "title: " + "长" * 250, "\n" + "subtitle: x\n"), CHECK, 1),
    ("internal", "subject-over-word-limit", brief_sub("", "", "subject: " + "题" * 256 + "\n"), CHECK, 1),
    ("internal", "subtitle-as-subject-over-word-limit", brief_sub("", "", "subtitle: " + "副" * 300 + "\n"), CHECK, 1),
    ("internal", "forty-keywords-over-word-limit",
     brief_sub("", "", "keywords: [" + ", ".join(["徐汇区投资推介"] * 40) + "]\n"), CHECK, 1),
    ("internal", "organiser-as-author-over-word-limit",
     brief_sub("organiser: 测试办公室", "organiser: " + "办" * 260), CHECK, 1),
    ("internal", "word-limit-build", brief_sub("title: 测试手册", "title: " + "长" * 300), BUILD, 1),
    ("internal", "out-is-a-file", {"notes.txt": "x"}, ("build", "soe", "--out", "{ROOT}/notes.txt"), 1),
    ("internal", "out-under-a-file", {"notes.txt": "x"}, ("build", "soe", "--out", "{ROOT}/notes.txt/out"), 1),
    ("internal", "chapter-absolute-path", brief_sub("  - ch", "  - /etc/passwd"), CHECK, 1),
    ("internal", "chapter-parent-path", brief_sub("  - ch", "  - ../../etc/passwd"), CHECK, 1),
    ("internal", "chapter-parent-path-build", brief_sub("  - ch", "  - ../../etc/passwd"), BUILD, 1),
    ("internal", "chapter-windows-path", brief_sub("  - ch", "  - 'C:\\Windows\\win.ini'"), CHECK, 1),
    ("internal", "chapter-backslash-parent", brief_sub("  - ch", "  - '..\\ch'"), CHECK, 1),
    ("internal", "chapter-home-path", brief_sub("  - ch", "  - ~/notes"), CHECK, 1),
    ("internal", "chapter-dotdot-inside", brief_sub("  - ch", "  - soe/../ch"), CHECK, 1),
    ("internal", "alias-bomb-brief",
     {BR: "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
          "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
          "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"}, CHECK, 1),
    ("internal", "alias-bomb-build",
     {BR: "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
          "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
          "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"}, BUILD, 1),
    ("internal", "alias-bomb-facts",
     {FACTS: "x: &a [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
             "z: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
             "w: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nfacts: []\n"}, CHECK, 1),
    ("internal", "a-few-aliases-are-fine", brief_sub("", "", "subtitle: &s 副标题\nheader: *s\n"), CHECK, 0),
    ("internal", "alias-undefined", brief_sub("title: 测试手册", "title: *name"), CHECK, 1),
    # ---- badtpl: templates (issue 15, A1) -------------------------------------------------------
    ("internal", "chapter-is-a-folder", {"templates/soe/ch2.md/.keep": "", **brief_sub("  - ch", "  - ch\n  - ch2")},
     CHECK, 1),
    ("internal", "chapter-is-a-folder-build",
     {"templates/soe/ch2.md/.keep": "", **brief_sub("  - ch", "  - ch\n  - ch2")}, BUILD, 1),
    ("internal", "folder-named-like-a-chapter-unused-is-fine", {"templates/soe/ch2.md/.keep": ""}, CHECK, 0),
    # ---- 3. outside the project ------------------------------------------------------------
    ("outside", "chapter-symlink-to-etc-passwd", {"@link": (CH, "/etc/passwd")}, CHECK, 1),
    ("outside", "chapter-symlink-to-etc-passwd-build", {"@link": (CH, "/etc/passwd")}, BUILD, 1),
    ("outside", "included-symlink-outside",
     {**tpl("{% include 'soe/part.md' %}\n" + FACT + "\n"), "@link": ("templates/soe/part.md", "/etc/hostname")},
     CHECK, 1),
    ("outside", "fact-file-symlink-outside", {"@link": ("facts/extra.yaml", "/etc/passwd")}, CHECK, 1),
    ("outside", "brief-symlink-outside", {"@link": ("briefs/other.yaml", "/etc/passwd")}, CHECK, 1),
    ("outside", "symlink-inside-the-project-is-fine",
     {"templates/shared/common.md": "# 概况\n\n" + FACT + "\n", "@link": (CH, "{ROOT}/templates/shared/common.md")},
     CHECK, 0),
    # ---- 6. messages at the right place ----------------------------------------------------
    ("place", "fullwidth-colon-in-fact", facts_sub("    label: 区级", "    label：区级"), CHECK, 1),
    ("place", "fullwidth-colon-in-fact-value-line", facts_sub("    unit: 亿元", "    unit：亿元"), CHECK, 1),
    ("place", "fullwidth-colon-in-brief", brief_sub("title: 测试手册", "title：测试手册"), CHECK, 1),
    ("place", "fullwidth-colon-on-list-item-key", facts_sub("  - id: economy", "  - id：economy"), CHECK, 1),
    ("place", "tab-in-fact", facts_sub("    label:", "\tlabel:"), CHECK, 1),
    ("place", "tab-in-brief", brief_sub("  - ch", "\t- ch"), CHECK, 1),
    ("place", "curly-quote-in-brief-yaml", brief_sub("title: 测试手册", "title: “测试: 手册”"), CHECK, 1),
    ("place", "curly-single-quote-in-fact-yaml", facts_sub("    label: 区级财政收入", "    label: ‘区级: 财政收入’"), CHECK, 1),
    ("place", "curly-quotes-in-a-plain-value-are-text", facts_sub("    label: 区级财政收入", "    label: “区级”财政收入"), CHECK, 0),
    ("place", "one-yaml-mistake-does-not-cascade",
     {FACTS: GOOD.replace("    label: 区级", "    label：区级"), CH: "# 概况\n\n" + (FACT + "。\n\n") * 17}, CHECK, 1),
    ("place", "one-bad-fact-does-not-cascade",
     {FACTS: GOOD.replace("value: 250", "value: ２５０"), CH: "# 概况\n\n" + (FACT + "。\n\n") * 5}, CHECK, 1),
    ("place", "unclosed-if", tpl("{% if true %}\n" + FACT + "\n\n正文。\n"), CHECK, 1),
    ("place", "unclosed-for", tpl("{% for x in [1] %}\n" + FACT + "\n"), CHECK, 1),
    ("place", "unclosed-if-inside-for", tpl("{% for x in [1] %}\n{% if x %}\n" + FACT + "\n{% endfor %}\n"), CHECK, 1),
    ("place", "unclosed-if-build", tpl("{% if true %}\n" + FACT + "\n"), BUILD, 1),
    ("place", "template-includes-itself", tpl("{% include 'soe/ch.md' %}\n"), CHECK, 1),
    ("place", "templates-include-each-other",
     {**tpl("{% include 'soe/b.md' %}\n"), "templates/soe/b.md": "乙\n{% include 'soe/ch.md' %}\n"}, CHECK, 1),
    ("place", "template-includes-itself-build", tpl("{% include 'soe/ch.md' %}\n"), BUILD, 1),
    ("place", "include-in-a-comment-is-no-include", tpl("{# {% include 'soe/ch.md' %} #}" + FACT + "\n"), CHECK, 0),
    ("place", "nul-in-template", tpl("财政\x00收入" + FACT + "\n"), CHECK, 1),
    ("place", "control-character-in-template", tpl("财政\x07收入" + FACT + "\n"), CHECK, 1),
    ("place", "nul-in-brief", brief_sub("title: 测试手册", "title: 测试\x00手册"), CHECK, 1),
    ("place", "nul-in-facts", facts_sub("    label: 区级财政收入", "    label: 区级\x00财政收入"), CHECK, 1),
    ("place", "control-character-in-brief", brief_sub("title: 测试手册", "title: 测试\x07手册"), CHECK, 1),
    ("place", "heading-level-4", tpl(FACT + "\n\n#### 太深\n"), CHECK, 1),
    ("place", "heading-level-6", tpl(FACT + "\n\n###### 更深\n"), CHECK, 1),
    ("place", "heading-level-4-build", tpl(FACT + "\n\n#### 太深\n"), BUILD, 1),
    ("place", "alias-undefined-points-at-its-use", brief_sub("", "", "subtitle: *sub\n"), CHECK, 1),
    ("place", "missing-source-names-the-article",
     {FACTS: GOOD.replace("    source: paper\n", "")}, CHECK, 1),
    ("place", "missing-source-quote-in-no-article",
     {FACTS: GOOD.replace("    source: paper\n", "").replace("quote: 区级财政收入达250亿元", "quote: 不在文章里的话")}, CHECK, 1),
    # ---- badtpl: template messages that said too little (issue 15, A8–A10) ---------------------
    ("place", "triple-braces", tpl("财政收入{{{ dated('economy.fiscal_revenue') }}}。\n"), CHECK, 1),
    ("place", "triple-close-braces", tpl("财政收入{{ dated('economy.fiscal_revenue') }}}。\n"), CHECK, 1),
    ("place", "triple-braces-build", tpl("财政收入{{{ dated('economy.fiscal_revenue') }}}。\n"), BUILD, 1),
    ("place", "call-missing-argument", tpl("财政收入{{ dated() }}。\n"), CHECK, 1),
    ("place", "call-missing-argument-of-period", tpl("{{ period() }}财政收入" + FACT + "\n"), CHECK, 1),
    ("place", "call-missing-two-arguments", tpl("{{ chart('bar') }}\n"), CHECK, 1),
    ("place", "call-unknown-keyword", tpl("财政收入{{ fact('economy.fiscal_revenue', date=2023) }}。\n"),
     CHECK, 1),
    ("place", "call-too-many-values", tpl("{{ dated('economy.fiscal_revenue', True, None, 1) }}\n"), CHECK, 1),
    ("place", "triple-braces-in-a-comment-are-fine", tpl("{# 不要写 {{{ }}} #}" + FACT + "\n"), CHECK, 0),
    ("place", "function-in-a-block-tag", tpl("财政收入{% dated('economy.fiscal_revenue') %}。\n"), CHECK, 1),
    ("place", "call-with-a-number-for-a-list", tpl("{{ chart('bar', '收入', 5) }}\n"), CHECK, 1),
    ("place", "table-row-not-a-list", tpl("{{ table(['项目'], ['甲']) }}\n"), CHECK, 1),
    ("place", "key-figures-labels-as-a-list",
     tpl("{{ key_figures('economy.fiscal_revenue', labels=['收入']) }}\n"), CHECK, 1),
    ("place", "call-missing-argument-build", tpl("财政收入{{ dated() }}。\n"), BUILD, 1),
    ("place", "template-saved-as-gbk", {CH: ("# 概况\n\n" + FACT + "\n").encode("gbk")}, CHECK, 1),
    ("place", "template-saved-as-gbk-from-line-3",
     {CH: ("# Overview\n\n收入" + FACT + "\n").encode("gbk")}, CHECK, 1),
    ("place", "template-saved-as-utf16", {CH: ("# 概况\n\n" + FACT + "\n").encode("utf-16")}, CHECK, 1),
    ("place", "template-not-utf8-nor-gbk", {CH: b"# Overview\n\nab\xff\xfe\n"}, CHECK, 1),
    ("place", "template-saved-as-gbk-build", {CH: ("# 概况\n\n" + FACT + "\n").encode("gbk")}, BUILD, 1),
    ("place", "included-template-saved-as-gbk",
     {**tpl("{% include 'soe/part.md' %}\n"), "templates/soe/part.md": ("收入" + FACT + "\n").encode("gbk")},
     CHECK, 1),
    ("place", "unused-template-saved-as-gbk", {"templates/soe/old.md": "# 旧稿\n\n正文。\n".encode("gbk")},
     CHECK, 1),
    # ---- msgs: odd characters and carets (issue 15 C1–C5) --------------------------------------
    ("place", "fullwidth-space-indent-in-fact", facts_sub("    unit:", "\u3000\u3000unit:"), CHECK, 1),
    ("place", "fullwidth-space-indent-in-brief", brief_sub("  - ch", "\u3000\u3000- ch"), CHECK, 1),
    ("place", "fullwidth-space-among-indent-spaces", facts_sub("    unit:", "  \u3000 unit:"), CHECK, 1),
    ("place", "fullwidth-space-after-list-dash", facts_sub("  - id:", "  -\u3000id:"), CHECK, 1),
    ("place", "fullwidth-space-indent-reads-as-a-key", facts_sub("    quote:", "\u3000\u3000quote:"), CHECK, 1),
    ("place", "fullwidth-space-in-a-value-is-text", facts_sub("label: 区级财政收入", "label: 区级\u3000财政收入"), CHECK, 0),
    ("place", "nbsp-after-colon-in-fact", facts_sub("unit: ", "unit:\u00a0"), CHECK, 1),
    ("place", "nbsp-after-colon-in-brief", brief_sub("title: ", "title:\u00a0"), CHECK, 1),
    ("place", "nbsp-indent-in-fact", facts_sub("    unit:", "\u00a0\u00a0\u00a0\u00a0unit:"), CHECK, 1),
    ("place", "nbsp-inside-brief-key", brief_sub("title:", "tit\u00a0le:"), CHECK, 1),
    ("place", "zero-width-space-inside-fact-key", facts_sub("    unit:", "    u\u200bnit:"), CHECK, 1),
    ("place", "fullwidth-letter-in-fact-key", facts_sub("    unit:", "    ｕnit:"), CHECK, 1),
    ("place", "zero-width-space-in-fact-id", facts_sub("id: economy.fiscal_revenue", "id: economy.fiscal\u200b_revenue"), CHECK, 1),
    ("place", "fullwidth-dot-in-quoted-fact-id", facts_sub("id: economy.fiscal_revenue", "id: 'economy．fiscal_revenue'"), CHECK, 1),
    ("place", "zero-width-space-in-template-fact-id",
     tpl("财政收入{{ fact('economy.fiscal\u200b_revenue') }}。\n"), CHECK, 1),
    ("place", "fullwidth-dot-in-template-fact-id", tpl("财政收入{{ fact('economy．fiscal_revenue') }}。\n"), CHECK, 1),
    ("place", "fullwidth-space-after-template-fact-id",
     tpl("财政收入{{ fact('economy.fiscal_revenue\u3000') }}。\n"), CHECK, 1),
    ("place", "zero-width-space-in-template-fact-id-build",
     tpl("财政收入{{ fact('economy.fiscal\u200b_revenue') }}。\n"), BUILD, 1),
    ("place", "unknown-fact-caret-under-its-call",
     tpl(FACT + "，{{ fact('economy.fiscal_revenu') }}。\n"), CHECK, 1),
    ("place", "unknown-fact-in-a-loop-points-at-its-id",
     tpl(FACT + "\n{% for i in ['economy.nope'] %}{{ fact(i) }}{% endfor %}\n"), CHECK, 1),
    ("place", "unknown-fact-named-on-another-line-has-no-column",
     tpl(FACT + "\n{% set ids = ['economy.nope'] %}\n{% for i in ids %}{{ fact(i) }}{% endfor %}\n"), CHECK, 1),
    ("place", "missing-period-caret-under-its-call",
     tpl(FACT + "，{{ fact('economy.fiscal_revenue', as_of='2021') }}。\n"), CHECK, 1),
    ("place", "missing-period-at-sign-caret", tpl(FACT + "，{{ fact('economy.fiscal_revenue@2021') }}。\n"), CHECK, 1),
    ("place", "as-of-not-a-date-caret", tpl(FACT + "，{{ fact('economy.fiscal_revenue', as_of='去年') }}。\n"), CHECK, 1),
    ("place", "unknown-fact-caret-build", tpl("{{ fact('economy.nope') }}\n"), BUILD, 1),
    ("silent", "typed-number-matching-no-fact", tpl("收入300亿元。" + FACT + "\n"), CHECK, 0),
    ("silent", "typed-number-names-the-older-observation",
     {FACTS: GOOD.replace("    source: paper", "    measure: economy.revenue\n    source: paper") + OLDER,
      CH: "# 概况\n\n收入240亿元。{{ dated('economy.revenue') }}\n"}, CHECK, 0),
    ("silent", "typed-number-names-each-matching-fact",
     {FACTS: GOOD + SAME_VALUE, CH: "# 概况\n\n收入250亿元。" + FACT + "{{ dated('economy.other') }}\n"}, CHECK, 0),
    # ---- msgs: recipient lists (issue 15 C6) -----------------------------------------------------
    ("place", "recipients-unknown-sector-without-a-sector-table",
     {RCP: "name,sector\n中国五矿集团有限公司,航天\n"}, INV, 0),
    ("place", "recipients-mistyped-chinese-sector", {**SECTOR_TABLE, RCP: "名称,行业\n中国五矿集团有限公司,能原\n"},
     INV, 0),
    ("place", "recipients-gb18030-line-is-quoted-decoded",
     {RCP: "名称,行业\n中国五矿集团有限公司,能源,多余\n".encode("gb18030")}, INV, 1),
    ("place", "recipients-title-row-above-the-header",
     {RCP: "徐汇区2026年推介会邀请名单,,\n名称,简称,行业\n中国五矿集团有限公司,五矿,能源\n"}, INV, 1),
    ("place", "recipients-title-rows-above-the-header",
     {RCP: "徐汇区推介会邀请名单\n2026年11月\n\n名称,行业\n中国五矿集团有限公司,能源\n"}, INV, 1),
    ("place", "recipients-workbook-title-row", {XLS: xlsx([["徐汇区推介会邀请名单"], ["名称", "行业"],
                                                           ["中国五矿集团有限公司", "能源"]])}, INV_XLSX, 1),
    ("place", "recipients-workbook-value-without-a-header",
     {XLS: xlsx([["名称", "行业"], ["中国五矿集团有限公司", "能源", "", "备注"]])}, INV_XLSX, 1),
    ("place", "recipients-workbook-duplicate-says-row",
     {XLS: xlsx([["名称"], ["中国五矿集团有限公司"], ["中国五矿集团有限公司"]])}, INV_XLSX, 1),
    ("place", "recipients-zero-width-space-in-a-name",
     {RCP: "名称,行业\n中国五矿\u200b集团有限公司,能源\n"}, INV, 1),
    # ---- msgs: handled well already, pinned so that they stay so (issue 15) ------------------------
    ("place", "bom-facts-file-is-fine", {FACTS: "\ufeff" + GOOD}, CHECK, 0),
    ("place", "crlf-brief-is-fine", {BR: BRIEF.replace("\n", "\r\n")}, CHECK, 0),
    ("place", "bom-and-crlf-template-is-fine", {CH: "\ufeff# 概况\r\n\r\n" + FACT + "\r\n"}, CHECK, 0),
    ("place", "crlf-facts-mistake-at-its-column",
     {FACTS: GOOD.replace("\n", "\r\n").replace("    label: 区级", "    label：区级")}, CHECK, 1),
    ("place", "bom-brief-mistake-at-its-line", {BR: "\ufeff" + BRIEF.replace("title: 测试手册", "title：测试手册")},
     CHECK, 1),
    ("place", "brief-saved-as-gbk", {BR: BRIEF.encode("gbk")}, CHECK, 1),
    ("place", "facts-saved-as-gbk", {FACTS: GOOD.encode("gbk")}, CHECK, 1),
    ("place", "fullwidth-dot-in-fact-id", facts_sub("id: economy.fiscal_revenue", "id: economy．fiscal_revenue"),
     CHECK, 1),
    ("place", "duplicate-key-in-brief", brief_sub("organiser: 测试办公室", "organiser: 测试办公室\ntitle: 又一个"),
     CHECK, 1),
    ("place", "duplicate-key-in-fact", facts_sub("    unit: 亿元", "    unit: 亿元\n    value: 251"), CHECK, 1),
    ("place", "emoji-in-brief-title", brief_sub("title: 测试手册", "title: 测试手册🚀"), CHECK, 1),
    ("place", "emoji-in-template", tpl("投资😀" + FACT + "\n"), CHECK, 1),
    ("place", "rare-glyph-in-template", tpl("𠮷野家" + FACT + "\n"), CHECK, 1),
    ("place", "empty-brief", {BR: ""}, CHECK, 1),
    ("place", "comment-only-brief", {BR: "# 只有注释\n"}, CHECK, 1),
    ("place", "recipients-gbk-with-blank-lines-are-fine",
     {RCP: "名称,简称\n\n中国五矿集团有限公司,五矿\n\n\n".encode("gbk")}, INV, 0),
    # ---- lead: a space YAML keeps at the end of a value would print (亿元　) -------------------
    ("silent", "fullwidth-space-after-unit", facts_sub("unit: 亿元", "unit: 亿元\u3000"), CHECK, 1),
    ("silent", "fullwidth-space-before-label", facts_sub("label: 区级", "label: \u3000区级"), CHECK, 1),
    ("silent", "nbsp-after-unit-build", facts_sub("unit: 亿元", "unit: 亿元\u00a0"), BUILD, 1),
    # ---- 7. bounded work ---------------------------------------------------------------------
    ("bounded", "string-repeat-bomb", tpl("{{ 'x' * 10**9 }}\n"), CHECK, 1),
    ("bounded", "string-repeat-bomb-reversed", tpl("{{ 10**9 * 'ab' }}\n"), CHECK, 1),
    ("bounded", "list-repeat-bomb", tpl("{{ ([1] * 10**8) | length }}\n"), CHECK, 1),
    ("bounded", "huge-power", tpl("{{ 10 ** 100000 }}\n"), CHECK, 1),
    ("bounded", "nested-loops", tpl("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n"), CHECK, 1),
    ("bounded", "output-size", tpl("{% for i in range(100000) %}{{ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }}{% endfor %}\n"), CHECK, 1),
    ("bounded", "range-too-big", tpl("{% for i in range(10**9) %}{% endfor %}\n"), CHECK, 1),
    ("bounded", "string-repeat-bomb-build", tpl("{{ 'x' * 10**9 }}\n"), BUILD, 1),
    ("bounded", "small-repeat-is-fine", tpl("{{ text('—' * 3) }}" + FACT + "\n"), CHECK, 0),
    # ---- badbrief: briefs, facts and outputs (issue 15, B1–B7) --------------------------------
    ("place", "colour-read-as-comment", brief_sub("", "", "theme:\n  accent: #8B1A1A\n"), CHECK, 1),
    ("place", "colour-read-as-comment-build", brief_sub("", "", "theme:\n  accent: #8B1A1A\n"), BUILD, 1),
    ("place", "colour-read-as-comment-with-comment",
     brief_sub("", "", "theme:\n  cover_band:  #8B1A1A  # 深红\n"), CHECK, 1),
    ("place", "palette-line-read-as-comment",
     brief_sub("", "", "theme:\n  palette:\n    - '#1F4E79'\n    - #C0504D\n"), CHECK, 1),
    ("place", "palette-flow-read-as-comment", brief_sub("", "", "theme:\n  palette: [#1F4E79, #C0504D]\n"), CHECK, 1),
    ("place", "flow-theme-colour-read-as-comment", brief_sub("", "", "theme: {accent: #8B1A1A}\n"), CHECK, 1),
    ("place", "theme-colour-empty", brief_sub("", "", "theme:\n  accent:   # 深红\n"), CHECK, 1),
    ("place", "theme-colour-quoted-is-fine", brief_sub("", "", "theme:\n  accent: '#8B1A1A'  # 深红\n"), CHECK, 0),
    # B1: a figure dated after its article, or after the pack
    ("silent", "as-of-after-its-source", facts_sub("as_of: 2023", "as_of: 2099"), CHECK, 1),
    ("silent", "as-of-after-its-source-with-sources",
     facts_sub("as_of: 2023", "as_of: 2099"), ("check", "--sources", "{ROOT}/articles"), 1),
    ("silent", "as-of-after-its-source-facts-check", facts_sub("as_of: 2023", "as_of: 2099"), ("facts", "check"), 1),
    ("silent", "as-of-after-its-source-build", facts_sub("as_of: 2023", "as_of: 2099"), BUILD, 1),
    ("silent", "as-of-month-after-its-source", facts_sub("as_of: 2023", "as_of: 2024-04"), CHECK, 1),
    ("silent", "as-of-same-month-as-its-source-is-fine", facts_sub("as_of: 2023", "as_of: 2024-03"), CHECK, 0),
    ("silent", "target-after-its-source-is-fine",
     facts_sub("as_of: 2023", "as_of: 2030\n    qualifier: 目标"), CHECK, 0),
    ("silent", "pack-dated-before-its-figures", brief_sub("date: 2024-03-29", "date: 2022-12-01"), CHECK, 1),
    ("silent", "pack-dated-before-its-figures-build", brief_sub("date: 2024-03-29", "date: 2022-12-01"), BUILD, 1),
    # B3, B4: two briefs that the download page or a Downloads folder cannot tell apart
    ("silent", "same-title-and-label", {"briefs/other.yaml": BRIEF}, CHECK, 1),
    ("silent", "same-title-and-label-build", {"briefs/other.yaml": BRIEF}, BUILD, 1),
    ("silent", "same-title-and-label-build-all", {"briefs/other.yaml": BRIEF}, ("build", "--all", "--out", "{OUT}"), 1),
    ("silent", "same-download-name",
     {**brief_sub("", "", "download_name: 测试下载\n"),
      "briefs/other.yaml": BRIEF.replace("测试版", "其他版") + "download_name: 测试下载\n"}, CHECK, 1),
    ("silent", "same-download-name-build",
     {**brief_sub("", "", "download_name: 测试下载\n"),
      "briefs/other.yaml": BRIEF.replace("测试版", "其他版") + "download_name: 测试下载\n"}, BUILD, 1),
    ("silent", "same-download-name-build-all",
     {**brief_sub("", "", "download_name: 测试下载\n"),
      "briefs/other.yaml": BRIEF.replace("测试版", "其他版") + "download_name: 测试下载\n"},
     ("build", "--all", "--out", "{OUT}"), 1),
    ("silent", "download-name-of-another-briefs-title-and-label",
     {"briefs/other.yaml": BRIEF.replace("测试版", "其他版") + "download_name: 测试手册-测试版\n"}, CHECK, 1),
    ("silent", "download-names-differing-in-case",
     {**brief_sub("", "", "download_name: Guide\n"),
      "briefs/other.yaml": BRIEF.replace("测试版", "其他版") + "download_name: guide\n"}, CHECK, 1),
    ("silent", "site-refuses-two-identical-cards", {"out/manifest.json": _manifest(("a", "甲"), ("b", "甲"))},
     ("site", "--out", "{ROOT}/out"), 1),
    ("silent", "site-refuses-one-download-name-twice",
     {"out/manifest.json": _manifest(("a", "甲", "下载"), ("b", "乙", "下载"))}, ("site", "--out", "{ROOT}/out"), 1),
    # B5: outputs written among the sources
    ("outside", "out-is-the-project", {}, ("build", "soe", "--out", "{ROOT}"), 1),
    ("outside", "out-is-the-project-dot", {}, ("build", "soe", "--out", "{ROOT}/."), 1),
    ("outside", "out-is-facts", {}, ("build", "soe", "--out", "{ROOT}/facts"), 1),
    ("outside", "out-in-a-template-folder", {}, ("build", "--all", "--out", "{ROOT}/templates/soe"), 1),
    ("outside", "out-in-briefs-for-invitations", {},
     ("build", "soe", "--recipients", "{ROOT}/r.csv", "--out", "{ROOT}/briefs"), 1),
    ("outside", "site-out-is-the-project", {}, ("site", "--out", "{ROOT}"), 1),
    ("outside", "serve-out-is-the-project", {}, ("serve", "--out", "{ROOT}", "--port", "0"), 1),
    ("outside", "watch-out-is-templates", {}, ("watch", "soe", "--out", "{ROOT}/templates"), 1),
    ("outside", "out-back-into-the-project", {}, ("build", "soe", "--out", "{ROOT}/out/../facts"), 1),
    # B2: texts too long for their place on the PDF's pages (measured with its fonts)
    ("silent", "organiser-too-long-for-the-footer",
     brief_sub("organiser: 测试办公室", "organiser: " + "上海市徐汇区投资促进办公室" * 11 + "办" * 7), CHECK, 1),
    ("silent", "organiser-too-long-for-the-footer-build",
     brief_sub("organiser: 测试办公室", "organiser: " + "上海市徐汇区投资促进办公室" * 11 + "办" * 7), BUILD, 1),
    ("silent", "organiser-too-long-for-the-footer-build-all",
     brief_sub("organiser: 测试办公室", "organiser: " + "办" * 46), ("build", "--all", "--out", "{OUT}"), 1),
    ("silent", "organiser-at-the-footer-limit-is-fine", brief_sub("organiser: 测试办公室", "organiser: " + "办" * 45), CHECK, 0),
    ("silent", "header-too-long", brief_sub("", "", "header: " + "页眉" * 40 + "\n"), CHECK, 1),
    ("silent", "title-and-label-too-long-for-the-header", brief_sub("title: 测试手册", "title: " + "长" * 60), CHECK, 1),
    ("silent", "title-too-long-for-the-cover",
     brief_sub("title: 测试手册", "title: " + "长" * 120, "header: 测试手册\n"), CHECK, 1),
    ("silent", "title-at-the-cover-limit-is-fine",
     brief_sub("title: 测试手册", "title: " + "长" * 119, "header: 测试手册\n"), CHECK, 0),
    ("silent", "subtitle-too-long-for-the-cover",
     brief_sub("title: 测试手册", "title: " + "长" * 60, "header: 测试手册\nsubtitle: " + "副" * 146 + "\n"), CHECK, 1),
    ("silent", "audience-label-too-long-for-the-cover",
     brief_sub("audience_label: 测试版", "audience_label: " + "标" * 41, "header: 测试手册\n"), CHECK, 1),
    ("silent", "contact-lines-too-many-for-the-cover",
     brief_sub("", "", "contact:\n" + "  - 电话：021-64872222 地址：漕溪北路336号 联系人：王老师\n" * 16), CHECK, 1),
    ("silent", "contact-lines-at-the-cover-limit-are-fine",
     brief_sub("", "", "contact:\n" + "  - 电话：021-64872222 地址：漕溪北路336号 联系人：王老师\n" * 15), CHECK, 0),
    # B7: no "used by no pack" warning that only follows from an error
    ("place", "unknown-fact-gives-no-unused-warning", tpl("{{ fact('economy.fiscal_revenu') }}\n"), CHECK, 1),
    ("place", "fact-named-in-a-chapter-no-brief-lists-is-used",
     {CH: "# 概况\n\n正文。\n", "templates/soe/later.md": "# 以后\n\n" + FACT + "\n"}, CHECK, 0),
    ("place", "a-fact-no-template-names-warns", {FACTS: GOOD + SECOND_FACT}, CHECK, 0),
]
