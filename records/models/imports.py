import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SheetStep(models.TextChoices):
    PREVIEW = "preview", _("xem trước")
    IMPORT = "import", _("nhập")


class SheetStatus(models.TextChoices):
    QUEUED = "queued", _("đang chờ")
    RUNNING = "running", _("đang chạy")
    DONE = "done", _("xong")
    FAILED = "failed", _("lỗi")


class SheetPreview(models.Model):
    """A file a clerk previewed in the admin, and when its confirmation imported it.

    The confirm step claims its preview with one UPDATE inside the import's transaction, so
    that a double click or a second tab imports the file once: the second confirmation finds
    the preview claimed and writes nothing. A refused import rolls its claim back with it.
    Written by the system only, one row per preview.

    A file of more than settings.SHEET_BACKGROUND_ROWS rows is previewed, and then imported, by
    a background task (records.sheets.tasks): the row then also holds the file and what the
    task needs to run it, its step (preview, then import) and status, and its report when done,
    so that the clerk can leave the page and come back to it. The task's progress, written
    while the import's transaction is open, is kept apart (SheetProgress).
    """

    Step = SheetStep
    Status = SheetStatus

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
    # When the preview began reading the records (a background preview may wait in the queue
    # first): a record edited after it refuses the confirmation (records.sheets.edits).
    read_at = models.DateTimeField(_("thời điểm đọc hồ sơ"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("thời điểm nhập"), null=True, blank=True)
    source = models.ForeignKey(
        "records.Source",
        verbose_name=_("nguồn ghi được"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The step a background task is at and how it stands; a preview done while the page
    # waited is a preview, done.
    step = models.CharField(_("bước"), max_length=10, choices=SheetStep.choices, default=SheetStep.PREVIEW)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DONE
    )
    in_background = models.BooleanField(_("chạy nền"), default=False)
    # What the task runs on: the file itself (in the database, so that a worker on another
    # machine reads it too; emptied once nothing is left to do with it), the congress the
    # list belongs to (its id as the form gave it) and the reason.
    data = models.BinaryField(_("nội dung tệp"), default=b"", editable=False)
    congress_key = models.CharField(_("mã đại hội"), max_length=20, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    rows_total = models.PositiveIntegerField(_("số dòng của tệp"), default=0)
    # The report of the last step, as records.sheets.report.ImportReport.as_data() gives it.
    report = models.JSONField(_("kết quả"), null=True, blank=True)
    error = models.TextField(_("lỗi khi chạy"), blank=True)
    started_at = models.DateTimeField(_("thời điểm bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần xem trước tệp nhập")
        verbose_name_plural = pgettext_lazy("số nhiều", "lần xem trước tệp nhập")
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=""),
                name="%(app_label)s_%(class)s_kind_present",
                violation_error_message=_("Lần xem trước tệp nhập phải có loại bảng tính."),
            ),
            models.CheckConstraint(
                condition=Q(checksum__regex=r"^[0-9a-f]{64}$"),
                name="%(app_label)s_%(class)s_checksum_sha256",
                violation_error_message=_("Mã kiểm tra (SHA-256) phải gồm 64 ký tự 0–9, a–f."),
            ),
            models.CheckConstraint(
                condition=Q(claimed_at__isnull=True) | Q(claimed_at__gte=F("created_at")),
                name="%(app_label)s_%(class)s_claimed_after_preview",
                violation_error_message=_("Thời điểm nhập không được trước lúc xem trước tệp."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(claimed_at__isnull=True) | Q(read_at__isnull=True) | Q(claimed_at__gte=F("read_at"))
                ),
                name="%(app_label)s_%(class)s_claimed_after_reading",
                violation_error_message=_("Thời điểm nhập không được trước lúc đọc hồ sơ để xem trước."),
            ),
            # Only an import writes a Source, and only a claimed preview is imported.
            models.CheckConstraint(
                condition=Q(source__isnull=True) | Q(claimed_at__isnull=False),
                name="%(app_label)s_%(class)s_source_only_when_claimed",
                violation_error_message=_("Chỉ tệp đã được nhập mới có nguồn ghi được."),
            ),
            models.CheckConstraint(
                condition=Q(step__in=SheetStep.values),
                name="%(app_label)s_%(class)s_step_valid",
                violation_error_message=_("Bước phải là xem trước hoặc nhập."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=SheetStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Trạng thái phải là đang chờ, đang chạy, xong hoặc thất bại."),
            ),
            # Only a background task waits in a queue or runs.
            models.CheckConstraint(
                condition=Q(in_background=True) | Q(status__in=[SheetStatus.DONE, SheetStatus.FAILED]),
                name="%(app_label)s_%(class)s_only_tasks_wait",
                violation_error_message=_("Chỉ việc chạy nền mới có thể đang chờ hoặc đang chạy."),
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="records_sheetpreview_user_idx")]

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"

    @property
    def counts(self):
        return (self.rows_created, self.rows_changed, self.rows_unchanged)

    @property
    def records_read_at(self):
        """When the preview read the records; for a preview kept before this was, when it was made."""
        return self.read_at or self.created_at

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

    @property
    def finished(self):
        return self.status in (SheetStatus.DONE, SheetStatus.FAILED)

    @property
    def refused(self):
        """Whether the step's report refused the file (its errors are in the report)."""
        return bool(self.report and self.report.get("errors"))

    @property
    def state(self):
        """Where the file stands, as the list of a clerk's imports says it."""
        if self.status == SheetStatus.FAILED:
            return _("Lỗi khi chạy")
        if self.status == SheetStatus.QUEUED:
            return _("Chờ xem trước") if self.step == SheetStep.PREVIEW else _("Chờ nhập")
        if self.status == SheetStatus.RUNNING:
            return _("Đang xem trước") if self.step == SheetStep.PREVIEW else _("Đang nhập")
        if self.claimed_at is not None:
            return _("Đã nhập")
        if self.refused:
            return _("Bị từ chối")
        return _("Đã xem trước, chờ xác nhận")


class SheetProgress(models.Model):
    """How far a background task has got through its file: rows read, checked, written.

    Written while the import's transaction is open, through a connection of its own, so that
    the page sees it move: it is not a column of SheetPreview because the import locks its
    preview's row (the claim) until it ends. On SQLite, whose one write lock the import holds
    to its end, the table lives in a database file of its own beside the main one
    (records.sheets.progress). A row lives while its task runs.
    """

    preview_id = models.BigIntegerField(_("mã lần xem trước"), primary_key=True)
    rows_read = models.PositiveIntegerField(_("số dòng đã đọc"), default=0)
    rows_checked = models.PositiveIntegerField(_("số dòng đã kiểm tra"), default=0)
    rows_written = models.PositiveIntegerField(_("số dòng đã ghi"), default=0)
    rows_total = models.PositiveIntegerField(_("số dòng của tệp"), default=0)
    # Seconds since the epoch of the last write: the task's heartbeat.
    beat_at = models.FloatField(_("lần ghi cuối"))

    class Meta:
        verbose_name = _("tiến độ nhập tệp")
        verbose_name_plural = pgettext_lazy("số nhiều", "tiến độ nhập tệp")
        ordering = ["preview_id"]

    def __str__(self):
        return f"{self.preview_id}: {self.rows_checked}/{self.rows_total}"
