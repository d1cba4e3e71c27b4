"""
Tests for records.sheets.files.reading, csv_reading, xlsx_reading and table:
files as offices send them, read into rows under their header.

Every input file is built here (built_files), in the encoding or format under
test, so the tests say exactly which bytes each case is about. No database is used.
"""

import codecs
import datetime
import io
import unicodedata

import openpyxl
import pytest

from records.sheets.files.reading import read_dataset
from tests.records.sheets.built_files import (
    HEADERS,
    NAME,
    TITLE,
    error_of,
    nfd,
    rows_of,
    windows_1258,
    xlsx,
)

# Reading CSV ###############################################################


def test_reads_utf8_csv_without_bom():
    content = f"Họ và tên,Chức vụ\n{NAME},{TITLE}\n".encode()

    dataset = read_dataset(content, "danh-sach.csv")

    assert dataset.headers == HEADERS
    assert rows_of(dataset) == [[NAME, TITLE]]


def test_reads_utf8_csv_with_bom_and_crlf():
    content = codecs.BOM_UTF8 + f"Họ và tên,Chức vụ\r\n{NAME},{TITLE}\r\n".encode()

    dataset = read_dataset(content, "danh-sach.csv")

    assert dataset.headers == HEADERS
    assert rows_of(dataset) == [[NAME, TITLE]]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_reads_excel_unicode_text_utf16_tab_separated(encoding):
    # Excel's "Unicode text" is UTF-16 LE with a byte order mark, tabs, CRLF.
    text = f"Họ và tên\tChức vụ\r\n{NAME}\t{TITLE}\r\n"
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[encoding]
    content = bom + text.encode(encoding)

    dataset = read_dataset(content, "danh-sach.txt")

    assert dataset.headers == HEADERS
    assert rows_of(dataset) == [[NAME, TITLE]]


def test_reads_windows_1258_with_combining_tone_marks_as_nfc():
    content = windows_1258(f"Họ và tên,Chức vụ\r\n{NAME},{TITLE}\r\n")
    # The tones really are separate combining bytes (hỏi is 0xD2).
    assert "ủ" not in content.decode("cp1258")
    assert b"u\xd2" in content

    dataset = read_dataset(content, "danh-sach.csv")

    assert dataset.headers == HEADERS
    assert rows_of(dataset) == [[NAME, TITLE]]
    assert unicodedata.is_normalized("NFC", dataset[0][0])


def test_reads_nfd_utf8_as_nfc():
    content = nfd(f"Họ và tên,Chức vụ\n{NAME},{TITLE}\n").encode()

    dataset = read_dataset(content, "danh-sach.csv")

    assert dataset.headers == HEADERS
    assert rows_of(dataset) == [[NAME, TITLE]]


def test_reads_semicolon_csv_with_decimal_commas():
    # Excel with Vietnamese regional settings: ";" between cells, "," in numbers.
    content = "Đơn vị;Diện tích (km²);Tỷ lệ hộ nghèo (%)\nThiên Hương;21,1;0,2\nHoàng Lâm;24,46;0\n".encode()

    dataset = read_dataset(content, "so-lieu.csv")

    assert dataset.headers == ["Đơn vị", "Diện tích (km²)", "Tỷ lệ hộ nghèo (%)"]
    assert rows_of(dataset) == [["Thiên Hương", "21,1", "0,2"], ["Hoàng Lâm", "24,46", "0"]]


def test_reads_the_delimiter_named_by_an_excel_sep_line():
    content = f"sep=;\nHọ và tên;Chức vụ\n{NAME};{TITLE}, phường\n".encode()

    dataset = read_dataset(content, "danh-sach.csv")

    assert dataset.headers == HEADERS
    assert rows_of(dataset) == [[NAME, f"{TITLE}, phường"]]


def test_reads_quoted_fields_with_delimiters_quotes_and_line_breaks():
    content = f'Họ và tên,Ghi chú\n{NAME},"Nói ""có"", rồi\nxuống dòng"\n'.encode()

    dataset = read_dataset(content, "danh-sach.csv")

    assert rows_of(dataset) == [[NAME, 'Nói "có", rồi\nxuống dòng']]


def test_cells_are_trimmed_and_empty_cells_are_empty_strings():
    content = f"  Họ và tên ,Chức vụ,Năm sinh\n\u00a0{NAME}  ,   ,\n".encode()

    dataset = read_dataset(content, "danh-sach.csv")

    assert dataset.headers == ["Họ và tên", "Chức vụ", "Năm sinh"]
    assert rows_of(dataset) == [[NAME, "", ""]]


def test_header_line_breaks_and_runs_of_spaces_become_one_space():
    content = f'"Họ  và\ntên",Chức vụ\n{NAME},{TITLE}\n'.encode()

    assert read_dataset(content, "danh-sach.csv").headers == HEADERS


def test_a_csv_field_longer_than_any_spreadsheet_cell_is_refused():
    # Excel cells hold 32,767 characters; the csv module stops at 131,072.
    content = f'Họ và tên,Ghi chú\n{NAME},"{"x" * 200_000}\n'.encode()

    assert error_of(content, "danh-sach.csv") == (
        'Không đọc được tệp CSV "danh-sach.csv" ở dòng 2: có ô dài quá mức hoặc dấu ngoặc kép không khớp.'
    )


def test_html_in_a_cell_is_read_as_text():
    content = f"Họ và tên,Ghi chú\n{NAME},<b>x</b>\n".encode()

    assert rows_of(read_dataset(content, "danh-sach.csv")) == [[NAME, "<b>x</b>"]]


def test_blank_rows_before_the_header_are_skipped_and_inside_the_data_kept():
    content = f",,\n\nHọ và tên,Chức vụ\n{NAME},{TITLE}\n,\nNguyễn Văn Phú,\n\n,,\n".encode()

    dataset = read_dataset(content, "danh-sach.csv")

    assert dataset.headers == HEADERS
    # Data row i stays file row (header row + 1 + i); trailing blanks go.
    assert rows_of(dataset) == [[NAME, TITLE], ["", ""], ["Nguyễn Văn Phú", ""]]


def test_the_format_is_recognised_by_content_not_by_name():
    workbook = xlsx(HEADERS, [NAME, TITLE])
    text = f"Họ và tên,Chức vụ\n{NAME},{TITLE}\n".encode()

    assert rows_of(read_dataset(workbook, "danh-sach.csv")) == [[NAME, TITLE]]
    assert rows_of(read_dataset(text, "danh-sach.xlsx")) == [[NAME, TITLE]]


# Reading xlsx ##############################################################


def test_reads_an_xlsx_with_dates_numbers_formulas_and_html():
    content = xlsx(
        ["Họ và tên", "Chức vụ", "Ngày sinh", "Năm", "Diện tích", "Công thức", "Ghi chú"],
        [NAME, TITLE, datetime.date(1975, 6, 16), 1975, 21.1, "=1+1", "<b>x</b>"],
        sheet_title="Ban chấp hành",
    )

    dataset = read_dataset(content, "danh-sach.xlsx")

    assert dataset.title == "Ban chấp hành"
    assert dataset.headers == HEADERS + ["Ngày sinh", "Năm", "Diện tích", "Công thức", "Ghi chú"]
    row = dataset[0]
    assert row[:2] == (NAME, TITLE)
    assert row[2] == datetime.datetime(1975, 6, 16)
    assert row[3] == 1975 and isinstance(row[3], int)
    assert row[4] == 21.1
    # The formula comes back as its text; it is never evaluated.
    assert row[5] == "=1+1"
    assert row[6] == "<b>x</b>"


def test_xlsx_cells_are_nfc_trimmed_and_empty_cells_are_empty_strings():
    content = xlsx([f" {nfd('Họ và tên')} ", "Chức vụ", "Năm sinh"], [f"  {nfd(NAME)}\u00a0", None, "   "])

    dataset = read_dataset(content, "danh-sach.xlsx")

    assert dataset.headers == ["Họ và tên", "Chức vụ", "Năm sinh"]
    assert rows_of(dataset) == [[NAME, "", ""]]


def test_xlsx_header_is_the_first_non_empty_row_and_blank_edges_are_dropped():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A3"], sheet["B3"] = HEADERS
    sheet["A4"], sheet["B4"] = NAME, TITLE
    sheet["A6"] = "Nguyễn Văn Phú"
    # Formatted or blank-looking cells far away: neither a column nor a row.
    sheet["F2"] = "   "
    sheet["Z100"].font = openpyxl.styles.Font(bold=True)
    sheet["H50"] = ""
    output = io.BytesIO()
    workbook.save(output)

    dataset = read_dataset(output.getvalue(), "danh-sach.xlsx")

    assert dataset.headers == HEADERS
    assert rows_of(dataset) == [[NAME, TITLE], ["", ""], ["Nguyễn Văn Phú", ""]]


def test_an_xlsx_date_header_is_written_day_first():
    content = xlsx(["Họ và tên", datetime.date(2025, 6, 16)], [NAME, "có mặt"])

    assert read_dataset(content, "danh-sach.xlsx").headers == ["Họ và tên", "16/6/2025"]


def test_reads_the_first_worksheet():
    content = xlsx(HEADERS, [NAME, TITLE], sheet_title="Danh sách", extra_sheets=["Ghi chú"])

    dataset = read_dataset(content, "danh-sach.xlsx")

    assert dataset.title == "Danh sách"
    assert rows_of(dataset) == [[NAME, TITLE]]


def test_reads_excel_escaped_characters_in_xlsx_text():
    # Excel stores a carriage return as _x000D_ and a literal "_x000D_"
    # as "_x005F_x000D_".
    content = xlsx(["Ghi chú", "Mã"], ["dòng 1_x000D_\ndòng 2", "_x005F_x000D_"])

    assert rows_of(read_dataset(content, "danh-sach.xlsx")) == [["dòng 1\r\ndòng 2", "_x000D_"]]


def test_an_escaped_lone_surrogate_is_kept_as_written():
    content = xlsx(["Ghi chú"], ["a_xD800_b"])

    assert rows_of(read_dataset(content, "danh-sach.xlsx")) == [["a_xD800_b"]]


def test_csv_export_saved_as_xlsx_by_excel_reads_back_the_original_text():
    # Excel shows the apostrophe of a CSV cell; saving as .xlsx keeps it.
    content = xlsx(["Ghi chú"], ["'=SUM(A1)"], ["'+84 912"])

    assert rows_of(read_dataset(content, "danh-sach.xlsx")) == [["=SUM(A1)"], ["+84 912"]]


# Refused layouts ###########################################################


@pytest.mark.parametrize(
    ("content", "cell", "column"),
    [
        (f"Họ và tên,Chức vụ\n{NAME},{TITLE},Ghi thêm\n".encode(), "C2", "C"),
        (f"Họ và tên,,Chức vụ\n{NAME},,{TITLE}\nNguyễn Văn Phú,x,\n".encode(), "B3", "B"),
    ],
    ids=["right of the last header", "under an empty header"],
)
def test_data_in_a_column_without_a_header_is_refused(content, cell, column):
    assert error_of(content, "danh-sach.csv") == (
        f'Tệp "danh-sach.csv": ô {cell} có dữ liệu nhưng cột {column} không có tiêu đề '
        "(dòng tiêu đề là dòng 1). Hãy thêm tiêu đề cho cột hoặc xoá dữ liệu ở cột đó."
    )


def test_an_empty_header_over_an_empty_column_is_kept_in_place():
    content = f"Họ và tên,,Chức vụ\n{NAME},,{TITLE}\n".encode()

    dataset = read_dataset(content, "danh-sach.csv")

    assert dataset.headers == ["Họ và tên", "", "Chức vụ"]
    assert rows_of(dataset) == [[NAME, "", TITLE]]


def test_two_columns_with_the_same_header_are_refused():
    content = xlsx(["STT", "Họ và tên", "Chức vụ", "Họ và tên"], [1, NAME, TITLE, NAME])

    assert error_of(content) == (
        'Tệp "danh-sach.xlsx": cột B và cột D cùng có tiêu đề "Họ và tên" (dòng 1). '
        "Mỗi cột phải có một tiêu đề riêng."
    )


@pytest.mark.parametrize(
    "content",
    [
        "Họ và tên,Chức vụ\r\n".encode(),
        "Họ và tên,Chức vụ\r\n,\r\n\r\n".encode(),
        xlsx(HEADERS),
        xlsx(HEADERS, [None, "  "]),
    ],
    ids=["csv", "csv with blank rows", "xlsx", "xlsx with blank rows"],
)
def test_a_file_with_only_a_header_is_refused(content):
    assert error_of(content) == 'Tệp "danh-sach.xlsx" chỉ có dòng tiêu đề, không có dòng dữ liệu nào.'


@pytest.mark.parametrize(
    "content",
    [codecs.BOM_UTF8 + b",,\r\n , \r\n", xlsx(), xlsx([None, " "])],
    ids=["csv of empty cells", "empty sheet", "blank cells"],
)
def test_a_file_without_a_header_row_is_refused(content):
    assert error_of(content) == 'Tệp "danh-sach.xlsx" không có dữ liệu: không tìm thấy dòng tiêu đề.'


@pytest.mark.parametrize("content", [b"", b" \r\n\t\r\n"], ids=["no bytes", "whitespace"])
def test_an_empty_file_is_refused(content):
    assert error_of(content, "danh-sach.csv") == 'Tệp "danh-sach.csv" trống.'
