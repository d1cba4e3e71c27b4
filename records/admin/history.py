"""A record's history in the admin: reverting to an earlier version, and bringing deleted records back.

Which deleted records a user may see is declared once per model, beside its scope rule
(`deleted=` of records.access.register, in records/rules.py and the congress app's rules);
RestoreDeletedMixin only asks the user's scope for them.
"""

from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin

from records import access, audit


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


def may_delete(user, record):
    opts = record._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('delete', opts)}", record)


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

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        # Failing closed, as records.access does: no rule, no page of deleted records.
        if not access.is_registered(self.model) or access.rule_for(self.model).deleted is None:
            errors.append(
                checks.Error(
                    f"{self.model._meta.label} lists its deleted records, but no rule says which "
                    "of them lie in a scope.",
                    hint="Pass deleted= to records.access.register(), beside the model's scope rule.",
                    obj=type(self),
                    id="records.E001",
                )
            )
        return errors

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
        return access.scope_of(request.user).filter_deleted(self.model, audit.deleted(self.model))

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
