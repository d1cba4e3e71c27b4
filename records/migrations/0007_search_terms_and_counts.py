# Issue 6: lists of a million rows. The ordering index of memberships and the index of the
# documents' years; the tables of word-start terms that search by word starts reads, and on
# SQLite the row counts of the tables, both kept by triggers (records.derived); on PostgreSQL,
# the indexes that give people and organisations their order with the id (SQLite's indexes hold
# the rowid already).

from django.db import migrations, models

from records import derived

POSTGRESQL_INDEXES = [
    ("records_person_order", "records_person", "sort_key, id"),
    ("records_organisation_order", "records_organisation", "search_key, id"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, table, columns in POSTGRESQL_INDEXES:
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns})')


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _, _ in POSTGRESQL_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0006_history_sources'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['organisation', 'role', '-start_on', 'id'], name='records_membership_order'),
        ),
        migrations.AddIndex(
            model_name='legaldocument',
            index=models.Index(fields=['year'], name='records_legaldocument_year'),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
        derived.migration_operation("records"),
    ]
