"""What every record's admin page shares: search by key, cheap changelists, scope, and history.

RecordAdmin is the base of every registry and congress admin; SourcedRecordAdmin adds the
sources a record cites, SourcedInline the inline rows of such records. The scope comes from
records.admin.scoping, reverting and restoring from records.admin.history, the version a form
carries, so that no save undoes a change made since the form was opened, from
records.admin.versions.
"""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import helpers, widgets
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from records import access, audit, search
from records.changelists import RecordChangeList, cheap_columns, remember_name
from records.forms import VietnameseDateField
from records.paging import RecordPaginator

from . import django_adapter  # noqa: F401  (Django's yes/no icons in Vietnamese)
from .history import reverting_form
from .scoping import ScopedAdminMixin, ScopedInlineMixin
from .versions import VERSION_FIELD, VersionedForm, VersionedInlineMixin, version_field

REASON_FIELD = "history_reason"
KEY_SEPARATORS = search.KeySearchQuerySet.word_separators


class RecordForm(VersionedForm, forms.ModelForm):
    """A record's form, with the reason for the change that its history row keeps, and the
    version it was opened at (records.admin.versions)."""

    record_version = version_field()

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


def link_tables():
    """The tables Django makes for many-to-many fields (a congress's sources), by plural name."""
    return {
        str(model._meta.verbose_name_plural): f"{capfirst(model._meta.verbose_name)}: "
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created
    }


def without_links(nested, prefixes):
    """The delete summary's nested list of "Kind: record" lines, less the lines of link rows."""
    kept = []
    for item in nested:
        if isinstance(item, list):
            item = without_links(item, prefixes)
            if item:
                kept.append(item)
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept


class LinksLeftOutOfDeletion:
    """A delete confirmation that lists the records deleted, not the links that go with them.

    Deleting a congress deletes its rows in the table linking it to its sources, which Django
    listed as "Congress-source relationships: 1 / Congress_sources object (2)": English words
    made of class names that no translation reaches, about rows the clerk never sees. The
    sources themselves stay, so there is nothing to tell.
    """

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = link_tables()
        prefixes = tuple(links.values())
        model_count = {name: count for name, count in model_count.items() if str(name) not in links}
        return without_links(to_delete, prefixes), model_count, perms_needed, protected


class RecordAdmin(LinksLeftOutOfDeletion, ScopedAdminMixin, SimpleHistoryAdmin):
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

    def get_changelist(self, request, **kwargs):
        return RecordChangeList

    def get_list_display(self, request):
        # A page of 50 rows prints each cell 50 times: names, labels and dates as Django prints
        # them, worked out once (records.changelists).
        return cheap_columns(self.model, super().get_list_display(request))

    def get_search_results(self, request, queryset, search_term):
        # The QuerySet's search() is the one spelling of the question, shared with the list pages
        # and every autocomplete: words in any order, without diacritics, abbreviations both
        # ways (records.search). A model without its own search() (posts, figures, successions)
        # is searched the same way through the keys its search_fields name.
        if hasattr(queryset, "search"):
            return queryset.search(search_term), False
        fields = [name.removesuffix("__contains") for name in self.get_search_fields(request)]
        condition = search.terms_condition(fields, search.search_terms(search_term), KEY_SEPARATORS)
        return queryset.filter(condition), False

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

    def get_changeform_initial_data(self, request):
        # "Thêm ..." links prefill an add page from its address (?congress=12). Django hands such a
        # value to the field's autocomplete widget, which looks it up as it is: "?congress=abc"
        # was a server error. A value that cannot be a key of the field's records is left out.
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.is_relation or field.remote_field is None:
                continue
            key = field.target_field if field.many_to_one or field.one_to_one else field.related_model._meta.pk
            try:
                for item in value if isinstance(value, list) else [value]:
                    key.run_validators(key.to_python(item))
            except ValidationError:
                del initial[name]
        return initial

    def get_fields(self, request, obj=None):
        # Both are shown in the fieldset get_fieldsets() adds.
        shown_apart = (REASON_FIELD, VERSION_FIELD)
        return [name for name in super().get_fields(request, obj) if name not in shown_apart]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if self.has_change_permission(request, obj) if obj else self.has_add_permission(request):
            # The version, a hidden field, on a line of its own.
            fieldsets.append((_("Lưu vết"), {"fields": [REASON_FIELD, *([VERSION_FIELD] if obj else [])]}))
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


class SourcedRecordAdmin(RecordAdmin):
    """A record that cites its sources, chosen by autocomplete and shown last with the note."""

    def get_autocomplete_fields(self, request):
        return [*super().get_autocomplete_fields(request), "sources"]

    def get_fields(self, request, obj=None):
        # Inherited fields would come first; a record reads better with its sources last.
        fields = [name for name in super().get_fields(request, obj) if name not in ("sources", "note")]
        return [*fields, "sources", "note"]


class SourcedInline(VersionedInlineMixin, ScopedInlineMixin, admin.TabularInline):
    """Rows of records in scope inside their parent's page, each carrying its version; their sources
    are edited on their own page."""

    extra = 0
    formfield_overrides = RecordAdmin.formfield_overrides
    show_change_link = True


class ReadOnlyAdminMixin:
    """An admin that shows records the system writes itself (the access log, merges): no add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
