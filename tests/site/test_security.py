"""Hardening: Django's deployment checks, login throttling, cookies, CSRF, the Content Security
Policy header, upload limits and error pages that never show a stack trace."""

import datetime
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path

from congress.api import api
from congress.site import urls as site_urls
from congress.site.security import client_ip

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mật-khẩu-thử-2025"


def boom(request):
    raise RuntimeError("a secret detail of the server: /srv/hoso/settings.py")


def forbidden(request):
    raise PermissionDenied


# The site with two views that fail, for the error page tests (@pytest.mark.urls(__name__)).
urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), *site_urls.urlpatterns]


def production_environment(**extra):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return {
        **environment,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "hoso.example.vn",
        "DJANGO_HTTPS": "1",
        **extra,
    }


def manage(*arguments, environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Deployment


def test_check_deploy_finds_nothing_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=production_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == "System check identified no issues (0 silenced).\n"


def test_production_cookies_are_secure_and_out_of_reach_of_scripts():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT)"
    )
    result = manage("shell", "-c", code, environment=production_environment())

    assert result.stdout.splitlines()[-1].split() == ["False", "True", "True", "True", "True"], result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    environment = production_environment()
    del environment["DJANGO_SECRET_KEY"]

    result = manage("check", environment=environment)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


# Login throttling


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=True)


def log_in(client, password, url="/login/", **extra):
    return client.post(url, {"username": "clerk", "password": password}, **extra)


def fail(client, times, url="/login/", **extra):
    for _ in range(times):
        response = log_in(client, "sai-mật-khẩu", url, **extra)
    return response


def test_four_failures_still_let_the_right_password_in(client, clerk):
    response = fail(client, 4)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()

    assert log_in(client, PASSWORD).status_code == 302
    # A success forgets the failures before it.
    assert not AccessAttempt.objects.exists()


def test_the_fifth_failure_locks_the_name_out_with_a_vietnamese_page(client, clerk):
    response = fail(client, 5)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "đã nhập sai mật khẩu 5 lần liên tiếp" in page
    assert "Hãy thử lại sau 15 phút" in page
    # Even the right password is refused while the lock holds.
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_throttled_too(client, clerk):
    fail(client, 4, url="/admin/login/")
    response = fail(client, 1, url="/admin/login/")

    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    # One count for both doors: the site's login page is locked as well.
    assert log_in(client, PASSWORD).status_code == 429


def test_the_lock_holds_one_name_from_one_address(client, clerk, django_user_model):
    django_user_model.objects.create_user("other", password=PASSWORD)
    fail(client, 5)

    # The same person from another address, and another person from the same one, log in.
    assert log_in(Client(), PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 302
    response = Client().post("/login/", {"username": "other", "password": PASSWORD})
    assert response.status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(client, clerk):
    fail(client, 5)
    assert log_in(client, PASSWORD).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )

    assert log_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "expected"),
    [
        (False, "198.51.100.1", "127.0.0.1"),
        (True, "198.51.100.1", "198.51.100.1"),
        # The proxy appends the address it saw; what the client wrote before it proves nothing.
        (True, "10.9.9.9, 198.51.100.1", "198.51.100.1"),
        (True, "", "127.0.0.1"),
    ],
)
def test_the_client_address_behind_the_proxy_is_the_one_the_proxy_saw(
    rf, settings, behind_proxy, forwarded, expected
):
    settings.BEHIND_PROXY = behind_proxy
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")

    assert client_ip(request) == expected


# Cookies, CSRF and the Content Security Policy


def test_the_session_cookie_is_http_only(client, clerk):
    response = log_in(client, PASSWORD)

    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["sessionid"]["samesite"] == "Lax"


def all_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from all_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_is_exempt_from_csrf_checks_but_the_apis_which_no_cookie_opens():
    views = list(all_views(get_resolver().url_patterns))

    assert len(views) > 100  # the site's pages and every admin page
    exempt = [route for route, view in views if getattr(view, "csrf_exempt", False)]
    assert exempt and all(route.startswith("api/v1/") for route in exempt)
    # django-ninja exempts its views; the read API only reads, with a key in a header that no
    # other site's form can send.
    schema = api.get_openapi_schema(path_prefix="")
    assert {method for operations in schema["paths"].values() for method in operations} == {"get"}
    assert schema["components"]["securitySchemes"] == {"KeyAuth": {"type": "http", "scheme": "bearer"}}


def test_a_form_posted_without_its_token_is_refused_in_vietnamese(clerk):
    client = Client(enforce_csrf_checks=True)

    response = log_in(client, PASSWORD)

    assert response.status_code == 403
    page = response.content.decode()
    assert "Biểu mẫu không gửi được" in page
    assert "CSRF" not in page and "Traceback" not in page


def test_every_page_carries_the_content_security_policy(client):
    response = client.get("/login/")

    policy = dict(directive.split(" ", 1) for directive in response["Content-Security-Policy"].split("; "))
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


# Upload limits


@pytest.fixture
def superuser(client, django_user_model, article):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.invalid", "pw"))


def test_an_oversize_spreadsheet_is_refused_with_a_message(client, superuser, settings):
    settings.SPREADSHEET_MAX_BYTES = 1_000
    content = "Họ và tên\n".encode() + b"".join(f"Nguoi thu {n}\n".encode() for n in range(100))
    assert len(content) > settings.SPREADSHEET_MAX_BYTES

    response = client.post(
        "/admin/records/person/import/", {"import_file": SimpleUploadedFile("lon.csv", content)}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "vượt quá giới hạn" in page and "Không có gì được ghi" in page


def test_two_files_in_one_request_are_refused(client, superuser):
    files = [SimpleUploadedFile(f"{n}.csv", b"a,b\n1,2\n") for n in range(2)]

    response = client.post("/admin/records/person/import/", {"import_file": files})

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_an_oversize_form_is_refused(client, superuser, settings):
    response = client.post(
        "/admin/records/person/add/", {"note": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_congress_form_with_a_thousand_delegates_is_within_the_field_limit(settings):
    fields_per_delegate = 7  # id, congress, person, role, title, organisation, DELETE
    assert 1000 * fields_per_delegate < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


# Error pages


@pytest.mark.urls(__name__)
def test_a_server_error_shows_the_vietnamese_page_and_no_trace(client):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Lỗi máy chủ" in page
    assert "Traceback" not in page and "RuntimeError" not in page and "/srv/hoso" not in page


@pytest.mark.urls(__name__)
def test_a_refusal_shows_the_vietnamese_page(client):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_a_missing_record_shows_the_vietnamese_page(client, superuser):
    response = client.get("/people/00000000-0000-4000-8000-000000000000/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "Người" in page  # the site's navigation, for a logged-in user


def test_an_unknown_host_gets_the_bad_request_page_without_details(client):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Yêu cầu không hợp lệ" in page
    assert "attacker.example" not in page and "ALLOWED_HOSTS" not in page
