"""Tests for records.forms: form fields that read numbers and dates as Vietnamese offices write them."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from congress.models import Congress
from records.forms import VietnameseDateField, VietnameseDecimalField, VietnameseIntegerField
from tests.congress.factories import CongressFactory


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("21,1", Decimal("21.1")),
        ("1.535", Decimal("1535")),
        ("0,2%", Decimal("0.2")),
        ("45.140", Decimal("45140")),
        (" 24,46 ", Decimal("24.46")),
    ],
)
def test_decimal_field_reads_vietnamese_numbers(typed, value):
    assert VietnameseDecimalField(max_digits=18, decimal_places=4).clean(typed) == value


@pytest.mark.parametrize("typed", ["1.23", "abc"])
def test_decimal_field_refuses_a_number_it_cannot_read_quoting_it_in_vietnamese(typed):
    with pytest.raises(ValidationError) as refused:
        VietnameseDecimalField().clean(typed)

    [message] = refused.value.messages
    assert message.startswith(f'Không đọc được số "{typed}"')


def test_decimal_field_leaves_an_empty_optional_value_empty():
    assert VietnameseDecimalField(required=False).clean("  ") is None


def test_decimal_field_shows_a_value_the_vietnamese_way():
    field = VietnameseDecimalField()

    assert field.prepare_value(Decimal("21.1")) == "21,1"
    assert field.prepare_value(Decimal("45140.0000")) == "45.140"


def test_integer_field_reads_thousands_separated_by_dots():
    assert VietnameseIntegerField().clean("1.535") == 1535


def test_integer_field_refuses_a_decimal_comma():
    with pytest.raises(ValidationError):
        VietnameseIntegerField().clean("21,1")


@pytest.mark.parametrize(
    "typed", ["16/6/2025", "ngày16/6/2025", "16 tháng 6 năm 2025", "16-6-2025", "2025-06-16"]
)
def test_date_field_reads_day_first_dates(typed):
    assert VietnameseDateField().clean(typed) == datetime.date(2025, 6, 16)


def test_date_field_refuses_a_month_first_date():
    with pytest.raises(ValidationError) as refused:
        VietnameseDateField().clean("6/16/2025")

    [message] = refused.value.messages
    assert message.startswith('Không đọc được ngày "6/16/2025"')


class CongressCountsForm(forms.ModelForm):
    class Meta:
        model = Congress
        fields = ["delegate_count", "members_represented"]


@pytest.mark.django_db
def test_congress_form_reads_counts_with_thousands_dots():
    congress = CongressFactory()
    form = CongressCountsForm({"delegate_count": "186", "members_represented": "1.535"}, instance=congress)

    assert form.is_valid(), form.errors
    form.save()
    congress.refresh_from_db()
    assert (congress.delegate_count, congress.members_represented) == (186, 1535)


@pytest.mark.django_db
def test_congress_form_shows_counts_with_thousands_dots():
    form = CongressCountsForm(instance=CongressFactory(members_represented=1535))

    assert 'value="1.535"' in str(form["members_represented"])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_djangos_date_field_reads_dates_day_first_in_every_language(language):
    with translation.override(language):
        assert forms.DateField().clean("04/03/2001") == datetime.date(2001, 3, 4)
