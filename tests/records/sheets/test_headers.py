"""Tests for records.sheets.headers: a header row found below a title, near headers suggested."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from records.models import Membership
from records.sheets.files.reading import read_table
from records.sheets.files.table import SpreadsheetError
from records.sheets.headers import HeaderNames
from records.sheets.kinds import get_sheet
from records.sheets.tasks import count_rows
from tests.records.sheets.roster import COMMITTEE, HEADERS, import_roster, member, messages
from tests.sheet_files import csv_file, database_rows

WARD = "ĐẢNG BỘ PHƯỜNG TÂN HÒA"
LIST_TITLE = "DANH SÁCH BAN CHẤP HÀNH NHIỆM KỲ 2025–2030"


def titled_roster(*rows, blank_rows=1, headers=HEADERS):
    """A roster as offices lay it out: the ward's name in a merged cell, the list's title, blank rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([WARD])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append([LIST_TITLE])
    for _ in range(blank_rows):
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def header_score(kind="memberships"):
    return HeaderNames.of(get_sheet(kind)).score


def test_a_roster_under_three_title_rows_and_a_merged_title_cell_imports(committee):
    content = titled_roster(member("Vương Toàn Thu Thủy", 1975), member("Nguyễn Văn Phú", 1970, "Bí thư"))

    report = import_roster(content)

    assert messages(report) == []
    assert report.created == 2
    assert Membership.objects.filter(organisation=committee).count() == 2
    assert report.warnings == [
        f"Bỏ qua 3 dòng tiêu đề phía trên dòng tên cột (dòng 4): “{WARD}”, “{LIST_TITLE}”. "
        "Các dòng được đánh số như trong bảng tính."
    ]
    assert [row.number for row in report.preview] == [5, 6]


def test_errors_below_a_title_name_the_files_own_rows(committee):
    content = titled_roster(
        member("Vương Toàn Thu Thủy", 1975), [], member("Nguyễn Văn Phú", "năm bảy mươi", "Bí thư")
    )
    before = database_rows()

    report = import_roster(content)

    assert messages(report) == [
        'Dòng 7, cột “Năm sinh”, giá trị “năm bảy mươi”: Không đọc được số "năm bảy mươi".'
    ]
    assert database_rows() == before


def test_a_cell_under_no_header_below_a_title_names_the_files_own_row(committee):
    content = titled_roster(member("Vương Toàn Thu Thủy", 1975) + ["thừa"])

    report = import_roster(content)

    assert messages(report) == [
        'Tệp "danh-sach-bch.xlsx": ô J5 có dữ liệu nhưng cột J không có tiêu đề (dòng tiêu đề là dòng 4). '
        "Hãy thêm tiêu đề cho cột hoặc xoá dữ liệu ở cột đó."
    ]


def test_a_csv_roster_under_a_title_imports(committee):
    padding = [""] * (len(HEADERS) - 1)
    content = csv_file([WARD, *padding], ["", *padding], HEADERS, member("Vương Toàn Thu Thủy", 1975))

    report = import_roster(content, file_name="danh-sach-bch.csv")

    assert messages(report) == []
    assert report.created == 1
    assert report.preview[0].number == 4
    assert report.warnings[0].startswith("Bỏ qua 2 dòng tiêu đề phía trên dòng tên cột (dòng 3): “ĐẢNG BỘ")


def test_a_header_row_below_the_tenth_row_is_refused_saying_where_it_is(committee):
    content = titled_roster(member("Vương Toàn Thu Thủy", 1975), blank_rows=9)

    report = import_roster(content)

    assert messages(report) == [
        'Tệp "danh-sach-bch.xlsx": dòng tên cột là dòng 12, nhưng dòng tên cột phải nằm trong 10 dòng '
        "đầu của tệp. Hãy xoá bớt các dòng tiêu đề hoặc dòng trống phía trên dòng tên cột "
        "rồi tải tệp lên lại."
    ]
    assert not Membership.objects.exists()


def test_a_header_on_the_tenth_row_is_found():
    content = titled_roster(member("Vương Toàn Thu Thủy", 1975), blank_rows=7)

    table = read_table(content, "danh-sach.xlsx", header_score=header_score())

    assert (table.header_row, table.headers) == (10, HEADERS)
    assert next(table.rows)[0] == "Vương Toàn Thu Thủy"
    table.rows.close()


def test_without_the_kinds_headers_the_first_non_empty_row_is_the_header():
    content = titled_roster(member("Vương Toàn Thu Thủy", 1975))

    table = read_table(content, "danh-sach.xlsx")

    assert (table.header_row, table.headers, table.titles) == (1, [WARD], [])
    with pytest.raises(SpreadsheetError, match="ô B4 có dữ liệu nhưng cột B không có tiêu đề"):
        list(table.rows)


def test_a_file_naming_no_column_is_refused_for_the_columns_it_lacks_below_its_title(committee):
    content = titled_roster(["x", "y", "z"], headers=["Cột 1", "Cột 2", "Cột 3"])

    report = import_roster(content)

    assert "Thiếu cột bắt buộc “Họ và tên”." in [error.message for error in report.errors]
    assert "Cột “Cột 1” không có trong mẫu nên được bỏ qua." in report.warnings
    assert report.warnings[0].startswith("Bỏ qua 3 dòng tiêu đề phía trên dòng tên cột (dòng 4)")


def test_the_header_is_the_row_naming_the_most_columns():
    rows = [["Họ và tên"], HEADERS, ["Vương Toàn Thu Thủy"]]

    table = read_table(csv_file(*rows), "danh-sach.csv", header_score=header_score())

    assert (table.header_row, table.titles) == (2, ["Họ và tên"])
    table.rows.close()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Ho va ten", "Họ và tên"),
        ("Họ và tến", "Họ và tên"),
        ("Chức vu", "Chức vụ"),
        ("Chuc vuu", "Chức vụ"),
        ("Ho ten", "Họ và tên"),
        ("Nam sinh", "Năm sinh"),
    ],
)
def test_an_unknown_header_close_to_a_known_one_asks_if_it_is_that_one(committee, typed, meant):
    headers = [typed if header == meant else header for header in HEADERS]

    report = import_roster(titled_roster(member("Vương Toàn Thu Thủy", 1975), headers=headers), dry_run=True)

    assert f"Cột “{typed}” không có trong mẫu — có phải là “{meant}”?" in report.warnings


@pytest.mark.parametrize("typed", ["Nơi sinh", "Số điện thoại", "Chức danh kiêm nhiệm khác"])
def test_an_unknown_header_far_from_every_known_one_is_only_ignored(committee, typed):
    report = import_roster(
        titled_roster(member("Vương Toàn Thu Thủy", 1975) + ["x"], headers=[*HEADERS, typed]), dry_run=True
    )

    assert messages(report) == []
    assert report.warnings[1:] == [f"Cột “{typed}” không có trong mẫu nên được bỏ qua."]


def test_a_near_header_of_a_column_the_file_has_is_not_suggested(committee):
    report = import_roster(
        titled_roster(member("Vương Toàn Thu Thủy", 1975) + ["x"], headers=[*HEADERS, "Ho va ten"]),
        dry_run=True,
    )

    assert report.warnings[1:] == ["Cột “Ho va ten” không có trong mẫu nên được bỏ qua."]


def test_the_command_line_reports_the_skipped_title_rows(committee, tmp_path):
    path = tmp_path / "danh-sach-bch.xlsx"
    path.write_bytes(titled_roster(member("Vương Toàn Thu Thủy", 1975)))
    output = io.StringIO()

    call_command("import_sheet", "memberships", str(path), "--dry-run", stdout=output)

    assert "Bỏ qua 3 dòng tiêu đề phía trên dòng tên cột (dòng 4)" in output.getvalue()
    assert "Dòng 5 – mới" in output.getvalue()


def test_the_command_line_suggests_the_header_it_refuses_the_file_for(committee, tmp_path):
    path = tmp_path / "danh-sach-bch.xlsx"
    headers = ["Ho va ten", *HEADERS[1:]]
    path.write_bytes(titled_roster(member("Vương Toàn Thu Thủy", 1975), headers=headers))
    output, errors = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_sheet", "memberships", str(path), stdout=output, stderr=errors)

    assert "Cột “Ho va ten” không có trong mẫu — có phải là “Họ và tên”?" in output.getvalue()
    assert "Thiếu cột bắt buộc “Họ và tên”." in errors.getvalue()


def test_the_admin_preview_shows_the_skipped_title_rows(client, django_user_model, committee):
    client.force_login(django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw"))
    content = titled_roster(member("Vương Toàn Thu Thủy", 1975))

    page = client.post(
        "/admin/records/membership/import/",
        {"import_file": SimpleUploadedFile("danh-sach-bch.xlsx", content)},
    ).content.decode()

    assert "Bỏ qua 3 dòng tiêu đề phía trên dòng tên cột (dòng 4)" in page
    assert COMMITTEE in page


def test_a_semicolon_csv_under_a_title_line_without_delimiters_imports(committee):
    rows = [";".join(HEADERS), ";".join(str(cell or "") for cell in member("Vương Toàn Thu Thủy", 1975))]
    content = "\r\n".join([WARD, "", *rows, ""]).encode("utf-8-sig")

    report = import_roster(content, file_name="danh-sach-bch.csv")

    assert messages(report) == []
    assert (report.created, report.preview[0].number) == (1, 4)


def test_a_row_in_another_delimiter_below_a_title_is_refused_naming_the_header_row(committee):
    rows = [",".join(HEADERS), ",".join(str(cell or "") for cell in member("Vương Toàn Thu Thủy", 1975))]
    other = ["Nguyễn Văn Phú", "1970", "Nam", COMMITTEE, "Bí thư", "Bí thư Đảng ủy", "1/7/2025", "", "x"]
    content = "\r\n".join([WARD, *rows, ";".join(other), ""]).encode()

    report = import_roster(content, file_name="danh-sach-bch.csv")

    assert len(report.errors) == 1
    assert messages(report)[0].startswith(
        'Tệp CSV "danh-sach-bch.csv": dòng 4 dùng dấu ";" để ngăn cách các ô, còn dòng tiêu đề (dòng 2) '
        'dùng dấu ","'
    )


def test_a_background_import_counts_the_rows_under_a_title():
    content = titled_roster(*[member(f"Người số {number}", 1975) for number in range(3)])

    assert count_rows(content, "danh-sach.xlsx", kind="memberships") == 3
