"""Tests for records.sheets.run: an import of the committee roster, row by row and chunk by chunk.

The roster (memberships) is the list offices exchange most; the rules tested here (headers,
all or nothing, claims across chunks) hold for every kind.

Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

import datetime

import pytest
from django.db import IntegrityError

from records.models import Membership, Person, Source
from records.models.sources import SourceKind
from records.resources import MembershipResource
from records.sheets import bulk, run
from tests.records.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.records.sheets.roster import (
    COMMITTEE,
    HEADERS,
    import_roster,
    member,
    messages,
    nfd,
    roster,
)
from tests.sheet_files import database_rows, xlsx

# Importing a roster ########################################################


def test_a_roster_is_imported_with_new_people_and_posts(committee):
    before = database_rows()
    content = roster(
        member("Nguyễn Văn An", 1970, "Bí thư", title="Bí thư Đảng ủy", start="1/7/2025"),
        member(
            "Trần Thị Bình", 1975, "Phó Bí thư", title="Phó Bí thư Đảng ủy", start=datetime.date(2025, 7, 1)
        ),
    )

    report = import_roster(content)

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (2, 0, 0)
    posts = Membership.objects.order_by("role")
    assert [(m.person.full_name, m.person.birth_year, m.role, m.title, m.start_on) for m in posts] == [
        ("Nguyễn Văn An", 1970, "bi_thu", "Bí thư Đảng ủy", datetime.date(2025, 7, 1)),
        ("Trần Thị Bình", 1975, "pho_bi_thu", "Phó Bí thư Đảng ủy", datetime.date(2025, 7, 1)),
    ]
    after = database_rows()
    assert after["records.Person"] - before["records.Person"] == 2
    assert after["records.Membership"] - before["records.Membership"] == 2
    assert after["records.HistoricalPerson"] - before["records.HistoricalPerson"] == 2
    assert after["records.HistoricalMembership"] - before["records.HistoricalMembership"] == 2
    assert after["records.Source"] - before["records.Source"] == 1


def test_headers_match_in_any_order_case_and_unicode_form(committee):
    headers = [" chức VỤ", nfd("TỔ CHỨC "), "họ và tên"]

    report = import_roster(xlsx(headers, ["Ủy viên", COMMITTEE, "Nguyễn Văn An"]))

    assert messages(report) == []
    assert Membership.objects.get().person.full_name == "Nguyễn Văn An"


def test_an_unknown_column_is_reported_and_ignored(committee):
    report = import_roster(
        xlsx(["STT", "Họ và tên", "Tổ chức", "Chức vụ"], [1, "Nguyễn Văn An", COMMITTEE, "Ủy viên"])
    )

    assert report.warnings == ["Cột “STT” không có trong mẫu nên được bỏ qua."]
    assert report.headers == ["Họ và tên", "Tổ chức", "Chức vụ"]
    assert report.created == 1


def test_a_missing_required_column_refuses_the_file_naming_it(committee):
    before = database_rows()

    report = import_roster(xlsx(["Họ và tên", "Chức danh"], ["Nguyễn Văn An", "Ủy viên"]))

    assert messages(report) == [
        "cột “Tổ chức”: Thiếu cột bắt buộc “Tổ chức”.",
        "cột “Chức vụ”: Thiếu cột bắt buộc “Chức vụ”.",
    ]
    assert database_rows() == before


def test_two_columns_meaning_the_same_header_refuse_the_file(committee):
    report = import_roster(
        xlsx(["Họ và tên", "Tổ chức", "Chức vụ", "HỌ VÀ TÊN"], ["A", COMMITTEE, "Ủy viên", "B"])
    )

    assert messages(report) == [
        "cột “Họ và tên”, giá trị “HỌ VÀ TÊN”: Có hai cột cùng là “Họ và tên”; hãy giữ một cột."
    ]


# All or nothing ############################################################


def test_one_bad_row_refuses_the_whole_file_and_every_error_is_listed(committee):
    before = database_rows()
    content = roster(
        member("Nguyễn Văn An", 1970, start="1/7/2025"),
        member("Trần Thị Bình", "19x5", start="31/2/2025"),
        member("Lê Văn Cường", 1980, "Bí thơ"),
        member("", 1981),
    )

    report = import_roster(content)

    assert messages(report) == [
        'Dòng 3, cột “Năm sinh”, giá trị “19x5”: Không đọc được số "19x5".',
        'Dòng 3, cột “Từ ngày”, giá trị “31/2/2025”: Không đọc được ngày "31/2/2025": '
        "tháng 2 năm 2025 không có ngày 31.",
        "Dòng 4, cột “Chức vụ”, giá trị “Bí thơ”: “Bí thơ” không phải là giá trị hợp lệ. "
        "Giá trị hợp lệ: Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, Ủy viên, Chủ tịch, Phó Chủ tịch, "
        "Hiệu trưởng, Tổ trưởng, Khác.",
        "Dòng 5, cột “Họ và tên”: Ô này không được để trống.",
    ]
    assert report.refused and report.source is None
    assert database_rows() == before


def test_rows_are_numbered_as_in_the_spreadsheet_blank_rows_included(committee):
    content = roster(member("Nguyễn Văn An"), [None] * len(HEADERS), member("Trần Thị Bình", start="hôm qua"))

    report = import_roster(content)

    assert [(error.row, error.column, error.value) for error in report.errors] == [(4, "Từ ngày", "hôm qua")]


def test_an_end_before_the_start_is_an_error_on_the_end(committee):
    report = import_roster(roster(member("Nguyễn Văn An", start="1/7/2025", end="30/6/2025")))

    assert messages(report) == [
        "Dòng 2, cột “Đến ngày”, giá trị “30/6/2025”: “Đến ngày” không được trước “Từ ngày” (1/7/2025)."
    ]
    assert not Membership.objects.exists()


def test_two_rows_describing_one_record_are_an_error(committee):
    before = database_rows()

    report = import_roster(
        roster(member("Nguyễn Văn An", 1970), member("Nguyễn  Văn An", 1970, title="Ủy viên"))
    )

    assert messages(report) == ["Dòng 3: Trùng với dòng 2: hai dòng cùng ghi một chức vụ đảm nhiệm."]
    assert database_rows() == before


def test_the_history_rows_an_import_writes_cite_what_their_records_then_cite(committee):
    earlier = Source.objects.create(kind=SourceKind.DOCUMENT, title="Danh sách cũ")
    PersonFactory(full_name="Nguyễn Văn An").sources.add(earlier)

    report = import_roster(roster(member("Nguyễn Văn An", 1970), member("Trần Thị Bình", 1972)))

    def cited(record):
        return {link.source for link in record.history.order_by("history_id").last().sources.all()}

    assert messages(report) == []
    known, new = Person.objects.get(full_name="Nguyễn Văn An"), Person.objects.get(full_name="Trần Thị Bình")
    assert known.birth_year == 1970
    assert cited(known) == {earlier, report.source}
    assert cited(new) == {report.source}
    assert cited(Membership.objects.get(person=known)) == {report.source}


# A file is read, checked and written a chunk of rows at a time: two rows per chunk here.


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(run, "CHUNK_ROWS", 2)


def test_rows_describing_one_record_in_different_chunks_are_an_error(committee, small_chunks):
    before = database_rows()

    report = import_roster(
        roster(
            member("Nguyễn Văn An", 1970),
            member("Trần Thị Bình", 1972),
            member("Lê Văn Cường", 1968),
            member("Nguyễn  Văn An", 1970, title="Ủy viên"),
        )
    )

    assert messages(report) == ["Dòng 5: Trùng với dòng 2: hai dòng cùng ghi một chức vụ đảm nhiệm."]
    assert database_rows() == before


def test_rows_describing_one_record_on_file_in_different_chunks_are_an_error(committee, small_chunks):
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    MembershipFactory(person=person, organisation=committee, start_on=datetime.date(2020, 1, 1))
    before = database_rows()

    report = import_roster(
        roster(
            member("Nguyễn Văn An", 1970, start="1/1/2020"),
            member("Trần Thị Bình", 1972),
            member("Lê Văn Cường", 1968),
            member("Nguyễn Văn An", 1970, start="1/1/2020", title="Ủy viên"),
        )
    )

    assert messages(report) == ["Dòng 5: Trùng với dòng 2: hai dòng cùng ghi một chức vụ đảm nhiệm."]
    assert database_rows() == before


def test_a_person_a_row_creates_is_found_by_rows_of_later_chunks(committee, small_chunks):
    other = OrganisationFactory(name="Chi bộ Khu phố 1")

    report = import_roster(
        roster(
            member("Nguyễn Văn An", 1970),
            member("Trần Thị Bình", 1972),
            member("Lê Văn Cường", 1968),
            ["Nguyễn Văn An", 1970, "", "Chi bộ Khu phố 1", "Bí thư", "Bí thư Chi bộ", "", "", ""],
        )
    )

    assert messages(report) == []
    assert (report.created, report.source.rows_created) == (4, 4)
    assert Person.objects.filter(full_name="Nguyễn Văn An").count() == 1
    assert {m.organisation for m in Membership.objects.filter(person__full_name="Nguyễn Văn An")} == {
        committee,
        other,
    }


def test_an_error_in_a_later_chunk_undoes_the_chunks_written_before_it(committee, small_chunks):
    before = database_rows()

    report = import_roster(
        roster(member("Nguyễn Văn An", 1970), member("Trần Thị Bình", 1972), member("Lê Văn Cường", "năm"))
    )

    assert [(error.row, error.column, error.value) for error in report.errors] == [(4, "Năm sinh", "năm")]
    assert database_rows() == before


def test_a_re_import_in_chunks_writes_nothing(committee, small_chunks):
    content = roster(*(member(f"Người Thứ {n}", 1970 + n) for n in range(5)))
    import_roster(content)
    before = database_rows()

    report = import_roster(content)

    assert (report.created, report.changed, report.unchanged, messages(report)) == (0, 0, 5, [])
    assert database_rows() == before


def test_a_second_open_post_beside_one_on_record_is_an_error(committee):
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    MembershipFactory(person=person, organisation=committee, start_on=datetime.date(2020, 1, 1))
    before = database_rows()

    report = import_roster(roster(member("Nguyễn Văn An", 1970, start="1/7/2025")))

    assert messages(report) == [
        "Dòng 2: Trùng với một chức vụ đảm nhiệm đã có trong hồ sơ: "
        f"Nguyễn Văn An: Ủy viên Ban Chấp hành ({COMMITTEE})."
    ]
    assert database_rows() == before


def test_a_database_error_while_writing_rolls_back_the_rows_already_written(committee, monkeypatch):
    # Rows are written in batches; a failure in a later batch must undo the earlier ones.
    monkeypatch.setattr(MembershipResource, "write_batch", 2)
    calls = []

    create_with_history = bulk.create_with_history

    def failing_on_the_second_batch(model, records, **kwargs):
        calls.append(model)
        if model is Membership and calls.count(Membership) == 2:
            raise IntegrityError("the database refused the second batch")
        return create_with_history(model, records, **kwargs)

    monkeypatch.setattr(bulk, "create_with_history", failing_on_the_second_batch)
    before = database_rows()

    report = import_roster(roster(*(member(f"Người Thứ {n}", 1970 + n) for n in range(5))))

    assert calls.count(Membership) == 2
    assert messages(report) == ["Không ghi được vào cơ sở dữ liệu: the database refused the second batch"]
    assert database_rows() == before
