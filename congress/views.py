"""The congress read pages, and the registry's record pages with what congresses add to them."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from records import access, audit
from records import views as records
from records.filters import RecordChoiceFilter, scoped_filterset
from records.models import AdministrativeUnit, LegalDocument, Organisation, Person
from records.paging import count_rows
from records.sheets.files.writing import write_csv, write_xlsx
from records.views import (
    EXPORT_CONTENT_TYPES,
    Chip,
    Column,
    Header,
    RecordAccessMixin,
    RecordDetailView,
    RecordListView,
    group_by_role,
)

from . import committees, overview
from .charts import OverviewChart, ResultsChart
from .dossier.archive import render_zip
from .dossier.documents import DOCUMENTS, congress_file
from .dossier.gather import CongressRecords, congress_file_queryset
from .dossier.pdf import render_pdf
from .dossier.word import render_docx
from .filters import CongressFilter, CongressPersonFilter, IndicatorFilter, SpeechFilter, TaskFilter
from .models import AppointedPost, AttendanceRole, Candidate, Congress, Indicator, Speech, Task


class HomeView(LoginRequiredMixin, TemplateView):
    """What the records hold, the latest congresses and the overdue tasks.

    The counts are those of records.paging: exact on SQLite for whole tables (kept by triggers)
    and up to COUNT_LIMIT rows, and PostgreSQL's estimate past that, shown as “khoảng”.
    """

    template_name = "home.html"
    latest_shown = 5
    overdue_shown = 10

    def get_context_data(self, **kwargs):
        # What the user's scope holds; a user with no scope sees zeros.
        scope = access.scope_of(self.request.user)
        counts = [
            (label, url_name, count_rows(scope.filter(model.objects.all())))
            for label, url_name, model in [
                (_("Người"), "person-list", Person),
                (_("Tổ chức"), "organisation-list", Organisation),
                (_("Đơn vị hành chính"), "unit-list", AdministrativeUnit),
                (_("Văn bản"), "document-list", LegalDocument),
                (_("Đại hội"), "congress-list", Congress),
                (_("Bài phát biểu"), "speech-list", Speech),
                (_("Chỉ tiêu"), "indicator-list", Indicator),
                (_("Nhiệm vụ"), "task-list", Task),
            ]
        ]
        overdue = scope.filter(Task.objects.overdue()).select_related(
            "congress__organisation", "responsible_organisation"
        )
        return super().get_context_data(
            counts=counts,
            latest_congresses=scope.filter(Congress.objects.select_related("organisation")).order_by(
                "-term_start", F("opened_on").desc(nulls_last=True), "-pk"
            )[: self.latest_shown],
            overdue_tasks=overdue.order_by("due_on", "pk")[: self.overdue_shown],
            overdue_count=count_rows(overdue),
            **kwargs,
        )


class SearchView(records.SearchView):
    """The registry's search, and the congresses of the organisations the text names."""

    def sections(self, text):
        congresses = Congress.objects.search(text).select_related("organisation")
        return [*super().sections(text), self.section(_("Đại hội"), "congress-list", congresses)]


# Congresses ################################################################


class CongressListView(RecordListView):
    queryset = Congress.objects.select_related(
        "organisation", "directing_body", "executive_committee"
    ).with_committee_recorded()
    filterset_class = CongressFilter
    export_kind = "congresses"
    default_sort = "-term"
    columns = [
        Column("name", _("Đại hội"), ("organisation__search_key", "ordinal")),
        Column("term", _("Nhiệm kỳ"), ("term_start", "organisation__search_key")),
        Column("opened_on", _("Khai mạc"), ("opened_on",)),
        Column("delegates", _("Đại biểu chính thức"), ("delegate_count",), numeric=True),
        Column(
            "committee", _("Ban Chấp hành: đã ghi nhận / số ủy viên"), ("committee_recorded",), numeric=True
        ),
        Column("directing_body", _("Chỉ đạo"), ("directing_body__search_key",)),
    ]


class CongressOverviewView(RecordAccessMixin, TemplateView):
    """Tổng hợp: every congress the user's scope holds, as the filters choose them (typically the
    organisations under one committee, for a term), one row each with what the higher committee
    checks, the totals, and a chart of how many are held, recorded and approved (congress.overview).

    Not paged: the rows are the congresses one committee follows, counted in a fixed number of
    queries, sorted in Python by any column; the export writes the same rows, numbers split into
    columns of their own.
    """

    queryset = Congress.objects.all()
    template_name = "congress/congress_overview.html"
    default_sort = "opened_on"

    def get(self, request, *args, **kwargs):
        file_format = self.export_format(request)
        self.filterset = scoped_filterset(CongressFilter, request.GET, self.queryset, request)
        valid = self.filterset.is_valid()
        rows = overview.sort_rows(overview.overview_rows(self.filterset.qs), self.sort) if valid else []
        if file_format and valid:
            return self.export_response(rows, file_format)
        return self.render_to_response(self.get_context_data(rows=rows))

    @property
    def sort(self):
        requested = self.request.GET.get("sort", "")
        return requested if requested.removeprefix("-") in overview.COLUMN_KEYS else self.default_sort

    def headers(self):
        current = self.sort
        for column in overview.COLUMNS:
            query = self.request.GET.copy()
            query.pop("export", None)
            query["sort"] = f"-{column.key}" if current == column.key else column.key
            direction = {column.key: "ascending", f"-{column.key}": "descending"}.get(current, "")
            yield Header(column, f"?{query.urlencode()}", direction)

    def chips(self):
        """The organisation (or another record) filtered by, with a link that removes it."""
        cleaned = getattr(self.filterset.form, "cleaned_data", {})
        for name, filter_ in self.filterset.filters.items():
            if isinstance(filter_, RecordChoiceFilter) and cleaned.get(name):
                query = self.request.GET.copy()
                query.pop(name, None)
                query.pop("export", None)
                yield Chip(filter_.label, str(cleaned[name]), f"?{query.urlencode()}")

    def get_context_data(self, rows, **kwargs):
        return super().get_context_data(
            title=_("Tổng hợp đại hội"),
            filterset=self.filterset,
            chips=list(self.chips()),
            rows=rows,
            totals=overview.totals(rows),
            headers=list(self.headers()),
            sort=self.sort,
            chart=OverviewChart(rows),
            checklist_size=len(overview.CHECKLIST),
            export_formats=list(EXPORT_CONTENT_TYPES)
            if self.request.user.has_perm(self.permission("export"))
            else [],
            **kwargs,
        )

    EXPORT_HEADERS = (
        _("Đại hội"),
        _("Nhiệm kỳ"),
        _("Ngày khai mạc"),
        _("Số đại biểu chính thức"),
        _("Số đảng viên được đại diện"),
        _("Ban Chấp hành: đã ghi nhận"),
        _("Ban Chấp hành: số ủy viên"),
        _("Số cuộc bầu cử đã ghi nhận"),
        _("Số cuộc bầu cử khớp số liệu"),
        _("Đã chuẩn y"),
        _("Chỉ tiêu đạt và vượt"),
        _("Tổng số chỉ tiêu"),
        _("Nhiệm vụ đủ 6 rõ"),
        _("Tổng số nhiệm vụ"),
        _("Số nguồn"),
        _("Mức đầy đủ của hồ sơ (mục đã có)"),
        _("Số mục của hồ sơ"),
        _("Hồ sơ còn thiếu"),
    )

    def export_rows(self, rows):
        for row in rows:
            congress = row.congress
            committee = congress.executive_committee
            yield (
                str(congress),
                congress.term,
                congress.opened_on,
                congress.delegate_count,
                congress.members_represented,
                congress.committee_recorded if committee is not None else None,
                committee.seat_count if committee is not None else None,
                congress.elections_count,
                congress.elections_checked,
                str(_("Có") if row.approved else _("Chưa")),
                congress.indicators_met_count,
                congress.indicators_count,
                congress.tasks_clear,
                congress.tasks_count,
                row.sources,
                row.score.part,
                row.score.whole,
                "; ".join(row.missing),
            )

    def export_response(self, rows, file_format):
        headers = [str(header) for header in self.EXPORT_HEADERS]
        if file_format == "xlsx":
            content = write_xlsx(headers, self.export_rows(rows), sheet_title=str(_("Tổng hợp đại hội")))
        else:
            content = write_csv(headers, self.export_rows(rows))
        audit.log_export(self.request, len(rows))
        return HttpResponse(
            content,
            content_type=EXPORT_CONTENT_TYPES[file_format],
            headers={
                "Content-Disposition": content_disposition_header(True, f"tong-hop-dai-hoi.{file_format}")
            },
        )


class CongressDetailView(RecordDetailView):
    queryset = (
        Congress.objects.select_related(
            "organisation", "directing_body", "executive_committee", "resolution", "credentials_report"
        )
        .prefetch_related("sources")
        .with_committee_recorded()
    )

    def get_context_data(self, **kwargs):
        congress = self.object
        committee = congress.executive_committee
        # Each member marked re-elected or first time (congress.committees), in a fixed number of
        # queries whatever the committee's size.
        members = (
            list(
                committees.with_reelection(
                    self.scoped(committee.memberships.current())
                    .select_related("person")
                    .order_by("person__sort_key", "pk"),
                    congress,
                )
            )
            if committee
            else []
        )
        indicators = list(congress.indicators.order_by("pk"))
        return super().get_context_data(
            committee_make_up=committees.make_up(members, congress) if members else None,
            elections=self.elections(congress),
            appointments=self.appointments(congress),
            credentials_report=getattr(congress, "credentials_report", None),
            directing=congress.attendances.filter(role=AttendanceRole.DIRECTING).select_related("person"),
            attendances=congress.attendances.exclude(role=AttendanceRole.DIRECTING)
            .select_related("person")
            .order_by("role", "person__sort_key", "pk"),
            speeches=congress.speeches.select_related("speaker"),
            member_groups=group_by_role(members),
            indicators=indicators,
            chart=ResultsChart(indicators),
            tasks=congress.tasks.select_related("owner", "responsible_organisation", "approving_authority"),
            **kwargs,
        )

    def appointments(self, congress):
        """The decisions appointing people in relation to the congress, each with its posts."""
        posts = AppointedPost.objects.select_related("person").order_by("role", "pk")
        return (
            self.scoped(congress.appointments.select_related("document", "organisation"))
            .prefetch_related(Prefetch("posts", queryset=posts))
            .order_by("pk")
        )

    def elections(self, congress):
        """The congress's elections, each with its candidates by votes and their percentages."""
        elections = list(
            self.scoped(congress.elections.select_related("body", "approval_decision"))
            .prefetch_related(
                Prefetch(
                    "candidates",
                    queryset=Candidate.objects.select_related("person").order_by(
                        F("votes").desc(nulls_last=True), "person__sort_key", "pk"
                    ),
                )
            )
            .order_by("body__search_key", "role", "round", "pk")
        )
        for election in elections:
            for candidate in election.candidates.all():
                candidate.percent = election.percentage(candidate.votes)
        return elections


class CongressFileView(RecordDetailView):
    """The congress file (hồ sơ Đại hội) as a page: the records in the grouping of 62-HD/VPTW,
    with what they still lack; the same access and scope as the congress page."""

    queryset = congress_file_queryset()
    template_name = "congress/congress_file.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            document=congress_file(CongressRecords(self.object)),
            can_export=self.request.user.has_perm(self.permission("export")),
            **kwargs,
        )


class CongressFileDownloadView(CongressFileView):
    """A document of the file as PDF or Word, or the whole file as a .zip with its spreadsheets,
    which, holding the lists' exports, needs the permission to export congresses."""

    CONTENT_TYPES = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "zip": "application/zip",
    }

    def get(self, request, *args, document, file_format, **kwargs):
        known = file_format in self.CONTENT_TYPES and document in DOCUMENTS
        if not known or (file_format == "zip" and document != "ho-so"):
            raise Http404(_("Không có tài liệu “%(name)s”.") % {"name": f"{document}.{file_format}"})
        if file_format == "zip" and not request.user.has_perm(self.permission("export")):
            raise PermissionDenied
        records = CongressRecords(self.get_object())
        if file_format == "zip":
            exported = render_zip(records)
            audit.log_export(request, exported.rows)
            content = exported.content
        else:
            built = DOCUMENTS[document](records)
            content = (render_pdf if file_format == "pdf" else render_docx)(built)
        congress = records.congress
        file_name = f"{document}-{slugify(congress.organisation.search_key)}-{congress.term_start}"
        return HttpResponse(
            content,
            content_type=self.CONTENT_TYPES[file_format],
            headers={"Content-Disposition": content_disposition_header(True, f"{file_name}.{file_format}")},
        )


class SpeechListView(RecordListView):
    queryset = Speech.objects.select_related("congress__organisation", "speaker")
    filterset_class = SpeechFilter
    export_kind = "speeches"
    default_sort = "congress"
    columns = [
        Column(
            "congress", _("Đại hội"), ("congress__term_start", "congress__organisation__search_key", "order")
        ),
        Column("order", _("Thứ tự"), ("order",), numeric=True),
        Column("speaker", _("Người phát biểu"), ("speaker__sort_key",)),
        Column("speaker_title", _("Chức danh"), ("speaker_title",)),
        Column("kind", _("Loại"), ("kind",)),
        Column("summary", _("Tóm tắt")),
    ]


class SpeechDetailView(RecordDetailView):
    queryset = Speech.objects.select_related("congress__organisation", "speaker").prefetch_related(
        "sources", "cited_documents__issuer"
    )


class IndicatorListView(RecordListView):
    queryset = Indicator.objects.select_related("congress__organisation").with_status_rank()
    filterset_class = IndicatorFilter
    export_kind = "indicators"
    default_sort = "congress"
    columns = [
        Column("name", _("Chỉ tiêu"), ("name",)),
        Column("congress", _("Đại hội"), ("congress__term_start", "congress__organisation__search_key")),
        Column("period", _("Giai đoạn"), ("period_start",)),
        Column("target", _("Kế hoạch"), ("target",), numeric=True),
        Column("actual", _("Thực hiện"), ("actual",), numeric=True),
        Column("achievement", _("Tỷ lệ đạt"), numeric=True),
        Column("status", _("Đánh giá"), ("status_rank",)),
    ]


class IndicatorDetailView(RecordDetailView):
    queryset = Indicator.objects.select_related("congress__organisation").prefetch_related("sources")


class TaskListView(RecordListView):
    queryset = Task.objects.select_related("congress__organisation", "owner", "responsible_organisation")
    filterset_class = TaskFilter
    export_kind = "tasks"
    default_sort = "due_on"
    columns = [
        Column("content", _("Nội dung"), ("content",)),
        Column("congress", _("Đại hội"), ("congress__term_start", "congress__organisation__search_key")),
        Column("owner", _("Người thực hiện"), ("owner__sort_key",)),
        Column("responsible", _("Cơ quan chịu trách nhiệm"), ("responsible_organisation__search_key",)),
        Column("due_on", _("Thời hạn"), ("due_on",)),
        Column("status", _("Trạng thái"), ("status",)),
        Column("six_clear", _("6 rõ")),
    ]


class TaskDetailView(RecordDetailView):
    queryset = Task.objects.select_related(
        "congress__organisation", "resolution", "owner", "responsible_organisation", "approving_authority"
    ).prefetch_related("sources")


# The registry's record pages, with the congresses they took part in ##########


class PersonListView(records.PersonListView):
    """The registry's people, also filtered by what congresses decided: elected, appointed, re-elected."""

    filterset_class = CongressPersonFilter


class PersonDetailView(records.PersonDetailView):
    template_name = "congress/person_detail.html"

    def get_context_data(self, **kwargs):
        person = self.object
        attendances = list(
            self.scoped(person.attendances.select_related("congress__organisation")).order_by(
                "-congress__term_start", "pk"
            )
        )
        speeches = list(
            self.scoped(person.speeches.select_related("congress__organisation")).order_by(
                "-congress__term_start", "order", "pk"
            )
        )
        # A speaker was at the congress even when no list of those present names them.
        attended = {attendance.congress_id for attendance in attendances}
        spoken_at = list({s.congress_id: s.congress for s in speeches if s.congress_id not in attended}.values())
        return super().get_context_data(
            attendances=attendances,
            spoken_at=spoken_at,
            speeches=speeches,
            tasks=self.scoped(person.tasks.select_related("congress__organisation")),
            **kwargs,
        )


class OrganisationDetailView(records.OrganisationDetailView):
    template_name = "congress/organisation_detail.html"

    def get_context_data(self, **kwargs):
        organisation = self.object
        return super().get_context_data(
            congresses=organisation.congresses.select_related("organisation"),
            elected_by=self.scoped(Congress.objects.filter(executive_committee=organisation))
            .select_related("organisation")
            .first(),
            directed_congresses=self.scoped(organisation.directed_congresses.select_related("organisation")),
            tasks=self.scoped(organisation.tasks.select_related("congress__organisation")),
            **kwargs,
        )


class DocumentDetailView(records.DocumentDetailView):
    template_name = "congress/document_detail.html"

    def get_context_data(self, **kwargs):
        document = self.object
        return super().get_context_data(
            adopted_by=self.scoped(Congress.objects.filter(resolution=document))
            .select_related("organisation")
            .first(),
            citing_speeches=self.scoped(
                document.cited_in_speeches.select_related("congress__organisation", "speaker")
            ),
            tasks=self.scoped(document.tasks.select_related("congress__organisation")),
            **kwargs,
        )
