import unicodedata
from decimal import Decimal

from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..fields import QuantityField
from ..vietnamese import format_number, search_key
from .base import Record, RecordQuerySet, name_of


class FigureQuerySet(RecordQuerySet):
    def with_conflicts(self):
        """Annotate `has_conflict`: another source gives a different value for the same thing.

        Figures as of different days may differ without disagreeing; a figure with no
        date disagrees with any other value.
        """
        differing = (
            Figure.objects.filter(metric=OuterRef("metric"))
            # Exactly one subject is set and NULL never equals NULL, so this matches
            # figures about the same unit or the same organisation.
            .filter(
                Q(administrative_unit_id=OuterRef("administrative_unit_id"))
                | Q(organisation_id=OuterRef("organisation_id"))
            )
            .exclude(value=OuterRef("value"))
        )
        same_day = differing.filter(Q(as_of=OuterRef("as_of")) | Q(as_of__isnull=True))
        return self.annotate(
            has_conflict=ExpressionWrapper(
                Q(Exists(same_day)) | Q(Q(as_of__isnull=True), Exists(differing)),
                output_field=models.BooleanField(),
            )
        )


class FigureMetric(models.TextChoices):
    AREA = "area_km2", _("Diện tích tự nhiên")
    POPULATION = "population", _("Dân số")
    PARTY_MEMBERS = "party_members", _("Số đảng viên")
    PARTY_ORGANISATIONS = "party_organisations", _("Số tổ chức đảng trực thuộc")
    HOUSEHOLDS = "households", _("Số hộ")


class Figure(Record):
    """A number one source states about a unit or an organisation.

    Unlike other records a figure has exactly one source: it means "source S says the
    value is V". When two sources disagree both figures are kept, side by side.
    """

    UNITS = {
        FigureMetric.AREA: _("km²"),
        FigureMetric.POPULATION: pgettext_lazy("đơn vị đo", "người"),
        FigureMetric.PARTY_MEMBERS: _("đảng viên"),
        FigureMetric.PARTY_ORGANISATIONS: pgettext_lazy("đơn vị đo", "tổ chức"),
        FigureMetric.HOUSEHOLDS: _("hộ"),
    }

    # How each metric's unit may be typed after a value ("39,99 km²", "102.648 người"), compared
    # without diacritics, spaces or case (unit_key): "km2" and "km vuông" mean km² too.
    UNIT_SPELLINGS = {
        FigureMetric.AREA: {"km2", "kmvuong"},
        FigureMetric.POPULATION: {"nguoi", "nhankhau", "dan"},
        FigureMetric.PARTY_MEMBERS: {"dangvien"},
        FigureMetric.PARTY_ORGANISATIONS: {
            "tochuc",
            "tochucdang",
            "tochuccosodang",
            "chibo",
            "dangbocoso",
            "chibo,dangbo",
            "chi,dangbo",
        },
        FigureMetric.HOUSEHOLDS: {"ho", "hogiadinh", "hodan"},
    }
    # Units a value may be written in other than the metric's own, and how many of the metric's
    # units one of them is: reports give an area in hectares, recorded in km².
    UNIT_FACTORS = {FigureMetric.AREA: {"ha": Decimal("0.01"), "hecta": Decimal("0.01")}}
    # Number words written between a value and its unit: "19 nghìn dân", "2 vạn người".
    MULTIPLIERS = {"nghin": 1_000, "ngan": 1_000, "van": 10_000, "trieu": 1_000_000}

    metric = models.CharField(_("chỉ số"), max_length=30, choices=FigureMetric)
    value = QuantityField(_("giá trị"), max_digits=18, decimal_places=4)
    as_of = models.DateField(_("tính đến ngày"), null=True, blank=True)
    administrative_unit = models.ForeignKey(
        "records.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="figures",
    )
    organisation = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("tổ chức"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="figures",
    )
    source = models.ForeignKey(
        "records.Source", verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="figures"
    )

    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = pgettext_lazy("số nhiều", "số liệu")
        permissions = [
            ("import_figure", "Nhập số liệu từ bảng tính"),
            ("export_figure", "Xuất số liệu ra bảng tính"),
        ]
        ordering = ["metric", "as_of", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(metric__in=FigureMetric.values),
                name="%(app_label)s_%(class)s_metric_valid",
                violation_error_message=_("Chỉ số không có trong danh sách chỉ số."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="%(app_label)s_%(class)s_value_not_negative",
                violation_error_message=_("Giá trị không được là số âm."),
            ),
            # A figure is about exactly one thing.
            models.CheckConstraint(
                condition=Q(administrative_unit__isnull=False, organisation__isnull=True)
                | Q(administrative_unit__isnull=True, organisation__isnull=False),
                name="%(app_label)s_%(class)s_one_subject",
                violation_error_message=_(
                    "Số liệu phải ghi cho đúng một đơn vị hành chính hoặc một tổ chức: chọn một trong hai."
                ),
            ),
            models.UniqueConstraint(
                fields=["source", "metric", "administrative_unit"],
                condition=Q(administrative_unit__isnull=False),
                name="%(app_label)s_%(class)s_unique_unit_figure_per_source",
                violation_error_message=_("Nguồn này đã ghi chỉ số này cho đơn vị hành chính này."),
            ),
            models.UniqueConstraint(
                fields=["source", "metric", "organisation"],
                condition=Q(organisation__isnull=False),
                name="%(app_label)s_%(class)s_unique_organisation_figure_per_source",
                violation_error_message=_("Nguồn này đã ghi chỉ số này cho tổ chức này."),
            ),
        ]

    def __str__(self):
        # The unit or organisation may be gone when this is a deleted figure's history.
        subject = name_of(self, "administrative_unit" if self.administrative_unit_id else "organisation")
        return f"{self.get_metric_display()} {subject}: {format_number(self.value)} {self.unit}"

    @property
    def subject(self):
        return self.administrative_unit or self.organisation

    @property
    def unit(self):
        return self.UNITS[self.metric]

    @classmethod
    def unit_key(cls, unit):
        """ "km²", "Km 2" and "km2" alike; "người" and "nguoi" alike; "héc-ta" and "hecta" alike."""
        return search_key(unicodedata.normalize("NFKC", unit)).replace(" ", "").replace("-", "")

    @classmethod
    def scale_of(cls, metric, unit):
        """How many of the metric's units one `unit` written after a value is, or None.

        1 for the metric's own unit or none written ("39,99 km²", "39,99"), 0,01 for hectares of
        an area ("3.999 ha"), 1.000 for "nghìn người"; None when `unit` does not measure `metric`
        ("ha" of a population). The one place that knows how a figure's unit may be written: the
        admin's form and the report reader both ask it.
        """
        words = unit.split()
        scale = Decimal(1)
        if words and (multiplier := cls.MULTIPLIERS.get(cls.unit_key(words[0]))):
            scale, words = Decimal(multiplier), words[1:]
        rest = cls.unit_key(" ".join(words))
        if not rest or rest in cls.UNIT_SPELLINGS.get(metric, ()):
            return scale
        factor = cls.UNIT_FACTORS.get(metric, {}).get(rest)
        return None if factor is None else scale * factor
