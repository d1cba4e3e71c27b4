"""Documents by symbol or by kind and bare number, with their dates and issuers."""

import datetime as dt

from congress.reading.reader import read_report


def documents(text):
    return [(d.symbol, d.date, d.kind, d.issuer) for d in read_report(text).documents]


def test_state_and_party_symbols_with_the_date_after_them():
    text = (
        "Xã được lập theo Nghị quyết số 1702/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội; "
        "đại hội quán triệt Chỉ thị 45-CT/TW."
    )
    assert documents(text) == [
        ("1702/NQ-UBTVQH15", dt.date(2025, 6, 16), "Nghị quyết", "Ủy ban Thường vụ Quốc hội"),
        ("45-CT/TW", None, "Chỉ thị", ""),
    ]


def test_a_date_with_no_space_after_ngày_and_a_year_in_the_symbol():
    assert documents("Theo Nghị định 30/2020/NĐ-CP, ngày5/3/2020 của Chính phủ.")[0][:2] == (
        "30/2020/NĐ-CP",
        dt.date(2020, 3, 5),
    )


def test_the_issuing_day_before_ban_hành():
    text = "Ngày 2/7/2025, Ban Thường vụ Huyện ủy ban hành Quyết định số 95-QĐ/HU thành lập Đảng bộ xã."
    assert documents(text) == [("95-QĐ/HU", dt.date(2025, 7, 2), "Quyết định", "Ban Thường vụ Huyện ủy")]


def test_a_bare_number_keeps_the_number_as_its_symbol():
    assert documents("Thực hiện Nghị quyết 57 của Bộ Chính trị về khoa học.") == [
        ("57", None, "Nghị quyết", "Bộ Chính trị")
    ]


def test_dates_counts_and_shares_are_not_documents():
    text = (
        "Sáng 21/7, đạt 12/14 chỉ tiêu; tăng 8,5%/năm; Nghị quyết Đại hội được thông qua; "
        "thu nhập 70 triệu đồng/năm."
    )
    assert documents(text) == []


def test_a_symbol_cited_twice_is_one_document():
    assert len(documents("Quyết định 12-QĐ/TU. Lại nhắc Quyết định 12-QĐ/TU.")) == 1
