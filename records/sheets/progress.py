"""Where a background import writes how far it has got, while its transaction is still open.

An import is one transaction (all or nothing), so nothing it writes through its own connection
is seen before it ends. Its progress therefore goes through a second connection, in autocommit,
to a table the import never touches (records.models.SheetProgress), at most once per chunk of
rows, which is also the task's heartbeat:

- on PostgreSQL, a second connection to the same database: the import's locks are on other
  rows (its preview's claim, the records it writes), so the write does not wait;
- on SQLite, the import holds the database's one write lock from its first statement to its
  end (records.sheets.services.lock_imports), so a second connection to the same file would
  wait for the whole import. The table lives in a small SQLite file of its own beside the
  database ("db.sqlite3-progress"), created when first needed; SQLite serves one machine,
  so the worker and the web server both reach it. For the tests' in-memory database, an
  in-memory one beside it, shared by the process's connections.

Progress is a help, never a cause of failure: a write that fails is logged and skipped.
"""

import logging
import time

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.utils import load_backend

from records.models import SheetProgress

__all__ = ["ProgressBoard", "progress_of"]

logger = logging.getLogger(__name__)

TABLE = SheetProgress._meta.db_table
COLUMNS = ("rows_read", "rows_checked", "rows_written", "rows_total", "beat_at")
# The table on SQLite's side file: SheetProgress's columns, created there by the code since
# migrations run on the main database only.
SQLITE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (preview_id integer NOT NULL PRIMARY KEY, "
    "rows_read integer NOT NULL, rows_checked integer NOT NULL, rows_written integer NOT NULL, "
    "rows_total integer NOT NULL, beat_at real NOT NULL)"
)


def side_name(name):
    """The name of SQLite's progress database beside the main database `name`."""
    name = str(name)
    if name.startswith("file:"):
        # A URI, as the tests' shared in-memory database: the same options, another name.
        path, _, query = name.partition("?")
        return f"{path}-progress?{query}" if query else f"{path}-progress"
    if name in ("", ":memory:"):
        return "file:sheet-progress?mode=memory&cache=shared"
    return f"{name}-progress"


class ProgressBoard:
    """A connection to where progress is kept; close() it when done.

    A task writes through a connection of its own. A page that only reads, outside any
    import, reads through its own connection where the table is in the main database
    (`own_connection=False`), rather than open one per look.
    """

    def __init__(self, using=DEFAULT_DB_ALIAS, *, own_connection=True):
        main = connections[using]
        settings = main.settings_dict
        self.sqlite = settings["ENGINE"] == "django.db.backends.sqlite3"
        if self.sqlite:
            settings = {**settings, "NAME": side_name(settings["NAME"])}
        self.owned = own_connection or self.sqlite
        if self.owned:
            self.connection = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "sheet_progress")
        else:
            self.connection = main
        self.ready = False

    def _cursor(self):
        cursor = self.connection.cursor()
        if self.sqlite and not self.ready:
            cursor.execute(SQLITE_TABLE)
            self.ready = True
        return cursor

    def write(self, preview_id, *, read=0, checked=0, written=0, total=0):
        """Record how far the task of a preview has got, and that it is alive now."""
        values = [read, checked, written, total, time.time()]
        placeholders = ", ".join(["%s"] * (len(COLUMNS) + 1))
        updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS)
        try:
            with self._cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {TABLE} (preview_id, {', '.join(COLUMNS)}) VALUES ({placeholders}) "
                    f"ON CONFLICT (preview_id) DO UPDATE SET {updates}",
                    [preview_id, *values],
                )
        except DatabaseError:
            logger.warning("Không ghi được tiến độ của lần nhập %s.", preview_id, exc_info=True)

    def read(self, preview_id):
        """The progress of a preview's task as a dict of COLUMNS, or None when none is kept."""
        try:
            with self._cursor() as cursor:
                cursor.execute(
                    f"SELECT {', '.join(COLUMNS)} FROM {TABLE} WHERE preview_id = %s", [preview_id]
                )
                row = cursor.fetchone()
        except DatabaseError:
            logger.warning("Không đọc được tiến độ của lần nhập %s.", preview_id, exc_info=True)
            return None
        return dict(zip(COLUMNS, row, strict=True)) if row else None

    def forget(self, preview_id):
        """Drop a task's progress once its preview holds the outcome."""
        try:
            with self._cursor() as cursor:
                cursor.execute(f"DELETE FROM {TABLE} WHERE preview_id = %s", [preview_id])
        except DatabaseError:
            logger.warning("Không xoá được tiến độ của lần nhập %s.", preview_id, exc_info=True)

    def close(self):
        if self.owned:
            self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def progress_of(preview_id):
    """The progress of a preview's task, as a page reads it."""
    with ProgressBoard(own_connection=False) as board:
        return board.read(preview_id)
