from functools import partial

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import OuterRef
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from records import vietnamese
from records.admin.base import SourcedInline, SourcedRecordAdmin
from records.admin.history import RestoreDeletedMixin
from records.changelists import IndexedValuesFilter
from records.models.organisations import recorded_members
from records.sheets.admin import SheetAdminMixin
from records.templatetags.record_lists import choice_labels

from ..models import Attendance, Congress, Indicator, IndicatorStatus, Speech, Task
from .reading import PERMISSION, review_view
from ..resources import (
    AttendanceResource,
    CongressResource,
    IndicatorResource,
    SpeechResource,
    TaskResource,
)
from .elections import DerivedPostsInDeletion


class WrappingInline(SourcedInline):
    """An inline whose rows wrap: each row's fields flow over as many lines as the page needs.

    As table rows, the congress's attendances, speeches, indicators and tasks stretched its form
    to 2,457 px on a 1,366 px screen, pushing the save buttons off it; as stacked rows whose
    fields sit side by side and wrap (congress/admin.css), the form keeps to the screen's width.
    """

    template = "admin/edit_inline/stacked.html"
    classes = ["wrapping"]
    formfield_overrides = {
        **SourcedInline.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
    }

    def get_fieldsets(self, request, obj=None):
        # One line of fields per row; Django's admin lets the line wrap (form-multiline).
        return [(None, {"fields": [tuple(self.get_fields(request, obj))]})]


class AttendanceInline(WrappingInline):
    model = Attendance
    fields = ["person", "role", "title", "organisation"]
    autocomplete_fields = ["person", "organisation"]


class SpeechInline(WrappingInline):
    model = Speech
    fields = ["order", "speaker", "speaker_title", "kind", "summary"]
    autocomplete_fields = ["speaker"]


class IndicatorInline(WrappingInline):
    model = Indicator
    fields = [
        "name",
        "period_start",
        "period_end",
        "unit",
        "target",
        "actual",
        "direction",
        "assessed_status",
    ]


class TaskInline(WrappingInline):
    model = Task
    fields = [
        "content",
        "owner",
        "responsible_organisation",
        "due_on",
        "deliverable",
        "approving_authority",
        "status",
    ]
    autocomplete_fields = ["owner", "responsible_organisation", "approving_authority"]


@admin.register(Congress)
class CongressAdmin(DerivedPostsInDeletion, RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [CongressResource]
    list_display = ["__str__", "term", "opened_on", "delegate_count", "directing_body", "committee"]
    list_filter = [("term_start", IndexedValuesFilter)]
    list_select_related = ["organisation", "directing_body", "executive_committee"]
    search_fields = ["organisation__search_key__contains"]
    autocomplete_fields = ["organisation", "directing_body", "executive_committee", "resolution"]
    inlines = [AttendanceInline, SpeechInline, IndicatorInline, TaskInline]
    readonly_fields = ["organisation_facts", "decided"]
    # A congress's form is long: its save buttons also above it.
    save_on_top = True
    # The list links to the review screen of a report (congress.admin.reading).
    import_export_change_list_template = "admin/congress/congress_change_list.html"

    class Media:
        css = {"all": ["congress/admin.css"]}

    def get_urls(self):
        return [
            path(
                "read-report/",
                self.admin_site.admin_view(partial(review_view, self)),
                name="congress_congress_read_report",
            ),
            *super().get_urls(),
        ]

    def get_fields(self, request, obj=None):
        # The links to the organisation's other facts sit right under the organisation.
        fields = [name for name in super().get_fields(request, obj) if name != "organisation_facts"]
        at = fields.index("organisation") + 1 if "organisation" in fields else 0
        return [*fields[:at], "organisation_facts", *fields[at:]]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_read_report_permission": request.user.has_perm(PERMISSION)}
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(committee_recorded=recorded_members(OuterRef("executive_committee")))
        )

    @admin.display(description=_("Căn cứ thành lập, số liệu, kết quả"))
    def organisation_facts(self, congress):
        """Where the facts a report gives beside a congress go: each on the page that keeps it.

        The founding resolution belongs to the ward (its "thành lập theo"), the area and the
        population are figures about the ward (or, with no ward recorded, the organisation),
        and the term's results are indicators of this congress; its "x/y chỉ tiêu" summary is
        a field of this form.
        """
        if congress.pk is None:
            return _("Lưu đại hội trước, rồi thêm căn cứ thành lập, số liệu và kết quả tổng hợp.")
        organisation = congress.organisation
        unit = organisation.administrative_unit
        links = []
        if unit is None:
            links.append(
                (
                    reverse("admin:records_organisation_change", args=[organisation.pk]),
                    _("Ghi địa bàn của đảng bộ (để thêm căn cứ thành lập)"),
                )
            )
            figures = f"?organisation={organisation.pk}"
        else:
            unit_page = reverse("admin:records_administrativeunit_change", args=[unit.pk])
            if unit.established_by_id is None:
                links.append((unit_page + "#id_established_by", _("Thêm căn cứ thành lập")))
            else:
                links.append(
                    (
                        unit_page + "#id_established_by",
                        _("Căn cứ thành lập: %(document)s")
                        % {"document": unit.established_by.symbol or unit.established_by},
                    )
                )
            figures = f"?administrative_unit={unit.pk}"
        links += [
            (reverse("admin:records_figure_add") + figures, _("Thêm số liệu (diện tích, dân số)")),
            (reverse("admin:congress_indicator_add") + f"?congress={congress.pk}", _("Thêm kết quả tổng hợp")),
        ]
        return format_html(
            '<ul class="decided">{}</ul>', format_html_join("", '<li><a href="{}">{}</a></li>', links)
        )

    @admin.display(description=_("Bầu cử, chỉ định, cơ quan giúp việc"))
    def decided(self, congress):
        """Links to what the congress decided about people, each list with a link to add one more."""
        if congress.pk is None:
            return _(
                "Lưu đại hội trước, rồi thêm các cuộc bầu cử, quyết định chỉ định và cơ quan giúp việc."
            )
        of_congress = f"?congress__id__exact={congress.pk}"
        add = f"?congress={congress.pk}"
        # A missing one-to-one is an AttributeError (RelatedObjectDoesNotExist).
        report = getattr(congress, "credentials_report", None)
        links = [
            (reverse("admin:congress_election_changelist") + of_congress, _("Các cuộc bầu cử")),
            (reverse("admin:congress_election_add") + add, _("Thêm cuộc bầu cử")),
            (
                reverse("admin:congress_appointmentdecision_changelist") + of_congress,
                _("Các quyết định chỉ định"),
            ),
            (reverse("admin:congress_appointmentdecision_add") + add, _("Thêm quyết định chỉ định")),
            (reverse("admin:congress_congressbody_changelist") + of_congress, _("Các cơ quan giúp việc")),
            (reverse("admin:congress_congressbody_add") + add, _("Thêm cơ quan giúp việc")),
            (
                reverse("admin:congress_credentialsreport_change", args=[report.pk])
                if report
                else reverse("admin:congress_credentialsreport_add") + add,
                _("Báo cáo thẩm tra tư cách đại biểu") if report else _("Thêm báo cáo thẩm tra tư cách"),
            ),
        ]
        return format_html(
            '<ul class="decided">{}</ul>', format_html_join("", '<li><a href="{}">{}</a></li>', links)
        )

    @admin.display(description=_("nhiệm kỳ"), ordering="term_start")
    def term(self, congress):
        return congress.term

    @admin.display(description=_("Ban Chấp hành: đã ghi nhận / số ủy viên"))
    def committee(self, congress):
        committee = congress.executive_committee
        if committee is None:
            return "—"
        return f"{congress.committee_recorded} / {committee.seat_count or '?'}"


@admin.register(Attendance)
class AttendanceAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [AttendanceResource]
    list_display = ["person", "role", "title", "congress"]
    list_filter = ["role"]
    list_select_related = ["person", "congress__organisation"]
    search_fields = ["person__search_key__contains"]
    autocomplete_fields = ["congress", "person", "organisation"]


@admin.register(Speech)
class SpeechAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [SpeechResource]
    list_display = ["__str__", "speaker_title", "order", "congress"]
    list_filter = ["kind"]
    list_select_related = ["speaker", "congress__organisation"]
    search_fields = ["speaker__search_key__contains"]
    autocomplete_fields = ["congress", "speaker", "cited_documents"]

    def changelist_name(self, speech):
        # str(speech), with the kind's label looked up once per language: Django's
        # get_kind_display() translates every kind on every call.
        kind = choice_labels(Speech._meta.get_field("kind"), get_language())[speech.kind]
        speaker = speech.speaker.full_name if speech.speaker else _("Không rõ người phát biểu")
        return f"{kind}: {speaker}"


class IndicatorStatusFilter(admin.SimpleListFilter):
    title = _("kết quả")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return IndicatorStatus.choices

    def queryset(self, request, queryset):
        if self.value() in IndicatorStatus.values:
            return queryset.having_status(self.value())
        return queryset


@admin.register(Indicator)
class IndicatorAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [IndicatorResource]
    list_display = [
        "name",
        "period",
        "unit",
        "display_target",
        "display_actual",
        "achievement_percent",
        "status",
    ]
    list_filter = [IndicatorStatusFilter, "direction"]
    list_select_related = ["congress__organisation"]
    search_fields = ["search_key"]
    autocomplete_fields = ["congress"]

    @admin.display(description=_("giai đoạn"), ordering="period_start")
    def period(self, indicator):
        return indicator.period

    @admin.display(description=_("kế hoạch"), ordering="target")
    def display_target(self, indicator):
        return "—" if indicator.target is None else vietnamese.format_number(indicator.target)

    @admin.display(description=_("thực hiện"), ordering="actual")
    def display_actual(self, indicator):
        return "—" if indicator.actual is None else vietnamese.format_number(indicator.actual)

    @admin.display(description=_("tỷ lệ đạt"))
    def achievement_percent(self, indicator):
        achievement = indicator.achievement
        return "—" if achievement is None else f"{vietnamese.format_number(achievement)} %"

    @admin.display(description=_("đánh giá"))
    def status(self, indicator):
        return indicator.get_status_display()


class SixClearFilter(admin.SimpleListFilter):
    title = _("6 rõ")
    parameter_name = "six_clear"

    def lookups(self, request, model_admin):
        return [("yes", _("Đủ 6 rõ")), ("no", _("Chưa đủ 6 rõ"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.six_clear()
        if self.value() == "no":
            return queryset.not_six_clear()
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("thời hạn")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Quá hạn"))]

    def queryset(self, request, queryset):
        return queryset.overdue() if self.value() == "yes" else queryset


@admin.register(Task)
class TaskAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [TaskResource]
    list_display = ["__str__", "owner", "responsible_organisation", "due_on", "status", "six_clear"]
    list_filter = ["status", SixClearFilter, OverdueFilter]
    list_select_related = ["owner", "responsible_organisation", "congress__organisation"]
    search_fields = ["search_key"]
    autocomplete_fields = [
        "congress",
        "resolution",
        "owner",
        "responsible_organisation",
        "approving_authority",
    ]

    @admin.display(description=_("6 rõ"))
    def six_clear(self, task):
        missing = task.missing_clarity
        if not missing:
            return _("Đủ 6 rõ")
        return _("Thiếu: %(missing)s") % {"missing": ", ".join(str(label) for label in missing)}
