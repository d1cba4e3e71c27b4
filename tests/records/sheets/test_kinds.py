"""Tests for records.sheets.kinds: the registry of sheet kinds.

Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

import pytest

from records.sheets.kinds import get_sheet


def test_an_unknown_sheet_kind_names_the_kinds_there_are():
    with pytest.raises(
        LookupError, match="Không có loại bảng tính “roster”. Các loại có: attendance, congresses"
    ):
        get_sheet("roster")
