"""Tests for records.sheets.kinds: the registry of sheet kinds.

Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

import re

import pytest

from records.sheets.kinds import FILE_STEM, SHEETS, get_sheet, register_sheet


def test_an_unknown_sheet_kind_names_the_kinds_there_are():
    with pytest.raises(
        LookupError, match="Không có loại bảng tính “roster”. Các loại có: attendance, congresses"
    ):
        get_sheet("roster")


def test_every_kind_names_its_files_once_in_vietnamese_without_diacritics():
    stems = {kind: resource.file_stem for kind, resource in SHEETS.items()}

    assert len(set(stems.values())) == len(stems), stems
    assert all(FILE_STEM.fullmatch(stem) for stem in stems.values()), stems
    assert stems["people"] == "nguoi" and stems["memberships"] == "chuc-vu"
    assert get_sheet("memberships").template_file_name() == "mau-chuc-vu.xlsx"
    assert re.fullmatch(r"nguoi-\d{4}-\d{2}-\d{2}\.csv", get_sheet("people").export_file_name("csv"))


@pytest.mark.parametrize("stem", ["người", "Chuc-vu", "chuc vu", "chuc--vu", ""])
def test_a_file_stem_with_diacritics_capitals_or_spaces_is_refused(stem):
    with pytest.raises(ValueError, match="file_stem"):
        register_sheet("roster", file_stem=stem)
