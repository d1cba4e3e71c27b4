"""The pages of deleted records ask the scope rules (records.access) which deletions a user may see.

What those pages do is tested with the rest of the audit (tests/records/test_audit.py) and of
the scopes (tests/test_access.py).
"""

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured

from records import access
from records.admin.history import RestoreDeletedMixin
from records.models import Person


def restoring_admins():
    registered = admin.site._registry.values()
    return [model_admin for model_admin in registered if isinstance(model_admin, RestoreDeletedMixin)]


def test_every_admin_of_deleted_records_has_a_rule_for_them():
    assert len(restoring_admins()) == 19
    for model_admin in restoring_admins():
        assert access.rule_for(model_admin.model).deleted is not None, model_admin
        assert model_admin.check() == [], model_admin


def test_an_admin_of_deleted_records_without_a_rule_fails_the_system_check(monkeypatch):
    monkeypatch.setattr(access.rule_for(Person), "deleted", None)

    assert [error.id for error in admin.site._registry[Person].check()] == ["records.E001"]


def test_a_scope_without_a_rule_for_deleted_records_refuses_to_list_them(monkeypatch):
    monkeypatch.setattr(access.rule_for(Person), "deleted", None)
    scope = access.Scope()
    scope.root_ids = frozenset({1})

    with pytest.raises(ImproperlyConfigured):
        scope.filter_deleted(Person, Person.history.filter(history_type="-"))
