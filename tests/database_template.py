"""The test databases of `make test`'s workers: migrated once, copied into the others (SQLite).

Each pytest-xdist worker has a test database of its own. Migrating one costs ~6 s of CPU (the
migrations' model states), a test database made from the models without migrations ~0.3 s: on
SQLite the first worker to come migrates its database and leaves a copy of it in the folder the
workers share; each of the others makes its database from the models and then replaces the whole
of it with that copy (SQLite's backup: tables, rows, triggers and all), so that every worker tests
on the same migrated database, the migrations' data (the roles) and frozen SQL included.

On PostgreSQL, and in a run of one process, each database is migrated as pytest-django does.
"""

import fcntl
import sqlite3

from django.db import connection
from django.test.utils import setup_databases

from tests import roles_after_flush

TEMPLATE_NAME = "migrated-test-database.sqlite3"


def set_up(shared_folder, verbosity):
    """This worker's test database, as Django's setup_databases() makes it; its configuration,
    for teardown_databases()."""
    if connection.vendor != "sqlite" or shared_folder is None:
        return migrated(verbosity)
    template = shared_folder / TEMPLATE_NAME
    with open(shared_folder / f"{TEMPLATE_NAME}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if template.exists():
            return copied_from(template, verbosity)
        configuration = migrated(verbosity)
        connection.ensure_connection()
        with sqlite3.connect(template) as copy:
            connection.connection.backup(copy)
        copy.close()
        return configuration


def migrated(verbosity):
    return setup_databases(
        verbosity=verbosity, interactive=False, aliases={"default"}, serialized_aliases=set()
    )


def copied_from(template, verbosity):
    test_settings = connection.settings_dict["TEST"]
    migrate = test_settings.get("MIGRATE", True)
    test_settings["MIGRATE"] = False
    try:
        configuration = migrated(verbosity)  # made from the models: MIGRATE is off
    finally:
        test_settings["MIGRATE"] = migrate
    connection.ensure_connection()
    with sqlite3.connect(template) as source:
        source.backup(connection.connection)
    source.close()
    roles_after_flush.note_roles()
    return configuration
