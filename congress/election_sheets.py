"""The sheet kinds of what a congress decided about people: an election's results, its bodies' members.

An election's results (kết quả bầu cử) are imported into one election chosen in the import form
(`--election` on the command line), as the congress's lists are into a congress: the tally
sheet's ballot counts are the election's, typed once on its admin page, and the file carries
the candidates' lines. Each line is checked against those counts as the admin's inline checks
a candidate (votes ≤ valid ballots, elected only above the threshold of the stated base), its
“Tỷ lệ” against votes ÷ base, and the file as a whole against the seats decided; the elected
then become members of the body through congress.services, as the admin's save makes them.

The members of a congress's bodies (Đoàn Chủ tịch, Đoàn Thư ký, the credentials and
vote-counting committees) are imported into a congress; a body the file names that the
congress has not yet is made for it.

Registered when the app loads (CongressConfig.ready), as congress/resources.py.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from records import vietnamese
from records.sheets.columns import (
    BIRTH_YEAR,
    ChoiceWidget,
    Column,
    NumberWidget,
    TextWidget,
    cell_text,
    identity_key,
    is_blank,
    ref,
)
from records.sheets.kinds import SheetResource, register_sheet
from records.sheets.report import SheetError

from .models import Candidate, CongressBody, CongressBodyKind, CongressBodyMember, Election
from .models.elections import number
from .services import election_record_members

# How far a typed percentage may be from votes ÷ base, in percentage points: tally sheets
# round to one or two decimals.
PERCENT_TOLERANCE = Decimal("0.05")


class PercentWidget(NumberWidget):
    """A percentage as offices write it: "95,7%", "95,70 %", and "95.7" too (a dot before one
    or two decimals is a decimal point here: a percentage has no thousands to group)."""

    def __init__(self):
        super().__init__(minimum=0, maximum=100)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            text = vietnamese.clean_name(value).removesuffix("%").rstrip()
            if "," not in text and text.count(".") == 1 and len(text.partition(".")[2]) <= 2:
                text = text.replace(".", ",")
            value = text
        return super().clean(value, row, **kwargs)

    def sheet_format(self):
        # The % is a literal per cent sign, never formatted:
        # xgettext:no-python-format
        return _("Tỷ lệ phần trăm, dấu phẩy trước phần thập phân: 95,7% hoặc 95,7") + self.range_text()


class ElectedWidget(widgets.Widget):
    """Whether a candidate was elected: "x", "có" or "Trúng cử" for yes, blank (or "không") for no."""

    YES = frozenset(identity_key(word) for word in ("x", "có", "trúng cử"))
    NO = frozenset(identity_key(word) for word in ("", "không"))

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        key = identity_key(vietnamese.clean_name(cell_text(value)))
        if key in self.YES:
            return True
        if key in self.NO:
            return False
        raise ValueError(
            _("“%(value)s” không đọc được: ghi “x”, “có” hoặc “Trúng cử” khi trúng cử, để trống khi không.")
            % {"value": cell_text(value)}
        )

    def render(self, value, obj=None, **kwargs):
        return "x" if value else ""

    def sheet_format(self):
        return _("Ghi “x” (hoặc “có”, “Trúng cử”) khi trúng cử, để trống hoặc ghi “không” khi không")

    def sheet_choices(self):
        return ["x", "không"]


@register_sheet("election-results", file_stem="ket-qua-bau-cu")
class ElectionResultResource(SheetResource):
    """An election's candidates with their votes, as its tally sheet (biên bản kiểm phiếu) lists them."""

    full_name = Column("person__full_name", "Họ và tên", TextWidget(), required=True)
    birth_year = Column("person__birth_year", "Năm sinh", BIRTH_YEAR)
    votes = Column("votes", "Số phiếu", NumberWidget(integer=True, minimum=0))
    percentage = Column("percentage", "Tỷ lệ", PercentWidget())
    elected = Column("elected", "Trúng cử", ElectedWidget())

    congress_field = "election"
    congress_noun = gettext_lazy("cuộc bầu cử")
    congress_option = "election"
    # Whom a name that may be a person on file means (records.sheets.choices): a uid, or "mới".
    choice_header = "Mã người"
    export_related = ("person", "election")
    # By election, then as the tally sheet lists candidates: most votes first.
    export_ordering = (
        "election__congress__organisation__name",
        "election__congress__ordinal",
        "election__body__name",
        "election__role",
        "election__round",
        F("votes").desc(nulls_last=True),
        "person__sort_key",
        "person__birth_year",
    )
    example = {"Họ và tên": "Vương Toàn Thu Thủy", "Năm sinh": 1975, "Số phiếu": 180, "Trúng cử": "x"}

    class Meta:
        model = Candidate
        fields = ["full_name", "birth_year", "votes", "percentage", "elected"]

    @classmethod
    def sheet_title(cls):
        return _("Kết quả bầu cử")

    @classmethod
    def congress_choices(cls, queryset):
        return queryset.select_related("congress__organisation", "body")

    @classmethod
    def find_congress(cls, pk):
        """The election with this id or uid (the admin's and the exports' code); ValueError if none."""
        text = str(pk).strip()
        found = Election.objects.filter(pk=text).first() if text.isdigit() else None
        if found is None and not text.isdigit():
            try:
                found = Election.objects.filter(uid=text).first()
            except ValidationError:  # not a UUID: the message below says so
                found = None
        if found is None:
            raise ValueError(_("Không có cuộc bầu cử mã %(pk)s.") % {"pk": text})
        return found

    def load_lookups(self, run, dataset):
        run.load_people(dataset, "Họ và tên")
        return {}

    def existing(self, run, dataset):
        # With their election, which the percentage of a row's record is taken from.
        return run.congress.candidates.select_related("person", "election")

    def resolve(self, run, values):
        return {"person": run.resolve_person(values)}

    def key_of_row(self, row):
        return ref(row.resolved["person"])

    def key_of_record(self, candidate):
        return candidate.person_id

    def check(self, run, candidate):
        election = run.congress
        candidate.election = election
        self.check_percentage(run, candidate)
        if election.draft:
            # A draft's numbers do not add up: kept as the sheet says, giving no post.
            return
        for field, message in candidate.tally_errors(election):
            run.error_on(field, message)

    def check_percentage(self, run, candidate):
        """The typed “Tỷ lệ” must be votes ÷ the election's base, give or take 0,05 points."""
        values = run.row.values
        given = values.get("percentage")
        if given is None:
            return
        election = run.congress
        computed = election.percentage(candidate.votes)
        base = election.get_percentage_base_display().lower()
        if computed is None:
            run.error_on(
                "percentage",
                _("Không kiểm tra được tỷ lệ %(given)s %%: chưa có số phiếu của dòng hoặc %(base)s.")
                % {"given": vietnamese.format_number(given), "base": base},
            )
        elif abs(given - computed) > PERCENT_TOLERANCE:
            run.error_on(
                "percentage",
                _(
                    "Tỷ lệ ghi %(given)s %% nhưng %(votes)s phiếu trên %(count)s (%(base)s) "
                    "là %(computed)s %%: chênh quá %(tolerance)s điểm phần trăm."
                )
                % {
                    "given": vietnamese.format_number(given),
                    "votes": number(candidate.votes),
                    "count": number(election.base_count),
                    "base": base,
                    "computed": vietnamese.format_number(computed, 2),
                    "tolerance": vietnamese.format_number(PERCENT_TOLERANCE, 2),
                },
            )
        else:
            # Agreeing with the count, the cell says what the record will show: not a change.
            values["percentage"] = computed

    def finish(self, run):
        """The candidates together against the seats decided, then the elected made members."""
        election = run.congress
        candidates = list(election.candidates.all())
        if not election.draft:
            for message in election.tally_errors(candidates):
                run.errors.append(SheetError(None, "", "", message))
        run.warnings.extend(str(warning) for warning in election.tally_warnings(candidates))
        if run.errors:
            return
        source = run.writes.import_source
        election_record_members(
            election=election,
            sources=[source] if source is not None else [],
            user=run.user,
            reason=run.writes.change_reason,
        )


@register_sheet("body-members", file_stem="co-quan-dai-hoi")
class CongressBodyMemberResource(SheetResource):
    """The members of a congress's own bodies (cơ quan giúp việc đại hội), with their titles."""

    full_name = Column("person__full_name", "Họ và tên", TextWidget(), required=True)
    birth_year = Column("person__birth_year", "Năm sinh", BIRTH_YEAR)
    body = Column("body__kind", "Cơ quan", ChoiceWidget(CongressBodyKind), required=True)
    title = Column("title", "Chức danh", TextWidget())

    congress_field = "body__congress"
    # Whom a name that may be a person on file means (records.sheets.choices): a uid, or "mới".
    choice_header = "Mã người"
    export_related = ("person", "body")
    export_ordering = (
        "body__congress__organisation__name",
        "body__congress__ordinal",
        "body__kind",
        F("order").asc(nulls_last=True),
        "person__sort_key",
        "person__birth_year",
    )
    example = {
        "Họ và tên": "Vương Toàn Thu Thủy",
        "Năm sinh": 1975,
        "Cơ quan": "Đoàn Chủ tịch",
        "Chức danh": "Bí thư Đảng ủy phường",
    }

    class Meta:
        model = CongressBodyMember
        fields = ["full_name", "birth_year", "body", "title"]

    @classmethod
    def for_congress(cls, queryset, congress):
        return queryset.filter(body__congress=congress)

    def load_lookups(self, run, dataset):
        run.load_people(dataset, "Họ và tên")
        bodies = {body.kind: body for body in run.congress.bodies.all()}
        widget = self.fields["body"].widget
        for cell in dataset["Cơ quan"] if "Cơ quan" in dataset.headers else ():
            if is_blank(cell):
                continue
            try:
                kind = widget.clean(cell)
            except ValueError:
                continue  # the row's own reading of the cell reports it
            if kind not in bodies:
                bodies[kind] = self.new_body(run, kind)
        return {"bodies": bodies}

    @staticmethod
    def new_body(run, kind):
        """A body the congress had not recorded yet, citing the import as its rows do."""
        body = CongressBody(congress=run.congress, kind=kind)
        body._history_user = run.user
        body._change_reason = run.writes.change_reason
        body.save()
        body.sources.add(run.writes.source())
        return body

    def existing(self, run, dataset):
        return CongressBodyMember.objects.filter(body__congress=run.congress).select_related("person", "body")

    def resolve(self, run, values):
        return {"person": run.resolve_person(values), "body": run.loaded["bodies"][values["body"]]}

    def key_of_row(self, row):
        return (row.values["body"], ref(row.resolved["person"]))

    def key_of_record(self, member):
        return (member.body.kind, member.person_id)
