"""The columns of a sheet and the widgets that read and write their cells.

Values are read as Vietnamese offices write them (records.vietnamese): "1.535", "21,1",
"0,2%", "16/6/2025", real Excel dates, choices by their label in any case or tone placement.
A widget's clean() runs for every cell of a file: keep it free of queries and allocations it
does not need.
"""

import datetime
import functools
import re

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.fields import Field

from records import vietnamese
from records.models import LegalDocument

__all__ = [
    "BIRTH_YEAR",
    "ChoiceWidget",
    "Column",
    "DateWidget",
    "NumberWidget",
    "OrdinalWidget",
    "RecordListWidget",
    "RecordWidget",
    "SymbolWidget",
    "TextWidget",
    "YearRangeWidget",
    "cell_text",
    "ref",
]

# Cells are read and written in Vietnamese, whatever the language of the page.
SHEET_LANGUAGE = "vi"


# The same roles and places recur on every row of a list; their keys are computed once. The
# cache is small: whole names rarely recur (their words are cached by records.vietnamese), and
# a large one would grow with the file.
identity_key = functools.lru_cache(maxsize=4096)(vietnamese.identity_key)


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


def is_blank(value) -> bool:
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

    def sheet_format(self):
        """How a cell is written, for the template's "Hướng dẫn" sheet (records.sheets.guide)."""
        return _("Chữ, có thể xuống dòng trong ô") if self.multiline else _("Chữ")

    def same(self, recorded, given):
        """Whether a cell says what the record holds, written as another office writes it."""
        return identity_key(recorded) == identity_key(given)


class SymbolWidget(TextWidget):
    """A document symbol: "1669 / NQ-UBTVQH15" and "Số 1669/NQ-UBTVQH15" say the same."""

    def same(self, recorded, given):
        return symbol_key(recorded) == symbol_key(given)

    def sheet_format(self):
        return _("Số, ký hiệu như ghi trên văn bản, ví dụ 1669/NQ-UBTVQH15 hoặc 68-NQ/TW")


class NumberWidget(widgets.Widget):
    """A number as offices write it ("1.535", "21,1", "0,2%"), or a number cell."""

    def __init__(self, *, integer=False, minimum=None, maximum=None):
        super().__init__(coerce_to_string=False)
        self.integer = integer
        self.minimum = minimum
        self.maximum = maximum

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
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

    def sheet_format(self):
        if self.integer:
            text = _("Số nguyên, viết như văn phòng vẫn viết: 1.535 hoặc 1535")
        else:
            text = _("Số, dấu phẩy trước phần thập phân, dấu chấm ngăn hàng nghìn: 21,1; 1.535; 0,2%")
        return text + self.range_text()

    def range_text(self):
        if self.minimum is not None and self.maximum is not None:
            return _("; từ %(minimum)s đến %(maximum)s") % {"minimum": self.minimum, "maximum": self.maximum}
        if self.minimum is not None:
            return _("; từ %(minimum)s trở lên") % {"minimum": self.minimum}
        if self.maximum is not None:
            return _("; không lớn hơn %(maximum)s") % {"maximum": self.maximum}
        return ""


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
        if is_blank(value):
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

    def sheet_format(self):
        return _(
            "Ngày, ghi ngày trước: dd/mm/yyyy, ví dụ 16/06/2025 (16/6/2025 cũng được), hoặc ô ngày của Excel"
        )


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

    def sheet_format(self):
        text = _("Chọn một giá trị trong danh sách thả xuống của ô")
        if self.default:
            text += _("; để trống là “%(label)s”") % {"label": self.labels[self.default]}
        return text

    def sheet_choices(self):
        """The values a drop-down list of the template offers: the labels, as exports write them."""
        return list(self.labels.values())


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

    def sheet_format(self):
        return _("Năm đầu–năm cuối, ví dụ 2021–2025")


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

    def sheet_format(self):
        return _("Số La Mã (I, II, XIV) hoặc số")


class RecordWidget(widgets.Widget):
    """A record named in a cell (a name, a symbol), found through one of the import's look-ups."""

    def __init__(self, lookup_class):
        super().__init__(coerce_to_string=False)
        self.lookup_class = lookup_class
        self.lookup = None  # the import's look-up, bound by the ImportRun that reads the cells

    def clean(self, value, row=None, **kwargs):
        text = vietnamese.clean_name(cell_text(value))
        return self.lookup.get(text) if text else None

    def names(self, value):
        text = vietnamese.clean_name(cell_text(value))
        return [text] if text else []

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.lookup_class.label(value)

    def sheet_format(self):
        return str(self.lookup_class.written_as) % {"noun": self.lookup_class.noun}


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

    def sheet_format(self):
        return super().sheet_format() + _("; nhiều %(noun)s trong một ô cách nhau bằng dấu chấm phẩy (;)") % {
            "noun": self.lookup_class.noun
        }


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
        model_field = model_field_of(model, self.attribute)
        return self.attribute if model_field is not None and not model_field.is_relation else None

    def value_render(self):
        """The cell of the value at value_path()."""
        if isinstance(self.widget, RecordWidget):
            return lambda label: "" if label is None else label
        return self.widget.render


def model_field_of(model, attribute):
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
