"""Appointments (chỉ định): a higher committee's decision naming people to posts.

In 2025 many new wards' committees were appointed, not elected: the reports say “được chỉ định
làm Bí thư”. The decision is a LegalDocument (its symbol, date and issuer are the registry's),
and this records what it decided: the organisation appointed to and the posts it fills. Each post
becomes a dated Membership citing the decision's sources (congress.services).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records import vietnamese
from records.models import RecordQuerySet, SourcedRecord
from records.models.base import linked, name_of
from records.models.people import MembershipRole

from .congresses import Congress


class AppointmentDecision(SourcedRecord):
    """A decision (quyết định chỉ định) appointing people to posts in one organisation."""

    document = models.OneToOneField(
        "records.LegalDocument",
        verbose_name=_("quyết định"),
        on_delete=models.PROTECT,
        related_name="appointment",
    )
    organisation = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("cơ quan được chỉ định"),
        on_delete=models.PROTECT,
        related_name="appointment_decisions",
        help_text=_("Tổ chức mà người được chỉ định trở thành thành viên, ví dụ Ban Chấp hành Đảng bộ."),
    )
    congress = models.ForeignKey(
        Congress,
        verbose_name=_("đại hội"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
        help_text=_("Đại hội có liên quan, nếu có (ví dụ chỉ định Ban Chấp hành nhiệm kỳ đầu)."),
    )
    effective_on = models.DateField(
        _("ngày hiệu lực"), null=True, blank=True, help_text=_("Để trống nếu có hiệu lực từ ngày ban hành.")
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định chỉ định")
        verbose_name_plural = pgettext_lazy("số nhiều", "quyết định chỉ định")
        ordering = ["organisation_id", "document_id", "id"]

    def __str__(self):
        return f"{name_of(self, 'document')}: {name_of(self, 'organisation')}"

    @property
    def start_on(self):
        """The day the posts begin: the stated effective day, else the day the decision was issued."""
        if self.effective_on is not None:
            return self.effective_on
        document = linked(self, "document")
        return document.issued_on if document is not None else None


class AppointedPost(SourcedRecord):
    """A post an appointment decision fills: a person, their role, the title as the decision writes it."""

    decision = models.ForeignKey(
        AppointmentDecision,
        verbose_name=_("quyết định chỉ định"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    person = models.ForeignKey(
        "records.Person", verbose_name=_("người"), on_delete=models.PROTECT, related_name="appointed_posts"
    )
    role = models.CharField(_("chức vụ"), max_length=20, choices=MembershipRole)
    title = models.CharField(
        _("chức danh"),
        max_length=300,
        blank=True,
        help_text=_("Viết như trong quyết định, ví dụ “Bí thư Đảng ủy”."),
    )
    # The post the decision gave (congress.services), found again on the next save.
    membership = models.OneToOneField(
        "records.Membership",
        verbose_name=_("chức vụ được ghi nhận"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="appointment",
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức vụ được chỉ định")
        verbose_name_plural = pgettext_lazy("số nhiều", "chức vụ được chỉ định")
        ordering = ["decision_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values),
                name="%(app_label)s_%(class)s_role_valid",
                violation_error_message=_("Chức vụ không có trong danh sách chức vụ."),
            ),
            models.UniqueConstraint(
                fields=["decision", "person", "role"],
                name="%(app_label)s_%(class)s_unique_post",
                violation_error_message=_("Quyết định này đã chỉ định người này vào chức vụ này."),
            ),
        ]

    def __str__(self):
        person = linked(self, "person")
        who = person.full_name if person is not None else f"#{self.person_id}"
        return f"{who}: {self.title or self.get_role_display()}"

    def normalise(self):
        super().normalise()
        self.title = vietnamese.clean_name(self.title)
