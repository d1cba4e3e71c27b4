"""
Tests for records.sheets.files, the file layer of sheets: reading, neutralising
and writing.

Every input file is built here, in the encoding or format under test, so
the tests say exactly which bytes each case is about. No database is used.
"""

import base64
import codecs
import datetime
import io
import random
import re
import tempfile
import unicodedata
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from records.sheets.files.neutralising import neutralise, unneutralise
from records.sheets.files.reading import read_dataset
from records.sheets.files.table import SpreadsheetError
from records.sheets.files.writing import write_csv, write_xlsx
from records.vietnamese import parse_number

NAME = "Vương Toàn Thu Thủy"
TITLE = "Phó Bí thư Đảng ủy"
HEADERS = ["Họ và tên", "Chức vụ"]
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def windows_1258(text: str) -> bytes:
    """
    Encode text as Windows-1258 writes Vietnamese: each letter with its
    shape mark (ư, ơ, â...) as one byte and every tone as a combining mark
    after it, even where a precomposed letter exists.
    """
    parts = []
    for char in text:
        marks = nfd(char)
        tones = "".join(mark for mark in marks if mark in TONE_MARKS)
        letter = unicodedata.normalize("NFC", "".join(mark for mark in marks if mark not in TONE_MARKS))
        parts.append(letter + tones)
    return "".join(parts).encode("cp1258")


def xlsx(*rows, sheet_title="Sheet", extra_sheets=()) -> bytes:
    """A workbook as a user might send it, written by openpyxl in normal mode."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    for title in extra_sheets:
        workbook.create_sheet(title).append(["Khác"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def rewrite_zip(content: bytes, name: str, transform) -> bytes:
    """Return the archive with one member's bytes passed through transform."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            target.writestr(entry, transform(data) if entry.filename == name else data)
    return output.getvalue()


def zip_of(members: dict[str, bytes | str]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()


def rows_of(dataset) -> list[list]:
    return [list(row) for row in dataset]


def error_of(content, file_name="danh-sach.xlsx", **kwargs) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_dataset(content, file_name, **kwargs)
    return str(caught.value)


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


# Hostile and broken files ##################################################


class Upload:
    """
    A file-like upload of unlimited length that fails the test if it is read
    beyond max_bytes + 1, handing out at most chunk bytes per read().
    """

    def __init__(self, max_bytes: int, chunk: int = 1000):
        self.allowed = max_bytes + 1
        self.chunk = chunk
        self.position = 0

    def read(self, size=-1):
        if size is None or size < 0 or self.position + size > self.allowed:
            raise AssertionError(f"read({size}) at {self.position}: beyond max_bytes + 1")
        data = b"a" * min(size, self.chunk)
        self.position += len(data)
        return data


def oversize_message(file_name: str, limit: str) -> str:
    return (
        f'Tệp "{file_name}" vượt quá giới hạn {limit}. '
        "Hãy chia danh sách thành nhiều tệp nhỏ hơn rồi nhập từng tệp."
    )


def test_an_oversize_upload_is_refused_reading_at_most_one_byte_past_the_limit():
    upload = Upload(max_bytes=5000)

    message = error_of(upload, "danh-sach.csv", max_bytes=5000)

    assert message == oversize_message("danh-sach.csv", "4,9 KB")
    assert upload.position == 5001


def test_an_upload_that_states_its_size_is_refused_before_any_read():
    class SizedUpload:
        size = 11 * 1024 * 1024

        def read(self, size=-1):
            raise AssertionError("read() called")

    assert error_of(SizedUpload(), "danh-sach.xlsx") == oversize_message("danh-sach.xlsx", "10 MB")


def test_oversize_bytes_are_refused_before_parsing():
    # Not a valid file at all: refused for its size, not its content.
    message = error_of(b"PK\x03\x04" + bytes(100), max_bytes=100)

    assert message == oversize_message("danh-sach.xlsx", "100 byte")


def test_a_file_at_the_limit_read_in_small_chunks_is_accepted():
    content = f"Họ và tên,Chức vụ\n{NAME},{TITLE}\n".encode()

    class ChunkedUpload(io.BytesIO):
        def read(self, size=-1):
            return super().read(min(size, 7))

    dataset = read_dataset(ChunkedUpload(content), "danh-sach.csv", max_bytes=len(content))

    assert rows_of(dataset) == [[NAME, TITLE]]


def test_the_limit_comes_from_settings_with_a_default_of_10_mb(settings):
    content = f"Họ và tên\n{NAME}\n".encode()
    settings.SPREADSHEET_MAX_BYTES = len(content) - 1
    assert error_of(content, "danh-sach.csv") == oversize_message("danh-sach.csv", f"{len(content) - 1} byte")

    del settings.SPREADSHEET_MAX_BYTES
    assert error_of(bytes(10 * 1024 * 1024 + 1)) == oversize_message("danh-sach.xlsx", "10 MB")
    assert rows_of(read_dataset(content, "danh-sach.csv")) == [[NAME]]


NOT_A_SPREADSHEET = (
    'Không đọc được tệp "anh.png": tệp không phải bảng tính. Hệ thống đọc được tệp Excel (.xlsx) '
    "và tệp CSV (UTF-8, UTF-16 hay Windows-1258)."
)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.mark.parametrize(
    "content",
    [PNG, random.Random(1258).randbytes(4096) + b"\x00"],
    ids=["png", "random bytes with NULs"],
)
def test_a_binary_file_is_not_a_spreadsheet(content):
    assert error_of(content, "anh.png") == NOT_A_SPREADSHEET


@pytest.mark.parametrize(
    "content",
    [
        # Not UTF-8, and 0x81 is undefined in Windows-1258.
        "Họ và tên\n".encode() + b"Nguy\x81n\n",
        # UTF-32 starts with the UTF-16 LE mark; as UTF-16 it is full of NULs.
        "Họ và tên\nA\n".encode("utf-32"),
    ],
    ids=["undefined byte", "utf-32"],
)
def test_a_text_file_in_another_encoding_is_refused(content):
    assert error_of(content, "danh-sach.csv") == (
        'Không đọc được tệp "danh-sach.csv": không phải UTF-8, UTF-16 hay Windows-1258. '
        "Hãy mở tệp bằng Excel rồi lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
    )


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html>\n<html><body><table><tr><td>H\xe1\xbb\x8d</td></tr></table></body></html>",
        b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
    ],
    ids=["html table", "excel 2003 xml"],
)
def test_a_web_page_named_xls_is_refused(content):
    assert error_of(content, "danh-sach.xls") == (
        'Tệp "danh-sach.xls" là trang web (HTML) hoặc tệp XML, không phải bảng tính, dù có thể mang '
        "đuôi .xls. Hãy mở tệp bằng Excel rồi lưu lại dưới dạng Excel (.xlsx)."
    )


def test_a_legacy_xls_file_is_refused_with_how_to_save_it_as_xlsx():
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

    assert error_of(content, "danh-sach.xls") == (
        'Tệp "danh-sach.xls" là bảng tính Excel 97-2003 (.xls) hoặc tệp Excel có đặt mật khẩu; '
        "hệ thống chỉ đọc được tệp .xlsx và CSV. Hãy mở tệp bằng Excel, bỏ mật khẩu nếu có, "
        'rồi chọn "Lưu thành" (Save As) kiểu "Sổ làm việc Excel (.xlsx)".'
    )


CORRUPT = (
    'Tệp "danh-sach.xlsx" bị hỏng: không mở được như một bảng tính Excel (.xlsx). '
    "Hãy mở tệp bằng Excel, lưu lại rồi tải lên lần nữa."
)


def test_a_truncated_xlsx_is_refused_as_corrupt():
    content = xlsx(HEADERS, [NAME, TITLE])

    assert error_of(content[: len(content) // 2]) == CORRUPT


@pytest.mark.parametrize(
    ("member", "garbage"),
    [("xl/workbook.xml", b"<workbook"), ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>")],
    ids=["workbook", "worksheet"],
)
def test_an_xlsx_with_broken_xml_is_refused_as_corrupt(member, garbage):
    content = rewrite_zip(xlsx(HEADERS, [NAME, TITLE]), member, lambda data: garbage)

    assert error_of(content) == CORRUPT


def openpyxl_values(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def every_kind_of_cell(path):
    """A workbook written by xlsxwriter: inline or shared strings, numbers, dates, formulas, gaps."""
    import xlsxwriter

    for constant_memory in (True, False):
        workbook = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
        sheet = workbook.add_worksheet()
        dates = workbook.add_format({"num_format": "d/m/yyyy"})
        sheet.write_row(0, 0, ["Họ và tên", "Năm sinh", "Ngày", "Tỷ lệ", "Đúng", "Công thức"])
        sheet.write_row(1, 0, [NAME, 1975])
        sheet.write_datetime(1, 2, datetime.datetime(2025, 6, 16), dates)
        sheet.write_row(1, 3, [21.1, True])
        sheet.write_formula(1, 5, "=B2+1", None, 1976)
        sheet.write_rich_string(3, 0, "Nguyễn ", workbook.add_format({"bold": True}), "Văn An")
        sheet.write(3, 3, "#N/A")
        sheet.write(5, 5, "cuối")
        workbook.close()
        yield path.read_bytes()


def test_worksheets_are_read_as_openpyxl_reads_them(tmp_path):
    for content in every_kind_of_cell(tmp_path / "cells.xlsx"):
        expected = [
            [cell.strip() if isinstance(cell, str) else cell for cell in row]
            for row in openpyxl_values(content)
        ]
        dataset = read_dataset(content, "cells.xlsx")
        rows = [list(dataset.headers), *(list(row) for row in dataset)]

        assert rows == [
            [("" if cell is None else cell) for cell in row] + [""] * (6 - len(row)) for row in expected
        ]
        assert rows[1][:6] == [NAME, 1975, datetime.datetime(2025, 6, 16), 21.1, True, "=B2+1"]
        assert rows[3][0] == "Nguyễn Văn An"


def test_a_shared_formula_reads_as_written_in_each_of_its_cells():
    def shared(data: bytes) -> bytes:
        # As Excel writes a formula filled down: the first cell holds it, the next refers to it.
        data = re.sub(
            rb'<c r="B2"[^>]*>.*?</c>', b'<c r="B2"><f t="shared" ref="B2:B3" si="0">A2*2</f></c>', data
        )
        return re.sub(rb'<c r="B3"[^>]*>.*?</c>', b'<c r="B3"><f t="shared" si="0"/></c>', data)

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Số", "Gấp đôi"])
    sheet.append([1, "=A2*2"])
    sheet.append([2, "=A3*2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = rewrite_zip(buffer.getvalue(), "xl/worksheets/sheet1.xml", shared)

    assert [list(row[:2]) for row in read_dataset(content, "shared.xlsx")] == [[1, "=A2*2"], [2, "=A3*2"]]


def test_an_xlsx_claiming_a_row_past_excel_s_last_is_refused_quickly():
    # openpyxl yields an empty row for every skipped row number.
    def far_row(data: bytes) -> bytes:
        return re.sub(rb'(r="[A-Z]*)2"', rb'\g<1>2000000000"', data)

    content = rewrite_zip(xlsx(HEADERS, [NAME, TITLE]), "xl/worksheets/sheet1.xml", far_row)
    assert b'r="2000000000"' in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")

    assert error_of(content) == CORRUPT


def test_an_xlsx_with_an_xml_entity_bomb_is_refused_as_corrupt():
    # "Billion laughs": ten levels of entities, each ten of the one below.
    entities = "".join(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY lol0 "lollollollol">{entities}]>'

    def bomb(data: bytes) -> bytes:
        return (doctype + data.decode().replace(f"<t>{NAME}</t>", "<t>&lol9;</t>")).encode()

    content = rewrite_zip(xlsx(HEADERS, [NAME, TITLE]), "xl/worksheets/sheet1.xml", bomb)
    assert b"&lol9;" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")

    assert error_of(content) == CORRUPT


def test_a_workbook_without_worksheets_is_refused():
    def no_sheets(data: bytes) -> bytes:
        return re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)

    content = rewrite_zip(xlsx(HEADERS, [NAME, TITLE]), "xl/workbook.xml", no_sheets)

    assert error_of(content) == 'Tệp "danh-sach.xlsx" không có trang tính nào.'


def test_a_zip_that_is_not_a_workbook_is_refused():
    content = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<document/>"})

    assert error_of(content, "bao-cao.xlsx") == (
        'Tệp "bao-cao.xlsx" là tệp nén (zip) nhưng không phải bảng tính Excel (.xlsx).'
    )


def test_an_opendocument_spreadsheet_is_refused_with_how_to_save_it_as_xlsx():
    content = zip_of({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})

    assert error_of(content, "danh-sach.ods") == (
        'Tệp "danh-sach.ods" là bảng tính OpenDocument (.ods). Hãy mở tệp bằng LibreOffice hoặc Excel '
        "rồi lưu lại dưới dạng Excel (.xlsx)."
    )


def zip_bomb(megabytes: int) -> bytes:
    """An xlsx-looking zip with a sheet of zeros, compressed as it is written."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            zeros = bytes(1024 * 1024)
            for _ in range(megabytes):
                sheet.write(zeros)
    return output.getvalue()


def bomb_message(packed: bytes, unpacked: str) -> str:
    size = f"{round(len(packed) / 1024, 1):.1f}".replace(".", ",").removesuffix(",0")
    return (
        f'Tệp "danh-sach.xlsx" bị từ chối: tệp nặng {size} KB nhưng giải nén ra tới {unpacked}, '
        "lớn bất thường. Tệp có thể bị hỏng hoặc được tạo ra để làm quá tải hệ thống. Nếu là bảng "
        "tính thật, hãy xoá các dòng, cột trống đã định dạng rồi lưu lại."
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    content = zip_bomb(300)
    assert len(content) < 1024 * 1024

    assert error_of(content) == bomb_message(content, "300 MB")


def test_a_zip_that_unpacks_to_over_100_times_its_size_is_refused():
    content = zip_bomb(5)

    assert error_of(content) == bomb_message(content, "5 MB")


# Formula neutralisation ####################################################

# (original, as written in CSV)
NEUTRALISED = [
    ("=SUM(A1)", "'=SUM(A1)"),
    ("+84 912", "'+84 912"),
    ("-abc", "'-abc"),
    ("@x", "'@x"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("'quoted", "'quoted"),
    ("'=x", "''=x"),
    ("''@y", "'''@y"),
    ("a=b", "a=b"),
    ("", ""),
    ("'", "'"),
]


@pytest.mark.parametrize(("original", "written"), NEUTRALISED)
def test_neutralise_and_unneutralise(original, written):
    assert neutralise(original) == written
    assert unneutralise(written) == original


@pytest.mark.parametrize("value", [-5, Decimal("-0.2"), -1.5, None, datetime.date(2025, 6, 16)])
def test_neutralise_leaves_values_that_are_not_text_alone(value):
    assert neutralise(value) is value
    assert unneutralise(value) is value


@given(st.text(alphabet="'=+-@\t\ra ư"))
def test_unneutralise_inverts_neutralise_and_neutralised_text_never_starts_a_formula(text):
    written = neutralise(text)

    assert unneutralise(written) == text
    assert written[:1] not in set("=+-@\t\r")
    if not text.startswith("'"):
        assert unneutralise(text) == text


ROUND_TRIP_TEXT = [original for original, _ in NEUTRALISED if original and original != "'"] + [
    "<b>x</b>",
    NAME,
    "a\x0bb",  # not allowed in XML: written as Excel writes it, _x000B_
    "_x000D_",
    "dòng 1\r\ndòng 2",
]


@pytest.mark.parametrize("writer", ["xlsx", "csv"])
def test_importing_our_own_export_gives_the_original_values_back(writer):
    headers = [f"Cột {index}" for index in range(len(ROUND_TRIP_TEXT) + 2)]
    row = [*ROUND_TRIP_TEXT, -5, Decimal("-0.2")]
    if writer == "xlsx":
        content = write_xlsx(headers, [row], sheet_title="Danh sách")
    else:
        content = write_csv(headers, [row])

    dataset = read_dataset(content, f"danh-sach.{writer}")

    assert dataset.headers == headers
    *text, number, decimal_number = dataset[0]
    assert text == ROUND_TRIP_TEXT
    # Negative numbers are numbers, never neutralised text.
    if writer == "xlsx":
        assert (number, decimal_number) == (-5, -0.2)
        assert isinstance(number, int) and isinstance(decimal_number, float)
    else:
        assert (number, decimal_number) == ("-5", "-0,2")
        assert (parse_number(number), parse_number(decimal_number)) == (-5, Decimal("-0.2"))


@given(
    st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "'\t"]),
    st.text(alphabet="ab ư'=+-@\"\n\r,;<>", min_size=1).map(str.strip).filter(bool),
)
@hypothesis_settings(max_examples=50, deadline=None)
def test_any_text_survives_an_export_and_import_in_both_formats(prefix, body):
    value = prefix + body
    for content, file_name in [
        (write_xlsx(["Ghi chú"], [[value]], sheet_title="Danh sách"), "x.xlsx"),
        (write_csv(["Ghi chú"], [[value]]), "x.csv"),
    ]:
        assert read_dataset(content, file_name)[0] == (value,)


def test_xlsx_export_stores_formula_like_text_as_quote_prefixed_text():
    content = write_xlsx(
        ["Ghi chú", "Số âm", "Tỷ lệ"], [["=SUM(A1)", -5, Decimal("-0.2")], ["+84 912", 0, 0]], sheet_title="T"
    )
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    sheet = openpyxl.load_workbook(io.BytesIO(content))["T"]

    assert "<f>" not in sheet_xml
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["A2"].quotePrefix) == ("=SUM(A1)", "s", True)
    assert (sheet["A3"].value, sheet["A3"].data_type, sheet["A3"].quotePrefix) == ("+84 912", "s", True)
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-5, "n")
    assert (sheet["C2"].value, sheet["C2"].data_type) == (-0.2, "n")


def test_csv_export_prefixes_formula_like_text_but_not_negative_numbers():
    content = write_csv(["Ghi chú", "Số âm", "Tỷ lệ"], [["=SUM(A1)", -5, Decimal("-0.2")], ["@x", -1, -1.5]])

    assert content.decode("utf-8-sig").splitlines()[1:] == ['\'=SUM(A1),-5,"-0,2"', '\'@x,-1,"-1,5"']


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
