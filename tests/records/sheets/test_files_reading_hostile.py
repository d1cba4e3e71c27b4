"""
Tests for records.sheets.files.reading and xlsx_reading: hostile and broken
files are refused with a message, before they can cost memory or time.

Every input file is built here (built_files), in the encoding or format under
test, so the tests say exactly which bytes each case is about. No database is used.
"""

import base64
import datetime
import io
import random
import re
import zipfile

import openpyxl
import pytest

from records.sheets.files.reading import read_dataset
from tests.records.sheets.built_files import (
    HEADERS,
    NAME,
    TITLE,
    error_of,
    rewrite_zip,
    rows_of,
    xlsx,
    zip_of,
)

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
        # The first data cell's text, however openpyxl wrote it (UTF-8, or character references
        # when lxml is installed), becomes the entity.
        sheet = re.sub(r'(<c r="A2"[^>]*><is><t>)[^<]*(</t>)', r"\1&lol9;\2", data.decode(), count=1)
        return (doctype + sheet).encode()

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
