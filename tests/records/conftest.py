"""Fixtures shared by the tests of records: a client logged in as a viewer."""

import pytest

from tests.pages import page_client


@pytest.fixture
def viewer(client, django_user_model, strict_templates):
    return page_client(client, django_user_model)
