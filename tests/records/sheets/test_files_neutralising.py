"""
Tests for records.sheets.files.neutralising: text that looks like a formula
is written so that no spreadsheet runs it, and reads back as written.

Every input file is built here (built_files), in the encoding or format under
test, so the tests say exactly which bytes each case is about. No database is used.
"""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from records.sheets.files.neutralising import neutralise, unneutralise
from records.sheets.files.reading import read_dataset
from records.sheets.files.writing import write_csv, write_xlsx
from records.vietnamese import parse_number
from tests.records.sheets.built_files import (
    NAME,
)

# Formula neutralisation ####################################################

# (original, as written in CSV)
NEUTRALISED = [
    ("=SUM(A1)", "'=SUM(A1)"),
    ("+84 912", "'+84 912"),
    ("-abc", "'-abc"),
    ("@x", "'@x"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("'quoted", "'quoted"),
    ("'=x", "''=x"),
    ("''@y", "'''@y"),
    ("a=b", "a=b"),
    ("", ""),
    ("'", "'"),
]


@pytest.mark.parametrize(("original", "written"), NEUTRALISED)
def test_neutralise_and_unneutralise(original, written):
    assert neutralise(original) == written
    assert unneutralise(written) == original


@pytest.mark.parametrize("value", [-5, Decimal("-0.2"), -1.5, None, datetime.date(2025, 6, 16)])
def test_neutralise_leaves_values_that_are_not_text_alone(value):
    assert neutralise(value) is value
    assert unneutralise(value) is value


@given(st.text(alphabet="'=+-@\t\ra ư"))
def test_unneutralise_inverts_neutralise_and_neutralised_text_never_starts_a_formula(text):
    written = neutralise(text)

    assert unneutralise(written) == text
    assert written[:1] not in set("=+-@\t\r")
    if not text.startswith("'"):
        assert unneutralise(text) == text


ROUND_TRIP_TEXT = [original for original, _ in NEUTRALISED if original and original != "'"] + [
    "<b>x</b>",
    NAME,
    "a\x0bb",  # not allowed in XML: written as Excel writes it, _x000B_
    "_x000D_",
    "dòng 1\r\ndòng 2",
]


@pytest.mark.parametrize("writer", ["xlsx", "csv"])
def test_importing_our_own_export_gives_the_original_values_back(writer):
    headers = [f"Cột {index}" for index in range(len(ROUND_TRIP_TEXT) + 2)]
    row = [*ROUND_TRIP_TEXT, -5, Decimal("-0.2")]
    if writer == "xlsx":
        content = write_xlsx(headers, [row], sheet_title="Danh sách")
    else:
        content = write_csv(headers, [row])

    dataset = read_dataset(content, f"danh-sach.{writer}")

    assert dataset.headers == headers
    *text, number, decimal_number = dataset[0]
    assert text == ROUND_TRIP_TEXT
    # Negative numbers are numbers, never neutralised text.
    if writer == "xlsx":
        assert (number, decimal_number) == (-5, -0.2)
        assert isinstance(number, int) and isinstance(decimal_number, float)
    else:
        assert (number, decimal_number) == ("-5", "-0,2")
        assert (parse_number(number), parse_number(decimal_number)) == (-5, Decimal("-0.2"))


@given(
    st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "'\t"]),
    st.text(alphabet="ab ư'=+-@\"\n\r,;<>", min_size=1).map(str.strip).filter(bool),
)
@hypothesis_settings(max_examples=50, deadline=None)
def test_any_text_survives_an_export_and_import_in_both_formats(prefix, body):
    value = prefix + body
    for content, file_name in [
        (write_xlsx(["Ghi chú"], [[value]], sheet_title="Danh sách"), "x.xlsx"),
        (write_csv(["Ghi chú"], [[value]]), "x.csv"),
    ]:
        assert read_dataset(content, file_name)[0] == (value,)


def test_xlsx_export_stores_formula_like_text_as_quote_prefixed_text():
    content = write_xlsx(
        ["Ghi chú", "Số âm", "Tỷ lệ"], [["=SUM(A1)", -5, Decimal("-0.2")], ["+84 912", 0, 0]], sheet_title="T"
    )
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    sheet = openpyxl.load_workbook(io.BytesIO(content))["T"]

    assert "<f>" not in sheet_xml
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["A2"].quotePrefix) == ("=SUM(A1)", "s", True)
    assert (sheet["A3"].value, sheet["A3"].data_type, sheet["A3"].quotePrefix) == ("+84 912", "s", True)
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-5, "n")
    assert (sheet["C2"].value, sheet["C2"].data_type) == (-0.2, "n")


def test_csv_export_prefixes_formula_like_text_but_not_negative_numbers():
    content = write_csv(["Ghi chú", "Số âm", "Tỷ lệ"], [["=SUM(A1)", -5, Decimal("-0.2")], ["@x", -1, -1.5]])

    assert content.decode("utf-8-sig").splitlines()[1:] == ['\'=SUM(A1),-5,"-0,2"', '\'@x,-1,"-1,5"']
