"""Tests for congress.resources: congresses and the lists of one congress, imported as offices send them.

Attendance, speeches, indicators and tasks are imported into a congress chosen by the user.
Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import (
    Attendance,
    AttendanceRole,
    Congress,
    Indicator,
    IndicatorDirection,
    IndicatorStatus,
    Speech,
    SpeechKind,
    Task,
    TaskStatus,
)
from records.models import LegalDocument, Person
from records.sheets.kinds import SHEETS
from records.sheets.services import sheet_import, sheet_template
from tests.congress.factories import (
    AttendanceFactory,
    CongressFactory,
    ElectionFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.records.factories import (
    AdministrativeUnitFactory,
    FigureFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.sheet_files import DECIDED_KINDS, HEADERS, IMPORT_ORDER, cells, database_rows, export, xlsx

COMMITTEE = "Ban Chấp hành Đảng bộ phường Thiên Hương"
RESOLUTION = "Nghị quyết Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030"


@pytest.fixture
def congress(article):
    return Congress.objects.get()


def import_sheet(kind, *rows, congress=None, dry_run=False):
    return sheet_import(
        kind=kind, data=xlsx(*rows), file_name=f"{kind}.xlsx", congress=congress, dry_run=dry_run
    )


def messages(report):
    return [str(error) for error in report.errors]


# Congresses ################################################################

CONGRESS_HEADERS = [
    "Đảng bộ",
    "Lần thứ",
    "Nhiệm kỳ",
    "Ngày khai mạc",
    "Số đảng viên được đại diện",
    "Cơ quan chỉ đạo",
    "Ban Chấp hành được bầu",
    "Nghị quyết Đại hội",
]


def test_a_congress_is_imported_with_its_counts_and_the_records_it_names(congress):
    report = import_sheet(
        "congresses",
        CONGRESS_HEADERS,
        ["Đảng bộ phường Thiên Hương", "I", "2025–2030", "16/7/2025", "1.535", "", COMMITTEE, RESOLUTION],
        ["Đảng ủy phường Thiên Hương", "2", "2030 - 2035", "", "1.600", "Thành ủy", "", ""],
    )

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (1, 1, 0)
    congress.refresh_from_db()
    assert (congress.opened_on, congress.members_represented, congress.directing_body) == (
        datetime.date(2025, 7, 16),
        1535,
        None,
    )
    second = Congress.objects.get(ordinal=2)
    assert (second.organisation.name, second.term, second.directing_body.name) == (
        "Đảng ủy phường Thiên Hương",
        "2030–2035",
        "Thành ủy",
    )


def test_a_congress_electing_a_committee_another_elected_is_refused(congress):
    before = database_rows()

    report = import_sheet(
        "congresses",
        ["Đảng bộ", "Lần thứ", "Nhiệm kỳ", "Ban Chấp hành được bầu"],
        ["Đảng ủy phường Thiên Hương", "I", "2025–2030", "Ban Chấp hành Đảng bộ phường Thiên Huong"],
        ["Đảng ủy phường Thiên Hương", "II", "2030–2035", COMMITTEE],
    )

    assert messages(report) == [
        "Dòng 2, cột “Ban Chấp hành được bầu”, giá trị “Ban Chấp hành Đảng bộ phường Thiên Huong”: "
        "Không có tổ chức “Ban Chấp hành Đảng bộ phường Thiên Huong” trong hồ sơ. Có phải là: "
        f"“{COMMITTEE}”, “Đảng bộ phường Thiên Hương”, “Đảng ủy phường Thiên Hương”?",
        f"Dòng 3: Trùng với một đại hội đã có trong hồ sơ: {congress}.",
    ]
    assert database_rows() == before


# Attendance ################################################################


def test_the_delegates_of_a_congress_are_imported_into_it(congress):
    report = import_sheet(
        "attendance",
        ["Họ và tên", "Năm sinh", "Tư cách", "Đơn vị", "Chức danh"],
        ["Vương Toàn Thu Thủy", "1975", "Đoàn Chủ tịch", "Đảng ủy phường Thiên Hương", "Bí thư Đảng ủy"],
        ["Phạm Thị Hà", "1985", "đại biểu chính thức", "", ""],
        ["Nguyễn Văn Phú", "", "Chỉ đạo Đại hội", "Tổ công tác số 11 của Thành ủy", "Tổ trưởng"],
        congress=congress,
    )

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (2, 1, 0)
    attendance = congress.attendances.order_by("person__sort_key")
    assert [(a.person.full_name, a.role) for a in attendance] == [
        ("Phạm Thị Hà", AttendanceRole.DELEGATE),
        ("Nguyễn Văn Phú", AttendanceRole.DIRECTING),
        ("Vương Toàn Thu Thủy", AttendanceRole.PRESIDIUM),
    ]
    assert Person.objects.get(full_name="Vương Toàn Thu Thủy").birth_year == 1975


def test_a_list_of_one_congress_needs_the_congress(congress):
    before = database_rows()

    report = import_sheet("attendance", ["Họ và tên", "Tư cách"], ["Phạm Thị Hà", "Khách mời"])

    assert messages(report) == ["Hãy chọn đại hội mà danh sách này thuộc về."]
    assert database_rows() == before


def test_a_delegate_listed_twice_is_an_error(congress):
    report = import_sheet(
        "attendance",
        ["Họ và tên", "Tư cách"],
        ["Phạm Thị Hà", "Đại biểu chính thức"],
        ["Phạm Thị Hà", "Khách mời"],
        congress=congress,
    )

    assert messages(report) == ["Dòng 3: Trùng với dòng 2: hai dòng cùng ghi một người dự đại hội."]
    assert not Attendance.objects.filter(person__full_name="Phạm Thị Hà").exists()


# Speeches ##################################################################


def test_speeches_are_imported_with_their_speakers_and_the_documents_they_cite(congress):
    headers = ["Thứ tự", "Người phát biểu", "Loại phát biểu", "Văn bản được dẫn", "Tóm tắt"]
    rows = [
        ["1", "Vương Toàn Thu Thủy", "Khai mạc", "", "Khai mạc Đại hội."],
        ["2", "Nguyễn Văn Phú", "Phát biểu chỉ đạo", "68; 18", ""],
        ["3", "Phạm Thị Hà", "Tham luận", "", "Về chuyển đổi số."],
    ]

    report = import_sheet("speeches", headers, *rows, congress=congress)

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (2, 1, 0)
    directive = Speech.objects.get(kind=SpeechKind.DIRECTIVE)
    assert directive.order == 2
    assert sorted(directive.cited_documents.values_list("symbol", flat=True)) == ["18", "68"]
    assert Speech.objects.get(order=3).speaker.full_name == "Phạm Thị Hà"

    again = import_sheet("speeches", headers, *rows, congress=congress)
    rows[1][3] = "68"
    fewer = import_sheet("speeches", headers, *rows, congress=congress)

    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)
    assert (fewer.created, fewer.changed, fewer.unchanged) == (0, 1, 2)
    assert list(directive.cited_documents.values_list("symbol", flat=True)) == ["68"]


def test_two_speeches_in_the_same_place_of_the_programme_are_an_error(congress):
    report = import_sheet(
        "speeches",
        ["Thứ tự", "Người phát biểu", "Loại phát biểu"],
        ["4", "Phạm Thị Hà", "Tham luận"],
        ["4", "Lê Văn Cường", "Tham luận"],
        congress=congress,
    )

    assert messages(report) == ["Dòng 3: Trùng với dòng 2: hai dòng cùng ghi một bài phát biểu."]
    assert not Person.objects.filter(full_name="Phạm Thị Hà").exists()


# Indicators ################################################################


def test_targets_and_results_are_imported_as_offices_write_numbers(congress):
    report = import_sheet(
        "indicators",
        ["Giai đoạn", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Chiều", "Kết quả"],
        ["2021–2025", "Tỷ lệ hộ nghèo", "%", "0,2%", "0", "Càng thấp càng tốt", ""],
        ["2021-2025", "Tỷ lệ che phủ rừng", "%", "21,1", "24,46", "", ""],
        [
            "",
            "Các chỉ tiêu về công tác xây dựng Đảng",
            "chỉ tiêu",
            "12",
            "13",
            "",
            "hoàn thành sớm, vượt mức",
        ],
        congress=congress,
    )

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (1, 2, 0)
    poverty = Indicator.objects.get(name="Tỷ lệ hộ nghèo")
    assert (poverty.period, poverty.target, poverty.actual, poverty.direction, poverty.status) == (
        "2021–2025",
        Decimal("0.2"),
        Decimal("0"),
        IndicatorDirection.LOWER,
        IndicatorStatus.EXCEEDED,
    )
    forest = Indicator.objects.get(name="Tỷ lệ che phủ rừng")
    assert (forest.direction, forest.achievement) == (IndicatorDirection.HIGHER, Decimal("115.9"))
    # With both numbers given, the clerk's assessment gives way to the derived status.
    party = Indicator.objects.get(name="Các chỉ tiêu về công tác xây dựng Đảng")
    assert (party.assessed_status, party.status) == ("", IndicatorStatus.EXCEEDED)


def test_a_period_that_ends_before_it_starts_is_refused(congress):
    before = database_rows()

    report = import_sheet(
        "indicators", ["Giai đoạn", "Chỉ tiêu"], ["2025–2021", "Tỷ lệ hộ nghèo"], congress=congress
    )

    assert messages(report) == [
        "Dòng 2, cột “Giai đoạn”, giá trị “2025–2021”: “2025–2021” không hợp lệ: năm cuối không được trước "
        "năm đầu, trong khoảng 1930–2200."
    ]
    assert database_rows() == before


# Tasks #####################################################################


def test_an_action_plan_is_imported_under_the_congress_resolution(congress):
    report = import_sheet(
        "tasks",
        [
            "Nội dung",
            "Người thực hiện",
            "Cơ quan chịu trách nhiệm",
            "Thời hạn",
            "Sản phẩm",
            "Thẩm quyền",
            "Trạng thái",
        ],
        [
            "Xây dựng đề án chuyển đổi số phường",
            "Nguyễn Công Diễn",
            "UBND phường Thiên Hương",
            "31/12/2026",
            "Đề án được phê duyệt",
            "Đảng ủy phường Thiên Hương",
            "Đang thực hiện",
        ],
        congress=congress,
    )

    assert messages(report) == []
    task = Task.objects.get(content="Xây dựng đề án chuyển đổi số phường")
    assert (task.resolution.summary, task.owner.full_name, task.due_on, task.status, task.is_six_clear) == (
        RESOLUTION,
        "Nguyễn Công Diễn",
        datetime.date(2026, 12, 31),
        TaskStatus.IN_PROGRESS,
        True,
    )
    assert Person.objects.filter(full_name="Nguyễn Công Diễn").count() == 1


def test_a_finished_task_reopened_by_a_sheet_loses_its_completion_date(congress):
    TaskFactory(
        congress=congress,
        content="Tổng kết Đại hội",
        status=TaskStatus.DONE,
        completed_on=datetime.date(2025, 8, 1),
    )

    report = import_sheet(
        "tasks", ["Nội dung", "Trạng thái"], ["Tổng kết Đại hội", "Đang thực hiện"], congress=congress
    )

    assert messages(report) == []
    task = Task.objects.get(content="Tổng kết Đại hội")
    assert (task.status, task.completed_on) == (TaskStatus.IN_PROGRESS, None)


def test_a_deadline_out_of_bounds_is_refused(congress):
    report = import_sheet(
        "tasks", ["Nội dung", "Thời hạn"], ["Tổng kết Đại hội", "1/1/1900"], congress=congress
    )

    assert messages(report) == [
        "Dòng 2, cột “Thời hạn”, giá trị “1/1/1900”: Ngày phải trong khoảng 1/1/1945 đến 31/12/2200."
    ]
    assert not Task.objects.filter(content="Tổng kết Đại hội").exists()


# Every sheet kind ##########################################################


@pytest.mark.parametrize("kind", sorted(HEADERS))
def test_the_lists_offices_exchange_most_have_exactly_their_headers(kind):
    assert [column.column_name for column in SHEETS[kind].columns()] == HEADERS[kind]
    assert export_headers(kind) == HEADERS[kind]


def export_headers(kind):
    return SHEETS[kind]().get_export_headers()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_articles_records_export_import_into_an_empty_database_and_export_the_same(article, file_format):
    assert sorted(IMPORT_ORDER + DECIDED_KINDS) == sorted(SHEETS)
    first = {kind: export(kind, file_format) for kind in IMPORT_ORDER}
    call_command("flush", interactive=False, verbosity=0)
    assert set(database_rows().values()) == {0}

    for kind in IMPORT_ORDER:
        congress = Congress.objects.first() if SHEETS[kind].congress_field else None
        report = sheet_import(
            kind=kind, data=first[kind], file_name=f"{kind}.{file_format}", congress=congress, dry_run=False
        )
        assert messages(report) == [], kind
        assert (report.created, report.changed) == (len(cells(first[kind])) - 1, 0), kind

    second = {kind: export(kind, file_format) for kind in IMPORT_ORDER}
    assert {kind: cells(content) for kind, content in second.items()} == {
        kind: cells(content) for kind, content in first.items()
    }


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_every_blank_template_has_the_headers_and_an_example_row_that_imports(congress, kind):
    resource_class = SHEETS[kind]

    content = sheet_template(kind)

    header, example = cells(content)
    assert header == [column.column_name for column in resource_class.columns()]
    assert any(example)
    into = list_of(resource_class, congress)
    before = database_rows()
    report = sheet_import(
        kind=kind,
        data=content,
        file_name=f"mau-{kind}.xlsx",
        congress=into,
        dry_run=True,
    )
    assert messages(report) == []
    assert report.rows == 1
    assert database_rows() == before


def list_of(resource_class, congress):
    """What a list of the kind is imported into: the congress, or an election of it."""
    model = resource_class.congress_model() if resource_class.congress_field else None
    if model is None:
        return None
    return ElectionFactory(congress=congress) if model is not Congress else congress


def test_the_example_rows_are_the_articles_records(congress):
    # Imported for real, the examples only add what the article leaves out.
    for kind in IMPORT_ORDER:
        resource_class = SHEETS[kind]
        report = sheet_import(
            kind=kind,
            data=sheet_template(kind),
            file_name=f"mau-{kind}.xlsx",
            congress=congress if resource_class.congress_field else None,
            dry_run=False,
        )
        assert messages(report) == [], kind
        assert report.created == 0, kind
    assert (
        LegalDocument.objects.get(symbol="68").cited_in_speeches.get().speaker.full_name == "Nguyễn Văn Phú"
    )


MORE_RECORDS = {
    "units": lambda: AdministrativeUnitFactory(parent=AdministrativeUnitFactory()),
    "organisations": lambda: OrganisationFactory(
        parent=OrganisationFactory(), administrative_unit=AdministrativeUnitFactory()
    ),
    "documents": lambda: LegalDocumentFactory(issuer=OrganisationFactory()),
    "people": PersonFactory,
    "memberships": MembershipFactory,
    "congresses": lambda: CongressFactory(
        directing_body=OrganisationFactory(), resolution=LegalDocumentFactory()
    ),
    "attendance": lambda: AttendanceFactory(
        congress=Congress.objects.first(), organisation=OrganisationFactory()
    ),
    "speeches": lambda: SpeechFactory(congress=Congress.objects.first()).cited_documents.add(
        LegalDocumentFactory()
    ),
    "indicators": lambda: IndicatorFactory(congress=Congress.objects.first()),
    "tasks": lambda: TaskFactory(congress=Congress.objects.first(), six_clear=True),
    "figures": lambda: FigureFactory(administrative_unit=AdministrativeUnitFactory()),
}


@pytest.mark.parametrize("kind", IMPORT_ORDER)
def test_an_export_runs_the_same_queries_however_many_rows(congress, kind):
    with CaptureQueriesContext(connection) as few:
        export(kind)
    for _ in range(5):
        MORE_RECORDS[kind]()

    with CaptureQueriesContext(connection) as more:
        content = export(kind)

    assert len(cells(content)) == 1 + SHEETS[kind].all_records().count()
    assert len(more.captured_queries) == len(few.captured_queries) <= 3


def test_an_unknown_document_is_an_error_suggesting_the_closest(congress):
    before = database_rows()

    report = import_sheet(
        "speeches",
        ["Người phát biểu", "Loại phát biểu", "Văn bản được dẫn"],
        ["Nguyễn Văn Phú", "Phát biểu chỉ đạo", "1669/NQ-UBTVQH16; 68"],
        congress=congress,
    )

    assert messages(report) == [
        "Dòng 2, cột “Văn bản được dẫn”, giá trị “1669/NQ-UBTVQH16; 68”: Không có văn bản “1669/NQ-UBTVQH16” "
        "trong hồ sơ. Có phải là: “1669/NQ-UBTVQH15”?"
    ]
    assert database_rows() == before
