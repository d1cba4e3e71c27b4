"""Keys for the read API (records.models.ApiToken): a manager creates them, sees each once, and
revokes them.

A manager gives keys to the users they manage (records.rules: the keys of users in their scope),
and a key reads as its user. Creating one shows the key on the page that follows, once, and never
again: the database keeps its digest only. A key is never edited, only revoked, with the action
of the list; it is not deleted either, since the access log names it for every read it made.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from records.forms import VietnameseDateField
from records.models import ApiToken

from .scoping import ScopedAdminMixin

# A new key's life unless the manager chooses another.
DEFAULT_LIFE = datetime.timedelta(days=90)
ADD_FIELDS = ["name", "user", "expires_at"]
SHOWN_FIELDS = [
    "name",
    "user",
    "prefix",
    "status",
    "created_at",
    "created_by",
    "expires_at",
    "last_used_at",
    "revoked_at",
    "revoked_by",
]


class ApiTokenForm(forms.ModelForm):
    expires_at = VietnameseDateField(
        label=_("Hết hạn ngày"),
        help_text=_("Mã hết hiệu lực từ đầu ngày này; ví dụ 31/12/2026."),
        widget=widgets.AdminDateWidget,
    )

    class Meta:
        model = ApiToken
        fields = ADD_FIELDS

    def clean_expires_at(self):
        day = self.cleaned_data["expires_at"]
        if day <= timezone.localdate():
            raise ValidationError(
                _("Ngày hết hạn %(day)s phải sau hôm nay."),
                code="past",
                params={"day": day.strftime("%d/%m/%Y")},
            )
        # The start of that day where the office is.
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "user", "prefix", "status", "created_at", "expires_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return ADD_FIELDS if obj is None else SHOWN_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else SHOWN_FIELDS

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {**initial, "expires_at": timezone.localdate() + DEFAULT_LIFE}

    @admin.display(description=_("trạng thái"))
    def status(self, token):
        return token.get_status_display()

    def save_model(self, request, obj, form, change):
        if not change:
            key = ApiToken.new_key()
            obj.set_key(key)
            obj.created_by = request.user
            # For response_add(), the one page that shows it.
            request.api_key_shown_once = key
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Mã truy cập API mới"),
            "token": obj,
            "key": request.api_key_shown_once,
        }
        response = TemplateResponse(request, "admin/records/apitoken/created.html", context)
        # Neither the browser nor a proxy keeps the page that holds the key.
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Thu hồi các mã truy cập đã chọn"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke(request.user)
            self.log_change(request, token, gettext("Thu hồi mã truy cập"))
            revoked += 1
        self.message_user(
            request,
            ngettext("Đã thu hồi %(count)d mã truy cập.", "Đã thu hồi %(count)d mã truy cập.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )
