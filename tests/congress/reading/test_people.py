"""People, their titles as written and their part in the congress, from sentences written here."""

import pytest

from congress.reading.titles import split_title
from congress.reading.reader import read_report


def people(text):
    return [(p.name, p.title, p.role) for p in read_report(text).people]


def test_title_after_the_name_and_directing():
    text = (
        "Đồng chí Lò Văn Sáu, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy, "
        "về dự và chỉ đạo đại hội."
    )
    assert people(text) == [
        ("Lò Văn Sáu", "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy", "directing")
    ]


def test_title_before_the_name_after_a_place():
    text = "Phó Chủ tịch UBND tỉnh Kiên Giang Đào Minh Khôi đến dự đại hội."
    assert people(text) == [("Đào Minh Khôi", "Phó Chủ tịch UBND tỉnh Kiên Giang", "guest")]


def test_title_before_ending_in_a_bare_unit_word():
    text = "Chủ tịch HĐND tỉnh Lục Thị Mai tham dự đại hội."
    assert people(text) == [("Lục Thị Mai", "Chủ tịch HĐND tỉnh", "guest")]


def test_a_semicolon_list_after_the_opening_words():
    text = (
        "Cùng dự có ông Tạ Quang Vinh, nguyên Bí thư Huyện ủy; Thiếu tướng Hứa Văn Lộc; "
        "Giám đốc Sở Xây dựng Kha Thị Bình và nhiều đại biểu khách mời."
    )
    assert people(text) == [
        ("Tạ Quang Vinh", "nguyên Bí thư Huyện ủy", "guest"),
        ("Hứa Văn Lộc", "Thiếu tướng", "guest"),
        ("Kha Thị Bình", "Giám đốc Sở Xây dựng", "guest"),
    ]


def test_a_list_with_dashes_and_no_spaces():
    text = (
        "Dự và chỉ đạo đại hội có các đồng chí: Ngô Thanh Tâm-Tỉnh ủy viên, Phó Giám đốc Sở Y tế; "
        "Quách Văn Hải - Trưởng Ban Nội chính Tỉnh ủy."
    )
    assert people(text) == [
        ("Ngô Thanh Tâm", "Tỉnh ủy viên, Phó Giám đốc Sở Y tế", "directing"),
        ("Quách Văn Hải", "Trưởng Ban Nội chính Tỉnh ủy", "directing"),
    ]


def test_a_comma_inside_one_title_and_a_verb_ending_it():
    text = "Bà Triệu Thị Hoa, Bí thư Đảng ủy, Chủ tịch HĐND xã trình bày báo cáo chính trị."
    assert people(text) == [("Triệu Thị Hoa", "Bí thư Đảng ủy, Chủ tịch HĐND xã", "speaking")]


def test_directive_speech_is_directing_and_speaking_and_guest_gives_way():
    text = (
        "Đại hội diễn ra với sự tham dự của Bộ trưởng Cao Đức Phát. "
        "Bộ trưởng Cao Đức Phát dự và phát biểu chỉ đạo đại hội."
    )
    assert people(text) == [
        ("Cao Đức Phát", "Bộ trưởng", "directing"),
        ("Cao Đức Phát", "Bộ trưởng", "speaking"),
    ]


def test_a_later_mention_without_title_has_none_and_a_given_name_is_followed():
    text = (
        "Đồng chí Mạc Văn Khoa, Phó Bí thư Tỉnh ủy, dự và chỉ đạo đại hội. "
        "Phát biểu tại đại hội, ông Khoa đề nghị xã chăm lo đời sống người dân."
    )
    assert people(text) == [
        ("Mạc Văn Khoa", "Phó Bí thư Tỉnh ủy", "directing"),
        ("Mạc Văn Khoa", None, "speaking"),
    ]


def test_appointed_with_the_post_as_title_and_the_post_kept_whole():
    reading = read_report(
        "Ông Phùng Đức Long được chỉ định giữ chức Bí thư Đảng ủy, Chủ tịch HĐND xã Tân Lập."
    )
    assert [(p.name, p.title, p.role) for p in reading.people] == [
        ("Phùng Đức Long", "Bí thư Đảng ủy, Chủ tịch HĐND xã Tân Lập", "appointed")
    ]
    assert [(p.name, p.post, p.how) for p in reading.posts] == [
        ("Phùng Đức Long", "Bí thư Đảng ủy, Chủ tịch HĐND xã Tân Lập", "appointed")
    ]


def test_a_post_differs_from_the_title_in_the_same_sentence():
    reading = read_report("Chủ tịch UBND xã Đàm Văn Bảy giữ chức Phó Bí thư Đảng ủy xã nhiệm kỳ 2025-2030.")
    assert [(p.title, p.role) for p in reading.people] == [("Chủ tịch UBND xã", "appointed")]
    assert [p.post for p in reading.posts] == ["Phó Bí thư Đảng ủy xã"]


def test_elected_with_a_vote_share():
    reading = read_report(
        "Đồng chí Lưu Thị Nhàn tiếp tục được bầu giữ chức Bí thư Đảng ủy với 98,2% số phiếu."
    )
    assert [(p.name, p.role) for p in reading.people] == [("Lưu Thị Nhàn", "elected")]
    assert [(p.post, p.how) for p in reading.posts] == [("Bí thư Đảng ủy", "elected")]
    assert [e.share for e in reading.elections] == ["98,2%"]


def test_a_decision_lists_posts_after_là():
    text = (
        "Theo quyết định, ông Hầu Văn Dũng là Bí thư Đảng ủy xã; bà Khổng Thị Yến là Phó Bí thư Đảng ủy xã."
    )
    assert [(p.name, p.post) for p in read_report(text).posts] == [
        ("Hầu Văn Dũng", "Bí thư Đảng ủy xã"),
        ("Khổng Thị Yến", "Phó Bí thư Đảng ủy xã"),
    ]


def test_a_former_post_is_not_a_title():
    text = "Ông Tống Văn Bình, trước đây là Chủ tịch UBND huyện, được chỉ định làm Bí thư Đảng ủy xã."
    assert people(text) == [("Tống Văn Bình", "Bí thư Đảng ủy xã", "appointed")]


@pytest.mark.parametrize(
    "text",
    [
        "Phường Lê Lợi và phường Hà Huy Tập được nhập lại.",
        "Đoàn công tác của tỉnh Hà Nam tới thăm.",
        "Bí thư Thành ủy Hà Nội gửi thư chúc mừng.",
        "Đại hội thông qua nghị quyết về lãnh đạo, chỉ đạo của Đảng bộ.",
    ],
)
def test_places_and_bodies_are_not_people(text):
    reading = read_report(text)
    assert reading.people == [] and reading.mentions == []


def test_someone_named_with_no_part_in_the_congress_is_a_mention():
    reading = read_report("Đại hội quán triệt lời dạy của đồng chí Tổng Bí thư Lê Khả Phiêu.")
    assert reading.people == []
    assert [(m.name, m.title) for m in reading.mentions] == [("Lê Khả Phiêu", "Tổng Bí thư")]


def test_spelling_variants_are_one_person():
    text = "Đồng chí Vũ Thị Thuỷ dự và chỉ đạo đại hội. Đồng chí Vũ Thị Thủy phát biểu chỉ đạo."
    assert [(p.name, p.role) for p in read_report(text).people] == [
        ("Vũ Thị Thuỷ", "directing"),
        ("Vũ Thị Thủy", "speaking"),
    ]


@pytest.mark.parametrize(
    ("title", "posts"),
    [
        ("Bí thư Đảng ủy - Chủ tịch HĐND xã", ["Bí thư Đảng ủy", "Chủ tịch HĐND xã"]),
        (
            "Phó Vụ trưởng Vụ Địa phương II, Ban Tổ chức Trung ương",
            ["Phó Vụ trưởng Vụ Địa phương II, Ban Tổ chức Trung ương"],
        ),
        (
            "Ủy viên Ban Thường vụ Huyện ủy, Trưởng Công an huyện",
            ["Ủy viên Ban Thường vụ Huyện ủy", "Trưởng Công an huyện"],
        ),
    ],
)
def test_split_title_splits_a_combined_title(title, posts):
    assert split_title(title) == posts
