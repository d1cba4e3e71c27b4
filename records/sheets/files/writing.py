"""Writing exports: xlsx streamed with typed cells under a bold header, and CSV Excel opens."""

import contextlib
import csv
import datetime
import decimal
import io
import itertools
import os
import re
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.utils import timezone

from records.vietnamese import format_date, format_number

from .neutralising import VISIBLE_TRIGGERS, neutralise
from .table import EXCEL_MAX_ROWS

_COLUMN_SAMPLE_ROWS = 100
_MIN_COLUMN_WIDTH = 8
_MAX_COLUMN_WIDTH = 60
_DATE_FORMAT = "d/m/yyyy"
_DATETIME_FORMAT = "d/m/yyyy h:mm:ss"
# The kinds of value written as typed cells, subclasses before their base (bool is an int).
_CELL_KINDS = (
    bool,
    int,
    float,
    decimal.Decimal,
    datetime.datetime,
    datetime.date,
    datetime.time,
    datetime.timedelta,
)
_SHEET_TITLE_MAX = 31
_SHEET_TITLE_INVALID_RE = re.compile(r"[\\/*?:\[\]]")


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    max_rows_per_sheet: int = EXCEL_MAX_ROWS - 1,
) -> bytes:
    """
    Write a workbook, streaming: rows go to a temporary file as they come
    (xlsxwriter's constant-memory mode), so memory does not grow with their
    number. The header row is bold, frozen and has filter buttons; columns
    are sized from the first rows. After max_rows_per_sheet data rows the
    list continues on a sheet named "sheet_title (2)", then "(3)"..., each
    with the header.

    Dates and Decimals are date and number cells; None is an empty cell;
    text is protected from running as a formula (see records.sheets.files).
    """
    headers = list(headers)
    rows = iter(rows)
    sample = list(itertools.islice(rows, _COLUMN_SAMPLE_ROWS))
    output = io.BytesIO()
    # Strings are always written as text: never turned into formulas, links or numbers.
    workbook = xlsxwriter.Workbook(
        output,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    writer = _XlsxSheets(workbook, headers, _column_widths(headers, sample), sheet_title, max_rows_per_sheet)
    try:
        for row_number, row in enumerate(itertools.chain(sample, rows), start=1):
            _check_row(row, headers, row_number)
            writer.append(row)
        writer.finish()
    except BaseException:
        _discard(workbook)
        raise
    return output.getvalue()


def _discard(workbook) -> None:
    """
    Delete the temporary files of an unfinished workbook's sheets, which
    xlsxwriter deletes only when the workbook is closed.
    """
    for sheet in workbook.worksheets():
        if sheet.row_data_filename:
            # Best effort on the way out of another error, which must not be masked.
            with contextlib.suppress(OSError):
                sheet.row_data_fh.close()
                os.unlink(sheet.row_data_filename)


class _XlsxSheets:
    """The sheets of a list being written: a new one each max_rows data rows, each with the header."""

    def __init__(self, workbook, headers, widths, title, max_rows):
        self.workbook = workbook
        self.headers = headers
        self.widths = widths
        self.title = title
        self.max_rows = max_rows
        self.sheet = None
        self.rows = 0
        self.bold = workbook.add_format({"bold": True})
        self.text_prefixed = workbook.add_format({"quote_prefix": True})
        self.formats = {
            datetime.datetime: workbook.add_format({"num_format": _DATETIME_FORMAT}),
            datetime.date: workbook.add_format({"num_format": _DATE_FORMAT}),
            datetime.time: workbook.add_format({"num_format": "h:mm:ss"}),
            datetime.timedelta: workbook.add_format({"num_format": "[h]:mm:ss"}),
        }

    def append(self, row):
        if self.sheet is None or self.rows == self.max_rows:
            self.start()
        self.rows += 1
        for column, value in enumerate(row):
            self.write(self.rows, column, value)

    def start(self):
        self.end_sheet()
        self.sheet = self.workbook.add_worksheet(
            _sheet_title(self.title, len(self.workbook.worksheets()) + 1)
        )
        for column, width in enumerate(self.widths):
            self.sheet.set_column(column, column, width)
        self.sheet.freeze_panes(1, 0)
        self.rows = 0
        for column, header in enumerate(self.headers):
            self.write(0, column, header, self.bold)

    def end_sheet(self):
        if self.sheet is not None:
            self.sheet.autofilter(0, 0, self.rows, len(self.headers) - 1)

    def finish(self):
        if self.sheet is None:
            self.start()
        self.end_sheet()
        self.workbook.close()

    def write(self, row, column, value, style=None):
        if value is None:
            return
        kind = type(value)
        if kind is not str and kind not in _CELL_KINDS:
            # A subclass (an IntEnum, a pendulum date) is written as what it is a kind of.
            kind = next((cell_kind for cell_kind in _CELL_KINDS if isinstance(value, cell_kind)), str)
        if kind is bool:
            self.sheet.write_boolean(row, column, value, style)
        elif kind in (int, float, decimal.Decimal):
            self.sheet.write_number(row, column, value, style)
        elif kind is not str:
            if kind is datetime.datetime:
                value = _naive(value)
            self.sheet.write_datetime(row, column, value, self.formats[kind])
        else:
            # str() also turns lazy translations and other objects into text.
            text = str(value)
            if text[:1] in VISIBLE_TRIGGERS:
                # Shown as text, with no visible apostrophe, as Excel stores what a user typed after one.
                self.sheet.write_string(row, column, text, style or self.text_prefixed)
            else:
                self.sheet.write_string(row, column, neutralise(text), style)


def _check_row(row: Sequence, headers: list, row_number: int) -> None:
    if len(row) != len(headers):
        raise ValueError(f"Dòng {row_number} có {len(row)} ô nhưng có {len(headers)} tiêu đề.")


def _sheet_title(base: str, number: int) -> str:
    """A valid, unique sheet name: no []:*?/\\, no edge apostrophes, 31 chars."""
    base = " ".join(_SHEET_TITLE_INVALID_RE.sub(" ", base).split()).strip("'") or "Danh sách"
    suffix = "" if number == 1 else f" ({number})"
    return base[: _SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix


def _column_widths(headers: list, sample: list) -> list[float]:
    widths = []
    for index, header in enumerate(headers):
        cells = [row[index] for row in sample if index < len(row)]
        longest = max(_display_width(value) for value in [header, *cells])
        widths.append(min(max(longest + 2, _MIN_COLUMN_WIDTH), _MAX_COLUMN_WIDTH))
    return widths


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 19
    if isinstance(value, datetime.date):
        return 10
    return max(len(line) for line in str(value).splitlines() or [""])


def _naive(value: datetime.datetime) -> datetime.datetime:
    """Spreadsheets have no time zones: aware datetimes in local time."""
    if timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """
    Write CSV that Excel opens with Vietnamese intact: UTF-8 with a byte
    order mark, commas, CRLF, fields quoted where needed.

    Dates are "16/6/2025"; Decimals and floats have a decimal comma and no
    thousands dots ("21,1", "45140,5": with dots, Excel in an English locale
    would read "45.140" as 45.14); integers are plain digits (years, codes);
    None is empty; text is neutralised (see records.sheets.files).
    """
    headers = list(headers)
    output = io.BytesIO()
    # utf-8-sig writes the byte order mark once, at the start.
    text = io.TextIOWrapper(output, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([_csv_value(header) for header in headers])
    for row_number, row in enumerate(rows, start=1):
        _check_row(row, headers, row_number)
        writer.writerow([_csv_value(value) for value in row])
    text.detach()
    return output.getvalue()


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, decimal.Decimal)):
        return format_number(value).replace(".", "")
    if isinstance(value, datetime.datetime):
        value = _naive(value)
        return f"{format_date(value)} {value:%H:%M:%S}"
    if isinstance(value, datetime.date):
        return format_date(value)
    return neutralise(str(value))
