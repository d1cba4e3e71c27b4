"""Spreadsheet files for the import and export tests, and what the database holds.

Each test builds the file it is about, so the bytes it imports are visible in the test.
"""

import csv
import io

import openpyxl
from django.apps import apps

from records.sheets.guide import GUIDE_TITLE
from records.sheets.kinds import get_sheet
from records.sheets.services import sheet_export

# The headers the issue fixes for the lists offices exchange most.
HEADERS = {
    "memberships": [
        "Họ và tên",
        "Năm sinh",
        "Giới tính",
        "Tổ chức",
        "Chức vụ",
        "Chức danh",
        "Từ ngày",
        "Đến ngày",
        "Ghi chú",
    ],
    "attendance": ["Họ và tên", "Năm sinh", "Tư cách", "Đơn vị", "Chức danh"],
    "indicators": ["Giai đoạn", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Chiều", "Kết quả"],
    "tasks": [
        "Nội dung",
        "Người thực hiện",
        "Cơ quan chịu trách nhiệm",
        "Thời hạn",
        "Sản phẩm",
        "Thẩm quyền",
        "Trạng thái",
    ],
    "documents": ["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu"],
    "election-results": ["Họ và tên", "Năm sinh", "Số phiếu", "Tỷ lệ", "Trúng cử"],
    "body-members": ["Họ và tên", "Năm sinh", "Cơ quan", "Chức danh"],
}

# The order in which the article's records can be imported into an empty database: every
# sheet names only records of the sheets before it.
IMPORT_ORDER = [
    "units",
    "organisations",
    "documents",
    "people",
    "memberships",
    "congresses",
    "attendance",
    "speeches",
    "indicators",
    "tasks",
    "figures",
]

# What a congress decided about people (issue 14), which the article does not state: their
# round trips build the records (tests/congress/test_election_sheets.py).
DECIDED_KINDS = ["election-results", "body-members"]


def xlsx(*rows, sheet_title="Danh sách") -> bytes:
    """A workbook as Excel saves one: the first row is the header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_file(*rows, encoding="utf-8", delimiter=",") -> bytes:
    output = io.StringIO(newline="")
    csv.writer(output, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return output.getvalue().encode(encoding)


def cells(content: bytes) -> list[list]:
    """Every cell of a file we exported, as a spreadsheet program sees it: of its list, without a
    template's "Hướng dẫn" sheet and the hidden sheet of its drop-down lists."""
    if content.startswith(b"PK"):
        sheets = openpyxl.load_workbook(io.BytesIO(content)).worksheets
        return [
            list(row)
            for sheet in sheets
            if sheet.sheet_state == "visible" and sheet.title != GUIDE_TITLE
            for row in sheet.iter_rows(values_only=True)
        ]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def export(kind, file_format="xlsx", queryset=None) -> bytes:
    resource_class = get_sheet(kind)
    records = resource_class.all_records() if queryset is None else queryset
    return sheet_export(kind=kind, queryset=records, file_format=file_format)


def database_rows() -> dict[str, int]:
    """How many rows every table of the two apps holds: records, history rows, links to sources."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in ("records", "congress")
    }
