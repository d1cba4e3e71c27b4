"""Tests for records.duplicates: which records on file a proposed person or organisation may be."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.duplicates import (
    OrganisationDuplicates,
    PersonDuplicates,
    ProposedOrganisation,
    ProposedPerson,
    organisation_duplicates,
    person_duplicates,
)
from records.models import Organisation, Person
from records.models.organisations import OrganisationKind
from tests.records.factories import (
    AdministrativeUnitFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def names(records):
    return [str(record) for record in records]


def test_a_name_without_diacritics_may_be_the_person_on_record():
    PersonFactory(full_name="Nguyễn Công Diễn")
    assert names(person_duplicates("Nguyen Cong Dien")) == ["Nguyễn Công Diễn"]
    assert names(person_duplicates("NGUYỄN CÔNG DIỄN")) == ["Nguyễn Công Diễn"]
    assert person_duplicates("Nguyen Cong Dinh") == []


def test_birth_years_must_agree_unless_one_is_unknown():
    PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    PersonFactory(full_name="Nguyễn Văn Ân", birth_year=None)
    assert names(person_duplicates("Nguyen Van An", 1970)) == ["Nguyễn Văn An (1970)", "Nguyễn Văn Ân"]
    assert names(person_duplicates("Nguyen Van An", 1980)) == ["Nguyễn Văn Ân"]
    assert len(person_duplicates("Nguyen Van An")) == 2


def test_a_namesake_born_in_another_year_is_a_candidate_in_the_same_organisation():
    committee = OrganisationFactory(kind=OrganisationKind.EXECUTIVE_COMMITTEE)
    other = OrganisationFactory()
    MembershipFactory(person=PersonFactory(full_name="Trần Thị Bình", birth_year=1970), organisation=committee)
    assert person_duplicates("Tran Thi Binh", 1980) == []
    assert person_duplicates("Tran Thi Binh", 1980, organisations=[other.pk]) == []
    assert names(person_duplicates("Tran Thi Binh", 1980, organisations=[committee.pk])) == [
        "Trần Thị Bình (1970)"
    ]


def test_the_record_being_changed_and_records_out_of_the_queryset_are_not_offered():
    person = PersonFactory(full_name="Nguyễn Công Diễn")
    assert person_duplicates("Nguyen Cong Dien", exclude={person.pk}) == []
    assert person_duplicates("Nguyen Cong Dien", queryset=Person.objects.none()) == []


def test_an_organisation_may_be_one_of_the_same_name_under_the_same_parent():
    ward = AdministrativeUnitFactory()
    party = OrganisationFactory(name="Đảng bộ phường Tân Hòa", administrative_unit=ward)
    cell = OrganisationFactory(name="Chi bộ Khu dân cư số 1", parent=party, kind=OrganisationKind.PARTY_CELL)
    other_party = OrganisationFactory(name="Đảng bộ phường Hòa Bình")
    assert organisation_duplicates("Chi bo khu dan cu so 1", parent=party.pk) == [cell]
    # "Chi bộ 1" under two parents are two organisations.
    assert organisation_duplicates("Chi bo khu dan cu so 1", parent=other_party.pk) == []
    assert organisation_duplicates("Chi bo khu dan cu so 1") == []
    # At the top of a tree, the place tells namesakes apart; an unknown place may be any.
    assert organisation_duplicates("Dang bo phuong Tan Hoa", unit=ward.pk) == [party]
    assert organisation_duplicates("Dang bo phuong Tan Hoa") == [party]
    assert organisation_duplicates("Dang bo phuong Tan Hoa", unit=AdministrativeUnitFactory().pk) == []


def test_many_proposals_are_answered_with_the_same_queries_as_few():
    committee = OrganisationFactory(kind=OrganisationKind.EXECUTIVE_COMMITTEE)
    for number in range(5):
        MembershipFactory(person=PersonFactory(full_name=f"Lê Văn Tư {number}"), organisation=committee)

    def queries(count):
        proposals = [
            ProposedPerson(f"Le Van Tu {number}", 1970 + number % 3, frozenset([committee.pk]))
            for number in range(count)
        ] + [ProposedPerson(f"Le Van Tu {number}") for number in range(count)]
        duplicates = PersonDuplicates()
        with CaptureQueriesContext(connection) as captured:
            duplicates.load(proposals)
        found = [duplicates.candidates(proposal) for proposal in proposals]
        return len(captured.captured_queries), sum(map(len, found))

    few, found_few = queries(5)
    many, found_many = queries(500)
    assert few == many == 2
    assert found_few == found_many == 10


def test_organisations_are_answered_in_one_query_per_thousand_names():
    OrganisationFactory(name="Đảng bộ phường Tân Hòa")
    duplicates = OrganisationDuplicates(Organisation.objects.all())
    proposals = [ProposedOrganisation(f"Dang bo phuong {number}") for number in range(1500)]
    proposals.append(ProposedOrganisation("Dang bo phuong Tan Hoa"))
    with CaptureQueriesContext(connection) as captured:
        duplicates.load(proposals)
    assert len(captured.captured_queries) == 2
    assert names(duplicates.candidates(proposals[-1])) == ["Đảng bộ phường Tân Hòa"]
