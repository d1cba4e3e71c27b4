"""Tests that an import happens once: a confirmation clicked twice, two confirmations at once,
two `import_sheet` of one file at once, and records that changed between preview and confirm.

The concurrent tests run two threads, each with its own database connection, on a database
whose writes they commit (transaction=True), as two gunicorn workers or two commands would.
"""

import copy
import html
import io
import re
import sqlite3
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from records.models import Membership, Person, SheetPreview, Source
from records.models.organisations import OrganisationKind
from records.sheets import services
from records.sheets.run import ImportRun
from records.sheets.services import AlreadyImported, sheet_preview_keep
from tests.records.factories import OrganisationFactory
from tests.records.sheets.roster import COMMITTEE, import_roster, member, messages, roster
from tests.sheet_files import database_rows

IMPORT_URL = "/admin/records/membership/import/"
CONFIRM_URL = "/admin/records/membership/process_import/"
CHANGELIST_URL = "/admin/records/membership/"
# The message a second confirmation gets, with the local time and date of the first.
ALREADY_IMPORTED = re.compile(
    r"Tệp này đã được nhập lúc \d{2}:\d{2} ngày \d{1,2}/\d{1,2}/\d{4}; lần xác nhận này không ghi gì."
)


def three_members():
    return roster(member("Nguyễn Văn An", 1970), member("Trần Thị Bình", 1975), member("Lê Văn Cường", 1968))


def make_committee():
    return OrganisationFactory(name=COMMITTEE, kind=OrganisationKind.EXECUTIVE_COMMITTEE, seat_count=27)


def log_in_clerk(client, django_user_model):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw")
    client.force_login(user)
    return user


def preview(client, content, name="danh-sach-bch.xlsx"):
    """Upload a file in the admin: the preview page, with its confirm button."""
    response = client.post(IMPORT_URL, {"import_file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and 'id="sheet-confirm"' in response.content.decode()
    return response.content.decode()


def confirm_fields(page):
    """The hidden fields the preview's confirm button posts."""
    fields = re.findall(
        r'name="(import_file_name|original_file_name|congress|reason|preview)" value="([^"]*)"', page
    )
    return {"congress": "", **{name: html.unescape(value) for name, value in fields}}


def page_messages(response):
    """The messages a page shows, read from the page: a response's context is not kept per thread."""
    return [
        html.unescape(message)
        for message in re.findall(r'<li class="(?:success|warning|error|info)">(.*?)</li>', response.text)
    ]


def slow_imports(monkeypatch, seconds=0.5):
    """Make every import dwell inside its transaction, so that two started together overlap."""
    import_rows = ImportRun.import_rows

    def dwelling(self, rows):
        threading.Event().wait(seconds)
        return import_rows(self, rows)

    monkeypatch.setattr(ImportRun, "import_rows", dwelling)


def run_together(*calls):
    """Run the calls in threads started at once; their results, in order (or what they raised)."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test asserts on it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def shared_database(transactional_db, tmp_path, monkeypatch):
    """The test database as other threads' connections see it, waiting for each other's writes.

    On PostgreSQL that is the test database itself. SQLite's test database lives in memory,
    shared by a cache whose locks do not wait, so for these tests it is copied to a file,
    which every thread's new connection opens with a busy timeout.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    in_memory = connections["default"]
    settings = connections.settings["default"]
    monkeypatch.setitem(
        connections.settings,
        "default",
        {**settings, "NAME": str(path), "OPTIONS": {**settings.get("OPTIONS", {}), "timeout": 60}},
    )
    del connections["default"]
    yield
    connections["default"].close()
    connections["default"] = in_memory


# A confirmation clicked twice ##############################################


def test_a_preview_confirmed_twice_imports_once_and_says_when(client, django_user_model, committee):
    log_in_clerk(client, django_user_model)
    fields = confirm_fields(preview(client, three_members()))

    first = client.post(CONFIRM_URL, fields, follow=True)
    after_first = database_rows()
    second = client.post(CONFIRM_URL, fields, follow=True)

    assert first.redirect_chain == [(CHANGELIST_URL, 302)]
    assert page_messages(first) == ["Đã nhập tệp “danh-sach-bch.xlsx”: 3 mới, 0 thay đổi, 0 không đổi."]
    assert second.status_code == 200 and second.redirect_chain == [(CHANGELIST_URL, 302)]
    [message] = page_messages(second)
    assert ALREADY_IMPORTED.fullmatch(message)
    claimed = timezone.localtime(SheetPreview.objects.get().claimed_at)
    assert f"lúc {claimed:%H:%M} ngày {claimed.day}/{claimed.month}/{claimed.year};" in message
    assert database_rows() == after_first
    assert Membership.objects.count() == 3
    source = Source.objects.get()
    assert SheetPreview.objects.get().source == source


def test_a_refused_confirmation_leaves_its_preview_to_be_confirmed_again(
    client, django_user_model, committee
):
    log_in_clerk(client, django_user_model)
    page = preview(client, roster(member("Phạm Thị Hà")))
    # Meanwhile someone records two people of that name: the confirmation is refused.
    Person.objects.create(full_name="Phạm Thị Hà", birth_year=1985)
    Person.objects.create(full_name="Phạm Thị Hà", birth_year=1990)
    before = database_rows()

    refused = client.post(CONFIRM_URL, confirm_fields(page))

    assert refused.status_code == 200 and "Có 2 người cùng tên “Phạm Thị Hà”" in refused.content.decode()
    assert database_rows() == before
    assert SheetPreview.objects.get().claimed_at is None


def test_a_confirmation_whose_kept_file_is_gone_answers_with_a_message(client, django_user_model, committee):
    log_in_clerk(client, django_user_model)
    fields = confirm_fields(preview(client, three_members()))
    client.post(CONFIRM_URL, fields, follow=True)
    # The file went with the first confirmation; the second finds its preview claimed.
    SheetPreview.objects.update(claimed_at=None, source=None)
    Membership.objects.all().delete()

    response = client.post(CONFIRM_URL, fields, follow=True)

    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert page_messages(response) == ["Không tìm thấy tệp cần nhập; hãy tải tệp lên lại."]
    assert not Membership.objects.exists()


def test_a_preview_is_confirmed_only_by_who_made_it(client, django_user_model, committee):
    log_in_clerk(client, django_user_model)
    fields = confirm_fields(preview(client, three_members()))
    other = Client()
    other.force_login(django_user_model.objects.create_superuser("other", "other@example.invalid", "pw"))

    response = other.post(CONFIRM_URL, fields, follow=True)

    assert page_messages(response) == ["Không tìm thấy tệp cần nhập; hãy tải tệp lên lại."]
    assert not Membership.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_preview_confirmed_twice_at_once_imports_once(shared_database, django_user_model, monkeypatch):
    make_committee()
    clerk = Client()
    log_in_clerk(clerk, django_user_model)
    fields = confirm_fields(preview(clerk, three_members()))
    slow_imports(monkeypatch)

    def press_confirm():
        button = Client()
        # The session, not the jar: each button gets its own messages back.
        button.cookies = copy.deepcopy(clerk.cookies)
        return button.post(CONFIRM_URL, fields, follow=True)

    results = run_together(press_confirm, press_confirm)

    assert not [result for result in results if isinstance(result, Exception)], results
    assert all(response.status_code == 200 for response in results)
    said = [message for response in results for message in page_messages(response)]
    imported = "Đã nhập tệp “danh-sach-bch.xlsx”: 3 mới, 0 thay đổi, 0 không đổi."
    assert len(said) == 2 and imported in said, said
    said.remove(imported)
    assert ALREADY_IMPORTED.fullmatch(said[0])
    assert (Membership.objects.count(), Person.objects.count(), Source.objects.count()) == (3, 3, 1)


# Two imports of one file at once ###########################################


@pytest.mark.django_db(transaction=True)
def test_two_import_sheet_of_one_file_at_once_write_it_once(shared_database, tmp_path, monkeypatch):
    make_committee()
    path = tmp_path / "danh-sach-bch.xlsx"
    path.write_bytes(three_members())
    slow_imports(monkeypatch)

    def import_sheet():
        output = io.StringIO()
        call_command("import_sheet", "memberships", str(path), stdout=output)
        return output.getvalue()

    results = run_together(import_sheet, import_sheet)

    assert not [result for result in results if isinstance(result, Exception)], results
    summaries = sorted(result.splitlines()[0] for result in results)
    assert summaries == [
        "Tệp “danh-sach-bch.xlsx” (chức vụ đảm nhiệm): 0 mới, 0 thay đổi, 3 không đổi.",
        "Tệp “danh-sach-bch.xlsx” (chức vụ đảm nhiệm): 3 mới, 0 thay đổi, 0 không đổi.",
    ]
    assert (Membership.objects.count(), Person.objects.count(), Source.objects.count()) == (3, 3, 1)


# Records that changed between preview and confirm ##########################


def test_a_confirmation_after_the_records_changed_is_refused_saying_what_changed(
    client, django_user_model, committee
):
    log_in_clerk(client, django_user_model)
    page = preview(client, three_members())
    # Meanwhile the same file is imported from the command line: each row's person and post
    # are on file now, added after the preview (records.sheets.edits names them).
    import_roster(three_members(), file_name="ban-khac.xlsx")
    before = database_rows()

    response = client.post(CONFIRM_URL, confirm_fields(page))

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    an = Person.objects.get(full_name="Nguyễn Văn An")
    added_at = timezone.localtime(an.history.get().history_date)
    assert (
        "<td>2</td><td></td><td></td><td>Người “Nguyễn Văn An (1970)” đã được thêm lúc "
        f"{added_at:%H:%M} ngày {added_at.day}/{added_at.month}/{added_at.year} (không rõ ai), "
        "sau khi tệp được xem trước. "
        "Không có gì được ghi; hãy tải tệp lên lại để xem trước.</td>" in text
    )
    assert text.count("sau khi tệp được xem trước") == 6
    assert database_rows() == before
    assert SheetPreview.objects.get().claimed_at is None


def test_sheet_import_refuses_counts_other_than_its_previews(committee):
    content = roster(member("Nguyễn Văn An", 1970), member("Trần Thị Bình", 1975))
    import_roster(roster(member("Nguyễn Văn An", 1970)))
    report = import_roster(content, dry_run=True)
    kept = sheet_preview_keep(report=report, data=content)
    # Meanwhile An's post is deleted: no record a row matches was edited, but the row is new now.
    Membership.objects.get().delete()
    before = database_rows()

    refused = import_roster(content, preview=kept)

    assert messages(refused) == [
        "Dữ liệu đã thay đổi kể từ lúc xem trước: mới 1 → 2, không đổi 1 → 0. Không có gì được ghi; "
        "hãy tải tệp lên lại để xem trước."
    ]
    assert database_rows() == before
    kept.refresh_from_db()
    assert kept.claimed_at is None and kept.source is None


def test_sheet_import_claims_its_preview_once(committee):
    content = three_members()
    kept = sheet_preview_keep(report=import_roster(content, dry_run=True), data=content)

    written = import_roster(content, preview=kept)

    kept.refresh_from_db()
    assert (written.created, kept.source) == (3, written.source)
    with pytest.raises(AlreadyImported) as raised:
        import_roster(content, preview=kept)
    assert raised.value.at == kept.claimed_at
    assert Source.objects.count() == 1


def test_sheet_import_refuses_a_file_other_than_its_previews(committee):
    content = three_members()
    kept = sheet_preview_keep(report=import_roster(content, dry_run=True), data=content)

    refused = import_roster(roster(member("Nguyễn Văn An", 1970)), preview=kept)

    assert messages(refused) == ["Không tìm thấy tệp cần nhập; hãy tải tệp lên lại."]
    assert not Membership.objects.exists()


def test_every_import_takes_the_import_lock_first(committee):
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        import_roster(three_members())

    # The import's transaction opens (a savepoint inside the test's own) with the lock.
    opened = next(index for index, sql in enumerate(statements) if sql.startswith("SAVEPOINT"))
    lock = statements[opened + 1]
    assert "pg_advisory_xact_lock" in lock if connection.vendor == "postgresql" else "SET id = id" in lock
    assert services.IMPORT_LOCK_KEY == int.from_bytes(b"sheet")
