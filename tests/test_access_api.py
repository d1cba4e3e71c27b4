"""Who sees what through the read API: each role and scope, as tests/test_access_reading.py asks of
the pages. A key reads as its user: its lists hold exactly the records of the places the user's
scope covers, and ward A's record is 200 or 404 as its page is."""

import pytest

from tests.access_world import GIVEN, MATRIX, SEES, build_world, expected, make_user
from tests.api import api_get, issue_key, uids
from tests.congress.factories import AppointmentDecisionFactory, ElectionFactory

pytestmark = pytest.mark.django_db

KINDS = ["people", "organisations", "units", "documents", "congresses", "speeches", "indicators", "tasks"]


def build_api_world():
    """The access tests' world, with an election and an appointment decision in each ward."""
    world = build_world()
    for ward in ("A", "B"):
        congress = next(iter(world[ward]["congresses"]))
        world[ward]["elections"] = {ElectionFactory(congress=congress, body=congress.executive_committee)}
        decision = AppointmentDecisionFactory(organisation=congress.executive_committee, congress=congress)
        world[ward]["appointments"] = {decision}
        # The decision is a document of the ward's (congress.rules).
        world[ward]["documents"].add(decision.document)
    return world


def check_every_operation(client, key, world, sees, record_status):
    """Every list and ward A's record of every kind, as the matrix expects: the mismatches."""
    wrong = []
    for kind in [*KINDS, "elections", "appointments"]:
        rows = {str(record.uid) for record in expected(world, kind, sees)}
        listing = api_get(client, f"/{kind}", key, {"limit": 200})
        if listing.status_code != 200 or uids(listing) != rows:
            wrong.append(f"/{kind}: {listing.status_code}")
        ours = min(world["A"][kind], key=lambda record: record.pk)
        record = api_get(client, f"/{kind}/{ours.uid}", key)
        if record.status_code != record_status:
            wrong.append(f"/{kind}/{{uid}}: {record.status_code}, not {record_status}")
    return wrong


@pytest.mark.parametrize(("role", "scope", "record_status", "import_status"), MATRIX)
def test_each_role_and_scope_reads_exactly_its_records(
    client, django_user_model, role, scope, record_status, import_status
):
    world = build_api_world()
    _, key = issue_key(make_user(django_user_model, role, GIVEN[scope], world))

    assert check_every_operation(client, key, world, SEES[scope], record_status) == []


def test_a_superusers_key_reads_every_record(client, django_user_model):
    world = build_api_world()
    _, key = issue_key(django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used"))

    assert check_every_operation(client, key, world, {"city", "A", "B"}, 200) == []


def test_a_key_of_a_user_without_a_role_is_refused_every_list(client, django_user_model):
    build_api_world()
    _, key = issue_key(django_user_model.objects.create_user("nobody", password="not-used"))

    assert {api_get(client, f"/{kind}", key).status_code for kind in KINDS} == {403}


def test_a_filter_naming_a_record_outside_the_scope_is_refused_like_one_that_does_not_exist(
    client, django_user_model
):
    world = build_api_world()
    _, key = issue_key(make_user(django_user_model, "viewer", "A", world))
    theirs = min(world["B"]["organisations"], key=lambda organisation: organisation.pk)

    response = api_get(client, "/people", key, {"organisation": str(theirs.uid)})

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["parameter"], error["value"]) == ("organisation", str(theirs.uid))
    assert error["message"].startswith(f"Tham số “organisation” có giá trị “{theirs.uid}”: ")
    assert "Tân Hòa B" not in response.content.decode()


def test_the_records_a_record_names_are_those_its_page_names_and_its_sources_those_it_cites(
    client, django_user_model
):
    world = build_api_world()
    _, key = issue_key(make_user(django_user_model, "viewer", "A", world))
    task = next(iter(world["A"]["tasks"]))

    body = api_get(client, f"/tasks/{task.uid}", key).json()

    assert body["congress"] == {"uid": str(task.congress.uid), "name": str(task.congress)}
    assert body["owner"] == {"uid": str(task.owner.uid), "name": str(task.owner)}
    assert [source["uid"] for source in body["sources"]] == [str(source.uid) for source in task.sources.all()]
