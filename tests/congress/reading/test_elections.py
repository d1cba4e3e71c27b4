"""Election results in a report are elections and elected posts, never past-term indicators."""

import pytest

from congress.reading.reader import read_report

PAST = "Nhiệm kỳ qua, Đảng bộ xã hoàn thành vượt mức các chỉ tiêu chủ yếu. "


@pytest.mark.parametrize(
    ("sentence", "name", "post", "share"),
    [
        ("Đồng chí Hà Minh Khoa tái đắc cử Bí thư Đảng ủy xã với 96,4% số phiếu.", "Hà Minh Khoa", "Bí thư Đảng ủy xã", "96,4%"),
        ("Bà Lò Thị Xuân đắc cử Phó Bí thư Đảng ủy xã Nậm Ty với 88% số phiếu.", "Lò Thị Xuân", "Phó Bí thư Đảng ủy xã Nậm Ty", "88%"),
        ("Ông Vi Văn Sơn được bầu làm Bí thư Đảng ủy xã với tỷ lệ 100%.", "Vi Văn Sơn", "Bí thư Đảng ủy xã", "100%"),
    ],
)
def test_a_vote_for_a_post_is_an_election_and_an_elected_post(sentence, name, post, share):
    reading = read_report(PAST + sentence)
    assert [(e.name, e.body, e.share) for e in reading.elections] == [(name, post, share)]
    assert [(p.name, p.post, p.how) for p in reading.posts] == [(name, post, "elected")]
    assert [(p.name, p.role) for p in reading.people] == [(name, "elected")]
    assert [i.text for i in reading.indicators] == ["Đảng bộ xã hoàn thành vượt mức các chỉ tiêu chủ yếu"]


def test_a_share_of_the_votes_without_a_post_is_an_election_only():
    reading = read_report(PAST + "Đồng chí Hà Minh Khoa trúng cử với 91,3% số phiếu.")
    assert [(e.name, e.body, e.share) for e in reading.elections] == [("Hà Minh Khoa", "", "91,3%")]
    assert reading.posts == []
    assert all("phiếu" not in i.text for i in reading.indicators)


def test_a_fraction_of_ballots_is_not_an_indicator():
    reading = read_report(PAST + "Ông Vi Văn Sơn trúng cử Bí thư Đảng ủy xã với 45/46 phiếu bầu.")
    assert [(i.met, i.total) for i in reading.indicators] == [(None, None)]
    assert [(p.post, p.how) for p in reading.posts] == [("Bí thư Đảng ủy xã", "elected")]
