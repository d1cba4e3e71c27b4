"""Admin pages held to the user's scope: also the “view on site” shortcut tells nothing of a record
outside it (issue 12)."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from records import access
from records.models import AccessScope, Person
from tests.records.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def shortcut(record):
    return f"/admin/r/{ContentType.objects.get_for_model(record).pk}/{record.pk}/"


@pytest.fixture
def clerk_client(client, django_user_model):
    """A clerk given ward A; ward B lies outside their scope."""
    inside, outside = OrganisationFactory(name="Phường A"), OrganisationFactory(name="Phường B")
    clerk = django_user_model.objects.create_user("clerk", password="not-used", is_staff=True)
    clerk.groups.add(Group.objects.get(name=access.CLERK))
    AccessScope.objects.create(user=clerk).organisations.add(inside)
    client.force_login(clerk)
    client.inside = MembershipFactory(organisation=inside).person
    client.outside = MembershipFactory(organisation=outside).person
    return client


def test_the_view_on_site_shortcut_leads_to_a_record_in_scope(clerk_client):
    response = clerk_client.get(shortcut(clerk_client.inside))

    assert response.status_code == 302
    assert str(clerk_client.inside.uid) in response.url


@pytest.mark.parametrize("pk", ["outside", "missing", "abc", str(2**70)])
def test_the_view_on_site_shortcut_answers_404_outside_the_scope_as_for_no_record(clerk_client, pk):
    record = clerk_client.outside
    target = {"outside": record.pk, "missing": Person.objects.order_by("-pk")[0].pk + 1}.get(pk, pk)

    response = clerk_client.get(shortcut(record).replace(f"/{record.pk}/", f"/{target}/"))

    assert response.status_code == 404
    assert str(record.uid) not in response.content.decode()


def test_a_superuser_is_led_to_any_record(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.invalid", "x"))
    person = MembershipFactory().person

    response = client.get(shortcut(person))

    assert response.status_code == 302
    assert str(person.uid) in response.url
