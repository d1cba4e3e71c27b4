import datetime
import uuid

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import vietnamese
from ..search import KeySearchQuerySet
from .base import RecordQuerySet, SourcedRecord, name_of

# Units from an official list get a UUID computed from their list and code, so the
# article's fixture and `load_units` name the same ward without looking each other up.
OFFICIAL_UNIT_NAMESPACE = uuid.UUID("6c1f3c52-8d8e-4f0e-9a55-2f1d1b0c3e11")

# The day the two-tier register took effect; the pre-2025 units
# ended the day before. records.units_register reads the same date from vietnam-provinces
# (a test holds the two equal).
REORGANISED_ON = datetime.date(2025, 7, 1)


class AdministrativeUnitQuerySet(KeySearchQuerySet, RecordQuerySet):
    def current(self):
        return self.filter(valid_until__isnull=True)

    def search(self, text):
        """Units by code or by name through one box: digits are a code, anything else a part of
        the name (records.search.KeySearchQuerySet)."""
        if text.strip().isdigit():
            return self.filter(code=text.strip())
        return super().search(text)


class UnitRegister(models.TextChoices):
    CURRENT = "2025", _("Danh mục 2025 (hai cấp)")
    LEGACY = "pre2025", _("Danh mục trước 2025 (ba cấp)")


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    WARD = "phuong", _("Phường")
    COMMUNE = "xa", _("Xã")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    # Kinds abolished by the 2025 reorganisation, kept for the history of units.
    URBAN_DISTRICT = "quan", _("Quận")
    RURAL_DISTRICT = "huyen", _("Huyện")
    TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
    TOWNSHIP = "thi_tran", _("Thị trấn")


class AdministrativeUnit(SourcedRecord):
    """A province, a centrally-run city, a ward, a commune or a special zone (and the pre-2025 kinds)."""

    PROVINCE_KINDS = {UnitKind.PROVINCE, UnitKind.CITY}

    register = models.CharField(
        _("danh mục"), max_length=10, choices=UnitRegister, default=UnitRegister.CURRENT
    )
    code = models.CharField(
        _("mã đơn vị"),
        max_length=10,
        blank=True,
        help_text=_("Mã trong danh mục chính thức, ví dụ 11557 (phường Thiên Hương) hoặc 31 (Hải Phòng)."),
    )
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    established_by = models.ForeignKey(
        "records.LegalDocument",
        verbose_name=_("thành lập theo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="established_units",
    )
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=200, editable=False, db_index=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = pgettext_lazy("số nhiều", "đơn vị hành chính")
        permissions = [
            ("import_administrativeunit", "Nhập đơn vị hành chính từ bảng tính"),
            ("export_administrativeunit", "Xuất đơn vị hành chính ra bảng tính"),
        ]
        ordering = ["register", "code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(register__in=UnitRegister.values),
                name="%(app_label)s_%(class)s_register_valid",
                violation_error_message=_(
                    "Danh mục phải là danh mục 2025 (hai cấp) hoặc danh mục trước 2025 (ba cấp)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=UnitKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Loại đơn vị không có trong danh sách loại đơn vị."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="%(app_label)s_%(class)s_name_present",
                violation_error_message=_("Tên đơn vị hành chính không được để trống."),
            ),
            models.CheckConstraint(
                condition=Q(code="") | Q(code__regex=r"^[0-9]+$"),
                name="%(app_label)s_%(class)s_code_digits",
                violation_error_message=_("Mã đơn vị chỉ gồm chữ số."),
            ),
            # Official codes are written at fixed width per level (31, 311, 11557), and
            # the pre-2025 list reuses codes of the 2025 list, so a code is unique per list.
            models.UniqueConstraint(
                fields=["register", "code"],
                condition=~Q(code=""),
                name="%(app_label)s_%(class)s_unique_code",
                violation_error_message=_("Danh mục này đã có một đơn vị hành chính với mã đơn vị này."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("Một đơn vị hành chính không thể trực thuộc chính nó."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="%(app_label)s_%(class)s_valid_until_after_from",
                violation_error_message=_("Hiệu lực đến không được trước hiệu lực từ."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("unit-detail", kwargs={"uid": self.uid})

    @property
    def register_note(self):
        """“từ 1/7/2025” or “trước 1/7/2025”: which register the unit is from, in the words a clerk
        tells the two apart by (most wards of 2025 bear the name of an older one)."""
        date = vietnamese.format_date(REORGANISED_ON)
        if self.register == UnitRegister.LEGACY:
            return _("trước %(date)s") % {"date": date}
        return _("từ %(date)s") % {"date": date}

    @property
    def name_with_register(self):
        """The name and the register: “Phường An Hải (từ 1/7/2025)”, as autocompletes and the
        search page show a unit."""
        return f"{self.name} ({self.register_note})"

    def normalise(self):
        super().normalise()
        self.name = vietnamese.clean_name(self.name)
        self.code = vietnamese.clean_name(self.code)
        self.search_key = vietnamese.search_key(self.name)

    @classmethod
    def official_uid(cls, register, code):
        return uuid.uuid5(OFFICIAL_UNIT_NAMESPACE, f"{register}:{code}")


class SuccessionPortion(models.TextChoices):
    WHOLE = "whole", _("Toàn bộ")
    PART = "part", _("Một phần")


class UnitSuccession(SourcedRecord):
    """One unit formed, wholly or in part, from another when units are merged or split."""

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị trước"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị sau"),
        on_delete=models.CASCADE,
        related_name="predecessions",
    )
    portion = models.CharField(_("phần được nhập"), max_length=10, choices=SuccessionPortion)
    legal_basis = models.ForeignKey(
        "records.LegalDocument",
        verbose_name=_("căn cứ pháp lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successions",
    )
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)

    class Meta:
        verbose_name = _("sắp xếp đơn vị hành chính")
        verbose_name_plural = pgettext_lazy("số nhiều", "sắp xếp đơn vị hành chính")
        ordering = ["successor_id", "portion", "predecessor_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(portion__in=SuccessionPortion.values),
                name="%(app_label)s_%(class)s_portion_valid",
                violation_error_message=_("Phần được nhập phải là toàn bộ hoặc một phần."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")),
                name="%(app_label)s_%(class)s_not_own_predecessor",
                violation_error_message=_("Đơn vị trước và đơn vị sau phải là hai đơn vị khác nhau."),
            ),
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="%(app_label)s_%(class)s_unique_pair",
                violation_error_message=_("Đã ghi việc sắp xếp đơn vị trước này vào đơn vị sau này."),
            ),
        ]

    def __str__(self):
        return _("%(predecessor)s → %(successor)s (%(portion)s)") % {
            # Either unit may be gone when this is a deleted succession's history.
            "predecessor": name_of(self, "predecessor"),
            "successor": name_of(self, "successor"),
            "portion": self.get_portion_display().lower(),
        }
