"""English lines: breaks at spaces, hyphenation points only where a space break would be loose."""

import pytest

from briefkit.typography import linebreak as lb


def metrics(_style):
    return {}, 500, 10.0  # every character 5 pt wide: a line of width w holds w / 5 characters


def lines(text: str, width: float) -> list[str]:
    items = lb.hyphenate(lb.atoms([(text, None, False)], metrics), metrics)
    layout = lb.Layout(items, width, 0, False, metrics)
    return ["".join(a.text for a in layout.atoms[s:e]).rstrip() for s, e, _ in layout.lines]


TEXT = ("Xuhui offers internationally competitive infrastructure, responsive administration and "
        "extraordinary concentrations of artificial intelligence companies.")


@pytest.mark.parametrize("text, width, expected", [
    # wide enough: every line ends at a space, no hyphen
    (TEXT, 150, ["Xuhui offers internationally", "competitive infrastructure,",
                 "responsive administration and", "extraordinary concentrations",
                 "of artificial intelligence", "companies."]),
    # narrow: a word is hyphenated where the space break would leave the line loose
    (TEXT, 100, ["Xuhui offers inter-", "nationally competi-", "tive infrastructure,",
                 "responsive adminis-", "tration and extraor-", "dinary concentra-",
                 "tions of artificial", "intelligence compa-", "nies."]),
    # short words are never hyphenated; a line that fits stays one line
    ("The district is home to many firms.", 200, ["The district is home to many firms."]),
])
def test_english_paragraph_breaks_into_these_lines(text, width, expected):
    assert lines(text, width) == expected


def test_hyphenation_points_are_invisible_unless_a_line_ends_there():
    items = lb.hyphenate(lb.atoms([("internationally", None, False)], metrics), metrics)
    assert "".join(a.text for a in items) == "internationally"
    assert [a.text for a in items if a.kind == lb.SOFT] == ["", "", "", ""]


def test_a_balanced_label_never_breaks_at_a_hyphenation_point():
    items = lb.hyphenate(lb.atoms([("Large-model companies in Xuhui", None, False)], metrics), metrics)
    layout = lb.Layout(items, 80, 0, False, metrics, balance=True)
    shown = ["".join(a.text for a in layout.atoms[s:e]).strip() for s, e, _ in layout.lines]
    assert all(not line.endswith("-") or line.endswith("Large-") for line in shown), shown


def test_word_spaces_stretch_but_not_the_letters_of_a_hyphenated_word():
    items = lb.hyphenate(lb.atoms([("internationally competitive", None, False)], metrics), metrics)
    soft = [k for k, a in enumerate(items) if a.kind == lb.SOFT]
    assert soft and not any(lb.stretchable(items[k - 1], items[k]) or lb.stretchable(items[k], items[k + 1])
                            for k in soft)
