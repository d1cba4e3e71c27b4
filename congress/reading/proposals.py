"""What a reading of a congress report proposes, as plain data.

Every proposal keeps the span of the sentence it came from, so the review screen can highlight it
and a clerk can see why it was proposed. Values are kept as the report writes them (a title, a
unit, "gần 19 nghìn"); turning them into typed record values is the writer's job, not the
reader's. `Reading.as_json()` is the shape `manage.py read_report --json` prints and the corpus
in tests/congress/reading_corpus/ is written in.
"""

from dataclasses import asdict, dataclass, field
import datetime as dt

ROLES = ("directing", "guest", "presiding", "speaking", "elected", "appointed")

# Optional detail the writer uses when a reader gives it (a speech's summary, a document's issuer,
# an indicator's target): left out of as_json() while empty, so the corpus's keys stay the same.
DETAIL_FIELDS = frozenset(
    {"summary", "issuer", "name", "unit", "target", "actual", "direction", "result",
     "status", "period_start", "period_end", "deliverable", "responsible"}
)


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) of the sentence a proposal was read from."""

    start: int
    end: int


@dataclass
class CongressProposal:
    organisation: str = ""
    ordinal: int | None = None
    term_start: int | None = None
    term_end: int | None = None
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None
    venue: str = ""
    kind: str = ""  # "đại biểu" or "toàn thể", as the report says
    span: Span | None = None


@dataclass
class CountsProposal:
    delegates: int | None = None
    members: int | None = None
    organisations: int | None = None
    # "hơn", "gần", "khoảng" before a count, by the count's name: {"members": "gần"}.
    qualifiers: dict[str, str] = field(default_factory=dict)
    span: Span | None = None


@dataclass
class PersonProposal:
    name: str
    title: str
    role: str  # one of ROLES, or "" for someone the report only names
    span: Span | None = None
    summary: str = ""  # what the report says they said, as written (a speech's summary)


@dataclass
class PostProposal:
    name: str
    post: str
    how: str  # "appointed" or "elected"
    span: Span | None = None


@dataclass
class DocumentProposal:
    symbol: str
    date: dt.date | None = None
    span: Span | None = None
    kind: str = ""  # as written before the symbol: "Nghị quyết", "Quyết định"
    issuer: str = ""  # as written: "Ủy ban Thường vụ Quốc hội", "Bộ Chính trị"
    summary: str = ""  # the trích yếu as written: "sắp xếp đơn vị hành chính cấp xã"


@dataclass
class FigureProposal:
    metric: str  # "area", "population", "households", "party_members", "party_organisations"
    value: str  # as written: "39,99", "102.648", "19 nghìn"
    unit: str  # as written: "km2", "km²", "người", "dân"
    qualifier: str = ""  # "hơn", "gần", "khoảng" or ""
    span: Span | None = None


@dataclass
class CommitteeProposal:
    body: str  # as written: "Ban Chấp hành", "BCH Đảng bộ xã khóa VII"
    seats: int
    span: Span | None = None


@dataclass
class IndicatorProposal:
    text: str
    met: int | None = None
    total: int | None = None
    span: Span | None = None
    # What a result sentence says beyond "met/total", as written ("0,2" for 0,2 %).
    name: str = ""
    unit: str = ""
    target: str = ""
    actual: str = ""
    direction: str = ""  # "higher" or "lower" (a poverty rate), "" when the report does not say
    result: str = ""
    status: str = ""  # "exceeded", "met", "not_met" where only words assess it
    period_start: int | None = None
    period_end: int | None = None


@dataclass
class ElectionProposal:
    name: str
    body: str
    share: str  # as written: "95,7%"
    span: Span | None = None


@dataclass
class TaskProposal:
    text: str
    span: Span | None = None
    deliverable: str = ""  # rõ sản phẩm, as written
    responsible: str = ""  # rõ trách nhiệm, as written: "cấp uỷ khoá mới"


@dataclass
class Reading:
    """Everything one report states, and nothing it does not."""

    text: str = ""
    congress: CongressProposal = field(default_factory=CongressProposal)
    counts: CountsProposal = field(default_factory=CountsProposal)
    people: list[PersonProposal] = field(default_factory=list)
    posts: list[PostProposal] = field(default_factory=list)
    documents: list[DocumentProposal] = field(default_factory=list)
    figures: list[FigureProposal] = field(default_factory=list)
    committees: list[CommitteeProposal] = field(default_factory=list)
    indicators: list[IndicatorProposal] = field(default_factory=list)
    elections: list[ElectionProposal] = field(default_factory=list)
    tasks: list[TaskProposal] = field(default_factory=list)
    # People named with no part in the congress ("như phát biểu của đồng chí Tổng Bí thư Tô
    # Lâm"): role "mentioned", title as the sentence gives it; records may still want them.
    mentions: list[PersonProposal] = field(default_factory=list)

    def sentence(self, span: Span | None) -> str:
        return "" if span is None else self.text[span.start : span.end]

    def as_json(self) -> dict:
        """The facts in the corpus's keys: spans and the text left out, dates as ISO strings."""

        def plain(value):
            if isinstance(value, dict):
                return {
                    k: plain(v)
                    for k, v in value.items()
                    if k != "span" and not (k in DETAIL_FIELDS and v in ("", None))
                }
            if isinstance(value, list):
                return [plain(v) for v in value]
            if isinstance(value, dt.date):
                return value.isoformat()
            return value

        facts = asdict(self)
        del facts["text"]
        return plain(facts)
