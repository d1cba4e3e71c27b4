"""Files built byte by byte for the tests of records.sheets.files: each test names the bytes it is about."""

import io
import unicodedata
import zipfile

import openpyxl
import pytest

from records.sheets.files.reading import read_dataset
from records.sheets.files.table import SpreadsheetError

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
