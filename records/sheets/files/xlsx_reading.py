"""xlsx workbooks: the zip checked, then the first worksheet's XML streamed through expat."""

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

from . import openpyxl_adapter
from .table import EXCEL_MAX_ROWS, SpreadsheetError, Table, clean_cell, format_size, table

# A real workbook's XML compresses 5 to 30 times; far more is a zip bomb
# (or a sheet formatted down to its last row, which is worth cleaning too).
MAX_EXPANSION_RATIO = 100
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

# OOXML escapes characters XML cannot carry (and "\r", which XML parsers
# turn into "\n") as _xHHHH_, and a literal "_xHHHH_" as "_x005F_xHHHH_".
# Excel and xlsxwriter write them; openpyxl does not read them, so the
# reader here does.
_XSTRING_UNESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


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
                    f'Tệp "{file_name}" bị từ chối: tệp nặng {format_size(len(content))} nhưng '
                    f"giải nén ra tới {format_size(unpacked)}, lớn bất thường. Tệp có thể bị hỏng "
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


def read_xlsx(content: bytes, file_name: str) -> Table:
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
        return table(_xlsx_rows(sheet, file_name), file_name, title=sheet.title, close=workbook.close)
    except BaseException:
        workbook.close()
        raise


def _xlsx_rows(sheet, file_name: str) -> Iterator[list]:
    try:
        for number, row in enumerate(SheetCells(sheet).rows(), start=1):
            # A missing row comes as an empty one, so a row numbered 10**9 would
            # keep the reader busy for minutes.
            if number > EXCEL_MAX_ROWS:
                raise _corrupt_xlsx(file_name)
            yield [_xlsx_cell(value) for value in row]
    except SpreadsheetError:
        raise
    except Exception as exc:
        raise _corrupt_xlsx(file_name) from exc


class SheetCells:
    """
    The values of a read-only worksheet's cells, row by row, as openpyxl's
    iter_rows(values_only=True) gives them with data_only=False, read with
    expat directly: several times faster, as it builds no object per cell.

    openpyxl has already read what the cells refer to (shared strings, the
    styles that are dates, the workbook's epoch), taken through
    openpyxl_adapter (tests/records/sheets/test_files_reading.py reads
    workbooks of every cell type through this class).
    """

    READ_BYTES = 64 * 1024

    def __init__(self, sheet):
        self.sheet = sheet
        cells = openpyxl_adapter.workbook_cells(sheet)
        self.shared_strings = cells.shared_strings
        self.date_formats = cells.date_formats
        self.timedelta_formats = cells.timedelta_formats
        self.epoch = cells.epoch
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
        with openpyxl_adapter.worksheet_xml(self.sheet) as source:
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
        return clean_cell(unicodedata.normalize("NFC", value))
    return value


def _unescape_xstring(match: re.Match) -> str:
    code = int(match[1], 16)
    # A lone surrogate is not text (the database would refuse it): kept as written.
    return match[0] if 0xD800 <= code <= 0xDFFF else chr(code)
