"""Tests for records.sheets.report: the errors an import reports.

Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

from records.sheets.report import SheetError


def test_an_error_message_is_built_from_its_parts():
    assert str(SheetError(7, "Từ ngày", "31/2", "Sai.")) == "Dòng 7, cột “Từ ngày”, giá trị “31/2”: Sai."
    assert str(SheetError(None, "", "", "Tệp trống.")) == "Tệp trống."
