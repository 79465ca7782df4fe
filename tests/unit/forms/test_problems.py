"""kiosk.forms.problems: the texts of form problems."""

from __future__ import annotations

import re
import string

from kiosk.forms.problems import CONTEXT, FieldError, FieldProblem


def test_each_text_is_one_plain_instruction_with_at_most_a_limit() -> None:
    assert CONTEXT == "Forms"
    values = [problem.value for problem in FieldProblem]
    assert len(set(values)) == len(values)
    for text in values:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        assert names <= {"limit"}, text
        assert text.endswith(".") and text[0].isupper(), text
        assert not re.search(r"[\"“”]", text), text


def test_a_field_error_fills_its_template() -> None:
    error = FieldError("name", FieldProblem.TOO_LONG, "20")
    assert error.problem.value.format(**error.format_args()) == "Enter no more than 20 characters."
    assert FieldError("x", FieldProblem.REQUIRED).format_args() == {"limit": ""}
