"""
The file layer beneath the import/export Resources: turn an uploaded file
into a tablib.Dataset safely, and write exports that spreadsheets open
correctly.

Lists travel between offices as Excel workbooks and CSV files, and arrive
with every habit of the software that made them: CSV in UTF-8 with or
without a byte order mark, Excel's "Unicode text" (tab-separated UTF-16),
Windows-1258 with its combining tone marks, semicolons where the regional
settings put the comma in numbers. Uploads are also untrusted input, so a
file is checked before anything parses it:

* the size limit (settings.SPREADSHEET_MAX_BYTES, 10 MB by default) is
  applied first, reading at most one byte more than the limit;
* the format is recognised by content, never by the file name: a zip
  archive must be an xlsx workbook whose declared uncompressed size is
  neither above 100 times the file nor above 200 MB (a zip bomb); legacy
  .xls, OpenDocument and HTML tables saved as ".xls" get a message saying
  how to save the file as .xlsx; anything else must decode as text;
* workbooks are opened with openpyxl in read-only mode (shared strings,
  date styles) and the sheet's XML is streamed through expat (the stated
  dimensions are ignored, a row numbered past Excel's last is refused); a
  formula arrives as its text ("=1+1") and is never evaluated. XML entity
  bombs are stopped by expat's amplification limit and reported as a
  broken file.

What read_table() returns (read_dataset() holds it all in a Dataset; an
import reads it row by row, so that a file's cells are never all in memory):
the first non-empty row of the first worksheet
is the header; headers are NFC text, trimmed, whitespace collapsed. Text
cells are NFC and trimmed, empty cells are "" (never None); numbers,
booleans and Excel dates (datetime) stay as openpyxl reads them, for the
Resources to parse. Blank rows between data rows are kept, so data row i
is always row (header row + 1 + i) as Excel numbers rows (for CSV, a
record spanning lines is one row); blank rows after the last data row, and
blank columns after the last header, are dropped. A cell with
data under an empty header or right of the last header, and two columns
with the same header, are refused rather than silently dropped.

Formula neutralisation (CSV injection). On export, a text cell starting
with "=", "+", "-", "@", a tab or a carriage return could be run as a
formula by the spreadsheet that opens the file. The scheme:

* neutralise(text) puts one apostrophe in front of text that starts with
  one of those characters, or with apostrophes followed by one of them.
  unneutralise() removes exactly that apostrophe and nothing else, so it is
  the exact inverse: "=SUM(A1)" <-> "'=SUM(A1)", "'=x" <-> "''=x", while
  "'quoted" needs no protection and is written and read unchanged.
* CSV cells are written neutralise()d. A cell starting with an apostrophe
  is never a formula: Excel and LibreOffice show it as text.
* In xlsx a text cell is already text (xlsxwriter is told never to turn a
  str into a formula, a link or a number). Text starting with "=", "+", "-" or "@" is
  written as a text cell with Excel's quote-prefix flag, exactly what Excel
  stores when a user types an apostrophe first: shown as text, no visible
  apostrophe, and it stays text when the cell is edited. The apostrophe is
  written only where the text would otherwise not come back unchanged: a
  leading tab or carriage return (which readers trim) and text that itself
  starts with apostrophes before one of the characters.
* read_dataset() applies unneutralise() to every text cell of both formats,
  so importing our own export gives the original text back, including a
  CSV export opened and saved again as .xlsx.
* Only text is touched: numbers stay numbers (-5 is a number cell in xlsx
  and "-5" in CSV, Decimal("-0.2") a number cell and "-0,2").

HTML in a cell is text like any other here; escaping it is the templates'
job.
"""

import codecs
import contextlib
import csv
import datetime
import decimal
import io
import itertools
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from xml.parsers import expat

import tablib
import xlsxwriter
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

from records.vietnamese import format_date, format_number

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXCEL_MAX_ROWS",
    "SpreadsheetError",
    "Table",
    "neutralise",
    "read_dataset",
    "read_table",
    "unneutralise",
    "write_csv",
    "write_xlsx",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
EXCEL_MAX_ROWS = 1_048_576

# A real workbook's XML compresses 5 to 30 times; far more is a zip bomb
# (or a sheet formatted down to its last row, which is worth cleaning too).
MAX_EXPANSION_RATIO = 100
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Many programs export an HTML table (or Excel 2003 XML) named ".xls".
_MARKUP_STARTS = ("<!doctype", "<html", "<table", "<?xml", "<meta")

_FORMULA_TRIGGERS = frozenset("=+-@\t\r")
# Of the triggers, the ones a reader keeps at the start of a cell; a leading
# tab or carriage return is trimmed and must be anchored by the apostrophe.
_VISIBLE_TRIGGERS = frozenset("=+-@")

# OOXML escapes characters XML cannot carry (and "\r", which XML parsers
# turn into "\n") as _xHHHH_, and a literal "_xHHHH_" as "_x005F_xHHHH_".
# Excel and xlsxwriter write them; openpyxl does not read them, so the
# reader here does.
_XSTRING_UNESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")

_CSV_DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 256 * 1024
_SNIFF_RECORDS = 20
_SEP_LINE_RE = re.compile(r"sep=([,;\t|])\r?\n")

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


class SpreadsheetError(Exception):
    """A file that cannot be read as a list; the message is shown to the user."""


# Neutralisation ############################################################


def _needs_quote(text: str) -> bool:
    return text.lstrip("'")[:1] in _FORMULA_TRIGGERS


def neutralise(value):
    """
    Return value made safe for a spreadsheet cell: text starting with "=",
    "+", "-", "@", a tab or a carriage return (or with apostrophes before one
    of those) gets one more apostrophe in front. Anything that is not a str,
    numbers included, is returned unchanged.
    """
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def unneutralise(value):
    """
    Undo neutralise(): remove the one apostrophe it added, and only that.
    Text neutralise() would have left alone comes back unchanged.
    """
    if isinstance(value, str) and value[:1] == "'" and _needs_quote(value[1:]):
        return value[1:]
    return value


# Reading ###################################################################


@dataclass
class Table:
    """A file's header and its data rows, read from the file as `rows` is iterated.

    Each data row is a list as wide as the header; blank rows between data rows come as
    rows of "" (so data row i is row header + 1 + i of the file). Reading a row can raise
    SpreadsheetError (a cell under no header, a broken file), as can reaching the end of a
    file with no data row.
    """

    headers: list[str]
    title: str | None
    rows: Iterator[list]


def read_table(data, file_name: str, *, max_bytes: int | None = None) -> Table:
    """
    Open an uploaded xlsx or CSV file as a Table, or raise SpreadsheetError
    with a message for the user. The header is read at once; the rows as
    they are asked for, so a large file is never all in memory as cells.

    data is bytes or a binary file-like object, read from where it stands
    (at most max_bytes + 1 bytes; an object with a size attribute, such as
    Django's UploadedFile, is refused without reading when too large).
    file_name is used in messages only; the content decides the format.
    """
    if max_bytes is None:
        max_bytes = getattr(settings, "SPREADSHEET_MAX_BYTES", DEFAULT_MAX_BYTES)
    content = _read_limited(data, file_name, max_bytes)

    if not content or content.isspace():
        raise SpreadsheetError(f'Tệp "{file_name}" trống.')
    if content.startswith(_ZIP_MAGIC):
        return _read_xlsx(content, file_name)
    if content.startswith(_OLE_MAGIC):
        # Password-protected xlsx files are OLE containers too.
        raise SpreadsheetError(
            f'Tệp "{file_name}" là bảng tính Excel 97-2003 (.xls) hoặc tệp Excel có đặt mật khẩu; '
            "hệ thống chỉ đọc được tệp .xlsx và CSV. Hãy mở tệp bằng Excel, bỏ mật khẩu nếu có, "
            'rồi chọn "Lưu thành" (Save As) kiểu "Sổ làm việc Excel (.xlsx)".'
        )
    return _read_csv(content, file_name)


def read_dataset(data, file_name: str, *, max_bytes: int | None = None) -> tablib.Dataset:
    """The whole of read_table() as a tablib.Dataset (for files small enough to hold)."""
    table = read_table(data, file_name, max_bytes=max_bytes)
    dataset = tablib.Dataset(headers=table.headers, title=table.title)
    for row in table.rows:
        dataset.append(row)
    return dataset


def _read_limited(data, file_name: str, max_bytes: int) -> bytes:
    """Return the file's bytes, refusing it as soon as it passes max_bytes."""
    too_large = SpreadsheetError(
        f'Tệp "{file_name}" vượt quá giới hạn {_format_size(max_bytes)}. '
        "Hãy chia danh sách thành nhiều tệp nhỏ hơn rồi nhập từng tệp."
    )
    if isinstance(data, (bytes, bytearray, memoryview)):
        if len(data) > max_bytes:
            raise too_large
        return bytes(data)

    # Django's UploadedFile knows its size before anything is read.
    size = getattr(data, "size", None)
    if isinstance(size, int) and size > max_bytes:
        raise too_large
    chunks = []
    remaining = max_bytes + 1
    while remaining > 0:
        chunk = data.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    if remaining <= 0:
        raise too_large
    return b"".join(chunks)


def _format_size(size: int) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{format_number(round(decimal.Decimal(size) / factor, 1))} {unit}"
    return f"{size} byte"


def _corrupt_xlsx(file_name: str) -> SpreadsheetError:
    return SpreadsheetError(
        f'Tệp "{file_name}" bị hỏng: không mở được như một bảng tính Excel (.xlsx). '
        "Hãy mở tệp bằng Excel, lưu lại rồi tải lên lần nữa."
    )


def _check_zip(content: bytes, file_name: str) -> None:
    """Refuse a zip that is broken, is not a workbook, or unpacks too far."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            # Sizes are as declared; Python's zipfile never inflates an entry
            # beyond its declared size (it stops and fails the CRC check).
            unpacked = sum(entry.file_size for entry in entries)
            if unpacked > min(MAX_UNCOMPRESSED_BYTES, MAX_EXPANSION_RATIO * len(content)):
                raise SpreadsheetError(
                    f'Tệp "{file_name}" bị từ chối: tệp nặng {_format_size(len(content))} nhưng '
                    f"giải nén ra tới {_format_size(unpacked)}, lớn bất thường. Tệp có thể bị hỏng "
                    "hoặc được tạo ra để làm quá tải hệ thống. Nếu là bảng tính thật, hãy xoá các "
                    "dòng, cột trống đã định dạng rồi lưu lại."
                )
            if "xl/workbook.xml" in names:
                return
            is_ods = "mimetype" in names and (
                archive.getinfo("mimetype").file_size <= 100
                and archive.read("mimetype").startswith(_ODS_MIMETYPE)
            )
    except SpreadsheetError:
        raise
    # A broken archive raises BadZipFile, OSError, EOFError, zlib.error,
    # NotImplementedError (unknown compression), RuntimeError (encrypted)...
    except Exception as exc:
        raise _corrupt_xlsx(file_name) from exc
    if is_ods:
        raise SpreadsheetError(
            f'Tệp "{file_name}" là bảng tính OpenDocument (.ods). Hãy mở tệp bằng LibreOffice '
            "hoặc Excel rồi lưu lại dưới dạng Excel (.xlsx)."
        )
    raise SpreadsheetError(f'Tệp "{file_name}" là tệp nén (zip) nhưng không phải bảng tính Excel (.xlsx).')


def _read_xlsx(content: bytes, file_name: str) -> Table:
    _check_zip(content, file_name)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
    # openpyxl raises whatever its parsers meet in a malformed part (KeyError,
    # ValueError, TypeError, XML ParseError...); all mean the same to the user.
    except Exception as exc:
        raise _corrupt_xlsx(file_name) from exc
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(f'Tệp "{file_name}" không có trang tính nào.')
        sheet = workbook.worksheets[0]
        # The stated dimensions may be wrong (or hostile); without them rows
        # are not padded to them.
        sheet.reset_dimensions()
        return _table(_xlsx_rows(sheet, file_name), file_name, title=sheet.title, close=workbook.close)
    except BaseException:
        workbook.close()
        raise


def _xlsx_rows(sheet, file_name: str) -> Iterator[list]:
    try:
        for number, row in enumerate(_SheetCells(sheet).rows(), start=1):
            # A missing row comes as an empty one, so a row numbered 10**9 would
            # keep the reader busy for minutes.
            if number > EXCEL_MAX_ROWS:
                raise _corrupt_xlsx(file_name)
            yield [_xlsx_cell(value) for value in row]
    except SpreadsheetError:
        raise
    except Exception as exc:
        raise _corrupt_xlsx(file_name) from exc


class _SheetCells:
    """
    The values of a read-only worksheet's cells, row by row, as openpyxl's
    iter_rows(values_only=True) gives them with data_only=False, read with
    expat directly: several times faster, as it builds no object per cell.

    openpyxl has already read what the cells refer to (shared strings, the
    styles that are dates, the workbook's epoch); the names used for them
    are openpyxl's own (tests/records/test_spreadsheets.py reads workbooks
    of every cell type through this class).
    """

    READ_BYTES = 64 * 1024

    def __init__(self, sheet):
        workbook = sheet.parent
        self.sheet = sheet
        self.shared_strings = sheet._shared_strings
        self.date_formats = workbook._date_formats
        self.timedelta_formats = workbook._timedelta_formats
        self.epoch = workbook.epoch
        self.columns = {}
        self.shared_formulae = {}

    def rows(self) -> Iterator[list]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        self.ready = []
        self.row_number = 0
        self.row = None
        self.collecting = None
        self.in_inline = self.in_phonetic = False
        with self.sheet._get_source() as source:
            while chunk := source.read(self.READ_BYTES):
                parser.Parse(chunk, False)
                yield from self.parsed()
            parser.Parse(b"", True)
        yield from self.parsed()

    def parsed(self):
        """The rows parsed so far; a count stands for that many missing (empty) rows."""
        for row in self.ready:
            if isinstance(row, int):
                for _ in range(row):
                    yield []
            else:
                yield row
        self.ready.clear()

    def start(self, name, attrs):
        tag = name.rpartition(" ")[2]
        if tag == "c":
            self.cell_type = attrs.get("t", "n")
            self.style = int(attrs.get("s") or 0)
            reference = attrs.get("r")
            self.column = self.column_of(reference) if reference else self.column + 1
            self.reference = reference
            self.value = self.formula = None
            self.inline = []
        elif tag == "v":
            self.collecting = []
        elif tag == "f":
            self.collecting = []
            self.formula_attrs = attrs
        elif tag == "is":
            self.in_inline = True
        elif tag == "rPh":
            self.in_phonetic = True
        elif tag == "t" and self.in_inline and not self.in_phonetic:
            self.collecting = []
        elif tag == "row":
            number = attrs.get("r")
            number = int(float(number)) if number else self.row_number + 1
            if number > EXCEL_MAX_ROWS:
                raise ValueError(f"row {number} is past the last row of a worksheet")
            if number > self.row_number + 1:
                self.ready.append(number - self.row_number - 1)  # missing rows, as a count
            self.row_number = max(number, self.row_number)
            self.row = {}
            self.column = 0

    def text(self, data):
        if self.collecting is not None:
            self.collecting.append(data)

    def end(self, name):
        tag = name.rpartition(" ")[2]
        if tag == "v":
            self.value = "".join(self.collecting)
            self.collecting = None
        elif tag == "f":
            self.formula = "".join(self.collecting)
            self.collecting = None
        elif tag == "t" and self.collecting is not None:
            self.inline.append("".join(self.collecting))
            self.collecting = None
        elif tag == "rPh":
            self.in_phonetic = False
        elif tag == "is":
            self.in_inline = False
        elif tag == "c":
            self.row[self.column] = self.cell_value()
        elif tag == "row":
            cells = self.row
            row = [None] * (max(cells) if cells else 0)
            for column, value in cells.items():
                row[column - 1] = value
            self.ready.append(row)
            self.row = None

    def column_of(self, reference):
        letters = reference.rstrip("0123456789")
        column = self.columns.get(letters)
        if column is None:
            column = self.columns[letters] = column_index_from_string(letters)
        return column

    def cell_value(self):
        if self.formula is not None:
            return self.formula_value()
        value, cell_type = self.value, self.cell_type
        if cell_type == "inlineStr":
            return "".join(self.inline) if self.inline else None
        if not value:
            return None
        if cell_type == "n":
            number = float(value) if "." in value or "E" in value or "e" in value else int(value)
            if self.style in self.date_formats:
                try:
                    return from_excel(number, self.epoch, timedelta=self.style in self.timedelta_formats)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if cell_type == "s":
            return self.shared_strings[int(value)]
        if cell_type == "b":
            return bool(int(value))
        if cell_type == "d":
            return from_ISO8601(value)
        return value  # "str" (a formula's text result), "e" (an error such as #N/A)

    def formula_value(self):
        """A formula as its text ("=A1+1"), never evaluated; a shared one as it reads in its own cell."""
        text = "=" + self.formula
        kind = self.formula_attrs.get("t")
        if kind == "shared":
            index = self.formula_attrs.get("si")
            if index in self.shared_formulae:
                return self.shared_formulae[index].translate_formula(self.reference)
            if text != "=":
                self.shared_formulae[index] = Translator(text, self.reference)
        return text


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        if "_x" in value:
            value = _XSTRING_UNESCAPE_RE.sub(_unescape_xstring, value)
        return _clean_text(unicodedata.normalize("NFC", value))
    return value


def _unescape_xstring(match: re.Match) -> str:
    code = int(match[1], 16)
    # A lone surrogate is not text (the database would refuse it): kept as written.
    return match[0] if 0xD800 <= code <= 0xDFFF else chr(code)


def _clean_text(text: str) -> str:
    """Trim an NFC cell and take off the apostrophe neutralise() added."""
    return unneutralise(text.strip())


def _read_csv(content: bytes, file_name: str) -> tablib.Dataset:
    text = _decode(content, file_name)
    if text.lstrip()[:20].lower().startswith(_MARKUP_STARTS):
        raise SpreadsheetError(
            f'Tệp "{file_name}" là trang web (HTML) hoặc tệp XML, không phải bảng tính, dù có thể '
            "mang đuôi .xls. Hãy mở tệp bằng Excel rồi lưu lại dưới dạng Excel (.xlsx)."
        )
    # Excel writes and honours a first line "sep=;" naming the delimiter.
    if match := _SEP_LINE_RE.match(text):
        delimiter = match[1]
        text = text[match.end() :]
    else:
        delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(_csv_rows(reader, file_name), file_name, title=None)


def _decode(content: bytes, file_name: str) -> str:
    """Decode by byte order mark, else strict UTF-8, else Windows-1258."""
    undecodable = SpreadsheetError(
        f'Không đọc được tệp "{file_name}": không phải UTF-8, UTF-16 hay Windows-1258. '
        "Hãy mở tệp bằng Excel rồi lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
    )
    try:
        if content.startswith(codecs.BOM_UTF8):
            text = content[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = content.decode("utf-16")
        elif b"\x00" in content:
            # Text in an 8-bit encoding never contains NUL; images, PDFs and
            # other binary files almost always do.
            raise SpreadsheetError(
                f'Không đọc được tệp "{file_name}": tệp không phải bảng tính. Hệ thống đọc được '
                "tệp Excel (.xlsx) và tệp CSV (UTF-8, UTF-16 hay Windows-1258)."
            )
        else:
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError:
                text = content.decode("cp1258")
    except UnicodeDecodeError:
        raise undecodable from None
    if "\x00" in text:  # UTF-32 also starts with the UTF-16 LE mark.
        raise undecodable
    # Windows-1258 writes most tones as combining marks, and so do some
    # Unicode keyboards; NFC before parsing, as NFC never joins a mark to a
    # delimiter, quote or line break.
    return unicodedata.normalize("NFC", text)


def _sniff_delimiter(text: str) -> str:
    """
    Pick the delimiter that splits the header (the first non-empty record)
    into the most fields, then the one that splits the most of the next
    records into as many; comma when nothing splits. A semicolon file with
    decimals ("21,1;0,2") thus stays semicolon, and a one-column file with a
    semicolon in its data stays one column.
    """
    best, best_score = ",", (0, 0)
    for delimiter in _CSV_DELIMITERS:
        reader = csv.reader(io.StringIO(text[:_SNIFF_CHARS], newline=""), delimiter=delimiter)
        try:
            counts = [len(record) for record in itertools.islice(_non_blank(reader), _SNIFF_RECORDS)]
        except csv.Error:
            continue
        if counts and counts[0] > 1:
            score = (counts[0], counts.count(counts[0]))
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _non_blank(records: Iterable[list[str]]) -> Iterator[list[str]]:
    return (record for record in records if any(field.strip() for field in record))


def _csv_rows(reader, file_name: str) -> Iterator[list]:
    try:
        for record in reader:
            yield [_clean_text(field) for field in record]
    except csv.Error as exc:
        raise SpreadsheetError(
            f'Không đọc được tệp CSV "{file_name}" ở dòng {reader.line_num}: có ô dài quá mức '
            "hoặc dấu ngoặc kép không khớp."
        ) from exc


def _table(rows: Iterable[list], file_name: str, *, title: str | None, close=None) -> Table:
    """
    The Table of cleaned rows: the first non-empty row is the header, blank
    rows inside the data are kept, trailing blank rows and columns are
    dropped. `close` is called once the rows are read (or given up).
    """
    rows = enumerate(rows, start=1)
    for number, cells in rows:
        _trim(cells)
        if cells:
            headers = _headers(cells, number, file_name)
            return Table(headers, title, _data_rows(rows, headers, number, file_name, close))
    if close is not None:
        close()
    raise SpreadsheetError(f'Tệp "{file_name}" không có dữ liệu: không tìm thấy dòng tiêu đề.')


def _trim(cells: list) -> None:
    while cells and cells[-1] == "":
        cells.pop()


def _data_rows(rows, headers: list[str], header_number: int, file_name: str, close) -> Iterator[list]:
    width = len(headers)
    unnamed = [index for index, header in enumerate(headers) if header == ""]
    blank_rows = 0
    found = False
    try:
        for number, cells in rows:
            _trim(cells)
            if not cells:
                blank_rows += 1
                continue
            for index in itertools.chain(unnamed, range(width, len(cells))):
                if index < len(cells) and cells[index] != "":
                    column = get_column_letter(index + 1)
                    raise SpreadsheetError(
                        f'Tệp "{file_name}": ô {column}{number} có dữ liệu nhưng cột {column} không có '
                        f"tiêu đề (dòng tiêu đề là dòng {header_number}). Hãy thêm tiêu đề cho cột "
                        "hoặc xoá dữ liệu ở cột đó."
                    )
            for _ in range(blank_rows):
                yield [""] * width
            blank_rows = 0
            found = True
            yield cells[:width] + [""] * (width - len(cells))
    finally:
        if close is not None:
            close()
    if not found:
        raise SpreadsheetError(f'Tệp "{file_name}" chỉ có dòng tiêu đề, không có dòng dữ liệu nào.')


def _headers(cells: list, number: int, file_name: str) -> list[str]:
    headers = []
    seen = {}
    for index, cell in enumerate(cells):
        if isinstance(cell, datetime.date):
            header = format_date(cell)
        else:
            header = " ".join(str(cell).split())
        if header and header in seen:
            raise SpreadsheetError(
                f'Tệp "{file_name}": cột {get_column_letter(seen[header] + 1)} và cột '
                f'{get_column_letter(index + 1)} cùng có tiêu đề "{header}" (dòng {number}). '
                "Mỗi cột phải có một tiêu đề riêng."
            )
        seen[header] = index
        headers.append(header)
    return headers


# Writing ###################################################################


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
    text is protected from running as a formula (see the module docstring).
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
            if text[:1] in _VISIBLE_TRIGGERS:
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
    None is empty; text is neutralised (see the module docstring).
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
