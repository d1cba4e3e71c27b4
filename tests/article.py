"""The seed article's records for a test: loaded by `loaddata` once, then copied row for row.

About 250 tests start from the article. `loaddata` looks every natural key up and sets every
many-to-many link one object at a time, some 300 queries and half a second of a 2-core machine
each time. So the first load in a process is a real `loaddata`; the rows it wrote to the tables
of the fixture's models (and their link tables) are kept, and later tests insert those rows as
they are, in one statement a table. What the triggers derive from them (search words, row
counts) they derive again from the same rows; on PostgreSQL the id sequences are moved past
the ids, as `loaddata` moves them. tests/test_article_fixture.py checks that the copy leaves
every table of the database as `loaddata` leaves it.

The copy is only made into empty tables, where `loaddata` would also have inserted every row;
a test that wrote records of those models first gets a real `loaddata`.
"""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

FIXTURE = "thien_huong_2025"

# A table's columns and rows as the first load in this process left them, by table, in the
# order the fixture names its models (link tables after their model).
_rows = {}


def article_models():
    """The models the fixture holds objects of, in the fixture's order."""
    path = Path(settings.BASE_DIR) / "fixtures" / f"{FIXTURE}.json"
    labels = dict.fromkeys(obj["model"] for obj in json.loads(path.read_text(encoding="utf-8")))
    return [apps.get_model(label) for label in labels]


def article_tables():
    """The tables `loaddata` writes the article into: the models' own and their link tables."""
    tables = []
    for model in article_models():
        tables.append(model._meta.db_table)
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
    return tables


def load_article():
    """What the `article` fixture does: a copy of the first load's rows where it can, else loaddata."""
    tables = article_tables()
    if _rows and _all_empty(tables):
        replay()
    elif _all_empty(tables):
        call_command("loaddata", FIXTURE, verbosity=0)
        capture()
    else:
        call_command("loaddata", FIXTURE, verbosity=0)


def capture():
    """Keep the rows of the article's tables, which hold the article and nothing else."""
    quote = connection.ops.quote_name
    _rows.clear()
    with connection.cursor() as cursor:
        for table in article_tables():
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")
            _rows[table] = ([column[0] for column in cursor.description], cursor.fetchall())


def replay():
    """Insert the kept rows, then move the id sequences past them as loaddata does."""
    quote = connection.ops.quote_name
    # In one transaction, as loaddata loads: foreign keys are checked at its end, not row by row.
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in _rows.items():
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        for sql in connection.ops.sequence_reset_sql(no_style(), article_models()):
            cursor.execute(sql)
        # As loaddata ends: the foreign keys are checked now. On PostgreSQL this also fires the
        # deferred checks, which would otherwise wait for the test's transaction and keep a later
        # TRUNCATE (flush) from running ("pending trigger events").
        connection.check_constraints(table_names=list(_rows))


def _all_empty(tables):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                return False
    return True
