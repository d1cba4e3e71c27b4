"""The admin's list of posts filtered by organisation (issue 13: it had no such filter)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from records import access
from records.models import AccessScope
from tests.records.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

POSTS = reverse("admin:records_membership_changelist")


def listed(response):
    return {str(post.person) for post in response.context["cl"].result_list}


def filter_choices(response):
    [spec] = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "organisation"]
    return [choice["display"] for choice in spec.choices(response.context["cl"])]


@pytest.fixture
def superuser(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.invalid", "pw"))
    return client


def test_the_posts_list_filters_by_organisation(superuser):
    ward = OrganisationFactory(name="Đảng ủy phường Tân Hòa")
    MembershipFactory(organisation=ward, person__full_name="Lê Văn An")
    MembershipFactory(person__full_name="Trần Thị Bình")

    everyone = superuser.get(POSTS)
    in_ward = superuser.get(POSTS, {"organisation": ward.pk})

    assert "Đảng ủy phường Tân Hòa" in filter_choices(everyone)
    assert listed(everyone) == {"Lê Văn An", "Trần Thị Bình"}
    assert listed(in_ward) == {"Lê Văn An"}


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", ""])
def test_an_organisation_that_is_no_id_filters_nothing(superuser, value):
    MembershipFactory(person__full_name="Lê Văn An")

    response = superuser.get(POSTS, {"organisation": value})

    assert response.status_code == 200
    assert listed(response) == {"Lê Văn An"}


def test_the_filter_offers_only_the_organisations_in_scope(client, django_user_model):
    inside, outside = OrganisationFactory(name="Phường A"), OrganisationFactory(name="Phường B")
    clerk = django_user_model.objects.create_user("clerk", password="not-used", is_staff=True)
    clerk.groups.add(Group.objects.get(name=access.CLERK))
    AccessScope.objects.create(user=clerk).organisations.add(inside)
    client.force_login(clerk)
    MembershipFactory(organisation=inside)
    MembershipFactory(organisation=outside)

    choices = filter_choices(client.get(POSTS))

    assert "Phường A" in choices and "Phường B" not in choices
    # Asking for the outside one shows nothing of it.
    response = client.get(POSTS, {"organisation": outside.pk})
    assert "Phường B" not in filter_choices(response) and not listed(response)


def test_a_chosen_organisation_past_the_first_names_is_still_shown(superuser):
    for number in range(55):
        OrganisationFactory(name=f"Chi bộ {number:02d}")
    last = OrganisationFactory(name="Trường Chính trị Tô Hiệu")

    choices = filter_choices(superuser.get(POSTS, {"organisation": last.pk}))

    assert len(choices) == 1 + 50 + 1  # "Tất cả", the first 50, the chosen one
    assert choices[-1] == "Trường Chính trị Tô Hiệu"
