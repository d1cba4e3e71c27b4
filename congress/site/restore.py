"""Restoring a backup of congress.site.backup into an empty database, in one transaction."""

import gzip
import itertools
import json
import zlib
from collections import Counter

from django.apps import apps
from django.core.management.base import CommandError
from django.core.serializers import python
from django.core.serializers.base import deserialize_fk_value, deserialize_m2m_values
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.db.models.fields import AutoFieldMixin

from records.models import Record

from .backup import (
    CHUNK,
    GZIP_MAGIC,
    backed_up_models,
    keeps_primary_key,
    references,
)


def open_backup(path):
    """The backup's lines, gunzipped when the file is compressed, whatever its name."""
    with open(path, "rb") as file:
        magic = file.read(2)
    if magic == GZIP_MAGIC:
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_objects(lines):
    number = 0
    try:
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if line in ("", "[", "]"):
                continue
            try:
                yield json.loads(line.removesuffix(","))
            except json.JSONDecodeError:
                raise CommandError(
                    f"Dòng {number} của tệp không đọc được: tệp không phải bản sao lưu do "
                    "`manage.py backup` tạo ra, hoặc đã hỏng. Không có gì được ghi."
                ) from None
    # A compressed file cut off (a copy that did not finish) ends before gzip's trailer.
    except (EOFError, gzip.BadGzipFile, zlib.error, UnicodeDecodeError):
        raise CommandError(
            f"Tệp sao lưu bị cắt cụt hoặc hỏng sau dòng {number}: có thể tệp chưa được chép xong. "
            "Hãy dùng một bản sao lưu đầy đủ. Không có gì được ghi."
        ) from None


def check_restorable(using):
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            "Cơ sở dữ liệu chưa được cập nhật cấu trúc: hãy chạy `manage.py migrate` trước khi khôi phục."
        )
    # Groups may be there: migrations make the roles, and a restore matches them by name.
    existing = {
        model._meta.label: count
        for model in backed_up_models()
        if keeps_primary_key(model) and (count := model._base_manager.using(using).count())
    }
    if existing:
        listed = ", ".join(f"{label}: {count}" for label, count in itertools.islice(existing.items(), 5))
        raise CommandError(
            "Cơ sở dữ liệu đã có dữ liệu (" + listed + ("…" if len(existing) > 5 else "") + "). "
            "Chỉ khôi phục được vào một cơ sở dữ liệu trống: tạo cơ sở dữ liệu mới, chạy "
            "`manage.py migrate` (không tạo người dùng nào), rồi khôi phục. Không có gì được ghi."
        )


def restore_backup(path, *, using):
    """Load a backup into an empty database in one transaction; return the count of rows per model.

    Rows that keep their key are inserted a batch of one model at a time, in the file's order,
    with the values `loaddata` would insert one at a time (raw: no save() of their own). No save
    signal is sent for them: the one handler that acts on a save, history's, writes nothing for a
    raw one. Their many-to-many links are written in batches straight into the link tables, so
    that no m2m_changed handler writes history for a restore. Rows matched by natural key (groups)
    are saved one by one, as `loaddata` saves them. A reference to a row further on waits, and is
    written once every row is in.
    """
    check_restorable(using)
    connection = connections[using]
    counts = Counter()
    keys = KeyCache(using)
    links = Links(using)
    rows = Rows(using, links)
    with open_backup(path) as lines, transaction.atomic(using=using):
        waiting = []
        objects = python.Deserializer(
            keys.resolve_all(rows.written_before_the_next_model(read_objects(lines))),
            using=using,
            handle_forward_references=True,
        )
        for item in objects:
            model = type(item.object)
            if keeps_primary_key(model) and not model._meta.parents:
                rows.add(item)
            else:
                m2m_data = item.m2m_data
                # A row that keeps its key is new in an empty database: inserted, not updated.
                item.save(using=using, save_m2m=False, force_insert=keeps_primary_key(model))
                links.replace(item.object, m2m_data)
            if item.deferred_fields:
                waiting.append(item)
            counts[model._meta.label] += 1
        rows.flush()
        for item in waiting:
            complete(item, links, using)
        links.flush()
        models = backed_up_models()
        for model in models:
            if keeps_primary_key(model):
                reset_sequence(connection, model, highest_key_named(model, models, using))
        # Checked now rather than at commit, so that a bad file fails here, with its rows named.
        connection.check_constraints(table_names=[apps.get_model(label)._meta.db_table for label in counts])
    return counts


class KeyCache:
    """The primary keys of rows named by natural key, so that most names cost no query.

    A record's key is known the moment the record is read (its uid and its primary key are both
    in the file); other names are looked up once. Only the latest names are kept, so that a
    restore of any size runs in bounded memory.
    """

    LIMIT = 200_000

    def __init__(self, using):
        self.using = using
        self.keys = {}

    def remember(self, model, natural_key, pk):
        if len(self.keys) >= self.LIMIT:
            self.keys.clear()
        self.keys[model, natural_key] = pk

    def pk(self, model, natural_key):
        """The row's primary key, or None while it is not in the database yet."""
        natural_key = tuple(natural_key)
        if (model, natural_key) not in self.keys:
            try:
                row = model._default_manager.db_manager(self.using).get_by_natural_key(*natural_key)
            except model.DoesNotExist:
                return None
            self.remember(model, natural_key, row.pk)
        return self.keys[model, natural_key]

    def resolve_all(self, objects):
        """The objects with each natural reference that can be resolved replaced by its primary key.

        What cannot be resolved yet stays as it is, for the deserializer to hold back.
        """
        for obj in objects:
            model = apps.get_model(obj["model"])
            fields = obj["fields"]
            for name, value in fields.items():
                field = model._meta.get_field(name)
                if not isinstance(value, list) or not field.is_relation:
                    continue
                target = field.related_model
                if field.many_to_many:
                    if value and isinstance(value[0], list):
                        pks = [self.pk(target, key) for key in value]
                        if None not in pks:
                            fields[name] = pks
                elif (pk := self.pk(target, value)) is not None:
                    fields[name] = pk
            if issubclass(model, Record) and "pk" in obj:
                self.remember(model, (fields["uid"],), obj["pk"])
            yield obj


class Rows:
    """Rows of one model that keep their primary key, inserted a batch at a time.

    One statement for a batch spares a round trip and a statement per row, which made a restore
    into PostgreSQL take about ten minutes a million rows. The rows are inserted raw, through the
    insert save_base() makes for a deserialized row, so that no pre_save() changes them (a time
    recorded when a row was added stays as it was), which bulk_create() would call.
    """

    def __init__(self, using, links):
        self.using = using
        self.links = links
        self.model = None
        self.items = []

    def written_before_the_next_model(self, objects):
        """The file's objects, with the rows of one model written before an object of the next is
        read: it may name them by a natural key, which is looked up in the database."""
        for obj in objects:
            if self.model is not None and obj.get("model") != self.model._meta.label_lower:
                self.flush()
            yield obj

    def add(self, item):
        if self.model is not type(item.object):
            self.flush()
            self.model = type(item.object)
        self.items.append(item)
        if len(self.items) >= CHUNK:
            self.flush()

    def flush(self):
        if self.items:
            model = self.model
            fields = [field for field in model._meta.local_concrete_fields if not field.generated]
            objs = [item.object for item in self.items]
            ops = connections[self.using].ops
            # SQLite allows 999 parameters a statement, PostgreSQL 65,535.
            size = max(1, min(CHUNK, ops.bulk_batch_size(fields, objs), 65_535 // len(fields)))
            manager = model._base_manager.using(self.using)
            for batch in itertools.batched(objs, size):
                manager._insert(list(batch), fields=fields, using=self.using, raw=True)
            for item in self.items:
                self.links.replace(item.object, item.m2m_data)
            self.links.flush()
        self.model = None
        self.items = []


class Links:
    """Many-to-many links, written a batch at a time into their tables."""

    def __init__(self, using):
        self.using = using
        self.pending = {}  # through model: rows

    def replace(self, obj, m2m_data):
        model = type(obj)
        for name, pks in m2m_data.items():
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            if not keeps_primary_key(model):
                # A row matched by name (a group the migrations made) takes the backup's links.
                through._base_manager.using(self.using).filter(**{source: obj.pk}).delete()
            self.add(through, [through(**{source: obj.pk, target: pk}) for pk in pks])

    def add(self, through, rows):
        pending = self.pending.setdefault(through, [])
        pending += rows
        if len(pending) >= CHUNK:
            self.flush()

    def flush(self):
        for through, rows in self.pending.items():
            through._base_manager.using(self.using).bulk_create(rows, batch_size=CHUNK)
        self.pending = {}


def complete(item, links, using):
    """Write the references a row held back because they named rows further on in the file."""
    obj = item.object
    model = type(obj)
    values = {}
    m2m_data = {}
    for field, value in item.deferred_fields.items():
        if field.many_to_many:
            m2m_data[field.name] = deserialize_m2m_values(
                field, value, using, handle_forward_references=False
            )
        else:
            values[field.attname] = deserialize_fk_value(field, value, using, handle_forward_references=False)
    if values:
        model._base_manager.using(using).filter(pk=obj.pk).update(**values)
    links.replace(obj, m2m_data)


def highest_key_named(model, models, using):
    """The highest primary key of a model that any row names: its own rows', and the plain
    references to it (its history's copies of its key, and references the database does not
    enforce), which outlive the rows they name."""
    pk = model._meta.pk
    columns = [(model, pk.attname)]
    for other in models:
        if getattr(other, "instance_type", None) is model:  # a simple_history history table
            columns.append((other, pk.attname))
        for field in other._meta.fields:
            if field.remote_field and not field.db_constraint and field.related_model is model:
                columns.append((other, field.attname))
    values = [
        other._base_manager.using(using).aggregate(highest=Max(column))["highest"]
        for other, column in columns
    ]
    return max((value for value in values if value is not None), default=None)


def reset_sequence(connection, model, highest):
    """Make the next key of a model's table follow `highest`, as `loaddata` does after a load."""
    if highest is None or not isinstance(model._meta.pk, AutoFieldMixin):
        return
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [connection.ops.quote_name(table), column, highest],
            )
        elif connection.vendor == "sqlite":
            # Tables with an AUTOINCREMENT key keep their next key in sqlite_sequence.
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [highest, table])
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT %s, %s "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
                [table, highest, table],
            )
