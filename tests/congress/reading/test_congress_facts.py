"""The congress, its days and its representation counts, from sentences written for these tests."""

import datetime as dt

import pytest

from congress.reading.reader import read_report

PUBLISHED = dt.date(2025, 8, 20)


@pytest.mark.parametrize(
    ("sentence", "opened", "closed"),
    [
        ("Sáng 14.8, Đại hội đại biểu Đảng bộ xã Tân Mai lần thứ I diễn ra.", dt.date(2025, 8, 14), None),
        ("Ngày 3-8, Đại hội Đảng bộ xã Tân Mai lần thứ I khai mạc.", dt.date(2025, 8, 3), None),
        (
            "Trong hai ngày 9 và 10/8, Đảng bộ xã Tân Mai tổ chức Đại hội lần thứ I.",
            dt.date(2025, 8, 9),
            dt.date(2025, 8, 10),
        ),
        ("Chiều ngày 2/7/2025, Đảng bộ xã Tân Mai họp phiên trù bị Đại hội.", dt.date(2025, 7, 2), None),
        # Published in January: a December date is last year's.
    ],
)
def test_the_first_day_takes_the_year_of_publication(sentence, opened, closed):
    congress = read_report(sentence, PUBLISHED).congress
    assert (congress.opened_on, congress.closed_on) == (opened, closed)


def test_a_date_months_after_publication_is_last_year():
    congress = read_report("Sáng 28/12, Đại hội Đảng bộ xã Tân Mai khai mạc.", dt.date(2025, 1, 3)).congress
    assert congress.opened_on == dt.date(2024, 12, 28)


def test_without_a_year_anywhere_the_date_is_left_out():
    assert read_report("Sáng 14/8, Đại hội Đảng bộ xã Tân Mai khai mạc.").congress.opened_on is None


def test_a_documents_date_is_not_the_congress_day():
    text = (
        "Đại hội nhắc Quyết định số 12-QĐ/TU ngày 1/6/2025 của Tỉnh ủy. "
        "Ngày 5/8, Đại hội Đảng bộ xã Tân Mai bế mạc."
    )
    assert read_report(text, PUBLISHED).congress.opened_on == dt.date(2025, 8, 5)


@pytest.mark.parametrize(
    ("words", "number"),
    [("lần thứ I", 1), ("lần thứ nhất", 1), ("lần thứ VII", 7), ("lần thứ XIV", 14), ("lần thứ 12", 12)],
)
def test_the_ordinal_in_any_spelling(words, number):
    text = f"Đảng bộ phường Kim Sơn tổ chức Đại hội {words}, nhiệm kỳ 2025 - 2030."
    congress = read_report(text).congress
    assert congress.ordinal == number
    assert (congress.term_start, congress.term_end) == (2025, 2030)
    assert congress.organisation == "Đảng bộ phường Kim Sơn"


def test_the_past_term_is_not_the_congress_term():
    text = "Đại hội Đảng bộ xã An Hòa tổng kết nhiệm kỳ 2020-2025 và bàn việc nhiệm kỳ 2025-2030."
    assert read_report(text).congress.term_start == 2025


def test_organisation_is_kept_as_spelt_kind_and_venue_are_read():
    text = (
        "Đại hội đại biểu Đảng bộ xã Hoà Bình Nam lần thứ I họp tại Hội trường Nhà văn hóa xã, "
        "nhiệm kỳ 2025-2030."
    )
    congress = read_report(text).congress
    assert congress.organisation == "Đảng bộ xã Hoà Bình Nam"
    assert congress.kind == "đại biểu"
    assert congress.venue == "Hội trường Nhà văn hóa xã"


@pytest.mark.parametrize(
    ("sentence", "delegates", "members", "organisations", "qualifiers"),
    [
        (
            "Có 140 đại biểu chính thức thay mặt cho 2.310 đảng viên của 48 tổ chức đảng dự đại hội.",
            140,
            2310,
            48,
            {},
        ),
        (
            "Đại hội có 97 đảng viên về dự, đại diện cho gần 1.900 đảng viên.",
            97,
            1900,
            None,
            {"members": "gần"},
        ),
        (
            "Gồm 210 đại biểu, đại diện cho 37 chi, đảng bộ trực thuộc; "
            "số đại biểu chiếm 18,2% tổng số đảng viên.",
            210,
            None,
            37,
            {},
        ),
        ("Hôm nay 85 đại biểu đã về dự Đại hội.", 85, None, None, {}),
        (
            "Có 120 đại biểu chính thức; họ thay mặt cho hơn 700 đảng viên toàn xã.",
            120,
            700,
            None,
            {"members": "hơn"},
        ),
    ],
)
def test_counts_come_from_the_representation_sentence(
    sentence, delegates, members, organisations, qualifiers
):
    counts = read_report(sentence).counts
    assert (counts.delegates, counts.members, counts.organisations) == (delegates, members, organisations)
    assert counts.qualifiers == qualifiers


@pytest.mark.parametrize(
    "sentence",
    [
        "Đảng bộ xã có 1.200 đảng viên sinh hoạt ở 40 chi bộ.",
        "100% đại biểu biểu quyết tán thành nghị quyết.",
        "Đảng bộ đã kết nạp 90 đảng viên mới.",
    ],
)
def test_no_count_without_whom_the_delegates_represent(sentence):
    counts = read_report(sentence).counts
    assert (counts.delegates, counts.members, counts.organisations) == (None, None, None)
