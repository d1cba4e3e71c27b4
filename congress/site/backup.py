"""Backup and restore of the whole record: every record, its history, and the accounts.

A backup is one JSON file in Django's fixture format (gzip-compressed when its name ends in .gz):
a list of objects, one object to a line, so that `backup` writes it and `restore` reads it a line
at a time and neither holds the database in memory. `loaddata` reads it too.

What it holds: every model of the `records` and `congress` apps, their history tables included,
so that a model added to either app is backed up without a change here; the users and groups
with the groups' permissions; and the admin's log of changes. Content types and permissions are
not in it: `migrate` makes them, and the backup names them by natural key.

How rows are identified:

- References between records are written as natural keys (a record's `uid`; a user's name; a
  permission's codename, app and model), as `dumpdata --natural-foreign` writes them.
- Groups are matched by natural key (name) in the database restored into, where migrations may
  already have made them.
- Every other row keeps its primary key: records, users, history rows, log entries. A history row
  holds its record's primary key (`id`), and a log entry its object's (`object_id`), as plain
  values that no natural key can reach; restoring into an empty database keeps them true, and the
  admin's addresses too.
- A reference the database does not enforce (a history row's record, which may since have been
  deleted) is written as the primary key it holds. After a restore no new row is given a key that
  such a reference still names, so a deleted record's history never becomes another's.
"""

import datetime
import graphlib
import gzip
import io
import itertools
import json
import os
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.core.management.base import CommandError
from django.core.serializers import python
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction

from records.models import Record

APPS = ["records", "congress"]
OTHER_MODELS = ["auth.Group", "auth.User", "admin.LogEntry"]
MATCHED_BY_NATURAL_KEY = {"auth.Group"}
CHUNK = 1000
GZIP_MAGIC = b"\x1f\x8b"


def report(command, counts, summary, verbosity):
    """What a backup or a restore did: a line, and with -v 2 the rows of each model."""
    if verbosity >= 1:
        command.stdout.write(summary)
    if verbosity >= 2:
        for label, count in counts.items():
            command.stdout.write(f"  {label}: {count}")


def backed_up_models():
    """Every model a backup holds."""
    models = [apps.get_model(label) for label in OTHER_MODELS]
    for label in APPS:
        models += [
            model
            for model in apps.get_app_config(label).get_models()
            if model._meta.managed and not model._meta.proxy
        ]
    return models


def keeps_primary_key(model):
    return model._meta.label not in MATCHED_BY_NATURAL_KEY


def check_references(models):
    """Refuse a schema whose plain references point at rows matched by name, which change keys."""
    for model in models:
        for field in model._meta.fields:
            if (
                field.remote_field
                and not natural_reference(field)
                and not keeps_primary_key(field.related_model)
            ):
                raise CommandError(
                    f"{model._meta.label}.{field.name} trỏ tới {field.related_model._meta.label} "
                    "bằng khóa chính, mà bảng này được khôi phục theo khóa tự nhiên: bản sao lưu sẽ "
                    "không khôi phục đúng."
                )


# Writing


def natural_reference(field):
    """Whether a foreign key is written as its target's natural key."""
    target = field.related_model
    return (
        field.db_constraint
        and hasattr(target, "natural_key")
        and field.remote_field.field_name == target._meta.pk.name
    )


def m2m_fields(model):
    return [
        field for field in model._meta.local_many_to_many if field.remote_field.through._meta.auto_created
    ]


def in_restore_order(models, using):
    """The models with the targets of natural references before the models that name them.

    A restore resolves a natural key by looking it up, so its target must be loaded first. A
    cycle (a unit established by a document, issued by an organisation, in a unit) is broken at
    a reference that may wait, a nullable or a many-to-many one: the rows that name it are saved
    without it and completed at the end. Of those, the one fewest rows use is broken.
    """
    references_by_edge = {}  # (model, target): the fields of model that name target
    for model in models:
        fields = [field for field in model._meta.fields if field.remote_field and natural_reference(field)]
        fields += [field for field in m2m_fields(model) if hasattr(field.related_model, "natural_key")]
        for field in fields:
            if field.related_model in models and field.related_model is not model:
                references_by_edge.setdefault((model, field.related_model), []).append(field)
    dependencies = {model: set() for model in models}
    for model, target in references_by_edge:
        dependencies[model].add(target)
    while True:
        try:
            return list(graphlib.TopologicalSorter(dependencies).static_order())
        except graphlib.CycleError as error:
            # Each model of the cycle is a dependency of the next.
            edges = [(model, target) for target, model in itertools.pairwise(error.args[1])]
            breakable = [
                edge
                for edge in edges
                if all(field.null or field.many_to_many for field in references_by_edge[edge])
            ]
            if not breakable:
                raise CommandError(
                    f"Không xếp được thứ tự khôi phục: vòng tham chiếu {error.args[1]}."
                ) from None
            model, target = min(
                breakable, key=lambda edge: references(edge[0], references_by_edge[edge], using)
            )
            dependencies[model].discard(target)


def references(model, fields, using):
    """How many rows of a model name another through these fields."""
    total = 0
    for field in fields:
        if field.many_to_many:
            total += field.remote_field.through._base_manager.using(using).count()
        else:
            total += model._base_manager.using(using).filter(**{f"{field.name}__isnull": False}).count()
    return total


class NaturalKeys:
    """The natural keys that one chunk of rows refers to, read in a few queries."""

    def __init__(self, using):
        self.using = using
        self.keys = {}
        self.m2m = {}

    def __getitem__(self, item):
        return self.keys[item]

    def fill(self, model, rows):
        for field in model._meta.fields:
            if field.remote_field and natural_reference(field):
                self.load(field.related_model, {getattr(row, field.attname) for row in rows} - {None})
        for field in m2m_fields(model):
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            links = {}
            pairs = through._base_manager.using(self.using).filter(
                **{f"{source}__in": [row.pk for row in rows]}
            )
            for source_pk, target_pk in pairs.order_by("pk").values_list(source, target):
                links.setdefault(source_pk, []).append(target_pk)
            self.m2m[field] = links
            if hasattr(field.related_model, "natural_key"):
                self.load(field.related_model, set(itertools.chain.from_iterable(links.values())))

    def load(self, model, pks):
        missing = [pk for pk in pks if (model, pk) not in self.keys]
        for batch in itertools.batched(missing, CHUNK):
            if issubclass(model, Record):
                # A record's natural key is its uid: read that column, not the record.
                for pk, uid in (
                    model._base_manager.using(self.using).filter(pk__in=batch).values_list("pk", "uid")
                ):
                    self.keys[model, pk] = (str(uid),)
            else:
                for row in model._base_manager.using(self.using).filter(pk__in=batch).select_related():
                    self.keys[model, row.pk] = row.natural_key()


class Serializer(python.Serializer):
    """Django's serializer, taking natural keys from a NaturalKeys instead of a query per reference."""

    def __init__(self, natural_keys):
        super().__init__()
        self.natural_keys = natural_keys

    def handle_fk_field(self, obj, field):
        pk = getattr(obj, field.attname)
        if pk is not None and natural_reference(field):
            self._current[field.name] = self.natural_keys[field.related_model, pk]
        else:
            self._current[field.name] = self._value_from_field(obj, field)

    def handle_m2m_field(self, obj, field):
        if not field.remote_field.through._meta.auto_created:
            return
        pks = self.natural_keys.m2m[field].get(obj.pk, [])
        if hasattr(field.related_model, "natural_key"):
            self._current[field.name] = [list(self.natural_keys[field.related_model, pk]) for pk in pks]
        else:
            self._current[field.name] = pks


class Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder without its rounding of times to milliseconds: a restore is exact."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def dump_rows(model, using):
    """A model's rows as fixture objects, read and serialized a chunk at a time."""
    # The base manager: every row, whatever the default manager leaves out.
    rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=CHUNK)
    for chunk in itertools.batched(rows, CHUNK):
        natural_keys = NaturalKeys(using)
        natural_keys.fill(model, chunk)
        yield from Serializer(natural_keys).serialize(
            chunk,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=not keeps_primary_key(model),
        )


def write_backup(path, *, using):
    """Write the backup to path, whole or not at all; return the count of rows per model."""
    path = Path(path)
    connection = connections[using]
    models = backed_up_models()
    check_references(models)
    counts = Counter()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # Only its owner may read a file of personal data and password hashes.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw, consistent_read(connection):
            compressed = (
                gzip.GzipFile(filename=path.stem, mode="wb", fileobj=raw, mtime=0)
                if path.suffix == ".gz"
                else None
            )
            text = io.TextIOWrapper(compressed or raw, encoding="utf-8", newline="\n")
            text.write("[")
            separator = "\n"
            for model in in_restore_order(models, using):
                for row in dump_rows(model, using):
                    text.write(separator + json.dumps(row, cls=Encoder, ensure_ascii=False))
                    separator = ",\n"
                    counts[model._meta.label] += 1
            text.write("\n]\n")
            text.flush()
            text.detach()
            if compressed:
                compressed.close()  # writes gzip's trailer; the file itself stays open
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return counts


@contextmanager
def consistent_read(connection):
    """One transaction for the whole backup, so that it is one moment of the database.

    PostgreSQL's default isolation lets each query see later commits; repeatable read does not.
    SQLite's read transaction is a snapshot already. Inside a caller's transaction (a test) the
    caller's transaction stands.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=connection.alias):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


# Reading
