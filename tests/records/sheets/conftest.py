"""Fixtures of the tests of records.sheets."""

import pytest

from records.models.organisations import OrganisationKind
from tests.records.factories import OrganisationFactory
from tests.records.sheets.roster import COMMITTEE


@pytest.fixture
def committee(db):
    return OrganisationFactory(name=COMMITTEE, kind=OrganisationKind.EXECUTIVE_COMMITTEE, seat_count=27)
