"""Tests for records.merging: two records made one, every record and citation kept, and undone.

One engine merges people and organisations alike, so each test runs once per kind
(tests/records/merging_kinds.py says what differs); what only organisations do is tested in
test_merging_organisations.py.
"""

import re

import pytest

from records import access, merging
from records.models import AccessScope
from tests.records.factories import (
    AdministrativeUnitFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.records.merging_kinds import KINDS, pointing_at, with_records

pytestmark = pytest.mark.django_db


@pytest.fixture(params=KINDS, ids=str)
def kind(request):
    return request.param


@pytest.fixture
def two(kind):
    """The kind's two duplicates, the merged one named by one record of every kind."""
    return with_records(kind)


def stored(record):
    """A record's row as the database holds it, and the sources it cites."""
    row = type(record)._base_manager.filter(pk=record.pk).values().get()
    return row, set(record.sources.values_list("pk", flat=True))


def test_every_kind_of_record_naming_the_kind_is_made_by_the_tests(kind):
    # A model added later with a foreign key to Person or Organisation fails here until it is given
    # a maker in merging_kinds, so the merge tests cover it too.
    assert {relation.label for relation in merging.relations(kind.model)} == set(kind.makers)


def test_merging_moves_every_record_and_keeps_every_citation(kind, two):
    kept, merged, records = two
    merged_id, merged_uid = merged.pk, merged.uid
    cited = set(kept.sources.values_list("pk", flat=True)) | set(merged.sources.values_list("pk", flat=True))

    merge = merging.merge(kept=kept, merged=merged, take=list(kind.take), reason="Nhập trùng")

    assert isinstance(merge, kind.merge_model)
    assert not kind.model.objects.filter(pk=merged_id).exists()
    for label, record in records.items():
        assert pointing_at(record, label) == kept.pk, label
    assert set(kept.sources.values_list("pk", flat=True)) == cited
    kept.refresh_from_db()
    assert {name: getattr(kept, name) for name in kind.kept_after_merge} == kind.kept_after_merge
    assert {entry["model"] + "." + entry["field"] for entry in merge.moved} == set(kind.makers)
    assert (merge.merged_pk, merge.merged_uid, merge.reason) == (merged_id, merged_uid, "Nhập trùng")
    assert merge.kept_changes == kind.kept_changes
    assert len(merge.sources_added) == 1


def test_both_histories_stay_and_say_what_the_merge_did(kind, two):
    kept, merged, records = two
    merged_id = merged.pk
    merged_rows = sorted(kind.model.history.filter(id=merged_id).values_list("history_id", flat=True))
    merged_sources = merged.sources.count()
    cited = set(kept.sources.values_list("pk", flat=True)) | set(merged.sources.values_list("pk", flat=True))

    merging.merge(kept=kept, merged=merged)

    history = kind.model.history.filter(id=merged_id).order_by("history_id")
    assert list(history.values_list("history_id", flat=True))[: len(merged_rows)] == merged_rows
    last = history.last()
    assert last.history_type == "-"
    assert last.history_change_reason.startswith(f"Đã gộp vào {kind.kept_name} (mã ")
    # The deletion keeps the citations of the record merged away.
    assert last.sources.count() == merged_sources == 2
    newest = kept.history.order_by("-history_id").first()
    assert newest.history_change_reason.startswith(f"Gộp {kind.merged_name} (mã ")
    for received in kind.received:
        assert received in newest.history_change_reason
    assert newest.sources.count() == len(cited)
    moved = records[kind.moved_label]
    assert moved.history.order_by("-history_id").first().history_change_reason == (
        f"Chuyển từ {kind.merged_name} sang {kind.kept_name} khi gộp {kind.noun}"
    )


def test_reverting_brings_both_back_as_they_were_and_moves_back_what_moved(kind, two):
    kept, merged, records = two
    merged_id, merged_uid = merged.pk, merged.uid
    own_post = kind.makers[kind.post_label](kept)
    kept_before, merged_before = stored(kept), stored(merged)
    # Every value the clerk may choose is taken, so that every one must be given back.
    merge = merging.merge(kept=kept, merged=merged, take=list(merging.kind_of(kind.model).chosen_fields))

    restored = merging.revert(merge=merge)

    assert (restored.pk, restored.uid) == (merged_id, merged_uid)
    assert stored(restored) == merged_before
    for label, record in records.items():
        assert pointing_at(record, label) == merged_id, label
    assert stored(kept) == kept_before
    assert pointing_at(own_post, kind.post_label) == kept.pk
    merge.refresh_from_db()
    assert merge.is_reverted and restored.records_left_behind == 0
    newest = kind.model.history.filter(id=merged_id).order_by("-history_id").first()
    assert newest.history_change_reason == f"Tách lại khỏi {kind.kept_name} khi hoàn tác việc gộp"


def test_reverting_leaves_a_value_changed_since_and_counts_a_record_deleted_since(kind, two):
    kept, merged, records = two
    field, value = kind.changed_since
    merge = merging.merge(kept=kept, merged=merged, take=list(kind.take))
    setattr(kept, field, value)
    kept.save()
    records[kind.post_label].delete()

    restored = merging.revert(merge=merge)

    kept.refresh_from_db()
    assert getattr(kept, field) == value
    assert restored.records_left_behind == 1


def test_a_merge_is_reverted_once(two):
    kept, merged, _records = two
    merge = merging.merge(kept=kept, merged=merged)
    merging.revert(merge=merge)

    with pytest.raises(merging.MergeRefused, match="đã được hoàn tác"):
        merging.revert(merge=merge)


@pytest.mark.parametrize(
    "kind, clash",
    [(kind, clash) for kind in KINDS for clash in kind.clashes],
    ids=lambda value: getattr(value, "name", None),
)
def test_a_clash_is_refused_in_vietnamese_with_nothing_written(kind, clash):
    kept, merged = kind.make_two()
    # A record that moves unless the refusal writes nothing.
    post = kind.makers[kind.post_label](merged)
    clash.make(kept, merged)
    history_rows = kind.model.history.count()

    with pytest.raises(merging.MergeRefused) as refused:
        merging.merge(kept=kept, merged=merged)

    assert re.fullmatch(clash.message(kind.kept_name, kind.merged_name), str(refused.value))
    assert kind.model.objects.filter(pk=merged.pk).exists()
    assert pointing_at(post, kind.post_label) == merged.pk
    assert (kind.merge_model.objects.count(), kind.model.history.count()) == (0, history_rows)


def test_an_ended_post_held_by_both_is_no_clash():
    # The rule of one open post per person and organisation (PEOPLE's "same open post") leaves ended ones.
    organisation = OrganisationFactory()
    kept = PersonFactory()
    merged = PersonFactory()
    MembershipFactory(person=kept, organisation=organisation)
    MembershipFactory(person=merged, organisation=organisation, end_on="2020-01-01", start_on="2015-01-01")

    merging.merge(kept=kept, merged=merged)

    assert kept.memberships.count() == 2


def test_a_record_is_not_merged_with_itself(kind):
    record, _other = kind.make_two()

    with pytest.raises(merging.MergeRefused, match=f"hai {kind.noun} khác nhau"):
        merging.merge(kept=record, merged=record)


def test_both_records_must_be_in_scope(kind, django_user_model):
    inside = OrganisationFactory(
        name="Đảng bộ phường Thiên Hương", administrative_unit=AdministrativeUnitFactory()
    )
    outside = OrganisationFactory(name="Dang bo phuong Thien Huong")
    kept, merged = kind.placed_in(inside), kind.placed_in(outside)
    user = django_user_model.objects.create_user("can-bo")
    AccessScope.objects.create(user=user).organisations.add(inside)

    with pytest.raises(merging.MergeRefused, match="ngoài phạm vi"):
        merging.merge(kept=kept, merged=merged, scope=access.scope_of(user))
    assert kind.model.objects.filter(pk=merged.pk).exists()

