"""Who sees and changes what: roles, scopes, and the pages, exports and imports that obey them.

The world: a city party organisation with two wards below it, A and B, each with its unit,
executive committee, people holding posts, a document, a congress with an attendee, a speech,
an indicator and a task. The record asked for on every page is ward A's. A user is given the
organisation of ward A (inside), of the city (above), of ward B (sibling) or none.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records import access
from records.models import AccessScope, Membership, Organisation, Person
from records.models.organisations import OrganisationKind
from records.models.units import UnitKind
from tests.congress.factories import (
    AttendanceFactory,
    CongressFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.pages import bulk, listed
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
from tests.sheet_files import cells, database_rows, xlsx

pytestmark = pytest.mark.django_db


def build_world():
    """The city, wards A and B; for each place, the records of every kind, by kind."""
    city_unit = AdministrativeUnitFactory(kind=UnitKind.CITY, code="91", name="Thành phố Tân Hòa")
    city = OrganisationFactory(name="Đảng bộ thành phố Tân Hòa", administrative_unit=city_unit)
    leader = PersonFactory(full_name="Hoàng Minh Khoa")
    MembershipFactory(person=leader, organisation=city, title="Bí thư Thành ủy")
    world = {
        "city": {
            "people": {leader},
            "organisations": {city},
            "units": {city_unit},
            "documents": {LegalDocumentFactory(issuer=city, symbol="1-NQ/TU")},
        }
    }
    for ward in ("A", "B"):
        unit = AdministrativeUnitFactory(parent=city_unit, name=f"Phường Tân Hòa {ward}")
        party = OrganisationFactory(
            name=f"Đảng bộ phường Tân Hòa {ward}", parent=city, administrative_unit=unit
        )
        committee = OrganisationFactory(
            name=f"Ban Chấp hành Đảng bộ phường Tân Hòa {ward}",
            kind=OrganisationKind.EXECUTIVE_COMMITTEE,
            parent=party,
        )
        secretary = PersonFactory(full_name=f"Nguyễn Văn Bí Thư {ward}")
        member = PersonFactory(full_name=f"Trần Thị Ủy Viên {ward}")
        for person in (secretary, member):
            MembershipFactory(person=person, organisation=committee)
        document = LegalDocumentFactory(issuer=party, symbol=f"{ord(ward)}-NQ/ĐU")
        congress = CongressFactory(organisation=party, executive_committee=committee, resolution=document)
        AttendanceFactory(congress=congress, person=secretary)
        FigureFactory(administrative_unit=unit)
        world[ward] = {
            "people": {secretary, member},
            "organisations": {party, committee},
            "units": {unit},
            "documents": {document},
            "congresses": {congress},
            "speeches": {SpeechFactory(congress=congress, speaker=secretary)},
            "indicators": {IndicatorFactory(congress=congress, name=f"Chỉ tiêu của phường {ward}")},
            "tasks": {TaskFactory(congress=congress, owner=member, content=f"Nhiệm vụ của phường {ward}")},
        }
    return world


# A kind of record: its list page, the admin's address of its model, the export column that names it.
KINDS = {
    "people": ("/people/", "records/person", "Họ và tên", lambda p: p.full_name),
    "organisations": ("/organisations/", "records/organisation", "Tên", lambda o: o.name),
    "units": ("/units/", "records/administrativeunit", "Tên", lambda u: u.name),
    "documents": ("/documents/", "records/legaldocument", "Số ký hiệu", lambda d: d.symbol),
    "congresses": ("/congresses/", "congress/congress", "Đảng bộ", lambda c: c.organisation.name),
    "speeches": ("/speeches/", "congress/speech", "Người phát biểu", lambda s: s.speaker.full_name),
    "indicators": ("/indicators/", "congress/indicator", "Chỉ tiêu", lambda i: i.name),
    "tasks": ("/tasks/", "congress/task", "Nội dung", lambda t: t.content),
}
# The places whose records a scope covers.
SEES = {"inside": {"A"}, "above": {"city", "A", "B"}, "sibling": {"B"}, "none": set()}
GIVEN = {"inside": "A", "above": "city", "sibling": "B", "none": None}

# role, scope: what the user gets on ward A's record page and admin change form, and on the
# import page. Lists and exports hold exactly the records of the places SEES names.
MATRIX = [
    ("viewer", "inside", 200, 403),
    ("viewer", "above", 200, 403),
    ("viewer", "sibling", 404, 403),
    ("viewer", "none", 404, 403),
    ("clerk", "inside", 200, 200),
    ("clerk", "above", 200, 200),
    ("clerk", "sibling", 404, 200),
    ("clerk", "none", 404, 200),
    ("manager", "inside", 200, 200),
    ("manager", "above", 200, 200),
    ("manager", "sibling", 404, 200),
    ("manager", "none", 404, 200),
]
ROLES = {"viewer": access.VIEWER, "clerk": access.CLERK, "manager": access.MANAGER}


def make_user(django_user_model, role, place, world, username="user"):
    user = django_user_model.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=ROLES[role]))
    scope = AccessScope.objects.create(user=user)
    if place is not None:
        root = next(o for o in world[place]["organisations"] if o.kind == OrganisationKind.PARTY_ORGANISATION)
        scope.organisations.add(root)
    return user


def exported(response, header):
    """The names in one column of an exported file, sorted; an empty export has its header alone."""
    header_row, *rows = cells(response.content)
    column = header_row.index(header)
    return sorted(row[column] for row in rows)


def expected(world, kind, places):
    return {record for place in places for record in world[place].get(kind, ())}


def admin_url(admin_path, view="changelist", *args):
    app_label, model_name = admin_path.split("/")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def check_every_page(client, world, sees, record_status, import_status):
    """Every page of every kind, as the matrix expects: the mismatches, as readable lines."""
    wrong = []
    for kind, (url, admin_path, header, label) in KINDS.items():
        ours = next(iter(sorted(world["A"][kind], key=lambda record: record.pk)))
        rows = expected(world, kind, sees)
        names = sorted(label(record) for record in rows)

        listing = client.get(url)
        if listing.status_code != 200 or set(listed(listing)) != rows:
            wrong.append(f"{url}: {listing.status_code}")
        export = client.get(url, {"export": "csv"})
        if export.status_code != 200 or exported(export, header) != names:
            wrong.append(f"{url}?export=csv: {export.status_code}")
        page = client.get(ours.get_absolute_url())
        if page.status_code != record_status:
            wrong.append(f"{ours.get_absolute_url()} ({kind}): {page.status_code}, not {record_status}")

        changelist = client.get(admin_url(admin_path))
        if changelist.status_code != 200 or set(changelist.context["cl"].result_list) != rows:
            wrong.append(f"admin {admin_path}: {changelist.status_code}")
        change = client.get(admin_url(admin_path, "change", ours.pk))
        if change.status_code != record_status:
            wrong.append(f"admin {admin_path} change: {change.status_code}, not {record_status}")
        admin_export = client.post(admin_url(admin_path, "export"), {"format": "1", "resource": "0"})
        if admin_export.status_code != 200 or exported(admin_export, header) != names:
            wrong.append(f"admin {admin_path} export: {admin_export.status_code}")
        importing = client.get(admin_url(admin_path, "import"))
        if importing.status_code != import_status:
            wrong.append(f"admin {admin_path} import: {importing.status_code}, not {import_status}")
    return wrong


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


# Imports ###################################################################

ROSTER = ["Họ và tên", "Năm sinh", "Tổ chức", "Chức vụ", "Chức danh"]


def upload(client, content, url="/admin/records/membership/import/", **fields):
    return client.post(url, {"import_file": SimpleUploadedFile("danh-sach.xlsx", content), **fields})


# role, scope: what uploading a roster of ward A's committee does (a dry run, the preview).
IMPORT_MATRIX = [
    ("viewer", "inside", 403, None),
    ("viewer", "above", 403, None),
    ("clerk", "inside", 200, "accepted"),
    ("clerk", "above", 200, "accepted"),
    ("clerk", "sibling", 200, "refused"),
    ("clerk", "none", 200, "refused"),
    ("manager", "inside", 200, "accepted"),
    ("manager", "above", 200, "accepted"),
    ("manager", "sibling", 200, "refused"),
    ("manager", "none", 200, "refused"),
]


@pytest.mark.parametrize(("role", "scope", "status", "outcome"), IMPORT_MATRIX)
def test_each_role_and_scope_imports_only_rows_in_scope(
    client, django_user_model, role, scope, status, outcome
):
    world = build_world()
    client.force_login(make_user(django_user_model, role, GIVEN[scope], world))

    roster = xlsx(ROSTER, ["Phạm Thị Hà", 1985, "Ban Chấp hành Đảng bộ phường Tân Hòa A", "Ủy viên", ""])

    response = upload(client, roster)

    assert response.status_code == status
    if outcome is not None:
        assert ("refused" if response.context["report"].refused else "accepted") == outcome


def test_a_clerk_of_ward_a_importing_a_row_for_ward_b_is_refused_and_nothing_is_written(
    client, django_user_model
):
    world = build_world()
    client.force_login(make_user(django_user_model, "clerk", "A", world))
    content = xlsx(
        ROSTER,
        ["Phạm Thị Hà", 1985, "Ban Chấp hành Đảng bộ phường Tân Hòa A", "Ủy viên", ""],
        ["Lê Văn Cường", 1979, "Ban Chấp hành Đảng bộ phường Tân Hòa B", "Ủy viên", ""],
    )
    before = database_rows()

    preview = upload(client, content)

    report = preview.context["report"]
    assert [(error.row, error.column, error.value) for error in report.errors] == [
        (3, "Tổ chức", "Ban Chấp hành Đảng bộ phường Tân Hòa B")
    ]
    assert preview.context["confirm_form"] is None
    assert database_rows() == before
    assert not Person.objects.filter(full_name__in=["Phạm Thị Hà", "Lê Văn Cường"]).exists()


def test_a_clerk_import_refuses_a_row_whose_organisation_lies_above_the_scope(django_user_model):
    from records.sheets.services import sheet_import

    world = build_world()
    clerk = make_user(django_user_model, "clerk", "A", world)
    # The city is named by ward A's party organisation (its parent), so the name is known...
    content = xlsx(ROSTER, ["Phạm Thị Hà", 1985, "Đảng bộ thành phố Tân Hòa", "Ủy viên", ""])
    before = database_rows()

    report = sheet_import(
        kind="memberships",
        data=content,
        file_name="bch.xlsx",
        user=clerk,
        dry_run=False,
        scope=access.scope_of(clerk),
    )

    # ... but a post in it lies outside ward A.
    assert [(e.row, e.column, e.value, e.message) for e in report.errors] == [
        (2, "Tổ chức", "Đảng bộ thành phố Tân Hòa", "Ngoài phạm vi hồ sơ được giao cho bạn.")
    ]
    assert database_rows() == before


def test_a_clerk_imports_rows_of_their_own_ward(client, django_user_model):
    world = build_world()
    clerk = make_user(django_user_model, "clerk", "A", world)
    client.force_login(clerk)
    content = xlsx(ROSTER, ["Phạm Thị Hà", 1985, "Ban Chấp hành Đảng bộ phường Tân Hòa A", "Ủy viên", ""])

    preview = upload(client, content).content.decode()
    form = dict(re.findall(r'name="(import_file_name|original_file_name|preview)" value="([^"]*)"', preview))
    response = client.post("/admin/records/membership/process_import/", {"congress": "", **form})

    assert response.status_code == 302
    post = Membership.objects.get(person__full_name="Phạm Thị Hà")
    assert post.history.get().history_user == clerk


def test_a_congress_list_cannot_be_imported_into_a_congress_outside_the_scope(client, django_user_model):
    world = build_world()
    client.force_login(make_user(django_user_model, "clerk", "A", world))
    theirs = next(iter(world["B"]["congresses"]))

    response = upload(
        client,
        xlsx(["Họ và tên", "Tư cách"], ["Phạm Thị Hà", "Đại biểu chính thức"]),
        url="/admin/congress/attendance/import/",
        congress=theirs.pk,
    )

    assert "congress" in response.context["form"].errors
    assert response.context["report"] is None
    assert not Person.objects.filter(full_name="Phạm Thị Hà").exists()


def test_a_new_person_alone_is_outside_every_scope(django_user_model):
    from records.sheets.services import sheet_import

    world = build_world()
    clerk = make_user(django_user_model, "clerk", "A", world)

    report = sheet_import(
        kind="people",
        data=xlsx(["Họ và tên", "Năm sinh"], ["Phạm Thị Hà", 1985]),
        file_name="nguoi.xlsx",
        user=clerk,
        dry_run=True,
        scope=access.scope_of(clerk),
    )

    assert [(e.row, e.column, e.value) for e in report.errors] == [(2, "Họ và tên", "Phạm Thị Hà")]


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
    "records/legaldocument": lambda party, unit, congress, user: LegalDocumentFactory(issuer=party),
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
