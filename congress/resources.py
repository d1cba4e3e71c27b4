"""The congress app's sheet kinds: congresses, and the lists of one congress.

Attendance, speeches, indicators and tasks are imported into a congress chosen in the import
form (or `--congress` on the command line), so their sheets carry no congress column.
Registered when the app loads (CongressConfig.ready), so that `records` never imports
`congress`.
"""

import datetime

from django.db.models import Q

from records import vietnamese
from records.sheets.columns import (
    BIRTH_YEAR,
    ChoiceWidget,
    Column,
    DateWidget,
    NumberWidget,
    OrdinalWidget,
    RecordListWidget,
    RecordWidget,
    TextWidget,
    YearRangeWidget,
    ref,
)
from records.sheets.kinds import SheetResource, register_sheet
from records.sheets.lookups import DocumentLookup, OrganisationLookup

from .models import (
    Attendance,
    AttendanceRole,
    Congress,
    Indicator,
    IndicatorDirection,
    Speech,
    SpeechKind,
    Task,
    TaskStatus,
)

COMMITTEE = "Ban Chấp hành Đảng bộ phường Thiên Hương"
DIRECTING_BODY = "Tổ công tác số 11 của Thành ủy"


def count_column(attribute, column_name):
    return Column(attribute, column_name, NumberWidget(integer=True, minimum=0))


@register_sheet("congresses", file_stem="dai-hoi")
class CongressResource(SheetResource):
    """Congresses: which organisation held it, the how-manyth, the term, the counts."""

    organisation = Column("organisation", "Đảng bộ", RecordWidget(OrganisationLookup), required=True)
    ordinal = Column("ordinal", "Lần thứ", OrdinalWidget(), required=True)
    term = Column("term", "Nhiệm kỳ", YearRangeWidget(), required=True)
    opened_on = Column("opened_on", "Ngày khai mạc", DateWidget())
    closed_on = Column("closed_on", "Ngày bế mạc", DateWidget())
    venue = Column("venue", "Địa điểm", TextWidget())
    slogan = Column("slogan", "Khẩu hiệu hành động", TextWidget())
    delegate_count = count_column("delegate_count", "Số đại biểu chính thức")
    members_represented = count_column("members_represented", "Số đảng viên được đại diện")
    organisations_represented = count_column(
        "organisations_represented", "Số tổ chức đảng trực thuộc được đại diện"
    )
    directing_body = Column("directing_body", "Cơ quan chỉ đạo", RecordWidget(OrganisationLookup))
    executive_committee = Column(
        "executive_committee", "Ban Chấp hành được bầu", RecordWidget(OrganisationLookup)
    )
    resolution = Column("resolution", "Nghị quyết Đại hội", RecordWidget(DocumentLookup))
    note = Column("note", "Ghi chú", TextWidget(multiline=True))

    export_related = ("organisation", "directing_body", "executive_committee", "resolution")
    example = {
        "Đảng bộ": "Đảng bộ phường Thiên Hương",
        "Lần thứ": "I",
        "Nhiệm kỳ": "2025–2030",
        "Số đại biểu chính thức": 186,
        "Số đảng viên được đại diện": 1535,
        "Số tổ chức đảng trực thuộc được đại diện": 55,
        "Cơ quan chỉ đạo": DIRECTING_BODY,
        "Ban Chấp hành được bầu": COMMITTEE,
        "Nghị quyết Đại hội": "Nghị quyết Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030",
    }

    class Meta:
        model = Congress
        fields = [
            "organisation",
            "ordinal",
            "term",
            "opened_on",
            "closed_on",
            "venue",
            "slogan",
            "delegate_count",
            "members_represented",
            "organisations_represented",
            "directing_body",
            "executive_committee",
            "resolution",
            "note",
        ]

    @classmethod
    def congress_model(cls):
        return Congress

    @classmethod
    def for_congress(cls, queryset, congress):
        return queryset.filter(pk=congress.pk)

    def existing(self, run, dataset):
        # Also the congresses that elected a committee or adopted a resolution the file names:
        # another congress cannot claim them.
        organisations = [o.pk for found in run.lookup(OrganisationLookup).by_key.values() for o in found]
        documents = [d.pk for found in run.lookup(DocumentLookup).by_key.values() for d in found]
        return Congress.objects.filter(
            Q(organisation__in=organisations)
            | Q(executive_committee__in=organisations)
            | Q(resolution__in=documents)
        ).select_related("organisation")

    def resolve(self, run, values):
        term_start, term_end = values["term"]
        return {"term_start": term_start, "term_end": term_end}

    def key_of_row(self, row):
        return (ref(row.values["organisation"]), row.values["ordinal"])

    def key_of_record(self, congress):
        return (congress.organisation_id, congress.ordinal)

    def extra_keys(self, congress):
        keys = [("term", ref(congress.organisation), congress.term_start)]
        if congress.executive_committee is not None:
            keys.append(("committee", ref(congress.executive_committee)))
        if congress.resolution is not None:
            keys.append(("resolution", ref(congress.resolution)))
        return keys

    def check(self, run, congress):
        self.check_order(run, congress, "opened_on", "closed_on")


@register_sheet("attendance", file_stem="nguoi-du-dai-hoi")
class AttendanceResource(SheetResource):
    """The list of delegates and guests (danh sách đại biểu) of one congress."""

    full_name = Column("person__full_name", "Họ và tên", TextWidget(), required=True)
    birth_year = Column("person__birth_year", "Năm sinh", BIRTH_YEAR)
    role = Column("role", "Tư cách", ChoiceWidget(AttendanceRole), required=True)
    organisation = Column("organisation", "Đơn vị", RecordWidget(OrganisationLookup))
    title = Column("title", "Chức danh", TextWidget())

    congress_field = "congress"
    # Whom a name that may be a person on file means (records.sheets.choices): a uid, or "mới".
    choice_header = "Mã người"
    export_related = ("person", "organisation")
    example = {
        "Họ và tên": "Nguyễn Văn Phú",
        "Tư cách": "Chỉ đạo Đại hội",
        "Đơn vị": DIRECTING_BODY,
        "Chức danh": "Ủy viên Ban Thường vụ Thành ủy, Hiệu trưởng Trường Chính trị Tô Hiệu",
    }

    class Meta:
        model = Attendance
        fields = ["full_name", "birth_year", "role", "organisation", "title"]

    def load_lookups(self, run, dataset):
        run.load_people(dataset, "Họ và tên")
        return {}

    def existing(self, run, dataset):
        return run.congress.attendances.select_related("person")

    def resolve(self, run, values):
        return {"person": run.resolve_person(values)}

    def key_of_row(self, row):
        return ref(row.resolved["person"])

    def key_of_record(self, attendance):
        return attendance.person_id


@register_sheet("speeches", file_stem="bai-phat-bieu")
class SpeechResource(SheetResource):
    """The speeches of one congress: who spoke, as what, in which order, citing which documents."""

    order = Column("order", "Thứ tự", NumberWidget(integer=True, minimum=1, maximum=32767))
    speaker = Column("speaker__full_name", "Người phát biểu", TextWidget())
    speaker_title = Column("speaker_title", "Chức danh người phát biểu", TextWidget())
    kind = Column("kind", "Loại phát biểu", ChoiceWidget(SpeechKind), required=True)
    summary = Column("summary", "Tóm tắt", TextWidget(multiline=True))
    full_text = Column("full_text", "Toàn văn", TextWidget(multiline=True))
    photo_caption = Column("photo_caption", "Chú thích ảnh", TextWidget())
    cited_documents = Column("cited_documents", "Văn bản được dẫn", RecordListWidget(DocumentLookup))
    note = Column("note", "Ghi chú", TextWidget(multiline=True))

    congress_field = "congress"
    # Whom a name that may be a person on file means (records.sheets.choices): a uid, or "mới".
    choice_header = "Mã người"
    export_related = ("speaker",)
    export_prefetch = ("cited_documents",)
    example = {
        "Người phát biểu": "Nguyễn Văn Phú",
        "Chức danh người phát biểu": "Ủy viên Ban Thường vụ Thành ủy, Hiệu trưởng Trường Chính trị Tô Hiệu",
        "Loại phát biểu": "Phát biểu chỉ đạo",
        "Chú thích ảnh": (
            "Đồng chí Nguyễn Văn Phú, Ủy viên Ban Thường vụ Thành ủy, Hiệu trưởng Trường Chính trị "
            "Tô Hiệu phát biểu chỉ đạo tại Đại hội."
        ),
        "Văn bản được dẫn": "68",
    }

    class Meta:
        model = Speech
        fields = [
            "order",
            "speaker",
            "speaker_title",
            "kind",
            "summary",
            "full_text",
            "photo_caption",
            "cited_documents",
            "note",
        ]

    def load_lookups(self, run, dataset):
        run.load_people(dataset, "Người phát biểu")
        return {}

    def existing(self, run, dataset):
        return run.congress.speeches.select_related("speaker").prefetch_related("cited_documents")

    def resolve(self, run, values):
        if "speaker" not in values:
            return {}
        return {"speaker": run.resolve_person(values, name="speaker")}

    def key_of_row(self, row):
        return (ref(row.resolved.get("speaker")), row.values["kind"])

    def key_of_record(self, speech):
        return (speech.speaker_id, speech.kind)

    def choose(self, candidates, values):
        # The same person may speak twice in one capacity; the order tells the speeches apart.
        if "order" in values:
            candidates = [s for s in candidates if s.order == values["order"]] or [
                s for s in candidates if s.order is None
            ]
        return super().choose(candidates, values)

    def extra_keys(self, speech):
        return [("order", speech.order)] if speech.order is not None else []


@register_sheet("indicators", file_stem="chi-tieu")
class IndicatorResource(SheetResource):
    """The table of targets and results (bảng chỉ tiêu) of one congress's past term."""

    period = Column("period", "Giai đoạn", YearRangeWidget())
    name = Column("name", "Chỉ tiêu", TextWidget(), required=True)
    unit = Column("unit", "Đơn vị tính", TextWidget())
    target = Column("target", "Kế hoạch", NumberWidget())
    actual = Column("actual", "Thực hiện", NumberWidget())
    direction = Column(
        "direction", "Chiều", ChoiceWidget(IndicatorDirection, default=IndicatorDirection.HIGHER)
    )
    result = Column("result", "Kết quả", TextWidget())

    congress_field = "congress"
    example = {
        "Giai đoạn": "2021–2025",
        "Chỉ tiêu": "Thu ngân sách nhà nước",
        "Đơn vị tính": "%",
        "Kế hoạch": 100,
        "Thực hiện": 100,
        "Chiều": "Càng cao càng tốt",
        "Kết quả": "đạt 100% chỉ tiêu tổng thu ngân sách nhà nước giai đoạn 2021-2025",
    }

    class Meta:
        model = Indicator
        fields = ["period", "name", "unit", "target", "actual", "direction", "result"]

    def existing(self, run, dataset):
        return run.congress.indicators.all()

    def resolve(self, run, values):
        if "period" not in values:
            return {}
        period_start, period_end = values["period"] or (None, None)
        return {"period_start": period_start, "period_end": period_end}

    def key_of_row(self, row):
        return vietnamese.identity_key(row.values["name"])

    def key_of_record(self, indicator):
        return vietnamese.identity_key(indicator.name)

    def assign(self, run, indicator, values):
        super().assign(run, indicator, values)
        # With both numbers the status follows from them; a clerk's assessment no longer applies.
        if indicator.target is not None and indicator.actual is not None:
            indicator.assessed_status = ""


@register_sheet("tasks", file_stem="nhiem-vu")
class TaskResource(SheetResource):
    """The action plan (kế hoạch thực hiện nghị quyết) of one congress, by the "6 rõ" rule."""

    content = Column("content", "Nội dung", TextWidget(multiline=True), required=True)
    owner = Column("owner__full_name", "Người thực hiện", TextWidget())
    responsible_organisation = Column(
        "responsible_organisation", "Cơ quan chịu trách nhiệm", RecordWidget(OrganisationLookup)
    )
    due_on = Column(
        "due_on",
        "Thời hạn",
        DateWidget(earliest=datetime.date(1945, 1, 1), latest=datetime.date(2200, 12, 31)),
    )
    deliverable = Column("deliverable", "Sản phẩm", TextWidget())
    approving_authority = Column("approving_authority", "Thẩm quyền", RecordWidget(OrganisationLookup))
    status = Column("status", "Trạng thái", ChoiceWidget(TaskStatus, default=TaskStatus.NOT_STARTED))

    congress_field = "congress"
    # Whom a name that may be a person on file means (records.sheets.choices): a uid, or "mới".
    choice_header = "Mã người"
    export_related = ("owner", "responsible_organisation", "approving_authority")
    example = {
        "Nội dung": (
            "Rà soát lại các quy hoạch có liên quan để phù hợp với không gian và bối cảnh phát triển mới"
        ),
        "Cơ quan chịu trách nhiệm": COMMITTEE,
        "Trạng thái": "Chưa thực hiện",
    }

    class Meta:
        model = Task
        fields = [
            "content",
            "owner",
            "responsible_organisation",
            "due_on",
            "deliverable",
            "approving_authority",
            "status",
        ]

    def load_lookups(self, run, dataset):
        run.load_people(dataset, "Người thực hiện")
        return {}

    def existing(self, run, dataset):
        return run.congress.tasks.all()

    def resolve(self, run, values):
        if "owner" not in values:
            return {}
        return {"owner": run.resolve_person(values, name="owner")}

    def key_of_row(self, row):
        return vietnamese.identity_key(row.values["content"])

    def key_of_record(self, task):
        return vietnamese.identity_key(task.content)

    def assign(self, run, task, values):
        super().assign(run, task, values)
        if task.pk is None:
            # The tasks of a congress carry out its resolution unless a clerk says otherwise.
            task.resolution = run.congress.resolution
        if task.status != TaskStatus.DONE:
            task.completed_on = None
