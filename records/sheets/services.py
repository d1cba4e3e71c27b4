"""What the admin, the list pages and the command line call: import, export, template.

Writes that touch several models go through here (sheet_import), as HackSoft's styleguide has
them: keyword-only arguments, one transaction, a report back.

An import happens once. Imports wait for each other (lock_imports(), the first statement of
each import's transaction), so that two imports of one file at once write it once: the
second finds the first's rows and reports them unchanged. A confirmation in the admin claims
the preview it confirms (SheetPreview.claim(), in the same transaction), so that a double
click imports the file once, and finds what the preview said or writes nothing.
"""

import hashlib
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from records import access, vietnamese
from records.models import SheetPreview

from .columns import SHEET_LANGUAGE
from .files.reading import read_table
from .files.table import SpreadsheetError
from .files.writing import write_csv, write_xlsx
from .guide import sheet_template
from .headers import HeaderNames, title_rows_warning
from .kinds import get_sheet
from .report import ImportReport, SheetError
from .choices import REFUSE
from .edits import EditsSincePreview
from .run import ImportRun

__all__ = [
    "AlreadyImported",
    "ExportedFile",
    "lock_imports",
    "sheet_export",
    "sheet_export_file",
    "sheet_import",
    "sheet_preview_keep",
    "sheet_template",
]

# The key of the PostgreSQL advisory lock every sheet import holds for its transaction: a
# constant the site uses for nothing else ("sheet" in ASCII).
IMPORT_LOCK_KEY = 0x7368656574


class AlreadyImported(Exception):
    """The preview a confirmation names was imported already; nothing more is written."""

    def __init__(self, at):
        self.at = at
        local = timezone.localtime(at)
        super().__init__(
            _("Tệp này đã được nhập lúc %(time)s ngày %(date)s; lần xác nhận này không ghi gì.")
            % {"time": f"{local:%H:%M}", "date": f"{local.day}/{local.month}/{local.year}"}
        )


def _checksum(data):
    digest = hashlib.sha256()
    if isinstance(data, (bytes, bytearray, memoryview)):
        digest.update(data)
    else:
        data.seek(0)
        for chunk in iter(lambda: data.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def lock_imports():
    """Wait until no other import runs, and keep the next waiting until this transaction ends.

    The first statement of an import's transaction, before it reads anything: two imports
    that both read the records before either wrote would each find the same rows new. One
    constant key for every import, since any two kinds can touch the same records (people).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
        elif connection.vendor == "sqlite":
            # A write as the transaction's first statement takes SQLite's one write lock, and
            # waits for it as long as the busy timeout allows; a transaction that had read
            # first could not wait (its snapshot would be stale) and would fail at once. This
            # UPDATE matches no row, so only the lock is taken, not every transaction's.
            table = connection.ops.quote_name(SheetPreview._meta.db_table)
            cursor.execute(f"UPDATE {table} SET id = id WHERE id IS NULL")


def sheet_import(
    *,
    kind,
    data,
    file_name,
    user=None,
    congress=None,
    dry_run,
    scope=access.EVERYTHING,
    reason="",
    preview=None,
    progress=None,
    duplicates=REFUSE,
    choices=None,
) -> ImportReport:
    """Import a file (bytes or a binary file object) of a sheet kind, all or nothing.

    With dry_run nothing is kept: the report says what the import would do. Otherwise the
    rows are written unless any row has an error, and the report carries the Source that
    the written rows cite (None when nothing was written). `user` is who the Source and the
    history rows name; `scope` (records.access) what the import may read and write: the
    admin passes the user's, the command line, run by whoever holds the server, none.

    `preview` is the SheetPreview a confirmation imports: it is claimed in the import's
    transaction (AlreadyImported when it was before), and the import is refused if a record
    its rows match or change was edited after the preview read the records (edits.py), naming
    the rows, or else unless it finds the same counts as the preview did; a refused import
    leaves it unclaimed.

    `progress`, a callable, is given the ImportRun once per chunk of rows (ImportRun.rows_read,
    rows_checked, rows_written), from inside the import's transaction.

    A row that names no record exactly but may mean records on file (records.duplicates) is
    decided by `choices` ({row number: uid, or NEW}) or the file's choice column; undecided,
    `duplicates` says what it does (records.sheets.choices): REFUSE (an error naming the
    candidates: nothing is created behind anyone's back), ASK (listed in report.flags for a
    preview), or NEW (a new record).
    """
    resource_class = get_sheet(kind)
    report = ImportReport(kind=kind, file_name=file_name, dry_run=dry_run)
    if resource_class.congress_field and congress is None:
        message = _("Hãy chọn %(what)s mà danh sách này thuộc về.") % {"what": resource_class.congress_noun}
        report.errors.append(SheetError(None, "", "", message))
        return report
    if congress is not None and not scope.covers(congress):
        message = _("%(what)s đã chọn nằm ngoài phạm vi của bạn.") % {"what": resource_class.congress_label()}
        report.errors.append(SheetError(None, "", "", message))
        return report
    try:
        table = read_table(data, file_name, header_score=HeaderNames.of(resource_class).score)
    except SpreadsheetError as error:
        report.errors.append(SheetError(None, "", "", str(error)))
        return report
    checksum = _checksum(data)
    if preview is not None and (preview.checksum, preview.kind) != (checksum, kind):
        # The confirmation names a file other than the one previewed.
        table.rows.close()
        message = _("Không tìm thấy tệp cần nhập; hãy tải tệp lên lại.")
        report.errors.append(SheetError(None, "", "", message))
        return report
    run = ImportRun(
        resource_class,
        user=user,
        congress=congress,
        file_name=file_name,
        checksum=checksum,
        scope=scope,
        reason=reason,
        progress=progress,
        duplicates=duplicates,
        choices=choices,
    )
    if titles := title_rows_warning(table):
        run.warnings.append(titles)
    run.begin(table.headers, table.header_row)
    report.headers = run.preview_columns
    report.warnings = run.warnings
    report.errors = run.errors
    if run.errors:
        table.rows.close()
        return report
    # The file is read, checked and written a chunk of rows at a time, all in one transaction:
    # nothing of a refused file or of a dry run is kept.
    with transaction.atomic():
        lock_imports()
        # Edits before this moment were made before this import read anything; its own come after.
        report.read_at = timezone.now()
        if preview is not None and not preview.claim():
            table.rows.close()
            raise AlreadyImported(preview.claimed_at)
        if preview is not None:
            run.edits = EditsSincePreview(preview.records_read_at, report.read_at)
        run.import_rows(table.rows)
        if preview is not None and not run.errors:
            check_counts(run, preview)
        if dry_run or run.errors:
            transaction.set_rollback(True)
            if preview is not None:
                # The claim goes with the refused import: the preview may be confirmed again.
                preview.claimed_at = None
        elif preview is not None and run.writes.import_source is not None:
            preview.source = run.writes.import_source
            preview.save(update_fields=["source"])
    report.created, report.changed, report.unchanged = run.created, run.changed, run.unchanged
    report.preview = run.preview
    report.flags = run.flags
    report.changes, report.changes_total = run.changes, run.changes_total
    report.updated = run.records_changed
    report.decided = run.decided
    if not dry_run and not report.errors:
        report.source = run.writes.import_source
    return report


def check_counts(run, preview):
    """Refuse an import that finds other counts than its preview: the records changed meanwhile.

    The rows a choice decides (records.sheets.choices) may change status with the choice made
    since ("cùng người" finds a post the preview counted new): they are compared by number.
    """
    found = (run.created, run.changed, run.unchanged)
    decided_before = (preview.report or {}).get("decided", [0, 0, 0])
    if sum(decided_before) == sum(run.decided) and all(
        now - decided_now == before - decided
        for now, decided_now, before, decided in zip(
            found, run.decided, preview.counts, decided_before, strict=True
        )
    ):
        return
    names = (_("mới"), _("thay đổi"), _("không đổi"))
    changes = [
        _("%(what)s %(before)s → %(now)s")
        % {"what": name, "before": vietnamese.format_number(before), "now": vietnamese.format_number(now)}
        for name, before, now in zip(names, preview.counts, found, strict=True)
        if before != now
    ]
    message = _(
        "Dữ liệu đã thay đổi kể từ lúc xem trước: %(changes)s. Không có gì được ghi; "
        "hãy tải tệp lên lại để xem trước."
    ) % {"changes": ", ".join(changes)}
    run.errors.append(SheetError(None, "", "", message))


def sheet_preview_keep(*, report, data, user=None) -> SheetPreview:
    """Keep what a preview (a dry run's report) said, for its confirmation to claim."""
    return SheetPreview.objects.create(
        kind=report.kind,
        file_name=report.file_name[:255],
        checksum=_checksum(data),
        user=user if getattr(user, "pk", None) else None,
        rows_created=report.created,
        rows_changed=report.changed,
        rows_unchanged=report.unchanged,
        rows_total=report.rows,
        report=report.as_data(),
        read_at=report.read_at,
    )


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
