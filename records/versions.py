"""A record's version, and what others changed in it since a version: which fields, who, when.

A record's version is its newest history row (django-simple-history). Every write that can
lose someone's change leaves one: the admin's forms and the services through save(), imports
through records.sheets.bulk, merges and restores through records.merging and records.audit.
So a form carries the version its record had when it was opened (records.admin.versions),
and an import's confirmation asks whether a record it matches has a history row written
after its preview (records.sheets.edits); what the history rows between hold is what the
clerk is shown.

Why the history and not a version column on every table: bulk imports write their rows with
raw INSERT/UPDATE (and COPY), a QuerySet.update() bypasses save(), and both would each have
had to count versions beside the history rows they already write; a column would also have
been copied into every history table. The writes that leave no history row are bookkeeping
that no form edits (a candidate's link to the post it made, a raw `loaddata`).

A save that changes nothing still writes a history row: versions that differ are compared by
the values a clerk edits (`EditsSince.changed`) before anything is refused.
"""

import datetime
import decimal
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from records import audit, vietnamese
from records.models.base import name_of

__all__ = [
    "Edit",
    "EditsSince",
    "FieldChange",
    "current_version",
    "current_versions",
    "edit_of",
    "edited_between",
    "edits_since",
    "moment_text",
    "user_text",
]

# History rows described in one message; older ones are counted.
EDITS_SHOWN = 10
# Characters of a long text shown in a change ("Tóm tắt: … → …").
TEXT_SHOWN = 80
# Records named in one change of a list of records (a record's sources).
LINKS_SHOWN = 5


def current_versions(model, ids):
    """The version of each record, by id: its newest history row's id; one query however many."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return {}
    rows = (
        model.history.model.objects.filter(id__in=ids)
        .order_by()
        .values("id")
        .annotate(version=Max("history_id"))
        .values_list("id", "version")
    )
    return dict(rows)


def current_version(record):
    """The record's version, None when it has no history row (records loaded raw, by loaddata)."""
    return current_versions(type(record), [record.pk]).get(record.pk)


def user_text(user):
    """Who a history row names, as a message says it; "" for nobody known (a command without --user)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def moment_text(moment):
    """A time as messages write it: "10:32 ngày 17/6/2025", in the site's time zone."""
    local = timezone.localtime(moment)
    date = f"{local.day}/{local.month}/{local.year}"
    return _("%(time)s ngày %(date)s") % {"time": f"{local:%H:%M}", "date": date}


def edit_verb(history_type):
    return {"+": _("thêm"), "-": _("xóa")}.get(history_type, _("sửa"))


# What a clerk edits ##########################################################


def edited_fields(model):
    """The fields of a record a clerk edits and a history row keeps: not its id, uid or derived keys."""
    concrete = [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    return [*concrete, *audit.tracked_links(model)]


def link_targets(history_row, link_field):
    """The ids of the records a history row's copy of a many-to-many field links to."""
    through = link_field.remote_field.through
    target = through._meta.get_field(link_field.m2m_reverse_field_name()).attname
    return frozenset(getattr(history_row, link_field.name).values_list(target, flat=True))


def values_of(history_row, fields):
    """A history row's values of the fields, by name, in a form that compares equal when equal."""
    return {
        f.name: link_targets(history_row, f) if f.many_to_many else getattr(history_row, f.attname)
        for f in fields
    }


def value_text(history_row, model_field, value):
    """A value as a message shows it: a choice's label, a record's name, a date and number as written."""
    if value is None or value == "" or value == frozenset():
        return _("(trống)")
    if model_field.many_to_many:
        named = model_field.related_model._base_manager.filter(pk__in=value).order_by("pk")
        names = [str(record) for record in named[:LINKS_SHOWN]]
        if len(value) > LINKS_SHOWN:
            names.append(_("và %(count)s mục khác") % {"count": len(value) - LINKS_SHOWN})
        return "; ".join(names)
    if model_field.is_relation:
        return name_of(history_row.instance, model_field.name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, datetime.datetime):
        return moment_text(value)
    if isinstance(value, datetime.date):
        return vietnamese.format_date(value)
    if isinstance(value, (decimal.Decimal, float)):
        return vietnamese.format_number(value)
    return Truncator(str(value)).chars(TEXT_SHOWN)


@dataclass(frozen=True)
class FieldChange:
    """One field one edit changed: its label, the value before and after, as text."""

    label: str
    old: str
    new: str

    def __str__(self):
        return f"{self.label}: {self.old} → {self.new}"


@dataclass(frozen=True)
class Edit:
    """One history row: who wrote it ("" for nobody known), when, whether it added, changed or
    deleted the record, and what it changed (nothing known for a row without one before it)."""

    who: str
    when: str
    history_type: str
    changes: tuple = ()

    @property
    def verb(self):
        return edit_verb(self.history_type)

    @property
    def done_by(self):
        """“Trần Thị Lan đã sửa lúc 10:32 ngày 17/6/2025”."""
        said = {"who": self.who, "verb": self.verb, "when": self.when}
        if not self.who:
            return _("Đã %(verb)s lúc %(when)s (không rõ ai)") % said
        return _("%(who)s đã %(verb)s lúc %(when)s") % said

    @property
    def done_to(self):
        """“đã được Trần Thị Lan sửa lúc 10:32 ngày 17/6/2025”, said of a record."""
        said = {"who": self.who, "verb": self.verb, "when": self.when}
        if not self.who:
            return _("đã được %(verb)s lúc %(when)s (không rõ ai)") % said
        return _("đã được %(who)s %(verb)s lúc %(when)s") % said


def edit_of(history_row, changes=()):
    """A history row as an Edit: who, when, what it did, and the changes given."""
    who, when = user_text(history_row.history_user), moment_text(history_row.history_date)
    return Edit(who, when, history_row.history_type, changes)


@dataclass
class EditsSince:
    """What happened to a record since a version of it: the history rows after it, oldest first."""

    edits: list = field(default_factory=list)
    # History rows written since the version and not described (the oldest ones).
    more: int = 0
    # The names of the fields whose values differ between the version and now.
    changed: set = field(default_factory=set)
    # The version's values, by field name; None when the version is unknown.
    before: dict | None = None
    # Whether the newest row deletes the record.
    deleted: bool = False
    # The record as its newest history row keeps it (for a deleted record: as it was).
    last: object = None


def edits_since(model, pk, version):
    """What was done to record `pk` since its history row `version` (None or "" when unknown).

    Reads at most EDITS_SHOWN + 2 history rows with their users, and the links of those the
    record's many-to-many fields are copied to: a question asked when versions differ, never
    per row of a list.
    """
    history = model.history.model.objects.filter(id=pk).select_related("history_user")
    base = history.filter(history_id=version).first() if str(version or "").isdigit() else None
    newer = history.order_by("-history_id")
    if base is not None:
        newer = newer.filter(history_id__gt=base.history_id)
    rows = list(newer[: EDITS_SHOWN + 1])
    found = EditsSince()
    if not rows:
        return found
    found.deleted = rows[0].history_type == "-"
    found.last = rows[0].instance
    fields = edited_fields(model)
    labels = {f.name: capfirst(f.verbose_name) for f in fields}
    described = rows[:EDITS_SHOWN]
    # The row before the oldest described: the version itself, or a row too old to describe.
    previous = rows[EDITS_SHOWN] if len(rows) > EDITS_SHOWN else base
    if len(rows) > EDITS_SHOWN:
        found.more = newer.count() - EDITS_SHOWN
    compared = [*described, *([previous] if previous is not None else [])]
    values = {row.history_id: values_of(row, fields) for row in compared}
    for row in reversed(described):
        changes = ()
        if previous is not None:
            before, after = values[previous.history_id], values[row.history_id]
            changes = tuple(
                FieldChange(
                    labels[f.name],
                    value_text(previous, f, before[f.name]),
                    value_text(row, f, after[f.name]),
                )
                for f in fields
                if before[f.name] != after[f.name]
            )
        found.edits.append(edit_of(row, changes))
        previous = row
    newest = values[rows[0].history_id]
    if base is not None:
        found.before = values[base.history_id] if base.history_id in values else values_of(base, fields)
        found.changed = {name for name, value in newest.items() if found.before[name] != value}
    else:
        # Opened before the record had any history: what changed is not known, so all of it may have.
        found.changed = set(newest)
    return found


# Imports ####################################################################


def edited_between(model, ids, after, before):
    """The records of `ids` with a history row written after `after` and before `before`, by id,
    each with its newest such row (and its user): one query."""
    rows = (
        model.history.model.objects.filter(id__in=ids, history_date__gt=after, history_date__lt=before)
        .order_by("id", "-history_date", "-history_id")
        .select_related("history_user")
    )
    found = {}
    for row in rows:
        found.setdefault(row.id, row)
    return found
