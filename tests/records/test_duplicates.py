"""Tests for records.duplicates: which records on file a proposed person or organisation may be."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

import random

from records.duplicates import (
    OrganisationDuplicates,
    PersonDuplicates,
    ProposedOrganisation,
    ProposedPerson,
    likely_groups,
    likely_organisation_groups,
    likely_organisation_pairs,
    likely_pairs,
    organisation_duplicates,
    person_duplicates,
)
from records.models import Membership, Organisation, Person
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


# The report of possible duplicates already on record ##########################


def test_the_grouped_query_finds_the_names_whose_people_the_rule_pairs():
    # likely_groups() says in SQL what PersonDuplicates.candidates() says of one person: random
    # registers of namesakes, years and posts must give the same names both ways.
    rng = random.Random(13)
    organisations = [OrganisationFactory(), OrganisationFactory()]
    spellings = ["Nguyễn Văn An", "Nguyen Van An", "Lê Thị Hoa", "Le Thi Hoa", "Phạm Hùng", "Pham Hung"]
    for _round in range(4):
        Membership.objects.all().delete()
        Person.objects.all().delete()
        for _person in range(12):
            year = rng.choice([None, 1960, 1970, 1980])
            person = PersonFactory(full_name=rng.choice(spellings), birth_year=year)
            for organisation in organisations:
                if rng.random() < 0.3:
                    role = rng.choice(["uy_vien", "khac"])
                    MembershipFactory(person=person, organisation=organisation, role=role)
        people = Person.objects.all()
        keys = set(people.values_list("search_key", flat=True))
        pairs, _read, _held = likely_pairs(people, keys, per_key=100)

        grouped = {group["search_key"] for group in likely_groups(people)}
        assert grouped == {key for key in pairs if pairs[key]}


def test_the_report_pairs_namesakes_by_year_or_organisation_and_counts_each_name():
    committee = OrganisationFactory()
    born_1970 = PersonFactory(full_name="Nguyễn Công Diễn", birth_year=1970)
    unknown = PersonFactory(full_name="Nguyen Cong Dien")
    born_1975 = PersonFactory(full_name="Nguyễn Công Diên", birth_year=1975)
    PersonFactory(full_name="Trần Văn Bảy", birth_year=1960)
    PersonFactory(full_name="Tran Van Bay", birth_year=1961)
    held_1960 = PersonFactory(full_name="Lê Văn Tám", birth_year=1960)
    held_1961 = PersonFactory(full_name="Le Van Tam", birth_year=1961)
    for person in (held_1960, held_1961):
        role = "uy_vien" if person is held_1960 else "khac"
        MembershipFactory(person=person, organisation=committee, role=role)

    groups = list(likely_groups(Person.objects.all()))
    keys = [group["search_key"] for group in groups]
    pairs, read, held = likely_pairs(Person.objects.all(), keys, per_key=2)

    assert [(group["search_key"], group["records"], group["known"]) for group in groups] == [
        ("le van tam", 2, 2),
        ("nguyen cong dien", 3, 2),
    ]
    assert pairs["le van tam"] == [(held_1960, held_1961)]
    # Two of three read (per_key): the first two in the records' order.
    assert len(read["nguyen cong dien"]) == 2
    assert {frozenset(pair) for pair in pairs["nguyen cong dien"]} <= {
        frozenset({born_1970, unknown}),
        frozenset({born_1975, unknown}),
    }
    assert held[held_1960.pk] == {committee.pk: committee.name}



def test_the_grouped_query_finds_the_names_whose_organisations_the_rule_pairs():
    # likely_organisation_groups() says in SQL what OrganisationDuplicates.candidates() says of
    # one organisation: random trees of namesakes, parents and places give the same names both ways.
    rng = random.Random(13)
    parents = [OrganisationFactory(name=name) for name in ("Đảng bộ phường Tân Hòa", "Đảng bộ xã An Lạc")]
    units = [AdministrativeUnitFactory(), AdministrativeUnitFactory()]
    spellings = ["Chi bộ số 1", "Chi bo so 1", "Chi bộ Số 1", "Đảng ủy phường", "Dang uy phuong", "Đẳng ủy"]
    paired, apart = 0, 0
    for _round in range(6):
        Organisation.objects.exclude(pk__in=[parent.pk for parent in parents]).delete()
        for _organisation in range(8):
            parent = rng.choice([None, *parents])
            unit = None if parent else rng.choice([None, *units])
            try:
                with transaction.atomic():
                    OrganisationFactory(name=rng.choice(spellings), parent=parent, administrative_unit=unit)
            except IntegrityError:
                continue  # the same name twice in one place: a rule refuses it
        organisations = Organisation.objects.all()
        keys = set(organisations.values_list("search_key", flat=True))
        pairs, _read = likely_organisation_pairs(organisations, keys, per_key=100)

        grouped = {group["search_key"] for group in likely_organisation_groups(organisations)}
        assert grouped == {key for key in pairs if pairs[key]}
        paired, apart = paired + len(grouped), apart + len(keys - grouped)
    # The rounds held both: names the rule pairs, and names it leaves apart.
    assert paired and apart


def test_the_report_pairs_organisations_under_one_parent_or_in_one_place():
    party, other_party = OrganisationFactory(name="Đảng bộ phường Tân Hòa"), OrganisationFactory()
    ward, other_ward = AdministrativeUnitFactory(), AdministrativeUnitFactory()
    cell = OrganisationFactory(name="Chi bộ số 1", parent=party)
    cell_typed = OrganisationFactory(name="Chi bo so 1", parent=party)
    OrganisationFactory(name="Chi bo so 1", parent=other_party)
    top = OrganisationFactory(name="Đảng ủy phường Tân Hòa", administrative_unit=ward)
    top_nowhere = OrganisationFactory(name="Dang uy phuong Tan Hoa")
    OrganisationFactory(name="Ban Chấp hành", administrative_unit=ward)
    OrganisationFactory(name="Ban Chap hanh", administrative_unit=other_ward)

    groups = list(likely_organisation_groups(Organisation.objects.all()))
    keys = [group["search_key"] for group in groups]
    pairs, read = likely_organisation_pairs(Organisation.objects.all(), keys, per_key=2)

    assert [(group["search_key"], group["records"]) for group in groups] == [
        ("chi bo so 1", 3),
        ("dang uy phuong tan hoa", 2),
    ]
    assert pairs == {"chi bo so 1": [(cell, cell_typed)], "dang uy phuong tan hoa": [(top, top_nowhere)]}
    assert [len(read[key]) for key in ("chi bo so 1", "dang uy phuong tan hoa")] == [2, 2]
    after = list(likely_organisation_groups(Organisation.objects.all(), after="chi bo so 1"))
    assert [group["search_key"] for group in after] == ["dang uy phuong tan hoa"]
