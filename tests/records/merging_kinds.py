"""The two kinds of record that records.merging merges, as the merge tests make and read them.

Merging is one engine for people and organisations (a records.merging.MergeKind says what differs)
and one set of admin pages (records.admin.merging.MergingMixin), so their tests are one test run
once per kind: tests/records/test_merging.py for the engine, tests/records/admin/test_merging.py
for the pages. A KindToMerge gives such a test what differs: the records that name the kind, two
duplicates, the clashes its rules refuse, the Vietnamese words its pages show. What only one kind
does (an organisation's tree, the users' scopes naming it) keeps a test of its own.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse

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

    @property
    def opening(self):
        """How the refusal begins, as the admin's page shows it too."""
        named = f" “{self.record}”" if self.record else ""
        return f"Không gộp được: {self.records}{named}"

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

    # The admin's pages (tests/records/admin/test_merging.py).
    # A ward's party organisation with two duplicates in it: {"party", "kept", "merged"}.
    make_ward: Callable
    # What the report shows of ward A (its one name, its words), and words only ward B's records show.
    report_key: str
    report_words: tuple
    other_ward_words: tuple
    merged_name_in_ward: str
    # The two spellings of the nth pair of namesakes, and a record of one made in an organisation.
    namesakes: Callable
    add_namesake: Callable
    # A record of the merged one the merge page counts, and the words it counts it with.
    held_label: str
    held_words: str
    # The clerk's choices on the merge page, the kept record after them, and words the pages show.
    choices: dict
    kept_after_admin_merge: dict
    merge_page_words: tuple
    merge_record_words: tuple
    search: str

    def __str__(self):
        return self.name

    @property
    def admin_path(self):
        """The admin's list of the kind, under which its Vietnamese pages (trung-lap/, deleted/) sit."""
        return f"/admin/records/{self.model._meta.model_name}/"

    def url(self, view, *args):
        """An admin page of the kind (merge, merge_with, change) by its URL name."""
        return reverse(f"admin:records_{self.model._meta.model_name}_{view}", args=args)

    def merge_url(self, view, merge):
        """An admin page of one merge of the kind (change, revert)."""
        return reverse(f"admin:records_{self.merge_model._meta.model_name}_{view}", args=[merge.pk])


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


def ward_of_people(ward):
    """A ward whose committee holds "Nguyễn Công Diễn <ward>" (1970) and "Nguyen Cong Dien <ward>"."""
    party = OrganisationFactory(name=f"Đảng bộ phường Tân Hòa {ward}")
    committee = OrganisationFactory(
        name=f"Ban Chấp hành phường Tân Hòa {ward}", parent=party, kind=OrganisationKind.EXECUTIVE_COMMITTEE
    )
    kept = PersonFactory(full_name=f"Nguyễn Công Diễn {ward}", birth_year=1970)
    merged = PersonFactory(full_name=f"Nguyen Cong Dien {ward}")
    MembershipFactory(person=kept, organisation=committee)
    MembershipFactory(person=merged, organisation=committee, role=MembershipRole.DEPUTY_SECRETARY)
    merged.sources.add(SourceFactory())
    return {"party": party, "kept": kept, "merged": merged}


def ward_of_organisations(ward):
    """A ward with "Chi bộ khu dân cư số 1" under its party organisation twice, once typed without
    diacritics."""
    party = OrganisationFactory(name=f"Đảng bộ phường Tân Hòa {ward}")
    kept = OrganisationFactory(name="Chi bộ khu dân cư số 1", parent=party, kind=OrganisationKind.PARTY_CELL)
    merged = OrganisationFactory(
        name="Chi bo khu dan cu so 1", parent=party, kind=OrganisationKind.PARTY_CELL, short_name="CB1"
    )
    merged.sources.add(SourceFactory())
    return {"party": party, "kept": kept, "merged": merged}


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
    make_ward=ward_of_people,
    report_key="nguyen cong dien a",
    report_words=(
        "Nguyễn Công Diễn A (1970)",
        "Nguyen Cong Dien A",
        "chưa rõ năm sinh của một người; cùng ở Ban Chấp hành phường Tân Hòa A",
        "Người thứ nhất",
    ),
    other_ward_words=("Tân Hòa B", "Dien B"),
    merged_name_in_ward="Nguyen Cong Dien A",
    namesakes=lambda n: (f"Trần Văn Mẫu {n:03d}", f"Tran Van Mau {n:03d}"),
    add_namesake=lambda organisation, name: MembershipFactory(
        person=PersonFactory(full_name=name), organisation=organisation
    ).person,
    held_label="congress.attendance.person",
    held_words="1 người dự đại hội",
    choices={"full_name": "merged", "birth_year": "kept"},
    kept_after_admin_merge={"full_name": "Nguyen Cong Dien A", "birth_year": 1970},
    merge_page_words=('name="birth_year" value="kept" checked> 1970',),
    merge_record_words=("Họ và tên: Nguyễn Công Diễn A → Nguyen Cong Dien A",),
    search="cong dien",
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
    make_ward=ward_of_organisations,
    report_key="chi bo khu dan cu so 1",
    report_words=("cùng trực thuộc Đảng bộ phường Tân Hòa A", "Tổ chức thứ nhất"),
    other_ward_words=("Tân Hòa B",),
    merged_name_in_ward="Chi bo khu dan cu so 1",
    namesakes=lambda n: (f"Chi bộ Mẫu {n:03d}", f"Chi bo Mau {n:03d}"),
    add_namesake=lambda organisation, name: OrganisationFactory(
        name=name, parent=organisation, kind=OrganisationKind.PARTY_CELL
    ),
    held_label="records.membership.organisation",
    held_words="1 chức vụ đảm nhiệm",
    choices={"short_name": "merged"},
    kept_after_admin_merge={"name": "Chi bộ khu dân cư số 1", "short_name": "CB1"},
    merge_page_words=("<td>Chi bộ</td>",),
    merge_record_words=("Tên viết tắt: — → CB1",),
    search="khu dan cu",
)

KINDS = (PEOPLE, ORGANISATIONS)
