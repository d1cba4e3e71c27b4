# Issue 6: lists of a million rows. The ordering index of memberships and the index of the
# documents' years; the tables of word-start terms that search by word starts reads, and on
# SQLite the row counts of the tables, both kept by triggers (records.derived); on PostgreSQL,
# the indexes that give people and organisations their order with the id (SQLite's indexes hold
# the rowid already).

from django.db import migrations, models

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


# What records.derived made for the registry's tables when this migration was written, as SQL text per
# database, so that a later change to records.derived never changes what this migration does
# (tests/records/test_derived.py checks that records.derived still gives the same; a change there
# is a new migration). On other databases nothing is made.

SQLITE_DERIVED = [
    'DROP TRIGGER IF EXISTS "records_person_word_insert"',
    'DROP TRIGGER IF EXISTS "records_person_word_delete"',
    'DROP TRIGGER IF EXISTS "records_person_word_update"',
    (
        'CREATE TABLE IF NOT EXISTS "records_person_word" ("term" text NOT NULL, "sort_key" text NOT '
        'NULL, "record_id" integer NOT NULL, PRIMARY KEY ("term", "sort_key", "record_id")) WITHOUT '
        "ROWID"
    ),
    (
        'CREATE TRIGGER "records_person_word_insert" AFTER INSERT ON "records_person" BEGIN INSERT '
        'INTO "records_person_word" (term, sort_key, record_id) SELECT rest, NEW."sort_key", NEW.id '
        "FROM (WITH RECURSIVE starts(rest) AS (SELECT NEW.search_key UNION ALL SELECT substr(rest, "
        "instr(rest, ' ') + 1) FROM starts WHERE instr(rest, ' ') > 0) SELECT rest FROM starts WHERE "
        "rest <> ''); END"
    ),
    (
        'CREATE TRIGGER "records_person_word_delete" AFTER DELETE ON "records_person" BEGIN DELETE '
        'FROM "records_person_word" WHERE sort_key = OLD."sort_key" AND record_id = OLD.id AND term '
        "IN (SELECT rest FROM (WITH RECURSIVE starts(rest) AS (SELECT OLD.search_key UNION ALL "
        "SELECT substr(rest, instr(rest, ' ') + 1) FROM starts WHERE instr(rest, ' ') > 0) SELECT "
        "rest FROM starts WHERE rest <> '')); END"
    ),
    (
        'CREATE TRIGGER "records_person_word_update" AFTER UPDATE OF search_key, "sort_key" ON '
        '"records_person" WHEN OLD.search_key IS NOT NEW.search_key OR OLD."sort_key" IS NOT '
        'NEW."sort_key" BEGIN DELETE FROM "records_person_word" WHERE sort_key = OLD."sort_key" AND '
        "record_id = OLD.id AND term IN (SELECT rest FROM (WITH RECURSIVE starts(rest) AS (SELECT "
        "OLD.search_key UNION ALL SELECT substr(rest, instr(rest, ' ') + 1) FROM starts WHERE "
        "instr(rest, ' ') > 0) SELECT rest FROM starts WHERE rest <> '')); INSERT INTO "
        '"records_person_word" (term, sort_key, record_id) SELECT rest, NEW."sort_key", NEW.id FROM '
        "(WITH RECURSIVE starts(rest) AS (SELECT NEW.search_key UNION ALL SELECT substr(rest, "
        "instr(rest, ' ') + 1) FROM starts WHERE instr(rest, ' ') > 0) SELECT rest FROM starts WHERE "
        "rest <> ''); END"
    ),
    'DELETE FROM "records_person_word"',
    (
        'WITH RECURSIVE starts(id, sort_key, rest) AS (SELECT id, "sort_key", search_key FROM '
        '"records_person" UNION ALL SELECT id, sort_key, substr(rest, instr(rest, \' \') + 1) FROM '
        'starts WHERE instr(rest, \' \') > 0) INSERT INTO "records_person_word" (term, sort_key, '
        "record_id) SELECT rest, sort_key, id FROM starts WHERE rest <> '' ORDER BY 1, 2, 3"
    ),
    'DROP TRIGGER IF EXISTS "records_organisation_word_insert"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_delete"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_update"',
    (
        'CREATE TABLE IF NOT EXISTS "records_organisation_word" ("term" text NOT NULL, "sort_key" '
        'text NOT NULL, "record_id" integer NOT NULL, PRIMARY KEY ("term", "sort_key", "record_id")) '
        "WITHOUT ROWID"
    ),
    (
        'CREATE TRIGGER "records_organisation_word_insert" AFTER INSERT ON "records_organisation" '
        'BEGIN INSERT INTO "records_organisation_word" (term, sort_key, record_id) SELECT rest, '
        'NEW."search_key", NEW.id FROM (WITH RECURSIVE starts(rest) AS (SELECT NEW.search_key UNION '
        "ALL SELECT substr(rest, instr(rest, ' ') + 1) FROM starts WHERE instr(rest, ' ') > 0) "
        "SELECT rest FROM starts WHERE rest <> ''); END"
    ),
    (
        'CREATE TRIGGER "records_organisation_word_delete" AFTER DELETE ON "records_organisation" '
        'BEGIN DELETE FROM "records_organisation_word" WHERE sort_key = OLD."search_key" AND '
        "record_id = OLD.id AND term IN (SELECT rest FROM (WITH RECURSIVE starts(rest) AS (SELECT "
        "OLD.search_key UNION ALL SELECT substr(rest, instr(rest, ' ') + 1) FROM starts WHERE "
        "instr(rest, ' ') > 0) SELECT rest FROM starts WHERE rest <> '')); END"
    ),
    (
        'CREATE TRIGGER "records_organisation_word_update" AFTER UPDATE OF search_key, "search_key" '
        'ON "records_organisation" WHEN OLD.search_key IS NOT NEW.search_key OR OLD."search_key" IS '
        'NOT NEW."search_key" BEGIN DELETE FROM "records_organisation_word" WHERE sort_key = '
        'OLD."search_key" AND record_id = OLD.id AND term IN (SELECT rest FROM (WITH RECURSIVE '
        "starts(rest) AS (SELECT OLD.search_key UNION ALL SELECT substr(rest, instr(rest, ' ') + 1) "
        "FROM starts WHERE instr(rest, ' ') > 0) SELECT rest FROM starts WHERE rest <> '')); INSERT "
        'INTO "records_organisation_word" (term, sort_key, record_id) SELECT rest, NEW."search_key", '
        "NEW.id FROM (WITH RECURSIVE starts(rest) AS (SELECT NEW.search_key UNION ALL SELECT "
        "substr(rest, instr(rest, ' ') + 1) FROM starts WHERE instr(rest, ' ') > 0) SELECT rest FROM "
        "starts WHERE rest <> ''); END"
    ),
    'DELETE FROM "records_organisation_word"',
    (
        'WITH RECURSIVE starts(id, sort_key, rest) AS (SELECT id, "search_key", search_key FROM '
        '"records_organisation" UNION ALL SELECT id, sort_key, substr(rest, instr(rest, \' \') + 1) '
        'FROM starts WHERE instr(rest, \' \') > 0) INSERT INTO "records_organisation_word" (term, '
        "sort_key, record_id) SELECT rest, sort_key, id FROM starts WHERE rest <> '' ORDER BY 1, 2, "
        "3"
    ),
    (
        'CREATE TABLE IF NOT EXISTS "records_rowcount" ("table_name" text NOT NULL PRIMARY KEY, '
        '"row_count" integer NOT NULL)'
    ),
    'DROP TRIGGER IF EXISTS "records_source_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_source_rowcount_delete"',
    (
        'CREATE TRIGGER "records_source_rowcount_insert" AFTER INSERT ON "records_source" BEGIN '
        'UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE table_name = '
        "'records_source'; END"
    ),
    (
        'CREATE TRIGGER "records_source_rowcount_delete" AFTER DELETE ON "records_source" BEGIN '
        'UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE table_name = '
        "'records_source'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_source\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'records_source\', COUNT(*) '
        'FROM "records_source"'
    ),
    'DROP TRIGGER IF EXISTS "records_administrativeunit_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_administrativeunit_rowcount_delete"',
    (
        'CREATE TRIGGER "records_administrativeunit_rowcount_insert" AFTER INSERT ON '
        '"records_administrativeunit" BEGIN UPDATE "records_rowcount" SET row_count = row_count + 1 '
        "WHERE table_name = 'records_administrativeunit'; END"
    ),
    (
        'CREATE TRIGGER "records_administrativeunit_rowcount_delete" AFTER DELETE ON '
        '"records_administrativeunit" BEGIN UPDATE "records_rowcount" SET row_count = row_count - 1 '
        "WHERE table_name = 'records_administrativeunit'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_administrativeunit\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'records_administrativeunit\', '
        'COUNT(*) FROM "records_administrativeunit"'
    ),
    'DROP TRIGGER IF EXISTS "records_unitsuccession_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_unitsuccession_rowcount_delete"',
    (
        'CREATE TRIGGER "records_unitsuccession_rowcount_insert" AFTER INSERT ON '
        '"records_unitsuccession" BEGIN UPDATE "records_rowcount" SET row_count = row_count + 1 '
        "WHERE table_name = 'records_unitsuccession'; END"
    ),
    (
        'CREATE TRIGGER "records_unitsuccession_rowcount_delete" AFTER DELETE ON '
        '"records_unitsuccession" BEGIN UPDATE "records_rowcount" SET row_count = row_count - 1 '
        "WHERE table_name = 'records_unitsuccession'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_unitsuccession\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'records_unitsuccession\', '
        'COUNT(*) FROM "records_unitsuccession"'
    ),
    'DROP TRIGGER IF EXISTS "records_organisation_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_organisation_rowcount_delete"',
    (
        'CREATE TRIGGER "records_organisation_rowcount_insert" AFTER INSERT ON '
        '"records_organisation" BEGIN UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE '
        "table_name = 'records_organisation'; END"
    ),
    (
        'CREATE TRIGGER "records_organisation_rowcount_delete" AFTER DELETE ON '
        '"records_organisation" BEGIN UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE '
        "table_name = 'records_organisation'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_organisation\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'records_organisation\', '
        'COUNT(*) FROM "records_organisation"'
    ),
    'DROP TRIGGER IF EXISTS "records_person_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_person_rowcount_delete"',
    (
        'CREATE TRIGGER "records_person_rowcount_insert" AFTER INSERT ON "records_person" BEGIN '
        'UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE table_name = '
        "'records_person'; END"
    ),
    (
        'CREATE TRIGGER "records_person_rowcount_delete" AFTER DELETE ON "records_person" BEGIN '
        'UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE table_name = '
        "'records_person'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_person\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'records_person\', COUNT(*) '
        'FROM "records_person"'
    ),
    'DROP TRIGGER IF EXISTS "records_membership_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_membership_rowcount_delete"',
    (
        'CREATE TRIGGER "records_membership_rowcount_insert" AFTER INSERT ON "records_membership" '
        'BEGIN UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE table_name = '
        "'records_membership'; END"
    ),
    (
        'CREATE TRIGGER "records_membership_rowcount_delete" AFTER DELETE ON "records_membership" '
        'BEGIN UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE table_name = '
        "'records_membership'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_membership\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'records_membership\', '
        'COUNT(*) FROM "records_membership"'
    ),
    'DROP TRIGGER IF EXISTS "records_legaldocument_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_legaldocument_rowcount_delete"',
    (
        'CREATE TRIGGER "records_legaldocument_rowcount_insert" AFTER INSERT ON '
        '"records_legaldocument" BEGIN UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE '
        "table_name = 'records_legaldocument'; END"
    ),
    (
        'CREATE TRIGGER "records_legaldocument_rowcount_delete" AFTER DELETE ON '
        '"records_legaldocument" BEGIN UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE '
        "table_name = 'records_legaldocument'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_legaldocument\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'records_legaldocument\', '
        'COUNT(*) FROM "records_legaldocument"'
    ),
    'DROP TRIGGER IF EXISTS "records_figure_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_figure_rowcount_delete"',
    (
        'CREATE TRIGGER "records_figure_rowcount_insert" AFTER INSERT ON "records_figure" BEGIN '
        'UPDATE "records_rowcount" SET row_count = row_count + 1 WHERE table_name = '
        "'records_figure'; END"
    ),
    (
        'CREATE TRIGGER "records_figure_rowcount_delete" AFTER DELETE ON "records_figure" BEGIN '
        'UPDATE "records_rowcount" SET row_count = row_count - 1 WHERE table_name = '
        "'records_figure'; END"
    ),
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_figure\'',
    (
        'INSERT INTO "records_rowcount" (table_name, row_count) SELECT \'records_figure\', COUNT(*) '
        'FROM "records_figure"'
    ),
]

SQLITE_DERIVED_REVERSE = [
    'DROP TRIGGER IF EXISTS "records_person_word_insert"',
    'DROP TRIGGER IF EXISTS "records_person_word_delete"',
    'DROP TRIGGER IF EXISTS "records_person_word_update"',
    'DROP TABLE IF EXISTS "records_person_word"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_insert"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_delete"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_update"',
    'DROP TABLE IF EXISTS "records_organisation_word"',
    'DROP TRIGGER IF EXISTS "records_source_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_source_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_source\'',
    'DROP TRIGGER IF EXISTS "records_administrativeunit_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_administrativeunit_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_administrativeunit\'',
    'DROP TRIGGER IF EXISTS "records_unitsuccession_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_unitsuccession_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_unitsuccession\'',
    'DROP TRIGGER IF EXISTS "records_organisation_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_organisation_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_organisation\'',
    'DROP TRIGGER IF EXISTS "records_person_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_person_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_person\'',
    'DROP TRIGGER IF EXISTS "records_membership_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_membership_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_membership\'',
    'DROP TRIGGER IF EXISTS "records_legaldocument_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_legaldocument_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_legaldocument\'',
    'DROP TRIGGER IF EXISTS "records_figure_rowcount_insert"',
    'DROP TRIGGER IF EXISTS "records_figure_rowcount_delete"',
    'DELETE FROM "records_rowcount" WHERE table_name = \'records_figure\'',
    'DROP TABLE IF EXISTS "records_rowcount"',
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
    'DROP TRIGGER IF EXISTS "records_person_word_insert" ON "records_person"',
    'DROP TRIGGER IF EXISTS "records_person_word_delete" ON "records_person"',
    'DROP TRIGGER IF EXISTS "records_person_word_update" ON "records_person"',
    'DROP TRIGGER IF EXISTS "records_person_word_truncate" ON "records_person"',
    'DROP FUNCTION IF EXISTS "records_person_word_insert"()',
    'DROP FUNCTION IF EXISTS "records_person_word_delete"()',
    'DROP FUNCTION IF EXISTS "records_person_word_update"()',
    'DROP FUNCTION IF EXISTS "records_person_word_truncate"()',
    'DROP TABLE IF EXISTS "records_person_word"',
    (
        'CREATE TABLE IF NOT EXISTS "records_person_word" ("term" text COLLATE "C" NOT NULL, '
        '"sort_key" text COLLATE "C" NOT NULL, "record_id" bigint NOT NULL, PRIMARY KEY ("term", '
        '"sort_key", "record_id"))'
    ),
    (
        'CREATE OR REPLACE FUNCTION "records_person_word_insert"() RETURNS trigger LANGUAGE plpgsql '
        'AS $$ BEGIN INSERT INTO "records_person_word" (term, sort_key, record_id) SELECT s.term, '
        'n."sort_key", n.id FROM new_rows n, records_word_starts(n.search_key) AS s(term); RETURN '
        "NULL; END $$"
    ),
    (
        'CREATE OR REPLACE FUNCTION "records_person_word_delete"() RETURNS trigger LANGUAGE plpgsql '
        'AS $$ BEGIN DELETE FROM "records_person_word" w USING old_rows o, '
        "records_word_starts(o.search_key) AS s(term) WHERE w.term = s.term AND w.sort_key = "
        'o."sort_key" AND w.record_id = o.id; RETURN NULL; END $$'
    ),
    (
        'CREATE OR REPLACE FUNCTION "records_person_word_update"() RETURNS trigger LANGUAGE plpgsql '
        'AS $$ BEGIN DELETE FROM "records_person_word" w USING old_rows o JOIN new_rows n ON n.id = '
        'o.id, records_word_starts(o.search_key) AS s(term) WHERE (o.search_key, o."sort_key") IS '
        'DISTINCT FROM (n.search_key, n."sort_key") AND w.term = s.term AND w.sort_key = '
        'o."sort_key" AND w.record_id = o.id; INSERT INTO "records_person_word" (term, sort_key, '
        'record_id) SELECT s.term, n."sort_key", n.id FROM new_rows n JOIN old_rows o ON o.id = '
        'n.id, records_word_starts(n.search_key) AS s(term) WHERE (o.search_key, o."sort_key") IS '
        'DISTINCT FROM (n.search_key, n."sort_key"); RETURN NULL; END $$'
    ),
    (
        'CREATE OR REPLACE FUNCTION "records_person_word_truncate"() RETURNS trigger LANGUAGE '
        'plpgsql AS $$ BEGIN TRUNCATE "records_person_word"; RETURN NULL; END $$'
    ),
    (
        'CREATE TRIGGER "records_person_word_insert" AFTER INSERT ON "records_person" REFERENCING '
        'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "records_person_word_insert"()'
    ),
    (
        'CREATE TRIGGER "records_person_word_delete" AFTER DELETE ON "records_person" REFERENCING '
        'OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "records_person_word_delete"()'
    ),
    (
        'CREATE TRIGGER "records_person_word_update" AFTER UPDATE ON "records_person" REFERENCING '
        "OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
        '"records_person_word_update"()'
    ),
    (
        'CREATE TRIGGER "records_person_word_truncate" AFTER TRUNCATE ON "records_person" FOR EACH '
        'STATEMENT EXECUTE FUNCTION "records_person_word_truncate"()'
    ),
    'TRUNCATE "records_person_word"',
    (
        'INSERT INTO "records_person_word" (term, sort_key, record_id) SELECT s.term, t."sort_key", '
        't.id FROM "records_person" t, records_word_starts(t.search_key) AS s(term)'
    ),
    'ANALYZE "records_person_word"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_insert" ON "records_organisation"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_delete" ON "records_organisation"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_update" ON "records_organisation"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_truncate" ON "records_organisation"',
    'DROP FUNCTION IF EXISTS "records_organisation_word_insert"()',
    'DROP FUNCTION IF EXISTS "records_organisation_word_delete"()',
    'DROP FUNCTION IF EXISTS "records_organisation_word_update"()',
    'DROP FUNCTION IF EXISTS "records_organisation_word_truncate"()',
    'DROP TABLE IF EXISTS "records_organisation_word"',
    (
        'CREATE TABLE IF NOT EXISTS "records_organisation_word" ("term" text COLLATE "C" NOT NULL, '
        '"sort_key" text NOT NULL, "record_id" bigint NOT NULL, PRIMARY KEY ("term", "sort_key", '
        '"record_id"))'
    ),
    (
        'CREATE OR REPLACE FUNCTION "records_organisation_word_insert"() RETURNS trigger LANGUAGE '
        'plpgsql AS $$ BEGIN INSERT INTO "records_organisation_word" (term, sort_key, record_id) '
        'SELECT s.term, n."search_key", n.id FROM new_rows n, records_word_starts(n.search_key) AS '
        "s(term); RETURN NULL; END $$"
    ),
    (
        'CREATE OR REPLACE FUNCTION "records_organisation_word_delete"() RETURNS trigger LANGUAGE '
        'plpgsql AS $$ BEGIN DELETE FROM "records_organisation_word" w USING old_rows o, '
        "records_word_starts(o.search_key) AS s(term) WHERE w.term = s.term AND w.sort_key = "
        'o."search_key" AND w.record_id = o.id; RETURN NULL; END $$'
    ),
    (
        'CREATE OR REPLACE FUNCTION "records_organisation_word_update"() RETURNS trigger LANGUAGE '
        'plpgsql AS $$ BEGIN DELETE FROM "records_organisation_word" w USING old_rows o JOIN '
        "new_rows n ON n.id = o.id, records_word_starts(o.search_key) AS s(term) WHERE "
        '(o.search_key, o."search_key") IS DISTINCT FROM (n.search_key, n."search_key") AND w.term = '
        's.term AND w.sort_key = o."search_key" AND w.record_id = o.id; INSERT INTO '
        '"records_organisation_word" (term, sort_key, record_id) SELECT s.term, n."search_key", n.id '
        "FROM new_rows n JOIN old_rows o ON o.id = n.id, records_word_starts(n.search_key) AS "
        's(term) WHERE (o.search_key, o."search_key") IS DISTINCT FROM (n.search_key, '
        'n."search_key"); RETURN NULL; END $$'
    ),
    (
        'CREATE OR REPLACE FUNCTION "records_organisation_word_truncate"() RETURNS trigger LANGUAGE '
        'plpgsql AS $$ BEGIN TRUNCATE "records_organisation_word"; RETURN NULL; END $$'
    ),
    (
        'CREATE TRIGGER "records_organisation_word_insert" AFTER INSERT ON "records_organisation" '
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
        '"records_organisation_word_insert"()'
    ),
    (
        'CREATE TRIGGER "records_organisation_word_delete" AFTER DELETE ON "records_organisation" '
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "
        '"records_organisation_word_delete"()'
    ),
    (
        'CREATE TRIGGER "records_organisation_word_update" AFTER UPDATE ON "records_organisation" '
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
        '"records_organisation_word_update"()'
    ),
    (
        'CREATE TRIGGER "records_organisation_word_truncate" AFTER TRUNCATE ON '
        '"records_organisation" FOR EACH STATEMENT EXECUTE FUNCTION '
        '"records_organisation_word_truncate"()'
    ),
    'TRUNCATE "records_organisation_word"',
    (
        'INSERT INTO "records_organisation_word" (term, sort_key, record_id) SELECT s.term, '
        't."search_key", t.id FROM "records_organisation" t, records_word_starts(t.search_key) AS '
        "s(term)"
    ),
    'ANALYZE "records_organisation_word"',
]

POSTGRESQL_DERIVED_REVERSE = [
    'DROP TRIGGER IF EXISTS "records_person_word_insert" ON "records_person"',
    'DROP TRIGGER IF EXISTS "records_person_word_delete" ON "records_person"',
    'DROP TRIGGER IF EXISTS "records_person_word_update" ON "records_person"',
    'DROP TRIGGER IF EXISTS "records_person_word_truncate" ON "records_person"',
    'DROP FUNCTION IF EXISTS "records_person_word_insert"()',
    'DROP FUNCTION IF EXISTS "records_person_word_delete"()',
    'DROP FUNCTION IF EXISTS "records_person_word_update"()',
    'DROP FUNCTION IF EXISTS "records_person_word_truncate"()',
    'DROP TABLE IF EXISTS "records_person_word"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_insert" ON "records_organisation"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_delete" ON "records_organisation"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_update" ON "records_organisation"',
    'DROP TRIGGER IF EXISTS "records_organisation_word_truncate" ON "records_organisation"',
    'DROP FUNCTION IF EXISTS "records_organisation_word_insert"()',
    'DROP FUNCTION IF EXISTS "records_organisation_word_delete"()',
    'DROP FUNCTION IF EXISTS "records_organisation_word_update"()',
    'DROP FUNCTION IF EXISTS "records_organisation_word_truncate"()',
    'DROP TABLE IF EXISTS "records_organisation_word"',
    "DROP FUNCTION IF EXISTS records_word_starts(text)",
    "DROP FUNCTION IF EXISTS records_row_estimate(text)",
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
        migrations.RunPython(create_derived, drop_derived, elidable=False),
    ]
