from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import vietnamese
from ..search import KeySearchQuerySet
from .base import Record, RecordQuerySet


class SourceQuerySet(KeySearchQuerySet, RecordQuerySet):
    # search(): the title, publisher, author and file name, without diacritics (records.search);
    # every record's form picks its sources by it.
    key_fields = ("search_key",)


class SourceKind(models.TextChoices):
    ARTICLE = "article", _("Bài báo")
    DOCUMENT = "document", _("Văn bản")
    REGISTER = "register", _("Danh mục chính thức")
    SPREADSHEET = "spreadsheet", _("Tệp bảng tính nhập vào")
    MANUAL = "manual", _("Nhập tay")


class Source(Record):
    """Where facts came from: an article, a document, an imported spreadsheet or a clerk's entry."""

    kind = models.CharField(_("loại nguồn"), max_length=20, choices=SourceKind)
    title = models.CharField(_("tiêu đề"), max_length=500)
    url = models.URLField(_("địa chỉ"), max_length=1000, blank=True)
    publisher = models.CharField(_("nơi đăng"), max_length=200, blank=True)
    author = models.CharField(_("tác giả"), max_length=200, blank=True)
    published_on = models.DateField(_("ngày đăng"), null=True, blank=True)
    retrieved_on = models.DateField(_("ngày truy cập"), null=True, blank=True)
    text = models.TextField(_("toàn văn"), blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    checksum = models.CharField(
        _("mã kiểm tra (SHA-256)"),
        max_length=64,
        blank=True,
        help_text=_("Dấu vân tay của tệp nhập vào, để biết hai lần nhập có cùng một tệp hay không."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)
    # What an imported file did: the rows it created and changed cite this source.
    rows_created = models.PositiveIntegerField(_("số dòng tạo mới"), default=0)
    rows_changed = models.PositiveIntegerField(_("số dòng thay đổi"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("số dòng không đổi"), default=0)
    search_key = models.TextField(_("khóa tìm kiếm"), editable=False, default="")

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("nguồn")
        verbose_name_plural = pgettext_lazy("số nhiều", "nguồn")
        ordering = ["-recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Loại nguồn không có trong danh sách loại nguồn."),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="%(app_label)s_%(class)s_title_present",
                violation_error_message=_("Tiêu đề của nguồn không được để trống."),
            ),
            models.CheckConstraint(
                condition=Q(checksum="") | Q(checksum__regex=r"^[0-9a-f]{64}$"),
                name="%(app_label)s_%(class)s_checksum_sha256",
                violation_error_message=_("Mã kiểm tra (SHA-256) phải để trống hoặc gồm 64 ký tự 0–9, a–f."),
            ),
            # An imported file is only traceable through its fingerprint.
            models.CheckConstraint(
                condition=~Q(kind="spreadsheet") | ~Q(checksum=""),
                name="%(app_label)s_%(class)s_spreadsheet_has_checksum",
                violation_error_message=_("Nguồn là tệp bảng tính phải có mã kiểm tra (SHA-256)."),
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(retrieved_on__isnull=True)
                | Q(retrieved_on__gte=F("published_on")),
                name="%(app_label)s_%(class)s_retrieved_after_published",
                violation_error_message=_("Ngày truy cập không được trước ngày đăng."),
            ),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""),
                name="%(app_label)s_%(class)s_unique_url",
                violation_error_message=_("Đã có một nguồn với địa chỉ này."),
            ),
        ]

    def __str__(self):
        return self.title

    def normalise(self):
        super().normalise()
        self.search_key = vietnamese.search_key(f"{self.title} {self.publisher} {self.author} {self.file_name}")
