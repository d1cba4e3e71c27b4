"""Congresses and what they produced: attendance, speeches, results of the term, tasks."""

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records import vietnamese
from records.fields import CountField, QuantityField
from records.models import RecordQuerySet, SourcedRecord
from records.models.base import linked
from records.models.organisations import recorded_members
from records.search import KeySearchQuerySet


class CongressQuerySet(KeySearchQuerySet, RecordQuerySet):
    # search(): congresses by the name of the organisation holding them.
    key_fields = ("organisation__search_key",)

    def with_committee_recorded(self):
        """Annotate `committee_recorded`: the people holding a current seat on the elected committee."""
        return self.annotate(committee_recorded=recorded_members(OuterRef("executive_committee")))


class Congress(SourcedRecord):
    """A congress (Đại hội) of a party organisation, electing its committee for a term."""

    organisation = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("đảng bộ tổ chức đại hội"),
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    ordinal = models.PositiveSmallIntegerField(_("lần thứ"))
    term_start = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_end = models.PositiveSmallIntegerField(_("nhiệm kỳ đến năm"))
    opened_on = models.DateField(_("ngày khai mạc"), null=True, blank=True)
    closed_on = models.DateField(_("ngày bế mạc"), null=True, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=300, blank=True)
    slogan = models.CharField(_("khẩu hiệu hành động"), max_length=500, blank=True)
    delegate_count = CountField(_("số đại biểu chính thức"), null=True, blank=True)
    members_represented = CountField(_("số đảng viên được đại diện"), null=True, blank=True)
    organisations_represented = CountField(
        _("số tổ chức đảng trực thuộc được đại diện"), null=True, blank=True
    )
    directing_body = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("cơ quan chỉ đạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directed_congresses",
    )
    executive_committee = models.OneToOneField(
        "records.Organisation",
        verbose_name=_("Ban Chấp hành được bầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elected_by",
    )
    resolution = models.OneToOneField(
        "records.LegalDocument",
        verbose_name=_("Nghị quyết Đại hội"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_by",
    )

    objects = CongressQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = pgettext_lazy("số nhiều", "đại hội")
        permissions = [
            ("import_congress", "Nhập đại hội từ bảng tính"),
            ("export_congress", "Xuất đại hội ra bảng tính"),
        ]
        ordering = ["-term_start", "organisation_id", "id"]
        # Each ordering's own index lets a page read its ids from the index (records.paging).
        indexes = [
            models.Index(fields=["-term_start", "organisation", "id"], name="congress_congress_order"),
            # The latest congresses of the home page.
            models.Index(fields=["-term_start", "-opened_on", "-id"], name="congress_congress_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ordinal__gte=1),
                name="%(app_label)s_%(class)s_ordinal_positive",
                violation_error_message=_("Lần thứ phải từ 1 trở lên."),
            ),
            models.CheckConstraint(
                condition=Q(term_start__gte=1930, term_end__lte=2200, term_end__gt=F("term_start")),
                name="%(app_label)s_%(class)s_term_plausible",
                violation_error_message=_(
                    "Nhiệm kỳ từ năm phải từ 1930 trở đi, và nhiệm kỳ đến năm phải sau nhiệm kỳ từ năm, "
                    "không quá năm 2200."
                ),
            ),
            models.CheckConstraint(
                condition=Q(opened_on__isnull=True)
                | Q(closed_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
                name="%(app_label)s_%(class)s_closed_after_opened",
                violation_error_message=_("Ngày bế mạc không được trước ngày khai mạc."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "ordinal"],
                name="%(app_label)s_%(class)s_unique_ordinal",
                violation_error_message=_("Đảng bộ này đã có một đại hội cùng lần thứ."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "term_start"],
                name="%(app_label)s_%(class)s_unique_term",
                violation_error_message=_("Đảng bộ này đã có một đại hội cùng nhiệm kỳ từ năm."),
            ),
        ]

    def __str__(self):
        return _("Đại hội %(organisation)s lần thứ %(ordinal)s, nhiệm kỳ %(start)s–%(end)s") % {
            # The organisation may be gone when this is a deleted congress's history.
            "organisation": getattr(linked(self, "organisation"), "name", f"#{self.organisation_id}"),
            "ordinal": vietnamese.roman(self.ordinal),
            "start": self.term_start,
            "end": self.term_end,
        }

    def get_absolute_url(self):
        return reverse("congress-detail", kwargs={"uid": self.uid})

    @property
    def term(self):
        return f"{self.term_start}–{self.term_end}"


class AttendanceRole(models.TextChoices):
    DIRECTING = "chi_dao", _("Chỉ đạo Đại hội")
    GUEST = "khach_moi", _("Khách mời")
    PRESIDIUM = "doan_chu_tich", _("Đoàn Chủ tịch")
    DELEGATE = "dai_bieu", _("Đại biểu chính thức")
    ALTERNATE = "du_khuyet", _("Đại biểu dự khuyết")


class Attendance(SourcedRecord):
    """A person present at a congress, in a stated capacity."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "records.Person", verbose_name=_("người"), on_delete=models.CASCADE, related_name="attendances"
    )
    role = models.CharField(_("tư cách"), max_length=20, choices=AttendanceRole)
    title = models.CharField(_("chức danh khi dự"), max_length=500, blank=True)
    organisation = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("người dự đại hội")
        verbose_name_plural = pgettext_lazy("số nhiều", "người dự đại hội")
        permissions = [
            ("import_attendance", "Nhập người dự đại hội từ bảng tính"),
            ("export_attendance", "Xuất người dự đại hội ra bảng tính"),
        ]
        ordering = ["congress_id", "role", "id"]
        indexes = [models.Index(fields=["congress", "role", "id"], name="congress_attendance_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=AttendanceRole.values),
                name="%(app_label)s_%(class)s_role_valid",
                violation_error_message=_("Tư cách không có trong danh sách tư cách dự đại hội."),
            ),
            models.UniqueConstraint(
                fields=["congress", "person"],
                name="%(app_label)s_%(class)s_unique_person",
                violation_error_message=_("Người này đã có trong danh sách dự đại hội này."),
            ),
        ]

    def __str__(self):
        # Read also from a deleted attendance's history, whose person may be gone.
        person = linked(self, "person")
        who = person.full_name if person is not None else f"#{self.person_id}"
        return f"{who} ({self.get_role_display()})"

    def normalise(self):
        super().normalise()
        self.title = vietnamese.clean_name(self.title)


class SpeechKind(models.TextChoices):
    OPENING = "khai_mac", _("Khai mạc")
    POLITICAL_REPORT = "bao_cao_chinh_tri", _("Báo cáo chính trị")
    DIRECTIVE = "chi_dao", _("Phát biểu chỉ đạo")
    DISCUSSION = "tham_luan", _("Tham luận")
    ACCEPTANCE = "nhan_nhiem_vu", _("Phát biểu nhận nhiệm vụ")
    CLOSING = "be_mac", _("Bế mạc")
    OTHER = "khac", _("Phát biểu khác")


class SpeechQuerySet(KeySearchQuerySet, RecordQuerySet):
    # search(): what was said, who said it, at whose congress.
    key_fields = ("search_key", "speaker__search_key", "congress__organisation__search_key")


class Speech(SourcedRecord):
    """A speech at a congress: who spoke, as what, what they said and which documents they cited."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="speeches"
    )
    speaker = models.ForeignKey(
        "records.Person",
        verbose_name=_("người phát biểu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="speeches",
    )
    speaker_title = models.CharField(_("chức danh người phát biểu"), max_length=500, blank=True)
    kind = models.CharField(_("loại phát biểu"), max_length=20, choices=SpeechKind)
    order = models.PositiveSmallIntegerField(
        _("thứ tự"), null=True, blank=True, help_text=_("Để trống nếu nguồn không cho biết thứ tự phát biểu.")
    )
    summary = models.TextField(_("tóm tắt"), blank=True)
    full_text = models.TextField(_("toàn văn"), blank=True)
    photo_caption = models.CharField(_("chú thích ảnh"), max_length=1000, blank=True)
    cited_documents = models.ManyToManyField(
        "records.LegalDocument",
        verbose_name=_("văn bản được dẫn"),
        blank=True,
        related_name="cited_in_speeches",
    )
    search_key = models.TextField(_("khóa tìm kiếm"), editable=False, default="")

    objects = SpeechQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài phát biểu")
        verbose_name_plural = pgettext_lazy("số nhiều", "bài phát biểu")
        permissions = [
            ("import_speech", "Nhập bài phát biểu từ bảng tính"),
            ("export_speech", "Xuất bài phát biểu ra bảng tính"),
        ]
        ordering = ["congress_id", F("order").asc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SpeechKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Loại phát biểu không có trong danh sách loại phát biểu."),
            ),
            models.CheckConstraint(
                condition=Q(order__isnull=True) | Q(order__gte=1),
                name="%(app_label)s_%(class)s_order_positive",
                violation_error_message=_("Thứ tự phải từ 1 trở lên."),
            ),
            models.UniqueConstraint(
                fields=["congress", "order"],
                name="%(app_label)s_%(class)s_unique_order",
                violation_error_message=_("Đại hội này đã có một bài phát biểu cùng thứ tự."),
            ),
        ]

    def __str__(self):
        # The speaker may be gone when this is a deleted speech's history.
        speaker = linked(self, "speaker")
        speaker = speaker.full_name if speaker is not None else _("Không rõ người phát biểu")
        return f"{self.get_kind_display()}: {speaker}"

    def get_absolute_url(self):
        return reverse("speech-detail", kwargs={"uid": self.uid})

    def normalise(self):
        super().normalise()
        self.speaker_title = vietnamese.clean_name(self.speaker_title)
        self.summary = vietnamese.clean_text(self.summary)
        self.full_text = vietnamese.clean_text(self.full_text)
        self.photo_caption = vietnamese.clean_name(self.photo_caption)
        self.search_key = vietnamese.search_key(f"{self.speaker_title} {self.summary}")


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
