"""A file's rows under its header, as every format is read: the rules of records.sheets.files."""

import datetime
import decimal
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from records.vietnamese import format_date, format_number

from .neutralising import unneutralise

EXCEL_MAX_ROWS = 1_048_576
# Offices put a list's title above its header ("ĐẢNG BỘ PHƯỜNG …", "DANH SÁCH …", a blank
# row): the header row is looked for within the first HEADER_ROWS rows, and, only to say
# where it is when it lies lower, down to LATE_HEADER_ROWS.
HEADER_ROWS = 10
LATE_HEADER_ROWS = 50


class SpreadsheetError(Exception):
    """A file that cannot be read as a list; the message is shown to the user."""


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
    # The file's own number of the header row, and the text of the rows above it that were
    # not blank (a list's title), each row's cells joined.
    header_row: int = 1
    titles: list[str] = field(default_factory=list)


def format_size(size: int) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{format_number(round(decimal.Decimal(size) / factor, 1))} {unit}"
    return f"{size} byte"


def clean_cell(text: str) -> str:
    """Trim an NFC cell and take off the apostrophe neutralise() added."""
    return unneutralise(text.strip())


def table(
    rows: Iterable[list],
    file_name: str,
    *,
    title: str | None,
    close=None,
    header_score: Callable[[list], int] | None = None,
) -> Table:
    """
    The Table of cleaned rows: the header row, then the data rows; blank rows inside the data
    are kept, trailing blank rows and columns are dropped. `close` is called once the rows are
    read (or given up).

    Without `header_score` the first non-empty row is the header. With it (how many of a
    row's cells name the columns of the kind being imported), the header is the row of the
    first HEADER_ROWS that names the most, the earliest of equals; the rows above it are a
    title and are skipped. When none of them names a column, a header further down is
    refused, saying where it is; without one, the header is the first row of more than one
    cell below one-cell title rows (else the first non-empty row), for the caller to say
    which columns it lacks.
    """
    rows = enumerate(rows, start=1)
    if header_score is not None:
        try:
            found, rows = _scored_header(rows, file_name, header_score)
        except BaseException:
            if close is not None:
                close()
            raise
        if found is not None:
            number, cells, titles = found
            headers = _headers(cells, number, file_name)
            return Table(headers, title, _data_rows(rows, headers, number, file_name, close), number, titles)
        # Nothing names a column: the rows read so far are read again, as a file without a title.
    for number, cells in rows:
        _trim(cells)
        if cells:
            headers = _headers(cells, number, file_name)
            return Table(headers, title, _data_rows(rows, headers, number, file_name, close), number)
    if close is not None:
        close()
    raise SpreadsheetError(f'Tệp "{file_name}" không có dữ liệu: không tìm thấy dòng tiêu đề.')


def _scored_header(rows, file_name, header_score):
    """The header among the first rows, as (number, cells, titles above) or None, and the rows
    to read on: after the header, or, with None, every row again from the first."""
    read = []
    for number, cells in rows:
        _trim(cells)
        read.append((number, cells))
        if number == HEADER_ROWS:
            break
    scores = [header_score(cells) if cells else 0 for _number, cells in read]
    best = max(range(len(read)), key=lambda index: (scores[index], -index), default=None)
    if best is not None and scores[best] > 0:
        number, cells = read[best]
        return (number, cells, _titles(read[:best])), itertools.chain(read[best + 1 :], rows)
    for number, cells in rows:
        _trim(cells)
        read.append((number, cells))
        if cells and header_score(cells) >= 2:
            raise SpreadsheetError(
                f'Tệp "{file_name}": dòng tên cột là dòng {number}, nhưng dòng tên cột phải nằm trong '
                f"{HEADER_ROWS} dòng đầu của tệp. Hãy xoá bớt các dòng tiêu đề hoặc dòng trống phía "
                "trên dòng tên cột rồi tải tệp lên lại."
            )
        if number == LATE_HEADER_ROWS:
            break
    # No row names a column (a file of another list): a title is still one cell, merged or not,
    # and the header the first row of more, so that the caller can say which columns it lacks.
    first = read[:HEADER_ROWS]
    wide = next((index for index, (_n, cells) in enumerate(first) if _filled(cells) > 1), None)
    if wide is None:
        return None, itertools.chain(read, rows)
    number, cells = read[wide]
    return (number, cells, _titles(read[:wide])), itertools.chain(read[wide + 1 :], rows)


def _filled(cells: list) -> int:
    return sum(1 for cell in cells if cell != "")


def _titles(rows) -> list[str]:
    """The text of each row above the header that is not blank, its cells joined."""
    return [" ".join(str(cell) for cell in cells if cell != "") for _number, cells in rows if cells]


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
