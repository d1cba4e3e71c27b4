"""What an import changes in records already on file, value by value, for the preview to list.

A roster of new posts may also fill in the birth year of a person it only named; counted as
"Mới: 5" alone, that change went unseen. Every change to a record on file, the row's own
record (a changed row) or a record the row names (a person's birth year, gender), is listed as
"Năm sinh: (trống) → 1975" with its row, and counted in "Cập nhật". The list keeps the first
CHANGES_SHOWN changes (the count covers all): a file that changes 100,000 records is not held
in memory to be shown.
"""

import datetime
import functools
from dataclasses import dataclass

from django.utils.translation import gettext as _

from records import vietnamese

__all__ = ["CHANGES_SHOWN", "Change", "RecordChanges"]

CHANGES_SHOWN = 500


@dataclass(frozen=True)
class Change:
    """One field of one record on file that an import changes: its row, the record, old → new."""

    row: int
    record: str
    url: str
    field: str
    old: str
    new: str

    def __str__(self):
        return _("Dòng %(row)s, %(record)s – %(field)s: %(old)s → %(new)s") % {
            "row": self.row,
            "record": self.record,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


@functools.cache
def _shown_fields(model):
    """The fields a clerk edits, by attname, as (attname, field): derived keys are not shown."""
    return [(field.attname, field) for field in model._meta.concrete_fields if field.editable and not field.primary_key]


def _text(field, value):
    if value is None or value == "":
        return _("(trống)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return _("bản ghi #%(pk)s") % {"pk": value}
    if isinstance(value, datetime.date):
        return vietnamese.format_date(value)
    return str(value)


def _url(record):
    try:
        return record.get_absolute_url() if record.pk is not None else ""
    except AttributeError:
        return ""


class RecordChanges:
    """The changes of an import to records on file: a part of ImportRun (its row)."""

    def setup_changes(self):
        self.changes = []
        self.changes_total = 0
        # Records on file the import changes: the rows' own, and the records rows name.
        self.records_changed = 0

    def note(self, record, description, field, old, new):
        self.changes_total += 1
        if len(self.changes) < CHANGES_SHOWN:
            self.changes.append(
                Change(
                    self.row.number,
                    description,
                    _url(record),
                    str(field.verbose_name).capitalize(),
                    _text(field, old),
                    _text(field, new),
                )
            )

    def note_fills(self, lookup, record, fills):
        """Note what a row adds to a record it names, before it is set; whether anything changes."""
        changed = False
        for attribute, value in fills.items():
            old = getattr(record, attribute)
            if old != value and record.pk is not None:
                changed = True
                self.note(record, lookup.describe(record), record._meta.get_field(attribute), old, value)
        if changed:
            self.records_changed += 1

    def note_record_changes(self, instance, snapshot, fields):
        """Note the fields a changed row changes in its own record (snapshot: the values before)."""
        self.records_changed += 1
        before = dict(zip(fields, snapshot, strict=True))
        for attname, field in _shown_fields(type(instance)):
            old, new = before[attname], getattr(instance, attname)
            if old != new:
                self.note(instance, str(instance), field, old, new)
