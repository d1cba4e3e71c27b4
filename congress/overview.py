"""The overview for a higher committee (tổng hợp): every congress it follows, one row each.

A city committee follows dozens of ward congresses at once and asks of each the same things:
when it was held, whom it represented, whether its committee and elections are recorded and
their tallies check, whether the results are approved, how the past term's indicators and the
new tasks stand, how many sources back it, and how complete its congress file is.

Every count is the database's, for all the congresses at once: one query for the congresses
with their counts as subqueries, and one per table of citations for the sources (a congress's
sources are those its records cite, counted once each). So the page runs the same queries for 5
congresses or 500. The rows are few enough (the congresses under one committee for a term) to
be sorted and totalled in Python, which lets every column sort, the sources and score included.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from records.vietnamese import format_number

from .models import (
    AppointedPost,
    AppointmentDecision,
    Attendance,
    Candidate,
    Congress,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
    Election,
    Indicator,
    IndicatorStatus,
    Speech,
    SpeechKind,
    Task,
)

# The records whose citations are a congress's sources: (model, the path to its congress).
CITING = (
    (Congress, "pk"),
    (Attendance, "congress"),
    (Speech, "congress"),
    (Indicator, "congress"),
    (Task, "congress"),
    (Election, "congress"),
    (Candidate, "election__congress"),
    (AppointmentDecision, "congress"),
    (AppointedPost, "decision__congress"),
    (CongressBody, "congress"),
    (CongressBodyMember, "body__congress"),
    (CredentialsReport, "congress"),
)


def count(queryset, path="congress"):
    """A subquery counting the queryset's rows of the outer congress."""
    counted = queryset.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def overview_queryset(congresses):
    """The congresses with every count a row shows, as subqueries of one query."""
    met = Q(Indicator.objects.status_condition(IndicatorStatus.MET)) | Q(
        Indicator.objects.status_condition(IndicatorStatus.EXCEEDED)
    )
    return (
        congresses.select_related("organisation", "executive_committee")
        .with_committee_recorded()
        .annotate(
            elections_count=count(Election.objects.all()),
            elections_checked=count(Election.objects.checked()),
            elections_approved=count(Election.objects.filter(approval_decision__isnull=False)),
            appointments_count=count(AppointmentDecision.objects.all()),
            indicators_count=count(Indicator.objects.all()),
            indicators_met_count=count(Indicator.objects.filter(met)),
            tasks_count=count(Task.objects.all()),
            tasks_clear=count(Task.objects.six_clear()),
            speeches_count=count(Speech.objects.all()),
            bodies_count=count(CongressBody.objects.all()),
            has_political_report=Exists(
                Speech.objects.filter(congress=OuterRef("pk"), kind=SpeechKind.POLITICAL_REPORT)
            ),
            has_credentials=Exists(CredentialsReport.objects.filter(congress=OuterRef("pk"))),
        )
    )


def source_counts(congress_ids):
    """{congress id: number of distinct sources its records cite}: one query per citing table.

    `congress_ids` is a subquery (a queryset of ids), not a list: a city's thousand congresses
    would otherwise be a thousand parameters in each query."""
    sources = defaultdict(set)
    for model, path in CITING:
        through = model.sources.through
        record = model._meta.model_name
        congress_path = record if path == "pk" else f"{record}__{path}"
        rows = through.objects.filter(**{f"{congress_path}__in": congress_ids}).values_list(
            congress_path, "source_id"
        )
        for congress_id, source_id in rows:
            sources[congress_id].add(source_id)
    return {congress_id: len(ids) for congress_id, ids in sources.items()}


@dataclass(frozen=True)
class Ratio:
    """“part / whole”, printed and sorted by the part's share (unknown wholes last)."""

    part: int
    whole: int | None

    def __str__(self):
        if self.whole is None:
            return format_number(self.part)
        return f"{format_number(self.part)} / {format_number(self.whole)}"

    @property
    def share(self):
        if not self.whole:
            return None
        return Decimal(self.part) * 100 / self.whole


# What the congress file should hold (Hướng dẫn 62-HD/VPTW), as the overview can tell it: the
# completeness score is the share of these the records hold. (label, test of a row)
CHECKLIST = (
    (_("Ngày khai mạc"), lambda row: row.congress.opened_on is not None),
    (_("Số đại biểu chính thức"), lambda row: row.congress.delegate_count is not None),
    (_("Số đảng viên được đại diện"), lambda row: row.congress.members_represented is not None),
    (_("Báo cáo chính trị"), lambda row: row.congress.has_political_report),
    (_("Chỉ tiêu nhiệm kỳ trước"), lambda row: row.congress.indicators_count > 0),
    (_("Nghị quyết Đại hội"), lambda row: row.congress.resolution_id is not None),
    (_("Nhiệm vụ thực hiện Nghị quyết"), lambda row: row.congress.tasks_count > 0),
    (_("Kết quả bầu cử hoặc quyết định chỉ định"), lambda row: row.results_recorded),
    (_("Danh sách Ban Chấp hành khóa mới"), lambda row: row.congress.committee_recorded > 0),
    (_("Quyết định chuẩn y"), lambda row: row.approved),
    (_("Cơ quan giúp việc Đại hội"), lambda row: row.congress.bodies_count > 0),
    (_("Báo cáo thẩm tra tư cách đại biểu"), lambda row: row.congress.has_credentials),
    (_("Các bài phát biểu"), lambda row: row.congress.speeches_count > 0),
)


@dataclass
class OverviewRow:
    """One congress as the overview shows it."""

    congress: Congress
    sources: int

    @property
    def committee(self):
        committee = self.congress.executive_committee
        if committee is None:
            return None
        return Ratio(self.congress.committee_recorded, committee.seat_count)

    @property
    def elections(self):
        """Elections whose tallies check / elections recorded."""
        return Ratio(self.congress.elections_checked, self.congress.elections_count)

    @property
    def tallies_check(self):
        """Every recorded election's tally checks; None with no election recorded."""
        congress = self.congress
        return (
            None if not congress.elections_count else congress.elections_checked == congress.elections_count
        )

    @property
    def results_recorded(self):
        return bool(self.congress.elections_count or self.congress.appointments_count)

    @property
    def approved(self):
        """Every election approved (chuẩn y); an appointed committee needs no approval of its own."""
        congress = self.congress
        if congress.elections_count:
            return congress.elections_approved == congress.elections_count
        return congress.appointments_count > 0

    @property
    def indicators(self):
        return Ratio(self.congress.indicators_met_count, self.congress.indicators_count)

    @property
    def tasks(self):
        return Ratio(self.congress.tasks_clear, self.congress.tasks_count)

    @property
    def missing(self):
        """The checklist's items the records lack, in order."""
        return [str(label) for label, holds in CHECKLIST if not holds(self)]

    @property
    def score(self):
        return Ratio(len(CHECKLIST) - len(self.missing), len(CHECKLIST))

    @property
    def represented(self):
        return Ratio(self.congress.delegate_count or 0, self.congress.members_represented)


@dataclass(frozen=True)
class OverviewColumn:
    key: str
    label: str
    sort_key: object
    numeric: bool = False


def _date_key(row):
    return row.congress.opened_on


def _ratio_key(name):
    return lambda row: getattr(row, name).part if getattr(row, name) is not None else None


COLUMNS = (
    OverviewColumn("name", _("Đại hội"), lambda row: row.congress.organisation.search_key),
    OverviewColumn("opened_on", _("Ngày khai mạc"), _date_key),
    OverviewColumn(
        "delegates", _("Đại biểu / đảng viên được đại diện"), lambda row: row.congress.delegate_count, True
    ),
    OverviewColumn("committee", _("Ban Chấp hành: đã ghi nhận / số ủy viên"), _ratio_key("committee"), True),
    OverviewColumn(
        "elections", _("Bầu cử: khớp số liệu / đã ghi nhận"), lambda row: row.congress.elections_count, True
    ),
    OverviewColumn("approved", _("Quyết định chuẩn y"), lambda row: row.approved),
    OverviewColumn("indicators", _("Chỉ tiêu đạt / tổng số"), lambda row: row.indicators.share, True),
    OverviewColumn("tasks", _("Nhiệm vụ đủ 6 rõ / tổng số"), lambda row: row.tasks.share, True),
    OverviewColumn("sources", _("Số nguồn"), lambda row: row.sources, True),
    OverviewColumn("score", _("Mức đầy đủ của hồ sơ"), lambda row: row.score.part, True),
)
COLUMN_KEYS = {column.key: column for column in COLUMNS}


def sort_rows(rows, sort):
    """Rows by a column key ("score", "-score"); unknown values last both ways, then by name."""
    column = COLUMN_KEYS[sort.removeprefix("-")]
    descending = sort.startswith("-")
    rows = sorted(rows, key=lambda row: (row.congress.organisation.search_key, row.congress.pk))
    known = [row for row in rows if column.sort_key(row) is not None]
    unknown = [row for row in rows if column.sort_key(row) is None]
    return sorted(known, key=column.sort_key, reverse=descending) + unknown


@dataclass
class Totals:
    """The sums of the rows, as the table's last line prints them."""

    congresses: int = 0
    held: int = 0
    delegates: int = 0
    members: int = 0
    committee_recorded: int = 0
    seats: int = 0
    elections: int = 0
    elections_checked: int = 0
    approved: int = 0
    indicators_met: int = 0
    indicators: int = 0
    tasks_clear: int = 0
    tasks: int = 0
    sources: int = 0
    score_parts: list = field(default_factory=list)

    @property
    def score(self):
        """The mean completeness, as a percentage of the checklist."""
        if not self.score_parts:
            return None
        return Decimal(sum(self.score_parts)) * 100 / (len(self.score_parts) * len(CHECKLIST))


def totals(rows):
    total = Totals()
    for row in rows:
        congress = row.congress
        total.congresses += 1
        total.held += congress.opened_on is not None
        total.delegates += congress.delegate_count or 0
        total.members += congress.members_represented or 0
        total.committee_recorded += congress.committee_recorded
        committee = congress.executive_committee
        if committee is not None and committee.seat_count:
            total.seats += committee.seat_count
        total.elections += congress.elections_count
        total.elections_checked += congress.elections_checked
        total.approved += row.approved
        total.indicators_met += congress.indicators_met_count
        total.indicators += congress.indicators_count
        total.tasks_clear += congress.tasks_clear
        total.tasks += congress.tasks_count
        total.sources += row.sources
        total.score_parts.append(row.score.part)
    return total


def overview_rows(congresses):
    """The overview's rows of the given congresses (a filtered, scoped queryset), unsorted."""
    listed = list(overview_queryset(congresses))
    counts = source_counts(congresses.order_by().values("pk")) if listed else {}
    return [OverviewRow(congress, counts.get(congress.pk, 0)) for congress in listed]
