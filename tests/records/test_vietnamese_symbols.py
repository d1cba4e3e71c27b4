"""Tests for records.vietnamese: document symbols and Roman numerals."""


import pytest
from hypothesis import given
from hypothesis import strategies as st

from records.vietnamese import DocumentSymbol, format_document_symbol, parse_document_symbol, roman
from tests.records.vietnamese_cases import nfd


# Document symbols ##########################################################


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1669/NQ-UBTVQH15", ("1669", None, "NQ", "UBTVQH15", "state")),
        ("30/2020/NĐ-CP", ("30", 2020, "NĐ", "CP", "state")),
        ("01/2025/TT-BNV", ("01", 2025, "TT", "BNV", "state")),
        ("59/2020/QH14", ("59", 2020, "", "QH14", "state")),
        ("68-NQ/TW", ("68", None, "NQ", "TW", "party")),
        ("18-NQ/TU", ("18", None, "NQ", "TU", "party")),
        ("45-CT/TW", ("45", None, "CT", "TW", "party")),
        ("01-QĐi/TW", ("01", None, "QĐi", "TW", "party")),
        ("12-KL/TW", ("12", None, "KL", "TW", "party")),
        ("68", ("68", None, "", "", "")),
        ("Số 68", ("68", None, "", "", "")),
        ("1669 / NQ-UBTVQH15", ("1669", None, "NQ", "UBTVQH15", "state")),
        ("Số 1669/NQ-UBTVQH15", ("1669", None, "NQ", "UBTVQH15", "state")),
        ("số: 30 / 2020 / NĐ - CP", ("30", 2020, "NĐ", "CP", "state")),
        ("68\u2013NQ/TW", ("68", None, "NQ", "TW", "party")),
        (nfd("Số 01-QĐi/TW"), ("01", None, "QĐi", "TW", "party")),
    ],
)
def test_parse_document_symbol(value, expected):
    symbol = parse_document_symbol(value)
    assert symbol == DocumentSymbol(*expected)
    assert isinstance(symbol, DocumentSymbol)


@pytest.mark.parametrize(
    "value",
    ["", "NQ-TW/abc", "abc", "68-NQ", "68/", "68-NQ/TW/1", "1669/NQ-", "30/20/NĐ-CP", "68-NQ/2020", "6 8"],
)
def test_parse_document_symbol_errors(value):
    with pytest.raises(ValueError, match="Không đọc được số hiệu văn bản") as info:
        parse_document_symbol(value)
    assert f'"{value}"' in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Số 1669 / NQ-UBTVQH15", "1669/NQ-UBTVQH15"),
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP"),
        ("68 - NQ / TW", "68-NQ/TW"),
        ("59/2020/QH14", "59/2020/QH14"),
        ("số 68", "68"),
    ],
)
def test_format_document_symbol(value, expected):
    assert format_document_symbol(parse_document_symbol(value)) == expected


@pytest.mark.parametrize(
    "symbol",
    [
        DocumentSymbol("68", 2020, "NQ", "TW", "party"),
        DocumentSymbol("68", None, "NQ", "", "party"),
        DocumentSymbol("1234", None, "", "BNV-TCBC", "state"),
        DocumentSymbol("", None, "", "", ""),
        DocumentSymbol("68", None, "", "", "bogus"),
        DocumentSymbol("30", 20, "NĐ", "CP", "state"),
        DocumentSymbol("30", None, "9X", "CP", "state"),
    ],
)
def test_format_document_symbol_rejects_inconsistent_symbols(symbol):
    with pytest.raises(ValueError, match="Số hiệu văn bản không hợp lệ"):
        format_document_symbol(symbol)


code_letters = "ABCDĐGHKLMNPQRSTUVXYi"
codes = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("ABCDĐGHKLMNPQRSTUVXY"),
    st.text(alphabet=code_letters + "0123456789", max_size=6),
)
numbers = st.text(alphabet="0123456789", min_size=1, max_size=5)
issuers = st.lists(codes, min_size=1, max_size=3).map("-".join)
symbols = st.one_of(
    st.builds(
        DocumentSymbol,
        number=numbers,
        year=st.none() | st.integers(1000, 9999),
        type_code=codes,
        issuer_code=issuers,
        form=st.just("state"),
    ),
    st.builds(
        DocumentSymbol,
        number=numbers,
        year=st.none() | st.integers(1000, 9999),
        type_code=st.just(""),
        issuer_code=codes,
        form=st.just("state"),
    ),
    st.builds(
        DocumentSymbol,
        number=numbers,
        year=st.none(),
        type_code=codes,
        issuer_code=issuers,
        form=st.just("party"),
    ),
    st.builds(
        DocumentSymbol,
        number=numbers,
        year=st.none(),
        type_code=st.just(""),
        issuer_code=st.just(""),
        form=st.just(""),
    ),
)


@given(symbols)
def test_parse_document_symbol_reads_format_document_symbol(symbol):
    assert parse_document_symbol(format_document_symbol(symbol)) == symbol


# Roman numerals ############################################################


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "I"),
        (4, "IV"),
        (9, "IX"),
        (13, "XIII"),
        (14, "XIV"),
        (40, "XL"),
        (1945, "MCMXLV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman(number, expected):
    assert roman(number) == expected


@pytest.mark.parametrize("number", [0, -1, 4000, True, 1.0])
def test_roman_errors(number):
    with pytest.raises(ValueError, match=f'"{number}"'):
        roman(number)
