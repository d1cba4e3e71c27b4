"""The bodies a congress chooses for itself, and its credentials report.

A congress chooses by show of hands its presidium (Đoàn Chủ tịch), secretariat (Đoàn Thư ký),
credentials committee (Ban Thẩm tra tư cách đại biểu) and vote-counting committee (Ban Kiểm
phiếu). They last the congress only, so they are not Organisations of the registry: their members
are rows here. The credentials committee's report states the delegates convened by kind, how
many came, and their make-up; its sums are constraints, since a report that does not add up
is a typing error, not a different result.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records import vietnamese
from records.fields import CountField
from records.models import RecordQuerySet, SourcedRecord
from records.models.base import linked, name_of

from .congresses import Congress
from .elections import number, unknown


class CongressBodyKind(models.TextChoices):
    PRESIDIUM = "doan_chu_tich", _("Đoàn Chủ tịch")
    SECRETARIAT = "doan_thu_ky", _("Đoàn Thư ký")
    CREDENTIALS = "tham_tra_tu_cach", _("Ban Thẩm tra tư cách đại biểu")
    VOTE_COUNTING = "kiem_phieu", _("Ban Kiểm phiếu")


class CongressBody(SourcedRecord):
    """A body a congress chose to run itself: its presidium, secretariat or one of its committees."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="bodies"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=CongressBodyKind)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan giúp việc đại hội")
        verbose_name_plural = pgettext_lazy("số nhiều", "cơ quan giúp việc đại hội")
        ordering = ["congress_id", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CongressBodyKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Loại cơ quan không có trong danh sách cơ quan giúp việc đại hội."),
            ),
            models.UniqueConstraint(
                fields=["congress", "kind"],
                name="%(app_label)s_%(class)s_unique_kind",
                violation_error_message=_("Đại hội này đã có một cơ quan giúp việc loại này."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {name_of(self, 'congress')}"


class CongressBodyMember(SourcedRecord):
    """A person in a congress body, with the title the congress gave them (“Trưởng ban”)."""

    body = models.ForeignKey(
        CongressBody, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "records.Person",
        verbose_name=_("người"),
        on_delete=models.PROTECT,
        related_name="congress_body_seats",
    )
    title = models.CharField(_("chức danh"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên cơ quan giúp việc đại hội")
        verbose_name_plural = pgettext_lazy("số nhiều", "thành viên cơ quan giúp việc đại hội")
        ordering = ["body_id", F("order").asc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(order__isnull=True) | Q(order__gte=1),
                name="%(app_label)s_%(class)s_order_positive",
                violation_error_message=_("Thứ tự phải từ 1 trở lên."),
            ),
            models.UniqueConstraint(
                fields=["body", "person"],
                name="%(app_label)s_%(class)s_unique_person",
                violation_error_message=_("Người này đã có trong cơ quan này."),
            ),
            models.UniqueConstraint(
                fields=["body", "order"],
                name="%(app_label)s_%(class)s_unique_order",
                violation_error_message=_("Thứ tự này đã có người khác trong cơ quan này."),
            ),
        ]

    def __str__(self):
        person = linked(self, "person")
        who = person.full_name if person is not None else f"#{self.person_id}"
        return f"{who} ({self.title})" if self.title else who

    def normalise(self):
        super().normalise()
        self.title = vietnamese.clean_name(self.title)


OFFICIAL_KINDS = ("elected_delegates", "ex_officio_delegates", "appointed_delegates")
MAKE_UP = ("women", "under_40", "ethnic_minority")
# The official delegates convened, as the database adds them up.
OFFICIAL = F("elected_delegates") + F("ex_officio_delegates") + F("appointed_delegates")


class CredentialsReport(SourcedRecord):
    """The credentials committee's report: the delegates convened, present, absent, and their make-up."""

    congress = models.OneToOneField(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="credentials_report"
    )
    elected_delegates = CountField(_("đại biểu được bầu"), null=True, blank=True)
    ex_officio_delegates = CountField(_("đại biểu đương nhiên"), null=True, blank=True)
    appointed_delegates = CountField(_("đại biểu được chỉ định"), null=True, blank=True)
    alternate_delegates = CountField(_("đại biểu dự khuyết được triệu tập"), null=True, blank=True)
    present = CountField(_("số đại biểu có mặt"), null=True, blank=True)
    absent = CountField(_("số đại biểu vắng mặt"), null=True, blank=True)
    absence_reasons = models.TextField(_("lý do vắng mặt"), blank=True)
    not_qualified = CountField(_("số đại biểu không đủ tư cách"), null=True, blank=True)
    women = CountField(_("đại biểu nữ"), null=True, blank=True)
    under_40 = CountField(_("đại biểu dưới 40 tuổi"), null=True, blank=True)
    ethnic_minority = CountField(_("đại biểu dân tộc thiểu số"), null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo thẩm tra tư cách đại biểu")
        verbose_name_plural = pgettext_lazy("số nhiều", "báo cáo thẩm tra tư cách đại biểu")
        ordering = ["congress_id", "id"]
        constraints = [
            # Those who came and those who did not are the official delegates convened.
            models.CheckConstraint(
                condition=unknown("present", "absent", *OFFICIAL_KINDS)
                | Q(present=OFFICIAL - F("absent")),
                name="%(app_label)s_%(class)s_attendance_adds_up",
                violation_error_message=_(
                    "Số đại biểu có mặt cộng vắng mặt phải bằng số đại biểu chính thức được triệu tập."
                ),
            ),
            models.CheckConstraint(
                condition=unknown("not_qualified", "present") | Q(not_qualified__lte=F("present")),
                name="%(app_label)s_%(class)s_not_qualified_within_present",
                violation_error_message=_("Số đại biểu không đủ tư cách không được nhiều hơn số có mặt."),
            ),
            models.CheckConstraint(
                condition=unknown(*OFFICIAL_KINDS)
                | (
                    (Q(women__isnull=True) | Q(women__lte=OFFICIAL))
                    & (Q(under_40__isnull=True) | Q(under_40__lte=OFFICIAL))
                    & (Q(ethnic_minority__isnull=True) | Q(ethnic_minority__lte=OFFICIAL))
                ),
                name="%(app_label)s_%(class)s_make_up_within_delegates",
                violation_error_message=_(
                    "Số đại biểu nữ, dưới 40 tuổi, dân tộc thiểu số không được nhiều hơn "
                    "số đại biểu chính thức."
                ),
            ),
        ]

    def __str__(self):
        return _("Báo cáo thẩm tra tư cách đại biểu – %(congress)s") % {"congress": name_of(self, "congress")}

    def normalise(self):
        super().normalise()
        self.absence_reasons = vietnamese.clean_text(self.absence_reasons)

    def clean(self):
        # The constraints' rules, with the numbers; keyed by field, so that full_clean() does not
        # repeat them with the constraints' plainer messages.
        super().clean()
        errors = {}
        official, present, absent = self.official_delegates, self.present, self.absent
        if None not in (official, present, absent) and present + absent != official:
            errors["absent"] = _(
                "Số đại biểu có mặt (%(present)s) cộng vắng mặt (%(absent)s) phải bằng số đại biểu chính "
                "thức được triệu tập (%(official)s)."
            ) % {"present": number(present), "absent": number(absent), "official": number(official)}
        if None not in (self.not_qualified, present) and self.not_qualified > present:
            errors["not_qualified"] = _(
                "Số đại biểu không đủ tư cách (%(count)s) nhiều hơn số đại biểu có mặt (%(present)s)."
            ) % {"count": number(self.not_qualified), "present": number(present)}
        for name in MAKE_UP:
            count = getattr(self, name)
            if None not in (count, official) and count > official:
                errors[name] = _("%(what)s (%(count)s) nhiều hơn số đại biểu chính thức (%(official)s).") % {
                    "what": capfirst(self._meta.get_field(name).verbose_name),
                    "count": number(count),
                    "official": number(official),
                }
        if errors:
            raise ValidationError(errors)

    @property
    def official_delegates(self):
        """The official delegates convened: elected, ex officio and appointed; None while any is unknown."""
        counts = [getattr(self, name) for name in OFFICIAL_KINDS]
        return None if None in counts else sum(counts)

    @property
    def make_up_rows(self):
        """(label, count, percentage of the official delegates) of the delegates' make-up."""
        rows = []
        for name in MAKE_UP:
            count = getattr(self, name)
            rows.append((capfirst(self._meta.get_field(name).verbose_name), count, self.share(count)))
        return rows

    def share(self, count):
        """A make-up count as a percentage of the official delegates, to one decimal."""
        total = self.official_delegates
        if count is None or not total:
            return None
        return (Decimal(count) * 100 / total).quantize(Decimal("0.1"))
