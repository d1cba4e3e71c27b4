"""Who changes what in the admin: deleting, restoring, autocompletes, forms, users and roles."""


import pytest
from django.contrib.auth.models import Group

from records import access
from records.models import Membership, Organisation, Person
from records.models.organisations import OrganisationKind
from tests.congress.factories import (
    AttendanceFactory,
    CongressFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
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
from tests.access_world import admin_url, build_world, make_user

pytestmark = pytest.mark.django_db


# The admin: deleting, autocompletes, forms ##################################


def ward_a_member(full_name):
    """A person whose one post is in ward A's committee (and who spoke nowhere, owns no task)."""
    person = PersonFactory(full_name=full_name)
    MembershipFactory(
        person=person, organisation=Organisation.objects.get(name="Ban Chấp hành Đảng bộ phường Tân Hòa A")
    )
    return person


# A clerk deletes only what cites no source; a manager also what does.
DELETES = [
    ("clerk", False, 200),
    ("clerk", True, 403),
    ("manager", False, 200),
    ("manager", True, 200),
]


@pytest.mark.parametrize(("role", "sourced", "status"), DELETES)
def test_who_may_delete_a_record_that_cites_a_source(client, django_user_model, role, sourced, status):
    world = build_world()
    client.force_login(make_user(django_user_model, role, "A", world))
    person = ward_a_member("Đỗ Quang An")
    if sourced:
        person.sources.add(SourceFactory())
    url = admin_url("records/person", "delete", person.pk)

    assert client.get(url).status_code == status
    response = client.post(url, {"post": "yes"})
    assert response.status_code == (302 if status == 200 else 403)
    assert Person.objects.filter(pk=person.pk).exists() == (status == 403)


# A record of ward A of each kind the admin restores, given ward A's party organisation, unit and
# congress, and the user who records sources.
RESTORABLE = {
    "records/source": lambda party, unit, congress, user: SourceFactory(recorded_by=user),
    "records/administrativeunit": lambda party, unit, congress, user: AdministrativeUnitFactory(parent=unit),
    "records/unitsuccession": lambda party, unit, congress, user: UnitSuccessionFactory(successor=unit),
    "records/organisation": lambda party, unit, congress, user: OrganisationFactory(parent=party),
    "records/person": lambda party, unit, congress, user: ward_a_member("Đỗ Quang An"),
    "records/membership": lambda party, unit, congress, user: MembershipFactory(organisation=party),
    # A symbol of its own: the factory's sequence could reach the world's "65-NQ/ĐU" of the same party.
    "records/legaldocument": lambda party, unit, congress, user: LegalDocumentFactory(
        issuer=party, symbol="999-NQ/ĐU"
    ),
    "records/figure": lambda party, unit, congress, user: FigureFactory(administrative_unit=unit),
    "congress/congress": lambda party, unit, congress, user: CongressFactory(
        organisation=party, ordinal=2, term_start=2030, term_end=2035
    ),
    "congress/attendance": lambda party, unit, congress, user: AttendanceFactory(congress=congress),
    "congress/speech": lambda party, unit, congress, user: SpeechFactory(congress=congress, order=None),
    "congress/indicator": lambda party, unit, congress, user: IndicatorFactory(congress=congress),
    "congress/task": lambda party, unit, congress, user: TaskFactory(congress=congress),
}


def deleted_in_ward_a(admin_path, world, user):
    """A record of ward A made, citing a source where it can, and deleted: its model, key and deletion."""
    party = next(o for o in world["A"]["organisations"] if o.kind == OrganisationKind.PARTY_ORGANISATION)
    (unit,), (congress,) = world["A"]["units"], world["A"]["congresses"]
    record = RESTORABLE[admin_path](party, unit, congress, user)
    if hasattr(record, "sources"):
        record.sources.add(SourceFactory(title="Biên bản kiểm phiếu"))
    model, pk = type(record), record.pk
    record.delete()
    return model, pk, model.history.get(id=pk, history_type="-")


@pytest.mark.parametrize("admin_path", RESTORABLE)
def test_a_manager_restores_a_deleted_record_of_their_scope_and_no_other(
    client, django_user_model, admin_path
):
    world = build_world()
    ours = make_user(django_user_model, "manager", "A", world, username="quan-ly-a")
    theirs = make_user(django_user_model, "manager", "B", world, username="quan-ly-b")
    model, pk, deletion = deleted_in_ward_a(admin_path, world, ours)
    restore_url = admin_url(admin_path, "restore", deletion.history_id)

    client.force_login(theirs)
    assert list(client.get(admin_url(admin_path, "deleted")).context["page"].object_list) == []
    assert client.post(restore_url).status_code == 404

    client.force_login(ours)
    assert admin_url(admin_path, "deleted") in client.get(admin_url(admin_path)).content.decode()
    assert list(client.get(admin_url(admin_path, "deleted")).context["page"].object_list) == [deletion]
    response = client.post(restore_url)

    assert (response.status_code, response["Location"]) == (302, admin_url(admin_path, "change", pk))
    restored = model.objects.get(pk=pk)
    if hasattr(restored, "sources"):
        assert [source.title for source in restored.sources.all()] == ["Biên bản kiểm phiếu"]


@pytest.mark.parametrize("role", ["viewer", "clerk"])
@pytest.mark.parametrize("admin_path", RESTORABLE)
def test_who_may_not_delete_a_record_may_not_restore_it(client, django_user_model, admin_path, role):
    world = build_world()
    user = make_user(django_user_model, role, "A", world)
    model, pk, deletion = deleted_in_ward_a(admin_path, world, user)
    client.force_login(user)

    response = client.post(admin_url(admin_path, "restore", deletion.history_id))

    assert response.status_code == 403
    assert not model.objects.filter(pk=pk).exists()
    if role == "viewer":
        assert client.get(admin_url(admin_path, "deleted")).status_code == 403
        assert admin_url(admin_path, "deleted") not in client.get(admin_url(admin_path)).content.decode()


def test_a_record_outside_the_scope_cannot_be_deleted_or_its_history_read(client, django_user_model):
    world = build_world()
    client.force_login(make_user(django_user_model, "manager", "A", world))
    theirs = min(world["B"]["people"], key=lambda person: person.pk)
    version = theirs.history.get()

    assert client.get(admin_url("records/person", "delete", theirs.pk)).status_code == 404
    assert client.post(admin_url("records/person", "delete", theirs.pk), {"post": "yes"}).status_code == 404
    assert client.get(admin_url("records/person", "history", theirs.pk)).status_code == 404
    assert client.get(admin_url("records/person", "simple_history", theirs.pk, version.pk)).status_code == 404
    assert Person.objects.filter(pk=theirs.pk).exists()


def test_the_autocomplete_offers_only_records_in_scope(client, django_user_model):
    world = build_world()
    client.force_login(make_user(django_user_model, "clerk", "A", world))

    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "records", "model_name": "membership", "field_name": "organisation", "term": "tan hoa"},
    )

    assert sorted(item["text"] for item in response.json()["results"]) == [
        "Ban Chấp hành Đảng bộ phường Tân Hòa A",
        "Đảng bộ phường Tân Hòa A",
    ]


def test_a_clerk_cannot_move_a_post_to_another_ward(client, django_user_model):
    world = build_world()
    client.force_login(make_user(django_user_model, "clerk", "A", world))
    post = Membership.objects.filter(organisation__name="Ban Chấp hành Đảng bộ phường Tân Hòa A").first()
    elsewhere = Organisation.objects.get(name="Ban Chấp hành Đảng bộ phường Tân Hòa B")

    response = client.post(
        admin_url("records/membership", "change", post.pk),
        {"person": post.person_id, "organisation": elsewhere.pk, "role": post.role, "title": post.title},
    )

    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    post.refresh_from_db()
    assert post.organisation.name.endswith("A")


def test_a_congress_keeps_its_directing_body_above_the_scope(client, django_user_model):
    world = build_world()
    congress = next(iter(world["A"]["congresses"]))
    congress.directing_body = next(iter(world["city"]["organisations"]))
    congress.save()
    client.force_login(make_user(django_user_model, "clerk", "A", world))

    page = client.get(admin_url("congress/congress", "change", congress.pk))
    form = page.context["adminform"].form

    assert form.fields["directing_body"].queryset.filter(pk=congress.directing_body_id).exists()
    assert not form.fields["organisation"].queryset.filter(name__endswith="B").exists()


# Users and roles ###########################################################


def test_a_manager_gives_roles_and_organisations_only_inside_their_scope(client, django_user_model):
    world = build_world()
    manager = make_user(django_user_model, "manager", "city", world, username="manager")
    clerk = make_user(django_user_model, "clerk", "A", world, username="clerk")
    client.force_login(manager)
    ward_b = Organisation.objects.get(name="Đảng bộ phường Tân Hòa B")
    elsewhere = OrganisationFactory(name="Đảng bộ phường ngoài thành phố")

    page = client.get(admin_url("auth/user", "change", clerk.pk))
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    assert sorted(form.fields["groups"].queryset.values_list("name", flat=True)) == sorted(access.ROLES)

    data = {
        "username": "clerk",
        "date_joined_0": "1/7/2025",
        "date_joined_1": "08:00:00",
        "is_active": "on",
        "is_staff": "on",
        "groups": [Group.objects.get(name=access.CLERK).pk],
        "access_scope-TOTAL_FORMS": "1",
        "access_scope-INITIAL_FORMS": "1",
        "access_scope-MIN_NUM_FORMS": "0",
        "access_scope-MAX_NUM_FORMS": "1",
        "access_scope-0-id": clerk.access_scope.pk,
        "access_scope-0-user": clerk.pk,
    }
    url = admin_url("auth/user", "change", clerk.pk)
    refused = client.post(url, {**data, "access_scope-0-organisations": [elsewhere.pk]})
    given = client.post(url, {**data, "access_scope-0-organisations": [ward_b.pk]})

    assert refused.status_code == 200
    assert given.status_code == 302
    assert list(clerk.access_scope.organisations.all()) == [ward_b]


def test_a_manager_sees_only_the_users_inside_their_scope(client, django_user_model):
    world = build_world()
    manager = make_user(django_user_model, "manager", "A", world, username="manager")
    ours = make_user(django_user_model, "viewer", "A", world, username="ours")
    theirs = make_user(django_user_model, "viewer", "B", world, username="theirs")
    above = make_user(django_user_model, "viewer", "city", world, username="above")
    client.force_login(manager)

    changelist = client.get(admin_url("auth/user"))

    assert set(changelist.context["cl"].result_list) == {manager, ours}
    assert client.get(admin_url("auth/user", "change", theirs.pk)).status_code == 404
    assert client.get(admin_url("auth/user", "change", above.pk)).status_code == 404
    assert client.get(admin_url("auth/user", "password_change", above.pk)).status_code == 404


def test_the_roles_exist_with_their_permissions():
    def codenames(role):
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    viewer, clerk, manager = (codenames(role) for role in access.ROLES)
    assert {"view_person", "export_person", "view_task", "export_task"} <= viewer
    assert not {name for name in viewer if name.split("_")[0] in ("add", "change", "delete", "import")}
    assert {"add_person", "change_person", "delete_person", "import_membership"} <= clerk
    assert "delete_sourced" not in clerk and "change_user" not in clerk
    assert clerk | {"delete_sourced", "view_user", "add_user", "change_user", "view_accesslog"} <= manager


def test_every_congress_model_is_in_the_roles_elections_included():
    """congress 0012_roles: a clerk records elections, appointments, bodies and credentials."""
    from django.apps import apps as installed

    def codenames(role):
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    viewer, clerk, manager = (codenames(role) for role in access.ROLES)
    for model in installed.get_app_config("congress").get_models():
        name = model._meta.model_name
        if name.startswith("historical"):
            continue
        assert {f"view_{name}", f"add_{name}", f"change_{name}", f"delete_{name}"} <= clerk & manager, name
        assert f"view_{name}" in viewer and f"add_{name}" not in viewer, name
    assert {"import_candidate", "export_candidate", "import_congressbodymember"} <= clerk
    assert {"export_candidate", "export_congressbodymember"} <= viewer
