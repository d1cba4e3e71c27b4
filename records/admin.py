from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import vietnamese
from .forms import VietnameseDateField
from .models import (
    AdministrativeUnit,
    Figure,
    LegalDocument,
    Membership,
    Organisation,
    Person,
    Source,
    UnitSuccession,
)
from .resources import (
    AdministrativeUnitResource,
    FigureResource,
    LegalDocumentResource,
    MembershipResource,
    OrganisationResource,
    PersonResource,
)
from .sheets_admin import SheetAdminMixin


class RecordAdmin(SimpleHistoryAdmin):
    """What every admin page here shares.

    Search goes through the stored search key, so "nguyen van phu", "Nguyễn Văn Phú"
    and "NGUYỄN VĂN PHÚ" find the same person on SQLite and PostgreSQL alike.
    """

    formfield_overrides = {
        models.DateField: {"form_class": VietnameseDateField, "widget": widgets.AdminDateWidget},
        # Addresses typed without a scheme are taken as https, Django 6.0's default.
        models.URLField: {"assume_scheme": "https", "widget": widgets.AdminURLFieldWidget},
    }
    # A million rows must not cost two full COUNTs per page.
    show_full_result_count = False
    list_per_page = 50
    # Search fields of this admin hold search keys; the typed term is keyed to match.
    search_by_key = True

    def get_search_results(self, request, queryset, search_term):
        if self.search_by_key:
            search_term = vietnamese.search_key(search_term)
        return super().get_search_results(request, queryset, search_term)


class SourcedRecordAdmin(RecordAdmin):
    def get_autocomplete_fields(self, request):
        return [*super().get_autocomplete_fields(request), "sources"]

    def get_fields(self, request, obj=None):
        # Inherited fields would come first; a record reads better with its sources last.
        fields = [name for name in super().get_fields(request, obj) if name not in ("sources", "note")]
        return [*fields, "sources", "note"]


class SourcedInline(admin.TabularInline):
    extra = 0
    formfield_overrides = RecordAdmin.formfield_overrides
    show_change_link = True


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ["title", "kind", "publisher", "author", "published_on", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "url", "publisher", "author", "file_name"]
    readonly_fields = ["recorded_by", "recorded_at"]
    search_by_key = False


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
        if self.value() is None:
            return queryset
        return queryset.filter(
            Q(pk=self.value()) | Q(parent_id=self.value()) | Q(parent__parent_id=self.value())
        )


class FigureInline(SourcedInline):
    model = Figure
    fields = ["metric", "value", "as_of", "source"]
    autocomplete_fields = ["source"]


class UnitFigureInline(FigureInline):
    fk_name = "administrative_unit"


class OrganisationFigureInline(FigureInline):
    fk_name = "organisation"


class PredecessorInline(SourcedInline):
    model = UnitSuccession
    fk_name = "successor"
    fields = ["predecessor", "portion", "legal_basis", "effective_on"]
    autocomplete_fields = ["predecessor", "legal_basis"]
    verbose_name = _("đơn vị hợp thành")
    verbose_name_plural = _("hình thành từ các đơn vị")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [AdministrativeUnitResource]
    list_display = ["name", "code", "kind", "parent", "register", "valid_from", "valid_until"]
    list_filter = ["register", "kind", ProvinceFilter]
    list_select_related = ["parent"]
    search_fields = ["search_key__contains", "=code"]
    autocomplete_fields = ["parent", "established_by"]
    inlines = [PredecessorInline, UnitFigureInline]

    def get_search_results(self, request, queryset, search_term):
        # Codes are digits, names are searched by key; both through one box.
        if search_term.strip().isdigit():
            return queryset.filter(code=search_term.strip()), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(SourcedRecordAdmin):
    list_display = ["successor", "predecessor", "portion", "legal_basis", "effective_on"]
    list_filter = ["portion"]
    list_select_related = ["successor", "predecessor", "legal_basis"]
    search_fields = ["successor__search_key__contains", "predecessor__search_key__contains"]
    autocomplete_fields = ["predecessor", "successor", "legal_basis"]


class MembershipInline(SourcedInline):
    model = Membership
    fields = ["person", "organisation", "role", "title", "start_on", "end_on"]
    autocomplete_fields = ["person", "organisation"]


class CurrentFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Đang đảm nhiệm")), ("no", _("Đã kết thúc"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.current()
        if self.value() == "no":
            return queryset.past()
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "short_name", "kind", "parent", "administrative_unit", "seats"]
    list_filter = ["kind"]
    list_select_related = ["parent", "administrative_unit"]
    search_fields = ["search_key__contains"]
    autocomplete_fields = ["parent", "administrative_unit"]
    inlines = [MembershipInline, OrganisationFigureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_recorded_members()

    @admin.display(description=_("đã ghi nhận / số thành viên"), ordering="recorded")
    def seats(self, organisation):
        if organisation.seat_count is None:
            return organisation.recorded or "—"
        return f"{organisation.recorded} / {organisation.seat_count}"


@admin.register(Person)
class PersonAdmin(SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [PersonResource]
    list_display = ["full_name_in_order", "birth_year", "gender"]
    list_filter = ["gender"]
    search_fields = ["search_key__contains"]
    fieldsets = [
        (None, {"fields": ["full_name", "birth_year", "gender"]}),
        (
            _("Tách họ, tên đệm, tên"),
            {
                "fields": ["family_name", "middle_name", "given_name"],
                "description": _("Tự tách từ họ và tên; chỉ sửa khi họ có hai chữ (ví dụ Tôn Nữ)."),
            },
        ),
        (_("Nguồn"), {"fields": ["sources", "note"]}),
    ]
    inlines = [MembershipInline]

    @admin.display(description=_("họ và tên"), ordering="sort_key")
    def full_name_in_order(self, person):
        return person.full_name


@admin.register(Membership)
class MembershipAdmin(SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [MembershipResource]
    list_display = ["person", "role", "title", "organisation", "start_on", "end_on"]
    list_filter = ["role", CurrentFilter, "organisation__kind"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__search_key__contains", "organisation__search_key__contains"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(LegalDocument)
class LegalDocumentAdmin(SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [LegalDocumentResource]
    list_display = ["__str__", "document_type", "issuer", "issued_on", "summary"]
    list_filter = ["document_type", "year"]
    list_select_related = ["issuer"]
    search_fields = ["search_key__contains"]
    autocomplete_fields = ["issuer"]
    readonly_fields = ["number", "year", "issuer_code"]


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
class FigureAdmin(SheetAdminMixin, RecordAdmin):
    resource_classes = [FigureResource]
    list_display = ["subject", "metric", "display_value", "as_of", "source", "conflict"]
    list_filter = ["metric", ConflictFilter]
    list_select_related = ["administrative_unit", "organisation", "source"]
    search_fields = ["administrative_unit__search_key__contains", "organisation__search_key__contains"]
    autocomplete_fields = ["administrative_unit", "organisation", "source"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_conflicts()

    @admin.display(description=_("giá trị"), ordering="value")
    def display_value(self, figure):
        return f"{vietnamese.format_number(figure.value)} {figure.unit}"

    @admin.display(description=_("nguồn khác ghi khác"), boolean=True, ordering="has_conflict")
    def conflict(self, figure):
        return figure.has_conflict
