"""
What reading one workbook may cost, counted while it is read: a hostile file is refused
before it costs more than a real list of the largest size allowed would.

An xlsx is a zip of XML, and XML compresses well: a 3 MB upload held 11 million tiny
shared strings (190 MB of XML, under the expansion ratio that the zip's header declares),
and openpyxl spent 180 s and 1.15 GB reading them. Three budgets, all derived from the
size limit (settings.SPREADSHEET_MAX_BYTES, M below), so that raising the limit for larger
files raises them together:

* unpacked bytes: at most MAX_EXPANSION_RATIO times the file and UNPACKED_PER_BYTE * M,
  counted as the members are inflated (never trusting the sizes the zip declares);
* shared strings (the workbook's texts, all held in memory): SHARED_STRINGS_PER_BYTE * M;
* cells of the worksheet (streamed, but each costs time to read): CELLS_PER_BYTE * M.

Measured on xlsxwriter files of 100,000 rows of 6 to 8 columns (tooling's benchmark
writes such files): names, years, organisations and dates pack 0.15 cells and 0.03 shared
strings per byte of xlsx and unpack 7 times; eight columns of distinct short codes pack
0.16 shared strings per byte; a sheet of nothing but zeros packs 0.5 cells per byte and
unpacks 15 times. A file at the limit made of any of these passes every budget. At the
default limit of 10 MB: 200 MB unpacked, 2,097,152 shared strings (about 130 MB of short
texts in memory), 7,864,320 cells.
"""

import io
import zipfile
from dataclasses import dataclass, field

from records.vietnamese import format_number

from .table import SpreadsheetError, format_size

# A real workbook's XML compresses 5 to 30 times; far more is a zip bomb
# (or a sheet formatted down to its last row, which is worth cleaning too).
MAX_EXPANSION_RATIO = 100
UNPACKED_PER_BYTE = 20
SHARED_STRINGS_PER_BYTE = 0.2
CELLS_PER_BYTE = 0.75

_OVERLOAD = "Tệp có thể bị hỏng hoặc được tạo ra để làm quá tải hệ thống."


@dataclass
class XlsxBudget:
    """The budgets of one workbook, and what has been spent of the one counted here (bytes)."""

    file_name: str
    size: int  # of the file, in bytes
    max_bytes: int
    unpacked_bytes: int
    shared_strings: int
    cells: int
    unpacked: int = field(default=0)

    @classmethod
    def of(cls, file_name: str, size: int, max_bytes: int) -> "XlsxBudget":
        return cls(
            file_name=file_name,
            size=size,
            max_bytes=max_bytes,
            unpacked_bytes=min(MAX_EXPANSION_RATIO * size, UNPACKED_PER_BYTE * max_bytes),
            shared_strings=int(SHARED_STRINGS_PER_BYTE * max_bytes),
            cells=int(CELLS_PER_BYTE * max_bytes),
        )

    def check_declared(self, unpacked: int) -> None:
        """Refuse a zip whose members declare more than the budget, before inflating any."""
        if unpacked > self.unpacked_bytes:
            raise self.too_unpacked(f"tới {format_size(unpacked)}")

    def spend_unpacked(self, count: int) -> None:
        self.unpacked += count
        if self.unpacked > self.unpacked_bytes:
            raise self.too_unpacked(f"hơn {format_size(self.unpacked_bytes)}")

    def too_unpacked(self, amount: str) -> SpreadsheetError:
        return SpreadsheetError(
            f'Tệp "{self.file_name}" bị từ chối: tệp nặng {format_size(self.size)} nhưng giải nén ra '
            f"{amount}, lớn bất thường. {_OVERLOAD} Nếu là bảng tính thật, hãy xoá các dòng, cột "
            "trống đã định dạng rồi lưu lại."
        )

    def too_many(self, what: str, limit: int) -> SpreadsheetError:
        return SpreadsheetError(
            f'Tệp "{self.file_name}" bị từ chối: tệp có hơn {format_number(limit)} {what}, quá mức '
            f"một bảng tính tới {format_size(self.max_bytes)} có thể có. {_OVERLOAD} Nếu là bảng tính "
            "thật, hãy chia danh sách thành nhiều tệp nhỏ hơn rồi nhập từng tệp."
        )

    def too_many_shared_strings(self) -> SpreadsheetError:
        return self.too_many("chuỗi chữ khác nhau", self.shared_strings)

    def too_many_cells(self) -> SpreadsheetError:
        return self.too_many("ô", self.cells)


class CountedZip(zipfile.ZipFile):
    """A zip archive whose members count the bytes they inflate against a budget as they are read."""

    def __init__(self, content: bytes, budget: XlsxBudget):
        super().__init__(io.BytesIO(content))
        self.budget = budget

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        # ZipFile.read() opens the member through here too.
        member = super().open(name, mode, pwd, force_zip64=force_zip64)
        return _CountedMember(member, self.budget) if mode == "r" else member


class _CountedMember(io.RawIOBase):
    """A member of a CountedZip, read in chunks so that no read inflates far past the budget."""

    CHUNK = 64 * 1024

    def __init__(self, member, budget: XlsxBudget):
        self.member = member
        self.budget = budget

    def readable(self):
        return True

    def read(self, size=-1):
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(self.CHUNK), b""))
        data = self.member.read(min(size, self.CHUNK))
        self.budget.spend_unpacked(len(data))
        return data

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self):
        self.member.close()
        super().close()
