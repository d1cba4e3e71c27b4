"""Congresses, who attended them and what was said; the term's results and tasks are in
indicators.py and tasks.py."""

import re

from django.db import models
from django.db.models import F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records import vietnamese
from records.fields import CountField
from records.models import RecordQuerySet, SourcedRecord
from records.models.base import linked
from records.models.organisations import recorded_members
from records.search import KeySearchQuerySet, search_terms, terms_condition, without_phrase


# A year or a term as typed in a search: "2025", "202", "2025-2030", "2025–2030".
TERM_RE = re.compile(r"(?P<start>[0-9]{1,4})(?:[-–](?P<end>[0-9]{0,4}))?")


# The words before a term as a congress is named on screen ("…, nhiệm kỳ 2025–2030"), a search
# key: typed, they say the next words are a term, and no key of a congress holds them.
TERM_WORDS = "nhiem ky"


def years_starting(digits):
    """The years whose four digits start with `digits` ("202" -> 2020..2029), as a range."""
    scale = 10 ** (4 - len(digits))
    return int(digits) * scale, (int(digits) + 1) * scale - 1


class CongressQuerySet(KeySearchQuerySet, RecordQuerySet):
    # search(): congresses by the name of the organisation holding them, and by their term.
    key_fields = ("organisation__search_key",)

    def search(self, text):
        """As KeySearchQuerySet.search(), a word that is a year or a term also matching the term:
        "thien huong 2025" and "thien huong 2025-2030" find Thiên Hương's 2025–2030 congress.
        A year starts a word of the term as a word starts a name ("202" is 2020 to 2029); a year
        may also be a word of the organisation's name ("Phường 12"). "Nhiệm kỳ" typed before a
        term, as the congress's name says it, is read as no word ("thien huong nhiem ky 2025-2030")."""
        words = without_phrase(search_terms(text), TERM_WORDS)
        as_terms = [term for term in words if TERM_RE.fullmatch(term[0])]
        congresses = super().search(" ".join(term[0] for term in words if term not in as_terms))
        for term in as_terms:
            match = TERM_RE.fullmatch(term[0])
            low, high = years_starting(match["start"])
            in_term = Q(term_start__range=(low, high)) | Q(term_end__range=(low, high))
            if match["end"] is not None:
                in_term = Q(term_start__range=(low, high))
                if match["end"]:
                    in_term &= Q(term_end__range=years_starting(match["end"]))
            congresses = congresses.filter(in_term | terms_condition(self.key_fields, [term]))
        return congresses

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
    # "Đạt và vượt 16/19 chỉ tiêu": reports give the summary, often without the rows behind it,
    # so it is recorded as stated (cited by the congress's sources) rather than as Indicator rows.
    indicators_met = CountField(
        _("số chỉ tiêu đạt và vượt"),
        null=True,
        blank=True,
        help_text=_("Như nguồn ghi: \"đạt và vượt 16/19 chỉ tiêu\" là 16 trên tổng số 19."),
    )
    indicators_total = CountField(_("tổng số chỉ tiêu"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(indicators_met__isnull=True, indicators_total__isnull=True)
                | Q(indicators_met__isnull=False, indicators_total__isnull=False),
                name="%(app_label)s_%(class)s_indicator_summary_complete",
                violation_error_message=_(
                    "Số chỉ tiêu đạt và vượt và tổng số chỉ tiêu phải ghi cả hai, hoặc để trống cả hai."
                ),
            ),
            models.CheckConstraint(
                condition=Q(indicators_total__isnull=True) | Q(indicators_total__gte=1),
                name="%(app_label)s_%(class)s_indicators_total_positive",
                violation_error_message=_("Tổng số chỉ tiêu phải từ 1 trở lên."),
            ),
            models.CheckConstraint(
                condition=Q(indicators_met__isnull=True)
                | Q(indicators_total__isnull=True)
                | Q(indicators_met__lte=F("indicators_total")),
                name="%(app_label)s_%(class)s_indicators_met_within_total",
                violation_error_message=_(
                    "Số chỉ tiêu đạt và vượt không được lớn hơn tổng số chỉ tiêu."
                ),
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

    @property
    def indicator_summary(self):
        """ "16/19", as the reports write it; empty when no summary is recorded."""
        if self.indicators_met is None or self.indicators_total is None:
            return ""
        return f"{vietnamese.format_number(self.indicators_met)}/{vietnamese.format_number(self.indicators_total)}"


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
