"""Who sees what: each role and scope on the pages and exports, the search and the lists."""


import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from records import access
from records.models import Membership, Organisation, Person
from tests.congress.factories import AttendanceFactory, TaskFactory
from tests.pages import bulk, listed
from tests.records.factories import (
    AdministrativeUnitFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.access_world import GIVEN, KINDS, MATRIX, SEES, admin_url, build_world, check_every_page, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "scope", "record_status", "import_status"), MATRIX)
def test_each_role_and_scope_gets_exactly_its_records(
    client, django_user_model, role, scope, record_status, import_status
):
    world = build_world()
    client.force_login(make_user(django_user_model, role, GIVEN[scope], world))

    assert check_every_page(client, world, SEES[scope], record_status, import_status) == []


def test_a_superuser_gets_every_record(client, django_user_model):
    world = build_world()
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used"))

    assert check_every_page(client, world, {"city", "A", "B"}, 200, 200) == []


def test_a_visitor_is_sent_to_log_in_everywhere(client):
    world = build_world()

    for kind, (url, admin_path, *_) in KINDS.items():
        ours = next(iter(world["A"][kind]))
        for address, login in (
            (url, "/login/"),
            (f"{url}?export=csv", "/login/"),
            (ours.get_absolute_url(), "/login/"),
            (admin_url(admin_path), "/admin/login/"),
            (admin_url(admin_path, "change", ours.pk), "/admin/login/"),
            (admin_url(admin_path, "export"), "/admin/login/"),
            (admin_url(admin_path, "import"), "/admin/login/"),
        ):
            response = client.get(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith(f"{login}?next="), address


def test_a_logged_in_user_without_a_role_is_refused_the_read_pages(client, django_user_model):
    build_world()
    client.force_login(django_user_model.objects.create_user("nobody", password="not-used"))

    assert client.get("/people/").status_code == 403
    assert client.get("/").status_code == 200


def test_a_viewer_without_the_export_permission_cannot_export(client, django_user_model):
    world = build_world()
    user = make_user(django_user_model, "viewer", "A", world)
    Group.objects.get(name=access.VIEWER).permissions.filter(codename="export_person").delete()

    client.force_login(user)

    assert client.get("/people/", {"export": "csv"}).status_code == 403


# Query counts ##############################################################


@pytest.mark.parametrize("url", ["/people/", "/organisations/", "/units/", "/tasks/"])
def test_a_scoped_list_runs_the_same_queries_for_a_few_rows_or_fifty_more(client, django_user_model, url):
    world = build_world()
    client.force_login(make_user(django_user_model, "viewer", "A", world))
    committee = Organisation.objects.get(name="Ban Chấp hành Đảng bộ phường Tân Hòa A")

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    people = bulk(PersonFactory, 50)
    Membership.objects.bulk_create(
        MembershipFactory.build(person=person, organisation=committee) for person in people
    )
    # Beside the committee, not below it: a deeper tree costs one query more to walk, once.
    bulk(OrganisationFactory, 50, parent=committee.parent)
    bulk(AdministrativeUnitFactory, 50, parent=committee.parent.administrative_unit)
    bulk(TaskFactory, 50, congress=next(iter(world["A"]["congresses"])))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.context["total"] > 5
    assert len(many) == len(few)


def test_a_manager_adds_a_user_only_with_organisations_in_scope(client, django_user_model):
    world = build_world()
    client.force_login(make_user(django_user_model, "manager", "A", world, username="manager"))
    committee = Organisation.objects.get(name="Ban Chấp hành Đảng bộ phường Tân Hòa A")
    data = {
        "username": "thu-ky",
        "usable_password": "true",
        "password1": "mật-khẩu-dài-2025-x",
        "password2": "mật-khẩu-dài-2025-x",
        "access_scope-TOTAL_FORMS": "1",
        "access_scope-INITIAL_FORMS": "0",
        "access_scope-MIN_NUM_FORMS": "0",
        "access_scope-MAX_NUM_FORMS": "1",
    }

    without = client.post(admin_url("auth/user", "add"), data)
    assert without.status_code == 200 and not django_user_model.objects.filter(username="thu-ky").exists()

    added = client.post(
        admin_url("auth/user", "add"), {**data, "access_scope-0-organisations": [committee.pk]}
    )
    assert added.status_code == 302
    user = django_user_model.objects.get(username="thu-ky")
    assert list(user.access_scope.organisations.all()) == [committee]
    assert client.get(admin_url("auth/user", "change", user.pk)).status_code == 200


# Pages beside the lists ####################################################


def test_the_search_and_the_home_page_show_only_the_scope(client, django_user_model):
    world = build_world()
    client.force_login(make_user(django_user_model, "viewer", "A", world))

    search = client.get("/search/", {"q": "tan hoa"})
    home = client.get("/")

    found = {str(row) for section in search.context["sections"] for row in section["rows"]}
    assert "Đảng bộ phường Tân Hòa A" in found
    assert not {name for name in found if name.endswith(" B") or "thành phố" in name}
    counts = {url_name: count for _, url_name, count in home.context["counts"]}
    assert counts == {
        "person-list": 2,
        "organisation-list": 2,
        "unit-list": 1,
        "document-list": 1,
        "congress-list": 1,
        "speech-list": 1,
        "indicator-list": 1,
        "task-list": 1,
    }


def test_a_list_filtered_by_a_record_outside_the_scope_names_nothing(client, django_user_model):
    world = build_world()
    client.force_login(make_user(django_user_model, "viewer", "A", world))
    theirs = Organisation.objects.get(name="Đảng bộ phường Tân Hòa B")

    response = client.get("/people/", {"organisation": theirs.uid})

    assert listed(response) == []
    assert "organisation" in response.context["filterset"].form.errors
    assert "Tân Hòa B" not in response.content.decode()


def ids_where(model, condition, *, negated=False):
    rows = model.objects.exclude(condition) if negated else model.objects.filter(condition)
    return set(rows.values_list("pk", flat=True))


@pytest.mark.parametrize("place", ["A", "city"])
def test_a_scope_asks_its_lists_of_ids_as_one_union_covering_the_same_rows(django_user_model, place):
    """A person is in ward A's scope through a post, or only through what A's congress records:
    seven lists, asked as one `IN` a UNION (access.one_id_list). Every registered model's
    condition covers, and when negated excludes, exactly the rows its lists ORed one by one do."""
    world = build_world()
    congress = next(iter(world["A"]["congresses"]))
    present_only = PersonFactory(full_name="Đỗ Thị Chỉ Dự")
    AttendanceFactory(congress=congress, person=present_only)
    outsider = PersonFactory(full_name="Vũ Văn Ngoài")
    scope = access.scope_of(make_user(django_user_model, "viewer", place, world))

    people = scope.condition(Person)
    assert len(people.children) == 1
    lookup, ids = people.children[0]
    # UNION, not UNION ALL: the planner's estimate of a UNION ALL's distinct ids is 200 (see
    # access.one_id_list).
    assert (lookup, ids.query.combinator, ids.query.combinator_all) == ("pk__in", "union", False)
    sql = str(Person.objects.filter(people).query)
    assert sql.count('"records_person"."id" IN (') == 1
    assert sql.count(" UNION ") == 6 and "UNION ALL" not in sql
    assert present_only.pk in ids_where(Person, people) and outsider.pk not in ids_where(Person, people)

    for model, rule in access.RULES.items():
        each_list = rule.visible(scope)
        for extension in rule.extensions:
            each_list |= extension(scope)
        merged = scope.condition(model)
        assert ids_where(model, merged) == ids_where(model, each_list), model
        assert ids_where(model, merged, negated=True) == ids_where(model, each_list, negated=True), model


def test_a_condition_keeps_what_is_not_a_list_of_ids():
    recorded_by_me = Q(recorded_by=7)
    lists = Q(pk__in=Person.objects.values("pk")) | Q(pk__in=Organisation.objects.values("pk"))
    merged = access.one_id_list(recorded_by_me | lists)

    assert ("recorded_by", 7) in merged.children and len(merged.children) == 2
    assert access.one_id_list(recorded_by_me) is recorded_by_me
    # A list of whole rows (not one column) cannot be a part of a union: left as it is.
    whole_rows = Q(pk__in=Person.objects.all()) | Q(pk__in=Person.objects.values("pk"))
    assert access.one_id_list(whole_rows) is whole_rows
