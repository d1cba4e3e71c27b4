from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class AccessScope(models.Model):
    """The organisations a user is given: they see and change the records of those and everything below.

    A user with no organisations sees nothing; superusers see everything whatever is set here.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="access_scope",
    )
    organisations = models.ManyToManyField(
        "records.Organisation",
        verbose_name=_("tổ chức được giao"),
        blank=True,
        related_name="+",
        help_text=_("Người dùng xem và sửa hồ sơ của các tổ chức này và mọi tổ chức trực thuộc."),
    )

    # Who was given which organisations, and by whom, is itself part of the audit trail.
    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        verbose_name = _("phạm vi hồ sơ")
        verbose_name_plural = pgettext_lazy("số nhiều", "phạm vi hồ sơ")
        ordering = ["user_id", "id"]
        permissions = [
            # A clerk may delete only what cites no source; a manager may delete anything in scope.
            ("delete_sourced", "Xóa bản ghi đã dẫn nguồn"),
        ]

    def __str__(self):
        return _("Phạm vi của %(user)s") % {"user": self.user}


class AccessEvent(models.TextChoices):
    LOGIN = "login", _("Đăng nhập")
    LOGIN_FAILED = "login_failed", _("Đăng nhập không thành công")
    EXPORT = "export", _("Xuất bảng tính")
    API_READ = "api_read", _("Đọc qua API")


class AccessLog(models.Model):
    """A login, a failed login, an export or a read through the API: who, when, from where, what was
    asked for, how many rows, and for a read through the API, with which key.

    Written by the system only; nobody adds, changes or deletes an entry.
    """

    kind = models.CharField(_("sự kiện"), max_length=20, choices=AccessEvent)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(
        _("tên đăng nhập đã gõ"),
        max_length=150,
        blank=True,
        help_text=_("Ghi cả khi không có người dùng này."),
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    path = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    query = models.TextField(_("bộ lọc"), blank=True)
    rows = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    api_token = models.ForeignKey(
        "records.ApiToken",
        verbose_name=_("mã truy cập API"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reads",
    )

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = pgettext_lazy("số nhiều", "nhật ký truy cập")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AccessEvent.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_(
                    "Sự kiện truy cập phải là đăng nhập, đăng nhập không thành công, xuất dữ liệu "
                    "hoặc đọc qua API."
                ),
            ),
            # Only an export or a read through the API has a row count.
            models.CheckConstraint(
                condition=Q(rows__isnull=True) | Q(kind__in=[AccessEvent.EXPORT, AccessEvent.API_READ]),
                name="%(app_label)s_%(class)s_rows_only_for_reads",
                violation_error_message=_("Chỉ lượt xuất dữ liệu hoặc đọc qua API mới ghi số dòng."),
            ),
            models.CheckConstraint(
                condition=Q(api_token__isnull=True) | Q(kind=AccessEvent.API_READ),
                name="%(app_label)s_%(class)s_token_only_for_api_reads",
                violation_error_message=_("Chỉ lượt đọc qua API mới ghi mã truy cập API."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username or '—'}"
