"""Factories for congresses and what they produced.

Minimal valid records with made-up Vietnamese values; see tests/records/factories.py.
"""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from congress.models import (
    Attendance,
    AttendanceRole,
    Congress,
    Indicator,
    Speech,
    SpeechKind,
    Task,
)
from records.models.organisations import OrganisationKind
from tests.records.factories import OrganisationFactory, PersonFactory


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
