"""Figures as written and committee sizes."""

import pytest

from congress.reading.figures import body_kind
from congress.reading.reader import read_report


def figures(text):
    return [(f.metric, f.value, f.unit, f.qualifier) for f in read_report(text).figures]


def test_area_population_and_households_as_written():
    text = "Xã rộng 52,7km2, có 4.812 hộ dân với dân số khoảng 18.300 người."
    assert figures(text) == [
        ("area", "52,7", "km2", ""),
        ("population", "18.300", "người", "khoảng"),
        ("households", "4.812", "hộ dân", ""),
    ]


def test_thousands_in_words_and_the_superscript_unit():
    assert figures("Sau sáp nhập, xã có diện tích hơn 130 km², gần 24 nghìn dân sinh sống.") == [
        ("area", "130", "km²", "hơn"),
        ("population", "24 nghìn", "dân", "gần"),
    ]


def test_the_party_organisations_own_size():
    assert figures("Đảng bộ xã hiện có 61 chi bộ trực thuộc với 1.470 đảng viên.") == [
        ("party_organisations", "61", "chi bộ", ""),
        ("party_members", "1.470", "đảng viên", ""),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Có 150 đại biểu đại diện cho 2.000 đảng viên của 30 chi bộ.",
        "Đảng bộ kết nạp 75 đảng viên mới.",
        "Phường có 36 tổ dân phố, 2.100 hộ kinh doanh và 500 doanh nghiệp.",
        "Hơn 95% đảng viên hoàn thành tốt nhiệm vụ.",
    ],
)
def test_what_is_not_a_figure(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "committees"),
    [
        ("Ban Chấp hành Đảng bộ xã khóa mới gồm 25 đồng chí ra mắt đại hội.", [("Ban Chấp hành", 25)]),
        ("Đại hội bầu 15 người vào BCH Đảng bộ xã khóa III.", [("Ban Chấp hành", 15)]),
        (
            "Ban Chấp hành gồm 29 ủy viên và Ban Thường vụ gồm 9 ủy viên.",
            [("Ban Chấp hành", 29), ("Ban Thường vụ", 9)],
        ),
        (
            "Đại hội bầu Đoàn Chủ tịch gồm 5 đồng chí và Đoàn Thư ký gồm 3 đồng chí.",
            [("Đoàn Chủ tịch", 5), ("Đoàn Thư ký", 3)],
        ),
        ("Ban Chấp hành gồm các đồng chí có đủ phẩm chất.", []),
    ],
)
def test_committee_sizes_without_inventing_members(text, committees):
    reading = read_report(text)
    assert [(body_kind(c.body), c.seats) for c in reading.committees] == committees
    assert reading.people == []


def test_a_caption_printed_twice_is_one_committee():
    text = "Ra mắt Ban Chấp hành Đảng bộ xã gồm 21 đồng chí\n" * 2 + "Hết."
    assert len(read_report(text).committees) == 1
