"""The committee roster (memberships) the tests of records.sheets import: the list offices exchange most."""

import unicodedata

from records.sheets.services import sheet_import
from tests.sheet_files import HEADERS as SHEET_HEADERS
from tests.sheet_files import xlsx

HEADERS = SHEET_HEADERS["memberships"]
COMMITTEE = "Ban Chấp hành Đảng bộ phường Tân Hòa"


def nfd(text):
    return unicodedata.normalize("NFD", text)


def roster(*rows, headers=HEADERS):
    return xlsx(headers, *rows)


def member(
    name, birth_year=None, role="Ủy viên", *, title="Ủy viên Ban Chấp hành", start="", end="", note=""
):
    return [name, birth_year, "", COMMITTEE, role, title, start, end, note]


def import_roster(content, file_name="danh-sach-bch.xlsx", **kwargs):
    return sheet_import(kind="memberships", data=content, file_name=file_name, **{"dry_run": False, **kwargs})


def messages(report):
    return [str(error) for error in report.errors]
