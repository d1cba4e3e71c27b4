"""Long previews and imports, run by a background worker with a progress bar.

A file of more than settings.SHEET_BACKGROUND_ROWS data rows would keep the page waiting for
longer than a web server lets a request run (20,000 rows take about 20 s, 100,000 rows past
gunicorn's 30 s). Its preview, and then its import, run as a task of django-tasks (the backport
of Django 6's task framework) with its database backend: the task is a row of a table that
`manage.py db_worker` takes, so that SQLite and PostgreSQL need nothing more.

The file and what the task needs are kept on the file's SheetPreview, which also says where
the task stands (step: preview or import; status: queued, running, done, failed) and, when
done, holds its report. While it runs, its progress goes through a connection of its own
(records.sheets.progress), at most once per chunk of rows; the page polls it.

A worker that stops mid-import writes nothing: the import is one transaction, which a killed
process never commits. A worker stopped by a signal marks its task failed on the way out; one
killed outright is found out by its silence: a running task whose progress has not moved for
settings.SHEET_TASK_STALE_MINUTES is marked failed by the next task to start or the next page
to look at it (mark_stale()).
"""

import datetime
import logging

from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from import_export.signals import post_import

from records import access
from records.models import SheetPreview

from .choices import ASK, REFUSE
from .columns import is_blank
from .files.reading import read_table
from .files.table import SpreadsheetError
from .headers import HeaderNames
from .kinds import get_sheet
from .progress import ProgressBoard
from .report import ImportReport
from .services import AlreadyImported, _checksum, sheet_import

__all__ = [
    "confirm_in_background",
    "count_rows",
    "import_sheet_task",
    "mark_stale",
    "preview_in_background",
    "run_sheet_task",
    "runs_in_background",
]

logger = logging.getLogger(__name__)

Status = SheetPreview.Status
Step = SheetPreview.Step


def count_rows(data, file_name, *, limit=None, kind=None):
    """The data rows of a file (blank rows not counted), counting no further than `limit`.

    A file that cannot be read counts 0 rows: the import itself says what is wrong with it.
    With the sheet `kind`, its header is found as the import finds it, below a title.
    """
    header_score = HeaderNames.of(get_sheet(kind)).score if kind else None
    try:
        table = read_table(data, file_name, header_score=header_score)
    except SpreadsheetError:
        return 0
    count = 0
    try:
        for cells in table.rows:
            if any(not is_blank(cell) for cell in cells):
                count += 1
                if limit is not None and count > limit:
                    break
    except SpreadsheetError:
        pass
    finally:
        table.rows.close()
    return count


def runs_in_background(data, file_name, kind=None):
    """Whether a file (of the sheet `kind`) has more rows than the page should wait for."""
    limit = settings.SHEET_BACKGROUND_ROWS
    found = count_rows(data, file_name, limit=limit, kind=kind)
    if hasattr(data, "seek"):
        data.seek(0)
    return found > limit


def preview_in_background(*, kind, data, file_name, user, congress=None, reason=""):
    """Keep the file on a new SheetPreview and queue the task that previews it."""
    content = data if isinstance(data, bytes) else _read_all(data)
    preview = SheetPreview.objects.create(
        kind=kind,
        file_name=file_name[:255],
        checksum=_checksum(content),
        user=user,
        step=Step.PREVIEW,
        status=Status.QUEUED,
        in_background=True,
        data=content,
        congress_key=str(congress.pk) if congress is not None else "",
        reason=reason,
    )
    import_sheet_task.enqueue(preview.pk)
    return preview


def confirm_in_background(preview, choices=None):
    """Queue the import of a previewed file; False when it was confirmed already.

    One UPDATE that only a preview done, not refused and not yet confirmed passes, so that a
    double click queues one import. `choices` (records.sheets.choices: {row: uid or NEW}), the
    clerk's answers for the rows the preview flagged, are kept with the preview's report for
    the import to read.
    """
    if preview.refused:
        return False
    report = {**(preview.report or {}), "choices": {str(row): value for row, value in (choices or {}).items()}}
    queued = SheetPreview.objects.filter(
        pk=preview.pk, step=Step.PREVIEW, status=Status.DONE, claimed_at__isnull=True, in_background=True
    ).update(
        step=Step.IMPORT, status=Status.QUEUED, started_at=None, finished_at=None, error="", report=report
    )
    if not queued:
        return False
    import_sheet_task.enqueue(preview.pk)
    preview.refresh_from_db()
    return True


def _read_all(data):
    data.seek(0)
    content = data.read()
    data.seek(0)
    return content


@task()
def import_sheet_task(preview_id: int) -> str:
    """The task a worker runs: a preview's next step. Returns the status it ends in."""
    return run_sheet_task(preview_id)


def run_sheet_task(preview_id):
    """Run the queued step of a preview: its preview, or its import. Returns the status it ends in."""
    mark_stale()
    started = SheetPreview.objects.filter(pk=preview_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not started:
        # Run already, by another worker, or marked failed meanwhile.
        return SheetPreview.objects.filter(pk=preview_id).values_list("status", flat=True).first() or ""
    preview = SheetPreview.objects.select_related("user").get(pk=preview_id)
    board = ProgressBoard()
    try:
        report = run_step(preview, board)
    except AlreadyImported as already:
        fail(preview, str(already))
    except Exception as error:
        logger.exception("Lần nhập %s lỗi khi chạy nền.", preview_id)
        fail(preview, _("Lỗi khi chạy: %(error)s. Không có gì được ghi.") % {"error": error})
    except BaseException:
        # The worker is stopping (a second Ctrl+C, SIGTERM): the import's transaction is rolled
        # back already; say so before going.
        fail(preview, _("Tiến trình chạy nền đã bị dừng giữa chừng. Không có gì được ghi."))
        raise
    else:
        finish(preview, report)
    finally:
        board.forget(preview_id)
        board.close()
    return preview.status


def run_step(preview, board):
    """Preview or import the preview's file, writing progress to `board`; the report."""
    kind_class = get_sheet(preview.kind)
    if preview.user is None:
        raise ValueError(_("tài khoản của người nhập không còn"))
    congress = kind_class.find_congress(preview.congress_key) if preview.congress_key else None
    data = bytes(preview.data)
    importing = preview.step == Step.IMPORT
    total = sum(preview.counts) if importing else count_rows(data, preview.file_name, kind=preview.kind)
    SheetPreview.objects.filter(pk=preview.pk).update(rows_total=total)
    preview.rows_total = total
    board.write(preview.pk, total=total)

    def progress(run):
        board.write(
            preview.pk, read=run.rows_read, checked=run.rows_checked, written=run.rows_written, total=total
        )

    return sheet_import(
        kind=preview.kind,
        data=data,
        file_name=preview.file_name,
        user=preview.user,
        congress=congress,
        dry_run=not importing,
        scope=access.scope_of(preview.user),
        reason=preview.reason,
        preview=preview if importing else None,
        progress=progress,
        # A preview lists the rows that may mean records on file; the import does what the
        # clerk chose for them, and refuses a row left unchosen.
        duplicates=REFUSE if importing else ASK,
        choices=(preview.report or {}).get("choices") if importing else None,
    )


def finish(preview, report):
    """Keep the step's report; after a preview, its counts, for the import to find again."""
    preview.report = report.as_data()
    preview.status = Status.DONE
    preview.finished_at = timezone.now()
    fields = ["report", "status", "finished_at"]
    if preview.step == Step.PREVIEW:
        preview.rows_created, preview.rows_changed, preview.rows_unchanged = (
            report.created,
            report.changed,
            report.unchanged,
        )
        preview.read_at = report.read_at
        fields += ["rows_created", "rows_changed", "rows_unchanged", "read_at"]
    if preview.step == Step.IMPORT or report.refused:
        # Nothing more will be done with the file.
        preview.data = b""
        fields.append("data")
    preview.save(update_fields=fields)
    if preview.step == Step.IMPORT and report.source is not None:
        log_import(preview, report)


def fail(preview, message):
    preview.status = Status.FAILED
    preview.error = message
    preview.finished_at = timezone.now()
    preview.data = b""
    preview.save(update_fields=["status", "error", "finished_at", "data"])


def log_import(preview, report):
    """The admin's log entry for an import, as the admin writes for one done while it waited."""
    model = get_sheet(preview.kind)._meta.model
    message = _("Đã nhập tệp “%(file)s”: %(summary)s.") % {
        "file": preview.file_name,
        "summary": report.summary,
    }
    if not getattr(settings, "IMPORT_EXPORT_SKIP_ADMIN_LOG", False):
        LogEntry.objects.create(
            user_id=preview.user_id,
            content_type=ContentType.objects.get_for_model(report.source),
            object_id=str(report.source.pk),
            object_repr=str(report.source)[:200],
            action_flag=ADDITION,
            change_message=message,
        )
    post_import.send(sender=None, model=model)


def mark_stale(now=None):
    """Mark failed every running task that has given no sign of life for too long.

    Its worker was killed: its import's transaction was never committed, so nothing of it
    was written. The sign of life is its last progress write, or its start.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.SHEET_TASK_STALE_MINUTES)
    marked = 0
    running = list(SheetPreview.objects.filter(status=Status.RUNNING).only("pk", "started_at"))
    if not running:
        return 0
    with ProgressBoard(own_connection=False) as board:
        beats = {preview.pk: board.read(preview.pk) for preview in running}
    for preview in running:
        progress = beats[preview.pk]
        alive = preview.started_at or cutoff
        if progress is not None:
            alive = max(alive, datetime.datetime.fromtimestamp(progress["beat_at"], tz=datetime.UTC))
        if alive >= cutoff:
            continue
        message = _(
            "Tiến trình chạy nền đã dừng giữa chừng (không có tin gì từ %(minutes)s phút). "
            "Không có gì được ghi; hãy tải tệp lên lại."
        ) % {"minutes": settings.SHEET_TASK_STALE_MINUTES}
        marked += SheetPreview.objects.filter(pk=preview.pk, status=Status.RUNNING).update(
            status=Status.FAILED, error=message, finished_at=now, data=b""
        )
    return marked


def report_of(preview):
    """The report a preview's last step kept, or None."""
    return ImportReport.from_data(preview.report) if preview.report else None
