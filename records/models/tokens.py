import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Every key starts so, which tells a leaked key for what it is (secret scanners look for such
# starts); the characters after it are 32 random bytes, URL-safe base64.
KEY_START = "hsdh_"
# What the admin shows of a key to tell keys apart: its start and the first random characters.
PREFIX_LENGTH = len(KEY_START) + 6
# A key longer than any this site hands out is not looked up.
MAX_KEY_LENGTH = 100


def key_digest(key):
    """The SHA-256 of a key, as kept in the database. A key is 256 random bits, so a fast hash
    keeps it as safe as a slow one keeps a password, and a look-up by digest costs no more than
    a look-up by id."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, at=None):
        """Keys that open the API now: not revoked, not expired, of a user who is still active."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now(), user__is_active=True)

    def for_key(self, key):
        """The usable token of a key as typed, with its user; None for any other text."""
        if not key or len(key) > MAX_KEY_LENGTH:
            return None
        return self.usable().select_related("user").filter(digest=key_digest(key)).first()


class ApiTokenStatus(models.TextChoices):
    ACTIVE = "active", _("Đang dùng được")
    EXPIRED = "expired", _("Đã hết hạn")
    REVOKED = "revoked", _("Đã thu hồi")


class ApiToken(models.Model):
    """A key another system reads the API with (records.api), on behalf of one user: it sees what
    that user sees, as the read pages show it.

    Created and revoked by a manager in the admin. The key is shown once, when it is created:
    only its SHA-256 digest and its first characters are kept, so that neither a backup nor a
    look at the database gives it away.
    """

    name = models.CharField(
        _("tên"), max_length=200, help_text=_("Hệ thống dùng mã này, ví dụ “Cổng thông tin thành phố”.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("Mã xem đúng những hồ sơ người dùng này được xem, với quyền của người dùng này."),
    )
    prefix = models.CharField(_("phần đầu của mã"), max_length=20, editable=False)
    digest = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("lần dùng gần nhất"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = pgettext_lazy("số nhiều", "mã truy cập API")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="%(app_label)s_%(class)s_name_present",
                violation_error_message=_("Tên của mã truy cập không được để trống."),
            ),
            models.CheckConstraint(
                condition=Q(digest__regex=r"^[0-9a-f]{64}$"),
                name="%(app_label)s_%(class)s_digest_sha256",
                violation_error_message=_("Mã băm phải gồm 64 ký tự 0–9, a–f."),
            ),
            models.CheckConstraint(
                condition=Q(prefix__startswith=KEY_START),
                name="%(app_label)s_%(class)s_prefix_of_a_key",
                violation_error_message=_("Phần đầu của mã phải bắt đầu bằng “hsdh_”."),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="%(app_label)s_%(class)s_expires_after_created",
                violation_error_message=_("Thời điểm hết hạn phải sau thời điểm tạo."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="%(app_label)s_%(class)s_revoked_by_when_revoked",
                violation_error_message=_("Chỉ mã đã thu hồi mới ghi người thu hồi."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key():
        return KEY_START + secrets.token_urlsafe(32)

    def set_key(self, key):
        """Keep what the database may hold of a new key: its digest and its first characters."""
        self.prefix = key[:PREFIX_LENGTH]
        self.digest = key_digest(key)

    @property
    def status(self):
        if self.revoked_at is not None:
            return ApiTokenStatus.REVOKED
        if self.expires_at <= timezone.now():
            return ApiTokenStatus.EXPIRED
        return ApiTokenStatus.ACTIVE

    def get_status_display(self):
        return ApiTokenStatus(self.status).label

    def mark_used(self):
        """Record that the key opened the API now: one UPDATE, without reading the row again."""
        self.last_used_at = timezone.now()
        type(self).objects.filter(pk=self.pk).update(last_used_at=self.last_used_at)

    def revoke(self, by):
        """Close the key for good; a revoked key stays, with the reads it made, in the access log."""
        if self.revoked_at is None:
            self.revoked_at, self.revoked_by = timezone.now(), by
            self.save(update_fields=["revoked_at", "revoked_by"])
