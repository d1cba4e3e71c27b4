"""Tests for the template filters that write numbers and dates the Vietnamese way."""

import datetime
from decimal import Decimal

import pytest
from django.template import engines

from records.templatetags.vietnamese_format import nfc, roman, vi_date, vi_number


@pytest.mark.parametrize(
    "value, text",
    [(1535, "1.535"), (45140, "45.140"), (Decimal("21.10"), "21,1"), (Decimal("0.2"), "0,2"), (0, "0")],
)
def test_numbers_are_grouped_by_dots_with_a_decimal_comma(value, text):
    assert vi_number(value) == text


def test_a_number_with_fixed_decimals():
    assert vi_number(Decimal("124.95"), 1) == "125,0"


@pytest.mark.parametrize("value", [None, ""])
def test_an_unknown_number_or_date_is_a_dash(value):
    assert vi_number(value) == "—"
    assert vi_date(value) == "—"


def test_dates_are_day_first_without_padding():
    assert vi_date(datetime.date(2025, 6, 16)) == "16/6/2025"


def test_ordinals_in_roman_numerals():
    assert roman(14) == "XIV"


def test_years_stay_ungrouped_when_printed_plainly_beside_a_grouped_count():
    template = engines["django"].from_string("{% load vietnamese_format %}{{ year }} {{ count|vi_number }}")

    assert template.render({"year": 2025, "count": 1535}) == "2025 1.535"


def test_text_is_put_in_the_normal_form_the_records_use():
    assert nfc("Tie\u0302\u0301ng Vie\u0302\u0323t") == "Tiếng Việt"
