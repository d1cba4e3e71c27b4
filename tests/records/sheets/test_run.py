"""Tests for records.sheets: what every sheet kind shares, shown on the committee roster.

The roster (memberships) is the list offices exchange most; the rules tested here (headers,
values, matching, all or nothing, hostile files, the audit Source) hold for every kind.
Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

import codecs
import datetime
import hashlib
import io
import unicodedata
import zipfile
from decimal import Decimal

import pytest
from django.db import IntegrityError

from records.models import Membership, Person, Source
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole, PersonGender
from records.models.sources import SourceKind
from records.resources import MembershipResource
from records.sheets import bulk, run
from records.sheets.columns import (
    ChoiceWidget,
    DateWidget,
    NumberWidget,
    OrdinalWidget,
    TextWidget,
    YearRangeWidget,
)
from records.sheets.files.reading import read_dataset
from records.sheets.kinds import get_sheet
from records.sheets.report import SheetError
from records.sheets.services import sheet_import
from tests.records.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.sheet_files import HEADERS as SHEET_HEADERS
from tests.sheet_files import cells, csv_file, database_rows, export, xlsx

HEADERS = SHEET_HEADERS["memberships"]
COMMITTEE = "Ban Chấp hành Đảng bộ phường Tân Hòa"


def nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.fixture
def committee(db):
    return OrganisationFactory(name=COMMITTEE, kind=OrganisationKind.EXECUTIVE_COMMITTEE, seat_count=27)


def roster(*rows, headers=HEADERS):
    return xlsx(headers, *rows)


def member(
    name, birth_year=None, role="Ủy viên", *, title="Ủy viên Ban Chấp hành", start="", end="", note=""
):
    return [name, birth_year, "", COMMITTEE, role, title, start, end, note]


def import_roster(content, file_name="danh-sach-bch.xlsx", **kwargs):
    return sheet_import(kind="memberships", data=content, file_name=file_name, **{"dry_run": False, **kwargs})


def messages(report):
    return [str(error) for error in report.errors]


# Values as offices write them ##############################################


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1.535", 1535),
        ("21,1", Decimal("21.1")),
        ("0,2%", Decimal("0.2")),
        (21.1, Decimal("21.1")),
        ("", None),
    ],
)
def test_numbers_are_read_as_offices_write_them(cell, value):
    assert NumberWidget().clean(cell) == value


def test_a_whole_number_column_refuses_decimals_and_values_out_of_range():
    widget = NumberWidget(integer=True, minimum=1850, maximum=2100)

    assert widget.clean("1.975") == 1975
    with pytest.raises(ValueError, match="“1975,5” không phải là số nguyên."):
        widget.clean("1975,5")
    with pytest.raises(ValueError, match="Giá trị phải từ 1850 trở lên."):
        widget.clean("1700")


@pytest.mark.parametrize(
    "cell",
    [
        "16/6/2025",
        "16-6-2025",
        "16 tháng 6 năm 2025",
        "ngày 16/06/2025",
        datetime.datetime(2025, 6, 16),
        45824,  # an Excel date cell stored as its serial number
    ],
)
def test_dates_are_read_day_first_and_from_excel_date_cells(cell):
    assert DateWidget().clean(cell) == datetime.date(2025, 6, 16)


def test_a_date_that_only_makes_sense_month_first_is_refused():
    with pytest.raises(ValueError, match="không có tháng 16"):
        DateWidget().clean("6/16/2025")


@pytest.mark.parametrize("cell", ["Bí thư", "bí thư", "BÍ THƯ", " Bí  thư ", nfd("Bí thư"), "bi_thu"])
def test_choices_are_read_by_label_in_any_case_or_form(cell):
    assert ChoiceWidget(MembershipRole).clean(cell) == MembershipRole.SECRETARY


def test_a_label_is_read_whatever_the_tone_placement():
    assert ChoiceWidget(MembershipRole).clean("Uỷ viên") == MembershipRole.MEMBER


def test_an_unknown_label_lists_the_valid_ones():
    with pytest.raises(ValueError) as refused:
        ChoiceWidget(PersonGender).clean("Khác")

    assert str(refused.value) == "“Khác” không phải là giá trị hợp lệ. Giá trị hợp lệ: Nam, Nữ."


def test_text_is_nfc_and_trimmed():
    assert TextWidget().clean(nfd("  Vương  Toàn Thu Thủy ")) == "Vương Toàn Thu Thủy"
    assert TextWidget(multiline=True).clean(" dòng 1\ndòng 2 ") == "dòng 1\ndòng 2"


def test_periods_and_ordinals_are_read_as_written():
    assert YearRangeWidget().clean("2021–2025") == (2021, 2025)
    assert YearRangeWidget().clean("2021 - 2025") == (2021, 2025)
    assert OrdinalWidget().clean("XIV") == 14
    assert OrdinalWidget().clean(3) == 3
    with pytest.raises(ValueError, match="năm cuối không được trước năm đầu"):
        YearRangeWidget().clean("2025–2021")


def test_an_unknown_sheet_kind_names_the_kinds_there_are():
    with pytest.raises(
        LookupError, match="Không có loại bảng tính “roster”. Các loại có: attendance, congresses"
    ):
        get_sheet("roster")


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


# Importing twice, dry runs and the record of an import #####################


def test_importing_the_same_file_twice_writes_nothing_the_second_time(committee):
    content = roster(member("Nguyễn Văn An", 1970, "Bí thư", start="1/7/2025"), member("Trần Thị Bình", 1975))
    import_roster(content)
    after_first = database_rows()

    report = import_roster(content)

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (0, 0, 2)
    assert report.source is None
    assert database_rows() == after_first


def test_a_changed_row_is_reported_with_the_cells_that_changed(committee):
    import_roster(roster(member("Nguyễn Văn An", 1970, title="Ủy viên")))

    report = import_roster(
        roster(member("Nguyễn Văn An", 1970, title="Ủy viên Ban Thường vụ"), member("Lê Văn C"))
    )

    assert (report.created, report.changed, report.unchanged) == (1, 1, 0)
    [changed, new] = report.preview
    assert (changed.status, new.status) == ("changed", "new")
    assert [cell.value for cell in changed.cells if cell.changed] == ["Ủy viên Ban Thường vụ"]
    assert Membership.objects.get(person__full_name="Nguyễn Văn An").title == "Ủy viên Ban Thường vụ"


@pytest.mark.parametrize("preview_rows", [run.PREVIEW_ROWS, 0])
def test_rows_past_the_preview_are_compared_as_closely_as_those_in_it(committee, monkeypatch, preview_rows):
    PersonFactory(full_name="Trần Thị Bình")
    import_roster(
        roster(member("Nguyễn Văn An", 1970), member("Lê Văn Cường", 1968), member("Trần Thị Bình"))
    )
    monkeypatch.setattr(run, "PREVIEW_ROWS", preview_rows)
    history_before = (Membership.history.count(), Person.history.count())

    report = import_roster(
        roster(
            member("Nguyễn Văn An", 1970),
            member("Lê Văn Cường", 1968, title="Ủy viên Ban Thường vụ"),
            member("Trần Thị Bình", 1975),
        )
    )

    assert (report.created, report.changed, report.unchanged, messages(report)) == (0, 2, 1, [])
    assert Membership.objects.get(person__full_name="Lê Văn Cường").title == "Ủy viên Ban Thường vụ"
    assert Person.objects.get(full_name="Trần Thị Bình").birth_year == 1975
    # One history row for the post whose title changed, one for the person given a birth year.
    history_after = (Membership.history.count(), Person.history.count())
    assert [after - before for after, before in zip(history_after, history_before, strict=True)] == [1, 1]


def test_a_dry_run_reports_what_would_change_and_writes_nothing(committee):
    before = database_rows()

    report = sheet_import(
        kind="memberships", data=roster(member("Nguyễn Văn An", 1970)), file_name="bch.xlsx", dry_run=True
    )

    assert (report.created, report.changed, report.unchanged) == (1, 0, 0)
    assert report.source is None
    assert database_rows() == before


def test_a_confirmed_import_is_recorded_as_a_source_every_written_row_cites(committee, django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    known = MembershipFactory(person=PersonFactory(full_name="Nguyễn Văn An"), organisation=committee)
    content = roster(
        member("Nguyễn Văn An", title="Ủy viên Ban Thường vụ"), member("Trần Thị Bình"), member("Lê Văn C")
    )

    report = import_roster(content, file_name="bch-2025.xlsx", user=clerk)

    source = report.source
    assert (source.kind, source.file_name, source.recorded_by) == (
        SourceKind.SPREADSHEET,
        "bch-2025.xlsx",
        clerk,
    )
    assert source.checksum == hashlib.sha256(content).hexdigest()
    assert (source.rows_created, source.rows_changed, source.rows_unchanged) == (2, 1, 0)
    assert source.title == "Tệp “bch-2025.xlsx” (Chức vụ đảm nhiệm)"
    assert set(source.cited_membership.all()) == set(Membership.objects.all())
    # The people the roster added cite it too; the one it only named does not.
    assert set(source.cited_person.values_list("full_name", flat=True)) == {"Trần Thị Bình", "Lê Văn C"}
    history = Membership.history.filter(history_user=clerk)
    assert sorted(history.values_list("history_type", flat=True)) == ["+", "+", "~"]
    assert set(history.values_list("history_change_reason", flat=True)) == {"Nhập từ tệp “bch-2025.xlsx”"}
    assert history.get(history_type="~").id == known.pk


def test_a_file_that_changes_nothing_records_no_source(committee):
    content = roster(member("Nguyễn Văn An"))
    import_roster(content)
    sources = Source.objects.count()

    import_roster(content, file_name="lan-hai.xlsx")

    assert Source.objects.count() == sources


# Formats and hostile files #################################################

ROWS = [HEADERS[:6], ["Vương Toàn Thu Thủy", "1.975", "Nữ", COMMITTEE, "Bí thư", "Bí thư Đảng ủy"]]


def windows_1258(text):
    """Text as Windows-1258 writes Vietnamese: letters with their shape, tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    encoded = []
    for char in text:
        marks = nfd(char)
        letter = unicodedata.normalize("NFC", "".join(mark for mark in marks if mark not in tones))
        encoded.append(letter + "".join(mark for mark in marks if mark in tones))
    return "".join(encoded).encode("cp1258")


@pytest.mark.parametrize(
    "content",
    [
        csv_file(*ROWS),
        codecs.BOM_UTF8 + csv_file(*ROWS),
        csv_file(*ROWS, encoding="utf-16", delimiter="\t"),
        windows_1258(csv_file(*ROWS).decode()),
    ],
    ids=["utf-8", "utf-8 with bom", "excel unicode text", "windows-1258"],
)
def test_csv_is_read_in_every_encoding_offices_send(committee, content):
    report = import_roster(content, file_name="danh-sach.csv")

    assert messages(report) == []
    person = Person.objects.get()
    assert (person.full_name, person.birth_year, person.gender) == ("Vương Toàn Thu Thủy", 1975, "nu")


def test_an_undecodable_csv_is_refused_with_a_clear_message(committee):
    before = database_rows()

    report = import_roster(b"H\xc3\xb3 v\xc3\xa0 t\xc3\xaan\nNguy\x81n\n", file_name="danh-sach.csv")

    assert messages(report) == [
        'Không đọc được tệp "danh-sach.csv": không phải UTF-8, UTF-16 hay Windows-1258. '
        "Hãy mở tệp bằng Excel rồi lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
    ]
    assert database_rows() == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(committee, settings):
    settings.SPREADSHEET_MAX_BYTES = 1000

    class Upload:
        name, size = "danh-sach.xlsx", 5000

        def read(self, size=-1):
            raise AssertionError("an oversize upload must not be read")

    before = database_rows()

    report = import_roster(Upload(), file_name="danh-sach.xlsx")

    assert messages(report) == [
        'Tệp "danh-sach.xlsx" vượt quá giới hạn 1000 byte. Hãy chia danh sách thành nhiều tệp nhỏ hơn '
        "rồi nhập từng tệp."
    ]
    assert database_rows() == before


def test_a_file_that_is_not_a_spreadsheet_is_refused(committee):
    before = database_rows()

    report = import_roster(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", file_name="anh.png")

    assert messages(report) == [
        'Không đọc được tệp "anh.png": tệp không phải bảng tính. Hệ thống đọc được tệp Excel (.xlsx) và tệp '
        "CSV (UTF-8, UTF-16 hay Windows-1258)."
    ]
    assert database_rows() == before


def test_a_corrupt_xlsx_is_refused(committee):
    content = roster(member("Nguyễn Văn An"))

    report = import_roster(content[: len(content) // 2])

    assert messages(report) == [
        'Tệp "danh-sach-bch.xlsx" bị hỏng: không mở được như một bảng tính Excel (.xlsx). '
        "Hãy mở tệp bằng Excel, lưu lại rồi tải lên lần nữa."
    ]
    assert not Membership.objects.exists()


def test_an_xlsx_that_unpacks_to_far_more_than_its_size_is_refused(committee):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(20 * 1024 * 1024))
    before = database_rows()

    report = import_roster(output.getvalue())

    [message] = messages(report)
    assert message.startswith('Tệp "danh-sach-bch.xlsx" bị từ chối: tệp nặng ')
    assert "giải nén ra tới 20 MB, lớn bất thường" in message
    assert database_rows() == before


def test_a_formula_cell_is_imported_as_its_text_never_evaluated(committee):
    report = import_roster(
        roster(member("Nguyễn Văn An", note="=1+1"), member("Trần Thị Bình", note='=HYPERLINK("x")'))
    )

    assert messages(report) == []
    assert sorted(Membership.objects.values_list("note", flat=True)) == ["=1+1", '=HYPERLINK("x")']


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_exported_formula_like_text_is_neutralised_and_imports_back_as_written(committee, file_format):
    notes = ["=SUM(A1:A9)", "+84 912 345 678", "-giữ nguyên", "@all", "\tthụt lề", "<b>đậm</b>"]
    for number, note in enumerate(notes):
        MembershipFactory(
            organisation=committee, note=note, person=PersonFactory(full_name=f"Người Thứ {number}")
        )

    content = export("memberships", file_format)

    if file_format == "csv":
        exported = [row[HEADERS.index("Ghi chú")] for row in cells(content)[1:]]
        assert sorted(exported) == sorted(
            ["'=SUM(A1:A9)", "'+84 912 345 678", "'-giữ nguyên", "'@all", "'\tthụt lề", "<b>đậm</b>"]
        )
    else:
        # Text cells with Excel's quote prefix, never formulas.
        assert b"<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert sorted(row["Ghi chú"] for row in read_dataset(content, f"x.{file_format}").dict) == sorted(notes)
    Membership.objects.all().delete()
    assert messages(import_roster(content, file_name=f"x.{file_format}")) == []
    # Imported text is trimmed, so only the tab in front is gone.
    assert sorted(Membership.objects.values_list("note", flat=True)) == sorted(note.strip() for note in notes)


def test_exported_csv_is_utf8_with_a_byte_order_mark(committee):
    MembershipFactory(organisation=committee, person=PersonFactory(full_name="Vương Toàn Thu Thủy"))

    content = export("memberships", "csv")

    assert content.startswith(codecs.BOM_UTF8 + "Họ và tên,".encode())
    assert "Vương Toàn Thu Thủy" in content.decode("utf-8-sig")


def test_an_error_message_is_built_from_its_parts():
    assert str(SheetError(7, "Từ ngày", "31/2", "Sai.")) == "Dòng 7, cột “Từ ngày”, giá trị “31/2”: Sai."
    assert str(SheetError(None, "", "", "Tệp trống.")) == "Tệp trống."
