"""Tests of where a background import's progress is written (records.sheets.progress)."""

import threading

import pytest
from django.db import DatabaseError, connections, transaction

from records.sheets.progress import ProgressBoard, progress_of, side_name
from records.sheets.services import lock_imports


def test_sqlites_progress_lives_in_a_file_beside_the_database():
    assert side_name("/srv/congress/db.sqlite3") == "/srv/congress/db.sqlite3-progress"
    assert (
        side_name("file:memorydb_default?mode=memory&cache=shared")
        == "file:memorydb_default-progress?mode=memory&cache=shared"
    )
    assert side_name(":memory:") == "file:sheet-progress?mode=memory&cache=shared"


@pytest.mark.django_db
def test_progress_is_written_read_and_forgotten():
    with ProgressBoard() as board:
        board.write(41, read=2000, checked=2000, written=1500, total=9000)
        board.write(41, read=4000, checked=4000, written=3500, total=9000)

        progress = progress_of(41)
        assert {key: value for key, value in progress.items() if key != "beat_at"} == {
            "rows_read": 4000,
            "rows_checked": 4000,
            "rows_written": 3500,
            "rows_total": 9000,
        }
        board.forget(41)
        assert progress_of(41) is None


@pytest.mark.django_db(transaction=True)
def test_progress_written_inside_an_imports_transaction_is_seen_outside_it_at_once():
    """The point of a connection of its own: the import's transaction holds the write lock."""
    seen = []

    def look():
        try:
            seen.append(progress_of(42))
        finally:
            connections.close_all()

    with ProgressBoard() as board, transaction.atomic():
        lock_imports()
        board.write(42, read=2000, checked=2000, written=2000, total=20000)
        other = threading.Thread(target=look)
        other.start()
        other.join(timeout=30)
        board.forget(42)

    assert seen and seen[0]["rows_checked"] == 2000


def test_a_progress_write_that_fails_does_not_stop_the_import(caplog, monkeypatch):
    """No database at all here: the write is logged and skipped."""
    board = ProgressBoard()

    def unreachable():
        raise DatabaseError("unable to open database file")

    monkeypatch.setattr(board, "_cursor", unreachable)

    board.write(43, read=1)

    assert "Không ghi được tiến độ của lần nhập 43." in caplog.text
