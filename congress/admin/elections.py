"""The admin of what a congress decided about people: elections, appointments, its bodies.

An election is entered as its tally sheet is printed: the ballot counts on the page, the
candidates inline, each with the percentage and the threshold's verdict worked out beside the
“trúng cử” a clerk ticks, so a typing error shows before it is saved. Rules over all the
candidates are asked of the rows as submitted (CandidateFormSet), not of those saved before.
Saving an election or an appointment writes the memberships it decides (congress.services).
"""

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from records import access, vietnamese
from records.admin.base import RecordForm, SourcedInline, SourcedRecordAdmin
from records.admin.history import RestoreDeletedMixin
from records.models import Membership
from records.sheets.admin import SheetAdminMixin

from ..election_sheets import CongressBodyMemberResource, ElectionResultResource
from ..models import (
    AppointedPost,
    AppointmentDecision,
    Candidate,
    Congress,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
    Election,
)
from ..models.elections import DRAFT_HINT
from ..services import appointment_record_members, derived_posts, election_record_members


def congress_asked(request, initial):
    """The congress a “Thêm …” link from a congress names (?congress=ID), if the user may see it."""
    value = str(initial.get("congress") or "")
    if not value.isdigit():
        return None
    return access.scoped(Congress.objects.select_related("executive_committee"), request.user).filter(
        pk=value
    ).first()


class DerivedPostsInDeletion:
    """A delete confirmation that lists the posts (memberships) the deletion takes with it.

    They are not reached by a foreign key Django follows (the candidate names its post, not the
    other way round), so the confirmation would not show them; congress.services deletes them
    with their candidate or appointed post. A user who may not delete memberships may not delete
    what would take them along.
    """

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        posts = list(derived_posts(objs).select_related("person", "organisation").order_by("pk"))
        if posts:
            opts = Membership._meta
            to_delete.append([f"{capfirst(opts.verbose_name)}: {post}" for post in posts])
            model_count[opts.verbose_name_plural] = len(posts)
            if not request.user.has_perm(f"{opts.app_label}.{get_permission_codename('delete', opts)}"):
                perms_needed.add(opts.verbose_name)
        return to_delete, model_count, perms_needed, protected


class ElectionForm(RecordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The candidates are checked together as the inline submits them (CandidateFormSet).
        self.instance.candidates_checked_by_form = True


class CandidateFormSet(BaseInlineFormSet):
    """The candidates of one election, checked together: no more elected than the seats decided."""

    warnings = ()

    def clean(self):
        super().clean()
        election = self.instance
        # The rows that will be saved: those already saved or newly filled, less those deleted.
        candidates = [
            form.instance
            for form in self.forms
            if (form.instance.pk is not None or form.has_changed()) and not self._should_delete_form(form)
        ]
        errors = election.tally_errors(candidates)
        if errors and not election.draft:
            raise ValidationError([*errors, DRAFT_HINT])
        self.warnings = election.tally_warnings(candidates)


class CandidateInline(SourcedInline):
    model = Candidate
    formset = CandidateFormSet
    fields = ["person", "nomination", "votes", "percentage", "verdict", "elected"]
    readonly_fields = ["percentage", "verdict"]
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "election")

    @admin.display(description=_("tỷ lệ"))
    def percentage(self, candidate):
        if candidate.pk is None:
            return "—"
        percent = candidate.election.percentage(candidate.votes)
        return "—" if percent is None else f"{vietnamese.format_number(percent, 2)} %"

    @admin.display(description=_("theo ngưỡng"))
    def verdict(self, candidate):
        passes = None if candidate.pk is None else candidate.election.passes(candidate.votes)
        if passes is None:
            return "—"
        return _("Đủ phiếu trúng cử") if passes else _("Không đủ phiếu")


class DraftFilter(admin.SimpleListFilter):
    title = _("số liệu")
    parameter_name = "draft"

    def lookups(self, request, model_admin):
        return [("yes", _("Số liệu không khớp (bản nháp)")), ("no", _("Số liệu đã khớp"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.drafts()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.drafts().values("pk"))
        return queryset


@admin.register(Election)
class ElectionAdmin(DerivedPostsInDeletion, RestoreDeletedMixin, SourcedRecordAdmin):
    form = ElectionForm
    list_display = ["__str__", "congress", "seats_decided", "ballots_valid", "draft"]
    list_filter = [DraftFilter, "role"]
    list_select_related = ["congress__organisation", "body"]
    search_fields = ["congress__organisation__search_key__contains"]
    autocomplete_fields = ["congress", "body", "approval_decision"]
    inlines = [CandidateInline]

    def get_changeform_initial_data(self, request):
        # “Thêm cuộc bầu cử” from a congress: its committee and delegates, ready to correct.
        initial = super().get_changeform_initial_data(request)
        congress = congress_asked(request, initial)
        if congress is not None:
            initial.setdefault("body", congress.executive_committee_id)
            initial.setdefault("delegates_convened", congress.delegate_count)
            initial.setdefault("seats_decided", getattr(congress.executive_committee, "seat_count", None))
        return initial

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        election_record_members(election=form.instance, user=request.user)
        for formset in formsets:
            for warning in getattr(formset, "warnings", ()):
                messages.warning(request, warning)


@admin.register(Candidate)
class CandidateAdmin(DerivedPostsInDeletion, RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    """Every election's candidates in one list: where an election's results are imported and exported.

    Entered one by one they belong on their election's page; a candidate changed here still makes
    (or unmakes) the member the election decides, as saving the election does.
    """

    resource_classes = [ElectionResultResource]
    list_display = ["person", "election", "votes", "elected"]
    list_filter = ["elected"]
    list_select_related = ["person", "election__body"]
    search_fields = ["person__search_key__contains"]
    autocomplete_fields = ["election", "person"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        election_record_members(election=obj.election, user=request.user)


class AppointedPostInline(SourcedInline):
    model = AppointedPost
    fields = ["person", "role", "title"]
    autocomplete_fields = ["person"]


@admin.register(AppointmentDecision)
class AppointmentDecisionAdmin(DerivedPostsInDeletion, RestoreDeletedMixin, SourcedRecordAdmin):
    list_display = ["__str__", "congress", "effective_on"]
    list_select_related = ["document", "organisation", "congress__organisation"]
    search_fields = ["organisation__search_key__contains"]
    autocomplete_fields = ["document", "organisation", "congress"]
    inlines = [AppointedPostInline]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        congress = congress_asked(request, initial)
        if congress is not None:
            initial.setdefault("organisation", congress.executive_committee_id)
        return initial

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        appointment_record_members(decision=form.instance, user=request.user)


class CongressBodyMemberInline(SourcedInline):
    model = CongressBodyMember
    fields = ["order", "person", "title"]
    autocomplete_fields = ["person"]


@admin.register(CongressBody)
class CongressBodyAdmin(RestoreDeletedMixin, SourcedRecordAdmin):
    list_display = ["__str__", "kind"]
    list_filter = ["kind"]
    list_select_related = ["congress__organisation"]
    search_fields = ["congress__organisation__search_key__contains"]
    autocomplete_fields = ["congress"]
    inlines = [CongressBodyMemberInline]


@admin.register(CongressBodyMember)
class CongressBodyMemberAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    """The members of every congress's bodies: where their lists are imported and exported."""

    resource_classes = [CongressBodyMemberResource]
    list_display = ["person", "title", "body"]
    list_filter = ["body__kind"]
    list_select_related = ["person", "body__congress__organisation"]
    search_fields = ["person__search_key__contains"]
    autocomplete_fields = ["body", "person"]


@admin.register(CredentialsReport)
class CredentialsReportAdmin(RestoreDeletedMixin, SourcedRecordAdmin):
    list_display = ["__str__", "present", "absent", "not_qualified"]
    list_select_related = ["congress__organisation"]
    search_fields = ["congress__organisation__search_key__contains"]
    autocomplete_fields = ["congress"]
