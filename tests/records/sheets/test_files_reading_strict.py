"""
Tests for records.sheets.files (csv_reading, xlsx_reading, budgets): files that would read as
wrong data, or cost more than any real list, are refused with a message naming where.

A CSV whose quotes do not balance or whose rows change delimiter is refused, not read into
the wrong cells; a workbook is read within budgets that scale with SPREADSHEET_MAX_BYTES.
"""

import pytest

from records.sheets.files.reading import read_dataset
from tests.records.sheets.built_files import NAME, TITLE, error_of, rows_of
from tests.records.sheets.roster import COMMITTEE, import_roster, messages
from tests.sheet_files import database_rows

# CSV: quotes ##################################################################


def test_an_unclosed_quote_is_refused_instead_of_swallowing_the_rest_of_the_file():
    # As the issue found it: the rows after the quote became one cell of "Bình Hai".
    content = (
        "Họ và tên,Năm sinh,Ghi chú\nAn Một,1970,ok\nBình Hai,1971,\"oops\nCường Ba,1972,ok\nDũng Tư,1973,x\n"
    ).encode()

    assert error_of(content, "danh-sach.csv") == (
        'Tệp CSV "danh-sach.csv": ô C3 có dấu ngoặc kép không khớp (ô bắt đầu bằng '
        '"oops Cường Ba,1972,ok Dũng Tư,1973,x"): dấu ngoặc kép mở ô không được đóng lại, nên mọi '
        "dòng sau đó bị dồn vào ô này. Hãy sửa ô C3 rồi tải tệp lên lại."
    )


def test_an_unclosed_quote_that_a_later_quote_closes_is_refused():
    # The stray quote pairs with the opening quote of a later cell: text follows the "closing" one.
    content = 'Họ và tên,Năm sinh,Ghi chú\n"Bình Hai,1971,oops\nCường Ba,1972,"có, không"\n'.encode()

    assert error_of(content, "danh-sach.csv") == (
        'Tệp CSV "danh-sach.csv": ô A2 có dấu ngoặc kép không khớp (ô bắt đầu bằng '
        '"Bình Hai,1971,oops Cường Ba,1972,"): sau dấu ngoặc kép đóng ô là "c", không phải dấu '
        'ngăn cách "," hay hết dòng; trong một ô, dấu ngoặc kép phải viết đôi (""). Hãy sửa ô A2 '
        "rồi tải tệp lên lại."
    )


def test_a_quote_inside_a_quoted_cell_that_is_not_doubled_is_refused():
    content = f'Họ và tên;Chức vụ\n{NAME};"Phó "Bí thư"";x\n'.encode()

    assert error_of(content, "danh-sach.csv") == (
        'Tệp CSV "danh-sach.csv": ô B2 có dấu ngoặc kép không khớp (ô bắt đầu bằng "Phó"): sau '
        'dấu ngoặc kép đóng ô là "B", không phải dấu ngăn cách ";" hay hết dòng; trong một ô, dấu '
        'ngoặc kép phải viết đôi (""). Hãy sửa ô B2 rồi tải tệp lên lại.'
    )


def test_quoted_cells_with_delimiters_doubled_quotes_and_line_breaks_are_read_mid_file():
    content = (
        "Họ và tên;Chức vụ;Ghi chú\n"
        f'"{NAME}";"{TITLE}";"Nói ""có""; rồi\nxuống dòng, hết"\n'
        'Nguyễn "Tí" Văn;"a;b";\n'
        "Lê Văn C;;\n"
    ).encode()

    assert rows_of(read_dataset(content, "danh-sach.csv")) == [
        [NAME, TITLE, 'Nói "có"; rồi\nxuống dòng, hết'],
        ['Nguyễn "Tí" Văn', "a;b", ""],
        ["Lê Văn C", "", ""],
    ]


# CSV: delimiters and row widths ##############################################


@pytest.mark.parametrize(
    ("content", "used", "header"),
    [
        ("Họ và tên;Năm sinh;Ghi chú\nAn Một;1970;ok\nBình Hai,1971,x\n", '","', '";"'),
        ("Họ và tên,Năm sinh\nAn Một,1970\nBình Hai;1971\n", '";"', '","'),
        ("Họ và tên\tNăm sinh\nAn Một\t1970\nBình Hai,1971\n", '","', "Tab"),
    ],
    ids=["commas under a semicolon header", "semicolons under a comma header", "commas under tabs"],
)
def test_a_row_with_another_delimiter_than_the_header_is_refused(content, used, header):
    row = content.splitlines()[2]

    assert error_of(content.encode(), "danh-sach.csv") == (
        f'Tệp CSV "danh-sach.csv": dòng 3 dùng dấu {used} để ngăn cách các ô, còn dòng tiêu đề '
        f'(dòng 1) dùng dấu {header} ("{row}"). Hãy dùng một kiểu dấu ngăn cách cho cả tệp, ví dụ '
        "mở tệp bằng Excel rồi lưu lại."
    )


def test_rows_with_fewer_cells_than_the_header_are_read_with_empty_cells():
    # Trailing empty cells left out, a decimal comma in a semicolon file, a comma in a one-cell row.
    content = "Đơn vị;Diện tích (km²);Ghi chú\nThiên Hương;21,1\n24,46\nSố 5, Lê Lợi\n".encode()

    assert rows_of(read_dataset(content, "so-lieu.csv")) == [
        ["Thiên Hương", "21,1", ""],
        ["24,46", "", ""],
        ["Số 5, Lê Lợi", "", ""],
    ]


def test_a_row_with_more_cells_than_the_header_is_refused_naming_the_cell():
    content = f"Họ và tên,Chức vụ\n{NAME},{TITLE}\nLê Văn C,Ủy viên,1970\n".encode()

    assert error_of(content, "danh-sach.csv") == (
        'Tệp "danh-sach.csv": ô C3 có dữ liệu nhưng cột C không có tiêu đề (dòng tiêu đề là dòng 1). '
        "Hãy thêm tiêu đề cho cột hoặc xoá dữ liệu ở cột đó."
    )


def test_extra_empty_cells_right_of_the_header_lose_nothing_and_are_read():
    content = f"Họ và tên,Chức vụ\n{NAME},{TITLE},,\n".encode()

    assert rows_of(read_dataset(content, "danh-sach.csv")) == [[NAME, TITLE]]


def test_a_broken_quote_far_into_a_file_writes_nothing(committee):
    # Past the first chunk of rows, which the import has already checked and written.
    rows = "".join(f"Người Thứ {n},{1950 + n % 50},,{COMMITTEE},Ủy viên\n" for n in range(2500))
    header = "Họ và tên,Năm sinh,Giới tính,Tổ chức,Chức vụ\n"
    content = f'{header}{rows}"Bình Hai,1971,,{COMMITTEE},Ủy viên\n'
    before = database_rows()
    # Without the broken row, the same file imports.
    assert messages(import_roster(f"{header}{rows}".encode(), file_name="danh-sach.csv", dry_run=True)) == []

    report = import_roster(content.encode(), file_name="danh-sach.csv")

    assert messages(report) == [
        'Tệp CSV "danh-sach.csv": ô A2502 có dấu ngoặc kép không khớp (ô bắt đầu bằng '
        '"Bình Hai,1971,,Ban Chấp hành Đảng bộ phư…"): dấu ngoặc kép mở ô không được đóng lại, nên mọi dòng '
        "sau đó bị dồn vào ô này. Hãy sửa ô A2502 rồi tải tệp lên lại."
    ]
    assert database_rows() == before
