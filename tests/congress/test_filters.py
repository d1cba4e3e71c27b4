"""Tests for congress.filters: the term as people write it."""

import pytest
from django.core.exceptions import ValidationError

from congress.filters import TermField


@pytest.mark.parametrize(
    "text, term",
    [
        ("2025–2030", (2025, 2030)),
        ("2025-2030", (2025, 2030)),
        (" 2025 — 2030 ", (2025, 2030)),
        ("2025", (2025, None)),
        ("", None),
    ],
)
def test_a_term_is_read_as_written(text, term):
    assert TermField(required=False).clean(text) == term


@pytest.mark.parametrize("text", ["2030–2025", "2025–2025", "25–30", "nhiệm kỳ XIV", "2025/2030"])
def test_a_term_that_cannot_be_read_is_refused_with_an_example(text):
    with pytest.raises(ValidationError, match="2025–2030"):
        TermField(required=False).clean(text)
