"""Congresses and what they produced, as the API gives them (see records.api.schemas)."""

import datetime

from ninja import Field

from records.api.schemas import Ref, SourcedOut, choice, choice_field
from records.models.people import MembershipRole

from ..models import (
    AttendanceRole,
    IndicatorDirection,
    IndicatorStatus,
    Nomination,
    PercentageBase,
    SpeechKind,
    TaskStatus,
)


class CongressOut(SourcedOut):
    name: str
    organisation: Ref
    ordinal: int
    term_start: int
    term_end: int
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    venue: str
    slogan: str
    delegate_count: int | None
    members_represented: int | None
    organisations_represented: int | None
    indicators_met: int | None
    indicators_total: int | None
    directing_body: Ref | None
    executive_committee: Ref | None
    resolution: Ref | None

    @staticmethod
    def resolve_name(congress):
        return str(congress)


class AttendanceOut(SourcedOut):
    person: Ref
    role: choice(AttendanceRole) = choice_field(AttendanceRole)
    title: str
    organisation: Ref | None


class CongressDetailOut(CongressOut):
    # The docstring is the schema's description in the API's document, in Vietnamese (records/api/schemas.py).
    """Một đại hội cùng mọi người được ghi nhận có mặt (chỉ đạo, khách mời, đoàn chủ tịch, đại biểu)."""

    attendances: list[AttendanceOut]


class SpeechOut(SourcedOut):
    congress: Ref
    speaker: Ref | None
    speaker_title: str
    kind: choice(SpeechKind) = choice_field(SpeechKind)
    order: int | None
    summary: str
    full_text: str
    photo_caption: str
    cited_documents: list[Ref]


class IndicatorOut(SourcedOut):
    congress: Ref
    name: str
    period_start: int | None
    period_end: int | None
    unit: str
    target: float | None
    actual: float | None
    direction: choice(IndicatorDirection) = choice_field(IndicatorDirection)
    result: str
    assessed_status: choice(IndicatorStatus, blank=True) = choice_field(IndicatorStatus)
    status: choice(IndicatorStatus) = choice_field(
        IndicatorStatus, description_suffix=" (tính từ kế hoạch và thực hiện khi có đủ hai số)"
    )
    achievement: float | None = Field(
        ..., description="Thực hiện trên kế hoạch, phần trăm (càng cao càng tốt)."
    )


class TaskOut(SourcedOut):
    congress: Ref
    resolution: Ref | None
    content: str
    owner: Ref | None
    responsible_organisation: Ref | None
    due_on: datetime.date | None
    deliverable: str
    approving_authority: Ref | None
    status: choice(TaskStatus) = choice_field(TaskStatus)
    completed_on: datetime.date | None
    six_clear: bool = Field(..., description="Đủ “6 rõ”.")
    missing_clarity: list[str] = Field(..., description="Những “rõ” còn thiếu.")

    @staticmethod
    def resolve_six_clear(task):
        return task.is_six_clear

    @staticmethod
    def resolve_missing_clarity(task):
        return [str(label) for label in task.missing_clarity]


class CandidateOut(SourcedOut):
    person: Ref
    nomination: choice(Nomination) = choice_field(Nomination)
    votes: int | None
    elected: bool
    percentage: float | None = Field(
        ..., description="Số phiếu trên căn cứ tính tỷ lệ của cuộc bầu cử, phần trăm."
    )


class ElectionOut(SourcedOut):
    congress: Ref
    body: Ref
    role: choice(MembershipRole) = choice_field(MembershipRole)
    round: int
    seats_planned: int | None
    seats_decided: int | None
    delegates_convened: int | None
    percentage_base: choice(PercentageBase) = choice_field(PercentageBase)
    threshold: float
    ballots_issued: int | None
    ballots_received: int | None
    ballots_valid: int | None
    ballots_invalid: int | None
    approval_decision: Ref | None
    draft: bool = Field(..., description="Số liệu không khớp: bản nháp, chưa ghi nhận người trúng cử.")
    candidates: list[CandidateOut]


class AppointedPostOut(SourcedOut):
    person: Ref
    role: choice(MembershipRole) = choice_field(MembershipRole)
    title: str


class AppointmentOut(SourcedOut):
    document: Ref
    organisation: Ref
    congress: Ref | None
    effective_on: datetime.date | None
    start_on: datetime.date | None = Field(..., description="Ngày hiệu lực, hoặc ngày ban hành quyết định.")
    posts: list[AppointedPostOut]
