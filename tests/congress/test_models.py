"""Tests for congress.models: factories, names, indicator results and the "6 rõ" rule.

The database constraints are tested in test_constraints.py.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from congress.models import Indicator, IndicatorDirection, IndicatorStatus, Task, TaskStatus
from records import vietnamese
from tests.congress.congress_cases import qualitative
from tests.congress.factories import (
    AppointedPostFactory,
    AppointmentDecisionFactory,
    AttendanceFactory,
    CandidateFactory,
    CongressBodyFactory,
    CongressBodyMemberFactory,
    CongressFactory,
    CredentialsReportFactory,
    ElectionFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.records.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


# Factories #################################################################


@pytest.mark.parametrize(
    "build",
    [
        CongressFactory,
        AttendanceFactory,
        SpeechFactory,
        IndicatorFactory,
        TaskFactory,
        lambda: TaskFactory(six_clear=True),
        ElectionFactory,
        CandidateFactory,
        AppointmentDecisionFactory,
        AppointedPostFactory,
        CongressBodyFactory,
        CongressBodyMemberFactory,
        CredentialsReportFactory,
    ],
    ids=[
        "congress",
        "attendance",
        "speech",
        "indicator",
        "task",
        "task-six-clear",
        "election",
        "candidate",
        "appointment",
        "appointed-post",
        "congress-body",
        "congress-body-member",
        "credentials-report",
    ],
)
def test_factories_build_records_that_pass_full_validation(build):
    first, second = build(), build()

    first.full_clean()
    second.full_clean()
    assert str(first)


# Congress ##################################################################


def test_congress_is_named_by_organisation_roman_ordinal_and_term():
    congress = CongressFactory(
        organisation=OrganisationFactory(name="Đảng bộ phường Tân Hòa 7"),
        ordinal=1,
        term_start=2025,
        term_end=2030,
    )

    assert str(congress) == "Đại hội Đảng bộ phường Tân Hòa 7 lần thứ I, nhiệm kỳ 2025–2030"


def test_congress_ordinal_is_written_in_roman_numerals():
    congress = CongressFactory(ordinal=14, term_start=2026, term_end=2031)

    assert " lần thứ XIV, nhiệm kỳ 2026–2031" in str(congress)
    assert congress.term == "2026–2031"


# Indicator #################################################################


def saved(indicator):
    """The indicator as read back from the database, with its numbers as Decimals."""
    indicator.refresh_from_db()
    return indicator


def test_five_schools_against_four_is_125_percent_exceeded():
    schools = saved(IndicatorFactory(unit="trường", target=Decimal("4"), actual=Decimal("5")))

    assert schools.achievement == Decimal("125.0")
    assert vietnamese.format_number(schools.achievement, 1) == "125,0"
    assert schools.status == IndicatorStatus.EXCEEDED
    assert schools.get_status_display() == "Vượt chỉ tiêu"


def test_four_schools_against_four_is_met():
    schools = saved(IndicatorFactory(target=Decimal("4"), actual=Decimal("4")))

    assert schools.achievement == Decimal("100.0")
    assert schools.status == IndicatorStatus.MET


def test_three_schools_against_four_is_not_met():
    schools = saved(IndicatorFactory(target=Decimal("4"), actual=Decimal("3")))

    assert schools.achievement == Decimal("75.0")
    assert schools.status == IndicatorStatus.NOT_MET


def test_poor_household_rate_zero_against_a_ceiling_is_exceeded_without_a_percentage():
    poor_households = saved(
        IndicatorFactory(
            name="Tỷ lệ hộ nghèo",
            unit="%",
            target=Decimal("0.2"),
            actual=Decimal("0"),
            direction=IndicatorDirection.LOWER,
        )
    )

    assert poor_households.status == IndicatorStatus.EXCEEDED
    assert poor_households.achievement is None


def test_a_rate_above_its_ceiling_is_not_met():
    poor_households = saved(
        IndicatorFactory(target=Decimal("0.2"), actual=Decimal("0.5"), direction=IndicatorDirection.LOWER)
    )

    assert poor_households.status == IndicatorStatus.NOT_MET


def test_a_target_of_zero_has_no_achievement_percentage():
    incidents = saved(IndicatorFactory(target=Decimal("0"), actual=Decimal("0")))

    assert incidents.achievement is None
    assert incidents.status == IndicatorStatus.MET


@pytest.mark.parametrize(
    ("assessed_status", "status"),
    [
        (IndicatorStatus.EXCEEDED, IndicatorStatus.EXCEEDED),
        (IndicatorStatus.MET, IndicatorStatus.MET),
        (IndicatorStatus.NOT_MET, IndicatorStatus.NOT_MET),
        (IndicatorStatus.UNKNOWN, IndicatorStatus.UNKNOWN),
        ("", IndicatorStatus.UNKNOWN),
    ],
)
def test_a_qualitative_indicator_takes_its_assessed_status(assessed_status, status):
    indicator = saved(qualitative(assessed_status=assessed_status))

    assert indicator.status == status
    assert indicator.achievement is None


def mixed_indicators():
    higher, lower = IndicatorDirection.HIGHER, IndicatorDirection.LOWER
    numeric = [
        (Decimal("4"), Decimal("5"), higher),
        (Decimal("4"), Decimal("4"), higher),
        (Decimal("4"), Decimal("3"), higher),
        (Decimal("0.2"), Decimal("0"), lower),
        (Decimal("0.2"), Decimal("0.2"), lower),
        (Decimal("0.2"), Decimal("0.5"), lower),
        (Decimal("0"), Decimal("0"), higher),
    ]
    for target, actual, direction in numeric:
        IndicatorFactory(target=target, actual=actual, direction=direction)
    for assessed_status in [*IndicatorStatus.values, ""]:
        qualitative(assessed_status=assessed_status)
    # One number only: the assessment still decides.
    IndicatorFactory(target=Decimal("100"), actual=None, assessed_status=IndicatorStatus.MET)
    IndicatorFactory(target=None, actual=Decimal("7"), assessed_status="")
    IndicatorFactory(
        target=None, actual=Decimal("7"), direction=lower, assessed_status=IndicatorStatus.NOT_MET
    )


@pytest.mark.parametrize("status", IndicatorStatus.values)
def test_having_status_selects_exactly_the_indicators_of_that_status(status):
    mixed_indicators()
    expected = {indicator.pk for indicator in Indicator.objects.all() if indicator.status == status}

    assert expected  # every status occurs in the mixed set
    assert set(Indicator.objects.having_status(status).values_list("pk", flat=True)) == expected


def test_status_rank_orders_the_statuses_as_their_list_does():
    mixed_indicators()

    ranked = Indicator.objects.with_status_rank().order_by("status_rank", "pk")

    statuses = [indicator.status for indicator in ranked]
    assert statuses == sorted(statuses, key=IndicatorStatus.values.index)
    assert {indicator.status_rank for indicator in ranked} == set(range(len(IndicatorStatus.values)))


def test_indicators_are_searched_by_name_or_by_the_congress_organisation():
    schools = IndicatorFactory(
        name="Số trường đạt chuẩn quốc gia", congress__organisation__name="Đảng bộ xã An Lạc"
    )
    IndicatorFactory(name="Tỷ lệ hộ nghèo")

    assert list(Indicator.objects.search("truong dat chuan")) == [schools]
    assert list(Indicator.objects.search("an lac")) == [schools]


# Task ######################################################################


def test_tasks_are_searched_by_content_owner_responsible_organisation_or_congress():
    task = TaskFactory(
        content="Rà soát lại các quy hoạch",
        owner=PersonFactory(full_name="Đỗ Thị Thủy"),
        responsible_organisation=OrganisationFactory(name="Ủy ban nhân dân phường Tân Hòa"),
        congress__organisation__name="Đảng bộ xã An Lạc",
    )
    TaskFactory(content="Chỉnh trang vỉa hè")

    for text in ["ra soat lai", "do thi thuy", "uy ban nhan dan phuong tan hoa", "an lac"]:
        assert list(Task.objects.search(text)) == [task], text

SIX_CLEAR_PARTS = [
    ("owner", None, "rõ người"),
    ("responsible_organisation", None, "rõ trách nhiệm"),
    ("due_on", None, "rõ thời gian"),
    ("deliverable", "", "rõ sản phẩm"),
    ("approving_authority", None, "rõ thẩm quyền"),
]


def test_a_task_with_all_six_parts_is_six_clear():
    task = TaskFactory(six_clear=True)

    assert task.missing_clarity == []
    assert task.is_six_clear
    assert list(Task.objects.six_clear()) == [task]
    assert list(Task.objects.not_six_clear()) == []


@pytest.mark.parametrize(
    ("field", "empty", "label"), SIX_CLEAR_PARTS, ids=[part[0] for part in SIX_CLEAR_PARTS]
)
def test_a_task_lacking_one_part_names_exactly_that_part(field, empty, label):
    complete = TaskFactory(six_clear=True)
    lacking = TaskFactory(six_clear=True, **{field: empty})

    assert [str(missing) for missing in lacking.missing_clarity] == [label]
    assert not lacking.is_six_clear
    assert list(Task.objects.not_six_clear()) == [lacking]
    assert list(Task.objects.six_clear()) == [complete]


def test_a_task_with_content_only_lacks_the_other_five_parts_in_rule_order():
    task = TaskFactory()

    assert [str(missing) for missing in task.missing_clarity] == [
        "rõ người",
        "rõ trách nhiệm",
        "rõ thời gian",
        "rõ sản phẩm",
        "rõ thẩm quyền",
    ]


def test_a_task_without_content_lacks_clear_content():
    task = Task(
        content="",
        owner=PersonFactory(),
        responsible_organisation=OrganisationFactory(),
        due_on=datetime.date(2026, 12, 31),
        deliverable="Báo cáo tổng kết",
        approving_authority=OrganisationFactory(),
    )

    assert [str(missing) for missing in task.missing_clarity] == ["rõ việc"]


def test_overdue_tasks_are_open_tasks_past_their_due_date():
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    not_started = TaskFactory(due_on=yesterday, status=TaskStatus.NOT_STARTED)
    in_progress = TaskFactory(due_on=yesterday, status=TaskStatus.IN_PROGRESS)
    TaskFactory(due_on=yesterday, status=TaskStatus.DONE, completed_on=yesterday)
    TaskFactory(due_on=yesterday, status=TaskStatus.CANCELLED)
    TaskFactory(due_on=today, status=TaskStatus.IN_PROGRESS)
    TaskFactory(due_on=None, status=TaskStatus.NOT_STARTED)

    assert set(Task.objects.overdue()) == {not_started, in_progress}


def test_overdue_on_a_given_day():
    task = TaskFactory(due_on=datetime.date(2026, 12, 31))

    assert list(Task.objects.overdue(on=datetime.date(2026, 12, 31))) == []
    assert list(Task.objects.overdue(on=datetime.date(2027, 1, 1))) == [task]
