"""The two kinds of record that records.merging merges, as the merge tests make and read them.

Merging is one engine for people and organisations (a records.merging.MergeKind says what differs),
so its tests are one test run once per kind (tests/records/test_merging.py). A KindToMerge gives
such a test what differs: the records that name the kind, two duplicates, the clashes its rules
refuse. What only one kind does (an organisation's tree, the users' scopes naming it) keeps a test
of its own.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from records import merging
from records.models import AccessScope, Organisation, OrganisationMerge, Person, PersonMerge
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole
from tests.congress.factories import (
    AppointedPostFactory,
    AppointmentDecisionFactory,
    AttendanceFactory,
    CandidateFactory,
    CongressBodyMemberFactory,
    CongressFactory,
    ElectionFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.records.factories import (
    FigureFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
)


@dataclass(frozen=True)
class Clash:
    """Records of the two that a unique rule refuses once moved to the kept one, and how the refusal
    names them: the kind of the records, their name where the clash makes it, the rule."""

    name: str
    make: Callable
    records: str
    rule: str
    record: str = ""

    def message(self, kept, merged):
        """The whole refusal, as a pattern: a record's name is any where the factories chose it."""
        named = re.escape(f"“{self.record}”") if self.record else "“[^”]+”"
        return (
            re.escape(f"Không gộp được: {self.records} ")
            + named
            + re.escape(f" của {kept} và ")
            + named
            + re.escape(f" của {merged} trùng nhau ({self.rule}): ")
            + re.escape("hãy xóa hoặc sửa một trong hai rồi gộp lại.")
        )


@dataclass(frozen=True)
class KindToMerge:
    """What the merge tests of one kind of record need, where the two kinds differ."""

    name: str
    model: type
    merge_model: type
    noun: str

    # The engine (tests/records/test_merging.py).
    # One record of every kind that names a record of this kind, by the relation it names it through.
    makers: dict
    # Two duplicates (kept, merged) with their sources: what make_two's docstring says.
    make_two: Callable
    kept_name: str
    merged_name: str
    # A merge of the two taking these fields: the kept record's values after it, and its kept_changes.
    take: tuple
    kept_after_merge: dict
    kept_changes: dict
    # A value the clerk sets on the kept record after the merge, which a revert must leave.
    changed_since: tuple
    # What the kept record's history says it received, and a moved record whose history is read.
    received: tuple
    moved_label: str
    # The relation through which a post names the record (a record any test may add, or delete).
    post_label: str
    clashes: tuple
    # A record inside an organisation, as a scope sees it.
    placed_in: Callable

    def __str__(self):
        return self.name


def pointing_at(record, label):
    """The id the record names through the relation of the label ("congress.speech.speaker")."""
    field = label.rsplit(".", 1)[1]
    record.refresh_from_db()
    return getattr(record, f"{field}_id")


def with_records(kind):
    """The kind's two duplicates, the merged one named by one record of every kind:
    (kept, merged, {relation label: record})."""
    kept, merged = kind.make_two()
    records = {label: make(merged) for label, make in kind.makers.items()}
    return kept, merged, records


def earlier_merge(record):
    """A merge that kept this record: it follows the record into the one it is merged into."""
    if isinstance(record, Person):
        return merging.merge(kept=record, merged=PersonFactory(full_name="Người trùng trước đây"))
    return merging.merge(kept=record, merged=OrganisationFactory(name="Tổ chức trùng trước đây"))


def scope_of_a_user(organisation):
    """A user's scope given the organisation: the link moves, and the scope's history says so."""
    scope = AccessScope.objects.create(user=get_user_model().objects.create_user(f"can-bo-{organisation.pk}"))
    scope.organisations.add(organisation)
    return AccessScope.organisations.through.objects.get(accessscope=scope)


def two_people():
    """Nguyễn Công Diễn (1970) on record with a post and two sources, and "Nguyen Cong Dien" typed
    without diacritics, with a gender, a note and two sources (one both cite)."""
    shared = SourceFactory(title="Bài báo về Đại hội")
    kept = PersonFactory(full_name="Nguyễn Công Diễn", birth_year=1970)
    kept.sources.add(shared, SourceFactory(title="Danh sách Ban Chấp hành"))
    MembershipFactory(person=kept, role=MembershipRole.DEPUTY_SECRETARY)
    merged = PersonFactory(full_name="Nguyen Cong Dien", gender="nam", note="Nhập từ bảng tính")
    merged.sources.add(shared, SourceFactory(title="Bảng tính nhập ngày 16/6/2025"))
    return kept, merged


def two_organisations():
    """Đảng ủy phường Thiên Hương on record with a source, and "Dang uy phuong Thien Huong" typed
    without diacritics under the same parent, with a short name, seats and two sources (one both cite)."""
    party = OrganisationFactory(name="Đảng bộ phường Thiên Hương")
    shared = SourceFactory(title="Bài báo về Đại hội")
    kept = OrganisationFactory(
        name="Đảng ủy phường Thiên Hương", kind=OrganisationKind.PARTY_COMMITTEE, parent=party
    )
    kept.sources.add(shared)
    merged = OrganisationFactory(
        name="Dang uy phuong Thien Huong",
        short_name="ĐU",
        kind=OrganisationKind.PARTY_COMMITTEE,
        parent=party,
        seat_count=27,
    )
    merged.sources.add(shared, SourceFactory(title="Bảng tính nhập ngày 16/6/2025"))
    return kept, merged


def at_one_congress(kept, merged):
    AttendanceFactory(person=kept, congress=AttendanceFactory(person=merged).congress)


def in_one_open_post(kept, merged):
    MembershipFactory(person=kept, organisation=MembershipFactory(person=merged).organisation)


def children_of_one_name(kept, merged):
    for parent in (kept, merged):
        OrganisationFactory(name="Tổ đảng số 1", parent=parent, kind=OrganisationKind.PARTY_CELL)


def elected_at_two_congresses(kept, merged):
    CongressFactory(executive_committee=kept)
    CongressFactory(executive_committee=merged)


PEOPLE = KindToMerge(
    name="people",
    model=Person,
    merge_model=PersonMerge,
    noun="người",
    makers={
        "records.membership.person": lambda person: MembershipFactory(person=person),
        "records.personmerge.kept": earlier_merge,
        "congress.attendance.person": lambda person: AttendanceFactory(person=person),
        "congress.speech.speaker": lambda person: SpeechFactory(speaker=person),
        "congress.appointedpost.person": lambda person: AppointedPostFactory(person=person),
        "congress.candidate.person": lambda person: CandidateFactory(person=person),
        "congress.congressbodymember.person": lambda person: CongressBodyMemberFactory(person=person),
        "congress.task.owner": lambda person: TaskFactory(owner=person),
    },
    make_two=two_people,
    kept_name="Nguyễn Công Diễn (1970)",
    merged_name="Nguyen Cong Dien",
    take=("gender",),
    kept_after_merge={"full_name": "Nguyễn Công Diễn", "birth_year": 1970, "gender": "nam", "note": ""},
    kept_changes={"gender": ["", "nam"]},
    changed_since=("gender", "nu"),
    received=("1 chức vụ đảm nhiệm", "1 người dự đại hội"),
    moved_label="congress.speech.speaker",
    post_label="records.membership.person",
    clashes=(
        Clash(
            "same congress",
            at_one_congress,
            "Người dự đại hội",
            "Người này đã có trong danh sách dự đại hội này",
        ),
        Clash(
            "same open post",
            in_one_open_post,
            "Chức vụ đảm nhiệm",
            "Người này đang giữ chức vụ này ở tổ chức này (chưa có ngày kết thúc)",
        ),
    ),
    placed_in=lambda organisation: MembershipFactory(organisation=organisation).person,
)

ORGANISATIONS = KindToMerge(
    name="organisations",
    model=Organisation,
    merge_model=OrganisationMerge,
    noun="tổ chức",
    makers={
        "records.accessscope_organisations.organisation": scope_of_a_user,
        "records.legaldocument.issuer": lambda organisation: LegalDocumentFactory(issuer=organisation),
        "records.figure.organisation": lambda organisation: FigureFactory(
            organisation=organisation, administrative_unit=None
        ),
        "records.membership.organisation": lambda organisation: MembershipFactory(organisation=organisation),
        "records.organisation.parent": lambda organisation: OrganisationFactory(
            name="Chi bộ khu dân cư số 1", kind=OrganisationKind.PARTY_CELL, parent=organisation
        ),
        "records.organisationmerge.kept": earlier_merge,
        "congress.congress.organisation": lambda organisation: CongressFactory(organisation=organisation),
        "congress.congress.directing_body": lambda organisation: CongressFactory(directing_body=organisation),
        "congress.congress.executive_committee": lambda organisation: CongressFactory(
            executive_committee=organisation
        ),
        "congress.appointmentdecision.organisation": lambda organisation: AppointmentDecisionFactory(
            organisation=organisation
        ),
        "congress.election.body": lambda organisation: ElectionFactory(body=organisation),
        "congress.task.responsible_organisation": lambda organisation: TaskFactory(
            responsible_organisation=organisation
        ),
        "congress.task.approving_authority": lambda organisation: TaskFactory(
            approving_authority=organisation
        ),
    },
    make_two=two_organisations,
    kept_name="Đảng ủy phường Thiên Hương",
    merged_name="Dang uy phuong Thien Huong",
    take=("short_name", "seat_count"),
    kept_after_merge={"name": "Đảng ủy phường Thiên Hương", "short_name": "ĐU", "seat_count": 27},
    kept_changes={"short_name": ["", "ĐU"], "seat_count": [None, 27]},
    changed_since=("short_name", "ĐUP"),
    received=("1 chức vụ đảm nhiệm", "1 phạm vi hồ sơ"),
    moved_label="records.organisation.parent",
    post_label="records.membership.organisation",
    clashes=(
        Clash(
            "children of one name",
            children_of_one_name,
            "Tổ chức",
            "Tổ chức trực thuộc này đã có một tổ chức cùng tên",
            record="Tổ đảng số 1",
        ),
        Clash("elected at two congresses", elected_at_two_congresses, "Đại hội", "mỗi tổ chức chỉ có một"),
    ),
    # The organisation a scope names is inside it.
    placed_in=lambda organisation: organisation,
)

KINDS = (PEOPLE, ORGANISATIONS)
