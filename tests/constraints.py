"""Constraint cases: a row checked against one named database constraint, both ways.

Cases save rows straight through `save()` (never `full_clean()`), so what refuses a bad
row is the database itself, on SQLite and on PostgreSQL alike.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import UniqueConstraint


@dataclass
class Case:
    """One row checked against one named constraint.

    `given` builds the rows the case needs beforehand (outside the refused write);
    `make` receives what `given` returned and writes the row under test.
    """

    constraint: str
    what: str
    make: Callable[[Any], Any]
    given: Callable[[], Any] = lambda: None

    def __str__(self):
        return f"{self.constraint}: {self.what}"


def all_constraints(app_label):
    """Every constraint name declared in the app's models, with its model and definition."""
    return {
        constraint.name: (model, constraint)
        for model in apps.get_app_config(app_label).get_models()
        for constraint in model._meta.constraints
    }


def assert_refused_by(error, constraint_name, constraints):
    """The IntegrityError names the constraint that was meant to refuse the row."""
    message = str(error)
    if constraint_name in message:
        return
    # SQLite reports a broken unique index by its columns, not by its name.
    model, constraint = constraints[constraint_name]
    assert connection.vendor == "sqlite"
    assert isinstance(constraint, UniqueConstraint)
    columns = ", ".join(
        f"{model._meta.db_table}.{model._meta.get_field(f).column}" for f in constraint.fields
    )
    assert message == f"UNIQUE constraint failed: {columns}"


def save_ok(case):
    row = case.make(case.given())
    assert type(row).objects.filter(pk=row.pk).exists()


def save_refused(case, constraints):
    given = case.given()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        case.make(given)
    assert_refused_by(refused.value, case.constraint, constraints)
