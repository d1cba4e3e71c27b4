"""Reads and logins go on while an import writes (issue 12): SQLite in WAL mode with a busy
timeout, and a database still too busy to answer is a 503 page in Vietnamese, not a 500."""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection, transaction
from django.urls import path

from congress.site import urls as site_urls
from records.models import Person

PASSWORD = "mật-khẩu-thử-2025"


def locked(request):
    raise OperationalError("database is locked")


urlpatterns = [path("locked/", locked), *site_urls.urlpatterns]


@contextmanager
def file_database(tmp_path):
    """On SQLite, the test database copied to a file, which every connection opened in the block
    uses: WAL and waiting for a lock belong to a database file, and the test database is in
    memory. On PostgreSQL, the test database as it is."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    copy = sqlite3.connect(tmp_path / "db.sqlite3")
    memory.backup(copy)
    copy.close()
    settings_dict = connection.settings_dict
    name = settings_dict["NAME"]
    settings_dict["NAME"] = str(tmp_path / "db.sqlite3")
    connection.connection = None
    try:
        connection.ensure_connection()
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = name
        # Closing the last connection to an in-memory database would drop it: the one kept is put back.
        connection.connection = memory


def hold_an_import(started, release):
    """A writing transaction kept open, as an import's is while it writes its rows."""
    try:
        with transaction.atomic():
            Person.objects.create(full_name="Nguyễn Văn Nhập")
            started.set()
            release.wait(20)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_logins_and_reads_go_on_while_an_import_writes(client, django_user_model, tmp_path):
    with file_database(tmp_path):
        django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", PASSWORD)
        reader = django_user_model.objects.create_superuser("reader", "reader@example.invalid", PASSWORD)
        client.force_login(reader)
        started, release = threading.Event(), threading.Event()
        writer = threading.Thread(target=hold_an_import, args=(started, release))
        writer.start()
        try:
            assert started.wait(20)
            # A read does not wait for the writer at all.
            assert client.get("/people/").status_code == 200
            # A login writes (its session, the access log): it waits for the import to commit.
            threading.Timer(1.0, release.set).start()
            response = client.__class__().post("/login/", {"username": "clerk", "password": PASSWORD})
        finally:
            release.set()
            writer.join()

        assert response.status_code == 302
        assert Person.objects.filter(full_name="Nguyễn Văn Nhập").exists()


@pytest.mark.django_db(transaction=True)
def test_sqlite_connections_write_ahead_and_wait_for_a_lock(tmp_path):
    if connection.vendor != "sqlite":
        # SQLite's pragmas and transaction mode are not options PostgreSQL's driver would accept.
        options = connection.settings_dict["OPTIONS"]
        assert not {"init_command", "transaction_mode"} & set(options)
        return
    with file_database(tmp_path), connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20_000
    assert connection.transaction_mode == "IMMEDIATE"


@pytest.mark.urls(__name__)
def test_a_database_too_busy_to_answer_is_a_503_page_in_vietnamese(client):
    client.raise_request_exception = False

    response = client.get("/locked/")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Hệ thống đang bận" in response.content.decode()
