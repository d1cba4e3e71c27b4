"""Figures: sourced numbers about a unit or an organisation, kept side by side when sources disagree."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from records import vietnamese
from records.models import Figure
from records.resources import FigureResource
from records.sheets.admin import SheetAdminMixin

from .base import RecordAdmin, SourcedInline
from .history import RestoreDeletedMixin


class FigureInline(SourcedInline):
    model = Figure
    fields = ["metric", "value", "as_of", "source"]
    autocomplete_fields = ["source"]


class UnitFigureInline(FigureInline):
    fk_name = "administrative_unit"


class OrganisationFigureInline(FigureInline):
    fk_name = "organisation"


class ConflictFilter(admin.SimpleListFilter):
    title = _("đối chiếu nguồn")
    parameter_name = "conflict"

    def lookups(self, request, model_admin):
        return [("yes", _("Có nguồn ghi số liệu khác")), ("no", _("Không có khác biệt"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_conflict=self.value() == "yes")
        return queryset


@admin.register(Figure)
class FigureAdmin(RestoreDeletedMixin, SheetAdminMixin, RecordAdmin):
    resource_classes = [FigureResource]
    list_display = ["subject", "metric", "display_value", "as_of", "source", "conflict"]
    list_filter = ["metric", ConflictFilter]
    list_select_related = ["administrative_unit", "organisation", "source"]
    search_fields = ["administrative_unit__search_key__contains", "organisation__search_key__contains"]
    autocomplete_fields = ["administrative_unit", "organisation", "source"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_conflicts()

    @admin.display(description=_("đơn vị hoặc tổ chức"))
    def subject(self, figure):
        return figure.subject

    @admin.display(description=_("giá trị"), ordering="value")
    def display_value(self, figure):
        return f"{vietnamese.format_number(figure.value)} {figure.unit}"

    @admin.display(description=_("nguồn khác ghi khác"), boolean=True, ordering="has_conflict")
    def conflict(self, figure):
        return figure.has_conflict
