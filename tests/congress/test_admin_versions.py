"""Tests for records.admin.versions on a congress's page: its inline rows (attendance) carry their
versions, a row changed or deleted by someone else since the page was opened is refused when the
clerk changed it too, and left alone when they did not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import Attendance, Congress
from records.versions import current_version, moment_text
from tests.admin_forms import errors_of, opened, posted_by_page, two_clerks  # noqa: F401 (a fixture)
from tests.congress.factories import AttendanceFactory, CongressFactory
from tests.records.factories import PersonFactory

pytestmark = pytest.mark.django_db

ROW_STALE = "Dòng này đã được người khác sửa sau khi bạn mở trang:"
ROWS_STALE = "1 dòng đã được người khác sửa hoặc xóa sau khi bạn mở trang; xem ở dòng đó."


@pytest.fixture
def congress():
    congress = CongressFactory(slogan="Đoàn kết")
    for name in ("Nguyễn Văn An", "Lê Thị Bình"):
        AttendanceFactory(congress=congress, person=PersonFactory(full_name=name), title="Đại biểu")
    return congress


def url_of(record):
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/change/"


def row_prefix(form, attendance):
    """The prefix of the attendance's row in a posted congress form ("attendances-0")."""
    [name] = [name for name, value in form.items() if name.endswith("-id") and value == [str(attendance.pk)]]
    return name.removesuffix("-id")


def edited(form, **values):
    return {**form, **{name: [value] for name, value in values.items()}}


def test_every_row_carries_its_version(two_clerks, congress):
    an, _lan = two_clerks
    form = opened(an, url_of(congress))

    for attendance in congress.attendances.all():
        assert form[f"{row_prefix(form, attendance)}-record_version"] == [str(current_version(attendance))]


def test_a_row_both_changed_is_refused_naming_the_change_and_reapplied_when_saved_again(two_clerks, congress):
    an, lan = two_clerks
    first = congress.attendances.order_by("pk").first()
    form_an = opened(an, url_of(congress))
    form_lan = opened(lan, url_of(congress))
    row = row_prefix(form_an, first)
    lan_saved = lan.post(url_of(congress), edited(form_lan, **{f"{row}-title": "Chủ tịch đoàn"}))
    assert lan_saved.status_code == 302
    saved_at = moment_text(first.history.latest("history_id").history_date)

    an_changed = edited(form_an, slogan="Đổi mới", **{f"{row}-title": "Đoàn chủ tịch"})
    refused = an.post(url_of(congress), an_changed)

    assert refused.status_code == 200
    errors = errors_of(refused)
    assert ROWS_STALE in errors
    [message] = [error for error in errors if error.startswith(ROW_STALE)]
    assert f"Trần Thị Lan đã sửa lúc {saved_at}: Chức danh khi dự: Đại biểu → Chủ tịch đoàn" in message
    assert "Cả bạn và người kia cùng sửa: Chức danh khi dự (trang giữ giá trị của bạn)." in message
    first.refresh_from_db()
    assert first.title == "Chủ tịch đoàn"
    assert Congress.objects.get(pk=congress.pk).slogan == "Đoàn kết"

    merged = posted_by_page(refused.content)
    assert merged[f"{row}-record_version"] == [str(current_version(first))]
    assert an.post(url_of(congress), merged).status_code == 302
    first.refresh_from_db()
    assert first.title == "Đoàn chủ tịch"
    assert Congress.objects.get(pk=congress.pk).slogan == "Đổi mới"


def test_a_row_changed_by_someone_else_and_left_alone_is_not_saved_over(two_clerks, congress):
    an, lan = two_clerks
    first = congress.attendances.order_by("pk").first()
    form_an = opened(an, url_of(congress))
    # Lan changes the row on its own page; An changes only the congress's slogan.
    attendance_form = opened(lan, url_of(first))
    assert lan.post(url_of(first), edited(attendance_form, title="Chủ tịch đoàn")).status_code == 302

    saved = an.post(url_of(congress), edited(form_an, slogan="Đổi mới"))

    assert saved.status_code == 302
    first.refresh_from_db()
    assert first.title == "Chủ tịch đoàn"
    assert Congress.objects.get(pk=congress.pk).slogan == "Đổi mới"
    assert first.history.count() == 2


def test_a_row_deleted_by_someone_else_that_the_clerk_changed_is_refused_until_ticked_deleted(
    two_clerks, congress
):
    an, lan = two_clerks
    first, second = congress.attendances.order_by("pk")
    form_an = opened(an, url_of(congress))
    row, other_row = row_prefix(form_an, first), row_prefix(form_an, second)
    assert lan.post(url_of(first).replace("/change/", "/delete/"), {"post": "yes"}).status_code == 302
    deleted_at = moment_text(first.history.latest("history_id").history_date)

    refused = an.post(
        url_of(congress), edited(form_an, **{f"{row}-title": "Khách mời", f"{other_row}-title": "Thư ký"})
    )

    assert refused.status_code == 200
    errors = errors_of(refused)
    assert ROWS_STALE in errors
    assert (
        f"Dòng này đã bị xóa sau khi bạn mở trang: Trần Thị Lan đã xóa lúc {deleted_at}. "
        "Đánh dấu “Xóa” ở dòng này để lưu các thay đổi khác (bản ghi giữ như người kia để lại), "
        "hoặc tải lại trang." in errors
    )
    second.refresh_from_db()
    assert second.title == "Đại biểu"
    # The page shows both rows, in their places, the deleted one with its box to tick.
    again = posted_by_page(refused.content)
    assert again[f"{row}-id"] == [str(first.pk)] and again[f"{other_row}-id"] == [str(second.pk)]
    assert f'name="{row}-DELETE"' in refused.content.decode()

    saved = an.post(url_of(congress), {**again, f"{row}-DELETE": ["on"]})

    assert saved.status_code == 302
    second.refresh_from_db()
    assert second.title == "Thư ký"
    assert not Attendance.objects.filter(pk=first.pk).exists()


def test_a_row_deleted_by_someone_else_and_left_alone_stays_deleted(two_clerks, congress):
    an, lan = two_clerks
    first = congress.attendances.order_by("pk").first()
    form_an = opened(an, url_of(congress))
    lan.post(url_of(first).replace("/change/", "/delete/"), {"post": "yes"})

    saved = an.post(url_of(congress), edited(form_an, slogan="Đổi mới"))

    assert saved.status_code == 302
    assert not Attendance.objects.filter(pk=first.pk).exists()
    assert Congress.objects.get(pk=congress.pk).slogan == "Đổi mới"


def test_the_congress_page_reads_the_versions_of_all_its_rows_in_one_query_each(two_clerks):
    an, _lan = two_clerks

    def history_reads(rows):
        congress = CongressFactory()
        AttendanceFactory.create_batch(rows, congress=congress)
        with CaptureQueriesContext(connection) as shown:
            form = opened(an, url_of(congress))
        with CaptureQueriesContext(connection) as saved:
            assert an.post(url_of(congress), edited(form, slogan="Đổi mới")).status_code == 302
        return [
            sorted(
                table
                for query in queries.captured_queries
                for table in ("historicalcongress", "historicalattendance")
                if query["sql"].startswith("SELECT") and f"congress_{table}" in query["sql"]
            )
            for queries in (shown, saved)
        ]

    # The congress's version, and its attendances' (its empty inlines ask nothing), when the page
    # is shown and when it is saved; the save also reads the history row it wrote, to copy its
    # sources to it (RecordForm._save_m2m).
    both = ["historicalattendance", "historicalcongress"]
    assert history_reads(5) == history_reads(50) == [both, [*both, "historicalcongress"]]
