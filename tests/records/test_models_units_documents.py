"""Tests for records.models: units, organisations, legal documents and figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from records.models import AdministrativeUnit, Figure, LegalDocument, Organisation
from records.models.documents import DocumentType
from records.models.figures import FigureMetric
from records.models.people import MembershipRole
from tests.records.factories import (
    AdministrativeUnitFactory,
    FigureFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


# AdministrativeUnit ########################################################


def test_units_are_searched_by_code_or_by_the_starts_of_the_words_of_the_name():
    ward = AdministrativeUnitFactory(code="11557", name="Phường Thiên Hương")
    AdministrativeUnitFactory(code="11558", name="Phường Hoàng Lâm")

    assert list(AdministrativeUnit.objects.search(" 11557 ")) == [ward]
    assert list(AdministrativeUnit.objects.search("thien huo")) == [ward]
    # Before issue 13 any part matched: "en huong" found Thiên Hương, "hai an" Xã Thái Tân.
    assert list(AdministrativeUnit.objects.search("en huong")) == []
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
