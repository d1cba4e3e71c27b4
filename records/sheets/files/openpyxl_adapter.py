"""What the xlsx reader takes from openpyxl's internals, in one place.

The fast reader (xlsx_reading.SheetCells) parses a worksheet's XML itself but relies on what
openpyxl has already read of the workbook: the shared strings, which styles are dates or
durations, and the open stream of the worksheet's XML. openpyxl keeps these under private
names, so they are read here only, against the version pinned in pyproject.toml
(openpyxl >= 3.1.5, < 3.2). tests/records/sheets/test_adapters.py checks them against the
installed version; a new openpyxl release that renames them fails there, not on an upload.

openpyxl also reads the workbook from an archive of ours, whose members count what they
inflate (xlsx_budget.CountedZip), and leaves the shared strings to a reader of ours that
counts them: its ExcelReader is the engine of load_workbook(); read_strings() and
read_worksheets() (which would parse every sheet for its dimensions) are the steps replaced
(tests/records/sheets/test_files_reading_strict.py compares the strings read with
openpyxl's own read_string_table()).
"""

import io
from dataclasses import dataclass

from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml.constants import SHARED_STRINGS


class _Worksheet(ReadOnlyWorksheet):
    def _get_size(self):
        # openpyxl reads the stated dimensions here, parsing the whole sheet (every sheet of
        # the workbook, keeping an element per row) when there are none. The reader ignores
        # them (reset_dimensions()) and streams the one sheet it reads.
        pass


class _Reader(ExcelReader):
    def __init__(self, content, archive, read_shared_strings):
        super().__init__(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
        # openpyxl opened its own archive of the same bytes; ours counts what is read.
        self.archive.close()
        self.archive = archive
        self.valid_files = archive.namelist()
        self.read_shared_strings = read_shared_strings

    def read_worksheets(self):
        """The worksheets as openpyxl's read-only branch adds them, unread (chart sheets left out)."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _Worksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)

    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            self.shared_strings = self.read_shared_strings(self.archive, part.PartName[1:])


def load_workbook(content: bytes, archive, read_shared_strings):
    """
    openpyxl's load_workbook(read_only=True, data_only=False, keep_links=False) of content,
    reading its parts from archive (a zipfile.ZipFile of content) and its shared strings
    with read_shared_strings(archive, name of the part) -> list.
    """
    reader = _Reader(content, archive, read_shared_strings)
    reader.read()
    return reader.wb


@dataclass(frozen=True)
class WorkbookCells:
    """What a read-only worksheet's cells refer to, as openpyxl has read it."""

    shared_strings: list
    date_formats: set
    timedelta_formats: set
    epoch: object


def workbook_cells(sheet) -> WorkbookCells:
    """The shared strings, date and duration styles and epoch of a read-only worksheet's workbook."""
    workbook = sheet.parent
    return WorkbookCells(
        shared_strings=sheet._shared_strings,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
        epoch=workbook.epoch,
    )


def worksheet_xml(sheet):
    """A context manager giving the binary stream of a read-only worksheet's XML."""
    return sheet._get_source()
