from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Q
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from . import access, audit, vietnamese
from .changelists import IndexedValuesFilter, RecordChangeList, cheap_columns, remember_name
from .forms import VietnameseDateField
from .models import (
    AccessLog,
    AccessScope,
    AdministrativeUnit,
    Figure,
    LegalDocument,
    Membership,
    Organisation,
    Person,
    Source,
    UnitSuccession,
)
from .paging import RecordPaginator
from .resources import (
    AdministrativeUnitResource,
    FigureResource,
    LegalDocumentResource,
    MembershipResource,
    OrganisationResource,
    PersonResource,
)
from .sheets.admin import SheetAdminMixin
from .templatetags.record_lists import choice_labels

# Scope #####################################################################


def named(record, name):
    """The ids a record's relation `name` holds now: a foreign key's, or a many-to-many's as a subquery."""
    try:
        model_field = record._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    if model_field.many_to_many:
        return getattr(record, name).values("pk") if record.pk is not None else []
    value = getattr(record, model_field.attname, None) if model_field.concrete else None
    return [] if value is None else [value]


def scoped_form(form_class, request, *, placed_by_inline=False):
    """A record's form held to the user's scope.

    The records it offers come from the scope, with those it already names, which may lie
    above the scope (a congress's directing body); the record as filled in must stay in scope,
    or for a new record placed in scope by a required inline row (a person by a post), that row.
    """
    scope = access.scope_of(request.user)
    if scope.everything:
        return form_class

    class ScopedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, field in self.fields.items():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and access.is_registered(queryset.model):
                    named_now = queryset.filter(pk__in=named(self.instance, name))
                    field.queryset = scope.filter(queryset) | named_now

        def _post_clean(self):
            # The instance holds the form's values from here on.
            super()._post_clean()
            if placed_by_inline and self.instance.pk is None:
                return
            name = scope.write_error(self.instance)
            if name is not None:
                self.add_error(name if name in self.fields else None, access.OUT_OF_SCOPE)

    return ScopedForm


class ScopedAdminMixin(ObjectPermissionsModelAdminMixin):
    """An admin that shows only the records in the user's scope and asks permissions with the record.

    A record outside the scope, like one that does not exist, is a 404: its change, delete and
    history pages do not tell that it exists.
    """

    # A new record that a required inline row places in scope (PostInline) is checked by that row.
    placed_by_inline = False

    def get_queryset(self, request):
        return access.scoped(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        record = super().get_object(request, object_id, from_field)
        if record is None:
            raise Http404(gettext("Không có bản ghi này, hoặc bản ghi nằm ngoài phạm vi của bạn."))
        return record

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return scoped_form(form, request, placed_by_inline=self.placed_by_inline)


class ScopedInlineMixin:
    """An inline that lists only the records in scope, offers only records in scope, and lets a row
    be deleted only by a user who may delete that record.

    `required_in_scope`: a scoped user adding the parent must fill at least one row, or nobody
    in the scope would see the new record (a person is in scope through their posts).
    """

    required_in_scope = False
    required_message = ""

    def get_queryset(self, request):
        return access.scoped(super().get_queryset(request), request.user)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        inline = self
        opts = self.opts
        delete_permission = f"{opts.app_label}.delete_{opts.model_name}"

        class ScopedFormSet(formset):
            form = scoped_form(formset.form, request)

            def clean(self):
                super().clean()
                kept = 0
                for form in self.forms:
                    if not hasattr(form, "cleaned_data"):
                        continue
                    if self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME):
                        if form.instance.pk is not None and not request.user.has_perm(
                            delete_permission, form.instance
                        ):
                            raise ValidationError(
                                gettext("Bạn không được xóa %(record)s.") % {"record": form.instance}
                            )
                    elif form.has_changed() or form.instance.pk is not None:
                        kept += 1
                scoped_user = not access.scope_of(request.user).everything
                if inline.required_in_scope and scoped_user and self.instance.pk is None and not kept:
                    raise ValidationError(inline.required_message)

        return ScopedFormSet


# Records ###################################################################

REASON_FIELD = "history_reason"


class RecordForm(forms.ModelForm):
    """A record's form, with the reason for the change that its history row keeps."""

    history_reason = forms.CharField(
        label=_("Lý do thay đổi"),
        required=False,
        max_length=500,
        help_text=_("Không bắt buộc; ghi vào lịch sử thay đổi của bản ghi."),
    )

    def _save_m2m(self):
        # One history row per save, the one the record's save wrote, given the links once they
        # are saved; simple-history would write one more row for each change of them it sees.
        record = self.instance
        if not audit.tracked_links(type(record)) or hasattr(record, "skip_history_when_saving"):
            return super()._save_m2m()
        record.skip_history_when_saving = True
        try:
            super()._save_m2m()
        finally:
            del record.skip_history_when_saving
        audit.copy_links(record.history.order_by("-history_id").first(), record)


def reverting_form(form_class, version):
    """A record's form filled in as an earlier version, links included: simple-history takes the
    fields from the version but the links from the record as it is now."""

    class RevertForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in audit.tracked_links(self._meta.model):
                if field.name not in self.fields:
                    continue
                through = field.remote_field.through
                target = through._meta.get_field(field.m2m_reverse_field_name()).attname
                kept = list(getattr(version, field.name).values_list(target, flat=True))
                self.initial[field.name] = kept
                # The version may cite a source the user's scope no longer reaches.
                formfield = self.fields[field.name]
                formfield.queryset = formfield.queryset | field.related_model._default_manager.filter(
                    pk__in=kept
                )

    return RevertForm


class RecordAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """What every admin page here shares.

    Search goes through the stored search key, so "nguyen van phu", "Nguyễn Văn Phú"
    and "NGUYỄN VĂN PHÚ" find the same person on SQLite and PostgreSQL alike. Records are
    held to the user's scope (ScopedAdminMixin). A change keeps who made it and, when given,
    why; the history page shows what each change did and reverts to an earlier version.
    """

    form = RecordForm
    object_history_template = "admin/records/object_history.html"
    object_history_list_template = "admin/records/object_history_list.html"
    object_history_form_template = "admin/records/object_history_form.html"

    formfield_overrides = {
        models.DateField: {"form_class": VietnameseDateField, "widget": widgets.AdminDateWidget},
        # Addresses typed without a scheme are taken as https, Django 6.0's default.
        models.URLField: {"assume_scheme": "https", "widget": widgets.AdminURLFieldWidget},
    }
    # A million rows must not cost two full COUNTs per page: one count, which reads no more
    # than records.paging.COUNT_LIMIT rows, and a page read by its ids first (records.paging).
    show_full_result_count = False
    paginator = RecordPaginator
    # Facet counts would count every row once per choice of every filter.
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50
    # Search fields of this admin hold search keys; the typed term is keyed to match.
    search_by_key = True

    def get_changelist(self, request, **kwargs):
        return RecordChangeList

    def get_list_display(self, request):
        # A page of 50 rows prints each cell 50 times: names, labels and dates as Django prints
        # them, worked out once (records.changelists).
        return cheap_columns(self.model, super().get_list_display(request))

    def get_search_results(self, request, queryset, search_term):
        # People and organisations are found by the starts of words (records.search).
        if self.search_by_key and getattr(queryset, "word_index", None) is not None:
            return queryset.search(search_term), False
        if self.search_by_key:
            search_term = vietnamese.search_key(search_term)
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # The checkbox Django renders through three templates on every row, written directly:
        # a page of 50 rows renders 150 templates fewer.
        name = remember_name(obj, self.changelist_name(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            gettext("Select this object for an action - {}").format(name),
        )

    def changelist_name(self, record):
        """The record's name on its row of the changelist: its checkbox's label, its first column."""
        return str(record)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        version = getattr(request, "revert_version", None)
        return form if version is None else reverting_form(form, version)

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != REASON_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if self.has_change_permission(request, obj) if obj else self.has_add_permission(request):
            fieldsets.append((_("Lưu vết"), {"fields": [REASON_FIELD]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get(REASON_FIELD) or getattr(request, "revert_reason", None)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get(REASON_FIELD)
        if reason:
            for inline_form in formset.forms:
                inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # As simple-history does, less the keys every save derives from a name (search, sort,
        # identity), which would repeat each change of the name.
        derived = [field.name for field in self.model._meta.concrete_fields if not field.editable]
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=derived, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def history_view(self, request, object_id, extra_context=None):
        # simple-history shows the history of a record it cannot find from its last version;
        # only a user who sees everything may read a deleted record's history that way.
        if not access.scope_of(request.user).everything:
            self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        record = self.get_object(request, unquote(object_id))
        # simple-history hides the Revert button from a user who may only view, but would save
        # what they post.
        if request.method == "POST" and not self.has_change_permission(request, record):
            raise PermissionDenied
        version = get_object_or_404(self.model.history.model, history_id=version_id, id=record.pk)
        request.revert_version = version
        request.revert_reason = gettext("Trả về phiên bản lúc %(time)s") % {
            "time": formats.date_format(timezone.localtime(version.history_date), "DATETIME_FORMAT")
        }
        return super().history_form_view(request, object_id, version_id, extra_context)


class RestoreDeletedMixin:
    """A page listing the model's deleted records in scope, each with a button that brings it back
    as it was, with what its deletion took along (records.audit.restore_deleted).

    Bringing records back undoes deleting them, so it takes what deleting them as they were
    takes: a clerk who may not delete a record that cites a source may not restore one either.
    """

    import_export_change_list_template = "admin/records/change_list_restorable.html"
    deleted_per_page = 50

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An admin without spreadsheets has no import-export list to add the link to.
        if not isinstance(self, ImportExportMixin):
            self.change_list_template = self.import_export_change_list_template

    def deleted_condition(self, scope):
        """Which deletions (rows of the model's history) lie in a scope."""
        raise NotImplementedError

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name="%s_%s_deleted" % info),
            path(
                "deleted/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="%s_%s_restore" % info,
            ),
            *super().get_urls(),
        ]

    def deleted_records(self, request):
        scope = access.scope_of(request.user)
        deletions = audit.deleted(self.model)
        if scope.everything:
            return deletions
        if not scope.root_ids:
            return deletions.none()
        return deletions.filter(self.deleted_condition(scope))

    def has_restore_permission(self, request):
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_restore_permission": self.has_restore_permission(request),
            "restorable_base_template": (
                "admin/import_export/change_list_import_export.html"
                if isinstance(self, ImportExportMixin)
                else "admin/change_list.html"
            ),
        }
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        page = Paginator(self.deleted_records(request), self.deleted_per_page).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(records)s đã xóa") % {"records": self.opts.verbose_name_plural},
            "opts": self.opts,
            "page": page,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/records/deleted_records.html", context)

    @method_decorator(require_POST)
    def restore_view(self, request, history_id):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        deletion = get_object_or_404(self.deleted_records(request), history_id=history_id)
        info = self.opts.app_label, self.opts.model_name
        try:
            with transaction.atomic():
                restored = audit.restore_deleted(
                    deletion,
                    user=request.user,
                    scope=access.scope_of(request.user),
                    reason=request.POST.get("reason", "").strip()[:500],
                )
                # Asked of the records as restored, citations and all, of a scope read anew (the
                # one read so far holds no restored unit); refused, nothing is kept.
                access.forget(request.user)
                if not all(may_delete(request.user, record) for record in restored):
                    raise PermissionDenied
        except audit.CannotRestore as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:%s_%s_deleted" % info))
        record, *along = restored
        messages.success(
            request,
            gettext("Đã khôi phục %(record)s cùng %(count)s bản ghi bị xóa theo.")
            % {"record": record, "count": len(along)},
        )
        return HttpResponseRedirect(reverse("admin:%s_%s_change" % info, args=[record.pk]))


def may_delete(user, record):
    opts = record._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('delete', opts)}", record)


class SourcedRecordAdmin(RecordAdmin):
    def get_autocomplete_fields(self, request):
        return [*super().get_autocomplete_fields(request), "sources"]

    def get_fields(self, request, obj=None):
        # Inherited fields would come first; a record reads better with its sources last.
        fields = [name for name in super().get_fields(request, obj) if name not in ("sources", "note")]
        return [*fields, "sources", "note"]


class SourcedInline(ScopedInlineMixin, admin.TabularInline):
    extra = 0
    formfield_overrides = RecordAdmin.formfield_overrides
    show_change_link = True


@admin.register(Source)
class SourceAdmin(RestoreDeletedMixin, RecordAdmin):
    list_display = ["title", "kind", "publisher", "author", "published_on", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "url", "publisher", "author", "file_name"]
    readonly_fields = ["recorded_by", "recorded_at"]
    search_by_key = False

    def save_model(self, request, obj, form, change):
        # A source is in the scope of whoever recorded it until a record in scope cites it.
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def deleted_condition(self, scope):
        # Deleting a source took its citations along, so only who recorded it can be told.
        return Q(recorded_by=scope.user.pk)


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
class AdministrativeUnitAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
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

    def deleted_condition(self, scope):
        # A unit of one of the scope's organisations cannot be deleted (PROTECT): it was below one.
        return Q(parent__in=scope.unit_ids)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(RestoreDeletedMixin, SourcedRecordAdmin):
    list_display = ["successor", "predecessor", "portion", "legal_basis", "effective_on"]
    list_filter = ["portion"]
    list_select_related = ["successor", "predecessor", "legal_basis"]
    search_fields = ["successor__search_key__contains", "predecessor__search_key__contains"]
    autocomplete_fields = ["predecessor", "successor", "legal_basis"]

    def deleted_condition(self, scope):
        return Q(successor__in=scope.unit_ids)


class MembershipInline(SourcedInline):
    model = Membership
    fields = ["person", "organisation", "role", "title", "start_on", "end_on"]
    autocomplete_fields = ["person", "organisation"]


class PostInline(MembershipInline):
    """A person's posts: a person is in a scope through them, so a scoped user adds one with the person."""

    required_in_scope = True
    required_message = _(
        "Hãy ghi ít nhất một chức vụ của người này trong một tổ chức thuộc phạm vi của bạn; "
        "không có chức vụ thì không ai trong phạm vi của bạn thấy người này."
    )


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
class OrganisationAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
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

    def deleted_condition(self, scope):
        return Q(parent__in=scope.organisation_ids)

    @admin.display(description=_("đã ghi nhận / số thành viên"), ordering="recorded")
    def seats(self, organisation):
        if organisation.seat_count is None:
            return organisation.recorded or "—"
        return f"{organisation.recorded} / {organisation.seat_count}"


@admin.register(Person)
class PersonAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [PersonResource]
    list_display = ["full_name_in_order", "birth_year", "gender"]
    list_filter = ["gender"]
    # Searched by the starts of words (RecordAdmin.get_search_results); the field shows the box.
    search_fields = ["search_key"]
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
    inlines = [PostInline]
    placed_by_inline = True

    @admin.display(description=_("họ và tên"), ordering="sort_key")
    def full_name_in_order(self, person):
        return person.full_name

    def deleted_condition(self, scope):
        # A deleted person's posts were deleted with them: the person was in scope through them.
        posts = Membership.history.filter(history_type="-", organisation__in=scope.organisation_ids)
        return Q(id__in=posts.values("person_id"))


@admin.register(Membership)
class MembershipAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [MembershipResource]
    list_display = ["person", "role", "title", "organisation", "start_on", "end_on"]
    list_filter = ["role", CurrentFilter, "organisation__kind"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__search_key__contains", "organisation__search_key__contains"]
    autocomplete_fields = ["person", "organisation"]

    def deleted_condition(self, scope):
        return Q(organisation__in=scope.organisation_ids)


@admin.register(LegalDocument)
class LegalDocumentAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [LegalDocumentResource]
    list_display = ["__str__", "document_type", "issuer", "issued_on", "summary"]
    list_filter = ["document_type", ("year", IndexedValuesFilter)]
    list_select_related = ["issuer"]
    search_fields = ["search_key__contains"]
    autocomplete_fields = ["issuer"]
    readonly_fields = ["number", "year", "issuer_code"]

    def changelist_name(self, document):
        # str(document), with the kind's label looked up once per language: Django's
        # get_document_type_display() translates all 13 kinds on every call.
        if not document.symbol:
            return document.summary
        kind = choice_labels(LegalDocument._meta.get_field("document_type"), get_language())
        return f"{kind[document.document_type]} {document.symbol}"

    def deleted_condition(self, scope):
        # What a scoped user may write of a document (records.rules): one issued in scope.
        return Q(issuer__in=scope.organisation_ids)


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

    def deleted_condition(self, scope):
        return Q(organisation__in=scope.organisation_ids) | Q(administrative_unit__in=scope.unit_ids)

    @admin.display(description=_("giá trị"), ordering="value")
    def display_value(self, figure):
        return f"{vietnamese.format_number(figure.value)} {figure.unit}"

    @admin.display(description=_("nguồn khác ghi khác"), boolean=True, ordering="has_conflict")
    def conflict(self, figure):
        return figure.has_conflict


# Users, scopes and the access log ##########################################


class AccessScopeInline(ScopedInlineMixin, admin.StackedInline):
    model = AccessScope
    can_delete = False
    autocomplete_fields = ["organisations"]
    verbose_name_plural = _("phạm vi hồ sơ")
    required_in_scope = True
    required_message = _("Hãy giao cho người dùng ít nhất một tổ chức thuộc phạm vi của bạn.")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(ScopedAdminMixin, UserAdmin):
    """Users with their roles (groups) and organisations.

    A manager sees the users whose organisations all lie in their own scope, gives them roles,
    and organisations only from their own scope; making superusers and giving single
    permissions is left to superusers.
    """

    inlines = [AccessScopeInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if access.scope_of(request.user).everything:
            return fieldsets
        superuser_only = {"is_superuser", "user_permissions"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in superuser_only]})
            for name, options in fieldsets
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not access.scope_of(request.user).everything:
            kwargs["queryset"] = Group.objects.filter(name__in=access.ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(AccessLog)
class AccessLogAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Logins, failed logins and exports, as the system wrote them: read only."""

    list_display = ["at", "kind", "username", "path", "query", "rows", "ip_address"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["username", "path", "query"]
    date_hierarchy = "at"
    readonly_fields = ["kind", "user", "username", "at", "path", "query", "rows", "ip_address"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
