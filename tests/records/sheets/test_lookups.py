"""Tests for records.sheets.lookups: the people and organisations a roster names, matched.

Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

from records.models import Membership, Person
from records.models.people import PersonGender
from records.sheets.services import sheet_import
from tests.records.factories import OrganisationFactory, PersonFactory
from tests.records.sheets.roster import (
    COMMITTEE,
    import_roster,
    member,
    messages,
    roster,
)
from tests.sheet_files import database_rows

# Matching people and organisations #########################################


def test_a_person_is_matched_by_name_whatever_the_spelling_and_a_new_one_is_shown_as_new(committee):
    PersonFactory(full_name="Vương Toàn Thu Thủy")

    report = sheet_import(
        kind="memberships",
        data=roster(member("VƯƠNG TOÀN THU THUỶ", 1975), member("Nguyễn Văn An")),
        file_name="bch.xlsx",
        dry_run=True,
    )

    assert messages(report) == []
    assert [(row.number, row.status) for row in report.preview] == [(2, "new"), (3, "new")]
    assert Person.objects.count() == 1


def test_a_known_person_gets_the_birth_year_the_roster_adds(committee):
    person = PersonFactory(full_name="Vương Toàn Thu Thủy")

    report = import_roster(roster(member("Vương Toàn Thu Thuỷ", 1975)))

    assert messages(report) == []
    person.refresh_from_db()
    assert (Person.objects.count(), person.birth_year) == (1, 1975)
    assert person.memberships.get().organisation.name == COMMITTEE


def test_a_birth_year_tells_two_namesakes_apart(committee):
    PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    younger = PersonFactory(full_name="Nguyễn Văn An", birth_year=1980)

    report = import_roster(roster(member("Nguyễn Văn An", 1980)))

    assert messages(report) == []
    assert Membership.objects.get().person == younger


def test_a_name_two_people_share_without_a_birth_year_is_an_error_naming_both(committee):
    PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    PersonFactory(full_name="Nguyễn Văn An")
    before = database_rows()

    report = import_roster(roster(member("Nguyễn Văn An")))

    assert messages(report) == [
        "Dòng 2, cột “Họ và tên”, giá trị “Nguyễn Văn An”: Có 2 người cùng tên “Nguyễn Văn An”: "
        "Nguyễn Văn An (1970); Nguyễn Văn An (không rõ năm sinh). Hãy ghi năm sinh để phân biệt."
    ]
    assert database_rows() == before


def test_a_gender_other_than_the_recorded_one_is_an_error(committee):
    PersonFactory(full_name="Nguyễn Văn An", birth_year=1970, gender=PersonGender.MALE)

    report = import_roster(roster(["Nguyễn Văn An", 1970, "Nữ", COMMITTEE, "Ủy viên", "", "", "", ""]))

    assert messages(report) == [
        "Dòng 2, cột “Giới tính”, giá trị “Nữ”: Hồ sơ ghi Nguyễn Văn An (1970) là nam, tệp ghi nữ."
    ]


def test_an_unknown_organisation_is_an_error_suggesting_the_closest_names(committee):
    OrganisationFactory(name="Đảng ủy phường Tân Hòa 1")
    before = database_rows()

    content = roster(
        ["Nguyễn Văn An", "", "", "Ban Chấp hành Đảng bộ phường Tân Hoà", "Ủy viên", "", "", "", ""]
    )
    content_unknown = roster(["Nguyễn Văn An", "", "", "Ban Chấp hanh Dang bo", "Ủy viên", "", "", "", ""])

    assert messages(import_roster(content)) == []
    Membership.objects.all().delete()
    report = import_roster(content_unknown)

    assert messages(report) == [
        "Dòng 2, cột “Tổ chức”, giá trị “Ban Chấp hanh Dang bo”: Không có tổ chức “Ban Chấp hanh Dang bo” "
        f"trong hồ sơ. Có phải là: “{COMMITTEE}”?"
    ]
    assert database_rows()["records.Membership"] == before["records.Membership"]


def test_an_unknown_name_far_from_every_other_gets_no_suggestion(committee):
    report = import_roster(roster(["Nguyễn Văn An", "", "", "Hội Nông dân", "Ủy viên", "", "", "", ""]))

    assert messages(report) == [
        "Dòng 2, cột “Tổ chức”, giá trị “Hội Nông dân”: Không có tổ chức “Hội Nông dân” trong hồ sơ."
    ]
