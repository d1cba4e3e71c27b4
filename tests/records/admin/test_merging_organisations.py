"""Tests for records.admin.merging of organisations: the report of possible duplicates, merging, reverting."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records import access, merging
from records.models import Membership, Organisation, OrganisationMerge
from records.models.organisations import OrganisationKind
from tests.records.admin.test_merging import log_in
from tests.records.factories import MembershipFactory, OrganisationFactory, SourceFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/records/organisation/trung-lap/"


@pytest.fixture
def wards():
    """Two wards, each with "Chi bộ khu dân cư số 1" under its party organisation twice, once
    typed without diacritics, each with a member."""
    found = {}
    for ward in ("A", "B"):
        party = OrganisationFactory(name=f"Đảng bộ phường Tân Hòa {ward}")
        kept = OrganisationFactory(
            name="Chi bộ khu dân cư số 1", parent=party, kind=OrganisationKind.PARTY_CELL
        )
        merged = OrganisationFactory(
            name="Chi bo khu dan cu so 1", parent=party, kind=OrganisationKind.PARTY_CELL, short_name="CB1"
        )
        MembershipFactory(organisation=kept)
        MembershipFactory(organisation=merged)
        merged.sources.add(SourceFactory())
        found[ward] = {"party": party, "kept": kept, "merged": merged}
    return found


def merge_url(kept, merged):
    return reverse("admin:records_organisation_merge", args=[kept.pk, merged.pk])


def test_the_report_lists_the_pairs_in_scope_with_a_link_to_merge(client, django_user_model, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])

    response = client.get(REPORT)

    page = response.content.decode()
    a = wards["A"]
    [group] = response.context["groups"]
    assert (group["search_key"], group["records"]) == ("chi bo khu dan cu so 1", 2)
    assert [(first, second) for first, second, _why in group["pairs"]] == [(a["kept"], a["merged"])]
    assert "cùng trực thuộc Đảng bộ phường Tân Hòa A" in page
    assert merge_url(a["kept"], a["merged"]) in page
    assert "Tổ chức thứ nhất" in page and "Tân Hòa B" not in page


def test_the_organisations_list_links_to_the_report(client, django_user_model, wards):
    log_in(client, django_user_model, access.CLERK, wards["A"]["party"])

    page = client.get("/admin/records/organisation/").content.decode()

    assert REPORT in page and "Tổ chức có thể trùng" in page


def test_a_clerk_reads_the_report_but_may_not_merge(client, django_user_model, wards):
    log_in(client, django_user_model, access.CLERK, wards["A"]["party"])
    a = wards["A"]

    page = client.get(REPORT).content.decode()

    assert "Chi bo khu dan cu so 1" in page and "Gộp…" not in page
    assert client.get(merge_url(a["kept"], a["merged"])).status_code == 403
    assert client.post(merge_url(a["kept"], a["merged"])).status_code == 403
    organisation_page = client.get(reverse("admin:records_organisation_change", args=[a["kept"].pk]))
    assert "Gộp với…" not in organisation_page.content.decode()
    assert Organisation.objects.filter(pk=a["merged"].pk).exists()


def test_a_manager_may_not_merge_organisations_outside_their_scope(client, django_user_model, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a, b = wards["A"], wards["B"]

    assert client.get(merge_url(b["kept"], b["merged"])).status_code == 404
    assert client.post(merge_url(a["kept"], b["merged"])).status_code == 404
    assert Organisation.objects.filter(pk=b["merged"].pk).exists()


def test_merging_from_the_admin_keeps_the_chosen_values_and_can_be_reverted(client, django_user_model, wards):
    user = log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a = wards["A"]
    kept, merged = a["kept"], a["merged"]
    post = Membership.objects.get(organisation=merged)
    merged_id, merged_uid = merged.pk, merged.uid

    page = client.get(merge_url(kept, merged)).content.decode()
    assert 'name="short_name" value="merged"' in page and "1 chức vụ đảm nhiệm" in page
    assert "Chi bộ" in page and "Gộp hai tổ chức" in page
    done = client.post(merge_url(kept, merged), {"short_name": "merged", "reason": "Nhập trùng"})

    assert done.status_code == 302
    assert not Organisation.objects.filter(pk=merged_id).exists()
    kept.refresh_from_db()
    assert (kept.name, kept.short_name) == ("Chi bộ khu dân cư số 1", "CB1")
    merge = OrganisationMerge.objects.get()
    assert (merge.merged_by, merge.reason) == (user, "Nhập trùng")
    post.refresh_from_db()
    assert post.organisation_id == kept.pk

    merge_url_of = reverse("admin:records_organisationmerge_change", args=[merge.pk])
    merge_page = client.get(merge_url_of).content.decode()
    assert "Hoàn tác lần gộp này" in merge_page and "Đã gộp vào" in merge_page
    assert "Tên viết tắt: — → CB1" in merge_page
    reverted = client.post(reverse("admin:records_organisationmerge_revert", args=[merge.pk]))

    assert reverted.status_code == 302
    assert Organisation.objects.get(pk=merged_id).uid == merged_uid
    post.refresh_from_db()
    assert post.organisation_id == merged_id
    kept.refresh_from_db()
    assert kept.short_name == ""
    merge.refresh_from_db()
    assert merge.reverted_by == user


def test_a_clash_is_shown_before_merging_and_refused_with_nothing_written(client, django_user_model, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a = wards["A"]
    for parent in (a["kept"], a["merged"]):
        OrganisationFactory(name="Tổ đảng số 1", parent=parent, kind=OrganisationKind.PARTY_CELL)

    page = client.get(merge_url(a["kept"], a["merged"])).content.decode()
    refused = client.post(merge_url(a["kept"], a["merged"]))

    assert "Chưa gộp được:" in page and "Tổ chức trực thuộc này đã có một tổ chức cùng tên" in page
    assert refused.status_code == 200 and "Không gộp được: Tổ chức “Tổ đảng số 1”" in refused.content.decode()
    assert Organisation.objects.filter(pk=a["merged"].pk).exists() and not OrganisationMerge.objects.exists()


def test_merge_with_offers_the_namesakes_and_a_search(client, django_user_model, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a = wards["A"]
    url = reverse("admin:records_organisation_merge_with", args=[a["kept"].pk])

    organisation_page = client.get(reverse("admin:records_organisation_change", args=[a["kept"].pk]))
    assert "Gộp với…" in organisation_page.content.decode()
    page = client.get(url).content.decode()
    assert merge_url(a["kept"], a["merged"]) in page
    found = client.get(url, {"q": "khu dan cu"}).content.decode()
    assert merge_url(a["kept"], a["merged"]) in found and "Tân Hòa B" not in found


def test_a_clerk_may_not_revert_an_organisation_merge(client, django_user_model, wards):
    a = wards["A"]
    merge = merging.merge(kept=a["kept"], merged=a["merged"])
    log_in(client, django_user_model, access.CLERK, a["party"])

    response = client.post(reverse("admin:records_organisationmerge_revert", args=[merge.pk]))

    assert response.status_code in (403, 404)
    merge.refresh_from_db()
    assert not merge.is_reverted


def test_an_organisation_merged_away_is_not_offered_on_the_deleted_page(client, django_user_model, wards):
    a = wards["A"]
    merging.merge(kept=a["kept"], merged=a["merged"])
    client.force_login(django_user_model.objects.create_superuser("quan-tri", "q@example.invalid", "pw"))

    page = client.get("/admin/records/organisation/deleted/").content.decode()

    assert "Chi bo khu dan cu so 1" not in page


@pytest.mark.parametrize("role", [access.MANAGER, "superuser"])
def test_the_report_runs_the_same_queries_for_5_pairs_and_50(client, django_user_model, role):
    party = OrganisationFactory(name="Đảng bộ phường Hòa Bình")
    if role == "superuser":
        client.force_login(django_user_model.objects.create_superuser("quan-tri", "q@example.invalid", "pw"))
    else:
        log_in(client, django_user_model, role, party)
    counts = []
    for names in (5, 50):
        Organisation.objects.filter(parent=party).delete()
        for n in range(names):
            for spelling in (f"Chi bộ Mẫu {n:03d}", f"Chi bo Mau {n:03d}"):
                OrganisationFactory(name=spelling, parent=party, kind=OrganisationKind.PARTY_CELL)

        with CaptureQueriesContext(connection) as queries:
            response = client.get(REPORT)

        groups = response.context["groups"]
        assert len(groups) == min(names, 25) and bool(response.context["next_after"]) == (names > 25)
        assert all(len(group["pairs"]) == 1 for group in groups)
        counts.append(len(queries))
    assert counts[0] == counts[1]
