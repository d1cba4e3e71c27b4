"""Tests for records.sheets.report: the errors an import reports.

Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

from django.template.loader import render_to_string

from records.models import Person
from records.sheets.report import ImportReport, SheetError


def test_an_error_message_is_built_from_its_parts():
    assert str(SheetError(7, "Từ ngày", "31/2", "Sai.")) == "Dòng 7, cột “Từ ngày”, giá trị “31/2”: Sai."
    assert str(SheetError(None, "", "", "Tệp trống.")) == "Tệp trống."


def test_the_summary_writes_counts_as_the_site_does():
    report = ImportReport(kind="people", file_name="nguoi.xlsx", dry_run=True, created=6000, changed=1234, unchanged=0, updated=12500)

    assert report.summary == "6.000 mới, 1.234 thay đổi, 0 không đổi; cập nhật 12.500 bản ghi đã có"


def test_the_preview_page_writes_counts_as_the_site_does(rf):
    report = ImportReport(kind="people", file_name="nguoi.xlsx", dry_run=True, created=6000, changed=1234, unchanged=25000, updated=6000)
    request = rf.get("/")

    context = {"report": report, "opts": Person._meta, "app_label": "records"}
    html = render_to_string("admin/records/sheet_import.html", context, request=request)

    assert '<strong id="count-new">6.000</strong>' in html
    assert '<strong id="count-changed">1.234</strong>' in html
    assert '<strong id="count-unchanged">25.000</strong>' in html
    assert '<strong id="count-updated">6.000</strong>' in html
