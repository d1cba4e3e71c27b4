"""
Bulk writes of records with their history rows, at the speed of the database.

Django's bulk_create() spends most of its time assembling SQL in Python: every value of
every object passes through the query compiler. An import of 100,000 rows writes several
rows per row of the file (the record, its history row, its citation), so this module writes
them itself, preparing only the values that need it (dates, UUIDs):

* insert() writes records and sets their ids: on SQLite with multi-row INSERTs, the ids the
  database returns (RETURNING, as bulk_create() does); on PostgreSQL with COPY, the ids taken
  from the table's sequence first (psycopg formats COPY rows in C, where it quotes an INSERT's
  parameters in Python);
* update() writes changed fields with one UPDATE per record through executemany();
* create_with_history() and update_with_history() add the history rows django-simple-history
  would, for the same records, user, reason and time, as its bulk_create_with_history() and
  bulk_update_with_history() do;
* link() and insert_into() write the rows of a many-to-many or temporary table (COPY on
  PostgreSQL), and history_links() copies a record's links to its history rows, as
  simple-history does for the many-to-many fields it tracks;
* joined_rows() gives rows as a table a statement can join: VALUES, or on PostgreSQL one array
  per column (UNNEST), as Django's bulk_create() sends rows there.

What it does not do, like bulk_create(): call save() or send signals. Callers normalise their
records first. Where the database cannot return ids from a multi-row insert (SQLite before
3.35), insert() falls back to bulk_create().
"""

import functools

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from . import django_adapter, history_adapter

__all__ = [
    "create_with_history",
    "history_links",
    "insert",
    "insert_into",
    "joined_rows",
    "link",
    "update",
    "update_with_history",
]

# Field classes whose Python values the database drivers take as they are.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _plain(field):
    if isinstance(field, models.ForeignKey):
        return _plain(field.target_field) or isinstance(field.target_field, models.AutoField)
    # EmailField, SlugField... are CharFields; what is not plain has its own get_db_prep_save.
    return isinstance(field, PLAIN_FIELDS)


def _adapt_uuid(value, connection):
    return value.hex  # as UUIDField stores it where the database has no UUID type


def _adapt_date(value, connection):
    return connection.ops.adapt_datefield_value(value)


def _preparer(field):
    """None (the value as it is) or the function preparing the field's values for the database."""
    if _plain(field):
        return None
    # The commonest kinds, without the checks of get_db_prep_save() that a record's own value passes.
    if type(field) is models.UUIDField:
        return None if connection.features.has_native_uuid_field else _adapt_uuid
    if type(field) is models.DateField:
        return _adapt_date
    return field.get_db_prep_save


@functools.cache
def _preparers(fields):
    return tuple(_preparer(field) for field in fields)


def _prepared(rows, preparers):
    """The rows' values as the database takes them."""
    if not any(preparers):
        return rows
    # The connection itself: `connection` is a proxy that looks it up again on every use.
    database = connections[DEFAULT_DB_ALIAS]
    return [
        [
            value if prepare is None or value is None else prepare(value, database)
            for value, prepare in zip(row, preparers, strict=True)
        ]
        for row in rows
    ]


def _batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(model, fields, rows, *, prepared=()):
    """Insert rows of values for the fields (not the id); returns the new ids, in the rows' order.

    The values of the fields named in `prepared` are already as the database takes them.
    """
    opts = model._meta
    fields = tuple(fields)
    preparers = [
        None if field.name in prepared else prepare
        for field, prepare in zip(fields, _preparers(fields), strict=True)
    ]
    if not rows:
        return []
    rows = _prepared(rows, preparers)
    if connection.vendor == "postgresql":
        # The ids first, from the table's own sequence, then the rows with them by COPY.
        ids = _new_ids(model, len(rows))
        columns = [opts.pk.column, *(field.column for field in fields)]
        _copy(opts.db_table, columns, ([pk, *row] for pk, row in zip(ids, rows, strict=True)))
        return ids
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(opts.db_table), ", ".join(quote(field.column) for field in fields)
    )
    tail = f" RETURNING {quote(opts.pk.column)}"
    ids = []
    with connection.cursor() as cursor:
        for values, params in _values_batches(rows, len(fields)):
            cursor.execute(head + values + tail, params)
            ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def _new_ids(model, count):
    """Ids for records about to be written, taken from the sequence of the table's id (PostgreSQL)."""
    opts = model._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [quote(opts.db_table), opts.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(table, columns, rows):
    """Write rows into a table with COPY (PostgreSQL).

    COPY is PostgreSQL's fastest way in: no statement to plan per batch, and psycopg formats
    the rows in C, where an INSERT's parameters are quoted in Python.
    """
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(quote(table), ", ".join(map(quote, columns)))
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert(model, records):
    """Insert new records (without ids) and set the ids the database gives them."""
    if not records:
        return
    if not connection.features.can_return_rows_from_bulk_insert:
        model._base_manager.bulk_create(records, batch_size=1000)
        return
    for record in records:
        # A record naming another saved in this import takes its id, as bulk_create() does.
        django_adapter.prepare_related_fields(record, "bulk_create")
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    # Fields that set their value when saved (auto_now_add) do it here, as in bulk_create().
    presaving = [field for field in fields if type(field).pre_save is not models.Field.pre_save]
    for record in records:
        for field in presaving:
            setattr(record, field.attname, field.pre_save(record, True))
    attnames = [field.attname for field in fields]
    ids = insert_rows(model, fields, [[getattr(record, name) for name in attnames] for record in records])
    alias = connection.alias
    for record, pk in zip(records, ids, strict=True):
        record.pk = pk
        record._state.adding = False
        record._state.db = alias


def update(model, records, field_names):
    """Write the named fields of existing records."""
    if not records:
        return
    opts = model._meta
    for record in records:
        django_adapter.prepare_related_fields(record, "bulk_update")
    fields = tuple(opts.get_field(name) for name in field_names)
    preparers = _preparers(fields)
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(opts.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(opts.pk.column),
    )
    rows = _prepared([[getattr(record, field.attname) for field in fields] for record in records], preparers)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*values, record.pk] for values, record in zip(rows, records, strict=True)])


def _values_batches(rows, width):
    """Rows in batches of as many as one statement may carry, with their VALUES list."""
    limit = connection.features.max_query_params  # None where the database sets none
    size = max(1, limit // width) if limit else 1000
    row = "({})".format(", ".join(["%s"] * width))
    for batch in _batches(rows, size):
        yield ", ".join([row] * len(batch)), [value for values in batch for value in values]


def _unnest(fields, rows):
    """On PostgreSQL, rows as one array per column, as bulk_create() sends them there.

    A statement of a few parameters whatever the rows: psycopg rewrites the placeholders of
    every statement in Python, which for a VALUES list of 2,000 rows took longer than the
    database took to insert them. Types lose their length ("varchar", not "varchar(200)"),
    as in Django, so that an array is never cut to a column's length.
    """
    arrays = ", ".join(f"%s::{field.db_type(connection).split('(')[0]}[]" for field in fields)
    return f"UNNEST({arrays})", [list(column) for column in zip(*rows, strict=True)]


def joined_rows(fields, rows, name):
    """(SQL, parameters) of the rows as a table to join, `name`, with columns column1, column2...

    The fields give the columns' database types (PostgreSQL). One statement on PostgreSQL,
    as many as the parameter limit needs elsewhere; none for no rows.
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        rows_sql, params = _unnest(fields, rows)
        columns = ", ".join(f"column{number}" for number in range(1, len(fields) + 1))
        yield f"{rows_sql} AS {name}({columns})", params
        return
    # VALUES names its columns column1, column2... on SQLite (and PostgreSQL).
    for values, params in _values_batches(rows, len(fields)):
        yield f"(VALUES {values}) AS {name}", params


def link(through, pairs, from_field, to_field):
    """Rows of a many-to-many table: (from id, to id) pairs, e.g. (record id, source id)."""
    columns = [through._meta.get_field(name).column for name in (from_field, to_field)]
    insert_into(through._meta.db_table, columns, list(pairs))


def insert_into(table, columns, rows):
    """Rows of values for the columns (names) of a table: a temporary one, a many-to-many table.

    COPY on PostgreSQL; elsewhere multi-row statements, as many as the parameter limit needs.
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(table, list(columns), rows)
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ".format(quote(table), ", ".join(map(quote, columns)))
    with connection.cursor() as cursor:
        for values, params in _values_batches(rows, len(columns)):
            cursor.execute(sql + values, params)


def insert_history(model, records, *, history_type, user=None, reason="", date=None):
    """The history rows django-simple-history would write for these records; returns their ids."""
    history_model = model.history.model
    tracked = history_adapter.tracked_fields(history_model)
    date_field = history_model._meta.get_field("history_date")
    extra = {
        # The same for every row, so prepared for the database once.
        "history_date": date_field.get_db_prep_save(date or timezone.now(), connection),
        "history_user": getattr(user, "pk", None),
        "history_change_reason": reason,
        "history_type": history_type,
    }
    fields = [history_model._meta.get_field(name) for name in (*(f.name for f in tracked), *extra)]
    relation = history_adapter.has_history_relation(history_model)
    if relation:
        fields.append(history_model._meta.get_field("history_relation"))
    attnames = [field.attname for field in tracked]
    constant = list(extra.values())
    rows = []
    for record in records:
        row = [getattr(record, name) for name in attnames]
        row.extend(constant)
        if relation:
            row.append(record.pk)
        rows.append(row)
    if not connection.features.can_return_rows_from_bulk_insert:
        made = history_model._base_manager.bulk_create(
            [
                history_model(**{field.attname: value for field, value in zip(fields, row, strict=True)})
                for row in rows
            ]
        )
        return [made_row.pk for made_row in made]
    return insert_rows(history_model, fields, rows, prepared={"history_date"})


def history_links(model, records, history_ids):
    """Copy the records' many-to-many links, as they are now, to the history rows written for them.

    django-simple-history does this on save() for the fields a model tracks (m2m_fields; for
    records, their sources), so that a version restored or reverted to cites what it cited.
    """
    history_model = model.history.model
    quote = connection.ops.quote_name
    for field, links_history in history_adapter.m2m_history_tables(history_model):
        through = field.remote_field.through._meta
        columns = ", ".join(quote(f.column) for f in through.concrete_fields)
        owner = quote(through.get_field(field.m2m_field_name()).column)
        table = quote(links_history._meta.db_table)
        link_columns = ", ".join(f"link.{quote(f.column)}" for f in through.concrete_fields)
        # The rows written: (history id, record id).
        written = (history_model._meta.pk, model._meta.pk)
        sql = (
            f"INSERT INTO {table} ({columns}, history_id) "
            f"SELECT {link_columns}, written.column1 FROM {quote(through.db_table)} AS link "
            f"JOIN {{}} ON link.{owner} = written.column2"
        )
        pairs = [(history_id, record.pk) for record, history_id in zip(records, history_ids, strict=True)]
        with connection.cursor() as cursor:
            for rows_sql, params in joined_rows(written, pairs, "written"):
                cursor.execute(sql.format(rows_sql), params)


def create_with_history(model, records, *, user=None, reason="", date=None):
    """Insert new records and their "+" history rows; returns the history ids."""
    insert(model, records)
    return insert_history(model, records, history_type="+", user=user, reason=reason, date=date)


def update_with_history(model, records, field_names, *, user=None, reason="", date=None):
    """Write changed records and their "~" history rows; returns the history ids."""
    update(model, records, field_names)
    return insert_history(model, records, history_type="~", user=user, reason=reason, date=date)
