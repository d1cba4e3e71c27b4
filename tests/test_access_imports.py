"""Who imports what: each role and scope uploading rows inside and outside its scope."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from records import access
from records.models import Membership, Person
from tests.sheet_files import database_rows, xlsx
from tests.access_world import GIVEN, build_world, make_user

pytestmark = pytest.mark.django_db


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
