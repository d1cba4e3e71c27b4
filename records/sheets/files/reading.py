"""Reading an uploaded file: its size limited first, its format recognised by content."""

import tablib
from django.conf import settings

from .csv_reading import read_csv
from .table import SpreadsheetError, Table, format_size
from .xlsx_reading import ZIP_MAGIC, read_xlsx

__all__ = ["DEFAULT_MAX_BYTES", "read_dataset", "read_table"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(data, file_name: str, *, max_bytes: int | None = None, header_score=None) -> Table:
    """
    Open an uploaded xlsx or CSV file as a Table, or raise SpreadsheetError
    with a message for the user. The header is read at once; the rows as
    they are asked for, so a large file is never all in memory as cells.

    data is bytes or a binary file-like object, read from where it stands
    (at most max_bytes + 1 bytes; an object with a size attribute, such as
    Django's UploadedFile, is refused without reading when too large).
    file_name is used in messages only; the content decides the format.
    header_score, how many of a row's cells name a column the caller knows, finds a header
    row below a title (table.table()).
    """
    if max_bytes is None:
        max_bytes = getattr(settings, "SPREADSHEET_MAX_BYTES", DEFAULT_MAX_BYTES)
    content = _read_limited(data, file_name, max_bytes)

    if not content or content.isspace():
        raise SpreadsheetError(f'Tệp "{file_name}" trống.')
    if content.startswith(ZIP_MAGIC):
        return read_xlsx(content, file_name, max_bytes=max_bytes, header_score=header_score)
    if content.startswith(_OLE_MAGIC):
        # Password-protected xlsx files are OLE containers too.
        raise SpreadsheetError(
            f'Tệp "{file_name}" là bảng tính Excel 97-2003 (.xls) hoặc tệp Excel có đặt mật khẩu; '
            "hệ thống chỉ đọc được tệp .xlsx và CSV. Hãy mở tệp bằng Excel, bỏ mật khẩu nếu có, "
            'rồi chọn "Lưu thành" (Save As) kiểu "Sổ làm việc Excel (.xlsx)".'
        )
    return read_csv(content, file_name, header_score=header_score)


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
        f'Tệp "{file_name}" vượt quá giới hạn {format_size(max_bytes)}. '
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
