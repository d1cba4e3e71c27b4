"""Tests for records.admin.merging: the report of possible duplicates, merging two people and reverting."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records import access, merging
from records.models import AccessScope, Person, PersonMerge
from records.models.organisations import OrganisationKind
from tests.congress.factories import AttendanceFactory
from tests.records.factories import MembershipFactory, OrganisationFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/records/person/trung-lap/"


@pytest.fixture
def wards():
    """Two wards, each with its committee holding "Nguyễn Công Diễn" (1970) and "Nguyen Cong Dien"."""
    found = {}
    for ward in ("A", "B"):
        party = OrganisationFactory(name=f"Đảng bộ phường Tân Hòa {ward}")
        committee = OrganisationFactory(
            name=f"Ban Chấp hành phường Tân Hòa {ward}",
            parent=party,
            kind=OrganisationKind.EXECUTIVE_COMMITTEE,
        )
        kept = PersonFactory(full_name=f"Nguyễn Công Diễn {ward}", birth_year=1970)
        merged = PersonFactory(full_name=f"Nguyen Cong Dien {ward}")
        MembershipFactory(person=kept, organisation=committee)
        MembershipFactory(person=merged, organisation=committee, role="pho_bi_thu")
        merged.sources.add(SourceFactory())
        found[ward] = {"party": party, "committee": committee, "kept": kept, "merged": merged}
    return found


def log_in(client, django_user_model, role, organisation, username="can-bo"):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    AccessScope.objects.create(user=user).organisations.add(organisation)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return user


def merge_url(kept, merged):
    return reverse("admin:records_person_merge", args=[kept.pk, merged.pk])


def test_the_report_lists_the_pairs_in_scope_with_a_link_to_merge(client, django_user_model, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])

    page = client.get(REPORT).content.decode()

    a, b = wards["A"], wards["B"]
    assert "Nguyễn Công Diễn A (1970)" in page and "Nguyen Cong Dien A" in page
    assert "chưa rõ năm sinh của một người; cùng ở Ban Chấp hành phường Tân Hòa A" in page
    assert merge_url(a["kept"], a["merged"]) in page
    assert "Tân Hòa B" not in page and "Dien B" not in page


def test_the_people_list_links_to_the_report(client, django_user_model, wards):
    log_in(client, django_user_model, access.CLERK, wards["A"]["party"])

    assert REPORT in client.get("/admin/records/person/").content.decode()


def test_a_clerk_reads_the_report_but_may_not_merge(client, django_user_model, wards):
    log_in(client, django_user_model, access.CLERK, wards["A"]["party"])
    a = wards["A"]

    page = client.get(REPORT).content.decode()

    assert "Nguyen Cong Dien A" in page and "Gộp…" not in page
    assert client.get(merge_url(a["kept"], a["merged"])).status_code == 403
    assert client.post(merge_url(a["kept"], a["merged"])).status_code == 403
    person_page = client.get(reverse("admin:records_person_change", args=[a["kept"].pk]))
    assert "Gộp với…" not in person_page.content.decode()
    assert Person.objects.filter(pk=a["merged"].pk).exists()


def test_a_manager_may_not_merge_people_outside_their_scope(client, django_user_model, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a, b = wards["A"], wards["B"]

    assert client.get(merge_url(b["kept"], b["merged"])).status_code == 404
    assert client.post(merge_url(a["kept"], b["merged"])).status_code == 404
    assert Person.objects.filter(pk=b["merged"].pk).exists()


@pytest.mark.parametrize("role", [access.MANAGER, "superuser"])
def test_the_report_runs_the_same_queries_for_5_pairs_and_50(client, django_user_model, role):
    organisation = OrganisationFactory(name="Đảng bộ phường Hòa Bình")
    if role == "superuser":
        client.force_login(django_user_model.objects.create_superuser("quan-tri", "q@example.invalid", "pw"))
    else:
        log_in(client, django_user_model, role, organisation)
    counts = []
    for names in (5, 50):
        Person.objects.all().delete()
        for n in range(names):
            for spelling in (f"Trần Văn Mẫu {n:03d}", f"Tran Van Mau {n:03d}"):
                MembershipFactory(person=PersonFactory(full_name=spelling), organisation=organisation)

        with CaptureQueriesContext(connection) as queries:
            response = client.get(REPORT)

        groups = response.context["groups"]
        assert len(groups) == min(names, 25) and bool(response.context["next_after"]) == (names > 25)
        assert all(len(group["pairs"]) == 1 for group in groups)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_report_pages_by_name(client, django_user_model):
    organisation = OrganisationFactory(name="Đảng bộ phường Hòa Bình")
    log_in(client, django_user_model, access.CLERK, organisation)
    for n in range(30):
        for spelling in (f"Trần Văn Mẫu {n:03d}", f"Tran Van Mau {n:03d}"):
            MembershipFactory(person=PersonFactory(full_name=spelling), organisation=organisation)

    first = client.get(REPORT)
    second = client.get(REPORT, {"sau": first.context["next_after"]})

    assert first.context["next_after"] == "tran van mau 024"
    assert [group["search_key"] for group in second.context["groups"]] == [
        f"tran van mau {n:03d}" for n in range(25, 30)
    ]
    assert not second.context["next_after"] and "Trang đầu" in second.content.decode()


def test_merging_from_the_admin_keeps_the_chosen_values_and_can_be_reverted(client, django_user_model, wards):
    user = log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a = wards["A"]
    kept, merged = a["kept"], a["merged"]
    attendance = AttendanceFactory(person=merged)
    merged_id, merged_uid = merged.pk, merged.uid

    page = client.get(merge_url(kept, merged)).content.decode()
    assert 'name="full_name" value="merged"' in page and "1 người dự đại hội" in page
    choices = {"full_name": "merged", "birth_year": "kept", "reason": "Trùng"}
    done = client.post(merge_url(kept, merged), choices)

    assert done.status_code == 302
    assert not Person.objects.filter(pk=merged_id).exists()
    kept.refresh_from_db()
    assert (kept.full_name, kept.birth_year) == ("Nguyen Cong Dien A", 1970)
    merge = PersonMerge.objects.get()
    assert (merge.merged_by, merge.reason) == (user, "Trùng")
    attendance.refresh_from_db()
    assert attendance.person_id == kept.pk

    merge_page = client.get(reverse("admin:records_personmerge_change", args=[merge.pk])).content.decode()
    assert "Hoàn tác lần gộp này" in merge_page and "Đã gộp vào" in merge_page
    reverted = client.post(reverse("admin:records_personmerge_revert", args=[merge.pk]))

    assert reverted.status_code == 302
    assert Person.objects.get(pk=merged_id).uid == merged_uid
    attendance.refresh_from_db()
    assert attendance.person_id == merged_id
    kept.refresh_from_db()
    assert kept.full_name == "Nguyễn Công Diễn A"
    merge.refresh_from_db()
    assert merge.reverted_by == user


def test_a_clash_is_shown_before_merging_and_refused_with_nothing_written(client, django_user_model, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a = wards["A"]
    congress_seat = AttendanceFactory(person=a["kept"])
    AttendanceFactory(person=a["merged"], congress=congress_seat.congress)

    page = client.get(merge_url(a["kept"], a["merged"])).content.decode()
    refused = client.post(merge_url(a["kept"], a["merged"]))

    assert "Chưa gộp được:" in page and "Người này đã có trong danh sách dự đại hội này" in page
    assert refused.status_code == 200
    assert "Không gộp được: Người dự đại hội" in refused.content.decode()
    assert Person.objects.filter(pk=a["merged"].pk).exists() and not PersonMerge.objects.exists()


def test_merging_and_reverting_take_the_permission_and_the_scope(client, django_user_model, wards):
    a, b = wards["A"], wards["B"]
    merge = merging.merge(kept=b["kept"], merged=b["merged"])
    log_in(client, django_user_model, access.MANAGER, a["party"])

    assert client.get(reverse("admin:records_personmerge_change", args=[merge.pk])).status_code in (302, 404)
    assert client.post(reverse("admin:records_personmerge_revert", args=[merge.pk])).status_code == 404
    merge.refresh_from_db()
    assert not merge.is_reverted


def test_a_clerk_may_not_revert_a_merge_in_scope(client, django_user_model, wards):
    a = wards["A"]
    merge = merging.merge(kept=a["kept"], merged=a["merged"])
    log_in(client, django_user_model, access.CLERK, a["party"])

    assert client.post(reverse("admin:records_personmerge_revert", args=[merge.pk])).status_code in (403, 404)
    merge.refresh_from_db()
    assert not merge.is_reverted


def test_merge_with_offers_the_namesakes_and_a_search(client, django_user_model, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a = wards["A"]
    url = reverse("admin:records_person_merge_with", args=[a["kept"].pk])

    person_page = client.get(reverse("admin:records_person_change", args=[a["kept"].pk]))
    assert "Gộp với…" in person_page.content.decode()
    page = client.get(url).content.decode()
    assert merge_url(a["kept"], a["merged"]) in page
    assert "Nguyen Cong Dien B" not in client.get(url, {"q": "cong dien"}).content.decode()


def test_a_person_merged_away_is_not_offered_on_the_deleted_page(client, django_user_model, wards):
    a = wards["A"]
    merging.merge(kept=a["kept"], merged=a["merged"])
    client.force_login(django_user_model.objects.create_superuser("quan-tri", "q@example.invalid", "pw"))

    assert "Nguyen Cong Dien A" not in client.get("/admin/records/person/deleted/").content.decode()
