"""Tests for records.views: logging in, and the list pages' search, filters, sorts and pages."""

import datetime
import re
import uuid

import pytest

from records.models import AdministrativeUnit, Person
from records.models.documents import DocumentType
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole, PersonGender
from records.models.units import UnitKind, UnitRegister
from tests.pages import bulk, listed
from tests.records.factories import (
    AdministrativeUnitFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.records.views_cases import LAST_YEAR, TODAY, YESTERDAY, names

pytestmark = pytest.mark.django_db


# Login #####################################################################


LIST_URLS = [
    "/people/",
    "/organisations/",
    "/units/",
    "/documents/",
    "/congresses/",
    "/speeches/",
    "/indicators/",
    "/tasks/",
]
RECORD_PREFIXES = [url for url in LIST_URLS]


@pytest.mark.parametrize(
    "url",
    ["/", "/search/?q=a", *LIST_URLS, *(f"{prefix}{uuid.uuid4()}/" for prefix in RECORD_PREFIXES)],
    # Ids without the random uid: pytest-xdist's workers must collect the same test names.
    ids=lambda url: re.sub(r"[0-9a-f-]{36}", "uid", url),
)
def test_every_page_needs_a_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_login_page_is_in_vietnamese_and_returns_to_the_page_asked_for(client, django_user_model, strict_templates):
    django_user_model.objects.create_user("clerk", password="mật-khẩu-thử-2025")

    page = client.get("/login/", {"next": "/people/"}).content.decode()
    response = client.post(
        "/login/", {"username": "clerk", "password": "mật-khẩu-thử-2025", "next": "/people/"}
    )

    assert '<html lang="vi">' in page
    for text in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu"):
        assert text in page
    assert response.status_code == 302
    assert response["Location"] == "/people/"


def test_a_wrong_password_is_refused_in_vietnamese(client, django_user_model, strict_templates):
    django_user_model.objects.create_user("clerk", password="mật-khẩu-thử-2025")

    response = client.post("/login/", {"username": "clerk", "password": "sai"})

    assert response.status_code == 200
    assert "Vui lòng điền vào" in response.content.decode()


def test_logging_out_takes_a_post_and_ends_at_the_login_page(viewer):
    assert viewer.get("/logout/").status_code == 405

    response = viewer.post("/logout/")

    assert response["Location"] == "/login/"
    assert viewer.get("/people/").status_code == 302


# People ####################################################################


@pytest.mark.parametrize("text", ["nguyen van phu", "Nguyễn Văn Phú", "NGUYỄN VĂN PHÚ", "van phu"])
def test_people_search_needs_no_diacritics(viewer, article, text):
    response = viewer.get("/people/", {"q": text})

    assert [person.full_name for person in listed(response)] == ["Nguyễn Văn Phú"]


@pytest.mark.parametrize("text", ["Thuỷ", "Thủy", "thuy"])
def test_people_search_finds_either_tone_placement(viewer, article, text):
    response = viewer.get("/people/", {"q": text})

    assert [person.full_name for person in listed(response)] == ["Vương Toàn Thu Thủy"]


def test_people_are_in_the_order_of_given_names_by_default(viewer, article):
    response = viewer.get("/people/")

    assert [person.given_name for person in listed(response)] == ["Diễn", "Lâm", "Minh", "Phú", "Thủy"]


def test_people_filtered_by_role(viewer, article):
    response = viewer.get("/people/", {"role": MembershipRole.SECRETARY})

    assert [person.full_name for person in listed(response)] == ["Tô Lâm", "Vương Toàn Thu Thủy"]


def test_people_filtered_by_posts_held_now_or_in_the_past(viewer):
    MembershipFactory(person__full_name="Lê Văn An", start_on=LAST_YEAR)
    MembershipFactory(person__full_name="Trần Thị Bình", start_on=LAST_YEAR, end_on=YESTERDAY)
    PersonFactory(full_name="Phạm Minh Cường")

    current = viewer.get("/people/", {"held": "current"})
    past = viewer.get("/people/", {"held": "past"})

    assert [person.full_name for person in listed(current)] == ["Lê Văn An"]
    assert [person.full_name for person in listed(past)] == ["Trần Thị Bình"]


def test_people_filtered_by_posts_they_are_yet_to_take_up(viewer):
    MembershipFactory(person__full_name="Lê Văn An", start_on=TODAY + datetime.timedelta(days=1))
    MembershipFactory(person__full_name="Trần Thị Bình", start_on=LAST_YEAR, end_on=YESTERDAY)

    future = viewer.get("/people/", {"held": "future"})
    past = viewer.get("/people/", {"held": "past"})

    assert [person.full_name for person in listed(future)] == ["Lê Văn An"]
    assert [person.full_name for person in listed(past)] == ["Trần Thị Bình"]


def test_people_filtered_by_organisation_include_its_lower_levels(viewer):
    party = OrganisationFactory(name="Đảng bộ phường Tân Hòa")
    cell = OrganisationFactory(name="Chi bộ khu phố 1", kind=OrganisationKind.PARTY_CELL, parent=party)
    MembershipFactory(person__full_name="Lê Văn An", organisation=cell)
    MembershipFactory(person__full_name="Trần Thị Bình")

    response = viewer.get("/people/", {"organisation": party.uid})

    assert [person.full_name for person in listed(response)] == ["Lê Văn An"]
    html = response.content.decode()
    assert "Đảng bộ phường Tân Hòa" in html
    assert "?organisation=" not in html.split('class="chips"')[1].split("</ul>")[0]


def test_post_filters_describe_one_and_the_same_post(viewer):
    committee = OrganisationFactory(name="Ban Chấp hành Đảng bộ phường Tân Hòa")
    # An was the secretary and is now an ordinary member: not the current secretary.
    MembershipFactory(
        person__full_name="Lê Văn An",
        organisation=committee,
        role=MembershipRole.SECRETARY,
        start_on=LAST_YEAR,
        end_on=YESTERDAY,
    )
    an = Person.objects.get()
    MembershipFactory(person=an, organisation=committee, role=MembershipRole.MEMBER, start_on=TODAY)
    MembershipFactory(
        person__full_name="Trần Thị Bình", organisation=committee, role=MembershipRole.SECRETARY
    )

    response = viewer.get(
        "/people/", {"organisation": committee.uid, "role": MembershipRole.SECRETARY, "held": "current"}
    )

    assert [person.full_name for person in listed(response)] == ["Trần Thị Bình"]


def test_people_filtered_by_gender(viewer):
    PersonFactory(full_name="Lê Thị Hà", gender=PersonGender.FEMALE)
    PersonFactory(full_name="Lê Văn Khoa", gender=PersonGender.MALE)
    PersonFactory(full_name="Lê Minh An")

    response = viewer.get("/people/", {"gender": PersonGender.FEMALE})

    assert [person.full_name for person in listed(response)] == ["Lê Thị Hà"]


def test_people_sorted_by_a_column_header_both_ways_with_unknown_values_last(viewer):
    PersonFactory(full_name="Lê Văn An", birth_year=1975)
    PersonFactory(full_name="Trần Thị Bình", birth_year=1968)
    PersonFactory(full_name="Phạm Minh Cường")

    ascending = viewer.get("/people/", {"sort": "birth_year"})
    descending = viewer.get("/people/", {"sort": "-birth_year"})

    assert [person.birth_year for person in listed(ascending)] == [1968, 1975, None]
    assert [person.birth_year for person in listed(descending)] == [1975, 1968, None]
    html = ascending.content.decode()
    assert 'aria-sort="ascending"' in html
    assert 'href="?sort=-birth_year"' in html


def test_an_unknown_sort_falls_back_to_the_default_order(viewer, article):
    response = viewer.get("/people/", {"sort": "password"})

    assert [person.given_name for person in listed(response)] == ["Diễn", "Lâm", "Minh", "Phú", "Thủy"]


def test_pages_keep_the_filters_and_the_sort_and_show_the_total(viewer):
    bulk(PersonFactory, 60, gender=PersonGender.FEMALE)
    bulk(PersonFactory, 5, gender=PersonGender.MALE)
    query = {"gender": PersonGender.FEMALE, "sort": "-name"}

    first = viewer.get("/people/", query)
    second = viewer.get("/people/", {**query, "page": 2})

    assert first.context["total"] == 60
    assert "60 kết quả" in first.content.decode()
    assert 'href="?gender=nu&amp;sort=-name&amp;page=2"' in first.content.decode()
    everyone = Person.objects.filter(gender=PersonGender.FEMALE).order_by("-sort_key", "-pk")
    assert listed(first) + listed(second) == list(everyone)


def test_a_page_beyond_the_last_is_not_found(viewer, article):
    assert viewer.get("/people/", {"page": 9}).status_code == 404


# Organisations #############################################################


def test_organisations_search_needs_no_diacritics(viewer, article):
    response = viewer.get("/organisations/", {"q": "thien huong"})

    assert names(response) == [
        "Ban Chấp hành Đảng bộ phường Thiên Hương",
        "Đảng bộ phường Thiên Hương",
        "Đảng ủy phường Thiên Hương",
        "HĐND phường Thiên Hương",
        "UBND phường Thiên Hương",
    ]


def test_organisations_filtered_by_kind(viewer, article):
    response = viewer.get("/organisations/", {"kind": OrganisationKind.PARTY_COMMITTEE})

    assert names(response) == ["Đảng ủy phường Thiên Hương", "Thành ủy"]


def test_organisations_within_one_include_it_and_every_level_below(viewer):
    city = OrganisationFactory(name="Đảng bộ thành phố")
    ward = OrganisationFactory(name="Đảng bộ phường Tân Hòa", parent=city)
    OrganisationFactory(name="Chi bộ khu phố 1", kind=OrganisationKind.PARTY_CELL, parent=ward)
    OrganisationFactory(name="Đảng bộ phường Hòa Bình")

    response = viewer.get("/organisations/", {"within": ward.uid})

    assert names(response) == ["Chi bộ khu phố 1", "Đảng bộ phường Tân Hòa"]


def test_organisations_filtered_by_province_include_those_in_its_wards(viewer, article):
    hai_phong = AdministrativeUnit.objects.get(register=UnitRegister.CURRENT, code="31")

    response = viewer.get("/organisations/", {"province": hai_phong.pk})

    assert names(response) == [
        "Ban Chấp hành Đảng bộ phường Thiên Hương",
        "Đảng bộ phường Thiên Hương",
        "Đảng ủy phường Thiên Hương",
        "HĐND phường Thiên Hương",
        "Thành ủy",
        "UBND phường Thiên Hương",
    ]


def test_the_province_dropdown_offers_provinces_only(viewer, article):
    bulk(AdministrativeUnitFactory, 40)

    response = viewer.get("/organisations/")

    choices = [
        label for value, label in response.context["filterset"].form.fields["province"].choices if value
    ]
    assert choices == ["Thành phố Hải Phòng", "Thành phố Hải Phòng (trước 2025)"]


def test_organisations_sorted_by_seats_recorded(viewer):
    small, large = OrganisationFactory(name="Chi bộ 1"), OrganisationFactory(name="Chi bộ 2")
    MembershipFactory(organisation=large)
    MembershipFactory(organisation=large)
    MembershipFactory(organisation=small)

    response = viewer.get("/organisations/", {"sort": "-seats"})

    assert [(organisation.name, organisation.recorded) for organisation in listed(response)][:2] == [
        ("Chi bộ 2", 2),
        ("Chi bộ 1", 1),
    ]


# Administrative units ######################################################


def test_units_search_by_name_without_diacritics_or_by_code(viewer, article):
    by_name = viewer.get("/units/", {"q": "thien huong"})
    by_code = viewer.get("/units/", {"q": "11557"})

    assert [(unit.name, unit.register) for unit in listed(by_name)] == [
        ("Phường Thiên Hương", UnitRegister.CURRENT),
        ("Phường Thiên Hương", UnitRegister.LEGACY),
    ]
    assert listed(by_code) == listed(by_name)


def test_units_filtered_by_kind_register_and_validity(viewer, article):
    wards = viewer.get("/units/", {"kind": UnitKind.WARD, "register": UnitRegister.LEGACY})
    current = viewer.get("/units/", {"validity": "current"})
    ended = viewer.get("/units/", {"validity": "ended"})

    assert names(wards) == [
        "Phường Hoa Động",
        "Phường Hoàng Lâm",
        "Phường Lê Hồng Phong",
        "Phường Thiên Hương",
    ]
    assert names(current) == ["Phường Thiên Hương", "Thành phố Hải Phòng"]
    assert len(listed(ended)) == 6


def test_units_in_a_province_reach_the_wards_of_its_districts(viewer, article):
    old_hai_phong = AdministrativeUnit.objects.get(register=UnitRegister.LEGACY, code="31")

    response = viewer.get("/units/", {"province": old_hai_phong.pk})

    assert names(response) == [
        "Phường Hoa Động",
        "Phường Hoàng Lâm",
        "Phường Lê Hồng Phong",
        "Phường Thiên Hương",
        "Thành phố Hải Phòng",
        "Thành phố Thuỷ Nguyên",
    ]


def test_units_within_a_district(viewer, article):
    district = AdministrativeUnit.objects.get(register=UnitRegister.LEGACY, code="311")

    response = viewer.get("/units/", {"within": district.uid})

    assert len(listed(response)) == 5
    assert "Thành phố Thuỷ Nguyên" in response.content.decode()


# Documents #################################################################


@pytest.mark.parametrize("text", ["1669", "1669/NQ-UBTVQH15", "sap xep don vi hanh chinh"])
def test_documents_search_by_symbol_or_summary(viewer, article, text):
    response = viewer.get("/documents/", {"q": text})

    assert names(response) == ["Nghị quyết 1669/NQ-UBTVQH15"]


def test_documents_filtered_by_type(viewer):
    LegalDocumentFactory(symbol="5-CT/ĐU", document_type=DocumentType.DIRECTIVE)
    LegalDocumentFactory(symbol="6-NQ/ĐU")

    response = viewer.get("/documents/", {"document_type": DocumentType.DIRECTIVE})

    assert names(response) == ["Chỉ thị 5-CT/ĐU"]


@pytest.mark.parametrize("issuer", ["uy ban thuong vu", "Ủy ban Thường vụ Quốc hội", "UBTVQH15"])
def test_documents_filtered_by_issuer_name_or_code(viewer, article, issuer):
    response = viewer.get("/documents/", {"issuer": issuer})

    assert names(response) == ["Nghị quyết 1669/NQ-UBTVQH15"]


def test_documents_filtered_by_year_of_issue_or_of_the_symbol(viewer):
    LegalDocumentFactory(symbol="1-NQ/ĐU", issued_on=datetime.date(2024, 3, 1))
    LegalDocumentFactory(symbol="12/2024/NQ-HĐND", issued_on=None)
    LegalDocumentFactory(symbol="2-NQ/ĐU", issued_on=datetime.date(2025, 3, 1))

    response = viewer.get("/documents/", {"year": 2024})

    assert names(response) == ["Nghị quyết 1-NQ/ĐU", "Nghị quyết 12/2024/NQ-HĐND"]


def test_documents_newest_first_by_default(viewer):
    LegalDocumentFactory(symbol="1-NQ/ĐU", issued_on=datetime.date(2024, 3, 1))
    LegalDocumentFactory(symbol="2-NQ/ĐU", issued_on=None)
    LegalDocumentFactory(symbol="3-NQ/ĐU", issued_on=datetime.date(2025, 3, 1))

    response = viewer.get("/documents/")

    assert names(response) == ["Nghị quyết 3-NQ/ĐU", "Nghị quyết 1-NQ/ĐU", "Nghị quyết 2-NQ/ĐU"]


# Invalid filters ###########################################################


@pytest.mark.parametrize(
    "url, query",
    [
        ("/people/", {"role": "tong_thong"}),
        ("/people/", {"held": "forever"}),
        ("/people/", {"organisation": "not-a-uid"}),
        ("/people/", {"organisation": str(uuid.uuid4())}),
        ("/organisations/", {"kind": "club"}),
        ("/organisations/", {"province": "999999"}),
        ("/organisations/", {"within": "42"}),
        ("/units/", {"register": "1999"}),
        ("/units/", {"validity": "maybe"}),
        ("/documents/", {"year": "hai nghìn"}),
        ("/documents/", {"year": "1066"}),
    ],
)
def test_an_invalid_filter_value_shows_the_error_and_no_rows(viewer, article, url, query):
    response = viewer.get(url, {"q": "", **query})

    assert response.status_code == 200
    assert listed(response) == []
    assert response.context["filterset"].errors
    assert "Bộ lọc có giá trị không hợp lệ" in response.content.decode()
