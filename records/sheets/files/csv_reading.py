"""CSV as offices send it: any of their encodings and delimiters, decoded to NFC text."""

import codecs
import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from openpyxl.utils import get_column_letter

from .table import HEADER_ROWS, SpreadsheetError, Table, clean_cell, table

# Many programs export an HTML table (or Excel 2003 XML) named ".xls".
_MARKUP_STARTS = ("<!doctype", "<html", "<table", "<?xml", "<meta")

_CSV_DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 256 * 1024
_SNIFF_RECORDS = 20
_SEP_LINE_RE = re.compile(r"sep=([,;\t|])\r?\n")


def read_csv(content: bytes, file_name: str, *, header_score=None) -> Table:
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
        delimiter = _sniff_delimiter(text, header_score)
    return table(
        _StrictRecords(text, delimiter, file_name).rows(), file_name, title=None, header_score=header_score
    )


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


def _sniff_delimiter(text: str, header_score=None) -> str:
    """
    Pick the delimiter that splits the header (the first non-empty record)
    into the most fields, then the one that splits the most of the next
    records into as many; comma when nothing splits. A semicolon file with
    decimals ("21,1;0,2") thus stays semicolon, and a one-column file with a
    semicolon in its data stays one column.

    Given header_score (table.table()), the delimiter under which a record of
    the first HEADER_ROWS names the most columns is taken first: a title line
    above the header ("DANH SÁCH …") holds no delimiter to count.
    """
    if header_score is not None and (found := _delimiter_of_header(text, header_score)):
        return found
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


def _delimiter_of_header(text: str, header_score) -> str | None:
    best, best_score = None, 0
    for delimiter in _CSV_DELIMITERS:
        reader = csv.reader(io.StringIO(text[:_SNIFF_CHARS], newline=""), delimiter=delimiter)
        try:
            records = list(itertools.islice(reader, HEADER_ROWS))
        except csv.Error:
            continue
        score = max((header_score([clean_cell(field) for field in record]) for record in records), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _non_blank(records: Iterable[list[str]]) -> Iterator[list[str]]:
    return (record for record in records if any(field.strip() for field in record))


class _StrictRecords:
    """
    The records of a CSV text, refused where the file does not say what its cells are.

    Three mistakes of hand-edited files would otherwise read as wrong data, not as an error:
    a quote that opens a cell and never closes (the csv module, not strict, reads the rest of
    the file into that cell), a closing quote followed by more text, and rows written with
    another delimiter than the header (read as one cell). The csv module reads strictly;
    on an error the record's own text is scanned again to name the cell. A quoted cell
    holding delimiters, doubled quotes or line breaks is CSV as Excel writes it, and is read.
    Rows with fewer cells than the header are kept: office programs leave trailing empty
    cells out. Cells right of the header are refused by table() if they hold data.
    """

    def __init__(self, text: str, delimiter: str, file_name: str):
        self.text = text
        self.delimiter = delimiter
        self.file_name = file_name
        self.lines = None  # the text's lines, split only when a record must be read again

    def rows(self) -> Iterator[list]:
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter, strict=True)
        header = None  # (row number, cells as read, cells up to the last that is not empty)
        number = 0
        while True:
            first_line = reader.line_num
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise self.error(number + 1, first_line, reader.line_num) from exc
            number += 1
            cells = [clean_cell(field) for field in record]
            width = _width(cells)
            # The header is the first record that is not blank, or, below a title of one cell,
            # the first wider one among the rows a header may be found in (table.table()).
            if header is None or (header[2] == 1 and width > 1 and number <= HEADER_ROWS):
                if width:
                    header = (number, len(cells), width)
            # Cheap for a file whose rows are as long as its header, as programs write them.
            elif len(cells) < header[1] and 0 < width < header[2]:
                self.check_delimiter(number, header, self.record_text(first_line, reader.line_num))
            yield cells

    def record_text(self, first_line: int, last_line: int) -> str:
        """The text of the record on lines first_line + 1 to last_line, as the csv module counts lines."""
        if self.lines is None:
            self.lines = io.StringIO(self.text, newline="").readlines()
        return "".join(self.lines[first_line:last_line])

    def error(self, number: int, first_line: int, line: int) -> SpreadsheetError:
        broken = _broken_quote(self.record_text(first_line, line), self.delimiter)
        if broken is None or len(broken.value) > csv.field_size_limit():
            return SpreadsheetError(
                f'Không đọc được tệp CSV "{self.file_name}" ở dòng {line}: có ô dài quá mức '
                "hoặc dấu ngoặc kép không khớp."
            )
        cell = f"{get_column_letter(broken.column + 1)}{number}"
        if broken.after is None:
            reason = "dấu ngoặc kép mở ô không được đóng lại, nên mọi dòng sau đó bị dồn vào ô này"
        else:
            reason = (
                f'sau dấu ngoặc kép đóng ô là "{broken.after}", không phải dấu ngăn cách '
                f"{_delimiter_name(self.delimiter)} hay hết dòng; trong một ô, dấu ngoặc kép phải "
                'viết đôi ("")'
            )
        return SpreadsheetError(
            f'Tệp CSV "{self.file_name}": ô {cell} có dấu ngoặc kép không khớp (ô bắt đầu bằng '
            f'"{_excerpt(broken.value)}"): {reason}. Hãy sửa ô {cell} rồi tải tệp lên lại.'
        )

    def check_delimiter(self, number: int, header: tuple[int, int, int], text: str) -> None:
        """Refuse a row short of the header's cells that another delimiter splits into exactly as many."""
        for other in _CSV_DELIMITERS:
            if other == self.delimiter or other not in text:
                continue
            if other == "," and _DECIMAL_COMMA_RE.fullmatch(text.strip()):
                continue  # one number with a decimal comma, in a semicolon file
            try:
                record = next(csv.reader(io.StringIO(text, newline=""), delimiter=other), [])
            except csv.Error:
                continue
            if _width([clean_cell(field) for field in record]) == header[2]:
                raise SpreadsheetError(
                    f'Tệp CSV "{self.file_name}": dòng {number} dùng dấu {_delimiter_name(other)} để '
                    f"ngăn cách các ô, còn dòng tiêu đề (dòng {header[0]}) dùng dấu "
                    f'{_delimiter_name(self.delimiter)} ("{_excerpt(text)}"). Hãy dùng một kiểu dấu '
                    "ngăn cách cho cả tệp, ví dụ mở tệp bằng Excel rồi lưu lại."
                )


_DECIMAL_COMMA_RE = re.compile(r"[-+]?[\d.]*\d,\d+")


def _width(cells: list[str]) -> int:
    """The number of cells up to the last that is not empty."""
    width = len(cells)
    while width and cells[width - 1] == "":
        width -= 1
    return width


def _delimiter_name(delimiter: str) -> str:
    return "Tab" if delimiter == "\t" else f'"{delimiter}"'


def _excerpt(text: str, length: int = 40) -> str:
    """The start of a text for a message, its line breaks and runs of spaces as one space."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length].rstrip() + "…"


class _BrokenQuote(NamedTuple):
    column: int  # 0-based
    value: str  # the cell's text from its opening quote on
    after: str | None  # what follows its closing quote; None when it never closes


def _broken_quote(text: str, delimiter: str) -> _BrokenQuote | None:
    """The first badly quoted cell of a record's text, as the csv module reads quotes (doubled inside)."""
    column = position = 0
    end = len(text)
    while position < end:
        if text[position] == '"':
            start = position = position + 1
            while True:
                closing = text.find('"', position)
                if closing < 0:
                    return _BrokenQuote(column, text[start:], None)
                if text.startswith('"', closing + 1):
                    position = closing + 2
                    continue
                position = closing + 1
                break
            if position < end and text[position] not in (delimiter, "\r", "\n"):
                return _BrokenQuote(column, text[start:closing], text[position])
        else:
            while position < end and text[position] not in (delimiter, "\r", "\n"):
                position += 1
        if position >= end or text[position] != delimiter:
            return None
        column += 1
        position += 1
    return None
