"""Tests for records.admin.merging: the report of possible duplicates, merging two records and reverting.

The pages are one mixin for people and organisations, so each test runs once per kind
(tests/records/merging_kinds.py says what differs: the duplicates, the words the pages show).
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import capfirst

from records import access, merging
from records.models import AccessScope
from tests.records.factories import OrganisationFactory
from tests.records.merging_kinds import KINDS, pointing_at

pytestmark = pytest.mark.django_db


@pytest.fixture(params=KINDS, ids=str)
def kind(request):
    return request.param


@pytest.fixture
def wards(kind):
    """Two wards, A and B, each with two duplicates of the kind in it (KindToMerge.make_ward)."""
    return {ward: kind.make_ward(ward) for ward in ("A", "B")}


def log_in(client, django_user_model, role, organisation, username="can-bo"):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    AccessScope.objects.create(user=user).organisations.add(organisation)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return user


def log_in_as_superuser(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quan-tri", "q@example.invalid", "pw"))


def report_of(kind):
    return f"{kind.admin_path}trung-lap/"


def test_the_report_lists_the_pairs_in_scope_with_a_link_to_merge(client, django_user_model, kind, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])

    response = client.get(report_of(kind))

    page = response.content.decode()
    a = wards["A"]
    [group] = response.context["groups"]
    assert (group["search_key"], group["records"]) == (kind.report_key, 2)
    assert [(first, second) for first, second, _why in group["pairs"]] == [(a["kept"], a["merged"])]
    for words in kind.report_words:
        assert words in page
    assert kind.url("merge", a["kept"].pk, a["merged"].pk) in page
    for words in kind.other_ward_words:
        assert words not in page


def test_the_list_links_to_the_report(client, django_user_model, kind, wards):
    log_in(client, django_user_model, access.CLERK, wards["A"]["party"])

    page = client.get(kind.admin_path).content.decode()

    assert report_of(kind) in page and f"{capfirst(kind.noun)} có thể trùng" in page


def test_a_clerk_reads_the_report_but_may_not_merge(client, django_user_model, kind, wards):
    log_in(client, django_user_model, access.CLERK, wards["A"]["party"])
    a = wards["A"]
    merge_url = kind.url("merge", a["kept"].pk, a["merged"].pk)

    page = client.get(report_of(kind)).content.decode()

    assert kind.merged_name_in_ward in page and "Gộp…" not in page
    assert client.get(merge_url).status_code == 403
    assert client.post(merge_url).status_code == 403
    assert "Gộp với…" not in client.get(kind.url("change", a["kept"].pk)).content.decode()
    assert kind.model.objects.filter(pk=a["merged"].pk).exists()


def test_a_manager_may_not_merge_records_outside_their_scope(client, django_user_model, kind, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a, b = wards["A"], wards["B"]

    assert client.get(kind.url("merge", b["kept"].pk, b["merged"].pk)).status_code == 404
    assert client.post(kind.url("merge", a["kept"].pk, b["merged"].pk)).status_code == 404
    assert kind.model.objects.filter(pk=b["merged"].pk).exists()


def namesakes(kind, organisation, count):
    """`count` pairs of namesakes of the kind in the organisation, one spelt without diacritics."""
    return [
        kind.add_namesake(organisation, spelling) for n in range(count) for spelling in kind.namesakes(n)
    ]


@pytest.mark.parametrize("role", [access.MANAGER, "superuser"])
def test_the_report_runs_the_same_queries_for_5_pairs_and_50(client, django_user_model, kind, role):
    organisation = OrganisationFactory(name="Đảng bộ phường Hòa Bình")
    if role == "superuser":
        log_in_as_superuser(client, django_user_model)
    else:
        log_in(client, django_user_model, role, organisation)
    counts, made = [], []
    for pairs in (5, 50):
        kind.model.objects.filter(pk__in=[record.pk for record in made]).delete()
        made = namesakes(kind, organisation, pairs)

        with CaptureQueriesContext(connection) as queries:
            response = client.get(report_of(kind))

        groups = response.context["groups"]
        assert len(groups) == min(pairs, 25) and bool(response.context["next_after"]) == (pairs > 25)
        assert all(len(group["pairs"]) == 1 for group in groups)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_report_pages_by_name(client, django_user_model, kind):
    organisation = OrganisationFactory(name="Đảng bộ phường Hòa Bình")
    log_in(client, django_user_model, access.CLERK, organisation)
    namesakes(kind, organisation, 30)
    key_of = {n: kind.namesakes(n)[1].lower() for n in range(30)}

    first = client.get(report_of(kind))
    second = client.get(report_of(kind), {"sau": first.context["next_after"]})

    assert first.context["next_after"] == key_of[24]
    assert [group["search_key"] for group in second.context["groups"]] == [key_of[n] for n in range(25, 30)]
    assert not second.context["next_after"] and "Trang đầu" in second.content.decode()


def test_merging_from_the_admin_keeps_the_chosen_values_and_can_be_reverted(
    client, django_user_model, kind, wards
):
    user = log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    kept, merged = wards["A"]["kept"], wards["A"]["merged"]
    held = kind.makers[kind.held_label](merged)
    merged_id, merged_uid = merged.pk, merged.uid
    kept_before = {name: getattr(kept, name) for name in kind.kept_after_admin_merge}
    merge_url = kind.url("merge", kept.pk, merged.pk)

    page = client.get(merge_url).content.decode()
    for name, side in kind.choices.items():
        assert f'name="{name}" value="{side}"' in page
    for words in (kind.held_words, f"Gộp hai {kind.noun}", *kind.merge_page_words):
        assert words in page
    done = client.post(merge_url, {**kind.choices, "reason": "Nhập trùng"})

    assert done.status_code == 302
    assert not kind.model.objects.filter(pk=merged_id).exists()
    kept.refresh_from_db()
    assert {name: getattr(kept, name) for name in kind.kept_after_admin_merge} == kind.kept_after_admin_merge
    merge = kind.merge_model.objects.get()
    assert (merge.merged_by, merge.reason) == (user, "Nhập trùng")
    assert pointing_at(held, kind.held_label) == kept.pk

    merge_page = client.get(kind.merge_url("change", merge)).content.decode()
    for words in ("Hoàn tác lần gộp này", "Đã gộp vào", *kind.merge_record_words):
        assert words in merge_page
    reverted = client.post(kind.merge_url("revert", merge))

    assert reverted.status_code == 302
    assert kind.model.objects.get(pk=merged_id).uid == merged_uid
    assert pointing_at(held, kind.held_label) == merged_id
    kept.refresh_from_db()
    assert {name: getattr(kept, name) for name in kept_before} == kept_before
    merge.refresh_from_db()
    assert merge.reverted_by == user


def test_a_clash_is_shown_before_merging_and_refused_with_nothing_written(
    client, django_user_model, kind, wards
):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    kept, merged = wards["A"]["kept"], wards["A"]["merged"]
    clash = kind.clashes[0]
    clash.make(kept, merged)
    merge_url = kind.url("merge", kept.pk, merged.pk)

    page = client.get(merge_url).content.decode()
    refused = client.post(merge_url)

    assert "Chưa gộp được:" in page and clash.rule in page
    assert refused.status_code == 200
    assert clash.opening in refused.content.decode()
    assert kind.model.objects.filter(pk=merged.pk).exists() and not kind.merge_model.objects.exists()


def test_merging_and_reverting_take_the_permission_and_the_scope(client, django_user_model, kind, wards):
    a, b = wards["A"], wards["B"]
    merge = merging.merge(kept=b["kept"], merged=b["merged"])
    log_in(client, django_user_model, access.MANAGER, a["party"])

    assert client.get(kind.merge_url("change", merge)).status_code in (302, 404)
    assert client.post(kind.merge_url("revert", merge)).status_code == 404
    merge.refresh_from_db()
    assert not merge.is_reverted


def test_a_clerk_may_not_revert_a_merge_in_scope(client, django_user_model, kind, wards):
    a = wards["A"]
    merge = merging.merge(kept=a["kept"], merged=a["merged"])
    log_in(client, django_user_model, access.CLERK, a["party"])

    assert client.post(kind.merge_url("revert", merge)).status_code in (403, 404)
    merge.refresh_from_db()
    assert not merge.is_reverted


def test_merge_with_offers_the_namesakes_and_a_search(client, django_user_model, kind, wards):
    log_in(client, django_user_model, access.MANAGER, wards["A"]["party"])
    a, b = wards["A"], wards["B"]
    url = kind.url("merge_with", a["kept"].pk)

    assert "Gộp với…" in client.get(kind.url("change", a["kept"].pk)).content.decode()
    assert kind.url("merge", a["kept"].pk, a["merged"].pk) in client.get(url).content.decode()
    found = client.get(url, {"q": kind.search}).content.decode()
    assert kind.url("merge", a["kept"].pk, a["merged"].pk) in found
    assert kind.url("merge", a["kept"].pk, b["merged"].pk) not in found
    for words in kind.other_ward_words:
        assert words not in found


def test_a_record_merged_away_is_not_offered_on_the_deleted_page(client, django_user_model, kind, wards):
    a = wards["A"]
    merging.merge(kept=a["kept"], merged=a["merged"])
    log_in_as_superuser(client, django_user_model)

    assert kind.merged_name_in_ward not in client.get(f"{kind.admin_path}deleted/").content.decode()
