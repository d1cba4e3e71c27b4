"""Constraint cases for records.models: rows that keep each named constraint, and their helpers.

The rows that break each constraint, and the tests that save both, are in test_models_constraints.py.
"""

import datetime
from decimal import Decimal


import uuid

from django.contrib.auth import get_user_model

from records.models import AccessEvent, AccessLog, ApiToken, OrganisationMerge, PersonMerge, SheetPreview
from records.models.documents import DocumentType
from records.models.figures import FigureMetric
from records.models.people import MembershipRole, PersonGender
from records.models.sources import SourceKind
from records.models.units import SuccessionPortion, UnitKind, UnitRegister
from tests.constraints import Case
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


MERGED_UID = uuid.UUID("0b3f6c9e-2d1a-4e8b-9f7c-5a6d4e3c2b1a")


def person_merge(**fields):
    """A merge row as records.merging writes one: "Nguyen Cong Dien" merged into a person."""
    kept = fields.pop("kept") if "kept" in fields else PersonFactory()
    return record_merge(PersonMerge, kept, "Nguyễn Công Diễn", "Nguyen Cong Dien", **fields)


def organisation_merge(**fields):
    """A merge row as records.merging writes one: "Dang uy phuong Thien Huong" merged into an organisation."""
    kept = fields.pop("kept") if "kept" in fields else OrganisationFactory()
    names = ("Đảng ủy phường Thiên Hương", "Dang uy phuong Thien Huong")
    return record_merge(OrganisationMerge, kept, *names, **fields)


def record_merge(model, kept, kept_name, merged_name, **fields):
    return model.objects.create(
        **{
            "kept": kept,
            "kept_name": str(kept) if kept else kept_name,
            "merged_pk": 999_999,
            "merged_uid": MERGED_UID,
            "merged_name": merged_name,
            **fields,
        }
    )


def manager():
    return get_user_model().objects.create_user("quan-ly")


ISSUED_AT = datetime.datetime(2025, 7, 1, 8, 0, tzinfo=datetime.UTC)


def api_token(**fields):
    """A key as the admin makes one, for a user made for it, written straight to the database."""
    token = ApiToken(
        name="Cổng thông tin thành phố",
        user=get_user_model().objects.create_user(f"doc-api-{ApiToken.objects.count()}"),
        created_at=ISSUED_AT,
        expires_at=ISSUED_AT + datetime.timedelta(days=90),
    )
    token.set_key(ApiToken.new_key())
    for name, value in fields.items():
        setattr(token, name, value)
    token.save()
    return token


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
        "records_accesslog_rows_only_for_reads",
        "an export of 12 rows",
        lambda _: AccessLog.objects.create(kind=AccessEvent.EXPORT, path="/people/", rows=12),
    ),
    Case(
        "records_accesslog_rows_only_for_reads",
        "a read of 50 rows through the API",
        lambda _: AccessLog.objects.create(kind=AccessEvent.API_READ, path="/api/v1/people", rows=50),
    ),
    Case(
        "records_accesslog_token_only_for_api_reads",
        "a read through the API with its key",
        lambda token: AccessLog.objects.create(kind=AccessEvent.API_READ, rows=1, api_token=token),
        given=lambda: api_token(),
    ),
    # ApiToken
    Case("records_apitoken_name_present", "a portal's key", lambda _: api_token()),
    Case("records_apitoken_digest_sha256", "a key's digest", lambda _: api_token()),
    Case("records_apitoken_prefix_of_a_key", "a key's first characters", lambda _: api_token()),
    Case(
        "records_apitoken_expires_after_created",
        "expires a second after it is made",
        lambda _: api_token(expires_at=ISSUED_AT + datetime.timedelta(seconds=1)),
    ),
    Case(
        "records_apitoken_revoked_by_when_revoked",
        "revoked, with who revoked it",
        lambda user: api_token(revoked_at=ISSUED_AT, revoked_by=user),
        given=manager,
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
        "records_sheetpreview_claimed_after_reading",
        "read, then claimed a minute later",
        lambda _: sheet_preview(
            read_at=PREVIEWED_AT, claimed_at=PREVIEWED_AT + datetime.timedelta(minutes=1)
        ),
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
    # PersonMerge
    Case("records_personmerge_two_people", "another person kept", lambda _: person_merge()),
    Case(
        "records_personmerge_two_people", "the kept person deleted since", lambda _: person_merge(kept=None)
    ),
    Case("records_personmerge_reverted_by_when_reverted", "not reverted", lambda _: person_merge()),
    Case(
        "records_personmerge_reverted_by_when_reverted",
        "reverted by a manager",
        lambda _: person_merge(reverted_at=PREVIEWED_AT, reverted_by=manager()),
    ),
    Case(
        "records_personmerge_merged_once",
        "merged again after a revert",
        lambda _: person_merge(),
        given=lambda: person_merge(reverted_at=PREVIEWED_AT),
    ),
    # OrganisationMerge
    Case(
        "records_organisationmerge_two_organisations",
        "another organisation kept",
        lambda _: organisation_merge(),
    ),
    Case(
        "records_organisationmerge_two_organisations",
        "the kept organisation deleted since",
        lambda _: organisation_merge(kept=None),
    ),
    Case(
        "records_organisationmerge_reverted_by_when_reverted", "not reverted", lambda _: organisation_merge()
    ),
    Case(
        "records_organisationmerge_reverted_by_when_reverted",
        "reverted by a manager",
        lambda _: organisation_merge(reverted_at=PREVIEWED_AT, reverted_by=manager()),
    ),
    Case(
        "records_organisationmerge_merged_once",
        "merged again after a revert",
        lambda _: organisation_merge(),
        given=lambda: organisation_merge(reverted_at=PREVIEWED_AT),
    ),
]
