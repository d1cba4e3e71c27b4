"""Factories for congresses and what they produced.

Minimal valid records with made-up Vietnamese values; see tests/records/factories.py.
"""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from congress.models import (
    AppointedPost,
    AppointmentDecision,
    Attendance,
    AttendanceRole,
    Candidate,
    Congress,
    CongressBody,
    CongressBodyKind,
    CongressBodyMember,
    CredentialsReport,
    Election,
    Indicator,
    Speech,
    SpeechKind,
    Task,
)
from records.models.documents import DocumentType
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole
from tests.records.factories import LegalDocumentFactory, OrganisationFactory, PersonFactory


class CongressFactory(DjangoModelFactory):
    """The first congress of a party organisation, term 2025–2030."""

    class Meta:
        model = Congress

    organisation = factory.SubFactory(OrganisationFactory)
    ordinal = 1
    term_start = 2025
    term_end = 2030


class AttendanceFactory(DjangoModelFactory):
    """An official delegate (đại biểu chính thức)."""

    class Meta:
        model = Attendance

    congress = factory.SubFactory(CongressFactory)
    person = factory.SubFactory(PersonFactory)
    role = AttendanceRole.DELEGATE


class SpeechFactory(DjangoModelFactory):
    """A discussion speech (tham luận) whose place in the programme is not known."""

    class Meta:
        model = Speech

    congress = factory.SubFactory(CongressFactory)
    speaker = factory.SubFactory(PersonFactory)
    kind = SpeechKind.DISCUSSION
    summary = "Tham luận về công tác xây dựng, chỉnh đốn Đảng ở cơ sở."


class IndicatorFactory(DjangoModelFactory):
    """A target of the 2021–2025 term met exactly: 4 schools planned, 4 achieved."""

    class Meta:
        model = Indicator

    congress = factory.SubFactory(CongressFactory)
    period_start = 2021
    period_end = 2025
    name = factory.Sequence(lambda n: f"Số trường đạt chuẩn quốc gia (chỉ tiêu {n + 1})")
    unit = "trường"
    target = Decimal("4")
    actual = Decimal("4")


class TaskFactory(DjangoModelFactory):
    """A follow-up task with only its content (rõ việc); trait `six_clear` fills the other five."""

    class Meta:
        model = Task

    congress = factory.SubFactory(CongressFactory)
    content = factory.Sequence(lambda n: f"Chỉnh trang, lát lại vỉa hè tuyến phố số {n + 1}")

    class Params:
        six_clear = factory.Trait(
            owner=factory.SubFactory(PersonFactory),
            responsible_organisation=factory.SubFactory(
                OrganisationFactory,
                kind=OrganisationKind.PEOPLES_COMMITTEE,
                name=factory.Sequence(lambda n: f"Ủy ban nhân dân phường Tân Hòa {n + 1}"),
            ),
            due_on=datetime.date(2026, 12, 31),
            deliverable="Biên bản nghiệm thu công trình",
            approving_authority=factory.SubFactory(
                OrganisationFactory,
                kind=OrganisationKind.STANDING_COMMITTEE,
                name=factory.Sequence(lambda n: f"Ban Thường vụ Đảng ủy phường Tân Hòa {n + 1}"),
            ),
        )


class CommitteeFactory(OrganisationFactory):
    """An executive committee (Ban Chấp hành) of 27 seats."""

    name = factory.Sequence(lambda n: f"Ban Chấp hành Đảng bộ phường Tân Hòa {n + 1}")
    kind = OrganisationKind.EXECUTIVE_COMMITTEE
    seat_count = 27


class ElectionFactory(DjangoModelFactory):
    """The first round electing a 27-seat executive committee at a congress of 186 delegates.

    The tally adds up: 186 ballots issued, 185 received, 183 valid and 2 invalid. A candidate
    needs more than 93 votes (half of the 186 delegates convened).
    """

    class Meta:
        model = Election

    congress = factory.SubFactory(CongressFactory, opened_on=datetime.date(2025, 6, 16))
    body = factory.SubFactory(CommitteeFactory)
    seats_planned = 27
    seats_decided = 27
    delegates_convened = 186
    ballots_issued = 186
    ballots_received = 185
    ballots_valid = 183
    ballots_invalid = 2


class CandidateFactory(DjangoModelFactory):
    """A candidate from the committee's list, elected with 170 of the 186 delegates' votes."""

    class Meta:
        model = Candidate

    election = factory.SubFactory(ElectionFactory)
    person = factory.SubFactory(PersonFactory)
    votes = 170
    elected = True


class AppointmentDecisionFactory(DjangoModelFactory):
    """A higher committee's decision (issued 1/7/2025) appointing to an executive committee."""

    class Meta:
        model = AppointmentDecision

    document = factory.SubFactory(
        LegalDocumentFactory,
        document_type=DocumentType.DECISION,
        symbol=factory.Sequence(lambda n: f"{n + 101}-QĐ/TU"),
        summary="Về việc chỉ định Ban Chấp hành, Ban Thường vụ, Bí thư, Phó Bí thư Đảng ủy phường",
    )
    organisation = factory.SubFactory(CommitteeFactory)


class AppointedPostFactory(DjangoModelFactory):
    """A Bí thư named by an appointment decision."""

    class Meta:
        model = AppointedPost

    decision = factory.SubFactory(AppointmentDecisionFactory)
    person = factory.SubFactory(PersonFactory)
    role = MembershipRole.SECRETARY
    title = "Bí thư Đảng ủy phường"


class CongressBodyFactory(DjangoModelFactory):
    """The presidium (Đoàn Chủ tịch) of a congress."""

    class Meta:
        model = CongressBody

    congress = factory.SubFactory(CongressFactory)
    kind = CongressBodyKind.PRESIDIUM


class CongressBodyMemberFactory(DjangoModelFactory):
    """A member of a congress body, without a stated title or order."""

    class Meta:
        model = CongressBodyMember

    body = factory.SubFactory(CongressBodyFactory)
    person = factory.SubFactory(PersonFactory)


class CredentialsReportFactory(DjangoModelFactory):
    """A credentials report that adds up: 186 official delegates convened, 183 present, 3 absent."""

    class Meta:
        model = CredentialsReport

    congress = factory.SubFactory(CongressFactory)
    elected_delegates = 150
    ex_officio_delegates = 27
    appointed_delegates = 9
    alternate_delegates = 0
    present = 183
    absent = 3
    absence_reasons = "Ốm, đi công tác"
    not_qualified = 0
    women = 62
    under_40 = 31
    ethnic_minority = 0
