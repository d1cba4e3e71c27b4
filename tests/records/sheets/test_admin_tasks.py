"""The admin's pages of a long import: its progress bar and JSON, its result, and a clerk's imports.

SHEET_BACKGROUND_ROWS is lowered so that a few rows make a long file; the task a page queues is
run by calling it, as the worker would (records.sheets.tasks.run_sheet_task).
"""

import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from records.models import Membership, SheetPreview
from records.sheets.kinds import get_sheet
from records.sheets.progress import ProgressBoard
from records.sheets.tasks import run_sheet_task
from tests.records.sheets.roster import member, roster

IMPORT_URL = "/admin/records/membership/import/"
MINE_URL = "/admin/records/membership/import/mine/"

Status = SheetPreview.Status


@pytest.fixture(autouse=True)
def long_files(settings):
    settings.SHEET_BACKGROUND_ROWS = 3


@pytest.fixture
def clerk(client, django_user_model, committee):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw")
    client.force_login(user)
    return user


def five_members():
    return roster(*[member(f"Nguyễn Văn Thứ {number}", 1960 + number) for number in range(5)])


def upload(client, content, name="danh-sach-bch.xlsx"):
    fields = {"import_file": SimpleUploadedFile(name, content), "reason": "Bầu bổ sung"}
    return client.post(IMPORT_URL, fields)


def task_url(preview, view=""):
    return f"/admin/records/membership/import/task/{preview.token}/{view}"


def page_messages(response):
    return [
        html.unescape(message)
        for message in re.findall(r'<li class="(?:success|warning|error|info)">(.*?)</li>', response.text)
    ]


def test_a_long_file_is_queued_and_its_page_shows_a_progress_bar(client, clerk):
    response = upload(client, five_members())

    preview = SheetPreview.objects.get()
    assert response.status_code == 302 and response["Location"] == task_url(preview)
    assert preview.status == Status.QUEUED and preview.reason == "Bầu bổ sung"
    page = client.get(task_url(preview))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'Đang xem trước tệp “danh-sach-bch.xlsx”' in text
    progress = re.search(r'<progress id="sheet-progress"[^>]*>', text).group(0)
    assert f'data-url="{task_url(preview, "progress/")}"' in progress and 'value="0"' in progress
    assert "Đang chờ tiến trình chạy nền nhận việc…" in text
    # The bar moves by a script of the site's own: the Content Security Policy allows no other.
    script = '<script src="/static/records/sheet_progress.js" defer>'
    assert re.findall(r"<script[^>]*>", text).count(script) == 1
    assert "<script>" not in text and " style=" not in text
    assert f'href="{MINE_URL}"' in text
    assert Membership.objects.count() == 0


def test_a_short_file_is_still_previewed_while_the_page_waits(client, clerk):
    response = upload(client, roster(member("An", 1970), member("Bình", 1971)))

    assert response.status_code == 200
    assert '<strong id="count-new">2</strong>' in response.content.decode()
    assert SheetPreview.objects.get().in_background is False


def test_the_progress_view_tells_the_rows_read_checked_and_written(client, clerk):
    upload(client, five_members())
    preview = SheetPreview.objects.get()
    SheetPreview.objects.filter(pk=preview.pk).update(
        status=Status.RUNNING, step=SheetPreview.Step.IMPORT, rows_total=20000, started_at=timezone.now()
    )
    with ProgressBoard() as board:
        board.write(preview.pk, read=4000, checked=4000, written=3500, total=20000)
        response = client.get(task_url(preview, "progress/"))
        board.forget(preview.pk)

    assert response["Content-Type"] == "application/json" and "no-store" in response["Cache-Control"]
    assert response.json() == {
        "step": "import",
        "status": "running",
        "finished": False,
        "read": 4000,
        "checked": 4000,
        "written": 3500,
        "total": 20000,
        "text": "Đã đọc 4.000, đã kiểm tra 4.000, đã ghi 3.500 trong 20.000 dòng.",
    }


def test_a_finished_preview_shows_its_report_then_its_import_shows_the_result(client, clerk):
    upload(client, five_members())
    preview = SheetPreview.objects.get()
    run_sheet_task(preview.pk)

    assert client.get(task_url(preview, "progress/")).json()["finished"] is True
    text = client.get(task_url(preview)).content.decode()
    assert '<strong id="count-new">5</strong>' in text
    assert f'<form action="{task_url(preview, "confirm/")}" method="post" id="sheet-confirm">' in text
    assert "Lý do: Bầu bổ sung" in text

    response = client.post(task_url(preview, "confirm/"))
    assert response.status_code == 302 and response["Location"] == task_url(preview)
    assert "Đang nhập tệp “danh-sach-bch.xlsx”" in client.get(task_url(preview)).content.decode()
    # A second click queues nothing.
    client.post(task_url(preview, "confirm/"))
    run_sheet_task(preview.pk)

    page = client.get(task_url(preview))
    text = html.unescape(page.content.decode())
    assert "Đã nhập tệp “danh-sach-bch.xlsx”: 5 mới, 0 thay đổi, 0 không đổi." in text
    assert 'id="sheet-confirm"' not in text and 'id="sheet-changelist"' in text
    assert Membership.objects.count() == 5
    again = client.post(task_url(preview, "confirm/"), follow=True)
    assert any(message.startswith("Tệp này đã được nhập lúc") for message in page_messages(again))
    assert Membership.objects.count() == 5


def test_a_failed_task_shows_what_went_wrong_and_the_upload_form(client, clerk):
    upload(client, five_members())
    preview = SheetPreview.objects.get()
    SheetPreview.objects.filter(pk=preview.pk).update(status=Status.FAILED, error="Lỗi khi chạy: ổ đĩa đầy.")

    text = client.get(task_url(preview)).content.decode()

    assert '<p class="errornote" id="sheet-task-error">Lỗi khi chạy: ổ đĩa đầy.</p>' in text
    assert 'id="sheet-upload"' in text


def test_a_page_that_finds_a_dead_task_marks_it_failed(client, clerk, settings):
    settings.SHEET_TASK_STALE_MINUTES = 10
    upload(client, five_members())
    preview = SheetPreview.objects.get()
    SheetPreview.objects.filter(pk=preview.pk).update(
        status=Status.RUNNING, started_at=timezone.now() - datetime.timedelta(minutes=11)
    )

    progress = client.get(task_url(preview, "progress/")).json()

    assert progress["status"] == "failed" and progress["finished"] is True
    assert progress["text"] == "Lỗi khi chạy"


def test_a_task_is_seen_only_by_who_started_it(client, clerk, django_user_model):
    upload(client, five_members())
    preview = SheetPreview.objects.get()
    other = django_user_model.objects.create_superuser("other", "other@example.invalid", "pw")
    client.force_login(other)

    assert client.get(task_url(preview)).status_code == 404
    assert client.get(task_url(preview, "progress/")).status_code == 404
    assert client.post(task_url(preview, "confirm/")).status_code == 404
    assert "danh-sach-bch.xlsx" not in client.get(MINE_URL).content.decode()
    # Nor under the admin of another kind.
    client.force_login(clerk)
    assert client.get(f"/admin/records/person/import/task/{preview.token}/").status_code == 404


def test_my_imports_lists_the_users_imports_with_where_they_stand(client, clerk):
    upload(client, five_members(), name="dai-hoi.xlsx")
    queued = SheetPreview.objects.get()
    upload(client, roster(member("An", 1970)), name="bo-sung.xlsx")

    response = client.get(MINE_URL)
    text = html.unescape(response.content.decode())

    assert response.status_code == 200
    rows = re.findall(r"<tr class=\"(\w+)\">(.*?)</tr>", text, re.S)
    assert [status for status, _ in rows] == ["done", "queued"]
    assert "bo-sung.xlsx" in rows[0][1] and "Đã xem trước, chờ xác nhận" in rows[0][1]
    assert f'<a href="{task_url(queued)}">dai-hoi.xlsx</a>' in rows[1][1] and "Chờ xem trước" in rows[1][1]
    assert f"<td>{get_sheet('memberships').sheet_title()}</td>" in rows[1][1]
    # The import page links to it.
    assert f'href="{MINE_URL}"' in client.get(IMPORT_URL).content.decode()


def test_my_imports_says_when_there_are_none(client, clerk):
    assert "Bạn chưa nhập tệp nào." in client.get(MINE_URL).content.decode()
