"""Titles read into posts, completed only from the congress the report is about."""

from congress.reading.titles import Context, posts_of

WARD = Context("Đảng bộ phường Thiên Hương")


def posts(title, context=WARD):
    return [(p.role, p.title, p.organisation.name, p.organisation.kind) for p in posts_of(title, context)]


def test_a_combined_title_is_two_posts_each_as_written():
    assert posts("Bí thư Đảng ủy - Chủ tịch HĐND phường Thiên Hương") == [
        ("bi_thu", "Bí thư Đảng ủy", "Đảng ủy phường Thiên Hương", "cap_uy"),
        ("chu_tich", "Chủ tịch HĐND phường Thiên Hương", "HĐND phường Thiên Hương", "hdnd"),
    ]


def test_separators_without_spaces_and_commas_split_titles():
    assert [p[0] for p in posts("Phó Bí thư Thường trực Đảng ủy, Chủ tịch HĐND phường")] == ["pho_bi_thu", "chu_tich"]
    assert [p[2] for p in posts("Bí thư Đảng ủy-Chủ tịch UBND phường")] == [
        "Đảng ủy phường Thiên Hương",
        "UBND phường Thiên Hương",
    ]


def test_a_working_group_belongs_to_the_committee_it_names():
    (post,) = posts_of("Tổ trưởng Tổ công tác số 11 của Thành ủy", WARD)
    assert (post.role, post.organisation.kind, post.organisation.parent.name) == ("to_truong", "to_cong_tac", "Thành ủy")
    assert post.organisation.parent.place == "province"


def test_a_bare_committee_is_the_congress_s_own_and_an_unknown_head_gives_no_post():
    assert posts("Ủy viên Ban Chấp hành") == [
        ("uy_vien", "Ủy viên Ban Chấp hành", "Ban Chấp hành Đảng bộ phường Thiên Hương", "ban_chap_hanh")
    ]
    assert posts("đại biểu") == []
    assert posts("Bí thư", Context("")) == []
