"""A clerk imports 20,000 people through the admin, in a real Chromium, with a worker in the background.

The preview and the import run in django-tasks' database worker (its Worker, in a thread of the
test, as `manage.py db_worker` runs it); the page's progress bar moves as the worker writes its
progress; the clerk leaves the page and comes back through "Các lần nhập của tôi".
"""

import csv
import io
import sqlite3
import threading
import time

import pytest
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from records.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 20_000
# As the site writes numbers: "20.000" (records.vietnamese.format_number).
ROWS_WRITTEN = "20.000"
# The value of the page's progress bar, or None once the page shows the result instead.
BAR_VALUE = "() => { const bar = document.getElementById('sheet-progress'); return bar ? bar.value : null; }"


@pytest.fixture
def file_database(live_server, transactional_db, article, tmp_path, monkeypatch):
    """The test database in a file, in WAL mode, while the test runs.

    SQLite's test database lives in memory, shared by a cache whose table locks make a reader
    fail at once while another connection writes; the worker's import is one long transaction
    that the pages must read beside. So it is copied to a file, which the live server (it shares
    the test's connection) and the worker's own connection open. Closing is held off on the shared
    connection: the live server closes it after every request, from its own threads.
    """
    connection = connections["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings = connection.settings_dict
    name, options = settings["NAME"], settings.get("OPTIONS", {})
    connection.ensure_connection()
    # Keeps the in-memory database alive while no Django connection is open on it.
    keeper = sqlite3.connect(name, uri=True)
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    settings["NAME"], settings["OPTIONS"] = str(path), {**options, "timeout": 30}
    # Closed for real (a connection to an in-memory database ignores close()), to open the file.
    connection.close()
    monkeypatch.setattr(connection, "close", lambda: None)
    yield
    monkeypatch.undo()
    connection.close()
    settings["NAME"], settings["OPTIONS"] = name, options
    # Back on the in-memory database before the keeper lets go of it: with no connection open, it
    # would be gone, and the next test of this process would find no tables.
    connection.ensure_connection()
    keeper.close()


@pytest.fixture
def worker(file_database):
    """django-tasks' database worker, taking tasks every 0.2 s in a thread of its own."""
    worker = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
        excluded_queue_names=[],
    )

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(timeout=60)


@pytest.fixture
def violations(page):
    """What the pages break: the console's reports of the Content Security Policy, script errors."""
    found = []
    page.on(
        "console",
        lambda message: found.append(message.text)
        if message.type == "error" and "Content Security Policy" in message.text
        else None,
    )
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def people_file(path):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Họ và tên", "Năm sinh", "Giới tính"])
    for number in range(ROWS):
        writer.writerow([f"Nguyễn Văn Thử {number}", 1950 + number % 50, "Nam" if number % 2 else "Nữ"])
    path.write_bytes(buffer.getvalue().encode())


def watch_bar(page, timeout=120):
    """The values the progress bar showed, read every 0.2 s until the page shows the result."""
    values, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = page.evaluate(BAR_VALUE)
        except Exception:
            # The page is reloading to show the result.
            value = 0
        if value is None:
            return values
        if not values or values[-1] != value:
            values.append(value)
        page.wait_for_timeout(200)
    raise AssertionError(f"Chưa xong sau {timeout} giây; thanh tiến độ: {values}")


def test_a_clerk_imports_20000_people_watching_the_progress_and_comes_back_later(
    page, log_in, worker, output_dir, violations
):
    log_in()
    people_before = Person.objects.count()
    path = output_dir / "danh-sach-20000.csv"
    people_file(path)

    page.goto("/admin/records/person/")
    page.get_by_role("link", name="Nhập từ bảng tính").click()
    page.get_by_label("Tệp bảng tính").set_input_files(path)
    page.get_by_role("button", name="Xem trước").click()

    # The preview runs in the background: a progress bar that moves, then the preview itself.
    expect(page.get_by_role("heading", name="Đang xem trước tệp “danh-sach-20000.csv”")).to_be_visible()
    page.screenshot(path=output_dir / "preview-running.png", full_page=True)
    values = watch_bar(page)
    assert any(later > earlier for earlier, later in zip(values, values[1:])), values
    expect(page.locator("#count-new")).to_have_text(ROWS_WRITTEN, timeout=60_000)
    expect(page.locator("#sheet-preview tr.new")).to_have_count(50)
    assert Person.objects.count() == people_before

    page.get_by_role("button", name="Xác nhận nhập").click()

    # The import starts; the clerk leaves the page while it runs.
    expect(page.get_by_role("heading", name="Đang nhập tệp “danh-sach-20000.csv”")).to_be_visible()
    page.screenshot(path=output_dir / "import-running.png", full_page=True)
    page.goto("/admin/")

    # And comes back through the import page's link to their imports.
    page.goto("/admin/records/person/import/")
    page.get_by_role("link", name="Các lần nhập của tôi").click()
    row = page.locator("#sheet-imports tbody tr").filter(has_text="danh-sach-20000.csv")
    deadline = time.monotonic() + 90
    while "Đã nhập" not in row.locator("td.state").inner_text():
        assert time.monotonic() < deadline, row.inner_text()
        page.wait_for_timeout(1000)
        page.reload()
    page.screenshot(path=output_dir / "my-imports.png", full_page=True)
    row.get_by_role("link", name="danh-sach-20000.csv").click()

    expect(
        page.get_by_role(
            "heading", name=f"Đã nhập tệp “danh-sach-20000.csv”: {ROWS_WRITTEN} mới, 0 thay đổi, 0 không đổi."
        )
    ).to_be_visible()
    assert Person.objects.count() == people_before + ROWS
    assert violations == []
