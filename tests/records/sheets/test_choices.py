"""Tests for records.sheets.choices: rows that may mean a record on file are never imported silently."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.models import Membership, Organisation, Person
from records.sheets.choices import ASK, NEW
from records.sheets.services import sheet_import
from tests.sheet_files import xlsx

DIEN = "b12caa36-9304-504d-bd35-0b7bc755e3b5"  # Nguyễn Công Diễn in the article's records
COMMITTEE = "Ban Chấp hành Đảng bộ phường Thiên Hương"
HEADERS = ["Họ và tên", "Năm sinh", "Tổ chức", "Chức vụ", "Chức danh"]
ROSTER_ROW = ["Nguyen Cong Dien", None, COMMITTEE, "Phó Bí thư", "Phó Bí thư Đảng ủy"]


def roster(*rows, headers=HEADERS):
    return xlsx(headers, *rows)


def import_roster(content, **kwargs):
    return sheet_import(
        kind="memberships", data=content, file_name="bch.xlsx", **{"dry_run": False, **kwargs}
    )


def dien_posts():
    return set(
        Membership.objects.filter(person__uid=DIEN).values_list("organisation__name", "role")
    )


def namesakes():
    return list(Person.objects.filter(search_key="nguyen cong dien").values_list("full_name", flat=True))


def test_the_preview_flags_the_possible_duplicate_and_the_choice_decides_whom_the_post_goes_to(article):
    content = roster(ROSTER_ROW)
    preview = import_roster(content, dry_run=True, duplicates=ASK)
    assert not preview.errors
    [flag] = preview.flags
    assert (flag.row, flag.column, flag.value) == (2, "Họ và tên", "Nguyen Cong Dien")
    assert flag.candidates == (
        (DIEN, "Nguyễn Công Diễn (không rõ năm sinh)", f"/people/{DIEN}/"),
    )
    assert namesakes() == ["Nguyễn Công Diễn"]

    # "cùng người": the post goes to the Nguyễn Công Diễn on record, and nobody new is written.
    report = import_roster(content, choices={2: DIEN})
    assert not report.errors
    assert (report.created, report.changed, report.unchanged) == (1, 0, 0)
    assert namesakes() == ["Nguyễn Công Diễn"]
    assert (COMMITTEE, "pho_bi_thu") in dien_posts()


def test_choosing_another_person_writes_one_new_person(article):
    report = import_roster(roster(ROSTER_ROW), choices={2: NEW})
    assert not report.errors
    assert sorted(namesakes()) == ["Nguyen Cong Dien", "Nguyễn Công Diễn"]
    assert (COMMITTEE, "pho_bi_thu") not in dien_posts()
    # Re-imported, the row names the new person exactly: nothing more is written or asked.
    again = import_roster(roster(ROSTER_ROW))
    assert not again.errors and not again.flags
    assert (again.created, again.unchanged) == (0, 1)


def test_an_undecided_flagged_row_refuses_the_file_naming_the_row_and_the_candidates(article):
    report = import_roster(roster(["Nguyễn Văn Phú", None, COMMITTEE, "Ủy viên", ""], ROSTER_ROW))
    [error] = report.errors
    assert (error.row, error.column, error.value) == (3, "Họ và tên", "Nguyen Cong Dien")
    assert "Có thể trùng với: Nguyễn Công Diễn (không rõ năm sinh)" in error.message
    assert DIEN in error.message and "“Mã người”" in error.message
    assert namesakes() == ["Nguyễn Công Diễn"]
    assert not Membership.objects.filter(organisation__name=COMMITTEE).exists()


def test_the_file_may_say_whom_a_row_means_in_its_code_column(article):
    headers = [*HEADERS, "Mã người"]
    report = import_roster(roster([*ROSTER_ROW, DIEN], headers=headers))
    assert not report.errors and not report.warnings
    assert (COMMITTEE, "pho_bi_thu") in dien_posts()
    assert namesakes() == ["Nguyễn Công Diễn"]


def test_the_code_column_says_new_with_a_word_and_refuses_an_unknown_code(article):
    headers = [*HEADERS, "Mã người"]
    assert not import_roster(roster([*ROSTER_ROW, "mới"], headers=headers), dry_run=True).errors
    unknown = "00000000-0000-0000-0000-000000000000"
    [error] = import_roster(roster([*ROSTER_ROW, unknown], headers=headers)).errors
    assert (error.row, error.column, error.value) == (2, "Mã người", unknown)
    assert error.message.startswith("Không có người mã")
    [error] = import_roster(roster([*ROSTER_ROW, "abc"], headers=headers)).errors
    assert error.column == "Mã người"


def test_the_choice_keeps_the_spelling_on_record_and_fills_only_what_it_lacks(article):
    content = xlsx(["Họ và tên", "Năm sinh", "Mã"], ["Nguyen Cong Dien", 1975, DIEN])
    report = sheet_import(kind="people", data=content, file_name="nguoi.xlsx", dry_run=False)
    assert not report.errors
    assert (report.created, report.changed) == (0, 1)
    assert list(Person.objects.filter(uid=DIEN).values_list("full_name", "birth_year")) == [
        ("Nguyễn Công Diễn", 1975)
    ]


def test_people_sheets_flag_the_same_way(article):
    content = xlsx(["Họ và tên", "Năm sinh"], ["Nguyen Cong Dien", 1975])
    [error] = sheet_import(kind="people", data=content, file_name="nguoi.xlsx", dry_run=True).errors
    assert "Có thể trùng với" in error.message and "“Mã”" in error.message
    preview = sheet_import(kind="people", data=content, file_name="nguoi.xlsx", dry_run=True, duplicates=ASK)
    assert [flag.row for flag in preview.flags] == [2] and preview.created == 1
    written = sheet_import(kind="people", data=content, file_name="nguoi.xlsx", dry_run=False, duplicates=NEW)
    assert written.created == 1 and len(namesakes()) == 2


def test_a_namesake_born_another_year_is_flagged_only_in_the_same_organisation(article):
    Person.objects.filter(uid=DIEN).update(birth_year=1970)
    elsewhere = ["Nguyễn Công Diễn", 1980, "HĐND phường Thiên Hương", "Ủy viên", ""]
    same_place = ["Nguyễn Công Diễn", 1980, "Đảng ủy phường Thiên Hương", "Ủy viên", ""]
    assert not import_roster(roster(elsewhere), dry_run=True).errors
    [error] = import_roster(roster(same_place), dry_run=True).errors
    assert "Nguyễn Công Diễn (1970)" in error.message


def test_organisations_are_flagged_under_the_same_parent(article):
    headers = ["Tên", "Loại tổ chức", "Trực thuộc"]
    row = ["Dang uy phuong Thien Huong", "Cấp ủy (Đảng ủy, Thành ủy, Tỉnh ủy)", "Đảng bộ phường Thiên Hương"]
    content = xlsx(headers, row)
    [error] = sheet_import(kind="organisations", data=content, file_name="tc.xlsx", dry_run=True).errors
    assert (error.row, error.column) == (2, "Tên")
    assert "Có thể trùng với: Đảng ủy phường Thiên Hương" in error.message
    preview = sheet_import(kind="organisations", data=content, file_name="tc.xlsx", dry_run=True, duplicates=ASK)
    [flag] = preview.flags
    uid = flag.uids[0]
    assert str(Organisation.objects.get(name="Đảng ủy phường Thiên Hương").uid) == uid
    same = sheet_import(kind="organisations", data=content, file_name="tc.xlsx", dry_run=False, choices={2: uid})
    assert not same.errors and same.created == 0
    assert Organisation.objects.filter(search_key="dang uy phuong thien huong").count() == 1
    other = sheet_import(kind="organisations", data=content, file_name="tc.xlsx", dry_run=False, choices={2: NEW})
    assert not other.errors and other.created == 1
    # Under another parent the same name is another organisation: nothing to ask.
    elsewhere = xlsx(headers, ["Dang uy phuong Thien Huong", "Khác", "Thành ủy"])
    assert not sheet_import(kind="organisations", data=elsewhere, file_name="tc.xlsx", dry_run=True).errors


def test_flagging_runs_the_same_queries_for_5_rows_or_500(article):
    def queries(count):
        rows = [
            [f"Nguyen Cong Dien {number}" if number % 2 else "Nguyen Cong Dien", 1970 + number % 40,
             COMMITTEE, "Ủy viên", ""]
            for number in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            report = import_roster(roster(*rows), dry_run=True, duplicates=ASK)
        assert not report.errors
        # What the rows write goes in multi-row INSERTs of a few hundred rows each (records.sheets.bulk,
        # whose own tests pin them): every other statement is counted.
        reads = [query for query in captured.captured_queries if not query["sql"].startswith("INSERT")]
        return len(reads), len(report.flags)

    few, flagged_few = queries(5)
    many, flagged_many = queries(500)
    assert (flagged_few, flagged_many) == (3, 250)
    assert few == many


def test_the_same_person_chosen_finds_the_post_they_hold_already(article):
    row = ["Nguyen Cong Dien", None, "Đảng ủy phường Thiên Hương", "Phó Bí thư", "Phó Bí thư Đảng ủy"]
    preview = import_roster(roster(row), dry_run=True, duplicates=ASK)
    assert (preview.created, preview.unchanged, len(preview.flags)) == (1, 0, 1)
    report = import_roster(roster(row), choices={2: DIEN})
    assert not report.errors
    assert (report.created, report.changed, report.unchanged) == (0, 0, 1)
    assert Membership.objects.filter(person__uid=DIEN).count() == 2


def test_a_code_column_says_which_organisation_a_flagged_row_means(article):
    party_committee = Organisation.objects.get(name="Đảng ủy phường Thiên Hương")
    headers = ["Tên", "Loại tổ chức", "Trực thuộc", "Mã"]
    row = ["Dang uy phuong Thien Huong", "Cấp ủy (Đảng ủy, Thành ủy, Tỉnh ủy)", "Đảng bộ phường Thiên Hương"]

    same = sheet_import(
        kind="organisations", data=xlsx(headers, [*row, str(party_committee.uid)]), file_name="tc.xlsx", dry_run=False
    )
    assert not same.errors and same.created == 0
    assert Organisation.objects.filter(search_key="dang uy phuong thien huong").count() == 1

    other = sheet_import(kind="organisations", data=xlsx(headers, [*row, "mới"]), file_name="tc.xlsx", dry_run=False)
    assert not other.errors and other.created == 1
    assert Organisation.objects.filter(search_key="dang uy phuong thien huong").count() == 2
