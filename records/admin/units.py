"""Administrative units and the successions that formed them."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from records.changelists import INTEGER_RANGE
from records.models import AdministrativeUnit, UnitSuccession
from records.resources import AdministrativeUnitResource
from records.sheets.admin import SheetAdminMixin

from .base import SourcedInline, SourcedRecordAdmin
from .figures import UnitFigureInline
from .history import RestoreDeletedMixin


class ProvinceFilter(admin.SimpleListFilter):
    """Units by province, listing only the provinces (not every parent unit)."""

    title = _("tỉnh, thành phố")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return [
            (unit.pk, f"{unit.name} ({unit.get_register_display()})")
            for unit in AdministrativeUnit.objects.filter(kind__in=AdministrativeUnit.PROVINCE_KINDS)
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            province = int(self.value())
        except ValueError:
            return queryset.none()
        if province not in INTEGER_RANGE:
            return queryset.none()
        return queryset.filter(Q(pk=province) | Q(parent_id=province) | Q(parent__parent_id=province))


class PredecessorInline(SourcedInline):
    model = UnitSuccession
    fk_name = "successor"
    fields = ["predecessor", "portion", "legal_basis", "effective_on"]
    autocomplete_fields = ["predecessor", "legal_basis"]
    verbose_name = _("đơn vị hợp thành")
    verbose_name_plural = _("hình thành từ các đơn vị")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [AdministrativeUnitResource]
    list_display = ["name", "code", "kind", "parent", "register", "valid_from", "valid_until"]
    list_filter = ["register", "kind", ProvinceFilter]
    list_select_related = ["parent"]
    search_fields = ["search_key__contains", "=code"]
    autocomplete_fields = ["parent", "established_by"]
    inlines = [PredecessorInline, UnitFigureInline]
    # The current register first, then by name: a 2025 ward before its older namesake.
    autocomplete_ordering = ["register", "search_key", "pk"]

    def autocomplete_label(self, unit):
        # Most 2025 wards bear the name of an older one: the register tells them apart.
        return unit.name_with_register


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(RestoreDeletedMixin, SourcedRecordAdmin):
    list_display = ["successor", "predecessor", "portion", "legal_basis", "effective_on"]
    list_filter = ["portion"]
    list_select_related = ["successor", "predecessor", "legal_basis"]
    search_fields = ["successor__search_key__contains", "predecessor__search_key__contains"]
    autocomplete_fields = ["predecessor", "successor", "legal_basis"]
