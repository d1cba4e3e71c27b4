"""One import of one file: the chunk loop, the rows, their checks, claims and writes.

An ImportRun holds everything that belongs to one import (who, which congress, the scope,
the errors, the preview, the look-ups, the claims, the writes) so that the sheet kind it
reads with (kinds.SheetResource) stays a declaration. The file is read, checked and written
a chunk of CHUNK_ROWS rows at a time, all in the caller's transaction; what a chunk needs
is dropped after it, so that memory does not grow with the file.

The row loop (import_row, read_row) runs for every row of files of a million rows: it
runs no query, and calls out only to the widgets and the kind's hooks; `manage.py benchmark`
measures it. Keep it so.
"""

import functools
import operator
from contextlib import contextmanager
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from records import access, vietnamese

from .changes import RecordChanges
from .choices import REFUSE, RowChoices
from .claims import Claims
from .columns import RecordListWidget, RecordWidget, TextWidget, cell_text, identity_key, is_blank, ref
from .files.table import SpreadsheetError
from .headers import match_headers
from .lookups import PersonLookup
from .people import PeopleNamed
from .report import PreviewCell, PreviewRow, SheetError
from .writes import ImportWrites

__all__ = ["CHUNK_ROWS", "PREVIEW_ROWS", "ImportRun", "Row"]

# The preview shows this many rows of a file; counts and errors cover all of them.
PREVIEW_ROWS = 50
# Rows an import reads, checks and writes at a time: what it holds in memory at once.
CHUNK_ROWS = 2000


@dataclass
class Row:
    """What the run knows about the row it is importing."""

    number: int
    raw: dict
    # Cell values by column, as the widgets read them.
    values: dict = field(default_factory=dict)
    # Attributes set from several cells or from other records (a person, a period).
    resolved: dict = field(default_factory=dict)
    # What the row adds to records it names: (look-up, record, {attribute: value}).
    fills: list = field(default_factory=list)
    # The record a kind's find() matched, even one an earlier row made (a person).
    matched: object = None
    errors: int = 0
    # Whether a choice (records.sheets.choices) decided the record the row means, or a flag
    # left it to be decided; whether that choice named a record on file.
    decided: bool = False
    chosen: bool = False
    before: dict | None = None
    snapshot: tuple | None = None
    changed_columns: set = field(default_factory=set)


@functools.cache
def _field_values(model):
    """A function giving the values of a record's fields, as a tuple."""
    return operator.attrgetter(*_field_names(model))


@functools.cache
def _field_names(model):
    return tuple(field.attname for field in model._meta.concrete_fields)


def _comparable(value):
    """A column's value in a form that compares equal when the records are the same."""
    if isinstance(value, list):
        return frozenset(ref(record) for record in value)
    return value


class RowErrors:
    """The errors of the row being imported, each named by its row, column and value: a part of
    ImportRun (its `fields`, `row` and `errors`), apart so that the run reads as its steps."""

    @contextmanager
    def blame(self, name):
        """Record a ValueError or ValidationError raised inside as an error of this row and column."""
        try:
            yield
        except (ValueError, ValidationError) as error:
            self.errors_on(name, error)

    def errors_on(self, name, error):
        """Add the messages of a ValueError or ValidationError as errors on the current row."""
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        for message in messages:
            self.error_on(name, message)

    def error_on(self, name, message):
        """Add an error on the current row, in the column `name` ("" for the row as a whole)."""
        column = self.fields.get(name)
        header = column.column_name if column else ""
        value = cell_text(self.row.raw.get(header)) if column else ""
        self.errors.append(SheetError(self.row.number, header, value, message))
        self.row.errors += 1


class ImportRun(RowErrors, RowChoices, RecordChanges, PeopleNamed):
    """An import of one file of a sheet kind: begin() with its headers, then import_rows()."""

    def __init__(
        self,
        kind_class,
        *,
        user=None,
        congress=None,
        file_name="",
        checksum="",
        scope,
        reason="",
        progress=None,
        duplicates=REFUSE,
        choices=None,
        edits=None,
    ):
        self.kind = kind_class()
        self.model = self.kind._meta.model
        self.fields = self.kind.fields
        self.user = user if getattr(user, "pk", None) else None
        self.congress = congress
        self.file_name = file_name
        self.checksum = checksum
        self.scope = scope
        self.reason = reason
        self.errors = []
        self.warnings = []
        self.preview = []
        self.preview_columns = []
        self.created = self.changed = self.unchanged = 0
        # How far the run has got, told to `progress` (a callable taking the run) once a chunk
        # is read, checked and written: the background task's progress bar, the command's line.
        self.progress = progress
        self.rows_read = self.rows_checked = self.rows_written = 0
        # The columns of the file, in its order, as (name, Column), and their indexes.
        self.present = []
        self.kept = []
        # Whether a column of the file holds a list of records (a many-to-many value).
        self.lists_present = False
        # The current chunk: its rows' spreadsheet numbers, the records it can update by
        # key, what the kind's load_lookups() fetched for it, and the current row.
        self.row_numbers = []
        # The file's own number of its header row (a title may lie above it).
        self.header_row = 1
        self.index = {}
        self.loaded = {}
        self.row = None
        self.lookups = {}
        self.claims = Claims(self.model._meta.verbose_name)
        self.writes = ImportWrites(self)
        # Rows that may mean a record on file: what they say, what the run does (choices.py).
        self.setup_choices(duplicates, choices)
        # What the import changes in records on file, value by value (changes.py).
        self.setup_changes()
        # For a confirmation: the records rows match, checked for edits since the preview (edits.py).
        self.edits = edits
        for column in self.fields.values():
            if isinstance(column.widget, RecordWidget):
                column.widget.lookup = self.lookup(column.widget.lookup_class)

    def lookup(self, lookup_class):
        """This import's look-up of a kind, shared by every column that uses it."""
        if lookup_class not in self.lookups:
            self.lookups[lookup_class] = lookup_class(self.scope)
        return self.lookups[lookup_class]

    # The file ##############################################################

    def begin(self, headers, header_row=1):
        """Match the file's headers (on the file's row `header_row`) to the columns: errors
        refuse the file, warnings do not."""
        self.header_row = header_row
        self.kept, self.present, self.preview_columns = match_headers(
            self.fields, headers, self.errors, self.warnings, self.kind.choice_header
        )
        self.lists_present = any(isinstance(column.widget, RecordListWidget) for _, column in self.present)

    def import_rows(self, rows):
        """Import the file's data rows, a chunk at a time; what is written stays in the caller's
        transaction, which the caller rolls back after errors or for a dry run."""
        try:
            size = None if self.kind.self_reference else CHUNK_ROWS
            for dataset, row_numbers in chunked(rows, self.kept, self.preview_columns, size, self.header_row):
                self.rows_read += len(row_numbers)
                self.import_chunk(dataset, row_numbers)
                self.rows_checked = self.rows_read
                if not self.errors:
                    # After an error nothing more is written.
                    self.rows_written = self.created + self.changed
                if self.progress is not None:
                    self.progress(self)
        except SpreadsheetError as error:
            self.errors.append(SheetError(None, "", "", str(error)))
        if not self.errors:
            self.kind.finish(self)
        self.claims.close()
        self.writes.finish(self.created, self.changed, self.unchanged)

    def import_chunk(self, dataset, row_numbers):
        """Import one chunk of the file's rows.

        What a chunk needs to remember is dropped after it: the records it looked up (later
        chunks find them in the database, with what earlier chunks wrote) and the keys its
        rows claimed, except the ids of the records rows described, which a later row must
        not describe again.
        """
        kind = self.kind
        self.row_numbers = row_numbers
        dataset = self.prepare(dataset)
        self.index = self.claims.start_chunk(
            self.existing_in_scope(dataset), kind.key_of_record, kind.extra_keys
        )
        headers = dataset.headers
        writes, batch = self.writes, kind.write_batch
        for number, cells in zip(self.row_numbers, dataset, strict=True):
            self.import_row(dict(zip(headers, cells, strict=True)), number)
            if len(writes.created) == batch:
                writes.write(writes.created, True)
            if len(writes.updated) == batch:
                writes.write(writes.updated, False)
        if self.edits is not None:
            self.errors.extend(self.edits.check())
        writes.flush()
        self.claims.end_chunk()
        for lookup in self.lookups.values():
            lookup.forget()

    def prepare(self, dataset):
        """Put parents first and fetch what the rows of a chunk name."""
        kind = self.kind
        if kind.self_reference and kind.parent_column in dataset.headers:
            dataset, self.row_numbers = parents_first(
                dataset, self.row_numbers, kind.name_column, kind.parent_column
            )
        for column in self.fields.values():
            if isinstance(column.widget, RecordWidget) and column.column_name in dataset.headers:
                column.widget.lookup.load(
                    name for value in dataset[column.column_name] for name in column.widget.names(value)
                )
        self.loaded = kind.load_lookups(self, dataset)
        self.load_choices(dataset, self.lookup(kind.choice_lookup or PersonLookup))
        return dataset

    def existing_in_scope(self, dataset):
        records = self.kind.existing(self, dataset)
        if isinstance(records, models.QuerySet):
            return self.scope.filter(records)
        return (record for record in records if self.scope.covers(record))

    # Rows ##################################################################

    def import_row(self, raw, number):
        """Read, check and match one row; count it and keep it for the preview."""
        row = self.row = Row(number=number, raw=raw)
        try:
            status = self.read_row(row)
        except Exception as error:
            # Not a problem with the row's cells but a failure while handling it.
            message = _("Lỗi khi xử lý dòng: %(error)s") % {"error": error}
            self.errors.append(SheetError(row.number, "", "", message))
            return
        if status is None:
            return
        if status == "new":
            self.created += 1
        elif status == "changed":
            self.changed += 1
        else:
            self.unchanged += 1
        if row.decided:
            self.count_decided(status)
        if len(self.preview) < PREVIEW_ROWS:
            cells = tuple(
                PreviewCell(cell_text(raw[name]), name in row.changed_columns)
                for name in self.preview_columns
            )
            self.preview.append(PreviewRow(row.number, status, cells))

    def read_row(self, row):
        """What the row does ("new", "changed", "unchanged"), or None when it has errors."""
        kind = self.kind
        for name, column in self.present:
            # As Field.clean() and blame(), inline: this runs for every cell of the file.
            try:
                value = column.widget.clean(row.raw[column.column_name])
                if column.required and value in (None, "", []):
                    raise ValueError(_("Ô này không được để trống."))
                if value not in (None, ""):
                    for validator in column.validators:
                        validator(value)
            except (ValueError, ValidationError) as error:
                self.errors_on(name, error)
            else:
                row.values[name] = value
        if not row.errors:
            with self.blame(""):
                row.resolved = kind.resolve(self, row.values)
        instance = None if row.errors else kind.find(self, row)
        new = instance is None
        if not new:
            self.note_match(instance)
        if new:
            instance = self.model()
            # A record reached through another (a body member, through its body) is placed by
            # the kind's resolve().
            if kind.congress_field and "__" not in kind.congress_field:
                setattr(instance, kind.congress_field, self.congress)
        else:
            row.snapshot = _field_values(type(instance))(instance)
            # Which columns a row changes is shown in the preview's rows and decides whether
            # its lists are written; it can differ from its record's fields only where the row
            # also changes records it names (fills). Other rows are compared by their record.
            if len(self.preview) < PREVIEW_ROWS or row.fills or self.lists_present:
                row.before = column_values(self.fields, row, instance)
        if not row.errors:
            kind.assign(self, instance, row.values)
            instance.normalise()
            with self.blame(""):
                kind.check(self, instance)
            self.check_scope(instance)
            self.claim(instance)
            if new and not row.errors:
                kind.remember(self, instance)
        if row.errors:
            return None
        if not new and unchanged(self.fields, row, instance):
            return "unchanged"
        # A row may change only a record it names (a person's birth year): its own record is
        # then not written, and gets no history row saying it changed.
        if new:
            self.writes.created.append(instance)
        elif record_changed(row, instance):
            self.note_record_changes(instance, row.snapshot, _field_names(type(instance)))
            self.writes.updated.append(instance)
        for name, value in row.values.items():
            if isinstance(value, list) and (new or self.fields[name].column_name in row.changed_columns):
                self.writes.pending_m2m.append((instance, self.fields[name].attribute, value))
        return "new" if new else "changed"

    def assign(self, instance, values):
        """Set the row's values on the record, and what the row adds to the records it names."""
        for name, value in values.items():
            column = self.fields[name]
            if not column.direct:
                continue
            # A record keeps its own spelling of what a cell says in another: "Thủy" for "Thuỷ",
            # and, chosen as the record a row means, "Nguyễn Công Diễn" for "Nguyen Cong Dien".
            if instance.pk is not None and isinstance(column.widget, TextWidget):
                recorded = getattr(instance, column.attribute)
                if column.widget.same(recorded, value) or (
                    self.row.chosen and vietnamese.search_key(recorded) == vietnamese.search_key(value)
                ):
                    continue
            setattr(instance, column.attribute, value)
        for attribute, value in self.row.resolved.items():
            setattr(instance, attribute, value)
        for lookup, record, fills in self.row.fills:
            self.note_match(record)
            self.note_fills(lookup, record, fills)
            for attribute, value in fills.items():
                setattr(record, attribute, value)
            lookup.mark_changed(record)

    def note_match(self, record):
        """The row matches or changes a record on file: refused on confirming if edited since the preview."""
        if self.edits is not None:
            self.edits.note(record, self.row.number)

    def check_scope(self, instance):
        """A row must leave its record inside the user's scope: blamed on the column that takes it out.

        A record the file updates came from the scope; a new one is placed by what the row says
        (a membership by its organisation). A new person enters a scope only with a post, so
        people are added through the lists that give them one (memberships, attendance).
        """
        attribute = self.scope.check(instance)
        if attribute is None:
            return
        name = next(
            (name for name, column in self.present if column.attribute.split("__")[0] == attribute), ""
        )
        self.error_on(name or (self.present[0][0] if self.present else ""), access.OUT_OF_SCOPE)

    def claim(self, instance):
        """Two rows must not describe one record, nor break a uniqueness rule together or with a record."""
        number = self.row.number
        message = self.claims.claim_record(instance, number)
        if message is None:
            message = self.claims.claim_keys(self.kind.unique_keys(self, instance), instance, number)
        if message is not None:
            self.error_on("", message)


def parents_first(dataset, row_numbers, name_column, parent_column):
    """The rows reordered so that a row naming another row as its parent comes after it."""
    names = [identity_key(cell_text(name)) for name in dataset[name_column]]
    parents = [identity_key(cell_text(name)) for name in dataset[parent_column]]
    rows_by_name = {}
    for index, name in enumerate(names):
        rows_by_name.setdefault(name, []).append(index)
    order, placed = [], set()

    def place(index, path):
        if index in placed or index in path:
            return
        for parent in rows_by_name.get(parents[index], ()):
            place(parent, path | {index})
        placed.add(index)
        order.append(index)

    for index in range(dataset.height):
        place(index, frozenset())
    ordered = tablib.Dataset(headers=dataset.headers)
    for index in order:
        ordered.append(dataset[index])
    return ordered, [row_numbers[index] for index in order]


def chunked(rows, kept, headers, size, header_row=1):
    """The file's rows, cut to the kept columns, as (Dataset, spreadsheet row numbers) chunks.

    Blank rows between data rows are skipped; each kept row remembers its spreadsheet row, as
    the file numbers it (data row i, counting from 0, is row header_row + 1 + i: a title
    above the header keeps its rows in the count). Chunks have `size`
    rows; with None the file is one chunk (a sheet whose rows name other rows as their
    parent, so that parents can be put first).
    """
    chunk, numbers = tablib.Dataset(headers=headers), []
    for offset, cells in enumerate(rows):
        if any(not is_blank(cell) for cell in cells):
            chunk.append([cells[index] for index in kept])
            numbers.append(header_row + 1 + offset)
            if size is not None and len(numbers) == size:
                yield chunk, numbers
                chunk, numbers = tablib.Dataset(headers=headers), []
    if numbers:
        yield chunk, numbers


def column_values(fields, row, instance):
    """The record's values of the row's columns, as the row's cells are compared with them."""
    return {
        name: _comparable(fields[name].get_value(instance))
        for name in row.values
        if not fields[name].readonly
    }


def unchanged(fields, row, instance):
    """Whether a row leaves its record, and the records it names, as they are."""
    if row.before is None:
        return not record_changed(row, instance)
    after = column_values(fields, row, instance)
    for name, value in row.values.items():
        if isinstance(value, list):
            after[name] = _comparable(value)
    row.changed_columns = {
        fields[name].column_name for name, value in after.items() if value != row.before[name]
    }
    return not row.changed_columns and not record_changed(row, instance)


def record_changed(row, instance):
    return _field_values(type(instance))(instance) != row.snapshot
