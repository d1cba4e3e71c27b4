import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SheetPreview(models.Model):
    """A file a clerk previewed in the admin, and when its confirmation imported it.

    The confirm step claims its preview with one UPDATE inside the import's transaction, so
    that a double click or a second tab imports the file once: the second confirmation finds
    the preview claimed and writes nothing. A refused import rolls its claim back with it.
    Written by the system only, one row per preview.
    """

    token = models.UUIDField(_("mã xem trước"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại bảng tính"), max_length=50)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    checksum = models.CharField(_("mã kiểm tra (SHA-256)"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem trước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the preview said the file would do: the import must find the same, or the
    # records changed meanwhile and the clerk confirmed something they did not see.
    rows_created = models.PositiveIntegerField(_("số dòng mới"), default=0)
    rows_changed = models.PositiveIntegerField(_("số dòng thay đổi"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("số dòng không đổi"), default=0)
    created_at = models.DateTimeField(_("thời điểm xem trước"), default=timezone.now)
    claimed_at = models.DateTimeField(_("thời điểm nhập"), null=True, blank=True)
    source = models.ForeignKey(
        "records.Source",
        verbose_name=_("nguồn ghi được"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lần xem trước tệp nhập")
        verbose_name_plural = pgettext_lazy("số nhiều", "lần xem trước tệp nhập")
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind=""), name="%(app_label)s_%(class)s_kind_present"),
            models.CheckConstraint(
                condition=Q(checksum__regex=r"^[0-9a-f]{64}$"),
                name="%(app_label)s_%(class)s_checksum_sha256",
            ),
            models.CheckConstraint(
                condition=Q(claimed_at__isnull=True) | Q(claimed_at__gte=F("created_at")),
                name="%(app_label)s_%(class)s_claimed_after_preview",
            ),
            # Only an import writes a Source, and only a claimed preview is imported.
            models.CheckConstraint(
                condition=Q(source__isnull=True) | Q(claimed_at__isnull=False),
                name="%(app_label)s_%(class)s_source_only_when_claimed",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"

    @property
    def counts(self):
        return (self.rows_created, self.rows_changed, self.rows_unchanged)

    def claim(self):
        """Mark the preview imported, now, in the caller's transaction; False when it already was.

        One UPDATE that only an unclaimed preview passes: of two confirmations at once, the
        database lets one through, and the other waits for the row (PostgreSQL) or the write
        lock (SQLite) and then finds the preview claimed.
        """
        now = timezone.now()
        claimed = SheetPreview.objects.filter(pk=self.pk, claimed_at__isnull=True).update(claimed_at=now)
        if claimed:
            self.claimed_at = now
        else:
            self.refresh_from_db(fields=["claimed_at"])
        return bool(claimed)
