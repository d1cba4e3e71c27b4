"""
Spreadsheets in and out: what every sheet kind shares.

One Resource per sheet kind (records/resources.py, congress/resources.py) declares its
columns; this module makes all of them behave alike, in the admin, on the list pages and on
the command line:

* Headers are matched by identity key, so case, tone placement and surrounding spaces do not
  matter and columns may come in any order. An unknown column is reported and ignored; a
  missing required column refuses the file, naming it.
* Values are read as Vietnamese offices write them (records/vietnamese.py): "1.535", "21,1",
  "0,2%", "16/6/2025", real Excel dates, choices by their label in any case.
* Records a file names (people, organisations, units, documents) are fetched once per import,
  only for the keys the file uses, and held in memory by identity key; the records a file can
  update are indexed the same way (IndexedInstanceLoader). No row costs a query.
* All or nothing. Any error refuses the whole file and every error is reported with its row
  as the spreadsheet numbers it (the header is row 1, the first data row is row 2), the
  column's header and the value. Rows are written in bulk, with their history rows, inside
  one transaction that any error rolls back. Two rows describing one record are an error.
* Re-importing a file changes nothing: a row equal to its record is not written.
* A confirmed import that writes rows records a Source (kind spreadsheet: file name, SHA-256,
  who, counts) that every row it wrote cites; history rows carry the user and name the file
  (and the reason, when one is given).
* An import for a user is held to their scope (records.access): the records a file names are
  looked up among those the user may name, the records it updates among those in scope, and a
  row whose record would lie outside the scope is an error on the column that takes it out.
* Exports stream rows from a queryset with its joins declared on the Resource, through the
  file layer (records/spreadsheets.py), which protects cells from running as formulas.

`records` never imports `congress`: the congress app registers its sheet kinds when it loads.
"""

import datetime
import difflib
import functools
import hashlib
import operator
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Result, RowResult

from . import access, bulk, vietnamese
from .models import AdministrativeUnit, LegalDocument, Organisation, Person, Source
from .models.people import PersonGender
from .models.sources import SourceKind
from .models.units import UnitRegister
from .spreadsheets import SpreadsheetError, read_table, write_csv, write_xlsx

__all__ = [
    "BIRTH_YEAR",
    "SHEETS",
    "Column",
    "ImportReport",
    "SheetError",
    "SheetResource",
    "get_sheet",
    "register_sheet",
    "sheet_export",
    "sheet_export_file",
    "sheet_import",
    "sheet_template",
]

# The preview shows this many rows of a file; counts and errors cover all of them.
PREVIEW_ROWS = 50
# Rows an import reads, checks and writes at a time: what it holds in memory at once.
CHUNK_ROWS = 2000
# Keys per query when fetching the records a file names (well under SQLite's variable limit).
FETCH_CHUNK = 1000
# Cells are read and written in Vietnamese, whatever the language of the page.
SHEET_LANGUAGE = "vi"


# The same roles and places recur on every row of a list; their keys are computed once. The
# cache is small: whole names rarely recur (their words are cached by records.vietnamese), and
# a large one would grow with the file.
identity_key = functools.lru_cache(maxsize=4096)(vietnamese.identity_key)


# Registry ##################################################################

SHEETS: dict[str, type["SheetResource"]] = {}


def register_sheet(kind):
    """Class decorator: make a Resource the one for a sheet kind ("memberships", ...)."""

    def register(resource_class):
        resource_class.sheet_kind = kind
        SHEETS[kind] = resource_class
        return resource_class

    return register


class UnknownSheet(LookupError):
    def __init__(self, kind):
        super().__init__(
            _("Không có loại bảng tính “%(kind)s”. Các loại có: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(sorted(SHEETS))}
        )


def get_sheet(kind):
    """The Resource class of a sheet kind; UnknownSheet (a LookupError) names the kinds there are."""
    try:
        return SHEETS[kind]
    except KeyError:
        raise UnknownSheet(kind) from None


# Cells #####################################################################


def cell_text(value) -> str:
    """A cell as the text a person sees in it, for text columns and for messages."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return vietnamese.format_date(value)
    return str(value)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def symbol_key(text):
    """A document symbol's identity as LegalDocument stores it: "Số 68 - NQ/TW" is "68-NQ/TW"."""
    probe = LegalDocument(symbol=text)
    probe.normalise()
    return probe.symbol_key


def ref(record):
    """What identifies a record inside one import: its id, or the object itself before it is saved."""
    if record is None:
        return None
    return record.pk if record.pk is not None else ("new", id(record))


class TextWidget(widgets.Widget):
    """Text as typed, NFC and trimmed; in a name, title or symbol inner whitespace is collapsed too."""

    def __init__(self, *, multiline=False):
        super().__init__(coerce_to_string=False)
        self.multiline = multiline

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        return vietnamese.clean_text(text) if self.multiline else vietnamese.clean_name(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)

    def same(self, recorded, given):
        """Whether a cell says what the record holds, written as another office writes it."""
        return identity_key(recorded) == identity_key(given)


class SymbolWidget(TextWidget):
    """A document symbol: "1669 / NQ-UBTVQH15" and "Số 1669/NQ-UBTVQH15" say the same."""

    def same(self, recorded, given):
        return symbol_key(recorded) == symbol_key(given)


class NumberWidget(widgets.Widget):
    """A number as offices write it ("1.535", "21,1", "0,2%"), or a number cell."""

    def __init__(self, *, integer=False, minimum=None, maximum=None):
        super().__init__(coerce_to_string=False)
        self.integer = integer
        self.minimum = minimum
        self.maximum = maximum

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        number = vietnamese.parse_number(value)
        if self.integer:
            if number != number.to_integral_value():
                raise ValueError(_("“%(value)s” không phải là số nguyên.") % {"value": cell_text(value)})
            number = int(number)
        if self.minimum is not None and number < self.minimum:
            raise ValueError(_("Giá trị phải từ %(minimum)s trở lên.") % {"minimum": self.minimum})
        if self.maximum is not None and number > self.maximum:
            raise ValueError(_("Giá trị không được lớn hơn %(maximum)s.") % {"maximum": self.maximum})
        return number

    def render(self, value, obj=None, **kwargs):
        return value


# How a birth year is read wherever a sheet names a person by name and year (the columns, and
# the look-up of people before the rows are read). Widgets keep no state, so one serves all.
BIRTH_YEAR = NumberWidget(integer=True, minimum=1850, maximum=2100)


class DateWidget(widgets.Widget):
    """A date, day first in every spelling ("16/6/2025", "16 tháng 6 năm 2025"), or a date cell."""

    def __init__(self, *, earliest=None, latest=None):
        super().__init__(coerce_to_string=False)
        self.earliest = earliest
        self.latest = latest

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        date = vietnamese.parse_date(value)
        if (self.earliest and date < self.earliest) or (self.latest and date > self.latest):
            raise ValueError(
                _("Ngày phải trong khoảng %(earliest)s đến %(latest)s.")
                % {
                    "earliest": vietnamese.format_date(self.earliest or datetime.date.min),
                    "latest": vietnamese.format_date(self.latest or datetime.date.max),
                }
            )
        return date

    def render(self, value, obj=None, **kwargs):
        return value


class ChoiceWidget(widgets.Widget):
    """A choice written as its Vietnamese label, in any case or tone placement; its code is read too."""

    def __init__(self, choices, *, default=""):
        super().__init__(coerce_to_string=False)
        self.choices = choices
        self.default = default
        with translation.override(SHEET_LANGUAGE):
            self.labels = {value: str(label) for value, label in choices.choices}
        self.values = {}
        for value, label in self.labels.items():
            self.values[identity_key(label)] = value
        for value in self.labels:
            self.values.setdefault(identity_key(value), value)

    def clean(self, value, row=None, **kwargs):
        text = vietnamese.clean_name(cell_text(value))
        if not text:
            return self.default
        try:
            return self.values[identity_key(text)]
        except KeyError:
            raise ValueError(
                _("“%(value)s” không phải là giá trị hợp lệ. Giá trị hợp lệ: %(labels)s.")
                % {"value": text, "labels": ", ".join(self.labels.values())}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, "" if value is None else value)


class YearRangeWidget(widgets.Widget):
    """A term or period written "2021–2025" (any dash): read as (first year, last year)."""

    PATTERN = re.compile(r"([0-9]{4})\s*[-\u2010-\u2015/]\s*([0-9]{4})")

    def clean(self, value, row=None, **kwargs):
        text = vietnamese.clean_name(cell_text(value))
        if not text:
            return None
        match = self.PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(
                _("Không đọc được “%(value)s”: hãy viết năm đầu–năm cuối, ví dụ 2021–2025.") % {"value": text}
            )
        start, end = int(match[1]), int(match[2])
        if not 1930 <= start <= end <= 2200:
            raise ValueError(
                _("“%(value)s” không hợp lệ: năm cuối không được trước năm đầu, trong khoảng 1930–2200.")
                % {"value": text}
            )
        return start, end

    def render(self, value, obj=None, **kwargs):
        return value or ""


class OrdinalWidget(widgets.Widget):
    """An ordinal as congresses are numbered: "I", "XIV" or plain digits; written in Roman numerals."""

    ROMAN = {vietnamese.roman(number): number for number in range(1, 200)}

    def clean(self, value, row=None, **kwargs):
        text = vietnamese.clean_name(cell_text(value)).upper()
        if not text:
            return None
        if text.isdigit() and int(text) >= 1:
            return int(text)
        try:
            return self.ROMAN[text]
        except KeyError:
            raise ValueError(
                _("Không đọc được lần thứ “%(value)s”: hãy viết số La Mã (I, II, XIV) hoặc số.")
                % {"value": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else vietnamese.roman(value)


class RecordWidget(widgets.Widget):
    """A record named in a cell (a name, a symbol), found through one of the import's look-ups."""

    def __init__(self, lookup_class):
        super().__init__(coerce_to_string=False)
        self.lookup_class = lookup_class
        self.lookup = None  # the import's look-up, bound by SheetResource.prepare()

    def clean(self, value, row=None, **kwargs):
        text = vietnamese.clean_name(cell_text(value))
        return self.lookup.get(text) if text else None

    def names(self, value):
        text = vietnamese.clean_name(cell_text(value))
        return [text] if text else []

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.lookup_class.label(value)


class RecordListWidget(RecordWidget):
    """Several records in one cell, separated by semicolons: "68-NQ/TW; 18-NQ/TU"."""

    SEPARATOR = ";"

    def clean(self, value, row=None, **kwargs):
        return [self.lookup.get(name) for name in self.names(value)]

    def names(self, value):
        return [
            name for part in cell_text(value).split(self.SEPARATOR) if (name := vietnamese.clean_name(part))
        ]

    def render(self, value, obj=None, **kwargs):
        return f"{self.SEPARATOR} ".join(self.lookup_class.label(record) for record in value or ())


class Column(Field):
    """A column of a sheet: its Vietnamese header, the attribute it reads or fills, and its widget.

    A required column must be in the file and filled on every row. An attribute through a
    relation ("person__full_name") is exported as it is but imported by the Resource, which
    decides which record the row's cells name. A readonly column is exported only.
    """

    def __init__(self, attribute, column_name, widget=None, *, required=False, readonly=False):
        super().__init__(attribute=attribute, column_name=column_name, widget=widget, readonly=readonly)
        self.required = required
        self.path = attribute.split("__")
        # Set by the Resource, which knows the model: whether the cell sets a field of the
        # record as it is, and the field's validators (length, digits, range).
        self.direct = False
        self.validators = []

    def get_value(self, instance):
        """The attribute's value on a record (a list for a many-to-many); None past a missing relation.

        As import-export's Field.get_value(), with the attribute's path split once: imports
        compare every cell of every row with its record.
        """
        value = instance
        for name in self.path:
            try:
                value = getattr(value, name, None)
            except (ValueError, ObjectDoesNotExist):
                return None
            if value is None:
                return None
        if isinstance(value, models.Manager):
            return list(value.all())
        return value() if callable(value) else value

    def value_path(self, model):
        """The path values_list() reads the cell from, or None when the cell needs the record."""
        widget = self.widget
        if isinstance(widget, RecordListWidget):
            return None
        if isinstance(widget, RecordWidget):
            field = widget.lookup_class.label_field
            return f"{self.attribute}__{field}" if field else None
        model_field = _model_field(model, self.attribute)
        return self.attribute if model_field is not None and not model_field.is_relation else None

    def value_render(self):
        """The cell of the value at value_path()."""
        if isinstance(self.widget, RecordWidget):
            return lambda label: "" if label is None else label
        return self.widget.render


# Errors and reports ########################################################


@dataclass(frozen=True)
class SheetError:
    """One problem with a file: the spreadsheet row (None for the whole file), the column, the value."""

    row: int | None
    column: str
    value: str
    message: str

    def __str__(self):
        where = []
        if self.row is not None:
            where.append(_("Dòng %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("cột “%(column)s”") % {"column": self.column})
        if self.value:
            where.append(_("giá trị “%(value)s”") % {"value": self.value})
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class PreviewCell:
    value: str
    changed: bool = False


@dataclass(frozen=True)
class PreviewRow:
    """A row of the preview: its spreadsheet row number, what the import does with it, its cells."""

    STATUSES = {
        RowResult.IMPORT_TYPE_NEW: "new",
        RowResult.IMPORT_TYPE_UPDATE: "changed",
        RowResult.IMPORT_TYPE_SKIP: "unchanged",
    }
    LABELS = {
        "new": gettext_lazy("Mới"),
        "changed": gettext_lazy("Thay đổi"),
        "unchanged": gettext_lazy("Không đổi"),
    }

    number: int
    status: str
    cells: tuple

    @property
    def label(self):
        return self.LABELS[self.status]


@dataclass
class ImportReport:
    """What an import did, or would do: counts, every error, the warnings and the first rows."""

    kind: str
    file_name: str
    dry_run: bool
    headers: list = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    preview: list = field(default_factory=list)
    source: Source | None = None

    @property
    def refused(self):
        return bool(self.errors)

    @property
    def rows(self):
        return self.created + self.changed + self.unchanged

    @property
    def written(self):
        return self.created + self.changed

    @property
    def summary(self):
        return _("%(created)s mới, %(changed)s thay đổi, %(unchanged)s không đổi") % {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }


class SheetResult(Result):
    """import-export's Result, keeping only the rows that failed: counts are in `totals`.

    The stock Result keeps every row, which is memory a large file should not cost; the
    preview's first rows are kept by the Resource instead.
    """

    def append_row_result(self, row_result):
        if row_result.errors:
            super().append_row_result(row_result)


class SheetRowResult(RowResult):
    def add_instance_info(self, instance):
        # The stock version also renders str(instance) for the admin log, a query per row for
        # records whose name comes from a related record.
        if instance is not None:
            self.object_id = instance.pk


# Look-ups ##################################################################


def _birth_year(cell):
    """A birth-year cell as a year, or None when it is not one (the row's check says why)."""
    try:
        return BIRTH_YEAR.clean(cell)
    except ValueError:
        return None


def _chunks(items, size=FETCH_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def fetch_in(queryset, lookup, values):
    """The records of a queryset whose `lookup` ("person__in") is one of many values, a chunk per query."""
    for chunk in _chunks(sorted(set(values))):
        yield from queryset.filter(**{lookup: chunk})


class Lookup:
    """Records of one model named in a file, keyed by identity key, fetched once per import.

    Only the keys the file uses are fetched, so a look-up stays small however large the table.
    A name the database lacks gets the closest existing names as suggestions, from every name
    of the table, read once and only when needed.
    """

    model = None
    noun = ""
    key_field = "name_key"
    name_field = "name"
    # The one field label() shows, when it shows one: an export reads it without the records.
    label_field = None

    def __init__(self, scope=access.EVERYTHING):
        self.scope = scope
        self.by_key = defaultdict(list)
        self.created = []
        self.changed = {}
        self._names = None

    def records(self):
        """The records a file may name: for a user, those in their scope and those it names already."""
        return self.scope.referable(self.model.objects.all())

    @staticmethod
    def label(record):
        return str(record)

    def describe(self, record):
        """The record as an error message names it, with what tells it apart from its namesakes."""
        return self.label(record)

    def key(self, text):
        return identity_key(text)

    def record_key(self, record):
        return getattr(record, self.key_field)

    def load(self, texts):
        keys = {self.key(text) for text in texts if text} - set(self.by_key)
        for chunk in _chunks(sorted(keys)):
            for record in self.fetch(chunk):
                self.add(record)

    def fetch(self, keys):
        return self.records().filter(**{f"{self.key_field}__in": keys})

    def forget(self):
        """Drop the records fetched so far (they are fetched again when named again).

        Records made but not yet written (after an error, nothing more is written) stay.
        """
        self.by_key.clear()
        for record in (*self.created, *self.changed.values()):
            self.add(record)

    def add(self, record):
        self.by_key[self.record_key(record)].append(record)

    def candidates(self, text):
        return self.by_key.get(self.key(text), [])

    def get(self, text):
        found = self.candidates(text)
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(self.ambiguous(text, found))
        raise ValueError(self.unknown(text))

    def ambiguous(self, text, found):
        return _("Có %(count)s %(noun)s cùng là “%(text)s”: %(records)s.") % {
            "count": len(found),
            "noun": self.noun,
            "text": text,
            "records": "; ".join(self.describe(record) for record in found),
        }

    def unknown(self, text):
        suggestions = difflib.get_close_matches(self.key(text), list(self.names()), n=3, cutoff=0.6)
        if suggestions:
            return _("Không có %(noun)s “%(text)s” trong hồ sơ. Có phải là: %(names)s?") % {
                "noun": self.noun,
                "text": text,
                "names": ", ".join(f"“{self.names()[key]}”" for key in suggestions),
            }
        return _("Không có %(noun)s “%(text)s” trong hồ sơ.") % {"noun": self.noun, "text": text}

    def names(self):
        """Every name of the table by identity key, read once, for suggestions."""
        if self._names is None:
            self._names = {
                self.key(name): name
                for name in self.records().values_list(self.name_field, flat=True).iterator()
                if name
            }
        return self._names

    def mark_changed(self, record):
        if record.pk is not None:
            self.changed[id(record)] = record


class OrganisationLookup(Lookup):
    model = Organisation
    noun = gettext_lazy("tổ chức")
    label_field = "name"

    @staticmethod
    def label(organisation):
        return organisation.name

    def describe(self, organisation):
        if organisation.parent_id:
            return _("%(name)s (trực thuộc %(parent)s)") % {
                "name": organisation.name,
                "parent": organisation.parent.name,
            }
        if organisation.administrative_unit_id:
            return f"{organisation.name} ({organisation.administrative_unit.name})"
        return organisation.name

    def fetch(self, keys):
        return super().fetch(keys).select_related("parent", "administrative_unit")


class DocumentLookup(Lookup):
    """Documents by symbol ("68-NQ/TW", read as LegalDocument reads it) or, without one, by summary."""

    model = LegalDocument
    noun = gettext_lazy("văn bản")
    name_field = "symbol"

    @staticmethod
    def label(document):
        return document.symbol or document.summary

    def describe(self, document):
        if document.issuer_id:
            return f"{document} ({document.issuer.name})"
        return str(document)

    def key(self, text):
        return symbol_key(text)

    def record_key(self, document):
        return document.symbol_key or identity_key(document.summary)

    def load(self, texts):
        texts = [text for text in texts if text]
        keys = {self.key(text) for text in texts}
        search_keys = {vietnamese.search_key(text) for text in texts}
        for chunk in _chunks(sorted(keys)):
            for document in self.records().filter(symbol_key__in=chunk).select_related("issuer"):
                self.add(document)
        for chunk in _chunks(sorted(search_keys)):
            for document in (
                self.records().filter(symbol_key="", search_key__in=chunk).select_related("issuer")
            ):
                self.add(document)

    def names(self):
        if self._names is None:
            self._names = {}
            for symbol, summary in self.records().values_list("symbol", "summary").iterator():
                self._names[self.key(symbol) if symbol else identity_key(summary)] = symbol or summary
        return self._names


class UnitLookup(Lookup):
    """Administrative units by official code or by name; a name means a unit of the current list first."""

    model = AdministrativeUnit
    noun = gettext_lazy("đơn vị hành chính")
    label_field = "name"

    @staticmethod
    def label(unit):
        return unit.name

    def describe(self, unit):
        return _("%(name)s (mã %(code)s, %(register)s)") % {
            "name": unit.name,
            "code": unit.code or "—",
            "register": unit.get_register_display(),
        }

    def key(self, text):
        return f"#{text}" if text.isdigit() else identity_key(text)

    def add(self, unit):
        self.by_key[identity_key(unit.name)].append(unit)
        if unit.code:
            self.by_key[f"#{unit.code}"].append(unit)

    def load(self, texts):
        texts = [text for text in texts if text]
        codes = {text for text in texts if text.isdigit()}
        names = {vietnamese.search_key(text) for text in texts if not text.isdigit()}
        units = {}
        for chunk in _chunks(sorted(codes)):
            units.update((unit.pk, unit) for unit in self.records().filter(code__in=chunk))
        for chunk in _chunks(sorted(names)):
            units.update((unit.pk, unit) for unit in self.records().filter(search_key__in=chunk))
        for unit in units.values():
            self.add(unit)

    def candidates(self, text):
        found = super().candidates(text)
        current = [
            unit for unit in found if unit.register == UnitRegister.CURRENT and unit.valid_until is None
        ]
        return current or found


class SourceLookup(Lookup):
    """Sources by title; a title the database lacks becomes a new source (a document) on import."""

    model = Source
    noun = gettext_lazy("nguồn")
    name_field = "title"
    label_field = "title"

    @staticmethod
    def label(source):
        return source.title

    def record_key(self, source):
        return identity_key(source.title)

    def load(self, texts):
        for chunk in _chunks(sorted({text for text in texts if text})):
            for source in self.records().filter(title__in=chunk):
                self.add(source)

    def get(self, text):
        if not self.candidates(text):
            source = Source(kind=SourceKind.DOCUMENT, title=text)
            self.created.append(source)
            self.add(source)
        return super().get(text)


class GenderConflict(ValueError):
    """A row gives a person a gender other than the one on record."""


class PersonLookup(Lookup):
    """People by name and, when a row gives one, birth year.

    A name and year that fit nobody make a new person, whom later rows of the file find.
    Where a row names a known person it may fill in a birth year or gender the record lacks,
    never overwrite one.
    """

    model = Person
    noun = gettext_lazy("người")
    name_field = "full_name"

    def load(self, texts):
        self.load_named((text, None) for text in texts)

    def load_named(self, names):
        """Fetch the people (name, birth year) pairs can mean, as match() reads them.

        With a year, only the namesakes born that year or in an unknown year: a common name
        has thousands of namesakes in a national database, which a row with a year cannot mean.
        """
        any_year, years = set(), defaultdict(set)
        for name, year in names:
            if not name:
                continue
            if year is None:
                any_year.add(self.key(name))
            else:
                years[self.key(name)].add(year)
        fetched = {person.pk for found in self.by_key.values() for person in found}

        def add(people):
            for person in people:
                if person.pk not in fetched:
                    fetched.add(person.pk)
                    self.add(person)

        for chunk in _chunks(sorted(any_year)):
            add(self.records().filter(name_key__in=chunk))
        # The people who fit a (name, year) pair, chosen by the database: joined to the pairs.
        pairs = sorted((key, year) for key in years.keys() - any_year for year in years[key])
        fields = [Person._meta.get_field(name) for name in ("name_key", "birth_year")]
        quote = connection.ops.quote_name
        name_key, birth_year = (f"person.{quote(field.column)}" for field in fields)
        for rows, params in bulk.joined_rows(fields, pairs, "asked"):
            fitting = RawSQL(
                f"SELECT person.id FROM {quote(Person._meta.db_table)} AS person JOIN {rows} "
                f"ON {name_key} = asked.column1 AND ({birth_year} = asked.column2 OR {birth_year} IS NULL)",
                params,
            )
            add(self.records().filter(pk__in=fitting))

    def describe(self, person):
        if person.birth_year is None:
            return _("%(name)s (không rõ năm sinh)") % {"name": person.full_name}
        return str(person)

    def match(self, name, birth_year=None):
        """The one person the name (and year) can mean, None for nobody; ValueError when several."""
        found = self.candidates(name)
        if birth_year is not None:
            found = [p for p in found if p.birth_year == birth_year] or [
                p for p in found if p.birth_year is None
            ]
        if len(found) > 1:
            raise ValueError(
                _("Có %(count)s người cùng tên “%(name)s”: %(people)s. Hãy ghi năm sinh để phân biệt.")
                % {
                    "count": len(found),
                    "name": name,
                    "people": "; ".join(self.describe(person) for person in found),
                }
            )
        return found[0] if found else None

    def resolve(self, name, birth_year=None, gender=""):
        """The person a row names, created if nobody fits, and what the row adds to their record."""
        person = self.match(name, birth_year)
        if person is None:
            person = Person(full_name=name, birth_year=birth_year, gender=gender or "")
            person.normalise()
            self.created.append(person)
            self.add(person)
            return person, {}
        if gender and person.gender and gender != person.gender:
            raise GenderConflict(
                _("Hồ sơ ghi %(person)s là %(recorded)s, tệp ghi %(given)s.")
                % {
                    "person": self.describe(person),
                    "recorded": person.get_gender_display().lower(),
                    "given": PersonGender(gender).label.lower(),
                }
            )
        fills = {}
        if birth_year is not None and person.birth_year is None:
            fills["birth_year"] = birth_year
        if gender and not person.gender:
            fills["gender"] = gender
        return person, fills


# Reading and matching rows #################################################


class IndexedInstanceLoader(BaseInstanceLoader):
    """Finds the record a row describes in an index built once per import, not by a query per row.

    The index holds the records the file can update (SheetResource.existing()), keyed as the
    Resource keys a row (SheetResource.key_of_record() and key_of_row()).
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.index = defaultdict(list)
        records = list(resource.existing_in_scope(dataset))
        for record in records:
            self.index[resource.key_of_record(record)].append(record)
            resource.claim_existing(record)
        resource.earlier_claims = resource.claimed_records.holders(record.pk for record in records)

    def get_instance(self, row):
        candidates = self.index.get(self.resource.key_of_row(self.resource.row), [])
        return self.resource.choose(candidates, self.resource.row.values)


class ClaimedRecords:
    """The ids of the records a file's rows described or created, with the row that did.

    A later row must not describe one of them again, however far down the file it is. The
    ids are kept in a temporary table of the import's transaction, not in memory, so that an
    import of a million rows holds no more than one of a thousand; each chunk reads back the
    ids of the records its rows can describe. The table goes with the transaction when it is
    rolled back, and close() drops it before a commit.
    """

    table = "sheet_import_claimed_records"

    def __init__(self):
        self.made = False

    def add(self, holders):
        """Remember the rows {record id: row number}."""
        if not holders:
            return
        if not self.made:
            # The ids' own column type: on SQLite "integer", which makes the table its index.
            id_type = connection.data_types["BigAutoField"]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {connection.ops.quote_name(self.table)} "
                    f"(record_id {id_type} PRIMARY KEY, row_number integer NOT NULL)"
                )
            self.made = True
        bulk.insert_into(self.table, ["record_id", "row_number"], list(holders.items()))

    def holders(self, ids):
        """{record id: row number} of those of the ids that rows have claimed."""
        if not self.made:
            return {}
        found = {}
        asked = [(pk,) for pk in set(ids)]
        with connection.cursor() as cursor:
            for rows, params in bulk.joined_rows([models.BigIntegerField()], asked, "asked"):
                cursor.execute(
                    f"SELECT record_id, row_number FROM {connection.ops.quote_name(self.table)} "
                    f"JOIN {rows} ON record_id = asked.column1",
                    params,
                )
                found.update(cursor.fetchall())
        return found

    def close(self):
        if self.made:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(self.table)}")
            self.made = False


@dataclass
class _Row:
    """What the Resource knows about the row it is importing."""

    number: int
    raw: dict
    # Cell values by column, as the widgets read them.
    values: dict = field(default_factory=dict)
    # Attributes set from several cells or from other records (a person, a period).
    resolved: dict = field(default_factory=dict)
    # What the row adds to records it names: (look-up, record, {attribute: value}).
    fills: list = field(default_factory=list)
    errors: int = 0
    before: dict | None = None
    snapshot: dict | None = None
    changed_columns: set = field(default_factory=set)


def _model_field(model, attribute):
    """The model field an attribute ("person__birth_year") ends at, or None (a property)."""
    model_field = None
    for name in attribute.split("__"):
        if model is None:
            return None
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        model = model_field.related_model
    return model_field


@functools.cache
def _field_values(model):
    """A function giving the values of a record's fields, as a tuple."""
    return operator.attrgetter(*(field.attname for field in model._meta.concrete_fields))


def _comparable(value):
    """A column's value in a form that compares equal when the records are the same."""
    if isinstance(value, list):
        return frozenset(ref(record) for record in value)
    return value


class SheetResource(resources.ModelResource):
    """A sheet kind: its columns, how a row finds its record, and how rows are written.

    Subclasses declare `Column`s and list them in `Meta.fields` (which is also the column
    order). A column whose attribute is a field of the model is set from its cell; the others
    (a person's name and birth year, a period "2021–2025") are turned into attributes by
    resolve(). A row finds its record by key: key_of_row() of the row, key_of_record() of the
    records existing() returns, choose() among several.
    """

    sheet_kind = ""
    # Sheets imported into one congress name the congress's foreign key here ("congress").
    congress_field = ""
    # When rows can name other rows of the file as their parent (a tree), the parent's
    # attribute and the headers of the columns naming a row and its parent.
    self_reference = ""
    name_column = ""
    parent_column = ""
    # The joins of an export, so that it runs a fixed number of queries, and the order of a
    # whole-table export where the model's own ordering goes by ids, which differ between
    # databases.
    export_related = ()
    export_prefetch = ()
    export_ordering = ()
    # One example row for the blank template, taken from the article's records.
    example = {}

    class Meta:
        use_transactions = True
        use_bulk = True
        batch_size = 1000
        chunk_size = 2000
        skip_unchanged = True
        # Rows are compared column by column here (skip_row), so neither import-export's deep
        # copy and diff of every row nor its HTML diff is needed.
        skip_diff = True
        skip_html_diff = True
        instance_loader_class = IndexedInstanceLoader

    def __init__(
        self,
        *,
        user=None,
        congress=None,
        file_name="",
        checksum="",
        scope=access.EVERYTHING,
        reason="",
        **kwargs,
    ):
        super().__init__(**kwargs)
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
        self.row_numbers = []
        # The columns of the file, in its order, as (name, Column).
        self.present = []
        # Whether a column of the file holds a list of records (a many-to-many value).
        self.lists_present = False
        self.row = None
        self.kept = []
        # Keys claimed by the rows of the current chunk, and records claimed by existing ones.
        self.claims = {}
        # The ids of the records rows have described or created, with the row: those of the
        # whole file (in the database), those earlier chunks claimed of the records the
        # current chunk can describe, and those the current chunk claims.
        self.claimed_records = ClaimedRecords()
        self.earlier_claims = {}
        self.chunk_claims = {}
        self.new_rows = []
        self.pending_m2m = []
        self.lookups = {}
        self.import_source = None
        model = self._meta.model
        for column in self.fields.values():
            model_field = _model_field(model, column.attribute)
            column.direct = (
                model_field is not None
                and "__" not in column.attribute
                and not column.readonly
                and not model_field.many_to_many
            )
            if model_field is not None and not model_field.is_relation:
                column.validators = model_field.validators
            if isinstance(column.widget, RecordWidget):
                column.widget.lookup = self.lookup(column.widget.lookup_class)

    def lookup(self, lookup_class):
        """This import's look-up of a kind, shared by every column that uses it."""
        if lookup_class not in self.lookups:
            self.lookups[lookup_class] = lookup_class(self.scope)
        return self.lookups[lookup_class]

    @classmethod
    def get_result_class(cls):
        return SheetResult

    @classmethod
    def get_row_result_class(cls):
        return SheetRowResult

    @classmethod
    def sheet_title(cls):
        return str(cls._meta.model._meta.verbose_name_plural).capitalize()

    @classmethod
    def columns(cls):
        return [cls.fields[name] for name in cls._meta.fields]

    @classmethod
    def congress_model(cls):
        """The model of the congress a sheet's records belong to, or None."""
        if not cls.congress_field:
            return None
        return cls._meta.model._meta.get_field(cls.congress_field).related_model

    @classmethod
    def find_congress(cls, pk):
        """The congress with this id, for a sheet kind that belongs to congresses; ValueError if none."""
        model = cls.congress_model()
        if model is None:
            raise ValueError(
                _("Bảng tính “%(kind)s” không thuộc một đại hội nào.") % {"kind": cls.sheet_kind}
            )
        try:
            return model.objects.get(pk=pk)
        except (model.DoesNotExist, ValueError):
            raise ValueError(_("Không có đại hội mã %(pk)s.") % {"pk": pk}) from None

    @classmethod
    def for_congress(cls, queryset, congress):
        """The records of one congress."""
        return queryset.filter(**{cls.congress_field: congress})

    # Preparing an import ###################################################

    def begin(self, headers):
        """Match the file's headers to the columns.

        Problems with the file as a whole are added to self.errors, unknown columns to
        self.warnings.
        """
        by_key = {identity_key(column.column_name): name for name, column in self.fields.items()}
        self.kept = []
        matched = []
        for index, header in enumerate(headers):
            name = by_key.get(identity_key(header))
            column = self.fields.get(name)
            if column is None:
                if header:
                    self.warnings.append(
                        _("Cột “%(header)s” không có trong mẫu nên được bỏ qua.") % {"header": header}
                    )
            elif column.column_name in matched:
                message = _("Có hai cột cùng là “%(column)s”; hãy giữ một cột.")
                self.errors.append(
                    SheetError(None, column.column_name, header, message % {"column": column.column_name})
                )
            elif not column.readonly:
                self.kept.append(index)
                matched.append(column.column_name)
                self.present.append((name, column))
        for column in self.fields.values():
            if column.required and column.column_name not in matched:
                message = _("Thiếu cột bắt buộc “%(column)s”.") % {"column": column.column_name}
                self.errors.append(SheetError(None, column.column_name, "", message))
        self.preview_columns = matched
        self.lists_present = any(isinstance(column.widget, RecordListWidget) for _, column in self.present)

    def chunks(self, rows):
        """The file's rows under the matched headers, as Datasets of at most `size` rows.

        Blank rows between data rows are skipped; each kept row remembers its spreadsheet row
        (self.row_numbers, for the chunk): the header is row 1, so data row i (counting from
        0) is row i + 2. Chunks have CHUNK_ROWS rows; a sheet whose rows name other rows as
        their parent comes in one chunk, so that parents can be put first.
        """
        size = None if self.self_reference else CHUNK_ROWS
        chunk, numbers = tablib.Dataset(headers=self.preview_columns), []
        for offset, cells in enumerate(rows):
            if any(not _is_blank(cell) for cell in cells):
                chunk.append([cells[index] for index in self.kept])
                numbers.append(offset + 2)
                if size is not None and len(numbers) == size:
                    yield chunk, numbers
                    chunk, numbers = tablib.Dataset(headers=self.preview_columns), []
        if numbers:
            yield chunk, numbers

    def prepare(self, dataset):
        """Put parents first and fetch what the rows of a chunk name."""
        if self.self_reference and self.parent_column in dataset.headers:
            dataset = self.parents_first(dataset)
        for column in self.fields.values():
            if isinstance(column.widget, RecordWidget) and column.column_name in dataset.headers:
                column.widget.lookup.load(
                    name for value in dataset[column.column_name] for name in column.widget.names(value)
                )
        self.load_lookups(dataset)
        return dataset

    def import_chunk(self, dataset, row_numbers):
        """Import one chunk of the file's rows; what it writes stays in the caller's transaction.

        What a chunk needs to remember is dropped after it, so that memory does not grow
        with the file: the records it looked up (later chunks find them in the database,
        with what earlier chunks wrote) and the keys its rows claimed, except the ids of the
        records rows described, which a later row must not describe again.
        """
        self.row_numbers = row_numbers
        self.claims = {}
        self.earlier_claims = {}
        self.chunk_claims = {}
        self.new_rows = []
        dataset = self.prepare(dataset)
        result = self.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)
        for instance, number in self.new_rows:
            if instance.pk is not None:
                self.chunk_claims[instance.pk] = number
        self.claimed_records.add(self.chunk_claims)
        for lookup in self.lookups.values():
            lookup.forget()
        return result

    def parents_first(self, dataset):
        """Reorder the rows so that a row naming another row as its parent comes after it."""
        names = [identity_key(cell_text(name)) for name in dataset[self.name_column]]
        parents = [identity_key(cell_text(name)) for name in dataset[self.parent_column]]
        rows_by_name = defaultdict(list)
        for index, name in enumerate(names):
            rows_by_name[name].append(index)
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
        self.row_numbers = [self.row_numbers[index] for index in order]
        return ordered

    def load_lookups(self, dataset):
        """Fetch what columns the Resource reads itself name (people, parents by code)."""

    def load_people(self, dataset, column, birth_year="birth_year"):
        """Fetch the people a name column (and the birth-year column, as resolve_person() reads
        them) names."""
        if column not in dataset.headers:
            return
        names = [vietnamese.clean_name(cell_text(name)) for name in dataset[column]]
        year_column = self.fields[birth_year].column_name if birth_year in self.fields else None
        if year_column in dataset.headers:
            years = [_birth_year(cell) for cell in dataset[year_column]]
        else:
            years = [None] * len(names)
        self.lookup(PersonLookup).load_named(zip(names, years, strict=True))

    # Rows ##################################################################

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        for error in row_result.errors:
            # Not a problem with the row's cells but a failure while handling it.
            message = _("Lỗi khi xử lý dòng: %(error)s") % {"error": error.error}
            self.errors.append(SheetError(self.row.number, "", "", message))
        status = PreviewRow.STATUSES.get(row_result.import_type)
        if status and len(self.preview) < PREVIEW_ROWS:
            cells = tuple(
                PreviewCell(cell_text(row[name]), name in self.row.changed_columns)
                for name in self.preview_columns
            )
            self.preview.append(PreviewRow(self.row.number, status, cells))
        return row_result

    def before_import_row(self, row, row_number=None, **kwargs):
        self.row = _Row(number=self.row_numbers[row_number - 1], raw=row)
        for name, column in self.present:
            # As Field.clean() and blame(), inline: this runs for every cell of the file.
            try:
                value = column.widget.clean(row[column.column_name])
                if column.required and value in (None, "", []):
                    raise ValueError(_("Ô này không được để trống."))
                if value not in (None, ""):
                    for validator in column.validators:
                        validator(value)
            except (ValueError, ValidationError) as error:
                self.errors_on(name, error)
            else:
                self.row.values[name] = value
        if not self.row.errors:
            with self.blame(""):
                self.row.resolved = self.resolve(self.row.values)

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

    def resolve(self, values):
        """Turn cells that name other records or span columns into attributes of the record."""
        return {}

    def resolve_person(self, values, name="full_name", birth_year="birth_year", gender="gender"):
        """The person a row names by name (and birth year, gender), with what it adds to them.

        An ambiguous name is blamed on the name's column, a conflicting gender on the gender's.
        """
        if not values.get(name):
            return None
        people = self.lookup(PersonLookup)
        try:
            person, fills = people.resolve(values[name], values.get(birth_year), values.get(gender, ""))
        except GenderConflict as error:
            self.error_on(gender, str(error))
        except ValueError as error:
            self.error_on(name, str(error))
        else:
            if fills:
                self.row.fills.append((people, person, fills))
            return person
        return None

    def get_instance(self, instance_loader, row):
        if self.row.errors:
            return None
        with self.blame(""):
            return instance_loader.get_instance(row)
        return None

    def choose(self, candidates, values):
        """The record a row describes among those with its key; ValueError when it cannot tell."""
        if len(candidates) > 1:
            raise ValueError(
                _("Dòng này khớp với %(count)s bản ghi trong hồ sơ: %(records)s.")
                % {"count": len(candidates), "records": "; ".join(str(record) for record in candidates)}
            )
        return candidates[0] if candidates else None

    def existing(self, dataset):
        """The records this file can update, fetched once: narrow it to what the file names."""
        return ()

    def existing_in_scope(self, dataset):
        records = self.existing(dataset)
        if isinstance(records, models.QuerySet):
            return self.scope.filter(records)
        return (record for record in records if self.scope.covers(record))

    def key_of_row(self, row):
        """What identifies the record a row (a _Row) describes."""
        raise NotImplementedError

    def key_of_record(self, record):
        """What identifies a record of existing(), as key_of_row() identifies a row."""
        raise NotImplementedError

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        if self.congress_field:
            setattr(instance, self.congress_field, self.congress)
        return instance

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            return
        self.row.snapshot = self.field_values(instance)
        # Which columns a row changes is shown in the preview's rows and decides whether its
        # lists are written; it can differ from its record's fields only where the row also
        # changes records it names (fills). Other rows are compared by their record alone.
        if len(self.preview) < PREVIEW_ROWS or self.row.fills or self.lists_present:
            self.row.before = self.column_values(instance)

    def column_values(self, instance):
        return {
            name: _comparable(self.fields[name].get_value(instance))
            for name in self.row.values
            if not self.fields[name].readonly
        }

    @staticmethod
    def field_values(instance):
        return _field_values(type(instance))(instance)

    def import_instance(self, instance, row, **kwargs):
        if not self.row.errors:
            self.assign(instance, self.row.values)
            instance.normalise()
            with self.blame(""):
                self.check(instance)
            self.check_scope(instance)
            self.claim(instance)
            if instance.pk is None and not self.row.errors:
                self.remember(instance)
        if self.row.errors:
            raise ValidationError(_("Dòng %(row)s có lỗi.") % {"row": self.row.number})

    def assign(self, instance, values):
        """Set the row's values on the record, and what the row adds to the records it names."""
        for name, value in values.items():
            column = self.fields[name]
            if not column.direct:
                continue
            # A record keeps its own spelling of what a cell says in another: "Thủy" for "Thuỷ".
            if instance.pk is not None and isinstance(column.widget, TextWidget):
                if column.widget.same(getattr(instance, column.attribute), value):
                    continue
            setattr(instance, column.attribute, value)
        for attribute, value in self.row.resolved.items():
            setattr(instance, attribute, value)
        for lookup, record, fills in self.row.fills:
            for attribute, value in fills.items():
                setattr(record, attribute, value)
            lookup.mark_changed(record)

    def check(self, instance):
        """Rules of the database that a row can break, checked here with friendlier messages."""

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
        self.error_on(name or self.first_column(), access.OUT_OF_SCOPE)

    def first_column(self):
        return self.present[0][0] if self.present else ""

    def check_order(self, instance, first, second):
        """The value of the column `second` (a date or a year) must not come before `first`'s."""
        start = getattr(instance, self.fields[first].attribute)
        end = getattr(instance, self.fields[second].attribute)
        if start is not None and end is not None and end < start:
            message = _("“%(second)s” không được trước “%(first)s” (%(start)s).") % {
                "first": self.fields[first].column_name,
                "second": self.fields[second].column_name,
                "start": cell_text(start),
            }
            self.error_on(second, message)

    def remember(self, instance):
        """Make a new record findable by later rows of the file (a parent, a person)."""

    def claim(self, instance):
        """Two rows must not describe one record, nor break a uniqueness rule together or with a record."""
        noun = self._meta.model._meta.verbose_name
        if instance.pk is not None:
            holder = self.earlier_claims.get(instance.pk) or self.chunk_claims.setdefault(
                instance.pk, self.row.number
            )
            if holder != self.row.number:
                message = _("Trùng với dòng %(row)s: hai dòng cùng ghi một %(noun)s.")
                self.error_on("", message % {"row": holder, "noun": noun})
                return
        else:
            self.new_rows.append((instance, self.row.number))
        for key in self.unique_keys(instance):
            holder = self.claims.setdefault(key, self.row.number)
            if holder == self.row.number or (isinstance(holder, models.Model) and holder.pk == instance.pk):
                continue
            if isinstance(holder, models.Model):
                message = _("Trùng với một %(noun)s đã có trong hồ sơ: %(record)s.")
                self.error_on("", message % {"noun": noun, "record": holder})
            else:
                message = _("Trùng với dòng %(row)s: hai dòng cùng ghi một %(noun)s.")
                self.error_on("", message % {"row": holder, "noun": noun})
            return

    def claim_existing(self, record):
        for key in self.extra_keys(record):
            self.claims[key] = record

    def unique_keys(self, instance):
        """Keys no two rows of a chunk may share: the row's own, and extra_keys()."""
        return [("row", self.key_of_row(self.row)), *self.extra_keys(instance)]

    def extra_keys(self, record):
        """Keys that must be unique besides the record's own (one open post per person and role)."""
        return []

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        if self.row.before is None:
            return not self.record_changed(instance)
        after = self.column_values(instance)
        for name, value in self.row.values.items():
            if isinstance(value, list):
                after[name] = _comparable(value)
        self.row.changed_columns = {
            self.fields[name].column_name for name, value in after.items() if value != self.row.before[name]
        }
        return not self.row.changed_columns and not self.record_changed(instance)

    def record_changed(self, instance):
        return self.field_values(instance) != self.row.snapshot

    def save_instance(self, instance, is_create, row, **kwargs):
        # A row may change only a record it names (a person's birth year): its own record is
        # then not written, and gets no history row saying it changed.
        if is_create or self.record_changed(instance):
            super().save_instance(instance, is_create, row, **kwargs)
        for name, value in self.row.values.items():
            column = self.fields[name]
            if isinstance(value, list) and (is_create or column.column_name in self.row.changed_columns):
                self.pending_m2m.append((instance, column.attribute, value))

    # Writing ###############################################################

    @property
    def change_reason(self):
        reason = _("Nhập từ tệp “%(file)s”") % {"file": self.file_name}
        return f"{self.reason} ({reason})" if self.reason else reason

    def source(self):
        """The Source of this import, recorded when it first writes a row."""
        if self.import_source is None:
            self.import_source = Source(
                kind=SourceKind.SPREADSHEET,
                title=_("Tệp “%(file)s” (%(sheet)s)") % {"file": self.file_name, "sheet": self.sheet_title()},
                file_name=self.file_name[:255],
                checksum=self.checksum,
                recorded_by=self.user,
            )
            self.import_source._history_user = self.user
            self.import_source._change_reason = self.change_reason
            self.import_source.save()
        return self.import_source

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.write(self.create_instances, True, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.write(self.update_instances, False, raise_errors, result)

    def write(self, instances, create, raise_errors, result):
        try:
            # After an error nothing is kept, so nothing more is written.
            if not self.errors:
                self.write_pending()
                if instances:
                    if create:
                        self.write_created(instances)
                    else:
                        self.write_changed(instances)
                self.write_m2m()
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            instances.clear()

    def handle_import_error(self, result, error, raise_errors=False):
        # A failure outside the rows (writing a batch, after the import) refuses the file too,
        # and stops any further writing.
        message = _("Không ghi được vào cơ sở dữ liệu: %(error)s") % {"error": error}
        self.errors.append(SheetError(None, "", "", message))
        super().handle_import_error(result, error, raise_errors)

    @property
    def history(self):
        return {"user": self.user, "reason": self.change_reason}

    def write_pending(self):
        """Write the records rows named but did not describe: new people, a person's birth year."""
        for lookup in self.lookups.values():
            if lookup.created:
                self.write_new(lookup.model, lookup.created)
                lookup.created.clear()
            if lookup.changed:
                self.write_updates(lookup.model, list(lookup.changed.values()))
                lookup.changed.clear()

    def write_created(self, instances):
        model = self._meta.model
        remaining = instances
        while remaining:
            # A record whose parent is another new record waits until the parent has an id.
            ready = [record for record in remaining if self.parent_saved(record)]
            self.write_new(model, ready)
            remaining = [record for record in remaining if record.pk is None]

    def parent_saved(self, record):
        if not self.self_reference:
            return True
        parent = getattr(record, self.self_reference)
        return parent is None or parent.pk is not None

    def write_changed(self, instances):
        self.write_updates(self._meta.model, instances)

    def write_new(self, model, records):
        """Insert new records with their history rows, citing this import in both."""
        history = bulk.create_with_history(model, records, **self.history)
        self.cite(model, records)
        bulk.history_links(model, records, history)

    def write_updates(self, model, records):
        """Write changed records with their history rows, citing this import in both."""
        history = bulk.update_with_history(model, records, self.updated_fields(model), **self.history)
        self.cite(model, records)
        bulk.history_links(model, records, history)

    @staticmethod
    def updated_fields(model):
        return [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "uid"]

    def cite(self, model, records):
        """Make the written records cite this import's Source."""
        try:
            sources = model._meta.get_field("sources")
        except FieldDoesNotExist:
            return
        source = self.source()
        bulk.link(
            sources.remote_field.through,
            [(record.pk, source.pk) for record in records],
            sources.m2m_field_name(),
            sources.m2m_reverse_field_name(),
        )

    def write_m2m(self):
        """Set the many-to-many values of the rows written so far."""
        waiting = []
        for instance, attribute, records in self.pending_m2m:
            if instance.pk is None:
                waiting.append((instance, attribute, records))
            else:
                getattr(instance, attribute).set(records)
        self.pending_m2m = waiting

    def after_import(self, dataset, result, **kwargs):
        # ModelResource resets the id sequences here, which only matters when a file gives ids.
        pass

    def finish(self, report):
        """Record the counts of a written import on its Source."""
        if self.import_source is not None and not self.errors:
            source = self.import_source
            source.rows_created = report.created
            source.rows_changed = report.changed
            source.rows_unchanged = report.unchanged
            source.save(update_fields=["rows_created", "rows_changed", "rows_unchanged"])

    # Exporting #############################################################

    @classmethod
    def all_records(cls):
        """Every record of the sheet kind, in the order a whole-table export lists them."""
        records = cls._meta.model.objects.all()
        return records.order_by(*cls.export_ordering) if cls.export_ordering else records

    def export_queryset(self, queryset):
        return queryset.select_related(*self.export_related).prefetch_related(*self.export_prefetch)

    def export_rows(self, queryset):
        """The rows of the records, read as values where every column allows it, else as records."""
        fields = self.get_export_fields()
        paths = [field.value_path(self._meta.model) for field in fields]
        if all(paths):
            renders = [field.value_render() for field in fields]
            for values in queryset.values_list(*paths).iterator(chunk_size=2000):
                yield [render(value) for render, value in zip(renders, values, strict=True)]
            return
        for record in self.iter_queryset(self.export_queryset(queryset)):
            yield [field.widget.render(field.get_value(record)) for field in fields]


# Services ##################################################################


def _checksum(data):
    digest = hashlib.sha256()
    if isinstance(data, (bytes, bytearray, memoryview)):
        digest.update(data)
    else:
        data.seek(0)
        for chunk in iter(lambda: data.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sheet_import(
    *, kind, data, file_name, user=None, congress=None, dry_run, scope=access.EVERYTHING, reason=""
) -> ImportReport:
    """Import a file (bytes or a binary file object) of a sheet kind, all or nothing.

    With dry_run nothing is kept: the report says what the import would do. Otherwise the
    rows are written unless any row has an error, and the report carries the Source that
    the written rows cite (None when nothing was written). `user` is who the Source and the
    history rows name; `scope` (records.access) what the import may read and write: the
    admin passes the user's, the command line, run by whoever holds the server, none.
    """
    resource_class = get_sheet(kind)
    report = ImportReport(kind=kind, file_name=file_name, dry_run=dry_run)
    if resource_class.congress_field and congress is None:
        report.errors.append(SheetError(None, "", "", _("Hãy chọn đại hội mà danh sách này thuộc về.")))
        return report
    if congress is not None and not scope.covers(congress):
        report.errors.append(SheetError(None, "", "", _("Đại hội đã chọn nằm ngoài phạm vi của bạn.")))
        return report
    try:
        table = read_table(data, file_name)
    except SpreadsheetError as error:
        report.errors.append(SheetError(None, "", "", str(error)))
        return report
    resource = resource_class(
        user=user,
        congress=congress,
        file_name=file_name,
        checksum=_checksum(data),
        scope=scope,
        reason=reason,
    )
    resource.begin(table.headers)
    report.headers = resource.preview_columns
    report.warnings = resource.warnings
    report.errors = resource.errors
    if resource.errors:
        table.rows.close()
        return report
    # The file is read, checked and written a chunk of rows at a time, all in one transaction:
    # nothing of a refused file or of a dry run is kept.
    with transaction.atomic():
        try:
            for dataset, row_numbers in resource.chunks(table.rows):
                totals = resource.import_chunk(dataset, row_numbers).totals
                report.created += totals[RowResult.IMPORT_TYPE_NEW]
                report.changed += totals[RowResult.IMPORT_TYPE_UPDATE]
                report.unchanged += totals[RowResult.IMPORT_TYPE_SKIP]
        except SpreadsheetError as error:
            resource.errors.append(SheetError(None, "", "", str(error)))
        resource.claimed_records.close()
        resource.finish(report)
        if dry_run or resource.errors:
            transaction.set_rollback(True)
    report.preview = resource.preview
    if not dry_run and not report.errors:
        report.source = resource.import_source
    return report


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    rows: int


def sheet_export(*, kind, queryset, file_format) -> bytes:
    """The records of a queryset as an xlsx or CSV file of a sheet kind, streamed row by row."""
    return sheet_export_file(kind=kind, queryset=queryset, file_format=file_format).content


def sheet_export_file(*, kind, queryset, file_format) -> ExportedFile:
    """sheet_export() with the number of rows written, which the access log records."""
    if file_format not in ("xlsx", "csv"):
        raise ValueError(_("Không có định dạng xuất “%(format)s”.") % {"format": file_format})
    resource = get_sheet(kind)()
    headers = resource.get_export_headers()
    written = 0

    def counted(rows):
        nonlocal written
        for row in rows:
            written += 1
            yield row

    with translation.override(SHEET_LANGUAGE):
        rows = counted(resource.export_rows(queryset))
        if file_format == "xlsx":
            content = write_xlsx(headers, rows, sheet_title=resource.sheet_title())
        else:
            content = write_csv(headers, rows)
    return ExportedFile(content, written)


def sheet_template(kind) -> bytes:
    """A blank xlsx for a sheet kind: its headers and one example row from the article's records."""
    resource_class = get_sheet(kind)
    headers = [column.column_name for column in resource_class.columns()]
    example = [resource_class.example.get(header, "") for header in headers]
    with translation.override(SHEET_LANGUAGE):
        return write_xlsx(headers, [example], sheet_title=resource_class.sheet_title())
