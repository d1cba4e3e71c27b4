"""Organisations: party organisations, committees, councils and the rest, as a tree."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from records.models import Organisation
from records.resources import OrganisationResource
from records.sheets.admin import SheetAdminMixin

from .duplicates import DuplicateCheckMixin, OrganisationForm
from .base import SourcedRecordAdmin
from .figures import OrganisationFigureInline
from .history import RestoreDeletedMixin
from .merging import OrganisationMergingMixin
from .people import MembershipInline


@admin.register(Organisation)
class OrganisationAdmin(
    OrganisationMergingMixin, DuplicateCheckMixin, RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin
):
    form = OrganisationForm
    resource_classes = [OrganisationResource]
    list_display = ["name", "short_name", "kind", "parent", "administrative_unit", "seats"]
    list_filter = ["kind"]
    list_select_related = ["parent", "administrative_unit"]
    # Searched by the starts of words (RecordAdmin.get_search_results); the field shows the box.
    search_fields = ["search_key"]
    autocomplete_fields = ["parent", "administrative_unit"]
    inlines = [MembershipInline, OrganisationFigureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_recorded_members()

    @admin.display(description=_("đã ghi nhận / số thành viên"), ordering="recorded")
    def seats(self, organisation):
        if organisation.seat_count is None:
            return organisation.recorded or "—"
        return f"{organisation.recorded} / {organisation.seat_count}"
