"""Template lint: numbers typed into prose are found; jinja's messages get hints."""

import pytest

from briefkit.templating import typed_numbers
from briefkit.templating.lint import syntax_hint


def test_numbers_typed_into_prose_are_found_but_not_in_jinja_or_headings():
    src = "# 一、概况\n\n徐汇有250亿元收入，近三百家企业。\n{{ fact('economy.fiscal_revenue') }}与四大产业。\n"
    assert typed_numbers(src) == [(3, "250亿元"), (3, "三百家")]


@pytest.mark.parametrize("message, hint", [
    ("Encountered unknown tag 'endfro'.", "did you mean 'endfor'?"),
    ("expected token 'end of print statement', got 'x'", "a value is written {{ fact('topic.name') }}: "
                                                         "check the quotes, brackets and braces"),
    ("Unexpected end of template. Jinja was looking for the following tags: 'endfor'",
     "every {% for %} needs an {% endfor %} and every {% if %} an {% endif %}"),
    ("Encountered unknown tag 'endfor'. You probably made a nesting mistake: 'endif'",
     "did you mean 'endfor'?"),
    ("the tag 'endif' is missing", "every {% for %} needs an {% endfor %} and every {% if %} an {% endif %}"),
    ("something else entirely", None),
])
def test_syntax_errors_get_a_hint_for_what_to_write(message, hint):
    assert syntax_hint(message) == hint
