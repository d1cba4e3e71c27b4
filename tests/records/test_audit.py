"""Tests for records.audit and the admin's history pages: who changed what and why, reverting,
restoring deleted records, and the access log of logins and exports."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from congress.models import Attendance, Congress
from records import access, audit
from records.models import AccessEvent, AccessLog, AccessScope, Membership, Organisation, Person, Source
from records.models.organisations import OrganisationKind
from records.sheets.services import sheet_import
from tests.congress.factories import AttendanceFactory, CongressFactory
from tests.records.factories import MembershipFactory, OrganisationFactory, PersonFactory, SourceFactory
from tests.sheet_files import xlsx

pytestmark = pytest.mark.django_db

ROSTER = ["Họ và tên", "Năm sinh", "Tổ chức", "Chức vụ", "Chức danh"]
COMMITTEE = "Ban Chấp hành Đảng bộ phường Tân Hòa 1"


@pytest.fixture
def committee():
    ward = OrganisationFactory(name="Đảng bộ phường Tân Hòa 1")
    return OrganisationFactory(name=COMMITTEE, kind=OrganisationKind.EXECUTIVE_COMMITTEE, parent=ward)


@pytest.fixture
def manager(client, django_user_model, committee):
    """A manager of the ward, logged in."""
    user = django_user_model.objects.create_user("manager", password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=access.MANAGER))
    AccessScope.objects.create(user=user).organisations.add(committee.parent)
    client.force_login(user)
    return user


def membership_form(post, **changes):
    """What the admin's form of a post sends, with some fields changed."""
    data = {
        "person": post.person_id,
        "organisation": post.organisation_id,
        "role": post.role,
        "title": post.title,
        "start_on": post.start_on.strftime("%d/%m/%Y") if post.start_on else "",
        "end_on": "",
        "start_reason": post.start_reason,
        "end_reason": post.end_reason,
        "note": post.note,
    }
    return {**data, **changes}


def change_url(record):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


def cites(record):
    """The titles of the sources a record cites."""
    return sorted(record.sources.values_list("title", flat=True))


def kept(version):
    """The titles of the sources a history row of a record says it cited."""
    return sorted(version.sources.values_list("source__title", flat=True))


# History rows ##############################################################


def test_an_admin_edit_leaves_a_history_row_with_the_user_and_the_reason(client, manager, committee):
    post = MembershipFactory(organisation=committee, title="Ủy viên Ban Chấp hành")

    response = client.post(
        change_url(post),
        membership_form(post, title="Ủy viên Ban Thường vụ", history_reason="Theo Quyết định số 12"),
    )

    assert response.status_code == 302
    latest = post.history.first()
    assert (latest.history_type, latest.title) == ("~", "Ủy viên Ban Thường vụ")
    assert (latest.history_user, latest.history_change_reason) == (manager, "Theo Quyết định số 12")


def test_an_import_leaves_history_rows_with_the_user(committee, django_user_model):
    clerk = django_user_model.objects.create_user("clerk")

    sheet_import(
        kind="memberships",
        data=xlsx(ROSTER, ["Phạm Thị Hà", 1985, COMMITTEE, "Ủy viên", ""]),
        file_name="bch.xlsx",
        user=clerk,
        dry_run=False,
        reason="Danh sách sau Đại hội",
    )

    post = Membership.objects.get(person__full_name="Phạm Thị Hà")
    for record in (post, post.person):
        row = record.history.get()
        assert (row.history_type, row.history_user) == ("+", clerk)
        assert row.history_change_reason == "Danh sách sau Đại hội (Nhập từ tệp “bch.xlsx”)"


def test_a_command_line_import_leaves_history_rows_with_the_user_and_the_reason(
    committee, django_user_model, tmp_path
):
    clerk = django_user_model.objects.create_user("clerk")
    AccessScope.objects.create(user=clerk).organisations.add(committee.parent)
    known = MembershipFactory(organisation=committee, person=PersonFactory(full_name="Lê Văn An"))
    path = tmp_path / "bch.xlsx"
    path.write_bytes(xlsx(ROSTER, ["Lê Văn An", "", COMMITTEE, "Ủy viên", "Ủy viên Ban Thường vụ"]))

    call_command(
        "import_sheet",
        *["memberships", str(path), "--user", "clerk", "--reason", "Bầu bổ sung"],
        stdout=StringIO(),
    )

    latest = known.history.first()
    assert (latest.history_type, latest.title, latest.history_user) == ("~", "Ủy viên Ban Thường vụ", clerk)
    assert latest.history_change_reason == "Bầu bổ sung (Nhập từ tệp “bch.xlsx”)"


def test_generate_data_records_who_ran_it(django_user_model):
    clerk = django_user_model.objects.create_user("clerk")

    call_command(
        "generate_data",
        *["--people", "40", "--communes", "1", "--province", "31", "--seed", "3", "--user", "clerk"],
        stdout=StringIO(),
    )

    source = Source.objects.get(title__startswith="Dữ liệu giả lập")
    assert source.recorded_by == clerk
    assert source.history.first().history_user == clerk


def test_a_command_names_a_user_that_exists(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Không có người dùng “ai-do”"):
        call_command("load_units", "--province", "31", "--user", "ai-do", stdout=StringIO())


# The history page, reverting ###############################################


def test_the_history_page_shows_who_why_and_what_changed(client, manager, committee):
    post = MembershipFactory(organisation=committee, title="Ủy viên Ban Chấp hành")
    client.post(change_url(post), membership_form(post, title="Phó Bí thư", history_reason="Bầu bổ sung"))

    page = client.get(f"{change_url(post).removesuffix('change/')}history/").content.decode()

    assert "Những gì thay đổi" in page
    assert "Chức danh:</strong> Ủy viên Ban Chấp hành &rarr; Phó Bí thư" in page
    assert "Bầu bổ sung" in page and "manager" in page
    # Keys derived from a name are not listed as changes of their own.
    assert "Khóa tìm kiếm" not in page


def test_a_revert_restores_the_earlier_values(client, manager, committee):
    post = MembershipFactory(organisation=committee, title="Ủy viên Ban Chấp hành")
    first = post.history.get()
    client.post(change_url(post), membership_form(post, title="Phó Bí thư"))
    revert_url = reverse("admin:records_membership_simple_history", args=[post.pk, first.pk])

    page = client.get(revert_url)
    form = page.context["adminform"].form
    response = client.post(revert_url, membership_form(post, title=form["title"].value()))

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Ủy viên Ban Chấp hành"
    latest = post.history.first()
    assert latest.history_user == manager
    when = date_format(localtime(first.history_date), "DATETIME_FORMAT")
    assert latest.history_change_reason == f"Trả về phiên bản lúc {when}"


def test_an_admin_edit_of_the_sources_leaves_one_history_row_that_cites_them(client, manager, committee):
    post = MembershipFactory(organisation=committee)
    post.sources.add(SourceFactory(title="Danh sách cũ"))
    new = SourceFactory(title="Quyết định chuẩn y", recorded_by=manager)
    rows = post.history.count()

    response = client.post(
        change_url(post), membership_form(post, sources=[new.pk], history_reason="Chuẩn y")
    )

    assert response.status_code == 302
    assert cites(post) == ["Quyết định chuẩn y"]
    assert post.history.count() == rows + 1
    latest = post.history.first()
    assert (latest.history_change_reason, kept(latest)) == ("Chuẩn y", ["Quyết định chuẩn y"])
    assert kept(latest.prev_record) == ["Danh sách cũ"]
    page = client.get(f"{change_url(post).removesuffix('change/')}history/").content.decode()
    assert "Nguồn:</strong> [Danh sách cũ] &rarr; [Quyết định chuẩn y]" in page


def test_a_revert_cites_again_the_sources_of_the_earlier_version(client, manager, committee):
    post = MembershipFactory(organisation=committee, title="Ủy viên Ban Chấp hành")
    # Cited by nothing else in the manager's scope once the post cites another source.
    post.sources.add(SourceFactory(title="Biên bản kiểm phiếu"))
    first = post.history.first()
    later = SourceFactory(title="Quyết định chuẩn y", recorded_by=manager)
    client.post(change_url(post), membership_form(post, title="Phó Bí thư", sources=[later.pk]))
    assert cites(post) == ["Quyết định chuẩn y"]
    revert_url = reverse("admin:records_membership_simple_history", args=[post.pk, first.pk])

    form = client.get(revert_url).context["adminform"].form
    response = client.post(
        revert_url, membership_form(post, title=form["title"].value(), sources=form["sources"].value())
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, cites(post)) == ("Ủy viên Ban Chấp hành", ["Biên bản kiểm phiếu"])
    latest = post.history.first()
    assert latest.history_change_reason.startswith("Trả về phiên bản lúc")
    assert kept(latest) == ["Biên bản kiểm phiếu"]
    assert latest.prev_record.title == "Phó Bí thư"


def test_a_viewer_reads_the_history_but_cannot_revert(client, django_user_model, committee):
    viewer = django_user_model.objects.create_user("viewer", password="not-used", is_staff=True)
    viewer.groups.add(Group.objects.get(name=access.VIEWER))
    AccessScope.objects.create(user=viewer).organisations.add(committee)
    client.force_login(viewer)
    post = MembershipFactory(organisation=committee, title="Ủy viên Ban Chấp hành")
    revert_url = reverse("admin:records_membership_simple_history", args=[post.pk, post.history.get().pk])

    assert client.get(f"{change_url(post).removesuffix('change/')}history/").status_code == 200
    assert "Trả về phiên bản này" not in client.get(revert_url).content.decode()
    assert client.post(revert_url, membership_form(post, title="Khác")).status_code == 403


# Deleted records ###########################################################


def test_a_deleted_person_is_restored_with_their_memberships(client, manager, committee):
    person = PersonFactory(full_name="Nguyễn Thị Lan", birth_year=1980)
    posts = [
        MembershipFactory(person=person, organisation=committee, title="Ủy viên Ban Chấp hành"),
        MembershipFactory(
            person=person,
            organisation=committee.parent,
            role="pho_bi_thu",
            title="Phó Bí thư Đảng ủy",
            start_on=datetime.date(2025, 7, 1),
        ),
    ]
    client.post(reverse("admin:records_person_delete", args=[person.pk]), {"post": "yes"})
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Membership.objects.filter(pk__in=[post.pk for post in posts]).exists()

    listing = client.get(reverse("admin:records_person_deleted"))
    deletion = listing.context["page"].object_list[0]
    response = client.post(
        reverse("admin:records_person_restore", args=[deletion.history_id]), {"reason": "Xóa nhầm"}
    )

    assert [str(d.history_object) for d in listing.context["page"].object_list] == ["Nguyễn Thị Lan (1980)"]
    assert response.status_code == 302
    assert response["Location"] == change_url(person)
    restored = Person.objects.get(pk=person.pk)
    assert (restored.full_name, restored.birth_year, restored.uid) == ("Nguyễn Thị Lan", 1980, person.uid)
    assert sorted(restored.memberships.values_list("pk", "title", "start_on")) == sorted(
        (post.pk, post.title, post.start_on) for post in posts
    )
    for record in (restored, *restored.memberships.all()):
        latest = record.history.first()
        assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
            "+",
            manager,
            "Xóa nhầm",
        )
    assert list(client.get(reverse("admin:records_person_deleted")).context["page"].object_list) == []


def test_a_deleted_person_of_another_ward_is_neither_listed_nor_restored(client, manager):
    elsewhere = OrganisationFactory(name="Đảng bộ phường khác")
    person = PersonFactory(full_name="Trần Văn Bình")
    MembershipFactory(person=person, organisation=elsewhere)
    person.delete()
    deletion = Person.history.get(history_type="-")

    assert list(client.get(reverse("admin:records_person_deleted")).context["page"].object_list) == []
    response = client.post(reverse("admin:records_person_restore", args=[deletion.history_id]))
    assert response.status_code == 404
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_restore_is_refused_when_a_record_it_names_is_gone(client, django_user_model, committee):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used")
    client.force_login(root)
    other = OrganisationFactory(name="Chi bộ đã giải thể")
    person = PersonFactory(full_name="Đỗ Văn Cường")
    MembershipFactory(person=person, organisation=other)
    client.post(reverse("admin:records_person_delete", args=[person.pk]), {"post": "yes"})
    other.delete()
    deletion = Person.history.get(history_type="-")

    response = client.post(reverse("admin:records_person_restore", args=[deletion.history_id]), follow=True)

    assert "không còn trong hồ sơ" in response.content.decode()
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_deleted_person_is_restored_citing_their_sources_and_their_posts_theirs(client, manager, committee):
    person = PersonFactory(full_name="Vũ Thị Yến")
    person.sources.add(SourceFactory(title="Lý lịch đảng viên"))
    post = MembershipFactory(person=person, organisation=committee)
    post.sources.add(SourceFactory(title="Biên bản kiểm phiếu"), SourceFactory(title="Quyết định chuẩn y"))
    client.post(reverse("admin:records_person_delete", args=[person.pk]), {"post": "yes"})
    deletion = Person.history.get(history_type="-")
    # The deletion's own history rows keep what the records cited when they were deleted.
    assert kept(deletion) == ["Lý lịch đảng viên"]
    assert kept(Membership.history.get(history_type="-")) == ["Biên bản kiểm phiếu", "Quyết định chuẩn y"]

    response = client.post(reverse("admin:records_person_restore", args=[deletion.history_id]))

    assert response.status_code == 302
    restored = Person.objects.get(pk=person.pk)
    restored_post = restored.memberships.get()
    assert cites(restored) == ["Lý lịch đảng viên"]
    assert cites(restored_post) == ["Biên bản kiểm phiếu", "Quyết định chuẩn y"]
    for record in (restored, restored_post):
        latest = record.history.first()
        assert (latest.history_type, kept(latest)) == ("+", cites(record))


def test_a_deleted_congress_is_restored_citing_its_sources_and_its_attendance_theirs(django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used")
    congress = CongressFactory()
    congress.sources.add(SourceFactory(title="Báo cáo chính trị"))
    attendance = AttendanceFactory(congress=congress)
    attendance.sources.add(SourceFactory(title="Danh sách đại biểu"))
    congress.delete()

    restored, *along = audit.restore_deleted(
        Congress.history.get(history_type="-"), user=root, scope=access.scope_of(root)
    )

    assert cites(Congress.objects.get(pk=restored.pk)) == ["Báo cáo chính trị"]
    assert [type(record) for record in along] == [Attendance]
    assert cites(Attendance.objects.get(pk=attendance.pk)) == ["Danh sách đại biểu"]


def test_a_restore_leaves_out_a_source_deleted_since(django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used")
    organisation = OrganisationFactory(name="Chi bộ Tổ dân phố số 3")
    organisation.sources.add(SourceFactory(title="Nghị quyết thành lập"), SourceFactory(title="Bản nháp"))
    organisation.delete()
    Source.objects.get(title="Bản nháp").delete()

    (restored,) = audit.restore_deleted(
        Organisation.history.get(history_type="-"), user=root, scope=access.scope_of(root)
    )

    assert cites(Organisation.objects.get(pk=restored.pk)) == ["Nghị quyết thành lập"]


def test_loading_a_fixture_writes_no_history(article):
    # Raw saves write no history row; neither may the citations the fixture sets after them.
    assert Person.objects.filter(sources__isnull=False).exists()
    assert not Person.history.exists() and not Organisation.history.exists()


# The access log ############################################################


def test_logins_and_failed_logins_are_logged(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="mật-khẩu-thử-2025")

    client.post("/login/", {"username": "clerk", "password": "sai"})
    client.post("/login/", {"username": "clerk", "password": "mật-khẩu-thử-2025"})

    failed, logged_in = AccessLog.objects.order_by("id")
    assert (failed.kind, failed.user, failed.username, failed.ip_address) == (
        AccessEvent.LOGIN_FAILED,
        None,
        "clerk",
        "127.0.0.1",
    )
    assert (logged_in.kind, logged_in.user, logged_in.username) == (AccessEvent.LOGIN, user, "clerk")


def test_exports_are_logged_with_their_filter_and_rows(client, django_user_model, committee):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used")
    client.force_login(root)
    for name in ("Phạm Thị Hà", "Phạm Văn Hùng", "Lê Văn An"):
        MembershipFactory(person=PersonFactory(full_name=name), organisation=committee)

    client.get("/people/", {"q": "pham", "export": "csv"})
    client.post("/admin/records/membership/export/?role__exact=uy_vien", {"format": "1", "resource": "0"})

    page, admin_export = AccessLog.objects.filter(kind=AccessEvent.EXPORT).order_by("id")
    assert (page.user, page.path, page.query, page.rows) == (root, "/people/", "q=pham&export=csv", 2)
    assert (admin_export.path, admin_export.query, admin_export.rows) == (
        "/admin/records/membership/export/",
        "role__exact=uy_vien",
        3,
    )


def test_the_access_log_is_read_only_in_the_admin(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used")
    client.force_login(root)
    entry = AccessLog.objects.get()

    assert client.get(reverse("admin:records_accesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:records_accesslog_add")).status_code == 403
    assert client.get(reverse("admin:records_accesslog_delete", args=[entry.pk])).status_code == 403
    page = client.get(reverse("admin:records_accesslog_change", args=[entry.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    refused = client.post(reverse("admin:records_accesslog_change", args=[entry.pk]), {"username": "khác"})
    assert refused.status_code == 403
