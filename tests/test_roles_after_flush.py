"""The test database's roles survive a flush (tests/roles_after_flush.py)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from records import access


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_roles_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) == set(access.ROLES)
    clerk = Group.objects.get(name=access.CLERK)
    permissions = set(clerk.permissions.values_list("content_type__app_label", "codename"))
    assert ("records", "change_person") in permissions

    call_command("flush", interactive=False, verbosity=0)

    again = Group.objects.get(name=access.CLERK)
    assert set(again.permissions.values_list("content_type__app_label", "codename")) == permissions
    assert set(Group.objects.values_list("name", flat=True)) == set(access.ROLES)
