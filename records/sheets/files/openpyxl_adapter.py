"""What the xlsx reader takes from openpyxl's internals, in one place.

The fast reader (xlsx_reading.SheetCells) parses a worksheet's XML itself but relies on what
openpyxl has already read of the workbook: the shared strings, which styles are dates or
durations, and the open stream of the worksheet's XML. openpyxl keeps these under private
names, so they are read here only, against the version pinned in pyproject.toml
(openpyxl >= 3.1.5, < 3.2). tests/records/sheets/test_adapters.py checks them against the
installed version; a new openpyxl release that renames them fails there, not on an upload.
"""

from dataclasses import dataclass


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
