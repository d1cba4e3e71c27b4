from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import vietnamese
from ..search import KeySearchQuerySet
from .base import RecordQuerySet, SourcedRecord


class DocumentType(models.TextChoices):
    RESOLUTION = "NQ", _("Nghị quyết")
    DECREE = "NĐ", _("Nghị định")
    DECISION = "QĐ", _("Quyết định")
    REGULATION = "QĐi", _("Quy định")
    DIRECTIVE = "CT", _("Chỉ thị")
    CONCLUSION = "KL", _("Kết luận")
    CIRCULAR = "TT", _("Thông tư")
    LAW = "L", _("Luật")
    PLAN = "KH", _("Kế hoạch")
    PROGRAMME = "CTr", _("Chương trình")
    GUIDANCE = "HD", _("Hướng dẫn")
    NOTICE = "TB", _("Thông báo")
    OTHER = "khac", _("Văn bản khác")


class LegalDocumentQuerySet(KeySearchQuerySet, RecordQuerySet):
    # search(): any part of the symbol or the summary, without diacritics.
    key_fields = ("search_key",)


class LegalDocument(SourcedRecord):
    """A resolution, decree, decision or other document with a symbol (số ký hiệu)."""

    symbol = models.CharField(
        _("số ký hiệu"),
        max_length=100,
        blank=True,
        help_text=_("Viết như trong văn bản: 1669/NQ-UBTVQH15, 30/2020/NĐ-CP, 68-NQ/TW."),
    )
    number = models.CharField(_("số"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("năm trong số ký hiệu"), null=True, blank=True)
    document_type = models.CharField(_("loại văn bản"), max_length=10, choices=DocumentType)
    issuer = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=30, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=1000, blank=True)
    url = models.URLField(_("địa chỉ"), max_length=1000, blank=True)
    symbol_key = models.CharField(_("khóa so khớp"), max_length=100, editable=False, db_index=True)
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=1200, editable=False, db_index=True)

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = pgettext_lazy("số nhiều", "văn bản")
        permissions = [
            ("import_legaldocument", "Nhập văn bản từ bảng tính"),
            ("export_legaldocument", "Xuất văn bản ra bảng tính"),
        ]
        ordering = ["-issued_on", "symbol_key", "id"]
        # The admin's filter by year reads the years from it (records.changelists).
        indexes = [models.Index(fields=["year"], name="records_legaldocument_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(document_type__in=DocumentType.values),
                name="%(app_label)s_%(class)s_type_valid",
                violation_error_message=_("Loại văn bản không có trong danh sách loại văn bản."),
            ),
            # A document nobody can name cannot be cited.
            models.CheckConstraint(
                condition=~Q(symbol="") | ~Q(summary=""),
                name="%(app_label)s_%(class)s_symbol_or_summary",
                violation_error_message=_("Văn bản cần có số ký hiệu hoặc trích yếu."),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1945, year__lte=2100),
                name="%(app_label)s_%(class)s_year_plausible",
                violation_error_message=_("Năm trong số ký hiệu phải từ 1945 đến 2100."),
            ),
            # A bare number ("Nghị quyết 68") is only unique together with its issuer.
            models.UniqueConstraint(
                fields=["issuer", "document_type", "symbol_key"],
                condition=~Q(symbol_key=""),
                name="%(app_label)s_%(class)s_unique_symbol",
                violation_error_message=_(
                    "Cơ quan ban hành này đã có một văn bản cùng loại văn bản và số ký hiệu."
                ),
            ),
        ]

    def __str__(self):
        label = self.get_document_type_display()
        if self.symbol:
            return f"{label} {self.symbol}"
        return self.summary

    def get_absolute_url(self):
        return reverse("document-detail", kwargs={"uid": self.uid})

    def normalise(self):
        super().normalise()
        self.symbol = vietnamese.clean_name(self.symbol)
        self.summary = vietnamese.clean_name(self.summary)
        parsed = self.parsed_symbol()
        if parsed is not None:
            self.number, self.year, self.issuer_code = parsed.number, parsed.year, parsed.issuer_code
        # The key is taken from the canonical spelling, so "15 - NQ/ĐU" and "Số 15-NQ/ĐU"
        # are the same document as "15-NQ/ĐU".
        self.symbol_key = vietnamese.identity_key(
            vietnamese.format_document_symbol(parsed) if parsed is not None else self.symbol
        )
        self.search_key = vietnamese.search_key(f"{self.symbol} {self.summary}")

    def parsed_symbol(self):
        """The symbol's parts, or None when there is no symbol or it cannot be read."""
        try:
            return vietnamese.parse_document_symbol(self.symbol) if self.symbol else None
        except ValueError:
            return None

    def clean(self):
        super().clean()
        if self.symbol:
            try:
                parsed = vietnamese.parse_document_symbol(self.symbol)
            except ValueError as error:
                raise ValidationError({"symbol": str(error)}) from error
            # "1234/BNV-TCBC" has an issuer where a type code would be: only known codes are compared.
            if parsed.type_code in DocumentType.values and parsed.type_code != self.document_type:
                raise ValidationError(
                    {
                        "document_type": _("Số ký hiệu %(symbol)s là của loại văn bản %(code)s.")
                        % {"symbol": self.symbol, "code": parsed.type_code}
                    }
                )
