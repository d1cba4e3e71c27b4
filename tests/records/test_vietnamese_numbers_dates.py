"""Tests for records.vietnamese: reading and writing numbers and dates."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from records.vietnamese import format_date, format_number, parse_date, parse_number, split_unit
from tests.records.vietnamese_cases import nfd


# Numbers ###################################################################


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.535", "1535"),
        ("45.140", "45140"),
        ("1.234.567", "1234567"),
        ("21,1", "21.1"),
        ("1.234,5", "1234.5"),
        ("0,2%", "0.2"),
        ("125%", "125"),
        ("125 %", "125"),
        ("-3", "-3"),
        ("+3", "3"),
        ("\u22123", "-3"),
        ("45 140", "45140"),
        ("45\u00a0140", "45140"),
        ("\u00a01.535\u00a0", "1535"),
        ("0", "0"),
        ("1535", "1535"),
        (1535, "1535"),
        (Decimal("2.50"), "2.50"),
    ],
)
def test_parse_number(value, expected):
    number = parse_number(value)
    assert isinstance(number, Decimal)
    assert number == Decimal(expected)


def test_parse_number_float_has_no_binary_noise():
    assert str(parse_number(21.1)) == "21.1"
    assert str(parse_number(0.2)) == "0.2"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("", '""'),
        ("abc", '"abc"'),
        ("1,2,3", '"1,2,3"'),
        ("1.23", '"1.23"'),
        ("1..5", '"1..5"'),
        ("0.123", '"0.123"'),
        ("1234.567", '"1234.567"'),
        ("1.2345", '"1.2345"'),
        ("%", '"%"'),
        ("1,", '"1,"'),
        (",5", '",5"'),
        ("1e5", '"1e5"'),
        ("1 2", '"1 2"'),
        (True, '"True"'),
        (False, '"False"'),
        (float("nan"), '"nan"'),
        (None, '""'),
    ],
)
def test_parse_number_errors(value, shown):
    with pytest.raises(ValueError, match="Không đọc được số") as info:
        parse_number(value)
    assert shown in str(info.value)


def test_parse_number_explains_the_dot():
    with pytest.raises(ValueError) as info:
        parse_number("1.23")
    assert "đúng ba chữ số" in str(info.value)
    assert "dấu phẩy" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("39,99 km²", ("39,99", "km²")),
        ("102.648 người", ("102.648", "người")),
        ("45 140 người", ("45 140", "người")),
        ("21,1km2", ("21,1", "km2")),
        (" 0,2% ", ("0,2%", "")),
        ("1.535", ("1.535", "")),
        ("km²", ("", "km²")),
    ],
)
def test_split_unit(text, expected):
    assert split_unit(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1535"), "1.535"),
        (45140, "45.140"),
        (Decimal("21.1"), "21,1"),
        (Decimal("0.2"), "0,2"),
        (0, "0"),
        (Decimal("-1234.5"), "-1.234,5"),
        (Decimal("21.10"), "21,1"),
        (Decimal("100.00"), "100"),
        (Decimal("1E+5"), "100.000"),
        (Decimal("-0"), "0"),
        (Decimal("1234567.891"), "1.234.567,891"),
        (Decimal("0.000001"), "0,000001"),
        (21.1, "21,1"),
        (999, "999"),
        (1000, "1.000"),
    ],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("125"), 1, "125,0"),
        (Decimal("21.15"), 1, "21,2"),
        (Decimal("21.14"), 1, "21,1"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("-0.04"), 1, "0,0"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("0.2"), 0, "0"),
        (Decimal("12345678901234567890123456789.5"), 0, "12.345.678.901.234.567.890.123.456.790"),
        (Decimal("-12345678901234567890123456789.4"), None, "-12.345.678.901.234.567.890.123.456.789,4"),
    ],
)
def test_format_number_decimal_places(value, places, expected):
    assert format_number(value, places) == expected


def test_format_number_rejects_negative_places():
    with pytest.raises(ValueError, match='"-1"'):
        format_number(Decimal("1"), -1)


finite_decimals = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20),
    st.integers(0, 12).flatmap(
        lambda places: st.decimals(allow_nan=False, allow_infinity=False, places=places, max_value=10**15)
    ),
)


@given(finite_decimals)
def test_parse_number_reads_format_number(value):
    assert parse_number(format_number(value)) == value


@given(finite_decimals, st.integers(0, 6))
def test_parse_number_reads_format_number_with_places(value, places):
    text = format_number(value, places)
    assert len(text.partition(",")[2]) == places
    assert abs(parse_number(text) - value) <= Decimal(1).scaleb(-places) / 2


# Dates #####################################################################

JUNE_16 = datetime.date(2025, 6, 16)


@pytest.mark.parametrize(
    "value",
    [
        "16/6/2025",
        "16/06/2025",
        "ngày16/6/2025",
        "ngày 16/6/2025",
        "Ngày 16 tháng 6 năm 2025",
        "NGÀY 16 THÁNG 06 NĂM 2025",
        "16 tháng 6 năm 2025",
        nfd("ngày 16 tháng 6 năm 2025"),
        "16-6-2025",
        "16.6.2025",
        " 16 / 6 / 2025 ",
        "2025-06-16",
        "2025-6-16",
        45824,
        45824.75,
        Decimal("45824"),
        JUNE_16,
        datetime.datetime(2025, 6, 16, 8, 30),
    ],
)
def test_parse_date(value):
    result = parse_date(value)
    assert result == JUNE_16
    assert type(result) is datetime.date


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, datetime.date(1900, 1, 1)),
        (59, datetime.date(1900, 2, 28)),
        (61, datetime.date(1900, 3, 1)),
        (25569, datetime.date(1970, 1, 1)),
        (36526, datetime.date(2000, 1, 1)),
        (2958465, datetime.date(9999, 12, 31)),
    ],
)
def test_parse_date_excel_serials(serial, expected):
    assert parse_date(serial) == expected


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("6/16/2025", "tháng 16"),
        ("16/13/2025", "tháng 13"),
        ("31/2/2025", "không có ngày 31"),
        ("29/2/2025", "không có ngày 29"),
        ("16/6/25", "bốn chữ số"),
        ("16/6/025", "bốn chữ số"),
        ("16/6/0000", "năm 0"),
        ("", "ô trống"),
        ("abc", ""),
        ("16/6-2025", ""),
        ("45824", ""),
        (True, "đúng/sai"),
        (0, "2958465"),
        (-5, "2958465"),
        (2958466, "2958465"),
        (0.5, "2958465"),
        (float("nan"), "2958465"),
        (60, "29/2/1900"),
    ],
)
def test_parse_date_errors(value, fragment):
    with pytest.raises(ValueError, match="Không đọc được ngày") as info:
        parse_date(value)
    assert f'"{value}"' in str(info.value)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (JUNE_16, "16/6/2025"),
        (datetime.date(2025, 12, 1), "1/12/2025"),
        (datetime.datetime(2025, 6, 16, 23, 59), "16/6/2025"),
        ("ngày 16/06/2025", "16/6/2025"),
        (datetime.date(999, 1, 2), "2/1/0999"),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected


@given(st.dates())
def test_parse_date_reads_format_date(value):
    assert parse_date(format_date(value)) == value
