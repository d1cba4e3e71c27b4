"""Constraint cases for the congresses, attendance, speeches, indicators and tasks.

A row keeping each named constraint and a row breaking it; test_constraints.py saves both (on
SQLite and PostgreSQL alike) and demands a case each way for every constraint of the app.
"""

import datetime
from decimal import Decimal

from congress.models import AttendanceRole, IndicatorDirection, IndicatorStatus, SpeechKind, TaskStatus
from tests.congress.factories import (
    AttendanceFactory,
    CongressFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.constraints import Case

JUNE_16 = datetime.date(2025, 6, 16)
JUNE_17 = datetime.date(2025, 6, 17)


def qualitative(**kwargs):
    """An indicator stated in words, with no numbers to compare."""
    return IndicatorFactory(target=None, actual=None, result="Hoàn thành", **kwargs)


KEEPING = [
    # Congress
    Case("congress_congress_ordinal_positive", "the first congress", lambda _: CongressFactory(ordinal=1)),
    Case(
        "congress_congress_term_plausible",
        "term 2025-2030",
        lambda _: CongressFactory(term_start=2025, term_end=2030),
    ),
    Case(
        "congress_congress_term_plausible",
        "term 1930-1935",
        lambda _: CongressFactory(term_start=1930, term_end=1935),
    ),
    Case(
        "congress_congress_closed_after_opened",
        "opened and closed the same day",
        lambda _: CongressFactory(opened_on=JUNE_16, closed_on=JUNE_16),
    ),
    Case(
        "congress_congress_closed_after_opened",
        "closing day unknown",
        lambda _: CongressFactory(opened_on=JUNE_16, closed_on=None),
    ),
    Case(
        "congress_congress_unique_ordinal",
        "the next congress of the same organisation",
        lambda first: CongressFactory(
            organisation=first.organisation, ordinal=2, term_start=2030, term_end=2035
        ),
        given=lambda: CongressFactory(ordinal=1, term_start=2025, term_end=2030),
    ),
    Case(
        "congress_congress_unique_ordinal",
        "first congress of another organisation",
        lambda _: CongressFactory(ordinal=1),
        given=lambda: CongressFactory(ordinal=1),
    ),
    Case(
        "congress_congress_indicator_summary_complete",
        "16 of 19 indicators met",
        lambda _: CongressFactory(indicators_met=16, indicators_total=19),
    ),
    Case(
        "congress_congress_indicator_summary_complete",
        "no summary recorded",
        lambda _: CongressFactory(indicators_met=None, indicators_total=None),
    ),
    Case(
        "congress_congress_indicators_total_positive",
        "one indicator, met",
        lambda _: CongressFactory(indicators_met=1, indicators_total=1),
    ),
    Case(
        "congress_congress_indicators_met_within_total",
        "every indicator met",
        lambda _: CongressFactory(indicators_met=21, indicators_total=21),
    ),
    Case(
        "congress_congress_indicators_met_within_total",
        "none met",
        lambda _: CongressFactory(indicators_met=0, indicators_total=21),
    ),
    Case(
        "congress_congress_unique_term",
        "same term in another organisation",
        lambda _: CongressFactory(term_start=2025, term_end=2030),
        given=lambda: CongressFactory(term_start=2025, term_end=2030),
    ),
    # Attendance
    Case("congress_attendance_role_valid", "a guest", lambda _: AttendanceFactory(role=AttendanceRole.GUEST)),
    Case(
        "congress_attendance_unique_person",
        "the same person at another congress",
        lambda first: AttendanceFactory(person=first.person),
        given=lambda: AttendanceFactory(),
    ),
    # Speech
    Case("congress_speech_kind_valid", "an opening speech", lambda _: SpeechFactory(kind=SpeechKind.OPENING)),
    Case("congress_speech_order_positive", "first", lambda _: SpeechFactory(order=1)),
    Case("congress_speech_order_positive", "order unknown", lambda _: SpeechFactory(order=None)),
    Case(
        "congress_speech_unique_order",
        "the next speech",
        lambda first: SpeechFactory(congress=first.congress, order=2),
        given=lambda: SpeechFactory(order=1),
    ),
    Case(
        "congress_speech_unique_order",
        "first speech of another congress",
        lambda _: SpeechFactory(order=1),
        given=lambda: SpeechFactory(order=1),
    ),
    Case(
        "congress_speech_unique_order",
        "several speeches with no order",
        lambda first: SpeechFactory(congress=first.congress, order=None),
        given=lambda: SpeechFactory(order=None),
    ),
    # Indicator
    Case("congress_indicator_name_present", "a name", lambda _: IndicatorFactory(name="Tỷ lệ hộ nghèo")),
    Case(
        "congress_indicator_direction_valid",
        "lower is better",
        lambda _: IndicatorFactory(direction=IndicatorDirection.LOWER),
    ),
    Case(
        "congress_indicator_assessed_status_valid",
        "assessed as met",
        lambda _: qualitative(assessed_status=IndicatorStatus.MET),
    ),
    Case(
        "congress_indicator_assessed_status_valid", "not assessed", lambda _: qualitative(assessed_status="")
    ),
    Case(
        "congress_indicator_assessed_only_without_numbers",
        "assessed, no actual figure",
        lambda _: IndicatorFactory(target=Decimal("4"), actual=None, assessed_status=IndicatorStatus.MET),
    ),
    Case(
        "congress_indicator_assessed_only_without_numbers",
        "assessed, no target",
        lambda _: IndicatorFactory(
            target=None, actual=Decimal("5"), assessed_status=IndicatorStatus.EXCEEDED
        ),
    ),
    Case(
        "congress_indicator_assessed_only_without_numbers",
        "both numbers, not assessed",
        lambda _: IndicatorFactory(target=Decimal("4"), actual=Decimal("5"), assessed_status=""),
    ),
    Case(
        "congress_indicator_period_plausible",
        "2021-2025",
        lambda _: IndicatorFactory(period_start=2021, period_end=2025),
    ),
    Case(
        "congress_indicator_period_plausible",
        "a single year",
        lambda _: IndicatorFactory(period_start=2025, period_end=2025),
    ),
    Case(
        "congress_indicator_period_plausible",
        "no period",
        lambda _: IndicatorFactory(period_start=None, period_end=None),
    ),
    Case(
        "congress_indicator_unique_name",
        "same name at another congress",
        lambda first: IndicatorFactory(name=first.name),
        given=lambda: IndicatorFactory(name="Tỷ lệ hộ nghèo"),
    ),
    # Task
    Case(
        "congress_task_content_present",
        "content",
        lambda _: TaskFactory(content="Hoàn thành Nghị quyết Đại hội"),
    ),
    Case("congress_task_status_valid", "in progress", lambda _: TaskFactory(status=TaskStatus.IN_PROGRESS)),
    Case(
        "congress_task_due_on_plausible",
        "due end of 2026",
        lambda _: TaskFactory(due_on=datetime.date(2026, 12, 31)),
    ),
    Case("congress_task_due_on_plausible", "no due date", lambda _: TaskFactory(due_on=None)),
    Case(
        "congress_task_completed_only_when_done",
        "done with a completion date",
        lambda _: TaskFactory(status=TaskStatus.DONE, completed_on=JUNE_17),
    ),
    Case(
        "congress_task_completed_only_when_done",
        "done, date unknown",
        lambda _: TaskFactory(status=TaskStatus.DONE, completed_on=None),
    ),
]

BREAKING = [
    # Congress
    Case("congress_congress_ordinal_positive", "ordinal 0", lambda _: CongressFactory(ordinal=0)),
    Case(
        "congress_congress_term_plausible",
        "starts 1929",
        lambda _: CongressFactory(term_start=1929, term_end=1934),
    ),
    Case(
        "congress_congress_term_plausible",
        "ends 2201",
        lambda _: CongressFactory(term_start=2196, term_end=2201),
    ),
    Case(
        "congress_congress_term_plausible",
        "ends the year it starts",
        lambda _: CongressFactory(term_start=2025, term_end=2025),
    ),
    Case(
        "congress_congress_term_plausible",
        "ends before it starts",
        lambda _: CongressFactory(term_start=2030, term_end=2025),
    ),
    Case(
        "congress_congress_closed_after_opened",
        "closed before opened",
        lambda _: CongressFactory(opened_on=JUNE_17, closed_on=JUNE_16),
    ),
    Case(
        "congress_congress_unique_ordinal",
        "ordinal I twice for one organisation",
        lambda first: CongressFactory(
            organisation=first.organisation, ordinal=1, term_start=2030, term_end=2035
        ),
        given=lambda: CongressFactory(ordinal=1, term_start=2025, term_end=2030),
    ),
    Case(
        "congress_congress_indicator_summary_complete",
        "met without a total",
        lambda _: CongressFactory(indicators_met=16, indicators_total=None),
    ),
    Case(
        "congress_congress_indicator_summary_complete",
        "a total without the met",
        lambda _: CongressFactory(indicators_met=None, indicators_total=19),
    ),
    Case(
        "congress_congress_indicators_total_positive",
        "none of no indicators",
        lambda _: CongressFactory(indicators_met=0, indicators_total=0),
    ),
    Case(
        "congress_congress_indicators_met_within_total",
        "more met than there are",
        lambda _: CongressFactory(indicators_met=22, indicators_total=21),
    ),
    Case(
        "congress_congress_unique_term",
        "two congresses for one organisation's term",
        lambda first: CongressFactory(
            organisation=first.organisation, ordinal=2, term_start=2025, term_end=2030
        ),
        given=lambda: CongressFactory(ordinal=1, term_start=2025, term_end=2030),
    ),
    # Attendance
    Case("congress_attendance_role_valid", "unknown role", lambda _: AttendanceFactory(role="phong_vien")),
    Case(
        "congress_attendance_unique_person",
        "the same person twice at one congress",
        lambda first: AttendanceFactory(
            congress=first.congress, person=first.person, role=AttendanceRole.PRESIDIUM
        ),
        given=lambda: AttendanceFactory(role=AttendanceRole.DELEGATE),
    ),
    # Speech
    Case("congress_speech_kind_valid", "unknown kind", lambda _: SpeechFactory(kind="hat")),
    Case("congress_speech_order_positive", "order 0", lambda _: SpeechFactory(order=0)),
    Case(
        "congress_speech_unique_order",
        "two first speeches at one congress",
        lambda first: SpeechFactory(congress=first.congress, order=1),
        given=lambda: SpeechFactory(order=1),
    ),
    # Indicator
    Case("congress_indicator_name_present", "empty name", lambda _: IndicatorFactory(name="")),
    Case(
        "congress_indicator_direction_valid",
        "unknown direction",
        lambda _: IndicatorFactory(direction="sideways"),
    ),
    Case(
        "congress_indicator_assessed_status_valid",
        "unknown status",
        lambda _: qualitative(assessed_status="great"),
    ),
    Case(
        "congress_indicator_assessed_only_without_numbers",
        "assessed although both numbers are known",
        lambda _: IndicatorFactory(
            target=Decimal("4"), actual=Decimal("3"), assessed_status=IndicatorStatus.MET
        ),
    ),
    Case(
        "congress_indicator_period_plausible",
        "starts 1929",
        lambda _: IndicatorFactory(period_start=1929, period_end=1935),
    ),
    Case(
        "congress_indicator_period_plausible",
        "ends 2201",
        lambda _: IndicatorFactory(period_start=2196, period_end=2201),
    ),
    Case(
        "congress_indicator_period_plausible",
        "ends before it starts",
        lambda _: IndicatorFactory(period_start=2025, period_end=2021),
    ),
    Case(
        "congress_indicator_period_plausible",
        "start year only",
        lambda _: IndicatorFactory(period_start=2021, period_end=None),
    ),
    Case(
        "congress_indicator_period_plausible",
        "end year only",
        lambda _: IndicatorFactory(period_start=None, period_end=2025),
    ),
    Case(
        "congress_indicator_unique_name",
        "same name twice at one congress",
        lambda first: IndicatorFactory(congress=first.congress, name="  Tỷ lệ  hộ nghèo "),
        given=lambda: IndicatorFactory(name="Tỷ lệ hộ nghèo"),
    ),
    # Task
    Case("congress_task_content_present", "empty content", lambda _: TaskFactory(content="")),
    Case("congress_task_content_present", "blank content", lambda _: TaskFactory(content=" \n\t ")),
    Case("congress_task_status_valid", "unknown status", lambda _: TaskFactory(status="tam_dung")),
    Case(
        "congress_task_due_on_plausible",
        "due 1944",
        lambda _: TaskFactory(due_on=datetime.date(1944, 12, 31)),
    ),
    Case(
        "congress_task_due_on_plausible", "due 2201", lambda _: TaskFactory(due_on=datetime.date(2201, 1, 1))
    ),
    Case(
        "congress_task_completed_only_when_done",
        "completion date while in progress",
        lambda _: TaskFactory(status=TaskStatus.IN_PROGRESS, completed_on=JUNE_17),
    ),
]
