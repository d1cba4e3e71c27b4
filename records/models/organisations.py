from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import vietnamese
from ..fields import CountField
from ..search import WordIndex, WordSearchQuerySet
from .base import RecordQuerySet, SourcedRecord


class OrganisationQuerySet(WordSearchQuerySet, RecordQuerySet):
    # search(): organisations with a word of their name starting with the text (records.search),
    # through the terms that triggers keep in records_organisation_word.
    word_index = WordIndex("records_organisation", "search_key")

    def with_recorded_members(self):
        """Annotate `recorded`: how many people hold a current post in each organisation."""
        return self.annotate(recorded=recorded_members(OuterRef("pk")))

    def subtree(self, roots):
        """The given organisations and every organisation below them."""
        ids = (
            set(roots.values_list("id", flat=True))
            if isinstance(roots, models.QuerySet)
            else {root.pk for root in roots}
        )
        return self.filter(id__in=self.subtree_ids(ids))

    def subtree_ids(self, ids):
        """The ids of the given organisations (by id) and of every organisation below them.

        A query per level of the tree; a loop in the tree ends the walk rather than repeating it.
        """
        ids = set(ids)
        frontier = ids
        while frontier:
            frontier = (
                set(self.model.objects.filter(parent_id__in=frontier).order_by().values_list("id", flat=True))
                - ids
            )
            ids |= frontier
        return ids


class OrganisationKind(models.TextChoices):
    PARTY_ORGANISATION = "dang_bo", _("Đảng bộ")
    PARTY_CELL = "chi_bo", _("Chi bộ")
    PARTY_COMMITTEE = "cap_uy", _("Cấp ủy (Đảng ủy, Thành ủy, Tỉnh ủy)")
    EXECUTIVE_COMMITTEE = "ban_chap_hanh", _("Ban Chấp hành")
    STANDING_COMMITTEE = "ban_thuong_vu", _("Ban Thường vụ")
    POLITBURO = "bo_chinh_tri", _("Bộ Chính trị")
    PEOPLES_COUNCIL = "hdnd", _("Hội đồng nhân dân")
    PEOPLES_COMMITTEE = "ubnd", _("Ủy ban nhân dân")
    NATIONAL_ASSEMBLY_STANDING_COMMITTEE = "ubtvqh", _("Ủy ban Thường vụ Quốc hội")
    SCHOOL = "truong", _("Trường")
    WORKING_GROUP = "to_cong_tac", _("Tổ công tác")
    OTHER = "khac", _("Khác")


def recorded_members(organisation):
    """A subquery counting the people with a current post in the given organisation (an OuterRef)."""
    from .people import Membership

    counts = (
        Membership.objects.current()
        .filter(organisation=organisation)
        .order_by()
        .values("organisation")
        .annotate(count=Count("person", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


class Organisation(SourcedRecord):
    """A party organisation or committee, a council, a people's committee, a school or a working group."""

    name = models.CharField(_("tên"), max_length=300)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrganisationKind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    administrative_unit = models.ForeignKey(
        "records.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    seat_count = CountField(
        _("số thành viên theo cơ cấu"),
        null=True,
        blank=True,
        help_text=_("Ví dụ: Ban Chấp hành gồm 27 đồng chí."),
    )
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    name_key = models.CharField(_("khóa so khớp"), max_length=300, editable=False, db_index=True)
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=300, editable=False, db_index=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = pgettext_lazy("số nhiều", "tổ chức")
        permissions = [
            ("import_organisation", "Nhập tổ chức từ bảng tính"),
            ("export_organisation", "Xuất tổ chức ra bảng tính"),
            ("merge_organisation", "Gộp hai tổ chức thành một và hoàn tác việc gộp"),
        ]
        ordering = ["search_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Loại tổ chức không có trong danh sách loại tổ chức."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="%(app_label)s_%(class)s_name_present",
                violation_error_message=_("Tên tổ chức không được để trống."),
            ),
            models.CheckConstraint(
                condition=Q(seat_count__isnull=True) | Q(seat_count__gte=1),
                name="%(app_label)s_%(class)s_seat_count_positive",
                violation_error_message=_("Số thành viên theo cơ cấu phải từ 1 trở lên."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("Một tổ chức không thể trực thuộc chính nó."),
            ),
            models.CheckConstraint(
                condition=Q(founded_on__isnull=True)
                | Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gte=F("founded_on")),
                name="%(app_label)s_%(class)s_dissolved_after_founded",
                violation_error_message=_("Ngày giải thể không được trước ngày thành lập."),
            ),
            # Two organisations with the same name must differ by their parent, or,
            # at the top of a tree, by their place ("Thành ủy" of two cities).
            models.UniqueConstraint(
                fields=["parent", "name_key"],
                condition=Q(parent__isnull=False),
                name="%(app_label)s_%(class)s_unique_name_in_parent",
                violation_error_message=_("Tổ chức trực thuộc này đã có một tổ chức cùng tên."),
            ),
            models.UniqueConstraint(
                fields=["administrative_unit", "name_key"],
                condition=Q(parent__isnull=True, administrative_unit__isnull=False),
                name="%(app_label)s_%(class)s_unique_top_name_in_unit",
                violation_error_message=_("Địa bàn này đã có một tổ chức cấp trên cùng tên."),
            ),
            models.UniqueConstraint(
                fields=["name_key"],
                condition=Q(parent__isnull=True, administrative_unit__isnull=True),
                name="%(app_label)s_%(class)s_unique_top_name",
                violation_error_message=_(
                    "Đã có một tổ chức cùng tên không trực thuộc tổ chức nào và không có địa bàn."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation-detail", kwargs={"uid": self.uid})

    def normalise(self):
        super().normalise()
        self.name = vietnamese.clean_name(self.name)
        self.short_name = vietnamese.clean_name(self.short_name)
        self.name_key = vietnamese.identity_key(self.name)
        self.search_key = vietnamese.search_key(self.name)

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("Một tổ chức không thể trực thuộc chính nó hoặc cấp dưới của nó.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def ancestors(self):
        """The chain of parents, nearest first."""
        chain, node = [], self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain

    def seats_filled(self):
        """How many people hold a current membership, for "recorded / seats"."""
        return self.memberships.current().values("person").distinct().count()
