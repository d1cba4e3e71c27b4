"""Tests for records.views: the registry's list pages, its record pages and the search."""

import datetime
import re
import uuid
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from records import paging
from records.models import AdministrativeUnit, LegalDocument, Membership, Organisation, Person
from records.models.documents import DocumentType
from records.models.figures import FigureMetric
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole, PersonGender
from records.models.units import SuccessionPortion, UnitKind, UnitRegister
from records.paging import count_rows
from records.templatetags.vietnamese_format import vi_number
from tests.pages import (
    assert_imports_back_unchanged,
    assert_pages_keep_the_filter,
    bulk,
    exported_column,
    get_list_page,
    listed,
    page_client,
    raise_on_undefined_variables,
)
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

TODAY = timezone.localdate()
LAST_YEAR = TODAY - datetime.timedelta(days=365)
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def viewer(client, django_user_model, settings):
    return page_client(client, django_user_model, settings)


def names(response):
    return [str(record) for record in listed(response)]


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


def test_login_page_is_in_vietnamese_and_returns_to_the_page_asked_for(client, django_user_model, settings):
    raise_on_undefined_variables(settings)
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


def test_a_wrong_password_is_refused_in_vietnamese(client, django_user_model, settings):
    raise_on_undefined_variables(settings)
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


# Export ####################################################################


EXPORTS = [
    (
        "/people/",
        {"q": "nguyen", "sort": "-name"},
        "people",
        "Họ và tên",
        ["Nguyễn Văn Phú", "Nguyễn Công Diễn"],
    ),
    (
        "/organisations/",
        {"q": "thien huong", "sort": "-name"},
        "organisations",
        "Tên",
        [
            "UBND phường Thiên Hương",
            "HĐND phường Thiên Hương",
            "Đảng ủy phường Thiên Hương",
            "Đảng bộ phường Thiên Hương",
            "Ban Chấp hành Đảng bộ phường Thiên Hương",
        ],
    ),
    (
        "/units/",
        {"register": UnitRegister.LEGACY, "kind": UnitKind.WARD, "sort": "code"},
        "units",
        "Tên",
        ["Phường Lê Hồng Phong", "Phường Thiên Hương", "Phường Hoàng Lâm", "Phường Hoa Động"],
    ),
    (
        "/documents/",
        {"document_type": DocumentType.RESOLUTION, "sort": "symbol"},
        "documents",
        "Số ký hiệu",
        ["", "1669/NQ-UBTVQH15", "18", "68"],
    ),
]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize("url, query, kind, header, expected", EXPORTS, ids=[url for url, *_ in EXPORTS])
def test_export_holds_exactly_the_filtered_sorted_rows_and_imports_back_unchanged(
    viewer, article, url, query, kind, header, expected, file_format
):
    shown = listed(viewer.get(url, query))

    response = viewer.get(url, {**query, "export": file_format})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="{kind}-')
    column = exported_column(response, header)
    assert column == expected
    assert len(shown) == len(expected)
    assert assert_imports_back_unchanged(response, kind) == len(shown)


def test_export_of_an_invalid_filter_shows_the_errors_instead_of_a_file(viewer, article):
    response = viewer.get("/people/", {"role": "tong_thong", "export": "xlsx"})

    assert response["Content-Type"].startswith("text/html")
    assert "Bộ lọc có giá trị không hợp lệ" in response.content.decode()


def test_export_in_an_unknown_format_is_not_found(viewer, article):
    assert viewer.get("/people/", {"export": "pdf"}).status_code == 404


def test_list_pages_link_to_the_export_of_what_they_show(viewer, article):
    html = viewer.get("/people/", {"q": "nguyen", "page": 1}).content.decode()

    assert 'href="?q=nguyen&amp;export=xlsx"' in html
    assert 'href="?q=nguyen&amp;export=csv"' in html


# Query counts ##############################################################


def people_rows(count):
    organisation = OrganisationFactory()
    people = bulk(PersonFactory, count)
    Membership.objects.bulk_create(
        MembershipFactory.build(person=person, organisation=organisation) for person in people
    )


def organisation_rows(count):
    parent = OrganisationFactory()
    bulk(OrganisationFactory, count - 1, parent=parent, administrative_unit=AdministrativeUnitFactory())


def unit_rows(count):
    province = AdministrativeUnitFactory(kind=UnitKind.CITY, code="99")
    bulk(AdministrativeUnitFactory, count - 1, parent=province)


def document_rows(count):
    bulk(LegalDocumentFactory, count, issuer=OrganisationFactory())


# Queries: session, user, COUNT, page of rows, then one per prefetch and one for the
# province dropdown. The filter holds for every row made.
LISTS = [
    ("/people/", people_rows, 5, {"held": "current"}),
    ("/organisations/", organisation_rows, 5, {"kind": OrganisationKind.PARTY_ORGANISATION}),
    ("/units/", unit_rows, 5, {"validity": "current"}),
    ("/documents/", document_rows, 4, {"document_type": DocumentType.RESOLUTION}),
]


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("url, make_rows, queries, query", LISTS, ids=[url for url, *_ in LISTS])
def test_a_list_page_runs_the_same_queries_for_5_or_500_rows(
    viewer, django_assert_num_queries, url, make_rows, queries, query, rows
):
    make_rows(rows)

    response = get_list_page(viewer, url, queries, django_assert_num_queries)

    assert response.context["total"] == rows


@pytest.mark.parametrize("url, make_rows, queries, query", LISTS, ids=[url for url, *_ in LISTS])
def test_pages_of_a_list_keep_its_filter(viewer, url, make_rows, queries, query):
    make_rows(70)

    assert_pages_keep_the_filter(viewer, url, query, 70)


SEARCHES = [
    ("/people/", people_rows, 5, {"q": "nguyen"}),
    ("/organisations/", organisation_rows, 5, {"q": "dang bo"}),
]


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("url, make_rows, queries, query", SEARCHES, ids=[url for url, *_ in SEARCHES])
def test_a_searched_list_runs_the_same_queries_for_5_or_500_rows(
    viewer, django_assert_num_queries, url, make_rows, queries, query, rows
):
    make_rows(rows)
    # At least one match whatever names the factories' sequences have reached.
    if url == "/people/":
        PersonFactory(full_name="Nguyễn Văn An")
    else:
        OrganisationFactory(name="Đảng bộ xã An Hòa")
    model = Person if url == "/people/" else Organisation
    matched = count_rows(model.objects.search(query["q"]))

    response = get_list_page(viewer, f"{url}?{urlencode(query)}", queries, django_assert_num_queries)

    assert response.context["total"] == matched > 0


def test_a_list_past_the_count_limit_shows_its_count_as_an_estimate_or_a_least(viewer, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 20)
    document_rows(60)
    query = {"document_type": DocumentType.RESOLUTION}

    response = viewer.get("/documents/", query)
    last = viewer.get("/documents/", {**query, "page": 2})

    html = response.content.decode()
    count = response.context["row_count"]
    if connection.vendor == "postgresql":
        # The planner's estimate, said to be one, with a last page from it.
        assert count.estimate and count > 20
        assert f"khoảng {vi_number(count)} kết quả" in html
        assert "Trang cuối" in html
    else:
        # SQLite has no estimate: at least the limit, and no last page to link to.
        assert count.at_least and count == 20
        assert "hơn 20 kết quả" in html
        assert "Trang cuối" not in html
    assert len(listed(response)) == 50 and response.context["page_obj"].has_next()
    assert len(listed(last)) == 10 and not last.context["page_obj"].has_next()
    assert not set(listed(response)) & set(listed(last))


def test_a_deep_page_shows_the_rows_that_slicing_the_list_gives(viewer):
    people_rows(260)

    response = viewer.get("/people/", {"page": 5, "sort": "-birth_year"})

    ordered = Person.objects.order_by(F("birth_year").desc(nulls_last=True), "-pk")
    assert listed(response) == list(ordered[200:250])


# Record pages ##############################################################


def test_person_page_shows_current_and_past_posts_as_a_timeline(viewer):
    committee = OrganisationFactory(name="Ban Chấp hành Đảng bộ phường Tân Hòa")
    person = PersonFactory(full_name="Lê Văn An", birth_year=1972)
    MembershipFactory(
        person=person,
        organisation=committee,
        role=MembershipRole.DEPUTY_SECRETARY,
        title="Phó Bí thư Đảng ủy",
        start_on=datetime.date(2020, 9, 1),
        end_on=datetime.date(2025, 6, 30),
    )
    MembershipFactory(
        person=person,
        organisation=committee,
        role=MembershipRole.SECRETARY,
        title="Bí thư Đảng ủy",
        start_on=datetime.date(2025, 7, 1),
    )

    html = viewer.get(person.get_absolute_url()).content.decode()

    current, past = html.index("Bí thư Đảng ủy</strong>"), html.index("Phó Bí thư Đảng ủy")
    assert current < past
    assert "1/7/2025 – nay" in html
    assert "1/9/2020 – 30/6/2025" in html
    assert committee.get_absolute_url() in html


def test_person_page_does_not_list_a_post_that_starts_tomorrow_as_past(viewer):
    committee = OrganisationFactory(name="Ban Chấp hành Đảng bộ phường Tân Hòa")
    person = PersonFactory(full_name="Lê Văn An")
    ended = MembershipFactory(
        person=person,
        organisation=committee,
        title="Phó Bí thư Đảng ủy",
        start_on=LAST_YEAR,
        end_on=YESTERDAY,
    )
    held = MembershipFactory(person=person, organisation=committee, title="Ủy viên Ban Chấp hành")
    upcoming = MembershipFactory(
        person=person,
        organisation=committee,
        role=MembershipRole.SECRETARY,
        title="Bí thư Đảng ủy",
        start_on=TODAY + datetime.timedelta(days=1),
    )

    response = viewer.get(person.get_absolute_url())

    # The page and the people filter (held=current/past/future) ask the same question.
    assert response.context["past_posts"] == [ended]
    assert response.context["current_posts"] == [held]
    assert response.context["future_posts"] == [upcoming]
    html = response.content.decode()
    assert html.index("Bí thư Đảng ủy") < html.index("sắp đảm nhiệm") < html.index("Ủy viên Ban Chấp hành")


def test_person_page_lists_the_sources(viewer, article):
    phu = Person.objects.get(full_name="Nguyễn Văn Phú")

    html = viewer.get(phu.get_absolute_url()).content.decode()

    assert "Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030" in html
    assert "Quỳnh Nga (t/h)" in html


def test_organisation_page_shows_its_place_in_the_tree_and_members_by_role(viewer):
    city = OrganisationFactory(name="Đảng bộ thành phố")
    committee = OrganisationFactory(
        name="Ban Chấp hành Đảng bộ phường Tân Hòa",
        kind=OrganisationKind.EXECUTIVE_COMMITTEE,
        parent=city,
        seat_count=27,
    )
    OrganisationFactory(name="Ban Thường vụ", kind=OrganisationKind.STANDING_COMMITTEE, parent=committee)
    MembershipFactory(person__full_name="Trần Thị Bình", organisation=committee)
    MembershipFactory(person__full_name="Lê Văn An", organisation=committee, role=MembershipRole.SECRETARY)
    MembershipFactory(person__full_name="Phạm Văn Cường", organisation=committee, end_on=YESTERDAY)

    html = viewer.get(committee.get_absolute_url()).content.decode()

    assert html.index("Đảng bộ thành phố") < html.index("<h1>")
    assert "2 / 27" in html
    assert (
        html.index("Bí thư") < html.index("Lê Văn An") < html.index("Ủy viên") < html.index("Trần Thị Bình")
    )
    assert "Phạm Văn Cường" not in html
    assert "Ban Thường vụ" in html


def test_unit_page_shows_what_it_was_formed_from_and_on_what_legal_basis(viewer, article):
    ward = AdministrativeUnit.objects.get(register=UnitRegister.CURRENT, code="11557")

    html = viewer.get(ward.get_absolute_url()).content.decode()

    for name in ("Phường Hoàng Lâm", "Phường Hoa Động", "Phường Lê Hồng Phong", "Thành phố Hải Phòng"):
        assert name in html
    assert html.count("Nghị quyết 1669/NQ-UBTVQH15") == 5  # established by, and four successions
    assert "Toàn bộ" in html and "Một phần" in html
    assert "21,1 km²" in html and "45.140 người" in html


def test_unit_page_shows_disagreeing_sources_side_by_side(viewer):
    ward = AdministrativeUnitFactory(name="Phường Tân Hòa")
    first = SourceFactory(title="Báo cáo của Ủy ban nhân dân")
    second = SourceFactory(title="Bài báo")
    FigureFactory(administrative_unit=ward, metric=FigureMetric.AREA, value=Decimal("21.1"), source=first)
    FigureFactory(administrative_unit=ward, metric=FigureMetric.AREA, value=Decimal("24.46"), source=second)
    FigureFactory(
        administrative_unit=ward, metric=FigureMetric.POPULATION, value=Decimal("45140"), source=first
    )

    html = viewer.get(ward.get_absolute_url()).content.decode()

    row = html[html.index("Diện tích tự nhiên") :].split("</tr>")[0]
    assert "21,1 km²" in row and "24,46 km²" in row
    assert "Các nguồn ghi khác nhau" in row
    population = html[html.index("Dân số") :].split("</tr>")[0]
    assert "45.140 người" in population and "Các nguồn ghi khác nhau" not in population


def test_unit_page_says_what_a_merged_unit_went_into(viewer):
    succession = UnitSuccessionFactory(portion=SuccessionPortion.PART)

    html = viewer.get(succession.predecessor.get_absolute_url()).content.decode()

    assert succession.successor.name in html
    assert "một phần" in html


def test_document_page_shows_the_parsed_symbol_and_where_it_is_cited(viewer, article):
    document = LegalDocument.objects.get(symbol="1669/NQ-UBTVQH15")

    html = viewer.get(document.get_absolute_url()).content.decode()

    assert "<dd>1669</dd>" in html
    assert "<dd>UBTVQH15</dd>" in html
    assert "<dd>16/6/2025</dd>" in html
    assert "Ủy ban Thường vụ Quốc hội" in html
    assert "Thành lập" in html and "Phường Hoàng Lâm" in html


def test_record_pages_link_to_each_other(viewer, article):
    phu = Person.objects.get(full_name="Nguyễn Văn Phú")
    school = Organisation.objects.get(name="Trường Chính trị Tô Hiệu")

    html = viewer.get(phu.get_absolute_url()).content.decode()

    assert f'href="{school.get_absolute_url()}"' in html


def test_an_unknown_record_is_not_found(viewer):
    assert viewer.get(f"/people/{uuid.uuid4()}/").status_code == 404


# Search ####################################################################


def test_search_finds_people_organisations_and_documents_without_diacritics(viewer, article):
    phu = Person.objects.get(full_name="Nguyễn Văn Phú")

    people = viewer.get("/search/", {"q": "nguyen van phu"}).content.decode()
    places = viewer.get("/search/", {"q": "thien huong"}).content.decode()
    documents = viewer.get("/search/", {"q": "1669"}).content.decode()

    assert f'href="{phu.get_absolute_url()}"' in people
    assert "Đảng bộ phường Thiên Hương" in places
    assert 'href="/organisations/?q=thien%20huong"' in places
    assert "Nghị quyết 1669/NQ-UBTVQH15" in documents


def test_search_shows_ten_of_each_and_links_to_the_rest(viewer):
    bulk(PersonFactory, 12, full_name="Nguyễn Văn Tuấn")

    response = viewer.get("/search/", {"q": "tuan"})

    people = response.context["sections"][0]
    assert len(people["rows"]) == 10
    assert people["more"]
    assert "Xem tất cả kết quả trong danh sách" in response.content.decode()
