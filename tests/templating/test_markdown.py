"""Markdown → doc tree: numbered headings, captions, lists and quotes."""

import pytest

from briefkit import doc as d
from briefkit.templating.markdown import cn_number
from conftest import render_template as render


@pytest.mark.parametrize("n, numeral", [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (23, "二十三"),
    (90, "九十"), (99, "九十九"), (100, "一百"),
])
def test_headings_are_numbered_in_chinese_numerals(n, numeral):
    assert cn_number(n) == numeral


def _hand_written_cn_number(n: int) -> str:
    """The numbering briefkit used before cn2an (valid for 1..99): kept to show nothing changed."""
    digits = "一二三四五六七八九十"
    if n <= 10:
        return digits[n - 1] if n < 10 else "十"
    tens, ones = divmod(n, 10)
    return (digits[tens - 1] if tens > 1 else "") + "十" + (digits[ones - 1] if ones else "")


def test_chinese_numerals_match_the_old_numbering_for_every_heading_up_to_99():
    assert [cn_number(n) for n in range(1, 100)] == [_hand_written_cn_number(n) for n in range(1, 100)]


def test_chinese_numerals_agree_with_cn2an_from_0_to_9999():
    import cn2an

    assert [cn_number(n) for n in range(10000)] == [cn2an.an2cn(n) for n in range(10000)]


@pytest.mark.parametrize("n, numeral", [(101, "一百零一"), (110, "一百一十"), (1001, "一千零一"),
                                        (1010, "一千零一十"), (10000, "一万")])
def test_numerals_read_their_zeros_once(n, numeral):
    assert cn_number(n) == numeral


def test_chapters_and_sections_are_numbered_and_anchored(project):
    out, problems = render(project, "# 甲\n\n## 子一\n\n## 子二\n\n### 细\n\n# 乙\n\n## 子\n")
    assert problems == []
    assert out.blocks == [d.Heading(1, "一、甲", "sec-1"), d.Heading(2, "（一）子一", "sec-1-1"),
                          d.Heading(2, "（二）子二", "sec-1-2"), d.Heading(3, "细", "sec-1-2-1"),
                          d.Heading(1, "二、乙", "sec-2"), d.Heading(2, "（一）子", "sec-2-1")]


def test_a_fourth_heading_level_is_an_error(project):
    _, problems = render(project, "#### 太深\n")
    assert problems == ["templates/soe/ch.md:1:1: error: headings go three levels deep at most: '#### 太深'\n"
                        "  hint: use #, ## or ###"]


def test_lead_and_note_paragraphs_get_their_styles(project):
    out, _ = render(project, "导语：开篇。\n\n注：说明。\n\n正文。\n")
    assert [(b.style, d.inline_text(b.inlines)) for b in out.blocks] == [
        ("lead", "开篇。"), ("note", "注：说明。"), ("body", "正文。")]


def test_a_chart_written_inside_a_sentence_is_an_error_at_its_line_and_column(project):
    _, problems = render(project, "正文{{ chart('bar', '收入', ['economy.fiscal_revenue'], dates=True) }}继续。\n")
    assert problems == ["templates/soe/ch.md:1:3: error: a chart, table or key-figures panel must stand "
                        "on a line of its own (here it is inside a sentence)\n"
                        "  hint: put a blank line before and after it"]


def test_a_caption_line_names_the_markdown_table_below_it(project):
    out, _ = render(project, "表：收入\n\n| 项目 | 数值 |\n|---|--:|\n| 财政 | {{ fact('economy.fiscal_revenue') }} |\n")
    table = out.blocks[0]
    assert (table.caption, table.header, table.align, table.number) == ("收入", ["项目", "数值"], ["l", "r"], 1)
    assert table.rows == [[[d.Text("财政")], [d.Text("250亿元")]]]  # cited in the source line
    assert table.source == [d.Text("资料来源：澎湃新闻"), d.Citation(1)]
    assert table.source == [d.Text("资料来源：澎湃新闻"), d.Citation(1)]


def test_chinese_lines_join_without_a_space_latin_lines_with_one(project):
    out, _ = render(project, "第一行\n第二行\n\nfirst\nsecond\n")
    assert [d.inline_text(b.inlines) for b in out.blocks] == ["第一行第二行", "first second"]


def test_loops_inside_loops_that_write_nothing_end_with_a_message_at_their_line(project, monkeypatch):
    from briefkit.templating import environment

    monkeypatch.setattr(environment, "MAX_SECONDS", 0.3)
    _, problems = render(project, "正文。\n\n{% set s = 'x' * 90000 %}{% for a in s %}{% for b in s %}"
                                  "{% endfor %}{% endfor %}\n")
    assert problems == ["templates/soe/ch.md:3: error: the chapter takes more than 0.3 seconds of work "
                        "to write (loops inside loops?)\n"
                        "  hint: a pack needs no more than its facts; remove the repetition"]


# ---- badtpl: what an office user types and means (issue 15, A5–A7) ----------------------------

def test_a_paragraph_indented_four_spaces_is_a_paragraph_not_raw_markup(project):
    out, problems = render(project, "正文。\n\n    这是**重点**内容。\n\n    ## 小节\n\n    - 一项\n")
    assert problems == []
    assert out.blocks == [d.Paragraph([d.Text("正文。")], "body"),
                          d.Paragraph([d.Text("这是"), d.Text("重点", bold=True), d.Text("内容。")], "body"),
                          d.Heading(2, "（一）小节", "sec-0-1"), d.BulletList([[d.Text("一项")]], False)]


def test_indented_text_inside_a_quote_or_list_item_is_printed_not_dropped(project):
    out, problems = render(project, ">     引用里**缩进**\n\n- 项目\n\n      缩进**六格**\n\n- 二\n\n  ```\n  代码\n  ```\n")
    assert problems == []
    assert out.blocks == [d.Quote([d.Text("引用里"), d.Text("缩进", bold=True)]),
                          d.BulletList([[d.Text("项目 缩进"), d.Text("六格", bold=True)],
                                        [d.Text("二 代码")]], False)]


@pytest.mark.parametrize("source, inlines", [
    ("见[官网](https://www.xuhui.gov.cn)。",
     [d.Text("见"), d.Link("官网", "https://www.xuhui.gov.cn"), d.Text("（"),
      d.Link("https://www.xuhui.gov.cn", "https://www.xuhui.gov.cn"), d.Text("）。")]),
    ("见<https://www.xuhui.gov.cn>。",  # the address is the text: printed once
     [d.Text("见"), d.Link("https://www.xuhui.gov.cn", "https://www.xuhui.gov.cn"), d.Text("。")]),
    ("[来信](mailto:tz@xuhui.gov.cn)", [d.Link("来信", "mailto:tz@xuhui.gov.cn"), d.Text("（"),
                                       d.Link("tz@xuhui.gov.cn", "mailto:tz@xuhui.gov.cn"), d.Text("）")]),
    ("[网站](https://例子.cn/路)", [d.Link("网站", "https://xn--fsqu00a.cn/%E8%B7%AF"), d.Text("（"),
                                 d.Link("https://例子.cn/路", "https://xn--fsqu00a.cn/%E8%B7%AF"),
                                 d.Text("）")]),
    ("[下文](#sec-1)", [d.Link("下文", "#sec-1")]),  # inside the pack: clicking it is enough
])
def test_a_markdown_link_keeps_its_address_on_paper(project, source, inlines):
    out, problems = render(project, source + "\n")
    assert problems == []
    assert out.blocks == [d.Paragraph(inlines, "body")]


@pytest.mark.parametrize("source, inlines", [
    ("是_斜体_和", [d.Text("是"), d.Text("斜体", italic=True), d.Text("和")]),
    ("是*斜体*和", [d.Text("是"), d.Text("斜体", italic=True), d.Text("和")]),
    ("是__粗体__，", [d.Text("是"), d.Text("粗体", bold=True), d.Text("，")]),
    ("是**粗体**，", [d.Text("是"), d.Text("粗体", bold=True), d.Text("，")]),
    ("snake_case_name 与 a_b", [d.Text("snake_case_name 与 a_b")]),  # between Latin letters: text
])
def test_underscores_emphasise_chinese_text_as_asterisks_do(project, source, inlines):
    out, problems = render(project, source + "\n")
    assert problems == []
    assert out.blocks == [d.Paragraph(inlines, "body")]
