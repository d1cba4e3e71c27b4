import datetime

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import vietnamese
from ..search import WordIndex, WordSearchQuerySet
from .base import RecordQuerySet, SourcedRecord, linked, name_of


class PersonQuerySet(WordSearchQuerySet, RecordQuerySet):
    # search(): people with a word of their name starting with the text, in any spelling
    # (records.search), through the terms that triggers keep in records_person_word.
    word_index = WordIndex("records_person", "sort_key")


class PersonGender(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nu", _("Nữ")


class Person(SourcedRecord):
    """A person named in the records: a delegate, a speaker, a committee member."""

    full_name = models.CharField(_("họ và tên"), max_length=200, help_text=_("Viết như trong văn bản gốc."))
    family_name = models.CharField(_("họ"), max_length=100, blank=True)
    middle_name = models.CharField(_("tên đệm"), max_length=100, blank=True)
    given_name = models.CharField(pgettext_lazy("tên gọi của người", "tên"), max_length=100, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    gender = models.CharField(
        _("giới tính"),
        max_length=3,
        choices=PersonGender,
        blank=True,
        help_text=_("Để trống nếu nguồn không nêu."),
    )
    # Kept in step with the name on every save, so lookups and ordering need no
    # database-specific collation or unaccent extension.
    name_key = models.CharField(_("khóa so khớp"), max_length=200, editable=False, db_index=True)
    search_key = models.CharField(_("khóa tìm kiếm"), max_length=200, editable=False, db_index=True)
    sort_key = models.CharField(_("khóa sắp xếp"), max_length=1000, editable=False, db_index=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = pgettext_lazy("số nhiều", "người")
        permissions = [
            ("import_person", "Nhập người từ bảng tính"),
            ("export_person", "Xuất người ra bảng tính"),
            ("merge_person", "Gộp hai người thành một và hoàn tác việc gộp"),
        ]
        ordering = ["sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(full_name=""),
                name="%(app_label)s_%(class)s_full_name_present",
                violation_error_message=_("Họ và tên không được để trống."),
            ),
            models.CheckConstraint(
                condition=Q(gender="") | Q(gender__in=PersonGender.values),
                name="%(app_label)s_%(class)s_gender_valid",
                violation_error_message=_("Giới tính phải là nam, nữ hoặc để trống."),
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1850, birth_year__lte=2100),
                name="%(app_label)s_%(class)s_birth_year_plausible",
                violation_error_message=_("Năm sinh phải từ 1850 đến 2100."),
            ),
        ]

    def __str__(self):
        if self.birth_year:
            return f"{self.full_name} ({self.birth_year})"
        return self.full_name

    def get_absolute_url(self):
        return reverse("person-detail", kwargs={"uid": self.uid})

    def normalise(self):
        super().normalise()
        self.full_name = vietnamese.clean_name(self.full_name)
        parts = [vietnamese.clean_name(p) for p in (self.family_name, self.middle_name, self.given_name)]
        # The parts are derived from the full name unless a clerk split it
        # differently (a two-word family name such as "Tôn Nữ") in a way that still
        # spells the same name.
        if " ".join(p for p in parts if p) != self.full_name:
            parts = vietnamese.split_name(self.full_name)
        self.family_name, self.middle_name, self.given_name = parts
        self.name_key = vietnamese.identity_key(self.full_name)
        self.search_key = vietnamese.search_key(self.full_name)
        self.sort_key = vietnamese.person_sort_key(*parts)


class MembershipPeriod(models.TextChoices):
    """Where a post stands on a given day; every post is in exactly one of these."""

    FUTURE = "future", _("Sắp đảm nhiệm")
    CURRENT = "current", _("Đang đảm nhiệm")
    PAST = "past", _("Đã thôi")


class MembershipQuerySet(RecordQuerySet):
    """Whether a post is held, decided here only, so that a page and a filter never disagree.

    On a given day (today by default) a post is past once its end date is behind, future while
    its start date is ahead, and current otherwise: an unknown start or end does not end it. A
    post cannot end before it starts (a constraint), so no post is both past and future.
    """

    @staticmethod
    def period_condition(period, on):
        if period == MembershipPeriod.PAST:
            return Q(end_on__lt=on)
        if period == MembershipPeriod.FUTURE:
            return Q(start_on__gt=on)
        return (Q(start_on__isnull=True) | Q(start_on__lte=on)) & (Q(end_on__isnull=True) | Q(end_on__gte=on))

    def in_period(self, period, on=None):
        return self.filter(self.period_condition(period, on or timezone.localdate()))

    def current(self, on=None):
        """Memberships held on the given day (today by default)."""
        return self.in_period(MembershipPeriod.CURRENT, on)

    def past(self, on=None):
        """Memberships that ended before the given day."""
        return self.in_period(MembershipPeriod.PAST, on)

    def future(self, on=None):
        """Memberships that start after the given day."""
        return self.in_period(MembershipPeriod.FUTURE, on)

    def with_period(self, on=None):
        """Annotate `period` (a MembershipPeriod value): where each post stands on the given day."""
        on = on or timezone.localdate()
        return self.annotate(
            period=Case(
                When(self.period_condition(MembershipPeriod.PAST, on), then=Value(MembershipPeriod.PAST)),
                When(self.period_condition(MembershipPeriod.FUTURE, on), then=Value(MembershipPeriod.FUTURE)),
                default=Value(MembershipPeriod.CURRENT),
                output_field=models.CharField(),
            )
        )


class MembershipRole(models.TextChoices):
    SECRETARY = "bi_thu", _("Bí thư")
    DEPUTY_SECRETARY = "pho_bi_thu", _("Phó Bí thư")
    STANDING_MEMBER = "uy_vien_btv", _("Ủy viên Ban Thường vụ")
    MEMBER = "uy_vien", _("Ủy viên")
    CHAIR = "chu_tich", _("Chủ tịch")
    VICE_CHAIR = "pho_chu_tich", _("Phó Chủ tịch")
    PRINCIPAL = "hieu_truong", _("Hiệu trưởng")
    GROUP_LEADER = "to_truong", _("Tổ trưởng")
    OTHER = "khac", _("Khác")


class Membership(SourcedRecord):
    """A person holding a post in an organisation, for a period.

    A combined title such as "Bí thư Đảng ủy - Chủ tịch HĐND phường" is two memberships.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("người"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("tổ chức"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("chức vụ"), max_length=20, choices=MembershipRole)
    title = models.CharField(
        _("chức danh"),
        max_length=300,
        blank=True,
        help_text=_("Viết như trong văn bản, ví dụ “Bí thư Đảng ủy”."),
    )
    start_on = models.DateField(_("từ ngày"), null=True, blank=True)
    end_on = models.DateField(_("đến ngày"), null=True, blank=True)
    start_reason = models.CharField(_("lý do bắt đầu"), max_length=300, blank=True)
    end_reason = models.CharField(_("lý do kết thúc"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức vụ đảm nhiệm")
        verbose_name_plural = pgettext_lazy("số nhiều", "chức vụ đảm nhiệm")
        permissions = [
            ("import_membership", "Nhập chức vụ đảm nhiệm từ bảng tính"),
            ("export_membership", "Xuất chức vụ đảm nhiệm ra bảng tính"),
        ]
        ordering = ["organisation_id", "role", "-start_on", "id"]
        # The ordering's own index: a page deep in the admin's list of a million posts reads the
        # ids of the page from it (records.paging) instead of sorting every post.
        indexes = [
            models.Index(fields=["organisation", "role", "-start_on", "id"], name="records_membership_order")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values),
                name="%(app_label)s_%(class)s_role_valid",
                violation_error_message=_("Chức vụ không có trong danh sách chức vụ."),
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("Đến ngày không được trước từ ngày."),
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(start_on__gte=datetime.date(1900, 1, 1)),
                name="%(app_label)s_%(class)s_start_plausible",
                violation_error_message=_("Từ ngày không được trước năm 1900."),
            ),
            # One open-ended holding of a post at a time; a second term is a new row
            # once the first has an end date.
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                condition=Q(end_on__isnull=True),
                name="%(app_label)s_%(class)s_unique_open_post",
                violation_error_message=_(
                    "Người này đang giữ chức vụ này ở tổ chức này (chưa có ngày kết thúc)."
                ),
            ),
        ]

    def __str__(self):
        # Read also from a deleted post's history, whose person may be gone (records.models.base.linked).
        person = linked(self, "person")
        who = person.full_name if person is not None else f"#{self.person_id}"
        return f"{who}: {self.title or self.get_role_display()} ({name_of(self, 'organisation')})"

    def normalise(self):
        super().normalise()
        self.title = vietnamese.clean_name(self.title)
