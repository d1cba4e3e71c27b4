"""What a congress's report says the past term achieved against its targets (chỉ tiêu)."""

from decimal import Decimal

from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records import vietnamese
from records.fields import QuantityField
from records.models import RecordQuerySet, SourcedRecord
from records.search import KeySearchQuerySet

from .congresses import Congress


class IndicatorQuerySet(KeySearchQuerySet, RecordQuerySet):
    # search(): the indicator's name and result, and the organisation whose congress set it.
    key_fields = ("search_key", "congress__organisation__search_key")

    def having_status(self, status):
        """Indicators whose derived status is the given one, decided by the database."""
        return self.filter(self.status_condition(status))

    def with_status_rank(self):
        """Annotate `status_rank`: the derived status as a number to sort by, exceeded first,
        unknown last (the order of IndicatorStatus)."""
        return self.annotate(
            status_rank=Case(
                *(
                    When(self.status_condition(status), then=Value(rank))
                    for rank, status in enumerate(IndicatorStatus.values)
                ),
                output_field=IntegerField(),
            )
        )

    @staticmethod
    def status_condition(status):
        """The derived status (Indicator.status) as a condition the database can check."""
        numbers = Q(target__isnull=False, actual__isnull=False)
        higher = Q(direction=IndicatorDirection.HIGHER)
        lower = Q(direction=IndicatorDirection.LOWER)
        if status == IndicatorStatus.MET:
            derived = Q(actual=F("target"))
        elif status == IndicatorStatus.EXCEEDED:
            derived = (higher & Q(actual__gt=F("target"))) | (lower & Q(actual__lt=F("target")))
        elif status == IndicatorStatus.NOT_MET:
            derived = (higher & Q(actual__lt=F("target"))) | (lower & Q(actual__gt=F("target")))
        else:
            return ~numbers & Q(assessed_status__in=["", IndicatorStatus.UNKNOWN])
        return (numbers & derived) | (~numbers & Q(assessed_status=status))


class IndicatorDirection(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class IndicatorStatus(models.TextChoices):
    EXCEEDED = "exceeded", _("Vượt chỉ tiêu")
    MET = "met", _("Đạt chỉ tiêu")
    NOT_MET = "not_met", _("Không đạt")
    UNKNOWN = "unknown", _("Chưa đánh giá")


class Indicator(SourcedRecord):
    """A target (chỉ tiêu) of a term and what was achieved against it."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="indicators"
    )
    period_start = models.PositiveSmallIntegerField(_("giai đoạn từ năm"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("giai đoạn đến năm"), null=True, blank=True)
    name = models.CharField(_("chỉ tiêu"), max_length=500)
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    target = QuantityField(_("kế hoạch"), max_digits=18, decimal_places=4, null=True, blank=True)
    actual = QuantityField(_("thực hiện"), max_digits=18, decimal_places=4, null=True, blank=True)
    direction = models.CharField(
        _("chiều"), max_length=10, choices=IndicatorDirection, default=IndicatorDirection.HIGHER
    )
    result = models.CharField(
        _("kết quả"), max_length=1000, blank=True, help_text=_("Kết quả bằng lời khi không có số liệu.")
    )
    assessed_status = models.CharField(
        _("đánh giá"),
        max_length=10,
        choices=IndicatorStatus,
        blank=True,
        help_text=_(
            "Chỉ dùng khi không có số liệu kế hoạch và thực hiện; có số liệu thì hệ thống tự đánh giá."
        ),
    )

    search_key = models.TextField(_("khóa tìm kiếm"), editable=False, default="")

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = pgettext_lazy("số nhiều", "chỉ tiêu")
        permissions = [
            ("import_indicator", "Nhập chỉ tiêu từ bảng tính"),
            ("export_indicator", "Xuất chỉ tiêu ra bảng tính"),
        ]
        ordering = ["congress_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="%(app_label)s_%(class)s_name_present",
                violation_error_message=_("Tên chỉ tiêu không được để trống."),
            ),
            models.CheckConstraint(
                condition=Q(direction__in=IndicatorDirection.values),
                name="%(app_label)s_%(class)s_direction_valid",
                violation_error_message=_("Chiều phải là càng cao càng tốt hoặc càng thấp càng tốt."),
            ),
            models.CheckConstraint(
                condition=Q(assessed_status="") | Q(assessed_status__in=IndicatorStatus.values),
                name="%(app_label)s_%(class)s_assessed_status_valid",
                violation_error_message=_("Đánh giá không có trong danh sách đánh giá."),
            ),
            # Where both numbers are known the status follows from them.
            models.CheckConstraint(
                condition=Q(assessed_status="") | Q(target__isnull=True) | Q(actual__isnull=True),
                name="%(app_label)s_%(class)s_assessed_only_without_numbers",
                violation_error_message=_(
                    "Chỉ ghi đánh giá khi thiếu kế hoạch hoặc thực hiện; có đủ hai số thì kết quả được tính "
                    "từ số."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True, period_end__isnull=True)
                | Q(
                    period_start__isnull=False,
                    period_end__isnull=False,
                    period_start__gte=1930,
                    period_end__lte=2200,
                    period_end__gte=F("period_start"),
                ),
                name="%(app_label)s_%(class)s_period_plausible",
                violation_error_message=_(
                    "Giai đoạn từ năm và giai đoạn đến năm phải ghi cả hai hoặc để trống cả hai, từ năm 1930 "
                    "đến 2200, năm đến không trước năm từ."
                ),
            ),
            models.UniqueConstraint(
                fields=["congress", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("Đại hội này đã có một chỉ tiêu cùng tên."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("indicator-detail", kwargs={"uid": self.uid})

    def normalise(self):
        super().normalise()
        self.name = vietnamese.clean_name(self.name)
        self.unit = vietnamese.clean_name(self.unit)
        self.result = vietnamese.clean_name(self.result)
        self.search_key = vietnamese.search_key(f"{self.name} {self.result}")

    @property
    def period(self):
        if self.period_start is None:
            return ""
        return f"{self.period_start}–{self.period_end}"

    @property
    def achievement(self):
        """Actual as a percentage of target, where that means something (higher is better)."""
        if self.direction != IndicatorDirection.HIGHER or self.target in (None, 0) or self.actual is None:
            return None
        return (Decimal(self.actual) / Decimal(self.target) * 100).quantize(Decimal("0.1"))

    @property
    def status(self):
        if self.target is None or self.actual is None:
            return self.assessed_status or IndicatorStatus.UNKNOWN
        if self.actual == self.target:
            return IndicatorStatus.MET
        better = (
            self.actual > self.target
            if self.direction == IndicatorDirection.HIGHER
            else self.actual < self.target
        )
        return IndicatorStatus.EXCEEDED if better else IndicatorStatus.NOT_MET

    def get_status_display(self):
        return IndicatorStatus(self.status).label
