"""Users with their roles and organisations, and the access log."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from records import access
from records.changelists import CleanChangeList
from records.models import AccessLog, AccessScope

from .base import LinksLeftOutOfDeletion, ReadOnlyAdminMixin
from .scoping import ScopedAdminMixin, ScopedInlineMixin

# The apps whose permissions a role or a user can be given here: those with admin pages.
PERMISSION_APPS = ("auth", "records", "congress")
DEFAULT_ACTIONS = {
    "add": _("Thêm %(records)s"),
    "change": _("Sửa %(records)s"),
    "delete": _("Xóa %(records)s"),
    "view": _("Xem %(records)s"),
}


class PermissionField(forms.ModelMultipleChoiceField):
    """Permissions named in the reader's language.

    Django writes a permission's name into the database once, in the language of the
    migration ("Can add người"); the name shown is made from the codename and the model's
    verbose name instead. Permissions of models without admin pages here (sessions, the
    history tables, the task queue, django-axes) are left out: no role needs them.
    """

    def label_from_instance(self, permission):
        model = permission.content_type.model_class()
        if model is None:
            return permission.name
        action = permission.codename.removesuffix(f"_{model._meta.model_name}")
        name = permission.name
        if action in DEFAULT_ACTIONS:
            name = DEFAULT_ACTIONS[action] % {"records": model._meta.verbose_name}
        app = capfirst(model._meta.app_config.verbose_name)
        return f"{app} | {capfirst(model._meta.verbose_name)} | {name}"


def permission_field(kwargs):
    kwargs["queryset"] = (
        Permission.objects.filter(content_type__app_label__in=PERMISSION_APPS)
        .exclude(content_type__model__startswith="historical")
        .select_related("content_type")
    )
    kwargs["form_class"] = PermissionField
    return kwargs


class AccessScopeInline(ScopedInlineMixin, admin.StackedInline):
    model = AccessScope
    can_delete = False
    autocomplete_fields = ["organisations"]
    verbose_name_plural = _("phạm vi hồ sơ")
    required_in_scope = True
    required_message = _("Hãy giao cho người dùng ít nhất một tổ chức thuộc phạm vi của bạn.")


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(LinksLeftOutOfDeletion, GroupAdmin):
    """The roles, as Django's groups, with a changelist that reads a cleaned address."""

    def get_changelist(self, request, **kwargs):
        return CleanChangeList

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "permissions":
            kwargs = permission_field(kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(User)
class ScopedUserAdmin(LinksLeftOutOfDeletion, ScopedAdminMixin, UserAdmin):
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
        if db_field.name == "user_permissions":
            kwargs = permission_field(kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Logins, failed logins, exports and reads through the API, as the system wrote them: read only."""

    list_display = ["at", "kind", "username", "path", "query", "rows", "ip_address", "api_token"]
    list_filter = ["kind"]
    list_select_related = ["user", "api_token"]
    search_fields = ["username", "path", "query"]
    date_hierarchy = "at"
    readonly_fields = ["kind", "user", "username", "at", "path", "query", "rows", "ip_address", "api_token"]
    show_full_result_count = False
