"""CSV as offices send it: any of their encodings and delimiters, decoded to NFC text."""

import codecs
import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator

from .table import SpreadsheetError, Table, clean_cell, table

# Many programs export an HTML table (or Excel 2003 XML) named ".xls".
_MARKUP_STARTS = ("<!doctype", "<html", "<table", "<?xml", "<meta")

_CSV_DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 256 * 1024
_SNIFF_RECORDS = 20
_SEP_LINE_RE = re.compile(r"sep=([,;\t|])\r?\n")


def read_csv(content: bytes, file_name: str) -> Table:
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
    return table(_csv_rows(reader, file_name), file_name, title=None)


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
            yield [clean_cell(field) for field in record]
    except csv.Error as exc:
        raise SpreadsheetError(
            f'Không đọc được tệp CSV "{file_name}" ở dòng {reader.line_num}: có ô dài quá mức '
            "hoặc dấu ngoặc kép không khớp."
        ) from exc
