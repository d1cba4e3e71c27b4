"""Add pages prefilled from their address (?congress=12, as the "Thêm ..." links do): a value that
cannot be a record's key is left out, never a server error (Django's autocomplete widget looked
"?congress=abc" up as it was)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.congress.factories import CongressFactory

pytestmark = pytest.mark.django_db

# Every admin add page with a field picking a congress.
WITH_CONGRESS = sorted(
    f"{model._meta.app_label}_{model._meta.model_name}"
    for model in admin.site._registry
    if any(field.name == "congress" and field.is_relation for field in model._meta.get_fields())
    and not model._meta.auto_created
)


@pytest.fixture
def superuser(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.invalid", "pw"))
    return client


def test_there_are_add_pages_with_a_congress_field():
    assert {"congress_election", "congress_speech", "congress_indicator", "congress_task"} <= set(WITH_CONGRESS)


@pytest.mark.parametrize("page", WITH_CONGRESS)
@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999999", "-"])
def test_a_congress_that_cannot_be_one_is_left_out(superuser, page, value):
    response = superuser.get(reverse(f"admin:{page}_add"), {"congress": value})

    assert response.status_code == 200
    assert "congress" not in response.context["adminform"].form.initial


@pytest.mark.parametrize("page", WITH_CONGRESS)
def test_a_congress_that_can_be_one_is_kept(superuser, page):
    congress = CongressFactory()

    response = superuser.get(reverse(f"admin:{page}_add"), {"congress": congress.pk})

    assert response.status_code == 200
    assert response.context["adminform"].form.initial["congress"] == str(congress.pk)
    assert str(congress) in response.content.decode()


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("records_figure", {"administrative_unit": "abc"}),
        ("records_organisation", {"parent": "x", "sources": "1,abc"}),
        ("records_membership", {"person": "nguyen", "organisation": "1e3"}),
    ],
)
def test_other_prefilled_records_that_cannot_be_are_left_out(superuser, page, query):
    response = superuser.get(reverse(f"admin:{page}_add"), query)

    assert response.status_code == 200
    assert not set(query) & set(response.context["adminform"].form.initial)
