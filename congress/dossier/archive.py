"""The congress file as one .zip: the file as PDF and Word, the two documents that go up, and a
spreadsheet for every list in the file, written by the same sheet kinds as the list pages'
exports (records.sheets), so each list imports back unchanged.
"""

import io
import zipfile

from records.models import LegalDocument
from records.sheets.services import ExportedFile, sheet_export_file

from ..models import Attendance, Candidate, CongressBodyMember, Indicator, Speech, Task
from .documents import DOCUMENTS
from .pdf import render_pdf
from .word import render_docx


def lists(records):
    """(file name, sheet kind, queryset) of each list the file prints.

    An election's results are a sheet of their own, numbered in the file's order of elections,
    since a results sheet imports back into one election."""
    congress = records.congress
    elections = [
        (f"ket-qua-bau-cu-{index}.xlsx", "election-results", Candidate.objects.filter(election=election))
        for index, election in enumerate(records.elections, start=1)
    ]
    return [
        ("nguoi-du-dai-hoi.xlsx", "attendance", Attendance.objects.filter(congress=congress)),
        ("phat-bieu.xlsx", "speeches", Speech.objects.filter(congress=congress)),
        ("chi-tieu.xlsx", "indicators", Indicator.objects.filter(congress=congress)),
        ("nhiem-vu.xlsx", "tasks", Task.objects.filter(congress=congress)),
        ("van-ban.xlsx", "documents", LegalDocument.objects.filter(pk__in=[d.pk for d in records.documents])),
        ("co-quan-dai-hoi.xlsx", "body-members", CongressBodyMember.objects.filter(body__congress=congress)),
        *elections,
    ]


def render_zip(records, on=None) -> ExportedFile:
    """The .zip, and the number of spreadsheet rows in it, which the access log records."""
    buffer, rows = io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for slug, build in DOCUMENTS.items():
            document = build(records, on)
            archive.writestr(f"{slug}.pdf", render_pdf(document))
            archive.writestr(f"{slug}.docx", render_docx(document))
        for name, kind, queryset in lists(records):
            exported = sheet_export_file(kind=kind, queryset=queryset, file_format="xlsx")
            archive.writestr(f"bang-tinh/{name}", exported.content)
            rows += exported.rows
    return ExportedFile(buffer.getvalue(), rows)
