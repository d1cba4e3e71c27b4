"""The follow-up tasks a congress's resolution sets, and the "6 rõ" rule each must meet."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records import vietnamese
from records.models import RecordQuerySet, SourcedRecord
from records.search import KeySearchQuerySet

from .congresses import Congress


# The "6 rõ" rule: each field a task needs, with the name the rule gives it.
SIX_CLEAR = {
    "content": _("rõ việc"),
    "owner": _("rõ người"),
    "responsible_organisation": _("rõ trách nhiệm"),
    "due_on": _("rõ thời gian"),
    "deliverable": _("rõ sản phẩm"),
    "approving_authority": _("rõ thẩm quyền"),
}


class TaskQuerySet(KeySearchQuerySet, RecordQuerySet):
    # search(): the task's content and deliverable, who carries it out, who answers for it,
    # and the organisation whose congress set it.
    key_fields = (
        "search_key",
        "owner__search_key",
        "responsible_organisation__search_key",
        "congress__organisation__search_key",
    )

    def not_six_clear(self):
        missing = Q()
        for name in SIX_CLEAR:
            field = self.model._meta.get_field(name)
            missing |= Q(**{f"{name}__isnull": True}) if field.null else Q(**{name: ""})
        return self.filter(missing)

    def six_clear(self):
        return self.exclude(pk__in=self.not_six_clear().values("pk"))

    def open(self):
        return self.exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])

    def overdue(self, on=None):
        return self.open().filter(due_on__lt=on or timezone.localdate())


class TaskStatus(models.TextChoices):
    NOT_STARTED = "chua_thuc_hien", _("Chưa thực hiện")
    IN_PROGRESS = "dang_thuc_hien", _("Đang thực hiện")
    DONE = "hoan_thanh", _("Hoàn thành")
    CANCELLED = "huy", _("Hủy bỏ")


class Task(SourcedRecord):
    """A follow-up task of a congress, held to the "6 rõ" rule.

    rõ việc (content), rõ người (owner), rõ trách nhiệm (responsible organisation),
    rõ thời gian (due date), rõ sản phẩm (deliverable), rõ thẩm quyền (approving authority).
    """

    congress = models.ForeignKey(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="tasks"
    )
    resolution = models.ForeignKey(
        "records.LegalDocument",
        verbose_name=_("văn bản được thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    content = models.TextField(_("nội dung (rõ việc)"))
    owner = models.ForeignKey(
        "records.Person",
        verbose_name=_("người thực hiện (rõ người)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    responsible_organisation = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("cơ quan chịu trách nhiệm (rõ trách nhiệm)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    due_on = models.DateField(_("thời hạn (rõ thời gian)"), null=True, blank=True)
    deliverable = models.CharField(_("sản phẩm (rõ sản phẩm)"), max_length=1000, blank=True)
    approving_authority = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("thẩm quyền phê duyệt (rõ thẩm quyền)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_tasks",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=TaskStatus, default=TaskStatus.NOT_STARTED
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    search_key = models.TextField(_("khóa tìm kiếm"), editable=False, default="")

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = pgettext_lazy("số nhiều", "nhiệm vụ")
        permissions = [
            ("import_task", "Nhập nhiệm vụ từ bảng tính"),
            ("export_task", "Xuất nhiệm vụ ra bảng tính"),
        ]
        ordering = ["congress_id", F("due_on").asc(nulls_last=True), "id"]
        # Deadlines: the list by due date, the overdue tasks of the home page.
        indexes = [models.Index(fields=["due_on", "id"], name="congress_task_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(content=""),
                name="%(app_label)s_%(class)s_content_present",
                violation_error_message=_("Nội dung (rõ việc) không được để trống."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=TaskStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Trạng thái không có trong danh sách trạng thái nhiệm vụ."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True)
                | Q(due_on__gte=datetime.date(1945, 1, 1), due_on__lte=datetime.date(2200, 12, 31)),
                name="%(app_label)s_%(class)s_due_on_plausible",
                violation_error_message=_("Thời hạn (rõ thời gian) phải từ năm 1945 đến năm 2200."),
            ),
            # Only a finished task has a completion date.
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status=TaskStatus.DONE),
                name="%(app_label)s_%(class)s_completed_only_when_done",
                violation_error_message=_("Chỉ nhiệm vụ đã hoàn thành mới có ngày hoàn thành."),
            ),
        ]

    def __str__(self):
        return vietnamese.clean_name(self.content)[:80]

    def get_absolute_url(self):
        return reverse("task-detail", kwargs={"uid": self.uid})

    def normalise(self):
        super().normalise()
        self.content = vietnamese.clean_text(self.content)
        self.deliverable = vietnamese.clean_name(self.deliverable)
        self.search_key = vietnamese.search_key(f"{self.content} {self.deliverable}")

    @property
    def missing_clarity(self):
        """The parts of the "6 rõ" this task still lacks, by the names the rule gives them."""
        return [
            label
            for name, label in SIX_CLEAR.items()
            if getattr(self, self._meta.get_field(name).attname) in ("", None)
        ]

    @property
    def is_six_clear(self):
        return not self.missing_clarity
