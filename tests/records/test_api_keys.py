"""API keys (records.models.tokens, records.admin.tokens, records.api.auth and .throttling): made by a
manager, shown once, kept hashed, used, expired, revoked, throttled, and logged."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from records import access
from records.models import AccessEvent, AccessLog, ApiToken
from tests.access_world import admin_url, build_world, make_user
from tests.api import api_get, issue_key

pytestmark = pytest.mark.django_db

NOT_AUTHENTICATED = "Cần mã truy cập API hợp lệ"


def add_key(client, user, name="Cổng thông tin thành phố", expires="31/12/2099"):
    return client.post(
        admin_url("records/apitoken", "add"), {"name": name, "user": user.pk, "expires_at": expires}
    )


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def manager(client, django_user_model, world):
    manager = make_user(django_user_model, "manager", "A", world, username="quan-ly")
    client.force_login(manager)
    return manager


def test_a_manager_makes_a_key_that_is_shown_once_and_kept_only_as_a_digest(client, manager):
    response = add_key(client, manager)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = response.context["key"]
    token = ApiToken.objects.get()
    assert key.startswith("hsdh_") and len(key) > 40
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:11] and key.startswith(token.prefix)
    assert key not in {token.name, token.prefix, token.digest}
    assert (token.user, token.created_by) == (manager, manager)
    assert token.last_used_at is None and token.revoked_at is None
    assert timezone.localtime(token.expires_at).date() == datetime.date(2099, 12, 31)
    assert key in response.content.decode()
    # Never again: neither the key's page nor the list shows it.
    for page in (admin_url("records/apitoken", "change", token.pk), admin_url("records/apitoken")):
        shown = client.get(page)
        assert shown.status_code == 200
        assert token.prefix in shown.content.decode() and key not in shown.content.decode()


def test_a_key_expiring_today_or_before_is_refused_with_the_day(client, manager):
    today = timezone.localdate().strftime("%d/%m/%Y")

    response = add_key(client, manager, expires=today)

    assert response.status_code == 200 and not ApiToken.objects.exists()
    errors = response.context["adminform"].form.errors
    assert f"Ngày hết hạn {today} phải sau hôm nay." in errors["expires_at"]


def test_a_manager_gives_keys_only_to_users_in_their_scope(client, manager, django_user_model, world):
    theirs = make_user(django_user_model, "viewer", "B", world, username="phuong-b")
    ours = make_user(django_user_model, "viewer", "A", world, username="phuong-a")

    refused = add_key(client, theirs)
    made = add_key(client, ours)

    assert "user" in refused.context["adminform"].form.errors
    assert made.status_code == 200
    assert list(ApiToken.objects.values_list("user__username", flat=True)) == ["phuong-a"]
    issue_key(theirs, name="Khóa của phường B")
    listed = client.get(admin_url("records/apitoken")).context["cl"].result_list
    assert [token.user for token in listed] == [ours]


def test_a_clerk_cannot_make_keys(client, django_user_model, world):
    clerk = make_user(django_user_model, "clerk", "A", world, username="can-bo")
    client.force_login(clerk)

    assert client.get(admin_url("records/apitoken", "add")).status_code == 403
    assert add_key(client, clerk).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_key_reads_as_its_user_marks_its_use_and_every_read_is_logged(client, django_user_model, world):
    viewer = make_user(django_user_model, "viewer", "A", world)
    token, key = issue_key(viewer)
    before = timezone.now()

    listed = api_get(client, "/people", key, {"q": "nguyen"})
    person = listed.json()["items"][0]
    read = api_get(client, f"/people/{person['uid']}", key)

    assert listed.status_code == read.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at >= before
    reads = list(
        AccessLog.objects.order_by("pk").values("kind", "user", "api_token", "path", "query", "rows")
    )
    assert reads == [
        {
            "kind": AccessEvent.API_READ,
            "user": viewer.pk,
            "api_token": token.pk,
            "path": "/api/v1/people",
            "query": "q=nguyen",
            "rows": 1,
        },
        {
            "kind": AccessEvent.API_READ,
            "user": viewer.pk,
            "api_token": token.pk,
            "path": f"/api/v1/people/{person['uid']}",
            "query": "",
            "rows": 1,
        },
    ]


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer hsdh_khong-phai-ma-nao", "Basic dXNlcjpwYXNz", "hsdh_khong-co-chu-bearer"],
    ids=["none", "empty", "wrong", "basic", "no-scheme"],
)
def test_no_key_or_a_wrong_one_is_a_401_in_vietnamese(client, header, django_user_model, world):
    issue_key(make_user(django_user_model, "viewer", "A", world))
    headers = {"HTTP_AUTHORIZATION": header} if header else {}

    response = client.get("/api/v1/people", **headers)

    assert response.status_code == 401
    assert response.json()["detail"].startswith(NOT_AUTHENTICATED)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not AccessLog.objects.exists()


def test_an_expired_key_no_longer_reads(client, django_user_model, world):
    token, key = issue_key(make_user(django_user_model, "viewer", "A", world))
    assert api_get(client, "/people", key).status_code == 200

    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=now - datetime.timedelta(days=30), expires_at=now - datetime.timedelta(seconds=1)
    )

    assert api_get(client, "/people", key).status_code == 401
    token.refresh_from_db()
    assert token.get_status_display() == "Đã hết hạn"


def test_a_key_of_a_user_made_inactive_no_longer_reads(client, django_user_model, world):
    user = make_user(django_user_model, "viewer", "A", world)
    _, key = issue_key(user)

    django_user_model.objects.filter(pk=user.pk).update(is_active=False)

    assert api_get(client, "/people", key).status_code == 401


def test_a_manager_revokes_a_key_and_it_no_longer_reads(client, manager, django_user_model, world):
    token, key = issue_key(make_user(django_user_model, "viewer", "A", world, username="phuong-a"))
    other, other_key = issue_key(manager, name="Khóa khác")
    assert api_get(client, "/people", key).status_code == 200

    response = client.post(
        admin_url("records/apitoken"), {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )

    assert "Đã thu hồi 1 mã truy cập." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_by == manager and token.revoked_at is not None
    assert token.get_status_display() == "Đã thu hồi"
    assert api_get(client, "/people", key).status_code == 401
    assert api_get(client, "/people", other_key).status_code == 200
    # Its reads stay in the access log, naming it.
    assert AccessLog.objects.filter(api_token=token).count() == 1


def test_a_user_without_the_view_permission_gets_403_in_vietnamese(client, django_user_model, world):
    user = make_user(django_user_model, "viewer", "A", world)
    Group.objects.get(name=access.VIEWER).permissions.filter(codename="view_task").delete()
    _, key = issue_key(user)

    response = api_get(client, "/tasks", key)

    assert response.status_code == 403
    assert response.json() == {"detail": "Người dùng của mã truy cập này không có quyền xem loại hồ sơ này."}
    assert api_get(client, "/people", key).status_code == 200


def test_each_key_is_throttled_on_its_own_with_a_429_in_vietnamese(
    client, settings, django_user_model, world
):
    settings.API_READS_PER_MINUTE = 3
    user = make_user(django_user_model, "viewer", "A", world)
    _, first = issue_key(user)
    _, second = issue_key(user, name="Khóa thứ hai")

    answers = [api_get(client, "/people", first).status_code for _ in range(4)]
    refused = api_get(client, "/people", first)

    assert answers == [200, 200, 200, 429]
    assert refused.json()["detail"].startswith("Mã truy cập này đã đọc quá 3 lần trong một phút.")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert api_get(client, "/people", second).status_code == 200
