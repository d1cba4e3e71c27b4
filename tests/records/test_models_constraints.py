"""Tests for records.models: every named constraint, kept and broken, and the factories.

Constraint cases save rows straight through `save()` (never `full_clean()`), so what
refuses a bad row is the database itself, on SQLite and on PostgreSQL alike.
"""

import datetime
from decimal import Decimal

import pytest

from records.models import AccessEvent, AccessLog, ApiToken
from records.models.documents import DocumentType
from records.models.figures import FigureMetric
from records.models.sources import SourceKind
from records.models.units import SuccessionPortion, UnitRegister
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
from tests.records.models_cases import (
    JUNE_16,
    JUNE_17,
    ISSUED_AT,
    KEEPING,
    PREVIEWED_AT,
    api_token,
    manager,
    organisation_merge,
    person_merge,
    set_own_parent,
    sheet_preview,
    two_level_organisations,
)

pytestmark = pytest.mark.django_db


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
        "records_accesslog_rows_only_for_reads",
        "a login with a row count",
        lambda _: AccessLog.objects.create(kind=AccessEvent.LOGIN, rows=3),
    ),
    Case(
        "records_accesslog_token_only_for_api_reads",
        "an export naming a key",
        lambda token: AccessLog.objects.create(kind=AccessEvent.EXPORT, rows=1, api_token=token),
        given=lambda: api_token(),
    ),
    # ApiToken
    Case("records_apitoken_name_present", "no name", lambda _: api_token(name="")),
    Case(
        "records_apitoken_digest_sha256",
        "the key itself kept",
        lambda _: api_token(digest=ApiToken.new_key()),
    ),
    Case("records_apitoken_prefix_of_a_key", "no prefix", lambda _: api_token(prefix="")),
    Case(
        "records_apitoken_expires_after_created",
        "expires when it is made",
        lambda _: api_token(expires_at=ISSUED_AT),
    ),
    Case(
        "records_apitoken_revoked_by_when_revoked",
        "who revoked it, but not revoked",
        lambda user: api_token(revoked_by=user),
        given=manager,
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
        "records_sheetpreview_claimed_after_reading",
        "claimed before the records were read",
        lambda _: sheet_preview(
            read_at=PREVIEWED_AT + datetime.timedelta(minutes=2),
            claimed_at=PREVIEWED_AT + datetime.timedelta(minutes=1),
        ),
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
    # PersonMerge
    Case(
        "records_personmerge_two_people",
        "the person kept is the one merged",
        lambda kept: person_merge(kept=kept, merged_pk=kept.pk),
        given=PersonFactory,
    ),
    Case(
        "records_personmerge_reverted_by_when_reverted",
        "a reverter but not reverted",
        lambda user: person_merge(reverted_by=user),
        given=manager,
    ),
    Case(
        "records_personmerge_merged_once",
        "merged away twice, neither reverted",
        lambda _: person_merge(),
        given=person_merge,
    ),
    # OrganisationMerge
    Case(
        "records_organisationmerge_two_organisations",
        "the organisation kept is the one merged",
        lambda kept: organisation_merge(kept=kept, merged_pk=kept.pk),
        given=OrganisationFactory,
    ),
    Case(
        "records_organisationmerge_reverted_by_when_reverted",
        "a reverter but not reverted",
        lambda user: organisation_merge(reverted_by=user),
        given=manager,
    ),
    Case(
        "records_organisationmerge_merged_once",
        "merged away twice, neither reverted",
        lambda _: organisation_merge(),
        given=organisation_merge,
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
