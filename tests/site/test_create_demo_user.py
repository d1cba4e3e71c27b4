"""Tests for congress.site's create_demo_user: the demo login `make run` prints."""

import io

import pytest
from django.core.management import call_command

from congress.site.management.commands.create_demo_user import login_url


@pytest.mark.parametrize(
    ("address", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/admin/"),
        ("localhost:9000", "http://localhost:9000/admin/"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080/admin/"),
        ("8090", "http://127.0.0.1:8090/admin/"),
    ],
)
def test_the_login_names_the_address_the_server_was_given(address, url):
    assert login_url(address) == url


def test_make_run_prints_the_port_it_serves_on(db, settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("create_demo_user", "--address", "0.0.0.0:8080", stdout=out)

    assert "http://127.0.0.1:8080/admin/" in out.getvalue()
