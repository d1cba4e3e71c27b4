"""
Tests for records.sheets.files (csv_reading, xlsx_reading, budgets): files that would read as
wrong data, or cost more than any real list, are refused with a message naming where.

A CSV whose quotes do not balance or whose rows change delimiter is refused, not read into
the wrong cells; a workbook is read within budgets that scale with SPREADSHEET_MAX_BYTES.
"""

import io
import json
import random
import subprocess
import sys
import zipfile

import pytest
import xlsxwriter
from django.conf import settings
from openpyxl.reader.strings import read_string_table

from records.sheets.files import xlsx_reading
from records.sheets.files.reading import read_dataset
from records.sheets.files.table import SpreadsheetError, format_size
from records.sheets.files.xlsx_budget import CountedZip, XlsxBudget
from tests.records.sheets.built_files import HEADERS, NAME, TITLE, error_of, rewrite_zip, rows_of, xlsx
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


# xlsx: budgets #################################################################

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def shared_strings_bomb(strings: int, prefix: str = "") -> bytes:
    """
    A workbook as xlsxwriter writes one, its sharedStrings.xml replaced by `strings` tiny
    strings (mostly "ac", one in twenty another of two letters) streamed into the zip: 11
    million make a 3 MB file that declares 190 MB unpacked, under the expansion ratio.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    workbook.add_worksheet().write_row(0, 0, ["Họ và tên", NAME])
    workbook.close()
    rng = random.Random(11)
    p = f"{prefix}:" if prefix else ""
    usual, *others = [f"<{p}si><{p}t>{a}{b}</{p}t></{p}si>".encode() for a in "ab" for b in "cd"]
    segments = [
        b"".join(rng.choice(others) if rng.random() < 0.05 else usual for _ in range(1000)) for _ in range(64)
    ]
    output = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        for entry in source.infolist():
            if entry.filename != "xl/sharedStrings.xml":
                archive.writestr(entry.filename, source.read(entry))
        with archive.open("xl/sharedStrings.xml", "w") as member:
            xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
            member.write(f'<{p}sst {xmlns}="{MAIN_NS}">'.encode())
            for _ in range(strings // 1000):
                member.write(rng.choice(segments))
            member.write(f"</{p}sst>".encode())
    return output.getvalue()


def too_many(what: str, limit: str, max_size: str, file_name: str = "danh-sach.xlsx") -> str:
    return (
        f'Tệp "{file_name}" bị từ chối: tệp có hơn {limit} {what}, quá mức một bảng tính tới {max_size} '
        "có thể có. Tệp có thể bị hỏng hoặc được tạo ra để làm quá tải hệ thống. Nếu là bảng tính "
        "thật, hãy chia danh sách thành nhiều tệp nhỏ hơn rồi nhập từng tệp."
    )


# Run in a child process, so that its peak memory is the reading's alone. Its peak is the kernel's
# high-water mark of the child's own memory (VmHWM): getrusage's ru_maxrss carries the parent's
# across fork and exec, and a test worker that has run big tests before is hundreds of MB.
READ_IN_A_CHILD = """
import json, re, sys
from records.sheets.files import xlsx_reading
from records.sheets.files.reading import read_table
from records.sheets.files.table import SpreadsheetError

readers = []
class Counted(xlsx_reading.SharedStrings):
    def __init__(self, budget):
        super().__init__(budget)
        readers.append(self)
xlsx_reading.SharedStrings = Counted
try:
    read_table(open(sys.argv[1], "rb"), "bom.xlsx", max_bytes=10 * 1024 * 1024)
    error = None
except SpreadsheetError as refused:
    error = str(refused)
print(json.dumps({
    "error": error,
    "parsed": sum(len(reader.strings) for reader in readers),
    "peak_mb": int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read())[1]) / 1024,
}))
"""


def test_a_workbook_of_11_million_tiny_shared_strings_is_refused_small_and_early(tmp_path):
    content = shared_strings_bomb(11_000_000)
    declared = sum(entry.file_size for entry in zipfile.ZipFile(io.BytesIO(content)).infolist())
    # Under the checks of the zip's declared sizes: only counting what is read refuses it.
    assert len(content) < 3_500_000
    assert 180 * 1024 * 1024 < declared < min(100 * len(content), 200 * 1024 * 1024)
    path = tmp_path / "bom.xlsx"
    path.write_bytes(content)

    child = subprocess.run(
        [sys.executable, "-c", READ_IN_A_CHILD, str(path)],
        capture_output=True,
        check=True,
        cwd=settings.BASE_DIR,
        text=True,
    )
    result = json.loads(child.stdout)

    assert result["error"] == too_many("chuỗi chữ khác nhau", "2.097.152", "10 MB", "bom.xlsx")
    # Counted from the bytes before any is parsed; openpyxl parsed all 11 million (1.15 GB).
    assert result["parsed"] == 0
    assert result["peak_mb"] < 300


def spy(monkeypatch, module, name):
    """Replace module.name, a class, with a subclass that keeps its instances."""
    instances = []
    original = getattr(module, name)

    class Kept(original):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            instances.append(self)

    monkeypatch.setattr(module, name, Kept)
    return instances


def test_shared_strings_past_the_budget_are_refused_as_they_are_parsed(monkeypatch):
    # Prefixed elements ("<x:si>") escape the quick count of "<si": parsing counts them.
    content = shared_strings_bomb(300_000, prefix="x")
    readers = spy(monkeypatch, xlsx_reading, "SharedStrings")
    max_bytes = 1024 * 1024  # 209,715 shared strings

    assert error_of(content, max_bytes=max_bytes) == too_many("chuỗi chữ khác nhau", "209.715", "1 MB")
    assert [len(reader.strings) for reader in readers] == [209_715]


def test_cells_past_the_budget_are_refused_as_they_stream(monkeypatch):
    # 32,000 cells of 0 or 1: more cells per byte than xlsxwriter or Excel ever pack.
    rng = random.Random(12)
    row = "<row><c><v>{}</v></c><c><v>{}</v></c></row>"
    cells = "".join(row.format(rng.randrange(2), rng.randrange(2)) for _ in range(16_000))
    header = '<row><c t="inlineStr"><is><t>Số</t></is></c><c t="inlineStr"><is><t>Mã</t></is></c></row>'
    sheet = f'<worksheet xmlns="{MAIN_NS}"><sheetData>{header}{cells}</sheetData></worksheet>'.encode()
    content = rewrite_zip(xlsx_with_shared_strings(), "xl/worksheets/sheet1.xml", lambda data: sheet)
    sheets = spy(monkeypatch, xlsx_reading, "SheetCells")
    max_bytes = 40 * 1024  # 30,720 cells

    assert len(content) <= max_bytes
    assert error_of(content, max_bytes=max_bytes) == too_many("ô", "30.720", "40 KB")
    assert [sheet.budget.cells - sheet.cells_left for sheet in sheets] == [30_721]


def test_unpacked_bytes_are_counted_as_members_are_read():
    content = xlsx(["Họ và tên"], *([f"{NAME} {number}"] for number in range(5000)))
    budget = XlsxBudget.of("danh-sach.xlsx", len(content), 10 * 1024 * 1024)
    budget.unpacked_bytes = 100_000

    with CountedZip(content, budget) as archive, pytest.raises(SpreadsheetError) as refused:
        archive.read("xl/worksheets/sheet1.xml")

    assert str(refused.value) == (
        f'Tệp "danh-sach.xlsx" bị từ chối: tệp nặng {format_size(len(content))} nhưng giải nén ra hơn '
        "97,7 KB, lớn bất thường. Tệp có thể bị hỏng hoặc được tạo ra để làm quá tải hệ thống. Nếu là "
        "bảng tính thật, hãy xoá các dòng, cột trống đã định dạng rồi lưu lại."
    )
    assert 100_000 < budget.unpacked <= 100_000 + 64 * 1024


def test_a_zip_that_understates_its_unpacked_sizes_is_refused_as_corrupt():
    content = bytearray(xlsx(HEADERS, [NAME, TITLE]))
    # The sheet's record in the central directory (its name at offset 46): uncompressed size set to 10.
    record = content.rfind(b"xl/worksheets/sheet1.xml") - 46
    content[record + 24 : record + 28] = (10).to_bytes(4, "little")
    assert zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo("xl/worksheets/sheet1.xml").file_size == 10

    assert error_of(bytes(content)) == (
        'Tệp "danh-sach.xlsx" bị hỏng: không mở được như một bảng tính Excel (.xlsx). '
        "Hãy mở tệp bằng Excel, lưu lại rồi tải lên lần nữa."
    )


def test_shared_strings_are_read_as_openpyxl_reads_them():
    strings = (
        f'<sst xmlns="{MAIN_NS}">'
        "<si><t>Nguyễn Văn An</t></si>"
        '<si><t xml:space="preserve">  cách  </t></si>'
        "<si><t/></si>"
        "<si><r><rPr><b/></rPr><t>Phó </t></r><r><t>Bí thư</t></r></si>"
        "<si><t>Tên</t><rPh sb='0' eb='1'><t>phiên âm</t></rPh><phoneticPr fontId='1'/></si>"
        "<si><t>_x005F_x000D_ và _x000D_</t></si>"
        "<si><t>a&amp;b &lt;c&gt;</t></si>"
        "</sst>"
    ).encode()
    content = rewrite_zip(
        xlsx_with_shared_strings(), "xl/sharedStrings.xml", lambda data: strings
    )
    budget = XlsxBudget.of("danh-sach.xlsx", len(content), 10 * 1024 * 1024)

    with CountedZip(content, budget) as archive:
        ours = xlsx_reading.SharedStrings(budget).read(archive, "xl/sharedStrings.xml")
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open("xl/sharedStrings.xml") as source:
        theirs = read_string_table(source)

    assert ours == theirs
    assert ours[3] == "Phó Bí thư"


def xlsx_with_shared_strings() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    workbook.add_worksheet().write_row(0, 0, ["Họ và tên", NAME])
    workbook.close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    "cell",
    [lambda row, column: f"M{row * 8 + column}", lambda row, column: 0],
    ids=["distinct short codes", "zeros"],
)
def test_a_workbook_at_the_size_limit_passes_every_budget(cell):
    # The files that pack the most shared strings and cells per byte of those measured.
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, [f"Cột {column}" for column in range(8)])
    for row in range(1, 10_000):
        sheet.write_row(row, 0, [cell(row, column) for column in range(8)])
    workbook.close()
    content = buffer.getvalue()

    assert len(read_dataset(content, "danh-sach.xlsx", max_bytes=len(content))) == 9_999
