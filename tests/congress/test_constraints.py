"""Every database constraint of the congress app, a row keeping it and a row breaking it."""

import pytest

from tests.congress import congress_cases, elections_cases
from tests.constraints import all_constraints, save_ok, save_refused

pytestmark = pytest.mark.django_db

KEEPING = congress_cases.KEEPING + elections_cases.KEEPING
BREAKING = congress_cases.BREAKING + elections_cases.BREAKING

CONGRESS_CONSTRAINTS = all_constraints("congress")


def test_every_congress_constraint_has_cases_both_ways():
    assert {case.constraint for case in KEEPING} == set(CONGRESS_CONSTRAINTS)
    assert {case.constraint for case in BREAKING} == set(CONGRESS_CONSTRAINTS)


@pytest.mark.parametrize("case", KEEPING, ids=str)
def test_row_keeping_the_constraint_saves(case):
    save_ok(case)


@pytest.mark.parametrize("case", BREAKING, ids=str)
def test_row_breaking_the_constraint_is_refused_by_the_database(case):
    save_refused(case, CONGRESS_CONSTRAINTS)
