"""Every autocomplete and admin search finds records without diacritics, by words in any order
and by the common abbreviations; units are named with their register (issue 13)."""

import pytest

from records.models import AdministrativeUnit
from records.models.units import UnitKind, UnitRegister
from tests.congress.factories import CongressFactory
from tests.records.factories import (
    AdministrativeUnitFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

# For each model an autocomplete picks: a field that picks it (app, model, field).
PICKED_BY = {
    "source": ("records", "person", "sources"),
    "person": ("records", "membership", "person"),
    "organisation": ("records", "membership", "organisation"),
    "unit": ("records", "organisation", "administrative_unit"),
    "document": ("records", "administrativeunit", "established_by"),
    "congress": ("congress", "speech", "congress"),
}


@pytest.fixture
def clerk(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw"))
    return client


def autocomplete(client, picked, term):
    app_label, model_name, field_name = PICKED_BY[picked]
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]]


def changelist(client, url, term):
    return [str(record) for record in client.get(url, {"q": term}).context["cl"].result_list]


# Without diacritics, in any order, not side by side ########################


def test_the_source_autocomplete_needs_no_diacritics(clerk):
    SourceFactory(title="Báo cáo chính trị Đại hội Đảng bộ phường Hải An")
    SourceFactory(title="Danh sách Ban Chấp hành phường Thái Tân")

    assert autocomplete(clerk, "source", "hai an") == ["Báo cáo chính trị Đại hội Đảng bộ phường Hải An"]
    assert autocomplete(clerk, "source", "an hai bao cao") == ["Báo cáo chính trị Đại hội Đảng bộ phường Hải An"]
    assert autocomplete(clerk, "source", "bch thai tan") == ["Danh sách Ban Chấp hành phường Thái Tân"]


def test_a_source_is_found_by_its_publisher_author_or_file_name(clerk):
    SourceFactory(title="Tin tức", publisher="Báo Hải Phòng", author="Quỳnh Nga")
    SourceFactory(spreadsheet=True, title="Tệp nhập", file_name="danh-sach-dang-uy.xlsx")

    assert autocomplete(clerk, "source", "bao hai phong") == ["Tin tức"]
    assert autocomplete(clerk, "source", "nga quynh") == ["Tin tức"]
    assert autocomplete(clerk, "source", "danh-sach") == ["Tệp nhập"]


def test_a_kind_named_in_one_word_is_still_a_word_to_find(clerk):
    SourceFactory(title="Nguồn tin của Văn phòng Đảng ủy")
    SourceFactory(title="Báo cáo chính trị")

    assert autocomplete(clerk, "source", "nguon") == ["Nguồn tin của Văn phòng Đảng ủy"]


def test_the_source_changelist_searches_the_same_way(clerk):
    SourceFactory(title="Báo cáo chính trị Đại hội Đảng bộ phường Hải An")

    assert changelist(clerk, "/admin/records/source/", "dai hoi hai an") == [
        "Báo cáo chính trị Đại hội Đảng bộ phường Hải An"
    ]


def test_the_person_autocomplete_takes_the_words_in_any_order(clerk):
    PersonFactory(full_name="Nguyễn Công Diễn")
    PersonFactory(full_name="Nguyễn Văn Phú")

    assert autocomplete(clerk, "person", "dien nguyen") == ["Nguyễn Công Diễn"]
    assert autocomplete(clerk, "person", "nguyen dien") == ["Nguyễn Công Diễn"]


def test_the_organisation_autocomplete_reads_words_apart_and_abbreviations(clerk):
    OrganisationFactory(name="Ban Chấp hành Đảng bộ phường Thiên Hương")
    OrganisationFactory(name="HĐND phường Thiên Hương")
    OrganisationFactory(name="Đảng bộ phường Hoa Động")

    assert autocomplete(clerk, "organisation", "ban chap hanh thien huong") == [
        "Ban Chấp hành Đảng bộ phường Thiên Hương"
    ]
    assert autocomplete(clerk, "organisation", "bch thien huong") == ["Ban Chấp hành Đảng bộ phường Thiên Hương"]
    assert autocomplete(clerk, "organisation", "hoi dong nhan dan") == ["HĐND phường Thiên Hương"]
    assert autocomplete(clerk, "organisation", "hdnd") == ["HĐND phường Thiên Hương"]


def test_the_document_autocomplete_finds_a_part_of_a_symbol_or_words_of_the_summary(clerk):
    LegalDocumentFactory(symbol="1669/NQ-UBTVQH15", summary="Về việc sắp xếp các đơn vị hành chính cấp xã")
    LegalDocumentFactory(symbol="68-NQ/TW", summary="Về phát triển kinh tế tư nhân")

    assert autocomplete(clerk, "document", "ubtvqh15") == ["Nghị quyết 1669/NQ-UBTVQH15"]
    assert autocomplete(clerk, "document", "sap xep cap xa") == ["Nghị quyết 1669/NQ-UBTVQH15"]
    assert autocomplete(clerk, "document", "kinh te tu nhan trung uong") == ["Nghị quyết 68-NQ/TW"]


def test_the_congress_autocomplete_finds_it_by_its_organisation_in_any_words(clerk):
    CongressFactory(organisation=OrganisationFactory(name="Đảng bộ phường Thiên Hương"), ordinal=1)
    CongressFactory(organisation=OrganisationFactory(name="Đảng bộ phường Hoa Động"), ordinal=1)

    found = autocomplete(clerk, "congress", "dai hoi thien huong")

    assert len(found) == 1 and "Thiên Hương" in found[0]
    assert autocomplete(clerk, "congress", "huong thien") == found


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # A year is a word of the term as shown ("nhiệm kỳ 2020–2025"): its start or its end.
        ("thien huong 2025", ["2020–2025", "2025–2030"]),
        ("2030 thien huong", ["2025–2030"]),
        ("thien huong 2020", ["2020–2025"]),
        ("thien huong 2025-2030", ["2025–2030"]),
        ("thien huong 2025–2030", ["2025–2030"]),
        ("thien huong 2020-", ["2020–2025"]),
        ("thien huong 202", ["2020–2025", "2025–2030"]),
        ("thien huong 2030", ["2025–2030"]),
        ("thien huong 2031", []),
        ("hoa dong 2025", []),
        ("phuong 12 2025", ["2025–2030"]),
        # "nhiệm kỳ" is how the term is written on screen, not a word of the congress's keys.
        ("dai hoi thien huong nhiem ky 2025-2030", ["2025–2030"]),
        ("thien huong nhiệm kỳ 2020–2025", ["2020–2025"]),
        ("nhiem ky 2015", ["2015–2020"]),
        ("nhiem ky thien huong", ["2020–2025", "2025–2030"]),
    ],
)
def test_a_congress_is_found_by_its_term(clerk, text, terms):
    thien_huong = OrganisationFactory(name="Đảng bộ phường Thiên Hương")
    CongressFactory(organisation=thien_huong, ordinal=1, term_start=2020, term_end=2025)
    CongressFactory(organisation=thien_huong, ordinal=2, term_start=2025, term_end=2030)
    CongressFactory(
        organisation=OrganisationFactory(name="Đảng bộ phường Hoa Động"), ordinal=1, term_start=2015, term_end=2020
    )
    CongressFactory(organisation=OrganisationFactory(name="Đảng bộ Phường 12"), ordinal=1)

    found = autocomplete(clerk, "congress", text)

    assert sorted(name.rsplit(" ", 1)[1] for name in found) == terms


def test_the_congress_admin_search_reads_nhiem_ky_as_the_name_on_screen_says_it(clerk):
    CongressFactory(organisation=OrganisationFactory(name="Đảng bộ phường Thiên Hương"), ordinal=1)
    CongressFactory(organisation=OrganisationFactory(name="Đảng bộ phường Hoa Động"), ordinal=1)

    for term in ["dai hoi thien huong nhiem ky 2025-2030", "Thiên Hương nhiệm kỳ 2025–2030"]:
        found = changelist(clerk, "/admin/congress/congress/", term)
        assert len(found) == 1 and "Thiên Hương" in found[0], term


def test_an_admin_without_a_search_of_its_own_searches_its_keys_the_same_way(clerk):
    MembershipFactory(
        person=PersonFactory(full_name="Nguyễn Công Diễn"),
        organisation=OrganisationFactory(name="Ban Chấp hành Đảng bộ phường Thiên Hương"),
    )
    MembershipFactory(person=PersonFactory(full_name="Nguyễn Văn Phú"))

    for term in ["dien nguyen", "nguyen dien", "bch thien huong", "dien ban chap hanh"]:
        found = changelist(clerk, "/admin/records/membership/", term)
        assert len(found) == 1 and "Nguyễn Công Diễn" in found[0], term


# Units and their registers #################################################


@pytest.fixture
def namesakes():
    """Two wards of Hải Phòng as both registers hold them, and a ward that only looks alike."""
    AdministrativeUnitFactory(register=UnitRegister.LEGACY, code="11500", name="Phường An Hải")
    AdministrativeUnitFactory(register=UnitRegister.CURRENT, code="11600", name="Phường An Hải")
    AdministrativeUnitFactory(register=UnitRegister.LEGACY, code="11400", name="Xã Hải An", kind=UnitKind.COMMUNE)
    AdministrativeUnitFactory(register=UnitRegister.CURRENT, code="11300", name="Xã Thái Tân", kind=UnitKind.COMMUNE)


def test_the_unit_autocomplete_shows_each_register_and_lists_the_current_one_first(clerk, namesakes):
    assert autocomplete(clerk, "unit", "hai an") == [
        "Phường An Hải (từ 1/7/2025)",
        "Phường An Hải (trước 1/7/2025)",
        "Xã Hải An (trước 1/7/2025)",
    ]


def test_a_unit_chosen_in_a_form_is_shown_with_its_register(clerk, namesakes):
    legacy = AdministrativeUnit.objects.get(register=UnitRegister.LEGACY, code="11500")
    organisation = OrganisationFactory(administrative_unit=legacy)

    html = clerk.get(f"/admin/records/organisation/{organisation.pk}/change/").content.decode()

    assert "Phường An Hải (trước 1/7/2025)" in html


def test_the_unit_changelist_does_not_find_a_name_that_only_holds_the_letters(clerk, namesakes):
    found = clerk.get("/admin/records/administrativeunit/", {"q": "hai an"}).context["cl"].result_list

    # The current register first, then the older one in the order of codes.
    assert [(unit.name, unit.register_note) for unit in found] == [
        ("Phường An Hải", "từ 1/7/2025"),
        ("Xã Hải An", "trước 1/7/2025"),
        ("Phường An Hải", "trước 1/7/2025"),
    ]
