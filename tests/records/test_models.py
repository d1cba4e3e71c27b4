"""Tests for records.models: database constraints, derived keys and named queries.

Constraint cases save rows straight through `save()` (never `full_clean()`), so what
refuses a bad row is the database itself, on SQLite and on PostgreSQL alike.
"""

import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from records import vietnamese
from records.models import (
    AccessEvent,
    AccessLog,
    AdministrativeUnit,
    Figure,
    LegalDocument,
    Membership,
    Organisation,
    Person,
    SheetPreview,
)
from records.models.documents import DocumentType
from records.models.figures import FigureMetric
from records.models.people import MembershipPeriod, MembershipRole, PersonGender
from records.models.sources import SourceKind
from records.models.units import SuccessionPortion, UnitKind, UnitRegister
from tests.constraints import Case, all_constraints, save_ok, save_refused
from tests.records.factories import (
    AdministrativeUnitFactory,
    FigureFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
    UnitSuccessionFactory,
)

pytestmark = pytest.mark.django_db


# Constraint cases ##########################################################


def set_own_parent(record):
    """Point a record's parent at itself, as a bulk update would, past any Python check."""
    type(record).objects.filter(pk=record.pk).update(parent_id=record.pk)
    return record


def two_level_organisations():
    parent = OrganisationFactory(name="Đảng bộ phường Tân Hòa 90")
    return parent, OrganisationFactory(parent=parent, name="Chi bộ Trường Tiểu học Hòa Bình")


JUNE_16 = datetime.date(2025, 6, 16)
JUNE_17 = datetime.date(2025, 6, 17)
PREVIEWED_AT = datetime.datetime(2025, 6, 16, 8, 30, tzinfo=datetime.UTC)


def sheet_preview(**fields):
    return SheetPreview.objects.create(
        **{
            "kind": "memberships",
            "file_name": "danh-sach-bch.xlsx",
            "checksum": "0123456789abcdef" * 4,
            "created_at": PREVIEWED_AT,
            **fields,
        }
    )

KEEPING = [
    # Source
    Case("records_source_kind_valid", "an article", lambda _: SourceFactory(kind=SourceKind.ARTICLE)),
    Case("records_source_title_present", "a title", lambda _: SourceFactory(title="Biên bản kiểm phiếu")),
    Case("records_source_checksum_sha256", "no checksum", lambda _: SourceFactory(checksum="")),
    Case(
        "records_source_checksum_sha256", "a sha256", lambda _: SourceFactory(checksum="0123456789abcdef" * 4)
    ),
    Case(
        "records_source_spreadsheet_has_checksum",
        "spreadsheet with checksum",
        lambda _: SourceFactory(spreadsheet=True),
    ),
    Case(
        "records_source_retrieved_after_published",
        "retrieved the next day",
        lambda _: SourceFactory(published_on=JUNE_16, retrieved_on=JUNE_17),
    ),
    Case(
        "records_source_retrieved_after_published",
        "retrieved the same day",
        lambda _: SourceFactory(published_on=JUNE_16, retrieved_on=JUNE_16),
    ),
    Case(
        "records_source_unique_url",
        "another url",
        lambda _: SourceFactory(url="https://example.com/bai-2.html"),
        given=lambda: SourceFactory(url="https://example.com/bai-1.html"),
    ),
    Case(
        "records_source_unique_url",
        "two sources with no url",
        lambda _: SourceFactory(url=""),
        given=lambda: SourceFactory(url=""),
    ),
    # AdministrativeUnit
    Case(
        "records_administrativeunit_register_valid",
        "the pre-2025 list",
        lambda _: AdministrativeUnitFactory(register=UnitRegister.LEGACY),
    ),
    Case(
        "records_administrativeunit_kind_valid",
        "a special zone",
        lambda _: AdministrativeUnitFactory(kind=UnitKind.SPECIAL_ZONE),
    ),
    Case(
        "records_administrativeunit_name_present",
        "a name",
        lambda _: AdministrativeUnitFactory(name="Xã Tân Lập 5"),
    ),
    Case(
        "records_administrativeunit_code_digits", "digits", lambda _: AdministrativeUnitFactory(code="91557")
    ),
    Case("records_administrativeunit_code_digits", "no code", lambda _: AdministrativeUnitFactory(code="")),
    Case(
        "records_administrativeunit_unique_code",
        "same code in the other register",
        lambda _: AdministrativeUnitFactory(register=UnitRegister.LEGACY, code="91557"),
        given=lambda: AdministrativeUnitFactory(register=UnitRegister.CURRENT, code="91557"),
    ),
    Case(
        "records_administrativeunit_unique_code",
        "two blank codes in one register",
        lambda _: AdministrativeUnitFactory(code=""),
        given=lambda: AdministrativeUnitFactory(code=""),
    ),
    Case(
        "records_administrativeunit_not_own_parent",
        "another unit as parent",
        lambda province: AdministrativeUnitFactory(parent=province),
        given=lambda: AdministrativeUnitFactory(code="93", kind=UnitKind.CITY, name="Thành phố Tân Hòa"),
    ),
    Case(
        "records_administrativeunit_valid_until_after_from",
        "valid for one day",
        lambda _: AdministrativeUnitFactory(valid_from=JUNE_16, valid_until=JUNE_16),
    ),
    Case(
        "records_administrativeunit_valid_until_after_from",
        "still valid",
        lambda _: AdministrativeUnitFactory(valid_from=JUNE_16, valid_until=None),
    ),
    # UnitSuccession
    Case(
        "records_unitsuccession_portion_valid",
        "a part",
        lambda _: UnitSuccessionFactory(portion=SuccessionPortion.PART),
    ),
    Case("records_unitsuccession_not_own_predecessor", "two units", lambda _: UnitSuccessionFactory()),
    Case(
        "records_unitsuccession_unique_pair",
        "one old unit split into two new ones",
        lambda first: UnitSuccessionFactory(predecessor=first.predecessor, portion=SuccessionPortion.PART),
        given=lambda: UnitSuccessionFactory(portion=SuccessionPortion.PART),
    ),
    # Organisation
    Case("records_organisation_kind_valid", "a party cell", lambda _: OrganisationFactory(kind="chi_bo")),
    Case(
        "records_organisation_name_present",
        "a name",
        lambda _: OrganisationFactory(name="Chi bộ Khu dân cư số 3"),
    ),
    Case(
        "records_organisation_seat_count_positive", "27 seats", lambda _: OrganisationFactory(seat_count=27)
    ),
    Case(
        "records_organisation_seat_count_positive",
        "seats unknown",
        lambda _: OrganisationFactory(seat_count=None),
    ),
    Case(
        "records_organisation_not_own_parent",
        "another organisation as parent",
        lambda parent: OrganisationFactory(parent=parent),
        given=lambda: OrganisationFactory(),
    ),
    Case(
        "records_organisation_dissolved_after_founded",
        "dissolved later",
        lambda _: OrganisationFactory(founded_on=JUNE_16, dissolved_on=JUNE_17),
    ),
    Case(
        "records_organisation_unique_name_in_parent",
        "same name under another parent",
        lambda _: OrganisationFactory(parent=OrganisationFactory(), name="Chi bộ Trường Tiểu học Hòa Bình"),
        given=two_level_organisations,
    ),
    Case(
        "records_organisation_unique_top_name_in_unit",
        "same top name in another unit",
        lambda _: OrganisationFactory(name="Thành ủy", administrative_unit=AdministrativeUnitFactory()),
        given=lambda: OrganisationFactory(name="Thành ủy", administrative_unit=AdministrativeUnitFactory()),
    ),
    Case(
        "records_organisation_unique_top_name",
        "same name once with a unit",
        lambda _: OrganisationFactory(name="Ban Chỉ đạo 35", administrative_unit=AdministrativeUnitFactory()),
        given=lambda: OrganisationFactory(name="Ban Chỉ đạo 35"),
    ),
    Case(
        "records_organisation_unique_top_name",
        "same name once under a parent",
        lambda top: OrganisationFactory(name="Ban Chỉ đạo 35", parent=OrganisationFactory()),
        given=lambda: OrganisationFactory(name="Ban Chỉ đạo 35"),
    ),
    # Person
    Case("records_person_full_name_present", "a name", lambda _: PersonFactory(full_name="Lê Thị Hoa")),
    Case("records_person_gender_valid", "gender unknown", lambda _: PersonFactory(gender="")),
    Case("records_person_gender_valid", "female", lambda _: PersonFactory(gender=PersonGender.FEMALE)),
    Case("records_person_birth_year_plausible", "born 1975", lambda _: PersonFactory(birth_year=1975)),
    Case(
        "records_person_birth_year_plausible", "birth year unknown", lambda _: PersonFactory(birth_year=None)
    ),
    # Membership
    Case(
        "records_membership_role_valid",
        "a secretary",
        lambda _: MembershipFactory(role=MembershipRole.SECRETARY),
    ),
    Case(
        "records_membership_end_after_start",
        "ends the day it starts",
        lambda _: MembershipFactory(start_on=JUNE_16, end_on=JUNE_16),
    ),
    Case(
        "records_membership_start_plausible",
        "started 1 January 1900",
        lambda _: MembershipFactory(start_on=datetime.date(1900, 1, 1)),
    ),
    Case(
        "records_membership_unique_open_post",
        "an open term after a closed one",
        lambda first: MembershipFactory(
            person=first.person, organisation=first.organisation, start_on=datetime.date(2020, 10, 15)
        ),
        given=lambda: MembershipFactory(
            start_on=datetime.date(2015, 10, 20), end_on=datetime.date(2020, 10, 14)
        ),
    ),
    Case(
        "records_membership_unique_open_post",
        "two open posts in different roles",
        lambda first: MembershipFactory(
            person=first.person, organisation=first.organisation, role=MembershipRole.STANDING_MEMBER
        ),
        given=lambda: MembershipFactory(role=MembershipRole.MEMBER),
    ),
    # LegalDocument
    Case(
        "records_legaldocument_type_valid",
        "a decree",
        lambda _: LegalDocumentFactory(document_type=DocumentType.DECREE, symbol="30/2020/NĐ-CP"),
    ),
    Case(
        "records_legaldocument_symbol_or_summary",
        "summary only",
        lambda _: LegalDocumentFactory(symbol="", summary="Nghị quyết về công tác cán bộ"),
    ),
    Case(
        "records_legaldocument_symbol_or_summary",
        "symbol only",
        lambda _: LegalDocumentFactory(symbol="14-NQ/ĐU", summary=""),
    ),
    Case(
        "records_legaldocument_year_plausible",
        "year 2020 from the symbol",
        lambda _: LegalDocumentFactory(document_type=DocumentType.DECREE, symbol="30/2020/NĐ-CP"),
    ),
    Case(
        "records_legaldocument_unique_symbol",
        "same symbol from another issuer",
        lambda _: LegalDocumentFactory(symbol="15-NQ/ĐU", issuer=OrganisationFactory()),
        given=lambda: LegalDocumentFactory(symbol="15-NQ/ĐU", issuer=OrganisationFactory()),
    ),
    Case(
        "records_legaldocument_unique_symbol",
        "same symbol, another type",
        lambda first: LegalDocumentFactory(
            symbol="15-NQ/ĐU", document_type=DocumentType.OTHER, issuer=first.issuer
        ),
        given=lambda: LegalDocumentFactory(symbol="15-NQ/ĐU", issuer=OrganisationFactory()),
    ),
    Case(
        "records_legaldocument_unique_symbol",
        "two documents without symbol from one issuer",
        lambda first: LegalDocumentFactory(symbol="", issuer=first.issuer),
        given=lambda: LegalDocumentFactory(symbol="", issuer=OrganisationFactory()),
    ),
    # Figure
    Case("records_figure_metric_valid", "an area", lambda _: FigureFactory(metric=FigureMetric.AREA)),
    Case("records_figure_value_not_negative", "zero", lambda _: FigureFactory(value=Decimal("0"))),
    Case("records_figure_one_subject", "a unit", lambda _: FigureFactory()),
    Case(
        "records_figure_one_subject",
        "an organisation",
        lambda _: FigureFactory(administrative_unit=None, organisation=OrganisationFactory()),
    ),
    Case(
        "records_figure_unique_unit_figure_per_source",
        "same source, another metric",
        lambda first: FigureFactory(
            source=first.source, administrative_unit=first.administrative_unit, metric=FigureMetric.AREA
        ),
        given=lambda: FigureFactory(metric=FigureMetric.POPULATION),
    ),
    Case(
        "records_figure_unique_unit_figure_per_source",
        "same metric, another source",
        lambda first: FigureFactory(administrative_unit=first.administrative_unit, value=Decimal("47140")),
        given=lambda: FigureFactory(value=Decimal("45140")),
    ),
    Case(
        "records_figure_unique_organisation_figure_per_source",
        "same source, another organisation",
        lambda first: FigureFactory(
            source=first.source, administrative_unit=None, organisation=OrganisationFactory()
        ),
        given=lambda: FigureFactory(administrative_unit=None, organisation=OrganisationFactory()),
    ),
    # AccessLog
    Case(
        "records_accesslog_kind_valid",
        "a failed login",
        lambda _: AccessLog.objects.create(kind=AccessEvent.LOGIN_FAILED, username="khong-co"),
    ),
    Case(
        "records_accesslog_rows_only_for_exports",
        "an export of 12 rows",
        lambda _: AccessLog.objects.create(kind=AccessEvent.EXPORT, path="/people/", rows=12),
    ),
    # SheetPreview
    Case("records_sheetpreview_kind_present", "memberships", lambda _: sheet_preview()),
    Case("records_sheetpreview_checksum_sha256", "a sha256", lambda _: sheet_preview()),
    Case("records_sheetpreview_claimed_after_preview", "not claimed", lambda _: sheet_preview()),
    Case(
        "records_sheetpreview_claimed_after_preview",
        "claimed a minute later",
        lambda _: sheet_preview(claimed_at=PREVIEWED_AT + datetime.timedelta(minutes=1)),
    ),
    Case(
        "records_sheetpreview_source_only_when_claimed",
        "a claimed preview's source",
        lambda _: sheet_preview(claimed_at=PREVIEWED_AT, source=SourceFactory(spreadsheet=True)),
    ),
    Case("records_sheetpreview_step_valid", "an import", lambda _: sheet_preview(step="import")),
    Case(
        "records_sheetpreview_status_valid",
        "a background task running",
        lambda _: sheet_preview(status="running", in_background=True),
    ),
    Case("records_sheetpreview_only_tasks_wait", "a preview done at once", lambda _: sheet_preview()),
    Case(
        "records_sheetpreview_only_tasks_wait",
        "a background task queued",
        lambda _: sheet_preview(status="queued", in_background=True),
    ),
]

BREAKING = [
    # Source
    Case("records_source_kind_valid", "unknown kind", lambda _: SourceFactory(kind="blog")),
    Case("records_source_title_present", "empty title", lambda _: SourceFactory(title="")),
    Case("records_source_checksum_sha256", "not hex", lambda _: SourceFactory(checksum="xyz" * 21 + "x")),
    Case(
        "records_source_checksum_sha256",
        "upper-case hex",
        lambda _: SourceFactory(checksum="0123456789ABCDEF" * 4),
    ),
    Case("records_source_checksum_sha256", "too short", lambda _: SourceFactory(checksum="abc123")),
    Case(
        "records_source_spreadsheet_has_checksum",
        "spreadsheet without checksum",
        lambda _: SourceFactory(kind=SourceKind.SPREADSHEET, checksum=""),
    ),
    Case(
        "records_source_retrieved_after_published",
        "retrieved before published",
        lambda _: SourceFactory(published_on=JUNE_17, retrieved_on=JUNE_16),
    ),
    Case(
        "records_source_unique_url",
        "same url twice",
        lambda first: SourceFactory(url=first.url),
        given=lambda: SourceFactory(url="https://example.com/bai-1.html"),
    ),
    # AdministrativeUnit
    Case(
        "records_administrativeunit_register_valid",
        "unknown register",
        lambda _: AdministrativeUnitFactory(register="2030"),
    ),
    Case(
        "records_administrativeunit_kind_valid",
        "unknown kind",
        lambda _: AdministrativeUnitFactory(kind="thon"),
    ),
    Case(
        "records_administrativeunit_name_present", "empty name", lambda _: AdministrativeUnitFactory(name="")
    ),
    Case(
        "records_administrativeunit_name_present",
        "blank name",
        lambda _: AdministrativeUnitFactory(name="  \t "),
    ),
    Case(
        "records_administrativeunit_code_digits",
        "letters in the code",
        lambda _: AdministrativeUnitFactory(code="31A"),
    ),
    Case(
        "records_administrativeunit_unique_code",
        "same code in the same register",
        lambda first: AdministrativeUnitFactory(register=first.register, code=first.code),
        given=lambda: AdministrativeUnitFactory(register=UnitRegister.CURRENT, code="91557"),
    ),
    Case(
        "records_administrativeunit_unique_code",
        "same code typed with spaces",
        lambda first: AdministrativeUnitFactory(register=first.register, code=" 91557 "),
        given=lambda: AdministrativeUnitFactory(register=UnitRegister.LEGACY, code="91557"),
    ),
    Case(
        "records_administrativeunit_not_own_parent",
        "own parent",
        set_own_parent,
        given=lambda: AdministrativeUnitFactory(),
    ),
    Case(
        "records_administrativeunit_valid_until_after_from",
        "ends before it starts",
        lambda _: AdministrativeUnitFactory(valid_from=JUNE_17, valid_until=JUNE_16),
    ),
    # UnitSuccession
    Case(
        "records_unitsuccession_portion_valid",
        "unknown portion",
        lambda _: UnitSuccessionFactory(portion="half"),
    ),
    Case(
        "records_unitsuccession_not_own_predecessor",
        "a unit succeeding itself",
        lambda unit: UnitSuccessionFactory(predecessor=unit, successor=unit),
        given=lambda: AdministrativeUnitFactory(),
    ),
    Case(
        "records_unitsuccession_unique_pair",
        "same pair twice",
        lambda first: UnitSuccessionFactory(
            predecessor=first.predecessor, successor=first.successor, portion=SuccessionPortion.PART
        ),
        given=lambda: UnitSuccessionFactory(portion=SuccessionPortion.WHOLE),
    ),
    # Organisation
    Case("records_organisation_kind_valid", "unknown kind", lambda _: OrganisationFactory(kind="cong_ty")),
    Case("records_organisation_name_present", "empty name", lambda _: OrganisationFactory(name="")),
    Case("records_organisation_seat_count_positive", "no seats", lambda _: OrganisationFactory(seat_count=0)),
    Case(
        "records_organisation_not_own_parent",
        "own parent",
        set_own_parent,
        given=lambda: OrganisationFactory(),
    ),
    Case(
        "records_organisation_dissolved_after_founded",
        "dissolved before founded",
        lambda _: OrganisationFactory(founded_on=JUNE_17, dissolved_on=JUNE_16),
    ),
    Case(
        "records_organisation_unique_name_in_parent",
        "same name under the same parent",
        lambda pair: OrganisationFactory(parent=pair[0], name="Chi bộ Trường Tiểu học Hòa Bình"),
        given=two_level_organisations,
    ),
    Case(
        "records_organisation_unique_name_in_parent",
        "same name, tone mark placed differently",
        lambda pair: OrganisationFactory(parent=pair[0], name="Chi bộ Trường Tiểu học Hoà Bình"),
        given=two_level_organisations,
    ),
    Case(
        "records_organisation_unique_top_name_in_unit",
        "same top name in the same unit",
        lambda first: OrganisationFactory(name="Thành uỷ", administrative_unit=first.administrative_unit),
        given=lambda: OrganisationFactory(name="Thành ủy", administrative_unit=AdministrativeUnitFactory()),
    ),
    Case(
        "records_organisation_unique_top_name",
        "same name at the top without a unit",
        lambda _: OrganisationFactory(name="ban chỉ đạo 35"),
        given=lambda: OrganisationFactory(name="Ban Chỉ đạo 35"),
    ),
    # Person
    Case("records_person_full_name_present", "empty name", lambda _: PersonFactory(full_name="")),
    Case("records_person_full_name_present", "blank name", lambda _: PersonFactory(full_name="   ")),
    Case("records_person_gender_valid", "unknown gender", lambda _: PersonFactory(gender="x")),
    Case("records_person_birth_year_plausible", "born 1849", lambda _: PersonFactory(birth_year=1849)),
    Case("records_person_birth_year_plausible", "born 2101", lambda _: PersonFactory(birth_year=2101)),
    # Membership
    Case("records_membership_role_valid", "unknown role", lambda _: MembershipFactory(role="thu_ky")),
    Case(
        "records_membership_end_after_start",
        "ends before it starts",
        lambda _: MembershipFactory(start_on=JUNE_17, end_on=JUNE_16),
    ),
    Case(
        "records_membership_start_plausible",
        "started in 1899",
        lambda _: MembershipFactory(start_on=datetime.date(1899, 12, 31)),
    ),
    Case(
        "records_membership_unique_open_post",
        "two open terms in one post",
        lambda first: MembershipFactory(
            person=first.person, organisation=first.organisation, role=first.role
        ),
        given=lambda: MembershipFactory(start_on=datetime.date(2020, 10, 15)),
    ),
    # LegalDocument
    Case(
        "records_legaldocument_type_valid", "unknown type", lambda _: LegalDocumentFactory(document_type="XX")
    ),
    Case(
        "records_legaldocument_symbol_or_summary",
        "neither symbol nor summary",
        lambda _: LegalDocumentFactory(symbol="", summary=""),
    ),
    Case(
        "records_legaldocument_year_plausible",
        "year 1944 from the symbol",
        lambda _: LegalDocumentFactory(document_type=DocumentType.DECREE, symbol="12/1944/NĐ-CP"),
    ),
    Case(
        "records_legaldocument_year_plausible",
        "year 2101 typed",
        lambda _: LegalDocumentFactory(symbol="", year=2101),
    ),
    Case(
        "records_legaldocument_unique_symbol",
        "same symbol, type and issuer",
        lambda first: LegalDocumentFactory(symbol="15-NQ/ĐU", issuer=first.issuer, summary="Bản nhập lại"),
        given=lambda: LegalDocumentFactory(symbol="15-NQ/ĐU", issuer=OrganisationFactory()),
    ),
    Case(
        "records_legaldocument_unique_symbol",
        "same symbol in other case and spacing",
        lambda first: LegalDocumentFactory(symbol=" 15-nq/đu ", issuer=first.issuer),
        given=lambda: LegalDocumentFactory(symbol="15-NQ/ĐU", issuer=OrganisationFactory()),
    ),
    # Figure
    Case("records_figure_metric_valid", "unknown metric", lambda _: FigureFactory(metric="gdp")),
    Case("records_figure_value_not_negative", "negative", lambda _: FigureFactory(value=Decimal("-1"))),
    Case(
        "records_figure_one_subject",
        "both a unit and an organisation",
        lambda _: FigureFactory(organisation=OrganisationFactory()),
    ),
    Case("records_figure_one_subject", "no subject", lambda _: FigureFactory(administrative_unit=None)),
    Case(
        "records_figure_unique_unit_figure_per_source",
        "one source, the same unit figure twice",
        lambda first: FigureFactory(
            source=first.source, administrative_unit=first.administrative_unit, value=Decimal("47140")
        ),
        given=lambda: FigureFactory(value=Decimal("45140")),
    ),
    Case(
        "records_figure_unique_organisation_figure_per_source",
        "one source, the same organisation figure twice",
        lambda first: FigureFactory(
            source=first.source,
            administrative_unit=None,
            organisation=first.organisation,
            metric=first.metric,
            value=Decimal("56"),
        ),
        given=lambda: FigureFactory(
            administrative_unit=None,
            organisation=OrganisationFactory(),
            metric=FigureMetric.PARTY_ORGANISATIONS,
            value=Decimal("55"),
        ),
    ),
    # AccessLog
    Case(
        "records_accesslog_kind_valid",
        "unknown event",
        lambda _: AccessLog.objects.create(kind="logout"),
    ),
    Case(
        "records_accesslog_rows_only_for_exports",
        "a login with a row count",
        lambda _: AccessLog.objects.create(kind=AccessEvent.LOGIN, rows=3),
    ),
    # SheetPreview
    Case("records_sheetpreview_kind_present", "no kind", lambda _: sheet_preview(kind="")),
    Case("records_sheetpreview_checksum_sha256", "no checksum", lambda _: sheet_preview(checksum="")),
    Case(
        "records_sheetpreview_claimed_after_preview",
        "claimed before the preview",
        lambda _: sheet_preview(claimed_at=PREVIEWED_AT - datetime.timedelta(minutes=1)),
    ),
    Case(
        "records_sheetpreview_source_only_when_claimed",
        "a source but not claimed",
        lambda _: sheet_preview(source=SourceFactory(spreadsheet=True)),
    ),
    Case("records_sheetpreview_step_valid", "an unknown step", lambda _: sheet_preview(step="export")),
    Case(
        "records_sheetpreview_status_valid",
        "an unknown status",
        lambda _: sheet_preview(status="paused", in_background=True),
    ),
    Case(
        "records_sheetpreview_only_tasks_wait",
        "queued, but not in the background",
        lambda _: sheet_preview(status="queued"),
    ),
]

RECORDS_CONSTRAINTS = all_constraints("records")


def test_every_records_constraint_has_cases_both_ways():
    assert {case.constraint for case in KEEPING} == set(RECORDS_CONSTRAINTS)
    assert {case.constraint for case in BREAKING} == set(RECORDS_CONSTRAINTS)


@pytest.mark.parametrize("case", KEEPING, ids=str)
def test_row_keeping_the_constraint_saves(case):
    save_ok(case)


@pytest.mark.parametrize("case", BREAKING, ids=str)
def test_row_breaking_the_constraint_is_refused_by_the_database(case):
    save_refused(case, RECORDS_CONSTRAINTS)


# Factories #################################################################


@pytest.mark.parametrize(
    "build",
    [
        SourceFactory,
        lambda: SourceFactory(article=True),
        lambda: SourceFactory(spreadsheet=True),
        AdministrativeUnitFactory,
        UnitSuccessionFactory,
        OrganisationFactory,
        PersonFactory,
        MembershipFactory,
        LegalDocumentFactory,
        FigureFactory,
    ],
    ids=[
        "source",
        "source-article",
        "source-spreadsheet",
        "unit",
        "succession",
        "organisation",
        "person",
        "membership",
        "document",
        "figure",
    ],
)
def test_factories_build_records_that_pass_full_validation(build):
    first, second = build(), build()

    first.full_clean()
    second.full_clean()
    assert str(first)


# Person ####################################################################


def test_person_name_parts_and_keys_are_derived_on_save():
    person = PersonFactory(full_name="  Nguyễn   Văn  Phú ")
    person.refresh_from_db()

    assert person.full_name == "Nguyễn Văn Phú"
    assert (person.family_name, person.middle_name, person.given_name) == ("Nguyễn", "Văn", "Phú")
    assert person.name_key == vietnamese.identity_key("Nguyễn Văn Phú")
    assert person.search_key == "nguyen van phu"
    assert person.sort_key == vietnamese.person_sort_key("Nguyễn", "Văn", "Phú")


def test_person_name_typed_decomposed_is_stored_composed():
    person = PersonFactory(full_name=unicodedata.normalize("NFD", "Đặng Thị Thủy"))
    person.refresh_from_db()

    assert person.full_name == unicodedata.normalize("NFC", "Đặng Thị Thủy")
    assert person.given_name == unicodedata.normalize("NFC", "Thủy")


def test_renaming_a_person_re_derives_parts_and_keys():
    person = PersonFactory(full_name="Nguyễn Văn Phú")

    person.full_name = "Trần Thị Thu Hà"
    person.save()
    person.refresh_from_db()

    assert (person.family_name, person.middle_name, person.given_name) == ("Trần", "Thị Thu", "Hà")
    assert person.name_key == vietnamese.identity_key("Trần Thị Thu Hà")
    assert person.search_key == "tran thi thu ha"
    assert person.sort_key == vietnamese.person_sort_key("Trần", "Thị Thu", "Hà")


def test_a_clerks_consistent_split_is_kept():
    person = PersonFactory(
        full_name="Tôn Nữ Thị Hà", family_name="Tôn Nữ", middle_name="Thị", given_name="Hà"
    )

    person.save()  # a second save must not undo the split
    person.refresh_from_db()

    assert (person.family_name, person.middle_name, person.given_name) == ("Tôn Nữ", "Thị", "Hà")
    assert person.sort_key == vietnamese.person_sort_key("Tôn Nữ", "Thị", "Hà")


def test_a_split_that_spells_another_name_is_replaced_by_the_derived_one():
    person = PersonFactory(full_name="Lê Văn Tám", family_name="Tôn Nữ", middle_name="Thị", given_name="Hà")
    person.refresh_from_db()

    assert (person.family_name, person.middle_name, person.given_name) == ("Lê", "Văn", "Tám")
    assert person.sort_key == vietnamese.person_sort_key("Lê", "Văn", "Tám")


def test_old_and_new_tone_placement_give_the_same_name_key():
    old_style = PersonFactory(full_name="Nguyễn Thị Thủy")
    new_style = PersonFactory(full_name="Nguyễn Thị Thuỷ")
    other_tone = PersonFactory(full_name="Nguyễn Thị Thúy")

    assert old_style.name_key == new_style.name_key
    assert other_tone.name_key != old_style.name_key


def test_search_without_diacritics_finds_both_spellings():
    old_style = PersonFactory(full_name="Nguyễn Thị Thủy")
    new_style = PersonFactory(full_name="Nguyễn Thị Thuỷ")
    PersonFactory(full_name="Nguyễn Thị Thanh")

    assert set(Person.objects.search("nguyen thi thuy")) == {old_style, new_style}


def test_people_are_ordered_by_given_then_middle_then_family_name_in_vietnamese_order():
    expected = [
        "Võ An",  # no middle name sorts first among the Ans
        "Nguyễn Văn An",
        "Trần Thị Ánh",  # Vietnamese order puts Á with A, before B
        "Lê Thị Bình",  # same given and middle name: family name decides
        "Phạm Thị Bình",
        "Hoàng Văn Bình",  # middle name Thị before Văn
        "Đoàn Văn Dũng",
        "Đỗ Thị Đào",  # đ after d, before e ... h
        "Ngô Thị Hà",  # tone order: huyền before nặng
        "Bùi Thị Hạ",
        "Đặng Văn Hải",
    ]
    for name in reversed(expected):
        PersonFactory(full_name=name)

    assert [person.full_name for person in Person.objects.all()] == expected


# Membership ################################################################


def test_current_and_past_memberships_around_today():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    open_ended = MembershipFactory(start_on=None, end_on=None)
    started_yesterday = MembershipFactory(start_on=today - day)
    starts_today = MembershipFactory(start_on=today)
    ends_today = MembershipFactory(start_on=today - 30 * day, end_on=today)
    ended_yesterday = MembershipFactory(start_on=today - 30 * day, end_on=today - day)
    starts_tomorrow = MembershipFactory(start_on=today + day)

    assert set(Membership.objects.current()) == {open_ended, started_yesterday, starts_today, ends_today}
    assert set(Membership.objects.past()) == {ended_yesterday}
    assert set(Membership.objects.future()) == {starts_tomorrow}
    periods = dict(Membership.objects.with_period().values_list("pk", "period"))
    assert periods[starts_tomorrow.pk] == MembershipPeriod.FUTURE
    assert periods[ends_today.pk] == MembershipPeriod.CURRENT
    assert periods[ended_yesterday.pk] == MembershipPeriod.PAST


def test_every_post_is_in_exactly_one_period_and_the_annotation_agrees_with_the_filters():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    for start_on in (None, today - day, today, today + day):
        for end_on in (None, today - day, today, today + day):
            if start_on is None or end_on is None or end_on >= start_on:
                MembershipFactory(start_on=start_on, end_on=end_on)

    periods = dict(Membership.objects.with_period().values_list("pk", "period"))
    for period in MembershipPeriod.values:
        assert set(Membership.objects.in_period(period).values_list("pk", flat=True)) == {
            pk for pk, found in periods.items() if found == period
        }
    assert set(periods.values()) == set(MembershipPeriod.values)


def test_current_memberships_on_a_given_day():
    term_2015 = MembershipFactory(start_on=datetime.date(2015, 10, 20), end_on=datetime.date(2020, 10, 14))
    term_2020 = MembershipFactory(start_on=datetime.date(2020, 10, 15))

    assert set(Membership.objects.current(on=datetime.date(2018, 1, 1))) == {term_2015}
    assert set(Membership.objects.current(on=datetime.date(2020, 10, 15))) == {term_2020}
    assert set(Membership.objects.past(on=datetime.date(2020, 10, 15))) == {term_2015}
    assert set(Membership.objects.future(on=datetime.date(2018, 1, 1))) == {term_2020}
    periods = dict(Membership.objects.with_period(on=datetime.date(2018, 1, 1)).values_list("pk", "period"))
    assert periods == {term_2015.pk: MembershipPeriod.CURRENT, term_2020.pk: MembershipPeriod.FUTURE}


# AdministrativeUnit ########################################################


def test_units_are_searched_by_code_or_by_any_part_of_the_name():
    ward = AdministrativeUnitFactory(code="11557", name="Phường Thiên Hương")
    AdministrativeUnitFactory(code="11558", name="Phường Hoàng Lâm")

    assert list(AdministrativeUnit.objects.search(" 11557 ")) == [ward]
    assert list(AdministrativeUnit.objects.search("en huong")) == [ward]
    assert list(AdministrativeUnit.objects.search("1155")) == []
    assert AdministrativeUnit.objects.search("  ").count() == 2


# Organisation ##############################################################


def test_subtree_holds_the_roots_and_everything_below_them():
    party = OrganisationFactory(name="Đảng bộ phường Tân Hòa 50")
    cell = OrganisationFactory(name="Chi bộ Khu dân cư số 1", kind="chi_bo", parent=party)
    group = OrganisationFactory(name="Tổ đảng số 1", kind="khac", parent=cell)
    school_cell = OrganisationFactory(name="Chi bộ Trường Mầm non Hoa Sen", kind="chi_bo", parent=party)
    OrganisationFactory(name="Đảng bộ phường Tân Hòa 51")

    assert set(Organisation.objects.subtree(Organisation.objects.filter(pk=party.pk))) == {
        party,
        cell,
        group,
        school_cell,
    }
    assert set(Organisation.objects.subtree([cell])) == {cell, group}


def test_ancestors_are_listed_nearest_first():
    party = OrganisationFactory()
    cell = OrganisationFactory(parent=party, kind="chi_bo")
    group = OrganisationFactory(parent=cell, kind="khac")

    assert group.ancestors() == [cell, party]
    assert party.ancestors() == []


def test_seats_filled_counts_people_holding_a_current_post_once():
    today = timezone.localdate()
    committee = OrganisationFactory(kind="ban_chap_hanh", seat_count=27)
    secretary = PersonFactory()
    MembershipFactory(organisation=committee, person=secretary, role=MembershipRole.SECRETARY)
    MembershipFactory(organisation=committee, person=secretary, role=MembershipRole.STANDING_MEMBER)
    MembershipFactory(organisation=committee)
    MembershipFactory(
        organisation=committee,
        start_on=today - datetime.timedelta(days=400),
        end_on=today - datetime.timedelta(days=1),
    )
    MembershipFactory(organisation=committee, start_on=today + datetime.timedelta(days=1))
    MembershipFactory()  # another organisation's member

    assert committee.seats_filled() == 2


def test_clean_refuses_a_parent_below_the_organisation():
    party = OrganisationFactory()
    cell = OrganisationFactory(parent=party, kind="chi_bo")

    party.parent = cell
    with pytest.raises(ValidationError) as refused:
        party.clean()

    assert "parent" in refused.value.message_dict


def test_clean_refuses_the_organisation_as_its_own_parent():
    party = OrganisationFactory()

    party.parent = party
    with pytest.raises(ValidationError) as refused:
        party.clean()

    assert "parent" in refused.value.message_dict


def test_clean_accepts_moving_an_organisation_under_another_tree():
    party = OrganisationFactory()
    cell = OrganisationFactory(parent=party, kind="chi_bo")
    other_party = OrganisationFactory()

    cell.parent = other_party
    cell.clean()


# LegalDocument #############################################################


@pytest.mark.parametrize(
    ("symbol", "document_type", "number", "year", "issuer_code"),
    [
        ("1669/NQ-UBTVQH15", DocumentType.RESOLUTION, "1669", None, "UBTVQH15"),
        ("30/2020/NĐ-CP", DocumentType.DECREE, "30", 2020, "CP"),
        ("68-NQ/TW", DocumentType.RESOLUTION, "68", None, "TW"),
    ],
)
def test_save_fills_number_year_and_issuer_code_from_the_symbol(
    symbol, document_type, number, year, issuer_code
):
    document = LegalDocumentFactory(symbol=symbol, document_type=document_type)
    document.refresh_from_db()

    assert (document.number, document.year, document.issuer_code) == (number, year, issuer_code)


def test_correcting_the_symbol_re_derives_number_year_and_issuer_code():
    document = LegalDocumentFactory(symbol="31/2020/NĐ-CP", document_type=DocumentType.DECREE)

    document.symbol = "30/2021/NĐ-CP"
    document.save()
    document.refresh_from_db()

    assert (document.number, document.year, document.issuer_code) == ("30", 2021, "CP")


def test_clean_refuses_a_symbol_of_another_document_type():
    document = LegalDocument(symbol="30/2020/NĐ-CP", document_type=DocumentType.RESOLUTION)

    with pytest.raises(ValidationError) as refused:
        document.clean()

    assert "document_type" in refused.value.message_dict
    assert "NĐ" in refused.value.message_dict["document_type"][0]


@pytest.mark.parametrize(
    ("symbol", "document_type"),
    [
        ("1669/NQ-UBTVQH15", DocumentType.RESOLUTION),
        ("30/2020/NĐ-CP", DocumentType.DECREE),
        ("01-QĐi/TW", DocumentType.REGULATION),
        ("59/2020/QH14", DocumentType.LAW),  # laws carry no type in the symbol
    ],
)
def test_clean_accepts_a_symbol_of_the_same_document_type(symbol, document_type):
    LegalDocument(symbol=symbol, document_type=document_type).clean()


def test_clean_refuses_an_unreadable_symbol():
    document = LegalDocument(symbol="Nghị quyết Đại hội", document_type=DocumentType.RESOLUTION)

    with pytest.raises(ValidationError) as refused:
        document.clean()

    assert "symbol" in refused.value.message_dict


# Figure ####################################################################


def conflict_flags():
    return dict(Figure.objects.with_conflicts().values_list("pk", "has_conflict"))


def test_two_sources_giving_different_values_both_conflict():
    ward = AdministrativeUnitFactory()
    area_a = FigureFactory(administrative_unit=ward, metric=FigureMetric.AREA, value=Decimal("21.1"))
    area_b = FigureFactory(administrative_unit=ward, metric=FigureMetric.AREA, value=Decimal("24.46"))

    assert conflict_flags() == {area_a.pk: True, area_b.pk: True}


def test_two_sources_giving_the_same_value_do_not_conflict():
    ward = AdministrativeUnitFactory()
    first = FigureFactory(administrative_unit=ward, value=Decimal("45140"))
    second = FigureFactory(administrative_unit=ward, value=Decimal("45140.0"))

    assert conflict_flags() == {first.pk: False, second.pk: False}


def test_different_values_as_of_different_days_do_not_conflict():
    ward = AdministrativeUnitFactory()
    in_2024 = FigureFactory(
        administrative_unit=ward, value=Decimal("45140"), as_of=datetime.date(2024, 12, 31)
    )
    in_2025 = FigureFactory(
        administrative_unit=ward, value=Decimal("47140"), as_of=datetime.date(2025, 6, 30)
    )

    assert conflict_flags() == {in_2024.pk: False, in_2025.pk: False}


def test_different_values_as_of_the_same_day_conflict():
    ward = AdministrativeUnitFactory()
    day = datetime.date(2025, 6, 30)
    first = FigureFactory(administrative_unit=ward, value=Decimal("45140"), as_of=day)
    second = FigureFactory(administrative_unit=ward, value=Decimal("47140"), as_of=day)

    assert conflict_flags() == {first.pk: True, second.pk: True}


def test_an_undated_figure_conflicts_with_a_dated_different_one():
    ward = AdministrativeUnitFactory()
    undated = FigureFactory(administrative_unit=ward, value=Decimal("45140"), as_of=None)
    dated = FigureFactory(administrative_unit=ward, value=Decimal("47140"), as_of=datetime.date(2025, 6, 30))

    assert conflict_flags() == {undated.pk: True, dated.pk: True}


def test_figures_about_other_metrics_or_other_units_do_not_conflict():
    ward = AdministrativeUnitFactory()
    population = FigureFactory(
        administrative_unit=ward, metric=FigureMetric.POPULATION, value=Decimal("45140")
    )
    households = FigureFactory(
        administrative_unit=ward, metric=FigureMetric.HOUSEHOLDS, value=Decimal("12000")
    )
    elsewhere = FigureFactory(metric=FigureMetric.POPULATION, value=Decimal("47140"))

    assert conflict_flags() == {population.pk: False, households.pk: False, elsewhere.pk: False}


def test_organisation_figures_conflict_like_unit_figures():
    party = OrganisationFactory()
    members_a = FigureFactory(
        administrative_unit=None, organisation=party, metric=FigureMetric.PARTY_MEMBERS, value=Decimal("1535")
    )
    members_b = FigureFactory(
        administrative_unit=None, organisation=party, metric=FigureMetric.PARTY_MEMBERS, value=Decimal("1553")
    )
    agreeing_a = FigureFactory(
        administrative_unit=None,
        organisation=party,
        metric=FigureMetric.PARTY_ORGANISATIONS,
        value=Decimal("55"),
    )
    agreeing_b = FigureFactory(
        administrative_unit=None,
        organisation=party,
        metric=FigureMetric.PARTY_ORGANISATIONS,
        value=Decimal("55"),
    )

    assert conflict_flags() == {
        members_a.pk: True,
        members_b.pk: True,
        agreeing_a.pk: False,
        agreeing_b.pk: False,
    }


def test_a_unit_figure_and_an_organisation_figure_with_equal_ids_are_not_compared():
    ward = AdministrativeUnitFactory(pk=9001)
    party = OrganisationFactory(pk=9001)
    about_ward = FigureFactory(
        administrative_unit=ward, metric=FigureMetric.POPULATION, value=Decimal("45140")
    )
    about_party = FigureFactory(
        administrative_unit=None, organisation=party, metric=FigureMetric.POPULATION, value=Decimal("47140")
    )

    assert conflict_flags() == {about_ward.pk: False, about_party.pk: False}
