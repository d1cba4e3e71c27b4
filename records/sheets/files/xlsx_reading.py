"""xlsx workbooks: the zip checked, then the first worksheet's XML streamed through expat."""

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

from . import openpyxl_adapter
from .table import EXCEL_MAX_ROWS, SpreadsheetError, Table, clean_cell, table
from .xlsx_budget import CountedZip, XlsxBudget

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


def _check_zip(content: bytes, file_name: str, budget: XlsxBudget) -> None:
    """Refuse a zip that is broken, is not a workbook, or declares that it unpacks too far."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            # Sizes as declared, a first and quick refusal; what is inflated is counted too.
            budget.check_declared(sum(entry.file_size for entry in entries))
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


def read_xlsx(content: bytes, file_name: str, *, max_bytes: int, header_score=None) -> Table:
    """The first worksheet of an xlsx as a Table, read within the budgets of max_bytes (xlsx_budget)."""
    budget = XlsxBudget.of(file_name, len(content), max_bytes)
    _check_zip(content, file_name, budget)
    archive = CountedZip(content, budget)
    try:
        workbook = openpyxl_adapter.load_workbook(content, archive, SharedStrings(budget).read)
    except SpreadsheetError:
        archive.close()
        raise
    # openpyxl raises whatever its parsers meet in a malformed part (KeyError,
    # ValueError, TypeError, XML ParseError...); all mean the same to the user.
    except Exception as exc:
        archive.close()
        raise _corrupt_xlsx(file_name) from exc
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(f'Tệp "{file_name}" không có trang tính nào.')
        sheet = workbook.worksheets[0]
        # The stated dimensions may be wrong (or hostile); without them rows
        # are not padded to them.
        sheet.reset_dimensions()
        rows = _xlsx_rows(sheet, file_name, budget)
        return table(rows, file_name, title=sheet.title, close=workbook.close, header_score=header_score)
    except BaseException:
        workbook.close()
        raise


def _xlsx_rows(sheet, file_name: str, budget: XlsxBudget) -> Iterator[list]:
    try:
        for number, row in enumerate(SheetCells(sheet, budget).rows(), start=1):
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
    openpyxl_adapter (tests/records/sheets/test_files_reading_hostile.py
    reads workbooks of every cell type through this class). Cells are
    counted against the budget as they start, so a sheet of more cells than
    the budget is refused before they are read.
    """

    READ_BYTES = 64 * 1024

    def __init__(self, sheet, budget: XlsxBudget):
        self.sheet = sheet
        self.budget = budget
        self.cells_left = budget.cells
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
            self.cells_left -= 1
            if self.cells_left < 0:
                raise self.budget.too_many_cells()
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


_SHARED_STRING = f"{SHEET_MAIN_NS} si"


class SharedStrings:
    """
    A workbook's shared strings as openpyxl's read_string_table() reads them (the text of a
    string, then of its rich-text runs, phonetic guides left out, "x005F_" taken out),
    but with expat and counted: past the budget, refused before the next one is read.
    Being ours, it is also three times faster than openpyxl's, which builds objects.

    Parsing costs about 5 µs a string, so a file of millions of tiny strings is first
    counted by its bytes, "<si" (text escapes "<"), at the speed of inflating it: refused in
    a fraction of a second, not ten. Parsing counts again, exactly (a prefixed "<x:si").
    """

    READ_BYTES = 64 * 1024

    def __init__(self, budget: XlsxBudget):
        self.budget = budget
        self.strings = []

    def read(self, archive, name: str) -> list[str]:
        unpacked = self.budget.unpacked
        with archive.open(name) as source:
            self.count_quickly(source)
        # The same bytes are inflated again to be parsed: they count once.
        self.budget.unpacked = unpacked
        with archive.open(name) as source:
            return self.parse(source)

    def count_quickly(self, source) -> None:
        count, tail = 0, b""
        while chunk := source.read(self.READ_BYTES):
            count += (tail + chunk[:2]).count(b"<si") + chunk.count(b"<si")
            if count > self.budget.shared_strings:
                raise self.budget.too_many_shared_strings()
            tail = chunk[-2:]

    def parse(self, source) -> list[str]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        self.path = None  # the elements open inside a <si>, by local name
        self.own_text = False  # in a <t> and before any child of it (ElementTree's .text)
        while chunk := source.read(self.READ_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
        return self.strings

    def start(self, name, attrs):
        if self.path is None:
            if name == _SHARED_STRING:
                if len(self.strings) >= self.budget.shared_strings:
                    raise self.budget.too_many_shared_strings()
                self.path = []
                self.plain = self.run = None
                self.runs = []
            return
        tag = name.rpartition(" ")[2]
        self.path.append(tag)
        self.own_text = tag == "t" and self.path in (["t"], ["r", "t"])
        if self.own_text:
            self.collected = []

    def text(self, data):
        if self.own_text:
            self.collected.append(data)

    def end(self, name):
        if self.path is None:
            return
        if not self.path:  # </si>
            text = "".join([self.plain or "", *self.runs])
            self.strings.append(text.replace("x005F_", ""))
            self.path = None
            return
        if self.path == ["t"]:
            self.plain = "".join(self.collected)
        elif self.path == ["r", "t"]:
            self.run = "".join(self.collected)
        elif self.path == ["r"]:
            if self.run:
                self.runs.append(self.run)
            self.run = None
        self.path.pop()
        self.own_text = False


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
