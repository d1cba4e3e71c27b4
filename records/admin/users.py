"""Users with their roles and organisations, and the access log."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from records import access
from records.models import AccessLog, AccessScope

from .scoping import ScopedAdminMixin, ScopedInlineMixin


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
