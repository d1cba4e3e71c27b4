"""Tests for fixtures/thien_huong_2025.json: the fixture says what the article says, and its
units are the ones `load_units` writes, whichever runs first.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
import vietnam_provinces
from django.core.management import call_command
from vietnam_provinces import legacy

from congress.models import Attendance, Congress, Indicator, IndicatorQuerySet, Speech, Task
from records import vietnamese
from records.models import (
    AdministrativeUnit,
    Figure,
    Membership,
    Person,
    Source,
    UnitSuccession,
)
from records.units_register import REGISTER_SOURCE_PUBLISHER, REGISTER_SOURCE_TITLE, REGISTER_SOURCE_UID
from tests.article_fixture_cases import (
    ARTICLE_UID,
    ARTICLE_URL,
    REGISTER_UID,
    article_text,
    fixture_objects,
    official,
)


# 1. What the fixture says ###################################################


def test_congress_numbers(article):
    congress = Congress.objects.get()

    assert congress.organisation.name == "Đảng bộ phường Thiên Hương"
    assert (congress.ordinal, congress.term) == (1, "2025–2030")
    assert (congress.delegate_count, congress.members_represented, congress.organisations_represented) == (
        186,
        1535,
        55,
    )
    assert congress.directing_body.name == "Tổ công tác số 11 của Thành ủy"
    assert congress.directing_body.parent.name == "Thành ủy"
    assert congress.resolution.symbol == ""
    # The article gives no dates, venue or slogan.
    assert (congress.opened_on, congress.closed_on, congress.venue, congress.slogan) == (None, None, "", "")
    assert [s.kind for s in congress.sources.all()] == ["article"]


def test_executive_committee_has_27_seats_and_no_member_recorded(article):
    committee = Congress.objects.get().executive_committee

    assert committee.name == "Ban Chấp hành Đảng bộ phường Thiên Hương"
    assert (committee.seats_filled(), committee.seat_count) == (0, 27)


def test_speeches_and_the_documents_the_directive_cites(article):
    speeches = {s.speaker.full_name: s for s in Speech.objects.select_related("speaker")}

    assert set(speeches) == {"Vương Toàn Thu Thủy", "Nguyễn Công Diễn", "Nguyễn Văn Phú"}
    assert all(s.order is None for s in speeches.values())
    directive = speeches["Nguyễn Văn Phú"]
    assert directive.kind == "chi_dao"
    assert sorted((d.symbol, d.issuer.name) for d in directive.cited_documents.all()) == [
        ("18", "Thành ủy"),
        ("68", "Bộ Chính trị"),
    ]
    assert directive.summary.startswith("Ghi nhận, biểu dương")
    assert directive.summary.endswith("bối cảnh phát triển mới.")
    secretary = speeches["Vương Toàn Thu Thủy"]
    assert secretary.speaker_title == "Bí thư Đảng ủy - Chủ tịch HĐND phường Thiên Hương"
    assert speeches["Nguyễn Công Diễn"].kind == "khac"


def test_six_indicators_and_their_statuses(article):
    indicators = list(Indicator.objects.order_by("id"))

    assert [i.status for i in indicators] == ["met", "met", "exceeded", "exceeded", "exceeded", "exceeded"]
    assert indicators[3].achievement == Decimal("125.0")
    poverty = indicators[2]
    assert (poverty.direction, poverty.target, poverty.actual) == ("lower", Decimal("0.2"), 0)
    assert [i.period for i in indicators] == ["", "2021–2025", "", "", "", ""]
    # The database reaches the same verdict as the Python property.
    for status, count in (("exceeded", 4), ("met", 2)):
        assert Indicator.objects.filter(IndicatorQuerySet.status_condition(status)).count() == count


def test_three_tasks_none_of_them_six_clear(article):
    tasks = Task.objects.all()

    assert tasks.count() == 3
    assert Task.objects.not_six_clear().count() == 3
    for task in tasks:
        assert task.responsible_organisation.name == "Ban Chấp hành Đảng bộ phường Thiên Hương"
        assert task.resolution == Congress.objects.get().resolution
        assert (task.owner, task.due_on, task.approving_authority) == (None, None, None)


def test_the_ward_and_its_four_predecessors(article):
    ward = official("2025", "11557")

    assert (ward.name, ward.kind, ward.parent.name, ward.parent.code) == (
        "Phường Thiên Hương",
        "phuong",
        "Thành phố Hải Phòng",
        "31",
    )
    assert ward.established_by.symbol == "1669/NQ-UBTVQH15"
    assert ward.established_by.issued_on == datetime.date(2025, 6, 16)
    assert ward.established_by.issuer.name == "Ủy ban Thường vụ Quốc hội"
    assert {(s.predecessor.code, s.predecessor.name, s.portion) for s in ward.predecessions.all()} == {
        ("11557", "Phường Thiên Hương", "whole"),
        ("11569", "Phường Hoàng Lâm", "whole"),
        ("11572", "Phường Hoa Động", "part"),
        ("11521", "Phường Lê Hồng Phong", "part"),
    }
    for succession in ward.predecessions.all():
        assert succession.predecessor.register == "pre2025"
        assert succession.legal_basis == ward.established_by
        assert succession.effective_on == datetime.date(2025, 7, 1)
        assert {s.kind for s in succession.sources.all()} == {"register", "article"}


def test_phu_holds_three_posts_and_directed_the_congress(article):
    phu = Person.objects.get(full_name="Nguyễn Văn Phú")

    assert {(m.organisation.name, m.role, m.title) for m in phu.memberships.all()} == {
        ("Thành ủy", "uy_vien_btv", "Ủy viên Ban Thường vụ Thành ủy"),
        ("Trường Chính trị Tô Hiệu", "hieu_truong", "Hiệu trưởng Trường Chính trị Tô Hiệu"),
        ("Tổ công tác số 11 của Thành ủy", "to_truong", "Tổ trưởng Tổ công tác số 11 của Thành ủy"),
    }
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.role, attendance.organisation.name) == (
        phu,
        "chi_dao",
        "Tổ công tác số 11 của Thành ủy",
    )
    # Nobody's birth year or gender is in the article.
    assert not Person.objects.exclude(birth_year=None).exists()
    assert not Person.objects.exclude(gender="").exists()
    assert Membership.objects.count() == 8
    assert not Membership.objects.exclude(start_on=None).exists()


def test_both_figures_cite_the_article(article):
    figures = {f.metric: f for f in Figure.objects.all()}

    assert {m: f.value for m, f in figures.items()} == {"area_km2": Decimal("21.1"), "population": 45140}
    for figure in figures.values():
        assert figure.administrative_unit == official("2025", "11557")
        assert figure.source.uid == uuid.UUID(ARTICLE_UID)
        assert figure.as_of is None


def test_the_article_source_keeps_the_seed_text(article):
    source = Source.objects.get(kind="article")

    assert source.text == article_text()
    assert (source.url, source.author, source.publisher) == (ARTICLE_URL, "Quỳnh Nga (t/h)", "")


def test_units_carry_the_register_values_load_units_writes(fixture_objects):
    """Same uid and fields as `load_units` writes from vietnam-provinces, so either may run first."""
    library = {
        ("2025", "31"): (vietnam_provinces.Province.from_code(31), None),
        ("2025", "11557"): (vietnam_provinces.Ward.from_code(11557), ("2025", "31")),
        ("pre2025", "31"): (legacy.Province.from_code(31), None),
        ("pre2025", "311"): (legacy.District.from_code(311), ("pre2025", "31")),
        **{
            ("pre2025", str(code)): (legacy.Ward.from_code(code), ("pre2025", "311"))
            for code in (11557, 11569, 11572, 11521)
        },
    }
    units = [o["fields"] for o in fixture_objects if o["model"] == "records.administrativeunit"]
    register = next(o["fields"] for o in fixture_objects if o["fields"]["uid"] == REGISTER_UID)

    # load_units creates this source only when it is missing, so the fixture's must be the same.
    assert (register["kind"], register["title"], register["publisher"], register["url"]) == (
        "register",
        REGISTER_SOURCE_TITLE,
        REGISTER_SOURCE_PUBLISHER,
        "",
    )
    assert REGISTER_UID == str(REGISTER_SOURCE_UID)

    assert {(u["register"], u["code"]) for u in units} == set(library)
    for unit in units:
        entry, parent = library[unit["register"], unit["code"]]
        assert unit["uid"] == str(AdministrativeUnit.official_uid(unit["register"], unit["code"]))
        assert unit["name"] == vietnamese.clean_name(entry.name)
        expected_parent = [str(AdministrativeUnit.official_uid(*parent))] if parent else None
        assert unit["parent"] == expected_parent
        validity = ("2025-07-01", None) if unit["register"] == "2025" else (None, "2025-06-30")
        assert (unit["valid_from"], unit["valid_until"]) == validity
        assert [REGISTER_UID] in unit["sources"]


UNIT_REGISTER_FIELDS = (
    "uid",
    "register",
    "code",
    "name",
    "kind",
    "parent__uid",
    "valid_from",
    "valid_until",
    "search_key",
)
SUCCESSION_REGISTER_FIELDS = ("uid", "predecessor__uid", "successor__uid", "portion", "effective_on")


def _register_rows(objects):
    """What both the fixture and load_units write about the fixture's units and successions."""
    uids = {
        label: [o["fields"]["uid"] for o in objects if o["model"] == label]
        for label in ("records.administrativeunit", "records.unitsuccession")
    }
    units = AdministrativeUnit.objects.filter(uid__in=uids["records.administrativeunit"])
    successions = UnitSuccession.objects.filter(uid__in=uids["records.unitsuccession"])
    return {
        "units": sorted(units.values_list(*UNIT_REGISTER_FIELDS)),
        "successions": sorted(successions.values_list(*SUCCESSION_REGISTER_FIELDS)),
        "found": (units.count(), successions.count()),
        "all": (AdministrativeUnit.objects.count(), UnitSuccession.objects.count()),
    }


@pytest.mark.parametrize("fixture_first", [False, True], ids=["load_units first", "fixture first"])
def test_the_fixture_and_load_units_write_the_same_units(db, fixture_objects, fixture_first):
    steps = [
        lambda: call_command("load_units", "--province", "31", verbosity=0),
        lambda: call_command("loaddata", "thien_huong_2025", verbosity=0),
    ]
    if fixture_first:
        steps.reverse()

    steps[0]()
    before = _register_rows(fixture_objects)
    steps[1]()
    after = _register_rows(fixture_objects)

    # The same uids: nothing is duplicated, and the second step finds every row.
    assert before["found"] == after["found"] == (8, 4)
    # The same values: the second step changes none of them.
    assert after["units"] == before["units"]
    assert after["successions"] == before["successions"]
    if fixture_first:
        # load_units added Hải Phòng's other units and wrote no update to these.
        assert not AdministrativeUnit.history.filter(uid__in=[u[0] for u in before["units"]]).exists()
    else:
        assert after["all"] == before["all"]
    # What only the article says survives either order.
    ward = official("2025", "11557")
    assert ward.established_by.symbol == "1669/NQ-UBTVQH15"
    assert {s.kind for s in ward.sources.all()} == {"register", "article"}
    assert {s.legal_basis.symbol for s in ward.predecessions.all()} == {"1669/NQ-UBTVQH15"}
