"""Tests of the background task that previews and imports a long file (records.sheets.tasks).

The task is run here by calling it (run_sheet_task), in the test's own thread, as a worker
would run it; SHEET_BACKGROUND_ROWS is lowered so that a few rows make a long file.
"""

import datetime
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.test import override_settings
from django.utils import timezone

from records.models import Membership, Person, SheetPreview, Source
from records.sheets import tasks
from records.sheets.progress import ProgressBoard, progress_of
from records.sheets.run import ImportRun
from tests.records.sheets.roster import import_roster, member, roster
from tests.sheet_files import database_rows

pytestmark = pytest.mark.django_db

Status = SheetPreview.Status
Step = SheetPreview.Step


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw")


def five_members():
    return roster(*[member(f"Nguyễn Văn Thứ {number}", 1960 + number) for number in range(5)])


def queue_preview(clerk, content=None, **kwargs):
    return tasks.preview_in_background(
        kind="memberships",
        data=content or five_members(),
        file_name="danh-sach-bch.xlsx",
        user=clerk,
        **kwargs,
    )


def test_a_file_past_the_setting_runs_in_the_background(committee):
    with override_settings(SHEET_BACKGROUND_ROWS=5):
        assert not tasks.runs_in_background(five_members(), "danh-sach-bch.xlsx")
    with override_settings(SHEET_BACKGROUND_ROWS=4):
        assert tasks.runs_in_background(five_members(), "danh-sach-bch.xlsx")


def test_count_rows_skips_blank_rows_and_stops_past_its_limit():
    content = roster(member("An", 1970), ["", "", "", "", "", "", "", "", ""], member("Bình", 1971))

    assert tasks.count_rows(content, "a.xlsx") == 2
    assert tasks.count_rows(content, "a.xlsx", limit=1) == 2
    assert tasks.count_rows(b"\x00not a spreadsheet", "a.xlsx") == 0


def test_a_queued_preview_keeps_its_file_and_waits_for_a_worker(committee, clerk):
    content = five_members()
    preview = queue_preview(clerk, content, reason="Kết quả bầu cử")

    preview.refresh_from_db()
    assert (preview.step, preview.status, preview.in_background) == (Step.PREVIEW, Status.QUEUED, True)
    assert bytes(preview.data) == content and preview.reason == "Kết quả bầu cử"
    assert str(preview.state) == "Chờ xem trước"
    assert Membership.objects.count() == 0


def test_the_task_previews_then_imports_the_file_reporting_progress_per_chunk(committee, clerk, monkeypatch):
    monkeypatch.setattr("records.sheets.run.CHUNK_ROWS", 2)
    seen = []
    write = ProgressBoard.write

    def recording(self, preview_id, **counts):
        seen.append(counts)
        write(self, preview_id, **counts)

    monkeypatch.setattr(ProgressBoard, "write", recording)
    preview = queue_preview(clerk)

    assert tasks.run_sheet_task(preview.pk) == Status.DONE

    preview.refresh_from_db()
    assert (preview.status, preview.counts, preview.rows_total) == (Status.DONE, (5, 0, 0), 5)
    assert preview.report["counts"] == [5, 0, 0] and preview.report["dry_run"] is True
    assert str(preview.state) == "Đã xem trước, chờ xác nhận"
    assert Membership.objects.count() == 0
    # Counted first, then once per chunk of 2 rows: 2, 4, 5.
    assert [counts.get("checked", 0) for counts in seen] == [0, 2, 4, 5]
    assert {counts["total"] for counts in seen} == {5}
    # Its progress is dropped once the preview holds the outcome.
    assert progress_of(preview.pk) is None

    seen.clear()
    assert tasks.confirm_in_background(preview)
    assert (preview.step, preview.status) == (Step.IMPORT, Status.QUEUED)
    assert tasks.run_sheet_task(preview.pk) == Status.DONE

    preview.refresh_from_db()
    assert Membership.objects.count() == 5 and Person.objects.count() == 5
    assert preview.claimed_at is not None and preview.source == Source.objects.get()
    assert preview.report["dry_run"] is False and preview.report["source"] == preview.source.pk
    assert bytes(preview.data) == b"" and str(preview.state) == "Đã nhập"
    assert [(counts.get("checked", 0), counts.get("written", 0)) for counts in seen] == [
        (0, 0),
        (2, 2),
        (4, 4),
        (5, 5),
    ]
    entry = LogEntry.objects.get()
    assert entry.user == clerk and entry.object_id == str(preview.source.pk)
    assert entry.change_message == "Đã nhập tệp “danh-sach-bch.xlsx”: 5 mới, 0 thay đổi, 0 không đổi."


def test_a_preview_is_queued_for_import_once(committee, clerk):
    preview = queue_preview(clerk)
    tasks.run_sheet_task(preview.pk)
    preview.refresh_from_db()

    assert tasks.confirm_in_background(preview)
    again = SheetPreview.objects.get(pk=preview.pk)
    assert not tasks.confirm_in_background(again)
    tasks.run_sheet_task(preview.pk)
    # A task run again finds nothing queued, and writes nothing more.
    assert tasks.run_sheet_task(preview.pk) == Status.DONE
    assert Membership.objects.count() == 5 and Source.objects.count() == 1


def test_a_refused_file_is_reported_and_cannot_be_confirmed(committee, clerk):
    content = roster(member("An", 1970), member("Bình", 1971, start="31/2/2025"))
    preview = queue_preview(clerk, content)

    tasks.run_sheet_task(preview.pk)

    preview.refresh_from_db()
    assert preview.status == Status.DONE and preview.refused and str(preview.state) == "Bị từ chối"
    assert preview.report["errors"][0][:3] == [3, "Từ ngày", "31/2/2025"]
    assert bytes(preview.data) == b""
    assert not tasks.confirm_in_background(preview)


def test_an_import_that_finds_the_records_changed_since_its_preview_is_refused(committee, clerk):
    preview = queue_preview(clerk)
    tasks.run_sheet_task(preview.pk)
    preview.refresh_from_db()
    # When the task read the records, not when the preview was queued.
    assert preview.created_at < preview.read_at
    import_roster(roster(member("Nguyễn Văn Thứ 0", 1960)))
    before = database_rows()

    tasks.confirm_in_background(preview)
    tasks.run_sheet_task(preview.pk)

    preview.refresh_from_db()
    assert preview.refused and preview.claimed_at is None and str(preview.state) == "Bị từ chối"
    # The row naming the person someone added since the preview (records.sheets.edits).
    row, _column, _value, message = preview.report["errors"][0]
    assert row == 2 and message.startswith("Người “Nguyễn Văn Thứ 0 (1960)” đã được thêm lúc ")
    assert database_rows() == before


def test_a_task_that_fails_midway_writes_nothing_and_is_marked_failed(committee, clerk, monkeypatch):
    monkeypatch.setattr("records.sheets.run.CHUNK_ROWS", 2)
    preview = queue_preview(clerk)
    tasks.run_sheet_task(preview.pk)
    preview.refresh_from_db()
    tasks.confirm_in_background(preview)
    import_chunk = ImportRun.import_chunk

    def failing(self, dataset, row_numbers):
        if self.rows_read > 2:
            raise RuntimeError("ổ đĩa đầy")
        import_chunk(self, dataset, row_numbers)

    monkeypatch.setattr(ImportRun, "import_chunk", failing)

    assert tasks.run_sheet_task(preview.pk) == Status.FAILED

    preview.refresh_from_db()
    assert preview.error == "Lỗi khi chạy: ổ đĩa đầy. Không có gì được ghi."
    assert str(preview.state) == "Lỗi khi chạy" and preview.claimed_at is None
    assert Membership.objects.count() == 0 and Source.objects.count() == 0


def test_a_worker_stopped_by_a_signal_marks_its_task_failed_and_writes_nothing(committee, clerk, monkeypatch):
    preview = queue_preview(clerk)
    tasks.run_sheet_task(preview.pk)
    preview.refresh_from_db()
    tasks.confirm_in_background(preview)

    def stopped(self, dataset, row_numbers):
        raise SystemExit(1)

    monkeypatch.setattr(ImportRun, "import_chunk", stopped)

    with pytest.raises(SystemExit):
        tasks.run_sheet_task(preview.pk)

    preview.refresh_from_db()
    assert preview.status == Status.FAILED and "dừng giữa chừng" in preview.error
    assert Membership.objects.count() == 0


@override_settings(SHEET_TASK_STALE_MINUTES=10)
def test_a_running_task_silent_for_too_long_is_marked_failed(committee, clerk):
    """A worker killed outright (kill -9) leaves its task running; its silence gives it away."""
    dead = queue_preview(clerk)
    alive = queue_preview(clerk)
    long_ago = timezone.now() - datetime.timedelta(minutes=30)
    SheetPreview.objects.filter(pk__in=[dead.pk, alive.pk]).update(status=Status.RUNNING, started_at=long_ago)
    with ProgressBoard() as board:
        # The live one wrote its progress a moment ago; the dead one 11 minutes ago.
        board.write(alive.pk, read=2000, checked=2000, total=5000)
        board.write(dead.pk, read=2000, checked=2000, total=5000)
        eleven_minutes_ago = time.time() - 11 * 60
        with board.connection.cursor() as cursor:
            cursor.execute(
                "UPDATE records_sheetprogress SET beat_at = %s WHERE preview_id = %s",
                [eleven_minutes_ago, dead.pk],
            )

        assert tasks.mark_stale() == 1

        dead.refresh_from_db()
        alive.refresh_from_db()
        assert dead.status == Status.FAILED and str(dead.state) == "Lỗi khi chạy"
        assert dead.error.startswith("Tiến trình chạy nền đã dừng giữa chừng (không có tin gì từ 10 phút)")
        assert alive.status == Status.RUNNING
        board.forget(alive.pk)
        board.forget(dead.pk)


def test_the_next_task_to_start_marks_a_dead_one_failed(committee, clerk):
    dead = queue_preview(clerk)
    SheetPreview.objects.filter(pk=dead.pk).update(
        status=Status.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    nxt = queue_preview(clerk)

    tasks.run_sheet_task(nxt.pk)

    dead.refresh_from_db()
    assert dead.status == Status.FAILED


def test_a_task_of_a_user_deleted_meanwhile_fails_with_a_message(committee, clerk):
    preview = queue_preview(clerk)
    clerk.delete()

    assert tasks.run_sheet_task(preview.pk) == Status.FAILED
    preview.refresh_from_db()
    assert preview.error == "Lỗi khi chạy: tài khoản của người nhập không còn. Không có gì được ghi."


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}})
def test_the_task_runs_through_django_tasks(committee, clerk):
    """Queued through django-tasks (its immediate backend runs it at once), not only called."""
    preview = queue_preview(clerk)

    preview.refresh_from_db()
    assert preview.status == Status.DONE and preview.counts == (5, 0, 0)
