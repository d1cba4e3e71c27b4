"""Tests for records.sheets.services: importing twice, dry runs, the Source of an import,
and files in every format and of every hostile kind through sheet_import().

Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

import codecs
import hashlib
import io
import unicodedata
import zipfile

import pytest

from records.models import Membership, Person, Source
from records.models.sources import SourceKind
from records.sheets import run
from records.sheets.files.reading import read_dataset
from records.sheets.services import sheet_import
from tests.records.factories import MembershipFactory, PersonFactory
from tests.records.sheets.roster import (
    COMMITTEE,
    HEADERS,
    import_roster,
    member,
    messages,
    nfd,
    roster,
)
from tests.sheet_files import cells, csv_file, database_rows, export

# Importing twice, dry runs and the record of an import #####################


def test_importing_the_same_file_twice_writes_nothing_the_second_time(committee):
    content = roster(member("Nguyễn Văn An", 1970, "Bí thư", start="1/7/2025"), member("Trần Thị Bình", 1975))
    import_roster(content)
    after_first = database_rows()

    report = import_roster(content)

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (0, 0, 2)
    assert report.source is None
    assert database_rows() == after_first


def test_a_changed_row_is_reported_with_the_cells_that_changed(committee):
    import_roster(roster(member("Nguyễn Văn An", 1970, title="Ủy viên")))

    report = import_roster(
        roster(member("Nguyễn Văn An", 1970, title="Ủy viên Ban Thường vụ"), member("Lê Văn C"))
    )

    assert (report.created, report.changed, report.unchanged) == (1, 1, 0)
    [changed, new] = report.preview
    assert (changed.status, new.status) == ("changed", "new")
    assert [cell.value for cell in changed.cells if cell.changed] == ["Ủy viên Ban Thường vụ"]
    assert Membership.objects.get(person__full_name="Nguyễn Văn An").title == "Ủy viên Ban Thường vụ"


@pytest.mark.parametrize("preview_rows", [run.PREVIEW_ROWS, 0])
def test_rows_past_the_preview_are_compared_as_closely_as_those_in_it(committee, monkeypatch, preview_rows):
    PersonFactory(full_name="Trần Thị Bình")
    import_roster(
        roster(member("Nguyễn Văn An", 1970), member("Lê Văn Cường", 1968), member("Trần Thị Bình"))
    )
    monkeypatch.setattr(run, "PREVIEW_ROWS", preview_rows)
    history_before = (Membership.history.count(), Person.history.count())

    report = import_roster(
        roster(
            member("Nguyễn Văn An", 1970),
            member("Lê Văn Cường", 1968, title="Ủy viên Ban Thường vụ"),
            member("Trần Thị Bình", 1975),
        )
    )

    assert (report.created, report.changed, report.unchanged, messages(report)) == (0, 2, 1, [])
    assert Membership.objects.get(person__full_name="Lê Văn Cường").title == "Ủy viên Ban Thường vụ"
    assert Person.objects.get(full_name="Trần Thị Bình").birth_year == 1975
    # One history row for the post whose title changed, one for the person given a birth year.
    history_after = (Membership.history.count(), Person.history.count())
    assert [after - before for after, before in zip(history_after, history_before, strict=True)] == [1, 1]


def test_a_dry_run_reports_what_would_change_and_writes_nothing(committee):
    before = database_rows()

    report = sheet_import(
        kind="memberships", data=roster(member("Nguyễn Văn An", 1970)), file_name="bch.xlsx", dry_run=True
    )

    assert (report.created, report.changed, report.unchanged) == (1, 0, 0)
    assert report.source is None
    assert database_rows() == before


def test_a_confirmed_import_is_recorded_as_a_source_every_written_row_cites(committee, django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    known = MembershipFactory(person=PersonFactory(full_name="Nguyễn Văn An"), organisation=committee)
    content = roster(
        member("Nguyễn Văn An", title="Ủy viên Ban Thường vụ"), member("Trần Thị Bình"), member("Lê Văn C")
    )

    report = import_roster(content, file_name="bch-2025.xlsx", user=clerk)

    source = report.source
    assert (source.kind, source.file_name, source.recorded_by) == (
        SourceKind.SPREADSHEET,
        "bch-2025.xlsx",
        clerk,
    )
    assert source.checksum == hashlib.sha256(content).hexdigest()
    assert (source.rows_created, source.rows_changed, source.rows_unchanged) == (2, 1, 0)
    assert source.title == "Tệp “bch-2025.xlsx” (Chức vụ đảm nhiệm)"
    assert set(source.cited_membership.all()) == set(Membership.objects.all())
    # The people the roster added cite it too; the one it only named does not.
    assert set(source.cited_person.values_list("full_name", flat=True)) == {"Trần Thị Bình", "Lê Văn C"}
    history = Membership.history.filter(history_user=clerk)
    assert sorted(history.values_list("history_type", flat=True)) == ["+", "+", "~"]
    assert set(history.values_list("history_change_reason", flat=True)) == {"Nhập từ tệp “bch-2025.xlsx”"}
    assert history.get(history_type="~").id == known.pk


def test_a_file_that_changes_nothing_records_no_source(committee):
    content = roster(member("Nguyễn Văn An"))
    import_roster(content)
    sources = Source.objects.count()

    import_roster(content, file_name="lan-hai.xlsx")

    assert Source.objects.count() == sources


# Formats and hostile files #################################################

ROWS = [HEADERS[:6], ["Vương Toàn Thu Thủy", "1.975", "Nữ", COMMITTEE, "Bí thư", "Bí thư Đảng ủy"]]


def windows_1258(text):
    """Text as Windows-1258 writes Vietnamese: letters with their shape, tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    encoded = []
    for char in text:
        marks = nfd(char)
        letter = unicodedata.normalize("NFC", "".join(mark for mark in marks if mark not in tones))
        encoded.append(letter + "".join(mark for mark in marks if mark in tones))
    return "".join(encoded).encode("cp1258")


@pytest.mark.parametrize(
    "content",
    [
        csv_file(*ROWS),
        codecs.BOM_UTF8 + csv_file(*ROWS),
        csv_file(*ROWS, encoding="utf-16", delimiter="\t"),
        windows_1258(csv_file(*ROWS).decode()),
    ],
    ids=["utf-8", "utf-8 with bom", "excel unicode text", "windows-1258"],
)
def test_csv_is_read_in_every_encoding_offices_send(committee, content):
    report = import_roster(content, file_name="danh-sach.csv")

    assert messages(report) == []
    person = Person.objects.get()
    assert (person.full_name, person.birth_year, person.gender) == ("Vương Toàn Thu Thủy", 1975, "nu")


def test_an_undecodable_csv_is_refused_with_a_clear_message(committee):
    before = database_rows()

    report = import_roster(b"H\xc3\xb3 v\xc3\xa0 t\xc3\xaan\nNguy\x81n\n", file_name="danh-sach.csv")

    assert messages(report) == [
        'Không đọc được tệp "danh-sach.csv": không phải UTF-8, UTF-16 hay Windows-1258. '
        "Hãy mở tệp bằng Excel rồi lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8."
    ]
    assert database_rows() == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(committee, settings):
    settings.SPREADSHEET_MAX_BYTES = 1000

    class Upload:
        name, size = "danh-sach.xlsx", 5000

        def read(self, size=-1):
            raise AssertionError("an oversize upload must not be read")

    before = database_rows()

    report = import_roster(Upload(), file_name="danh-sach.xlsx")

    assert messages(report) == [
        'Tệp "danh-sach.xlsx" vượt quá giới hạn 1000 byte. Hãy chia danh sách thành nhiều tệp nhỏ hơn '
        "rồi nhập từng tệp."
    ]
    assert database_rows() == before


def test_a_file_that_is_not_a_spreadsheet_is_refused(committee):
    before = database_rows()

    report = import_roster(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", file_name="anh.png")

    assert messages(report) == [
        'Không đọc được tệp "anh.png": tệp không phải bảng tính. Hệ thống đọc được tệp Excel (.xlsx) và tệp '
        "CSV (UTF-8, UTF-16 hay Windows-1258)."
    ]
    assert database_rows() == before


def test_a_corrupt_xlsx_is_refused(committee):
    content = roster(member("Nguyễn Văn An"))

    report = import_roster(content[: len(content) // 2])

    assert messages(report) == [
        'Tệp "danh-sach-bch.xlsx" bị hỏng: không mở được như một bảng tính Excel (.xlsx). '
        "Hãy mở tệp bằng Excel, lưu lại rồi tải lên lần nữa."
    ]
    assert not Membership.objects.exists()


def test_an_xlsx_that_unpacks_to_far_more_than_its_size_is_refused(committee):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(20 * 1024 * 1024))
    before = database_rows()

    report = import_roster(output.getvalue())

    [message] = messages(report)
    assert message.startswith('Tệp "danh-sach-bch.xlsx" bị từ chối: tệp nặng ')
    assert "giải nén ra tới 20 MB, lớn bất thường" in message
    assert database_rows() == before


def test_a_formula_cell_is_imported_as_its_text_never_evaluated(committee):
    report = import_roster(
        roster(member("Nguyễn Văn An", note="=1+1"), member("Trần Thị Bình", note='=HYPERLINK("x")'))
    )

    assert messages(report) == []
    assert sorted(Membership.objects.values_list("note", flat=True)) == ["=1+1", '=HYPERLINK("x")']


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_exported_formula_like_text_is_neutralised_and_imports_back_as_written(committee, file_format):
    notes = ["=SUM(A1:A9)", "+84 912 345 678", "-giữ nguyên", "@all", "\tthụt lề", "<b>đậm</b>"]
    for number, note in enumerate(notes):
        MembershipFactory(
            organisation=committee, note=note, person=PersonFactory(full_name=f"Người Thứ {number}")
        )

    content = export("memberships", file_format)

    if file_format == "csv":
        exported = [row[HEADERS.index("Ghi chú")] for row in cells(content)[1:]]
        assert sorted(exported) == sorted(
            ["'=SUM(A1:A9)", "'+84 912 345 678", "'-giữ nguyên", "'@all", "'\tthụt lề", "<b>đậm</b>"]
        )
    else:
        # Text cells with Excel's quote prefix, never formulas.
        assert b"<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert sorted(row["Ghi chú"] for row in read_dataset(content, f"x.{file_format}").dict) == sorted(notes)
    Membership.objects.all().delete()
    assert messages(import_roster(content, file_name=f"x.{file_format}")) == []
    # Imported text is trimmed, so only the tab in front is gone.
    assert sorted(Membership.objects.values_list("note", flat=True)) == sorted(note.strip() for note in notes)


def test_exported_csv_is_utf8_with_a_byte_order_mark(committee):
    MembershipFactory(organisation=committee, person=PersonFactory(full_name="Vương Toàn Thu Thủy"))

    content = export("memberships", "csv")

    assert content.startswith(codecs.BOM_UTF8 + "Họ và tên,".encode())
    assert "Vương Toàn Thu Thủy" in content.decode("utf-8-sig")
