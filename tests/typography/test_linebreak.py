"""The line breaker on its own: paragraphs and widths in, lines out (no fonts, no reportlab)."""

from __future__ import annotations

import string
import subprocess
import sys

import pytest

from briefkit.typography import linebreak as lb

# A made-up font: every CJK character and mark 1 em, Latin letters, digits and ASCII marks
# half an em, a space a quarter. A style is just the font size, so at 10 pt one ideograph is
# 10 pt wide and a Latin letter 5 pt.
HALF = {ord(c): 500.0 for c in string.ascii_letters + string.digits + "[]/-.%:?&="}
WIDTHS = {**HALF, ord(" "): 250.0}


def metrics(size):
    return WIDTHS, 1000.0, size


def atoms_of(*runs) -> list[lb.Atom]:
    """Return the atoms of runs given as text (10 pt) or (text, size, is_citation)."""
    return lb.atoms([(r, 10.0, False) if isinstance(r, str) else r for r in runs], metrics)


def lines_of(layout: lb.Layout) -> list[str]:
    """Return each line's text, without the spaces it ends with."""
    out = []
    for s, e, _ in layout.lines:
        end, _ = lb.line_width(layout.atoms, s, e)
        out.append("".join(a.text for a in layout.atoms[s:end]))
    return out


# (why, runs, width, first indent, expected lines); at 10 pt a line of width 50 holds five
# ideographs.
LINES = [
    ("ideographs fill each line", ["一二三四五六七八九十"], 50, 0, ["一二三四五", "六七八九十"]),
    ("the first-line indent shortens the first line", ["一二三四五六七八"], 50, 20,
     ["一二三", "四五六七八"]),
    ("a comma never starts a line: a character comes down with it", ["一二三四五，六七八"], 50, 0,
     ["一二三四", "五，六七八"]),
    ("a closing mark fits if its inked half does (squeezed at the line's end)",
     ["一二三四，五六七"], 45, 0, ["一二三四，", "五六七"]),
    ("an opening bracket never ends a line, a closing one never starts one",
     ["一二三（四五六）七八"], 40, 0, ["一二三", "（四五", "六）七八"]),
    ("a dash never starts a line", ["一二三四——五六"], 50, 0, ["一二三", "四——五六"]),
    ("a number keeps the unit after it", ["一二三四250亿元"], 55, 0, ["一二三四", "250亿元"]),
    ("a number keeps a unit of two characters", ["一二三四五4000亿元"], 70, 0,
     ["一二三四五", "4000亿元"]),
    ("a number keeps its magnitude and measure word", ["一二三四五六10万张"], 70, 0,
     ["一二三四五六", "10万张"]),
    ("a number keeps a compound unit", ["一二三四1.15公里/平方公里"], 100, 0,
     ["一二三四", "1.15公里/平方公里"]),
    ("an ordinal keeps its number", ["一二三四第3"], 50, 0, ["一二三四", "第3"]),
    ("a range stays on one line", ["一二三四2021—2025年"], 70, 0, ["一二三四", "2021—2025年"]),
    ("a short range too", ["一二三四五3—5年"], 60, 0, ["一二三四五", "3—5年"]),
    ("ideographs after a quantity still break", ["一二30家三四五六"], 45, 0,
     ["一二30家", "三四五六"]),
    ("a quantity styled in two runs is one", ["一二三四五", "250", ("亿元", 5.0, False)], 70, 0,
     ["一二三四五", "250亿元"]),
    ("a number and its percent sign stay together", ["一二三四五74.5%"], 60, 0,
     ["一二三四五", "74.5%"]),
    ("a Latin word that fits a line moves down whole", ["一二三四abcdef"], 50, 0,
     ["一二三四", "abcdef"]),
    ("a Latin word wider than any line is cut after / and then between letters",
     ["ab/cdefgh/ij"], 30, 0, ["ab/cde", "fgh/ij"]),
    ("spaces are break opportunities that vanish at the line's end", ["ab cd ef"], 25, 0,
     ["ab cd", "ef"]),
    ("a line break ends a line early", ["一二\n三四"], 100, 0, ["一二", "三四"]),
    ("a citation mark stays with the text it supports",
     ["一二三四", ("[1]", 6.0, True), "五"], 45, 0, ["一二三", "四[1]五"]),
    ("closing marks past the margin are squeezed rather than starting a line",
     ["abcd，—一"], 35, 0, ["abcd，—", "一"]),
    ("if squeezing is not enough, the word before the marks is cut", ["abcd”）。"], 25, 0,
     ["abc", "d”）。"]),
]


@pytest.mark.parametrize("why, runs, width, indent, expected", LINES, ids=[c[0] for c in LINES])
def test_paragraph_breaks_into_the_expected_lines(why, runs, width, indent, expected):
    layout = lb.Layout(atoms_of(*runs), width, indent, False, metrics)
    assert lines_of(layout) == expected


@pytest.mark.parametrize("why, runs, width, indent, expected", LINES, ids=[c[0] for c in LINES])
def test_no_line_is_wider_than_its_measure(why, runs, width, indent, expected):
    layout = lb.Layout(atoms_of(*runs), width, indent, False, metrics)
    for n, (s, e, _) in enumerate(layout.lines):
        end, w = lb.line_width(layout.atoms, s, e)
        if layout.atoms[end - 1].squeeze == 1:  # the empty half of a closing mark may pass
            w -= layout.atoms[end - 1].width / 2
        assert w <= width - (indent if n == 0 else 0) + 1e-9


def test_only_the_last_line_and_lines_before_a_break_are_left_unjustified():
    layout = lb.Layout(atoms_of("一二三\n四五六七八九十一二"), 50, 0, False, metrics)
    assert [last for _, _, last in layout.lines] == [True, False, True]


def test_an_open_ended_block_justifies_its_last_line_too():
    layout = lb.Layout(atoms_of("一二三四五六七"), 50, 0, True, metrics)
    assert [last for _, _, last in layout.lines] == [False, False]


def test_balanced_layout_wraps_into_even_lines():
    layout = lb.Layout(atoms_of("一二三四五六七"), 50, 0, False, metrics, balance=True)
    assert lines_of(layout) == ["一二三四", "五六七"]


def test_a_closing_mark_before_another_mark_is_set_at_half_width():
    atoms = atoms_of("好。”")
    assert [a.width for a in atoms] == [10.0, 5.0, 10.0]
    assert [a.squeeze for a in atoms] == [0, 2, 1]


def test_a_closing_mark_before_a_citation_is_set_at_half_width():
    atoms = atoms_of("好，", ("[1]", 6.0, True))
    assert [a.width for a in atoms] == [10.0, 5.0, 9.0]


def test_invisible_characters_are_dropped_and_a_zero_width_space_is_an_empty_break():
    atoms = atoms_of("ab\u00adcd\u200bef")
    assert [(a.text, a.kind) for a in atoms] == [("abcd", lb.LATIN), ("", lb.SPACE),
                                                 ("ef", lb.LATIN)]


# (why, runs, measure, align, justify, expected (offset, char_space, stretched gaps))
FITS = [
    ("justified: the slack is shared by the gaps between characters", ["一二三四"], 46, "justify",
     True, (0.0, 2.0, [False, True, True, True])),
    ("a closing mark at the end lets the line end on its ink", ["一二三，"], 35, "justify", True,
     (0.0, 0.0, [False, False, False, False])),
    ("… and the rest of the slack is shared", ["一二三，"], 38, "justify", True,
     (0.0, 1.0, [False, True, True, True])),
    ("a Latin word styled in two runs is not spread apart", ["一", "ab", "cd"], 35, "justify",
     True, (0.0, 5.0, [False, True, False])),
    ("a citation mark is not spread from its text", ["一二", ("[1]", 6.0, True)], 31, "justify",
     True, (0.0, 2.0, [False, True, False])),
    ("gaps wider than an em: set unjustified instead", ["一二"], 100, "justify", True,
     (0.0, 0.0, [False, True])),
    ("a centred line is moved by half its slack", ["一二"], 100, "center", False,
     (40.0, 0.0, [False, False])),
    ("a right-aligned line by all of it", ["一二"], 100, "right", False,
     (80.0, 0.0, [False, False])),
    ("a last line is not justified", ["一二三"], 40, "justify", False,
     (0.0, 0.0, [False, False, False])),
]


@pytest.mark.parametrize("why, runs, measure, align, justify, expected", FITS,
                         ids=[c[0] for c in FITS])
def test_line_is_fitted_to_its_measure(why, runs, measure, align, justify, expected):
    atoms = atoms_of(*runs)
    fit = lb.fit_line(atoms, 0, len(atoms), measure, align, justify, 1.0, metrics)
    offset, char_space, stretch = expected
    assert fit.offset == pytest.approx(offset)
    assert fit.char_space == pytest.approx(char_space)
    assert fit.stretch == stretch


def test_trailing_spaces_are_not_part_of_the_fitted_line():
    atoms = atoms_of("ab cd ")
    fit = lb.fit_line(atoms, 0, len(atoms), 30, "left", False, 1.0, metrics)
    assert fit.end == 3


def test_text_width_uses_the_font_table_and_size():
    assert lb.text_width("一a ", 12.0, metrics) == pytest.approx(12 + 6 + 3)


def test_typography_loads_no_output_library():
    code = ("import sys, briefkit.typography.linebreak; print(sorted({m.split('.')[0] for m in "
            "sys.modules} & {'reportlab', 'docx', 'matplotlib', 'PIL'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# (why, label, width, expected lines): a two-line label breaks evenly, at a word's end.
LABELS = [
    ("after an enumeration comma, not before the last character", "国家级、市级科研机构", 90,
     ["国家级、", "市级科研机构"]),
    ("before a bracket, not inside it", "研发机构（徐汇区）", 80, ["研发机构", "（徐汇区）"]),
    ("no line of one character even where the fill would leave one", "模速空间算力调度平台投用算力卡",
     140, ["模速空间算力调度", "平台投用算力卡"]),
]


@pytest.mark.parametrize("why, label, width, expected", LABELS, ids=[c[0] for c in LABELS])
def test_balanced_label_breaks_at_a_word_end_into_even_lines(why, label, width, expected):
    layout = lb.Layout(atoms_of(label), width, 0, False, metrics, balance=True)
    assert lines_of(layout) == expected


# (why, paragraph, width, indent, expected line lengths): 孤字不成行 (clreq §3.5.4). At width
# 200 a line holds 20 ideographs; "。" is punctuation and counts for no character.
IDEOGRAPHS = "一二三四五六七八九十" * 5
RUNTS = [
    ("a one-character last line is pulled back to three", IDEOGRAPHS[:41], 200, 0, [19, 19, 3]),
    ("a last line of one character and a full stop too", IDEOGRAPHS[:41] + "。", 200, 0,
     [19, 19, 4]),
    ("the first-line indent is kept", IDEOGRAPHS[:39], 200, 20, [17, 19, 3]),
    ("a last line that is long enough stays", IDEOGRAPHS[:43], 200, 0, [20, 20, 3]),
]


@pytest.mark.parametrize("why, text, width, indent, expected", RUNTS, ids=[c[0] for c in RUNTS])
def test_runt_last_line_is_pulled_back(why, text, width, indent, expected):
    layout = lb.Layout(atoms_of(text), width, indent, False, metrics, runt=3)
    assert [len(line) for line in lines_of(layout)] == expected


def test_pulling_back_a_runt_never_opens_loose_lines():
    # Two short lines: taking characters from a line of ten would open gaps over 0.12 em.
    layout = lb.Layout(atoms_of("一二三四五六七八九十一"), 100, 0, False, metrics, runt=3)
    assert lines_of(layout) == ["一二三四五六七八九十", "一"]


def test_a_line_before_a_web_address_is_filled_by_cutting_the_address():
    layout = lb.Layout(atoms_of("一二三，www.example.com/a/b.html"), 150, 0, False, metrics)
    assert lines_of(layout) == ["一二三，www.example.com/a/b.", "html"]


def test_an_address_in_brackets_is_cut_too_so_the_line_before_it_is_full():
    # 官网（https://…）: the opening bracket goes down with the address; the line stays full.
    layout = lb.Layout(atoms_of("一二三（www.example.com/a/b.html）"), 150, 0, False, metrics)
    assert lines_of(layout) == ["一二三（www.example.com/a/b.", "html）"]


def test_a_quantity_wider_than_the_measure_breaks_after_its_slash():
    layout = lb.Layout(atoms_of("1.15公里/平方公里"), 45, 0, False, metrics)
    assert lines_of(layout) == ["1.15公里/", "平方公里"]
