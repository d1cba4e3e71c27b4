"""
Tests for records.sheets.files.writing: xlsx and CSV exports as spreadsheets
open them.

Every input file is built here (built_files), in the encoding or format under
test, so the tests say exactly which bytes each case is about. No database is used.
"""

import datetime
import io
import tempfile
from decimal import Decimal

import openpyxl
import pytest

from records.sheets.files.reading import read_dataset
from records.sheets.files.writing import write_csv, write_xlsx
from tests.records.sheets.built_files import (
    HEADERS,
    NAME,
    TITLE,
    rows_of,
)

# Writing xlsx ##############################################################


def test_write_xlsx_writes_typed_cells_under_a_bold_frozen_filtered_header():
    rows = [
        [NAME, datetime.date(2025, 6, 16), Decimal("21.1"), 1535, None],
        [TITLE, datetime.datetime(2025, 6, 16, 8, 30), Decimal("45140"), True, "<b>x</b>"],
    ]

    headers = ["Họ và tên", "Ngày", "Diện tích", "Số", "Ghi chú"]

    content = write_xlsx(headers, rows, sheet_title="Ban chấp hành")

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Ban chấp hành"]
    sheet = workbook["Ban chấp hành"]
    assert [cell.value for cell in sheet[1]] == headers
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert [cell.value for cell in sheet[2]] == [NAME, datetime.datetime(2025, 6, 16), 21.1, 1535, None]
    assert [cell.value for cell in sheet[3]] == [TITLE, rows[1][1], 45140, True, "<b>x</b>"]
    assert (sheet["B2"].is_date, sheet["B2"].number_format) == (True, "d/m/yyyy")
    assert (sheet["B3"].is_date, sheet["B3"].number_format) == (True, "d/m/yyyy h:mm:ss")
    assert sheet["C2"].data_type == "n"
    # Wide enough for the longest of the header and the first rows.
    assert sheet.column_dimensions["A"].width >= len(TITLE)
    assert sheet.column_dimensions["B"].width >= len("16/6/2025")
    assert sheet.column_dimensions["D"].width >= 8


def test_write_xlsx_continues_on_numbered_sheets_after_the_row_limit():
    rows = ([f"Người {number}", number] for number in range(1, 13))

    content = write_xlsx(["Họ và tên", "STT"], rows, sheet_title="Danh sách", max_rows_per_sheet=5)

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Danh sách", "Danh sách (2)", "Danh sách (3)"]
    numbers = []
    for sheet, data_rows in zip(workbook.worksheets, [5, 5, 2], strict=True):
        values = list(sheet.values)
        assert values[0] == ("Họ và tên", "STT")
        assert len(values) == data_rows + 1
        assert sheet.auto_filter.ref == f"A1:B{data_rows + 1}"
        numbers += [number for _, number in values[1:]]
    assert numbers == list(range(1, 13))


def test_write_xlsx_without_rows_writes_the_header():
    content = write_xlsx(HEADERS, [], sheet_title="Danh sách")

    sheet = openpyxl.load_workbook(io.BytesIO(content))["Danh sách"]
    assert list(sheet.values) == [tuple(HEADERS)]


def test_sheet_titles_are_made_valid_and_fit_their_number():
    rows = [["a"]] * 3
    title = "Danh sách: đảng viên / chi bộ [2025] của phường Thiên Hương"

    content = write_xlsx(["Họ và tên"], rows, sheet_title=title, max_rows_per_sheet=2)

    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == [
        "Danh sách đảng viên chi bộ 2025",
        "Danh sách đảng viên chi bộ (2)",
    ]


def test_aware_datetimes_are_written_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    moment = datetime.datetime(2025, 6, 16, 1, 30, tzinfo=datetime.UTC)

    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx(["Lúc"], [[moment]], sheet_title="T")))

    assert workbook["T"]["A2"].value == datetime.datetime(2025, 6, 16, 8, 30)
    assert write_csv(["Lúc"], [[moment]]).decode("utf-8-sig") == "Lúc\r\n16/6/2025 08:30:00\r\n"


def test_a_row_of_the_wrong_width_is_a_programming_error():
    with pytest.raises(ValueError, match="Dòng 2 có 1 ô nhưng có 2 tiêu đề."):
        write_csv(HEADERS, [[NAME, TITLE], [NAME]])


def test_a_failed_xlsx_export_leaves_no_temporary_file(tmp_path, monkeypatch):
    # Rows go to a temporary file per sheet, which xlsxwriter deletes only on closing the workbook.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    rows = ([NAME, TITLE] if number < 12 else [NAME] for number in range(13))

    with pytest.raises(ValueError, match="Dòng 13 có 1 ô nhưng có 2 tiêu đề."):
        write_xlsx(HEADERS, rows, sheet_title="T", max_rows_per_sheet=5)

    assert list(tmp_path.iterdir()) == []


# Writing CSV ###############################################################


def test_write_csv_is_utf8_with_bom_crlf_and_vietnamese_values():
    rows = [
        [NAME, datetime.date(2025, 6, 16), Decimal("21.1"), 45140, 'Nói "có", rồi\nđi'],
        [TITLE, None, Decimal("1234.5"), None, True],
    ]

    content = write_csv(["Họ và tên", "Ngày", "Diện tích (km²)", "Dân số", "Ghi chú"], rows)

    expected = (
        "\ufeffHọ và tên,Ngày,Diện tích (km²),Dân số,Ghi chú\r\n"
        f'{NAME},16/6/2025,"21,1",45140,"Nói ""có"", rồi\nđi"\r\n'
        f'{TITLE},,"1234,5",,TRUE\r\n'
    )
    assert content == expected.encode()


def test_write_csv_reads_back_as_written():
    rows = [[NAME, datetime.date(2025, 6, 16), Decimal("21.1"), "<b>x</b>"]]

    dataset = read_dataset(write_csv(["Họ và tên", "Ngày", "Diện tích", "Ghi chú"], rows), "x.csv")

    assert rows_of(dataset) == [[NAME, "16/6/2025", "21,1", "<b>x</b>"]]
