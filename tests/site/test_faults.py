"""A database connection lost in the middle of a request (issue 17): the visitor gets the site's
Vietnamese error page, the error is logged, and the next request works on a new connection.

The requests go through Django's WSGI handler as gunicorn calls it, not the test Client, which
keeps a connection open across requests where a server closes it (close_old_connections). The
connection is lost after the page's first query: on PostgreSQL its server process is terminated
from another connection, as a restart or a dropped network does; on SQLite, which has no server,
the handle under Django's connection is closed.
"""

import io
import logging
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.db import Error, connection, connections
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from congress.site import urls as site_urls
from records.models import Person
from tests.site.test_busy import file_database


def lose_the_connection():
    if connection.vendor == "postgresql":
        backend = connection.connection.info.backend_pid
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
        finally:
            other.close()
    else:
        connection.connection.close()


def page_losing_its_connection(request):
    """A page that reads, loses its connection, and reads again."""
    Person.objects.exists()
    lose_the_connection()
    return HttpResponse(f"{Person.objects.count()} người")


urlpatterns = [path("mat-ket-noi/", page_losing_its_connection), *site_urls.urlpatterns]


def wsgi_get(url, cookie=""):
    """(status, text) of a GET through Django's WSGI handler, as a server makes it."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url,
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookie,
        "wsgi.input": io.BytesIO(),
    }
    setup_testing_defaults(environ)
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        body = b"".join(response)
    finally:
        # Fires request_finished: Django closes a connection that is unusable or past its age.
        response.close()
    return int(statuses[0].split()[0]), body.decode()


# A connection kept between requests (CONN_MAX_AGE) is a PostgreSQL setting (docs/loadtest.md):
# SQLite's connections are not kept, so on SQLite only the connection of one request is lost.
AGES = [0, 60] if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else [0]


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("conn_max_age", AGES)
def test_a_connection_lost_mid_request_is_the_error_page_and_the_next_request_works(
    tmp_path, caplog, conn_max_age
):
    with file_database(tmp_path):
        connection.settings_dict["CONN_MAX_AGE"] = conn_max_age
        try:
            reader = get_user_model().objects.create_superuser("reader", "reader@example.invalid", "x")
            Person.objects.create(full_name="Nguyễn Thị Mai")
            client = Client()
            client.force_login(reader)
            cookie = f"sessionid={client.cookies['sessionid'].value}"
            connection.close()

            with caplog.at_level(logging.ERROR, logger="django.request"):
                status, text = wsgi_get("/mat-ket-noi/", cookie)

            assert status == 500
            assert "Lỗi máy chủ" in text and "Máy chủ gặp lỗi khi xử lý yêu cầu này" in text
            [logged] = [record for record in caplog.records if record.name == "django.request"]
            assert logged.levelno == logging.ERROR and "/mat-ket-noi/" in logged.getMessage()
            assert isinstance(logged.exc_info[1], Error)

            status, text = wsgi_get("/people/", cookie)

            assert status == 200
            assert "Nguyễn Thị Mai" in text
        finally:
            connection.settings_dict["CONN_MAX_AGE"] = 0
