"""The admin's changelist of records, with what each row costs kept small (issue 6).

A changelist at a million rows prints 50 of them where one at a thousand may print two, so what a
row costs decides how much slower the larger list is.

Every changelist reads its address as the list pages do (records.filters.cleaned_query), and
refuses, as Django refuses a lookup it cannot make, what Django would pass on to the database
unchecked: integers SQLite cannot hold, days the calendar has not (CleanChangeList).
"""

import datetime
from functools import cache, lru_cache

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models.constants import LOOKUP_SEP
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language

from .filters import cleaned_query
from .templatetags.record_lists import choice_labels

# A key no row has, put into the change page's address and then replaced by a row's own.
PLACEHOLDER = "__row__"
# What a 64-bit integer column holds (SQLite's, PostgreSQL's bigint); past it SQLite's driver
# raises instead of matching nothing.
INTEGER_RANGE = range(-(2**63), 2**63)
INTEGER_LOOKUPS = {"exact", "in", "gt", "gte", "lt", "lte", "iexact"}
# Parts of a date a lookup compares with an integer (the date drill-down's `at__month`).
DATE_PARTS = {"year", "iso_year", "quarter", "month", "week", "week_day", "iso_week_day", "day"}


class CleanChangeList(ChangeList):
    """Django's changelist, reading a cleaned address and refusing what the database cannot take.

    A value refused raises IncorrectLookupParameters, Django's own answer to a lookup it cannot
    make: the bare list, with its message that the address was not understood.
    """

    def __init__(self, request, *args, **kwargs):
        request.GET = cleaned_query(request.GET)
        super().__init__(request, *args, **kwargs)

    def get_filters(self, request):
        self.check_integers()
        self.check_date_hierarchy()
        return super().get_filters(request)

    def check_integers(self):
        """Integers out of a 64-bit column's range in a lookup of an integer field (`id__in`)."""
        for key, values in self.get_filters_params().items():
            field, lookup = self.lookup_field(key)
            integer = isinstance(field, models.IntegerField) and lookup in INTEGER_LOOKUPS
            if not integer and not (isinstance(field, models.DateField) and lookup in DATE_PARTS):
                continue
            for value in values:
                for part in value.split(",") if lookup == "in" else [value]:
                    try:
                        number = int(part)
                    except ValueError:
                        continue  # Django refuses it itself.
                    if number not in INTEGER_RANGE:
                        raise IncorrectLookupParameters(key)

    def lookup_field(self, key):
        """(the concrete field a lookup of the address names, its lookup), or (None, "")."""
        parts = key.split(LOOKUP_SEP)
        lookup = "exact"
        for end in (len(parts), len(parts) - 1):
            try:
                field = get_fields_from_path(self.model, LOOKUP_SEP.join(parts[:end]))[-1]
            except (FieldDoesNotExist, NotRelationField, IndexError):
                continue
            if end < len(parts):
                lookup = parts[-1]
            if field.is_relation:
                field = field.target_field
            return field, lookup
        return None, ""

    def check_date_hierarchy(self):
        """A day of the date drill-down that the calendar has, in years Django can step past."""
        if not self.date_hierarchy:
            return
        params = self.get_filters_params()
        parts = [params.get(f"{self.date_hierarchy}__{part}") for part in ("year", "month", "day")]
        if parts[0] is None:
            return
        try:
            year, month, day = (int(part[-1]) if part else 1 for part in parts)
            datetime.date(year, month, day)
        except (ValueError, OverflowError):
            raise IncorrectLookupParameters(self.date_hierarchy) from None
        if not 1900 <= year <= 2200:
            raise IncorrectLookupParameters(self.date_hierarchy)


class RecordChangeList(CleanChangeList):
    def url_for_result(self, result):
        # Django's reverse()s the change page's address for every row; the address differs only
        # by the key, so it is found once per list.
        if not hasattr(self, "change_url_pattern"):
            self.change_url_pattern = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(PLACEHOLDER,),
                current_app=self.model_admin.admin_site.name,
            )
        return self.change_url_pattern.replace(PLACEHOLDER, str(quote(getattr(result, self.pk_attname))))


class IndexedValuesFilter(admin.AllValuesFieldListFilter):
    """Django's filter by each value a column holds (years, terms), with the values read from the
    column's index one at a time, as many steps as there are values, rather than by a DISTINCT
    that reads every row. A user who sees part of the records gets Django's, held to the scope."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        if field_path == field.name and not model_admin.get_queryset(request).query.where:
            self.lookup_choices = indexed_values(model, field.column)


def indexed_values(model, column):
    """The values of a column, smallest first, then None if any row has none: a recursive query that
    asks the column's index for the next value above the last one."""
    connection = connections[model.objects.db]
    table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(column)
    sql = (
        f"WITH RECURSIVE found(value) AS (SELECT MIN({column}) FROM {table} UNION ALL "
        f"SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > found.value) FROM found "
        f"WHERE found.value IS NOT NULL) "
        f"SELECT value FROM found WHERE value IS NOT NULL "
        f"UNION ALL SELECT NULL WHERE EXISTS (SELECT 1 FROM {table} WHERE {column} IS NULL)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [value for (value,) in cursor.fetchall()]


# Where a row's record keeps its name once the row's checkbox has printed it.
NAME_ATTRIBUTE = "_changelist_name"


def remember_name(record, name):
    record.__dict__[NAME_ATTRIBUTE] = name
    return name


def cheap_columns(model, list_display):
    """list_display with the columns whose every cell Django works out again from scratch printed
    from what they print the same on many rows (see the columns below), headed, named and
    sorted as Django's own. Cells of a date lose Django's class "nowrap"."""
    columns = []
    for name in list_display:
        field = model_field(model, name)
        if name == "__str__":
            columns.append(name_column(model))
        elif field is not None and field.choices:
            columns.append(choice_column(model, name))
        elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            columns.append(date_column(model, name))
        else:
            columns.append(name)
    return columns


def model_field(model, name):
    if not isinstance(name, str):
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete and not field.is_relation else None


@cache
def name_column(model):
    """The record as "__str__" prints it, with the name the row's checkbox printed for its label: a
    record's name may take a translation of every choice of one of its fields (a document's
    kind), and is then worked out once per row."""

    def name(record):
        return record.__dict__.get(NAME_ATTRIBUTE) or str(record)

    name.short_description = model._meta.verbose_name
    return name


@cache
def choice_column(model, name):
    """A field with choices, by its label looked up in a table of the field's labels in the active
    language (Django builds a dictionary of every choice on every row)."""
    field = model._meta.get_field(name)

    def column(record):
        value = getattr(record, field.attname)
        return choice_labels(field, get_language()).get(value, value)

    return field_column(column, field)


@cache
def date_column(model, name):
    """A date, as Django prints it in the active language, from a table of the dates printed so far:
    a list holds few different dates, and Django formats each again on every row."""
    field = model._meta.get_field(name)

    def column(record):
        value = getattr(record, field.attname)
        return None if value is None else localized_date(value, get_language())

    return field_column(column, field)


@lru_cache(maxsize=4096)
def localized_date(value, language):
    return formats.localize(value)


def field_column(column, field):
    """A column function headed, named and sorted as Django's column of the field itself."""
    column.__name__ = field.name
    column.short_description = field.verbose_name
    column.admin_order_field = field.name
    return column
