"""A reading matched against the records: what each proposal would create, reuse or must ask.

Every person, organisation, unit and document a report names is looked up through
records.duplicates, the one matching module the imports and the admin's forms use, and becomes
an Item: "existing" (one record, linked), "new" (nobody like it on record) or "ambiguous" (several,
or one that matches only without diacritics: the clerk chooses). An item is `exact` when no
choice is left to make; only exact items are ticked by default, and only they are written by
`read_report --write`.

The organisations a title names (titles.py) are items of their own, so "Bí thư Đảng ủy" of two
reports is one Đảng ủy, and a person is matched together with the organisations their title
names: a namesake who holds a post there is the one meant (duplicates.PersonDuplicates).
"""

import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import access, vietnamese
from records.duplicates import (
    DocumentDuplicates,
    OrganisationDuplicates,
    PersonDuplicates,
    ProposedOrganisation,
    ProposedPerson,
    UnitDuplicates,
)
from records.models import Figure
from records.models.documents import DocumentType
from records.models.figures import FigureMetric

from ..models import Congress, Indicator, Task
from .titles import Context, OrganisationRef, organisation_of, posts_of

NEW, EXISTING, AMBIGUOUS = "new", "existing", "ambiguous"
KINDS = (
    ("congress", gettext_lazy("Đại hội")),
    ("unit", gettext_lazy("Đơn vị hành chính")),
    ("organisation", gettext_lazy("Tổ chức")),
    ("person", gettext_lazy("Người")),
    ("document", gettext_lazy("Văn bản")),
    ("committee", gettext_lazy("Ban Chấp hành và số thành viên")),
    ("figure", gettext_lazy("Số liệu")),
    ("indicator", gettext_lazy("Chỉ tiêu")),
    ("task", gettext_lazy("Nhiệm vụ")),
    ("election", gettext_lazy("Kết quả bầu cử (chỉ để xem, không ghi)")),
)
# Kinds shown for the clerk to see but never written from a report (see _match_elections).
SHOWN_ONLY = frozenset({"election"})
FIGURE_METRICS = {
    "area": "area_km2",
    "area_km2": "area_km2",
    "population": "population",
    "households": "households",
    "party_members": "party_members",
    "party_organisations": "party_organisations",
}
DOCUMENT_TYPES = {vietnamese.search_key(label): code for code, label in DocumentType.choices}


@dataclass
class Match:
    status: str = NEW
    record: object = None
    candidates: list = field(default_factory=list)
    exact: bool = True


@dataclass
class Item:
    """One proposal on the review screen: what it says, where it was read, what it matches."""

    kind: str
    key: str
    label: str
    match: Match
    span: object = None
    values: dict = field(default_factory=dict)
    proposal: object = None
    ref: OrganisationRef | None = None
    posts: list = field(default_factory=list)
    note: str = ""
    accepted: bool = True
    choice: object = None  # the record chosen, or None for a new one

    def __post_init__(self):
        self.accepted = self.match.exact
        self.choice = self.match.record

    @property
    def writable(self):
        return self.kind not in SHOWN_ONLY

    @property
    def kind_label(self):
        return dict(KINDS)[self.kind]

    @property
    def status_label(self):
        if not self.writable:
            return _("không ghi")
        if self.match.status == EXISTING:
            return _("đã có: %(record)s") % {"record": self.match.record}
        if self.match.status == AMBIGUOUS:
            return _("chưa rõ: %(records)s") % {
                "records": _(" hoặc ").join(str(record) for record in self.match.candidates)
            }
        return _("mới")


@dataclass
class Plan:
    reading: object
    context: Context
    items: list = field(default_factory=list)
    unit: object = None  # the congress's unit, when one matched
    province: object = None

    def item(self, key):
        return next(item for item in self.items if item.key == key)

    def of_kind(self, kind):
        return [item for item in self.items if item.kind == kind]

    def groups(self):
        return [(label, self.of_kind(kind)) for kind, label in KINDS if self.of_kind(kind)]

    def organisation_item(self, ref):
        return next((item for item in self.of_kind("organisation") if item.ref.key == ref.key), None)

    @property
    def new_items(self):
        return [item for item in self.items if item.match.status != EXISTING]


def _from_candidates(candidates, exact):
    """existing for one exact record, new for none, else ambiguous (the clerk chooses)."""
    if len(exact) == 1:
        return Match(EXISTING, exact[0], candidates, True)
    if not candidates:
        return Match(NEW, None, [], True)
    if len(candidates) == 1:
        # The same name but for diacritics or an abbreviation: most likely them, but a choice.
        return Match(EXISTING, candidates[0], candidates, False)
    return Match(AMBIGUOUS, None, candidates, False)


def match_reading(reading, scope=access.EVERYTHING):
    """The plan of a reading: an item per proposal, matched against the records in the user's reach."""
    plan = Plan(reading, Context(vietnamese.clean_name(reading.congress.organisation)))
    _match_unit(plan, scope)
    _match_organisations(plan, scope)
    _match_congress(plan)
    _match_people(plan, scope)
    _match_documents(plan, scope)
    _match_rest(plan)
    _match_elections(plan)
    return plan


def _match_unit(plan, scope):
    place = plan.context.place
    if not place:
        return
    units = UnitDuplicates(scope.referable(UnitDuplicates().queryset))
    units.load([place])
    candidates = units.candidates(place)
    if len(candidates) > 1:
        # A province the report names, or the user's scope, tells same-named communes apart.
        text = vietnamese.search_key(plan.reading.text)
        named = [u for u in candidates if u.parent and _place_name(u.parent.name) in text]
        in_scope = [u for u in candidates if not scope.everything and u.pk in scope.unit_ids]
        candidates = named if len(named) == 1 else in_scope if len(in_scope) == 1 else candidates
    match = _from_candidates(candidates, candidates if len(candidates) == 1 else [])
    if match.status == NEW:
        match = Match(NEW, None, [], False)  # units come from the register, never from a report
    item = Item("unit", "unit-0", place, match, span=plan.reading.congress.span)
    plan.items.append(item)
    plan.unit = match.record
    plan.province = match.record.parent if match.record is not None else None


def _place_name(name):
    """A province's name without its kind: "hai phong" of "Thành phố Hải Phòng"."""
    key = vietnamese.search_key(name)
    for kind in ("thanh pho ", "tinh "):
        if key.startswith(kind):
            return key[len(kind) :]
    return key


def _organisation_refs(plan):
    """Every organisation the reading names, parents before children, each once."""
    context, reading, refs = plan.context, plan.reading, {}

    def add(ref):
        if ref is None:
            return
        add(ref.parent)
        refs.setdefault(ref.key, ref)

    add(context.party())
    for proposal in [*reading.people, *reading.posts, *reading.mentions]:
        for post in posts_of(getattr(proposal, "title", "") or getattr(proposal, "post", ""), context):
            add(post.organisation)
    for committee in reading.committees:
        add(organisation_of(committee.body, context))
    for document in reading.documents:
        if document.issuer:
            add(organisation_of(document.issuer, context))
    return list(refs.values())


def _match_organisations(plan, scope):
    queryset = scope.referable(OrganisationDuplicates().queryset)
    refs = _organisation_refs(plan)
    duplicates = OrganisationDuplicates(queryset)
    duplicates.load([ProposedOrganisation(ref.name) for ref in refs])
    records = {}
    for index, ref in enumerate(refs):
        parent = records.get(ref.parent.key) if ref.parent else None
        unit = plan.unit if ref.place == "local" else plan.province if ref.place == "province" else None
        if ref.parent is not None and parent is None:
            match = Match(NEW)  # under a new parent nothing can exist yet
        else:
            proposal = ProposedOrganisation(
                ref.name, parent.pk if parent else None, unit.pk if unit is not None else None
            )
            candidates = duplicates.candidates(proposal)
            key = vietnamese.identity_key(ref.name)
            match = _from_candidates(candidates, [c for c in candidates if c.name_key == key])
        records[ref.key] = match.record
        item = Item("organisation", f"organisation-{index}", ref.name, match, ref=ref)
        item.values = {"name": ref.name}
        plan.items.append(item)


def _match_congress(plan):
    proposal = plan.reading.congress
    if not proposal.organisation:
        return
    party = plan.organisation_item(plan.context.party())
    existing = None
    if party.match.record is not None and proposal.ordinal:
        existing = Congress.objects.filter(organisation=party.match.record, ordinal=proposal.ordinal).first()
    counts = plan.reading.counts
    item = Item(
        "congress",
        "congress-0",
        proposal.organisation,
        Match(EXISTING, existing) if existing else Match(NEW),
        span=proposal.span or counts.span,
        proposal=proposal,
    )
    item.values = {
        "ordinal": proposal.ordinal,
        "term_start": proposal.term_start,
        "term_end": proposal.term_end,
        "opened_on": proposal.opened_on,
        "closed_on": proposal.closed_on,
        "venue": proposal.venue,
        "delegates": counts.delegates,
        "members": counts.members,
        "organisations": counts.organisations,
    }
    plan.items.append(item)


def _people(reading, context):
    """The people of a reading, one per name however often named: (name, [proposals], [posts])."""
    people = {}
    # Someone only mentioned ("như phát biểu của đồng chí Tổng Bí thư Tô Lâm") is still a person
    # the report names, with the post the title gives: proposed like the rest, never dropped.
    for proposal in [*reading.people, *reading.posts, *reading.mentions]:
        name = vietnamese.clean_name(proposal.name)
        entry = people.setdefault(vietnamese.identity_key(name), (name, [], []))
        entry[1].append(proposal)
        title = proposal.title if hasattr(proposal, "title") else proposal.post
        for post in posts_of(title, context):
            if all((p.role, p.organisation.key) != (post.role, post.organisation.key) for p in entry[2]):
                entry[2].append(post)
    return list(people.values())


def _match_people(plan, scope):
    people = _people(plan.reading, plan.context)
    organisations = []
    for _name, _proposals, posts in people:
        found = (plan.organisation_item(post.organisation) for post in posts)
        organisations.append(frozenset(i.match.record.pk for i in found if i and i.match.record is not None))
    duplicates = PersonDuplicates(scope.referable(PersonDuplicates().queryset))
    proposed = [ProposedPerson(name, None, ids) for (name, _p, _posts), ids in zip(people, organisations)]
    duplicates.load(proposed)
    for index, ((name, proposals, posts), proposal) in enumerate(zip(people, proposed)):
        candidates = duplicates.candidates(proposal)
        holding = [c for c in candidates if duplicates.posts.get(c.pk, set()) & proposal.organisations]
        if len(candidates) > 1 and len(holding) == 1:
            candidates = holding  # the title names an organisation only one of them is in
        key = vietnamese.identity_key(name)
        match = _from_candidates(candidates, [c for c in candidates if c.name_key == key])
        item = Item("person", f"person-{index}", name, match, span=proposals[0].span, posts=posts)
        item.proposal = proposals
        item.values = {"name": name}
        titles = dict.fromkeys(t for t in (getattr(p, "title", "") or getattr(p, "post", "") for p in proposals) if t)
        if titles:
            item.note = _("Chức danh: %(titles)s") % {"titles": "; ".join(titles)}
        plan.items.append(item)


def document_type(proposal):
    """The type code a document proposal states: its words ("Nghị quyết") or its symbol's code."""
    words = vietnamese.search_key(proposal.kind)
    if words in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[words]
    try:
        code = vietnamese.parse_document_symbol(proposal.symbol).type_code
    except ValueError:
        code = ""
    return code if code in DocumentType.values else DocumentType.OTHER


def _match_documents(plan, scope):
    duplicates = DocumentDuplicates(scope.referable(DocumentDuplicates().queryset))
    duplicates.load([proposal.symbol for proposal in plan.reading.documents])
    for index, proposal in enumerate(plan.reading.documents):
        issuer_ref = organisation_of(proposal.issuer, plan.context) if proposal.issuer else None
        issuer = plan.organisation_item(issuer_ref) if issuer_ref else None
        issuer_id = issuer.match.record.pk if issuer and issuer.match.record is not None else None
        candidates = duplicates.candidates(proposal.symbol, document_type(proposal), issuer_id)
        match = _from_candidates(candidates, candidates if len(candidates) == 1 else [])
        item = Item("document", f"document-{index}", proposal.symbol, match, span=proposal.span, ref=issuer_ref)
        item.proposal = proposal
        item.values = {"symbol": proposal.symbol, "date": proposal.date}
        plan.items.append(item)


def _match_rest(plan):
    """Committees, figures, indicators and tasks: new unless the records already say the same."""
    reading, congress = plan.reading, plan.of_kind("congress")
    congress = congress[0].match.record if congress else None
    for index, proposal in enumerate(reading.committees):
        ref = organisation_of(proposal.body, plan.context)
        organisation = plan.organisation_item(ref).match.record
        same = organisation is not None and organisation.seat_count == proposal.seats
        item = Item("committee", f"committee-{index}", proposal.body, Match(EXISTING, organisation) if same else Match(NEW), span=proposal.span, proposal=proposal, ref=ref)
        item.values = {"seats": proposal.seats}
        plan.items.append(item)
    for index, proposal in enumerate(reading.figures):
        plan.items.append(_figure_item(plan, index, proposal))
    for index, proposal in enumerate(reading.indicators):
        name = capitalised(vietnamese.clean_name(proposal.name or proposal.text))
        existing = congress and Indicator.objects.filter(congress=congress, name=name).first()
        item = Item("indicator", f"indicator-{index}", name, Match(EXISTING, existing) if existing else Match(NEW), span=proposal.span, proposal=proposal)
        item.values = {"name": name, "target": proposal.target or proposal.total, "actual": proposal.actual or proposal.met}
        plan.items.append(item)
    for index, proposal in enumerate(reading.tasks):
        content = capitalised(vietnamese.clean_text(proposal.text))
        existing = congress and Task.objects.filter(congress=congress, content=content).first()
        item = Item("task", f"task-{index}", content, Match(EXISTING, existing) if existing else Match(NEW), span=proposal.span, proposal=proposal)
        item.values = {"content": content}
        plan.items.append(item)


def _match_elections(plan):
    """
    Election results ("trúng cử với 95,7% số phiếu") are shown, never written: an Election needs
    its ballots issued, received and valid, which a news report does not give, and a share alone
    would be a tally that cannot be checked. The post the person was elected to is written with
    the person, as an elected membership; the clerk enters the vote itself under Bầu cử.
    """
    note = _(
        "Không ghi từ bài báo: một cuộc bầu cử cần số phiếu phát ra, thu về và hợp lệ mà bài báo "
        "không nêu. Chức vụ được bầu (nếu có) được ghi cùng người; số phiếu hãy nhập ở mục Bầu cử."
    )
    for index, proposal in enumerate(plan.reading.elections):
        label = " — ".join(part for part in (proposal.name, proposal.body, proposal.share) if part)
        item = Item("election", f"election-{index}", label, Match(NEW, exact=False), span=proposal.span, proposal=proposal, note=note)
        item.accepted = False
        plan.items.append(item)


def capitalised(text):
    """A record's text as a clerk types it, capital first: reports run a name or a task into a sentence."""
    return text[:1].upper() + text[1:]


def figure_subject(plan, metric):
    """What a figure is about: a party count the congress's organisation, anything else its unit."""
    if metric.startswith("party_"):
        return "organisation", plan.organisation_item(plan.context.party())
    return "administrative_unit", plan.of_kind("unit")[0] if plan.of_kind("unit") else None


def _figure_item(plan, index, proposal):
    metric = FIGURE_METRICS.get(proposal.metric, "")
    name = FigureMetric(metric).label if metric else proposal.metric
    label = " ".join(str(part) for part in (name, proposal.qualifier, proposal.value, proposal.unit) if part)
    match, note = Match(NEW), ""
    if not metric:
        match, note = Match(NEW, exact=False), _("Chỉ số “%(metric)s” chưa có trong hồ sơ.") % {"metric": proposal.metric}
    else:
        field_name, subject = figure_subject(plan, metric)
        record = subject.match.record if subject else None
        if record is not None:
            recorded = list(Figure.objects.filter(metric=metric, **{field_name: record}).select_related("source"))
            value = figure_value(proposal.value, proposal.unit, metric)
            same = [figure for figure in recorded if value is not None and figure.value == value]
            if same:
                match = Match(EXISTING, same[0])
            elif recorded:
                note = _("Hồ sơ đã có: %(figures)s. Số liệu này được ghi bên cạnh, không thay thế.") % {
                    "figures": "; ".join(f"{vietnamese.format_number(f.value)} ({f.source})" for f in recorded)
                }
        else:
            match = Match(NEW, exact=False)
            note = _("Không xác định được đơn vị hành chính hoặc tổ chức của số liệu này.")
    if proposal.qualifier:
        match.exact = False
        note = (note + " " + _("Báo viết “%(word)s”: số liệu không chính xác.") % {"word": proposal.qualifier}).strip()
    item = Item("figure", f"figure-{index}", label, match, span=proposal.span, proposal=proposal, note=note)
    item.values = {"value": proposal.value}
    return item


def figure_value(value, unit="", metric=""):
    """The number a figure writes ("39,99", "102.648", "19 nghìn") in its metric's unit, or None.

    The figure's model says what a unit written after it means (Figure.scale_of): hectares of an
    area are recorded in km², "19 nghìn" is 19.000; a unit that does not measure the metric gives
    None, as a value that is no number does.
    """
    number, words = vietnamese.split_unit(unicodedata.normalize("NFC", str(value)))
    try:
        parsed = vietnamese.parse_number(number)
    except ValueError:
        return None
    scale = Figure.scale_of(FIGURE_METRICS.get(metric, metric), f"{words} {unit}")
    return None if scale is None else parsed * scale
