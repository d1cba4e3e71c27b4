"""Tests for records.merging of what only organisations have: the users' scopes that name them (links
of a many-to-many field, not foreign keys), their names held unique among siblings, and their tree.

What organisations share with people is tested once per kind in test_merging.py.
"""

import pytest

from records import merging
from records.models import Organisation
from tests.records.factories import OrganisationFactory
from tests.records.merging_kinds import ORGANISATIONS, with_records

pytestmark = pytest.mark.django_db

SCOPE_LINK = "records.accessscope_organisations.organisation"


@pytest.fixture
def party():
    return OrganisationFactory(name="Đảng bộ phường Thiên Hương")


@pytest.fixture
def two():
    """ORGANISATIONS' two duplicates, the merged one named by one record of every kind."""
    return with_records(ORGANISATIONS)


def test_the_scope_of_a_user_says_in_its_history_that_its_organisation_moved(two):
    # Who was given which organisation is part of the audit trail: the scope's history says it.
    kept, merged, records = two
    scope = records[SCOPE_LINK].accessscope

    merging.merge(kept=kept, merged=merged)

    scope_row = scope.history.order_by("-history_id").first()
    assert scope_row.history_change_reason.startswith("Chuyển từ Dang uy phuong Thien Huong")
    assert list(scope_row.organisations.values_list("organisation_id", flat=True)) == [kept.pk]


def test_a_link_the_kept_organisation_has_already_is_dropped_and_put_back_on_revert(two):
    kept, merged, records = two
    scope = records[SCOPE_LINK].accessscope
    scope.organisations.add(kept)

    merge = merging.merge(kept=kept, merged=merged)

    assert list(scope.organisations.all()) == [kept]
    merging.revert(merge=merge)
    assert set(scope.organisations.values_list("pk", flat=True)) == {kept.pk, merged.pk}


def test_the_kept_organisation_may_take_the_name_of_the_one_merged(two):
    kept, merged, _records = two
    # The two are siblings: the kept one takes a name_key the other holds until it is deleted.
    merge = merging.merge(kept=kept, merged=merged, take=["name"])

    kept.refresh_from_db()
    assert (kept.name, kept.search_key) == ("Dang uy phuong Thien Huong", "dang uy phuong thien huong")

    merging.revert(merge=merge)
    kept.refresh_from_db()
    assert kept.name == "Đảng ủy phường Thiên Hương"
    assert Organisation.objects.get(pk=merge.merged_pk).name == "Dang uy phuong Thien Huong"


@pytest.mark.parametrize("kept_is_above", [True, False])
def test_an_organisation_is_not_merged_with_one_above_or_below_it(party, kept_is_above):
    below = OrganisationFactory(name="Đảng ủy phường Thiên Hương", parent=party)
    kept, merged = (party, below) if kept_is_above else (below, party)

    with pytest.raises(merging.MergeRefused) as refused:
        merging.merge(kept=kept, merged=merged)

    assert str(refused.value) == (
        "Không gộp một tổ chức với tổ chức cấp trên hay cấp dưới của nó: "
        "Đảng ủy phường Thiên Hương trực thuộc Đảng bộ phường Thiên Hương."
    )
    assert Organisation.objects.filter(pk=merged.pk).exists()
