"""What the admin, the list pages and the command line call: import, export, template.

Writes that touch several models go through here (sheet_import), as HackSoft's styleguide has
them: keyword-only arguments, one transaction, a report back.
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from records import access

from .columns import SHEET_LANGUAGE
from .files.reading import read_table
from .files.table import SpreadsheetError
from .files.writing import write_csv, write_xlsx
from .kinds import get_sheet
from .report import ImportReport, SheetError
from .run import ImportRun

__all__ = ["ExportedFile", "sheet_export", "sheet_export_file", "sheet_import", "sheet_template"]


def _checksum(data):
    digest = hashlib.sha256()
    if isinstance(data, (bytes, bytearray, memoryview)):
        digest.update(data)
    else:
        data.seek(0)
        for chunk in iter(lambda: data.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sheet_import(
    *, kind, data, file_name, user=None, congress=None, dry_run, scope=access.EVERYTHING, reason=""
) -> ImportReport:
    """Import a file (bytes or a binary file object) of a sheet kind, all or nothing.

    With dry_run nothing is kept: the report says what the import would do. Otherwise the
    rows are written unless any row has an error, and the report carries the Source that
    the written rows cite (None when nothing was written). `user` is who the Source and the
    history rows name; `scope` (records.access) what the import may read and write: the
    admin passes the user's, the command line, run by whoever holds the server, none.
    """
    resource_class = get_sheet(kind)
    report = ImportReport(kind=kind, file_name=file_name, dry_run=dry_run)
    if resource_class.congress_field and congress is None:
        report.errors.append(SheetError(None, "", "", _("Hãy chọn đại hội mà danh sách này thuộc về.")))
        return report
    if congress is not None and not scope.covers(congress):
        report.errors.append(SheetError(None, "", "", _("Đại hội đã chọn nằm ngoài phạm vi của bạn.")))
        return report
    try:
        table = read_table(data, file_name)
    except SpreadsheetError as error:
        report.errors.append(SheetError(None, "", "", str(error)))
        return report
    run = ImportRun(
        resource_class,
        user=user,
        congress=congress,
        file_name=file_name,
        checksum=_checksum(data),
        scope=scope,
        reason=reason,
    )
    run.begin(table.headers)
    report.headers = run.preview_columns
    report.warnings = run.warnings
    report.errors = run.errors
    if run.errors:
        table.rows.close()
        return report
    # The file is read, checked and written a chunk of rows at a time, all in one transaction:
    # nothing of a refused file or of a dry run is kept.
    with transaction.atomic():
        run.import_rows(table.rows)
        if dry_run or run.errors:
            transaction.set_rollback(True)
    report.created, report.changed, report.unchanged = run.created, run.changed, run.unchanged
    report.preview = run.preview
    if not dry_run and not report.errors:
        report.source = run.writes.import_source
    return report


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    rows: int


def sheet_export(*, kind, queryset, file_format) -> bytes:
    """The records of a queryset as an xlsx or CSV file of a sheet kind, streamed row by row."""
    return sheet_export_file(kind=kind, queryset=queryset, file_format=file_format).content


def sheet_export_file(*, kind, queryset, file_format) -> ExportedFile:
    """sheet_export() with the number of rows written, which the access log records."""
    if file_format not in ("xlsx", "csv"):
        raise ValueError(_("Không có định dạng xuất “%(format)s”.") % {"format": file_format})
    resource = get_sheet(kind)()
    headers = resource.get_export_headers()
    written = 0

    def counted(rows):
        nonlocal written
        for row in rows:
            written += 1
            yield row

    with translation.override(SHEET_LANGUAGE):
        rows = counted(resource.export_rows(queryset))
        if file_format == "xlsx":
            content = write_xlsx(headers, rows, sheet_title=resource.sheet_title())
        else:
            content = write_csv(headers, rows)
    return ExportedFile(content, written)


def sheet_template(kind) -> bytes:
    """A blank xlsx for a sheet kind: its headers and one example row from the article's records."""
    resource_class = get_sheet(kind)
    headers = [column.column_name for column in resource_class.columns()]
    example = [resource_class.example.get(header, "") for header in headers]
    with translation.override(SHEET_LANGUAGE):
        return write_xlsx(headers, [example], sheet_title=resource_class.sheet_title())
