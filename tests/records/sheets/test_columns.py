"""Tests for records.sheets.columns: values are read as offices write them.

Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

import datetime
from decimal import Decimal

import pytest

from records.models.people import MembershipRole, PersonGender
from records.sheets.columns import (
    ChoiceWidget,
    DateWidget,
    NumberWidget,
    OrdinalWidget,
    TextWidget,
    YearRangeWidget,
)
from tests.records.sheets.roster import (
    nfd,
)

# Values as offices write them ##############################################


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1.535", 1535),
        ("21,1", Decimal("21.1")),
        ("0,2%", Decimal("0.2")),
        (21.1, Decimal("21.1")),
        ("", None),
    ],
)
def test_numbers_are_read_as_offices_write_them(cell, value):
    assert NumberWidget().clean(cell) == value


def test_a_whole_number_column_refuses_decimals_and_values_out_of_range():
    widget = NumberWidget(integer=True, minimum=1850, maximum=2100)

    assert widget.clean("1.975") == 1975
    with pytest.raises(ValueError, match="“1975,5” không phải là số nguyên."):
        widget.clean("1975,5")
    with pytest.raises(ValueError, match="Giá trị phải từ 1850 trở lên."):
        widget.clean("1700")


@pytest.mark.parametrize(
    "cell",
    [
        "16/6/2025",
        "16-6-2025",
        "16 tháng 6 năm 2025",
        "ngày 16/06/2025",
        datetime.datetime(2025, 6, 16),
        45824,  # an Excel date cell stored as its serial number
    ],
)
def test_dates_are_read_day_first_and_from_excel_date_cells(cell):
    assert DateWidget().clean(cell) == datetime.date(2025, 6, 16)


def test_a_date_that_only_makes_sense_month_first_is_refused():
    with pytest.raises(ValueError, match="không có tháng 16"):
        DateWidget().clean("6/16/2025")


@pytest.mark.parametrize("cell", ["Bí thư", "bí thư", "BÍ THƯ", " Bí  thư ", nfd("Bí thư"), "bi_thu"])
def test_choices_are_read_by_label_in_any_case_or_form(cell):
    assert ChoiceWidget(MembershipRole).clean(cell) == MembershipRole.SECRETARY


def test_a_label_is_read_whatever_the_tone_placement():
    assert ChoiceWidget(MembershipRole).clean("Uỷ viên") == MembershipRole.MEMBER


def test_an_unknown_label_lists_the_valid_ones():
    with pytest.raises(ValueError) as refused:
        ChoiceWidget(PersonGender).clean("Khác")

    assert str(refused.value) == "“Khác” không phải là giá trị hợp lệ. Giá trị hợp lệ: Nam, Nữ."


def test_text_is_nfc_and_trimmed():
    assert TextWidget().clean(nfd("  Vương  Toàn Thu Thủy ")) == "Vương Toàn Thu Thủy"
    assert TextWidget(multiline=True).clean(" dòng 1\ndòng 2 ") == "dòng 1\ndòng 2"


def test_periods_and_ordinals_are_read_as_written():
    assert YearRangeWidget().clean("2021–2025") == (2021, 2025)
    assert YearRangeWidget().clean("2021 - 2025") == (2021, 2025)
    assert OrdinalWidget().clean("XIV") == 14
    assert OrdinalWidget().clean(3) == 3
    with pytest.raises(ValueError, match="năm cuối không được trước năm đầu"):
        YearRangeWidget().clean("2025–2021")
