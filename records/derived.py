"""
Tables the database derives from the records and keeps in step with them by triggers (issue 6).

* `<table>_word`: the word-start terms of each record's search key, for search by word starts
  (records.search), on people and organisations, on SQLite and PostgreSQL alike.
* `records_rowcount`: the number of rows of each table of records, on SQLite, where counting a
  table reads all of it (records.paging). PostgreSQL keeps no count: it would make every insert
  into a table wait for the transaction that last inserted into it; its planner's estimate of
  the rows stands in (records.paging).

Why triggers: rows are written by save(), by bulk_create() (imports, generate_data, restores),
by raw SQL; a trigger sees every one of them, and none of them has to know. On PostgreSQL the
triggers run once per statement, on the statement's rows (transition tables), so a bulk insert
of 100,000 people derives their terms in one INSERT ... SELECT; SQLite has only row triggers.
What they cost: bulk_create() of 50,000 people and their posts took 14 % longer on SQLite with
them than without; the terms of a million people take 180 MB there (a quarter of the database).

Which tables: each app declares its own with `register()` in its AppConfig.ready() (records its
searched and counted tables, congress its counted ones), so that this registry names no table of
the app above it.

Migrations records 0007 and congress 0006 made what this module described when they were written;
they hold that SQL as text, so that a change here never changes what an old migration did
(tests/records/test_derived.py checks the text still equals what `create_statements()` gives: a
change here is a new migration holding the new SQL). After every `migrate` (post_migrate)
`ensure()` checks that the triggers are still there and, if not, makes them and rebuilds what they
keep: SQLite drops a table's triggers when a migration remakes the table (how Django alters a
column there), and a count or a term missed meanwhile would be wrong for good.
"""

from dataclasses import dataclass

from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

ROW_COUNT_TABLE = "records_rowcount"
VENDORS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class WordTable:
    """The word-start terms of a table's `search_key`, beside its `sort_column` (see records.search).

    On PostgreSQL the copy of the sort column has the collation `sort_collation`: "C" for people,
    whose sort keys are digits, which every collation orders as "C" does, only slower.
    """

    table: str
    sort_column: str
    sort_collation: str = ""

    @property
    def name(self):
        return f"{self.table}_word"


# What each app registered: the tables whose whole-table count SQLite keeps, and the tables
# searched by word starts.
COUNTED = {}
WORD_TABLES = {}


def register(app_label, *, counted=(), word_tables=()):
    """Declare an app's tables whose rows SQLite counts and whose search keys get word-start terms.

    Called from the app's AppConfig.ready(), before any migrate sends post_migrate.
    """
    COUNTED[app_label] = list(counted)
    WORD_TABLES[app_label] = list(word_tables)


# SQLite ####################################################################

# A search key's word-start suffixes: "thi thu huong", "thu huong", "huong" (keys have single spaces).
SQLITE_STARTS = (
    "(WITH RECURSIVE starts(rest) AS (SELECT {key} UNION ALL "
    "SELECT substr(rest, instr(rest, ' ') + 1) FROM starts WHERE instr(rest, ' ') > 0) "
    "SELECT rest FROM starts WHERE rest <> '')"
)


def sqlite_word_sql(word):
    t, w, s = word.table, word.name, word.sort_column
    insert = (
        f'INSERT INTO "{w}" (term, sort_key, record_id) '
        f'SELECT rest, NEW."{s}", NEW.id FROM {SQLITE_STARTS.format(key="NEW.search_key")}; '
    )
    delete = (
        f'DELETE FROM "{w}" WHERE sort_key = OLD."{s}" AND record_id = OLD.id '
        f"AND term IN (SELECT rest FROM {SQLITE_STARTS.format(key='OLD.search_key')}); "
    )
    return [
        f'CREATE TABLE IF NOT EXISTS "{w}" ("term" text NOT NULL, "sort_key" text NOT NULL, '
        f'"record_id" integer NOT NULL, PRIMARY KEY ("term", "sort_key", "record_id")) WITHOUT ROWID',
        f'CREATE TRIGGER "{w}_insert" AFTER INSERT ON "{t}" BEGIN {insert}END',
        f'CREATE TRIGGER "{w}_delete" AFTER DELETE ON "{t}" BEGIN {delete}END',
        f'CREATE TRIGGER "{w}_update" AFTER UPDATE OF search_key, "{s}" ON "{t}" '
        f'WHEN OLD.search_key IS NOT NEW.search_key OR OLD."{s}" IS NOT NEW."{s}" '
        f"BEGIN {delete}{insert}END",
    ]


def sqlite_word_fill(word):
    return [
        f'DELETE FROM "{word.name}"',
        f'WITH RECURSIVE starts(id, sort_key, rest) AS (SELECT id, "{word.sort_column}", search_key '
        f"FROM \"{word.table}\" UNION ALL SELECT id, sort_key, substr(rest, instr(rest, ' ') + 1) "
        f"FROM starts WHERE instr(rest, ' ') > 0) "
        f'INSERT INTO "{word.name}" (term, sort_key, record_id) '
        f"SELECT rest, sort_key, id FROM starts WHERE rest <> '' ORDER BY 1, 2, 3",
    ]


def sqlite_word_triggers(word):
    return [f"{word.name}_insert", f"{word.name}_delete", f"{word.name}_update"]


def sqlite_count_sql(table):
    change = (
        f"UPDATE \"{ROW_COUNT_TABLE}\" SET row_count = row_count {{sign}} 1 WHERE table_name = '{table}'; "
    )
    return [
        f'CREATE TRIGGER "{table}_rowcount_insert" AFTER INSERT ON "{table}" '
        f"BEGIN {change.format(sign='+')}END",
        f'CREATE TRIGGER "{table}_rowcount_delete" AFTER DELETE ON "{table}" '
        f"BEGIN {change.format(sign='-')}END",
    ]


def sqlite_count_fill(table):
    return [
        f"DELETE FROM \"{ROW_COUNT_TABLE}\" WHERE table_name = '{table}'",
        f'INSERT INTO "{ROW_COUNT_TABLE}" (table_name, row_count) '
        f"SELECT '{table}', COUNT(*) FROM \"{table}\"",
    ]


def sqlite_count_triggers(table):
    return [f"{table}_rowcount_insert", f"{table}_rowcount_delete"]


# PostgreSQL ################################################################

POSTGRESQL_FUNCTIONS = [
    # A search key's word-start suffixes, as SQLITE_STARTS.
    "CREATE OR REPLACE FUNCTION records_word_starts(key text) RETURNS SETOF text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "WITH RECURSIVE starts(rest) AS (SELECT key UNION ALL "
    "SELECT substr(rest, strpos(rest, ' ') + 1) FROM starts WHERE strpos(rest, ' ') > 0) "
    "SELECT rest FROM starts WHERE rest <> '' $$",
    # The rows the planner expects a query to return (records.paging): EXPLAIN, not run.
    "CREATE OR REPLACE FUNCTION records_row_estimate(query text) RETURNS bigint "
    "LANGUAGE plpgsql AS $$ DECLARE plan json; BEGIN "
    "EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan; "
    "RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric::bigint; END $$",
]
POSTGRESQL_DROP_FUNCTIONS = [
    "DROP FUNCTION IF EXISTS records_word_starts(text)",
    "DROP FUNCTION IF EXISTS records_row_estimate(text)",
]


def postgresql_word_sql(word):
    t, w, s = word.table, word.name, word.sort_column
    collation = f' COLLATE "{word.sort_collation}"' if word.sort_collation else ""
    changed = f'(o.search_key, o."{s}") IS DISTINCT FROM (n.search_key, n."{s}")'

    def function(name, body):
        return (
            f'CREATE OR REPLACE FUNCTION "{name}"() RETURNS trigger LANGUAGE plpgsql AS $$ '
            f"BEGIN {body} RETURN NULL; END $$"
        )

    return [
        f'CREATE TABLE IF NOT EXISTS "{w}" ("term" text COLLATE "C" NOT NULL, "sort_key" text{collation} '
        f'NOT NULL, "record_id" bigint NOT NULL, PRIMARY KEY ("term", "sort_key", "record_id"))',
        function(
            f"{w}_insert",
            f'INSERT INTO "{w}" (term, sort_key, record_id) '
            f'SELECT s.term, n."{s}", n.id FROM new_rows n, records_word_starts(n.search_key) AS s(term);',
        ),
        function(
            f"{w}_delete",
            f'DELETE FROM "{w}" w USING old_rows o, records_word_starts(o.search_key) AS s(term) '
            f'WHERE w.term = s.term AND w.sort_key = o."{s}" AND w.record_id = o.id;',
        ),
        function(
            f"{w}_update",
            f'DELETE FROM "{w}" w USING old_rows o JOIN new_rows n ON n.id = o.id, '
            f"records_word_starts(o.search_key) AS s(term) "
            f'WHERE {changed} AND w.term = s.term AND w.sort_key = o."{s}" AND w.record_id = o.id; '
            f'INSERT INTO "{w}" (term, sort_key, record_id) '
            f'SELECT s.term, n."{s}", n.id FROM new_rows n JOIN old_rows o ON o.id = n.id, '
            f"records_word_starts(n.search_key) AS s(term) WHERE {changed};",
        ),
        function(f"{w}_truncate", f'TRUNCATE "{w}";'),
        f'CREATE TRIGGER "{w}_insert" AFTER INSERT ON "{t}" REFERENCING NEW TABLE AS new_rows '
        f'FOR EACH STATEMENT EXECUTE FUNCTION "{w}_insert"()',
        f'CREATE TRIGGER "{w}_delete" AFTER DELETE ON "{t}" REFERENCING OLD TABLE AS old_rows '
        f'FOR EACH STATEMENT EXECUTE FUNCTION "{w}_delete"()',
        f'CREATE TRIGGER "{w}_update" AFTER UPDATE ON "{t}" REFERENCING OLD TABLE AS old_rows '
        f'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "{w}_update"()',
        f'CREATE TRIGGER "{w}_truncate" AFTER TRUNCATE ON "{t}" '
        f'FOR EACH STATEMENT EXECUTE FUNCTION "{w}_truncate"()',
    ]


def postgresql_word_fill(word):
    return [
        f'TRUNCATE "{word.name}"',
        f'INSERT INTO "{word.name}" (term, sort_key, record_id) '
        f'SELECT s.term, t."{word.sort_column}", t.id FROM "{word.table}" t, '
        f"records_word_starts(t.search_key) AS s(term)",
        f'ANALYZE "{word.name}"',
    ]


def postgresql_word_triggers(word):
    return [f"{word.name}_{event}" for event in ("insert", "delete", "update", "truncate")]


def postgresql_word_drop(word):
    return [
        *(f'DROP TRIGGER IF EXISTS "{name}" ON "{word.table}"' for name in postgresql_word_triggers(word)),
        *(f'DROP FUNCTION IF EXISTS "{name}"()' for name in postgresql_word_triggers(word)),
        f'DROP TABLE IF EXISTS "{word.name}"',
    ]


# Making, checking, dropping ################################################


def existing_triggers(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {name for (name,) in cursor.fetchall()}


def execute(connection, statements):
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create_statements(app_label, vendor, *, tables=None, present=None):
    """The SQL that makes an app's derived tables and triggers and fills them from the records.

    For a fresh database, as its migration runs it, by default: every table there, no trigger yet.
    `tables`: the tables there are (the others are skipped). `present`: the triggers there are;
    given, a table whose triggers are all there is left alone.
    """

    def wanted(table, names):
        return (tables is None or table in tables) and not (present is not None and present.issuperset(names))

    statements = []
    if vendor == "postgresql":
        statements += POSTGRESQL_FUNCTIONS
    for word in WORD_TABLES.get(app_label, []):
        if vendor == "sqlite":
            names = sqlite_word_triggers(word)
            if wanted(word.table, names):
                statements += [f'DROP TRIGGER IF EXISTS "{name}"' for name in names]
                statements += sqlite_word_sql(word) + sqlite_word_fill(word)
        elif vendor == "postgresql":
            if wanted(word.table, postgresql_word_triggers(word)):
                statements += postgresql_word_drop(word)
                statements += postgresql_word_sql(word) + postgresql_word_fill(word)
    if vendor == "sqlite":
        statements.append(
            f'CREATE TABLE IF NOT EXISTS "{ROW_COUNT_TABLE}" '
            '("table_name" text NOT NULL PRIMARY KEY, "row_count" integer NOT NULL)'
        )
        for table in COUNTED.get(app_label, []):
            names = sqlite_count_triggers(table)
            if wanted(table, names):
                statements += [f'DROP TRIGGER IF EXISTS "{name}"' for name in names]
                statements += sqlite_count_sql(table) + sqlite_count_fill(table)
    return statements


def drop_statements(app_label, vendor):
    """The SQL that drops an app's derived tables and triggers (its migration, reversed)."""
    statements = []
    if vendor == "sqlite":
        for word in WORD_TABLES.get(app_label, []):
            statements += [f'DROP TRIGGER IF EXISTS "{name}"' for name in sqlite_word_triggers(word)]
            statements.append(f'DROP TABLE IF EXISTS "{word.name}"')
        for table in COUNTED.get(app_label, []):
            statements += [f'DROP TRIGGER IF EXISTS "{name}"' for name in sqlite_count_triggers(table)]
            statements.append(f"DELETE FROM \"{ROW_COUNT_TABLE}\" WHERE table_name = '{table}'")
        if app_label == "records":
            statements.append(f'DROP TABLE IF EXISTS "{ROW_COUNT_TABLE}"')
    elif vendor == "postgresql":
        for word in WORD_TABLES.get(app_label, []):
            statements += postgresql_word_drop(word)
        if app_label == "records":
            statements += POSTGRESQL_DROP_FUNCTIONS
    return statements


def create(app_label, connection, *, only_missing=False):
    """Make the derived tables and triggers of an app's tables and fill them from the records.

    With only_missing, leave alone every table whose triggers are all there.
    """
    if connection.vendor not in VENDORS:
        return
    present = existing_triggers(connection) if only_missing else None
    tables = set(connection.introspection.table_names())
    execute(connection, create_statements(app_label, connection.vendor, tables=tables, present=present))


@receiver(post_migrate)
def ensure(sender, using="default", **kwargs):
    """After migrate: make again whatever a later migration took away (see the module's docstring)."""
    if sender.label not in COUNTED:
        return
    connection = connections[using]
    with connection.cursor() as cursor:
        migrated = connection.introspection.table_names(cursor)
    # Only once this app's migration that makes them has run (not after migrating back past it).
    marker = ROW_COUNT_TABLE if connection.vendor == "sqlite" else None
    if marker is not None and marker not in migrated:
        return
    words = WORD_TABLES.get("records", [])
    if connection.vendor == "postgresql" and not any(word.name in migrated for word in words):
        return
    create(sender.label, connection, only_missing=True)
