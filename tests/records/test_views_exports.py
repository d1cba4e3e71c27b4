"""Tests for records.views: exports of the lists, and the queries a list page runs."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from records import paging
from records.models import Membership, Organisation, Person
from records.models.documents import DocumentType
from records.models.organisations import OrganisationKind
from records.models.units import UnitKind, UnitRegister
from records.paging import count_rows
from records.sheets.kinds import SheetResource, get_sheet
from records.templatetags.vietnamese_format import vi_number
from tests.pages import (
    assert_imports_back_unchanged,
    assert_pages_keep_the_filter,
    bulk,
    exported_column,
    get_list_page,
    listed,
)
from tests.records.factories import (
    AdministrativeUnitFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


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
    stem = get_sheet(kind).file_stem
    assert re.fullmatch(rf'attachment; filename="{stem}-\d{{4}}-\d{{2}}-\d{{2}}\.{file_format}"', response["Content-Disposition"])
    column = exported_column(response, header)
    assert column == expected
    assert len(shown) == len(expected)
    assert assert_imports_back_unchanged(response, kind) == len(shown)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_people_export_holds_the_current_posts_the_list_shows(viewer, article, file_format):
    query = {"q": "nguyen", "sort": "-name"}
    html = viewer.get("/people/", query).content.decode()

    response = viewer.get("/people/", {**query, "export": file_format})

    posts = exported_column(response, "Chức vụ hiện nay")
    assert "Hiệu trưởng Trường Chính trị Tô Hiệu, Trường Chính trị Tô Hiệu" in posts[0].split("; ")
    for post in posts[0].split("; "):
        title, organisation = post.split(", ", 1)
        assert title in html and organisation in html
    assert all(posts)
    assert assert_imports_back_unchanged(response, "people") == 2



def test_an_export_reads_its_records_in_one_query_whatever_its_chunks(viewer, monkeypatch):
    # Pages of a list asked again with OFFSET would ask the search once per chunk, and could
    # read a person twice or miss one when the order is not unique (five of one name here).
    monkeypatch.setattr(SheetResource, "get_chunk_size", lambda resource: 2)
    people = [PersonFactory(full_name="Trần Thị Hoa", birth_year=1970 + n) for n in range(5)]
    for person in people:
        MembershipFactory(person=person)

    with CaptureQueriesContext(connection) as queries:
        response = viewer.get("/people/", {"q": "tran thi hoa", "sort": "name", "export": "csv"})

    read_people = [q["sql"] for q in queries if re.match(r'(DECLARE .* FOR )?SELECT "records_person"\."id"', q["sql"])]
    assert len(read_people) == 1, read_people
    assert sorted(exported_column(response, "Năm sinh")) == ["1970", "1971", "1972", "1973", "1974"]

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
    # Words apart and out of order: one word's range, the others matched on the records.
    ("/people/", people_rows, 5, {"q": "an nguyen"}),
    ("/organisations/", organisation_rows, 5, {"q": "hoa dang"}),
]


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize(
    "url, make_rows, queries, query", SEARCHES, ids=[f"{url}?q={query['q']}" for url, _, _, query in SEARCHES]
)
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
