"""Matching a reading's people, organisations, units and documents against the records."""

import pytest

from congress.reading.matching import AMBIGUOUS, EXISTING, NEW, match_reading
from congress.reading.proposals import DocumentProposal, PersonProposal
from records.models.organisations import OrganisationKind
from tests.records.factories import (
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

from .small import small_reading, ward

pytestmark = pytest.mark.django_db


def person_item(plan, name):
    return next(item for item in plan.of_kind("person") if item.label == name)


def test_everything_is_new_and_exact_in_an_empty_database():
    ward()
    plan = match_reading(small_reading())

    assert plan.of_kind("unit")[0].match.status == EXISTING
    statuses = {(item.kind, item.match.status, item.accepted) for item in plan.items if item.kind != "unit"}
    assert {status for _kind, status, _accepted in statuses} == {NEW}
    assert all(accepted for _kind, _status, accepted in statuses)


def test_a_name_without_diacritics_matches_the_person_on_record_but_asks():
    ward()
    recorded = PersonFactory(full_name="Nguyễn Công Diễn")
    reading = small_reading([PersonProposal("Nguyen Cong Dien", "", "guest")])

    item = person_item(match_reading(reading), "Nguyen Cong Dien")

    assert (item.match.status, item.match.record, item.match.exact) == (EXISTING, recorded, False)
    assert item.accepted is False  # not ticked: only exact matches are
    assert "đã có: Nguyễn Công Diễn" in item.status_label


def test_the_same_name_in_another_tone_placement_is_an_exact_match():
    ward()
    recorded = PersonFactory(full_name="Vương Toàn Thu Thủy")
    reading = small_reading([PersonProposal("Vương Toàn Thu Thuỷ", "", "guest")])

    item = person_item(match_reading(reading), "Vương Toàn Thu Thuỷ")

    assert (item.match.status, item.match.record, item.accepted) == (EXISTING, recorded, True)


def test_two_namesakes_are_ambiguous_until_the_title_names_the_organisation_of_one():
    unit = ward()
    first, second = PersonFactory(full_name="Lê Văn An"), PersonFactory(full_name="Lê Văn An")
    # Nobody holds a post the title names: the clerk chooses.
    item = person_item(match_reading(small_reading()), "Lê Văn An")
    assert (item.match.status, item.accepted) == (AMBIGUOUS, False)
    assert "chưa rõ: Lê Văn An hoặc Lê Văn An" in item.status_label
    assert set(item.match.candidates) == {first, second}

    party = OrganisationFactory(name="Đảng bộ phường Tân Lạc", administrative_unit=unit)
    committee = OrganisationFactory(
        name="Đảng ủy phường Tân Lạc", kind=OrganisationKind.PARTY_COMMITTEE, parent=party, administrative_unit=unit
    )
    MembershipFactory(person=second, organisation=committee, role="bi_thu", title="Bí thư Đảng ủy")

    item = person_item(match_reading(small_reading()), "Lê Văn An")
    assert (item.match.status, item.match.record, item.accepted) == (EXISTING, second, True)


def test_an_abbreviated_organisation_matches_the_one_written_in_full():
    unit = ward()
    council = OrganisationFactory(
        name="Hội đồng nhân dân phường Tân Lạc", kind=OrganisationKind.PEOPLES_COUNCIL, administrative_unit=unit
    )
    reading = small_reading([PersonProposal("Trần Thị Bình", "Chủ tịch HĐND phường", "guest")])

    plan = match_reading(reading)
    item = next(i for i in plan.of_kind("organisation") if i.ref.kind == "hdnd")

    assert item.label == "HĐND phường Tân Lạc"
    assert (item.match.status, item.match.record, item.match.exact) == (EXISTING, council, False)


def test_documents_match_by_symbol_in_any_spelling_and_bare_numbers_by_issuer():
    ward()
    recorded = LegalDocumentFactory(symbol="1669/NQ-UBTVQH15")
    politburo = OrganisationFactory(name="Bộ Chính trị", kind=OrganisationKind.POLITBURO)
    sixty_eight = LegalDocumentFactory(symbol="68", issuer=politburo, document_type="NQ")
    reading = small_reading()
    reading.documents = [
        DocumentProposal("1669/NQ-UBTVQH15"),
        DocumentProposal("68", kind="Nghị quyết", issuer="Bộ Chính trị"),
        DocumentProposal("68", kind="Nghị quyết", issuer="Thành ủy"),
    ]

    found = [(i.match.status, i.match.record) for i in match_reading(reading).of_kind("document")]

    assert found == [(EXISTING, recorded), (EXISTING, sixty_eight), (NEW, None)]


def test_same_named_wards_are_told_apart_by_the_province_the_report_names():
    from records.models.units import UnitKind
    from tests.records.factories import AdministrativeUnitFactory

    meant = ward()
    elsewhere = AdministrativeUnitFactory(
        name="Tỉnh Khác", kind=UnitKind.PROVINCE, code="98"
    )
    AdministrativeUnitFactory(name="Phường Tân Lạc", parent=elsewhere)
    reading = small_reading()

    assert match_reading(reading).of_kind("unit")[0].match.status == AMBIGUOUS
    reading.text += "Phường thuộc tỉnh Hòa Bình Mới.\n"
    unit = match_reading(reading).of_kind("unit")[0]
    assert (unit.match.status, unit.match.record) == (EXISTING, meant)
