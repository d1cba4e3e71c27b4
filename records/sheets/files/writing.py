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
from xlsxwriter.utility import xl_col_to_name

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
# Excel keeps a drop-down list written into its rule to 255 characters (its values joined by
# commas, which none of them may hold); a longer list is read from cells of a hidden sheet.
_LIST_FORMULA_MAX = 255
_LISTS_SHEET_TITLE = "Danh sách chọn"
_SHEET_TITLE_INVALID_RE = re.compile(r"[\\/*?:\[\]]")


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    max_rows_per_sheet: int = EXCEL_MAX_ROWS - 1,
    drop_downs: dict[int, Sequence[str]] | None = None,
    notes: tuple[str, Sequence[str], Sequence[Sequence]] | None = None,
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

    A template is a list with help for whoever fills it in: `drop_downs` gives columns (by
    index) a drop-down list of their values in every row under the header of the first
    sheet, and `notes`, (title, headers, rows), a sheet after the list, its text wrapped.
    Readers read the first sheet only, so neither changes what the file imports as.
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
        writer.end_list()
        if notes is not None:
            title, note_headers, note_rows = notes
            widths = _column_widths(list(note_headers), list(note_rows))
            notes_writer = _XlsxSheets(
                workbook, list(note_headers), widths, title, max_rows_per_sheet, wrap=True
            )
            for row in note_rows:
                notes_writer.append(row)
            notes_writer.end_list()
        if drop_downs:
            _add_drop_downs(workbook, writer.first, drop_downs)
        workbook.close()
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

    def __init__(self, workbook, headers, widths, title, max_rows, *, wrap=False):
        self.workbook = workbook
        self.headers = headers
        self.widths = widths
        self.title = title
        self.max_rows = max_rows
        self.sheet = self.first = None
        self.started = self.rows = 0
        self.bold = workbook.add_format({"bold": True})
        self.text_prefixed = workbook.add_format({"quote_prefix": True})
        self.text = workbook.add_format({"text_wrap": True, "valign": "top"}) if wrap else None
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
        self.started += 1
        self.sheet = self.workbook.add_worksheet(_sheet_title(self.title, self.started))
        for column, width in enumerate(self.widths):
            self.sheet.set_column(column, column, width)
        self.sheet.freeze_panes(1, 0)
        self.first = self.first or self.sheet
        self.rows = 0
        for column, header in enumerate(self.headers):
            self.write(0, column, header, self.bold)

    def end_sheet(self):
        if self.sheet is not None:
            self.sheet.autofilter(0, 0, self.rows, len(self.headers) - 1)

    def end_list(self):
        if self.sheet is None:
            self.start()
        self.end_sheet()

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
                self.sheet.write_string(row, column, neutralise(text), style or self.text)


def _add_drop_downs(workbook, sheet, drop_downs) -> None:
    """A drop-down list of its values on every row under the header of each column of drop_downs."""
    long_lists = {}
    for column, values in drop_downs.items():
        values = [str(value) for value in values]
        if len(",".join(values)) <= _LIST_FORMULA_MAX and not any("," in value for value in values):
            source = values
        else:
            letter = xl_col_to_name(len(long_lists))
            long_lists[letter] = values
            source = f"='{_LISTS_SHEET_TITLE}'!${letter}$1:${letter}${len(values)}"
        sheet.data_validation(
            1,
            column,
            EXCEL_MAX_ROWS - 1,
            column,
            {
                "validate": "list",
                "source": source,
                "ignore_blank": True,
                # A warning, not a refusal: the import also reads a value written in another
                # case or with its tone mark placed otherwise, which the list would not know.
                "error_type": "warning",
                "error_title": "Giá trị không có trong danh sách",
                "error_message": "Hãy chọn một giá trị trong danh sách thả xuống của ô.",
            },
        )
    if long_lists:
        lists = workbook.add_worksheet(_LISTS_SHEET_TITLE)
        lists.hide()
        # Row by row, as the constant-memory mode writes.
        columns = list(long_lists.values())
        for row in range(max(len(values) for values in columns)):
            for column, values in enumerate(columns):
                if row < len(values):
                    lists.write_string(row, column, neutralise(values[row]))


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
