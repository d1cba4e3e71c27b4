"""The registry's FilterSets: what a filter on posts answers is held to the user's scope (issue 12)."""

import pytest
from django.contrib.auth.models import Group

from records import access
from records.models import AccessScope
from records.models.people import MembershipRole
from tests.records.factories import MembershipFactory, OrganisationFactory
from tests.sheet_files import cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(client, django_user_model):
    """A viewer given ward A. Their person is an ordinary member in A and the secretary of B."""
    inside, outside = OrganisationFactory(name="Phường A"), OrganisationFactory(name="Phường B")
    viewer = django_user_model.objects.create_user("viewer", password="not-used")
    viewer.groups.add(Group.objects.get(name=access.VIEWER))
    AccessScope.objects.create(user=viewer).organisations.add(inside)
    member = MembershipFactory(organisation=inside, role=MembershipRole.MEMBER).person
    MembershipFactory(person=member, organisation=outside, role=MembershipRole.SECRETARY, title="Bí thư")
    client.force_login(viewer)
    client.member = member
    return client


@pytest.mark.parametrize("query", ["role=bi_thu", "role=bi_thu&held=current"])
def test_a_filter_on_posts_considers_only_the_posts_in_scope(viewer_client, query):
    listed = viewer_client.get(f"/people/?{query}").content.decode()
    exported = viewer_client.get(f"/people/?{query}&export=csv")

    assert exported.status_code == 200
    assert viewer_client.member.full_name not in listed
    assert all(viewer_client.member.full_name not in row for row in cells(exported.content))


def test_a_filter_on_a_post_in_scope_finds_the_person(viewer_client):
    response = viewer_client.get(f"/people/?role={MembershipRole.MEMBER.value}")

    assert viewer_client.member.full_name in response.content.decode()
