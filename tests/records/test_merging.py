"""Tests for records.merging: two people made one, every record and citation kept, and undone."""

import pytest

from records import access, merging
from records.models import AccessScope, Membership, Person, PersonMerge
from records.models.people import MembershipRole
from tests.congress.factories import (
    AppointedPostFactory,
    AttendanceFactory,
    CandidateFactory,
    CongressBodyMemberFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.records.factories import MembershipFactory, OrganisationFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db


def earlier_merge(person):
    """A merge that kept this person: it follows the person into the one it is merged into."""
    return merging.merge(kept=person, merged=PersonFactory(full_name="Người trùng trước đây"))


# One record of every kind that names a person, by the relation it names them through.
MAKERS = {
    "records.membership.person": lambda person: MembershipFactory(person=person),
    "records.personmerge.kept": earlier_merge,
    "congress.attendance.person": lambda person: AttendanceFactory(person=person),
    "congress.speech.speaker": lambda person: SpeechFactory(speaker=person),
    "congress.appointedpost.person": lambda person: AppointedPostFactory(person=person),
    "congress.candidate.person": lambda person: CandidateFactory(person=person),
    "congress.congressbodymember.person": lambda person: CongressBodyMemberFactory(person=person),
    "congress.task.owner": lambda person: TaskFactory(owner=person),
}


def pointing_at(record, label):
    field = label.rsplit(".", 1)[1]
    record.refresh_from_db()
    return getattr(record, f"{field}_id")


@pytest.fixture
def two():
    """Nguyễn Công Diễn (1970) on record with a post and a source, and "Nguyen Cong Dien" typed
    without diacritics, with one record of every kind and two sources (one both cite)."""
    shared = SourceFactory(title="Bài báo về Đại hội")
    kept = PersonFactory(full_name="Nguyễn Công Diễn", birth_year=1970)
    kept.sources.add(shared, SourceFactory(title="Danh sách Ban Chấp hành"))
    MembershipFactory(person=kept, role=MembershipRole.DEPUTY_SECRETARY)
    merged = PersonFactory(full_name="Nguyen Cong Dien", gender="nam", note="Nhập từ bảng tính")
    merged.sources.add(shared, SourceFactory(title="Bảng tính nhập ngày 16/6/2025"))
    records = {label: make(merged) for label, make in MAKERS.items()}
    return kept, merged, records


def test_every_kind_of_record_naming_a_person_is_made_by_the_tests():
    # A model added later with a foreign key to Person fails here until it is given a maker above,
    # so the merge tests cover it too.
    assert {relation.label for relation in merging.relations(Person)} == set(MAKERS)


def test_merging_moves_every_record_and_keeps_every_citation(two):
    kept, merged, records = two
    merged_id, merged_uid = merged.pk, merged.uid
    cited = set(kept.sources.values_list("pk", flat=True)) | set(merged.sources.values_list("pk", flat=True))

    merge = merging.merge(kept=kept, merged=merged, take=["gender"], reason="Cùng một người")

    assert not Person.objects.filter(pk=merged_id).exists()
    for label, record in records.items():
        assert pointing_at(record, label) == kept.pk, label
    assert set(kept.sources.values_list("pk", flat=True)) == cited
    kept.refresh_from_db()
    assert (kept.full_name, kept.birth_year, kept.gender) == ("Nguyễn Công Diễn", 1970, "nam")
    assert kept.note == ""
    assert {entry["model"] + "." + entry["field"] for entry in merge.moved} == set(MAKERS)
    assert (merge.merged_pk, merge.merged_uid) == (merged_id, merged_uid)
    assert merge.reason == "Cùng một người"
    assert merge.kept_changes == {"gender": ["", "nam"]}
    assert len(merge.sources_added) == 1


def test_both_histories_stay_and_say_what_the_merge_did(two):
    kept, merged, records = two
    merged_id = merged.pk
    merged_rows = sorted(Person.history.filter(id=merged_id).values_list("history_id", flat=True))

    merging.merge(kept=kept, merged=merged)

    history = Person.history.filter(id=merged_id).order_by("history_id")
    assert list(history.values_list("history_id", flat=True))[: len(merged_rows)] == merged_rows
    last = history.last()
    assert last.history_type == "-"
    assert last.history_change_reason.startswith("Đã gộp vào Nguyễn Công Diễn (1970)")
    # The deletion keeps the citations of the person merged away.
    assert last.sources.count() == 2
    newest = kept.history.order_by("-history_id").first()
    assert newest.history_change_reason.startswith("Gộp Nguyen Cong Dien (mã ")
    assert "1 chức vụ đảm nhiệm" in newest.history_change_reason
    assert "1 người dự đại hội" in newest.history_change_reason
    assert newest.sources.count() == 3
    speech = records["congress.speech.speaker"]
    assert speech.history.order_by("-history_id").first().history_change_reason.startswith(
        "Chuyển từ Nguyen Cong Dien sang Nguyễn Công Diễn"
    )


def test_reverting_brings_the_person_back_with_its_uid_and_moves_back_what_moved(two):
    kept, merged, records = two
    merged_id, merged_uid = merged.pk, merged.uid
    kept_sources = set(kept.sources.values_list("pk", flat=True))
    merged_sources = set(merged.sources.values_list("pk", flat=True))
    own_post = Membership.objects.get(person=kept)
    merge = merging.merge(kept=kept, merged=merged, take=["gender", "note"])

    person = merging.revert(merge=merge)

    assert (person.pk, person.uid) == (merged_id, merged_uid)
    person.refresh_from_db()
    assert (person.full_name, person.gender, person.note) == ("Nguyen Cong Dien", "nam", "Nhập từ bảng tính")
    assert set(person.sources.values_list("pk", flat=True)) == merged_sources
    for label, record in records.items():
        assert pointing_at(record, label) == merged_id, label
    kept.refresh_from_db()
    assert (kept.gender, kept.note) == ("", "")
    assert set(kept.sources.values_list("pk", flat=True)) == kept_sources
    assert pointing_at(own_post, "records.membership.person") == kept.pk
    merge.refresh_from_db()
    assert merge.is_reverted and person.records_left_behind == 0
    newest = Person.history.filter(id=merged_id).order_by("-history_id").first()
    assert newest.history_change_reason.startswith("Tách lại khỏi Nguyễn Công Diễn")


def test_reverting_leaves_a_value_changed_since_and_counts_a_record_deleted_since(two):
    kept, merged, records = two
    merge = merging.merge(kept=kept, merged=merged, take=["gender"])
    kept.gender = "nu"
    kept.save()
    records["records.membership.person"].delete()

    person = merging.revert(merge=merge)

    kept.refresh_from_db()
    assert kept.gender == "nu"
    assert person.records_left_behind == 1


def test_a_merge_is_reverted_once(two):
    kept, merged, _records = two
    merge = merging.merge(kept=kept, merged=merged)
    merging.revert(merge=merge)

    with pytest.raises(merging.MergeRefused, match="đã được hoàn tác"):
        merging.revert(merge=merge)


def at_one_congress(kept, merged):
    AttendanceFactory(person=kept, congress=AttendanceFactory(person=merged).congress)


@pytest.mark.parametrize(
    "clash, words",
    [
        (at_one_congress, "Người dự đại hội"),
        (
            lambda kept, merged: MembershipFactory(
                person=kept, organisation=MembershipFactory(person=merged).organisation
            ),
            "Người này đang giữ chức vụ này ở tổ chức này",
        ),
    ],
    ids=["same congress", "same open post"],
)
def test_a_clash_is_refused_in_vietnamese_with_nothing_written(clash, words):
    kept = PersonFactory(full_name="Nguyễn Công Diễn")
    merged = PersonFactory(full_name="Nguyen Cong Dien")
    SpeechFactory(speaker=merged)
    clash(kept, merged)
    history_rows = Person.history.count()

    with pytest.raises(merging.MergeRefused) as refused:
        merging.merge(kept=kept, merged=merged)

    message = str(refused.value)
    assert message.startswith("Không gộp được:")
    assert words in message and "Nguyễn Công Diễn" in message and "Nguyen Cong Dien" in message
    assert Person.objects.filter(pk=merged.pk).exists()
    assert merged.speeches.count() == 1
    assert (PersonMerge.objects.count(), Person.history.count()) == (0, history_rows)


def test_an_ended_post_held_by_both_is_no_clash():
    organisation = OrganisationFactory()
    kept = PersonFactory()
    merged = PersonFactory()
    MembershipFactory(person=kept, organisation=organisation)
    MembershipFactory(person=merged, organisation=organisation, end_on="2020-01-01", start_on="2015-01-01")

    merging.merge(kept=kept, merged=merged)

    assert kept.memberships.count() == 2


def test_a_person_is_not_merged_with_itself():
    person = PersonFactory()

    with pytest.raises(merging.MergeRefused, match="hai người khác nhau"):
        merging.merge(kept=person, merged=person)


def test_both_people_must_be_in_scope(django_user_model):
    inside, outside = OrganisationFactory(), OrganisationFactory()
    kept = MembershipFactory(organisation=inside).person
    merged = MembershipFactory(organisation=outside).person
    user = django_user_model.objects.create_user("can-bo")
    AccessScope.objects.create(user=user).organisations.add(inside)

    with pytest.raises(merging.MergeRefused, match="ngoài phạm vi"):
        merging.merge(kept=kept, merged=merged, scope=access.scope_of(user))
    assert Person.objects.filter(pk=merged.pk).exists()
