"""Tests for records.resources: the registry's sheet kinds, each imported as offices send it.

Rows are numbered as the spreadsheet numbers them: the header is row 1.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from records.models import AdministrativeUnit, Figure, LegalDocument, Organisation, Person
from records.models.figures import FigureMetric
from records.models.organisations import OrganisationKind
from records.models.sources import SourceKind
from records.models.units import UnitKind, UnitRegister
from records.sheets.services import sheet_import
from tests.records.factories import PersonFactory
from tests.sheet_files import cells, database_rows, export, xlsx

ARTICLE_TITLE = "Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030"


def import_sheet(kind, *rows, dry_run=False, file_name=None):
    return sheet_import(kind=kind, data=xlsx(*rows), file_name=file_name or f"{kind}.xlsx", dry_run=dry_run)


def messages(report):
    return [str(error) for error in report.errors]


# Administrative units ######################################################


@pytest.mark.django_db
def test_units_are_imported_each_naming_its_parent_by_code_even_listed_after_it():
    report = import_sheet(
        "units",
        ["Mã đơn vị", "Tên", "Loại đơn vị", "Mã đơn vị cấp trên", "Hiệu lực từ"],
        ["11557", "Phường Thiên Hương", "Phường", "31", "1/7/2025"],
        ["31", "Thành phố Hải Phòng", "Thành phố trực thuộc trung ương", "", "1/7/2025"],
    )

    assert messages(report) == []
    ward = AdministrativeUnit.objects.get(code="11557")
    assert (ward.register, ward.kind, ward.parent.name, ward.valid_from) == (
        UnitRegister.CURRENT,
        UnitKind.WARD,
        "Thành phố Hải Phòng",
        datetime.date(2025, 7, 1),
    )
    # The uid load_units would give the ward, so a later load names the same record.
    assert ward.uid == AdministrativeUnit.official_uid("2025", "11557")
    assert [row.number for row in report.preview] == [3, 2]


@pytest.mark.django_db
def test_a_unit_naming_a_parent_code_nobody_has_is_refused():
    before = database_rows()

    report = import_sheet(
        "units",
        ["Mã đơn vị", "Tên", "Loại đơn vị", "Mã đơn vị cấp trên"],
        ["11557", "Phường Thiên Hương", "Phường", "99"],
        ["1155x", "Phường Mới", "Phường", ""],
    )

    assert messages(report) == [
        "Dòng 2, cột “Mã đơn vị cấp trên”, giá trị “99”: "
        "Không có đơn vị mã 99 trong danh mục 2025 (hai cấp), trong hồ sơ hay trong tệp.",
        "Dòng 3, cột “Mã đơn vị”, giá trị “1155x”: Mã đơn vị chỉ gồm chữ số.",
    ]
    assert database_rows() == before


# Organisations #############################################################


def test_organisations_form_a_tree_from_rows_in_any_order(article):
    report = import_sheet(
        "organisations",
        ["Tên", "Loại tổ chức", "Trực thuộc", "Địa bàn", "Số thành viên theo cơ cấu"],
        ["Chi bộ Tổ dân phố số 1", "Chi bộ", "Đảng bộ Khu dân cư Thiên Hương", "", ""],
        [
            "Đảng bộ Khu dân cư Thiên Hương",
            "Đảng bộ",
            "Đảng bộ phường Thiên Hương",
            "Phường Thiên Hương",
            "9",
        ],
    )

    assert messages(report) == []
    cell = Organisation.objects.get(name="Chi bộ Tổ dân phố số 1")
    assert cell.parent.parent.name == "Đảng bộ phường Thiên Hương"
    area = cell.parent
    # Two units share the name; a name means the one of the current list.
    assert (area.kind, area.seat_count, area.administrative_unit.register) == (
        OrganisationKind.PARTY_ORGANISATION,
        9,
        UnitRegister.CURRENT,
    )


def test_an_organisation_row_updates_the_one_of_that_name(article):
    report = import_sheet(
        "organisations",
        ["Tên", "Loại tổ chức", "Số thành viên theo cơ cấu"],
        ["BAN CHẤP HÀNH ĐẢNG BỘ PHƯỜNG THIÊN HƯƠNG", "Ban Chấp hành", "27"],
        ["Ban Thường vụ Đảng ủy phường Thiên Hương", "Ban Thường vụ", "9"],
    )

    assert (report.created, report.changed, report.unchanged) == (1, 0, 1)
    assert Organisation.objects.filter(name__startswith="Ban Chấp hành").count() == 1


def test_organisations_naming_each_other_as_parents_are_refused(article):
    before = database_rows()

    report = import_sheet(
        "organisations",
        ["Tên", "Loại tổ chức", "Trực thuộc"],
        ["Đảng bộ Khu dân cư số 1", "Đảng bộ", "Chi bộ Tổ dân phố số 1"],
        ["Chi bộ Tổ dân phố số 1", "Chi bộ", "Đảng bộ Khu dân cư số 1"],
    )

    # Each is placed before the other can exist, so each names an organisation nobody has.
    assert [(error.row, error.column) for error in report.errors] == [(3, "Trực thuộc"), (2, "Trực thuộc")]
    assert report.errors[0].message.startswith("Không có tổ chức “Đảng bộ Khu dân cư số 1” trong hồ sơ.")
    assert database_rows() == before


# People ####################################################################


@pytest.mark.django_db
def test_people_are_imported_and_matched_by_name_and_birth_year():
    PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)

    report = import_sheet(
        "people",
        ["Họ và tên", "Năm sinh", "Giới tính"],
        ["Nguyễn Văn An", "1970", "Nam"],
        ["Nguyễn Văn An", "1980", "nam"],
        ["Vương Toàn Thu Thuỷ", "", "NỮ"],
    )

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (2, 1, 0)
    assert sorted(Person.objects.values_list("full_name", "birth_year", "gender")) == [
        ("Nguyễn Văn An", 1970, "nam"),
        ("Nguyễn Văn An", 1980, "nam"),
        ("Vương Toàn Thu Thuỷ", None, "nu"),
    ]


@pytest.mark.django_db
def test_a_person_listed_twice_is_an_error():
    report = import_sheet(
        "people", ["Họ và tên", "Năm sinh"], ["Nguyễn Văn An", "1970"], ["nguyễn văn an", ""]
    )

    assert messages(report) == ["Dòng 3: Trùng với dòng 2: hai dòng cùng ghi một người."]
    assert not Person.objects.exists()


# Memberships ###############################################################


def test_a_roster_of_the_elected_committee_is_imported(article):
    committee = "Ban Chấp hành Đảng bộ phường Thiên Hương"
    report = import_sheet(
        "memberships",
        ["Họ và tên", "Năm sinh", "Giới tính", "Tổ chức", "Chức vụ", "Chức danh", "Từ ngày"],
        ["Vương Toàn Thu Thủy", 1975, "Nữ", committee, "Bí thư", "Bí thư Đảng ủy", "16/6/2025"],
        ["Nguyễn Công Diễn", 1972, "Nam", committee, "Phó Bí thư", "Phó Bí thư Đảng ủy", "16/6/2025"],
        ["Phạm Thị Hà", 1985, "Nữ", committee, "Ủy viên", "Ủy viên Ban Chấp hành", "16/6/2025"],
    )

    assert messages(report) == []
    members = Organisation.objects.get(name=committee).memberships.order_by("person__sort_key")
    assert [(m.person.full_name, m.person.birth_year, m.role) for m in members] == [
        ("Nguyễn Công Diễn", 1972, "pho_bi_thu"),
        ("Phạm Thị Hà", 1985, "uy_vien"),
        ("Vương Toàn Thu Thủy", 1975, "bi_thu"),
    ]
    assert Person.objects.filter(full_name="Vương Toàn Thu Thủy").count() == 1


# Documents #################################################################


def test_documents_are_imported_and_matched_by_symbol_or_summary(article):
    report = import_sheet(
        "documents",
        ["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu"],
        [
            "1669 / NQ-UBTVQH15",
            "Nghị quyết",
            "Ủy ban Thường vụ Quốc hội",
            "16/6/2025",
            "Sắp xếp đơn vị hành chính cấp xã",
        ],
        ["68-NQ/TW", "nghị quyết", "Bộ Chính trị", "4/5/2025", "Về phát triển kinh tế tư nhân"],
        ["", "Kế hoạch", "", "", "Kế hoạch thực hiện Nghị quyết Đại hội"],
    )

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (2, 0, 1)
    document = LegalDocument.objects.get(symbol="68-NQ/TW")
    assert (document.issuer.name, document.issued_on, document.number) == (
        "Bộ Chính trị",
        datetime.date(2025, 5, 4),
        "68",
    )
    assert LegalDocument.objects.filter(summary="Kế hoạch thực hiện Nghị quyết Đại hội", symbol="").exists()


def test_a_document_whose_symbol_says_another_type_is_refused(article):
    before = database_rows()

    report = import_sheet(
        "documents",
        ["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành"],
        ["30/2020/NĐ-CP", "Nghị quyết", ""],
        ["", "Quyết định", ""],
        ["12-NQ/TV", "Nghị quyết", "Thanh uy"],
    )

    assert messages(report) == [
        "Dòng 2, cột “Loại văn bản”, giá trị “Nghị quyết”: Số ký hiệu 30/2020/NĐ-CP là của loại văn bản NĐ.",
        "Dòng 3, cột “Số ký hiệu”: Cần có số ký hiệu hoặc trích yếu.",
        "Dòng 4, cột “Cơ quan ban hành”, giá trị “Thanh uy”: Không có tổ chức “Thanh uy” trong hồ sơ. "
        "Có phải là: “Thành ủy”?",
    ]
    assert database_rows() == before


# Figures ###################################################################


def test_figures_are_kept_per_source_and_a_file_states_the_ones_without(article):
    headers = ["Chỉ số", "Giá trị", "Tính đến ngày", "Đơn vị hành chính", "Nguồn"]
    rows = [
        ["Diện tích tự nhiên", "24,46", "", "Phường Thiên Hương", ""],
        ["Dân số", "47.140", "31/12/2024", "11557", ""],
        ["Dân số", "45.140", "", "Phường Thiên Hương", ARTICLE_TITLE],
    ]

    content = xlsx(headers, *rows)

    report = sheet_import(kind="figures", data=content, file_name="so-lieu.xlsx", dry_run=False)

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (2, 0, 1)
    stated = Figure.objects.filter(source=report.source).order_by("metric")
    assert [(f.metric, f.value, f.administrative_unit.code) for f in stated] == [
        (FigureMetric.AREA, Decimal("24.46"), "11557"),
        (FigureMetric.POPULATION, Decimal("47140"), "11557"),
    ]
    # The article's 21,1 km² stays beside the file's 24,46 km².
    assert Figure.objects.filter(metric=FigureMetric.AREA).count() == 2

    # The same file again: its figures are found under the Source of its first import.
    again = sheet_import(kind="figures", data=content, file_name="so-lieu.xlsx", dry_run=False)

    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)


def test_a_named_source_the_records_lack_is_recorded_as_a_document(article):
    report = import_sheet(
        "figures",
        ["Chỉ số", "Giá trị", "Tổ chức", "Nguồn"],
        ["Số đảng viên", "1.535", "Đảng bộ phường Thiên Hương", "Báo cáo chính trị Đại hội"],
    )

    assert messages(report) == []
    figure = Figure.objects.get(metric=FigureMetric.PARTY_MEMBERS)
    assert (figure.value, figure.source.title, figure.source.kind) == (
        Decimal("1535"),
        "Báo cáo chính trị Đại hội",
        SourceKind.DOCUMENT,
    )


def test_a_figure_is_about_exactly_one_thing(article):
    before = database_rows()

    report = import_sheet(
        "figures",
        ["Chỉ số", "Giá trị", "Đơn vị hành chính", "Tổ chức"],
        ["Dân số", "45.140", "Phường Thiên Hương", "Đảng bộ phường Thiên Hương"],
        ["Dân số", "-5", "", "Đảng bộ phường Thiên Hương"],
    )

    assert messages(report) == [
        "Dòng 2, cột “Đơn vị hành chính”, giá trị “Phường Thiên Hương”: "
        "Mỗi số liệu ghi đúng một trong hai cột “Đơn vị hành chính” và “Tổ chức”.",
        "Dòng 3, cột “Giá trị”, giá trị “-5”: Giá trị phải từ 0 trở lên.",
    ]
    assert database_rows() == before


# Round trip ################################################################

RECORDS_KINDS = ["units", "organisations", "documents", "people", "memberships", "figures"]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_articles_records_export_import_into_an_empty_database_and_export_the_same(article, file_format):
    first = {kind: export(kind, file_format) for kind in RECORDS_KINDS}
    call_command("flush", interactive=False, verbosity=0)
    assert set(database_rows().values()) == {0}

    for kind in RECORDS_KINDS:
        report = sheet_import(kind=kind, data=first[kind], file_name=f"{kind}.{file_format}", dry_run=False)
        assert messages(report) == [], kind
        assert report.created == len(cells(first[kind])) - 1, kind

    second = {kind: export(kind, file_format) for kind in RECORDS_KINDS}
    assert {kind: cells(content) for kind, content in second.items()} == {
        kind: cells(content) for kind, content in first.items()
    }
    # Figures keep their source: the article, recorded again from its title.
    assert set(Figure.objects.values_list("source__title", flat=True)) == {ARTICLE_TITLE}
