"""Tests for records.derived: the SQL frozen in the migrations that made the derived tables is what
records.derived gives today, and those migrations, run back and forth, leave working triggers.

How the triggers keep terms and counts is tested in tests/records/test_search.py and
tests/records/test_paging.py, on a database that `migrate` made from nothing.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from congress.models import Congress
from records import derived
from records.models import Person
from tests.congress.factories import CongressFactory
from tests.records.factories import PersonFactory

# The migrations that hold records.derived's SQL as text, by app, and the migration before each.
FROZEN = {
    "records": ("0007_search_terms_and_counts", "0006_history_sources"),
    "congress": ("0006_list_indexes_and_counts", "0005_history_sources"),
}
# The squashes that replace them on a fresh database.
SQUASHES = {
    "records": "0001_squashed_0012_source_search_key",
    "congress": "0001_squashed_0011_sheet_permissions",
}


def frozen(app_label):
    return importlib.import_module(f"{app_label}.migrations.{FROZEN[app_label][0]}")


@pytest.mark.parametrize("app_label", FROZEN)
@pytest.mark.parametrize("vendor", derived.VENDORS)
def test_the_migrations_hold_the_sql_records_derived_gives_today(app_label, vendor):
    # When this fails, records.derived was changed: what the old migration did stays as it was,
    # and the change goes into a new migration holding the new SQL (and this test points at it).
    migration = frozen(app_label)

    frozen_sql = getattr(migration, f"{vendor.upper()}_DERIVED")
    frozen_reverse = getattr(migration, f"{vendor.upper()}_DERIVED_REVERSE")

    assert frozen_sql == derived.create_statements(app_label, vendor)
    assert frozen_reverse == derived.drop_statements(app_label, vendor)


def test_each_app_registers_its_own_tables_with_the_registry():
    assert derived.COUNTED["congress"] == [
        "congress_congress",
        "congress_attendance",
        "congress_speech",
        "congress_indicator",
        "congress_task",
    ]
    words = derived.WORD_TABLES["records"]
    assert [word.table for word in words] == ["records_person", "records_organisation"]
    assert derived.WORD_TABLES["congress"] == []


def trigger_names():
    names = set()
    for app_label in FROZEN:
        for word in derived.WORD_TABLES[app_label]:
            if connection.vendor == "sqlite":
                names.update(derived.sqlite_word_triggers(word))
            else:
                names.update(derived.postgresql_word_triggers(word))
        if connection.vendor == "sqlite":
            for table in derived.COUNTED[app_label]:
                names.update(derived.sqlite_count_triggers(table))
    return names


@pytest.mark.django_db
def test_the_frozen_migrations_unmade_and_made_again_leave_working_triggers():
    # Their own operations, run on this database as `migrate` runs them (back past them, then
    # forward again), but without post_migrate: records.derived.ensure() cannot make up for them.
    editor = SimpleNamespace(connection=connection)
    for app_label in reversed(FROZEN):
        operation = frozen(app_label).Migration.operations[-1]
        assert operation.code.__name__ == "create_derived" and not operation.elidable
        operation.reverse_code(apps, editor)

    assert not trigger_names() & derived.existing_triggers(connection)
    assert "records_person_word" not in connection.introspection.table_names()

    for app_label in FROZEN:
        frozen(app_label).Migration.operations[-1].code(apps, editor)

    assert trigger_names() <= derived.existing_triggers(connection)
    PersonFactory(full_name="Lý Thị Mai")
    CongressFactory()
    assert [person.full_name for person in Person.objects.search("thi mai")] == ["Lý Thị Mai"]
    if connection.vendor == "sqlite":
        for model in (Person, Congress):
            with connection.cursor() as cursor:
                cursor.execute(
                    f'SELECT row_count FROM "{derived.ROW_COUNT_TABLE}" WHERE table_name = %s',
                    [model._meta.db_table],
                )
                assert cursor.fetchone()[0] == model.objects.count() == 1


@pytest.mark.parametrize("app_label", FROZEN)
def test_the_squashed_migrations_run_the_frozen_sql_itself(app_label):
    """A fresh database is made by the squashes (issue 11): they must run 0007's and 0006's own code."""
    squash = importlib.import_module(f"{app_label}.migrations.{SQUASHES[app_label]}")
    codes = [getattr(operation, "code", None) for operation in squash.Migration.operations]
    assert frozen(app_label).create_derived in codes
    assert frozen(app_label).create_indexes in codes
    assert (app_label, FROZEN[app_label][0]) in squash.Migration.replaces
