# Issue 6: lists of a million rows. The ordering indexes of congresses, attendance and tasks; on SQLite,
# the row counts of congress's tables kept by triggers (records.derived); on PostgreSQL, the index
# that gives indicators their order with the id (SQLite's indexes hold the rowid already).

from django.db import migrations, models


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS "congress_indicator_order" ON "congress_indicator" (congress_id, id)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "congress_indicator_order"')


# What records.derived made for the congress app's tables when this migration was written, as SQL
# text per database, so that a later change to records.derived never changes what this migration
# does (tests/records/test_derived.py checks that records.derived still gives the same; a change
# there is a new migration). On other databases nothing is made.

SQLITE_DERIVED = [
    (
        'CREATE TABLE IF NOT EXISTS "records_rowcount" ("table_name" text NOT NULL PRIMARY KEY, '
        '"row_count" integer NOT NULL)'
    ),
    'DROP TRIGGER IF EXISTS "congress_congress_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_congress_rowcount_delete"',
    (
        'CREATE TRIGGER "congress_congress_rowcount_insert" AFTER INSERT ON "congress_congress" '
        'BEGIN UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE table_name = '
        "'congress_congress'; END"
    ),
    (
        'CREATE TRIGGER "congress_congress_rowcount_delete" AFTER DELETE ON "congress_congress" '
        'BEGIN UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE table_name = '
        "'congress_congress'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_congress\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'congress_congress\', COUNT(*) '
        'FROM "congress_congress"'
    ),
    'DROP TRIGGER IF EXISTS "congress_attendance_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_attendance_rowcount_delete"',
    (
        'CREATE TRIGGER "congress_attendance_rowcount_insert" AFTER INSERT ON "congress_attendance" '
        'BEGIN UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE table_name = '
        "'congress_attendance'; END"
    ),
    (
        'CREATE TRIGGER "congress_attendance_rowcount_delete" AFTER DELETE ON "congress_attendance" '
        'BEGIN UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE table_name = '
        "'congress_attendance'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_attendance\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'congress_attendance\', '
        'COUNT(*) FROM "congress_attendance"'
    ),
    'DROP TRIGGER IF EXISTS "congress_speech_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_speech_rowcount_delete"',
    (
        'CREATE TRIGGER "congress_speech_rowcount_insert" AFTER INSERT ON "congress_speech" BEGIN '
        'UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE table_name = '
        "'congress_speech'; END"
    ),
    (
        'CREATE TRIGGER "congress_speech_rowcount_delete" AFTER DELETE ON "congress_speech" BEGIN '
        'UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE table_name = '
        "'congress_speech'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_speech\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'congress_speech\', COUNT(*) '
        'FROM "congress_speech"'
    ),
    'DROP TRIGGER IF EXISTS "congress_indicator_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_indicator_rowcount_delete"',
    (
        'CREATE TRIGGER "congress_indicator_rowcount_insert" AFTER INSERT ON "congress_indicator" '
        'BEGIN UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE table_name = '
        "'congress_indicator'; END"
    ),
    (
        'CREATE TRIGGER "congress_indicator_rowcount_delete" AFTER DELETE ON "congress_indicator" '
        'BEGIN UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE table_name = '
        "'congress_indicator'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_indicator\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'congress_indicator\', '
        'COUNT(*) FROM "congress_indicator"'
    ),
    'DROP TRIGGER IF EXISTS "congress_task_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_task_rowcount_delete"',
    (
        'CREATE TRIGGER "congress_task_rowcount_insert" AFTER INSERT ON "congress_task" BEGIN UPDATE '
        '"records_rowcount" SET row_count = row_count + 1 WHERE table_name = \'congress_task\'; END'
    ),
    (
        'CREATE TRIGGER "congress_task_rowcount_delete" AFTER DELETE ON "congress_task" BEGIN UPDATE '
        '"records_rowcount" SET row_count = row_count - 1 WHERE table_name = \'congress_task\'; END'
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_task\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'congress_task\', COUNT(*) '
        'FROM "congress_task"'
    ),
]

SQLITE_DERIVED_REVERSE = [
    'DROP TRIGGER IF EXISTS "congress_congress_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_congress_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_congress\'',
    'DROP TRIGGER IF EXISTS "congress_attendance_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_attendance_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_attendance\'',
    'DROP TRIGGER IF EXISTS "congress_speech_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_speech_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_speech\'',
    'DROP TRIGGER IF EXISTS "congress_indicator_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_indicator_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_indicator\'',
    'DROP TRIGGER IF EXISTS "congress_task_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "congress_task_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'congress_task\'',
]

POSTGRESQL_DERIVED = [
    (
        "CREATE OR REPLACE FUNCTION records_word_starts(key text) RETURNS SETOF text LANGUAGE sql "
        "IMMUTABLE PARALLEL SAFE AS $$ WITH RECURSIVE starts(rest) AS (SELECT key UNION ALL SELECT "
        "substr(rest, strpos(rest, ' ') + 1) FROM starts WHERE strpos(rest, ' ') > 0) SELECT rest "
        "FROM starts WHERE rest <> '' $$"
    ),
    (
        "CREATE OR REPLACE FUNCTION records_row_estimate(query text) RETURNS bigint LANGUAGE plpgsql "
        "AS $$ DECLARE plan json; BEGIN EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan; RETURN "
        "(plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric::bigint; END $$"
    ),
]

POSTGRESQL_DERIVED_REVERSE = [
]


def execute(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for sql in statements.get(schema_editor.connection.vendor, []):
            cursor.execute(sql)


def create_derived(apps, schema_editor):
    execute(schema_editor, {"sqlite": SQLITE_DERIVED, "postgresql": POSTGRESQL_DERIVED})


def drop_derived(apps, schema_editor):
    execute(schema_editor, {"sqlite": SQLITE_DERIVED_REVERSE, "postgresql": POSTGRESQL_DERIVED_REVERSE})


class Migration(migrations.Migration):

    dependencies = [
        ('congress', '0005_history_sources'),
        ('records', '0007_search_terms_and_counts'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['congress', 'role', 'id'], name='congress_attendance_order'),
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(fields=['-term_start', 'organisation', 'id'], name='congress_congress_order'),
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(fields=['-term_start', '-opened_on', '-id'], name='congress_congress_latest'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['due_on', 'id'], name='congress_task_due'),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(create_derived, drop_derived, elidable=False),
    ]
