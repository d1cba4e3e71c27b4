"""Tests for records.sheets.guide: templates with drop-down lists and a "Hướng dẫn" sheet, for every kind."""

import io
import re

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from records.sheets.columns import ChoiceWidget, DateWidget, NumberWidget
from records.sheets.files.reading import read_table
from records.sheets.files.writing import write_xlsx
from records.sheets.guide import GUIDE_TITLE, column_choices
from records.sheets.kinds import SHEETS
from records.sheets.services import sheet_template

GUIDE_HEADERS = ("Cột", "Bắt buộc", "Cách ghi", "Giá trị hợp lệ")


def workbook_of(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def drop_downs(workbook):
    """{column letter: the values its drop-down list offers}, read as Excel reads the rules."""
    lists = {}
    for validation in workbook.worksheets[0].data_validations.dataValidation:
        assert validation.type == "list"
        formula = validation.formula1
        if formula.startswith('"'):
            values = formula.strip('"').split(",")
        else:
            sheet_name, cells = re.fullmatch(r"'(.+)'!(.+)", formula.lstrip("=")).groups()
            column, first, _, last = range_boundaries(cells.replace("$", ""))
            sheet = workbook[sheet_name]
            assert sheet.sheet_state == "hidden"
            values = [sheet.cell(row, column).value for row in range(first, last + 1)]
        for cell_range in str(validation.sqref).split():
            first_column, first_row, last_column, last_row = range_boundaries(cell_range)
            assert (first_row, last_row) == (2, 1_048_576)
            assert first_column == last_column
            lists[first_column] = values
    return lists


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_every_template_has_a_drop_down_list_on_every_choice_column(kind):
    columns = SHEETS[kind].columns()

    lists = drop_downs(workbook_of(sheet_template(kind)))

    expected = {index: column_choices(column) for index, column in enumerate(columns, start=1)}
    assert lists == {index: values for index, values in expected.items() if values}
    for index, column in enumerate(columns, start=1):
        if isinstance(column.widget, ChoiceWidget):
            assert lists[index] == list(column.widget.labels.values())


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_every_template_has_a_guide_naming_every_column(kind):
    columns = SHEETS[kind].columns()

    workbook = workbook_of(sheet_template(kind))

    assert workbook.sheetnames[:2] == [SHEETS[kind].sheet_title()[:31], GUIDE_TITLE]
    header, *rows = workbook[GUIDE_TITLE].iter_rows(values_only=True)
    assert header == GUIDE_HEADERS
    if SHEETS[kind].choice_header:
        *rows, _choice = rows
    assert [row[0] for row in rows] == [column.column_name for column in columns]
    for row, column in zip(rows, columns, strict=True):
        _header, required, written, values = row
        assert required == ("Có" if column.required else "Không")
        assert written, column.column_name
        assert (values or "") == "; ".join(column_choices(column))
        if isinstance(column.widget, DateWidget):
            assert "dd/mm/yyyy" in written
        if type(column.widget) is NumberWidget and not column.widget.integer:
            assert "21,1" in written and "1.535" in written


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_the_guide_lists_the_column_that_says_which_record_a_row_means(kind):
    choice_header = SHEETS[kind].choice_header
    noun = "tổ chức" if kind == "organisations" else "người"

    rows = list(workbook_of(sheet_template(kind))[GUIDE_TITLE].iter_rows(values_only=True))

    listed = [row for row in rows if row[0] in ("Mã", "Mã người")]
    if not choice_header:
        assert listed == []
        return
    [(header, required, written, values)] = listed
    assert (header, required) == (choice_header, "Không")
    assert f"Mã định danh của {noun} đã có trong hồ sơ" in written
    assert "Có thể trùng với" in written and "“mới”" in written
    assert values == f"Mã của một {noun} đã có; mới"


def test_the_roster_guide_says_how_each_column_is_written():
    rows = list(workbook_of(sheet_template("memberships"))[GUIDE_TITLE].iter_rows(values_only=True))

    assert rows[1] == ("Họ và tên", "Có", "Chữ; tối đa 200 ký tự", None)
    assert rows[2][2] == "Số nguyên, viết như văn phòng vẫn viết: 1.535 hoặc 1535; từ 1850 đến 2100"
    assert rows[4][2] == "Tên tổ chức đã có trong hồ sơ"
    assert rows[5][:2] == ("Chức vụ", "Có")
    assert rows[5][3].startswith("Bí thư; Phó Bí thư; Ủy viên Ban Thường vụ; Ủy viên;")


def test_a_list_with_a_comma_in_a_value_is_read_from_a_hidden_sheet():
    workbook = workbook_of(sheet_template("organisations"))

    lists = drop_downs(workbook)

    assert "Cấp ủy (Đảng ủy, Thành ủy, Tỉnh ủy)" in lists[3]
    assert workbook.sheetnames == ["Tổ chức", GUIDE_TITLE, "Danh sách chọn"]


def test_a_list_longer_than_excel_keeps_in_a_rule_is_read_from_a_hidden_sheet():
    short = ["Có", "Không"]
    long = [f"Đơn vị hành chính cấp xã số {number}" for number in range(1, 41)]
    assert len(",".join(long)) > 255

    content = write_xlsx(
        ["Tên", "Đơn vị", "Có mặt"],
        [["A", long[0], "Có"]],
        sheet_title="Danh sách",
        drop_downs={1: long, 2: short},
    )

    workbook = workbook_of(content)
    assert drop_downs(workbook) == {2: long, 3: short}
    rules = workbook.worksheets[0].data_validations.dataValidation
    rules = {str(rule.sqref): rule.formula1 for rule in rules}
    assert rules == {"B2:B1048576": "'Danh sách chọn'!$A$1:$A$40", "C2:C1048576": '"Có,Không"'}


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_a_template_reads_as_its_list(kind):
    columns = SHEETS[kind].columns()

    table = read_table(sheet_template(kind), f"mau-{kind}.xlsx")

    assert table.headers == [column.column_name for column in columns]
    assert len(list(table.rows)) == 1


def test_the_import_page_lists_the_valid_values_of_choice_columns(admin_client):
    page = admin_client.get("/admin/records/membership/import/").content.decode()

    assert (
        '<li class="required">Chức vụ <span class="sheet-values">(Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, '
        "Ủy viên, Chủ tịch, Phó Chủ tịch, Hiệu trưởng, Tổ trưởng, Khác)</span></li>"
    ) in page
    assert '<li class="required">Họ và tên</li>' in page
