"""Tests for records.views: the record pages and the search."""

import datetime
import uuid
from decimal import Decimal

import pytest

from records.models import AdministrativeUnit, LegalDocument, Organisation, Person
from records.models.figures import FigureMetric
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole
from records.models.units import SuccessionPortion, UnitRegister
from tests.pages import bulk
from tests.records.factories import (
    AdministrativeUnitFactory,
    FigureFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
    UnitSuccessionFactory,
)
from tests.records.views_cases import LAST_YEAR, TODAY, YESTERDAY

pytestmark = pytest.mark.django_db


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


def test_search_finds_words_apart_in_any_order_and_abbreviations(viewer, article):
    committee = "Ban Chấp hành Đảng bộ phường Thiên Hương"

    for text in ["ban chap hanh thien huong", "thien huong bch", "huong ban chap hanh"]:
        html = viewer.get("/search/", {"q": text}).content.decode()
        assert committee in html, text
    assert "Nguyễn Văn Phú" in viewer.get("/search/", {"q": "phu nguyen"}).content.decode()


def test_search_lists_units_with_their_register_the_current_one_first(viewer):
    AdministrativeUnitFactory(register=UnitRegister.LEGACY, code="11500", name="Phường An Hải")
    current = AdministrativeUnitFactory(register=UnitRegister.CURRENT, code="11600", name="Phường An Hải")
    AdministrativeUnitFactory(register=UnitRegister.CURRENT, code="11300", name="Xã Thái Tân")

    response = viewer.get("/search/", {"q": "hai an"})

    units = next(section for section in response.context["sections"] if section["list_url_name"] == "unit-list")
    assert [name for _, name in units["entries"]] == [
        "Phường An Hải (từ 1/7/2025)",
        "Phường An Hải (trước 1/7/2025)",
    ]
    html = response.content.decode()
    assert f'<a href="{current.get_absolute_url()}">Phường An Hải (từ 1/7/2025)</a>' in html
    assert "Thái Tân" not in html


def test_search_shows_ten_of_each_and_links_to_the_rest(viewer):
    bulk(PersonFactory, 12, full_name="Nguyễn Văn Tuấn")

    response = viewer.get("/search/", {"q": "tuan"})

    people = response.context["sections"][0]
    assert len(people["rows"]) == 10
    assert people["more"]
    assert "Xem tất cả kết quả trong danh sách" in response.content.decode()
