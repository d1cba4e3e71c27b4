"""
What each 2025 congress decided about people: its executive committee, elected at the congress
or appointed by the province's committee, its delegation to the province's congress, the bodies
it chose to run itself, and its credentials report.

The records are shaped as congress.services leaves them when a clerk enters them: an elected
candidate or an appointed post holds the membership it gave (its `membership` link), with the
start day and the reason the service writes, so that running the service over generated records
changes nothing (tests/tooling/test_generate_data.py runs it). Every tally keeps the rules of
congress/models/elections.py: valid + invalid = received ≤ issued ≤ delegates convened (issued:
the delegates present, as the credentials report states them), votes ≤ valid ballots, elected
exactly when the votes are above the threshold of the stated base, elected ≤ seats decided, and
at most 130 % candidates for the seats, so that no warning is raised either.

About two committees in five are appointed (chỉ định), as many new wards' were in 2025; the
others are elected at the congress, the executive committee in one round or, one time in five,
two, and its standing committee, secretary and deputies by the new committee. Every congress
elects its delegation. The rows are written commune by commune, as the rest of the commune's
records, so memory stays flat.
"""

import datetime
from dataclasses import dataclass, field

from congress.models import (
    AppointedPost,
    AppointmentDecision,
    Candidate,
    CongressBody,
    CongressBodyKind,
    CongressBodyMember,
    CredentialsReport,
    Election,
    Nomination,
    PercentageBase,
)
from congress.models.elections import CANDIDATES_PER_SEAT_TENTHS
from congress.services import appointment_reason, election_reason
from records.models import LegalDocument, Membership, Organisation
from records.models.documents import DocumentType
from records.models.people import MembershipRole

from .plan import ALL_MEMBER_CONGRESS_MAX, TERM, in_sentence, new_uid

APPOINTED_SHARE = 0.4
SECOND_ROUND_SHARE = 0.2
APPROVED_SHARE = 0.9
# Elected by the new committee at its first meeting, in this order.
LEADING_ROLES = (MembershipRole.STANDING_MEMBER, MembershipRole.SECRETARY, MembershipRole.DEPUTY_SECRETARY)
ABSENCE_REASONS = ["ốm đau", "đi công tác", "việc gia đình", "đi học tập trung"]
# (kind, how many members, the first member's title); the presidium is the congress's leaders.
BODIES = [
    (CongressBodyKind.SECRETARIAT, 3, "Trưởng Đoàn Thư ký"),
    (CongressBodyKind.CREDENTIALS, 5, "Trưởng Ban Thẩm tra tư cách đại biểu"),
    (CongressBodyKind.VOTE_COUNTING, 7, "Trưởng Ban Kiểm phiếu"),
]


@dataclass
class Committee:
    """The executive committee a congress produced: who, their highest post, who has left since."""

    people: list  # person ids: the current members, then those who have left since
    roles: dict  # person id -> MembershipRole
    titles: dict  # person id -> the title of that role
    ended: dict  # person id -> {"end_on": ..., "end_reason": ...}
    member_title: str

    def holding(self, role):
        return [person for person in self.people if self.roles[person] == role]


@dataclass
class Entry:
    """A candidate before its election is written: the membership it gave, if it was elected."""

    person: int
    elected: bool
    nomination: str = Nomination.LIST
    membership: Membership | None = None


@dataclass
class Decided:
    """A commune's records that name each other, written in the order their ids are needed."""

    documents: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    ballots: list = field(default_factory=list)  # (Election, [Entry])
    appointment: tuple | None = None  # (AppointmentDecision, LegalDocument, [(AppointedPost, Membership)])


# Numbers ###################################################################


def candidate_limit(seats):
    return seats * CANDIDATES_PER_SEAT_TENTHS // 10


def new_election(rng, commune, *, body, body_name, role, round_, seats, convened, present, base, approval):
    """An election whose tally adds up: the present delegates get ballots, a few come back spoilt."""
    issued = present
    received = issued - (1 if issued > 1 and rng.random() < 0.15 else 0)
    invalid = min(rng.choice((0, 0, 0, 1, 1, 2, 3)), received - 1)
    election = Election(
        uid=new_uid(rng),
        congress_id=commune.congress,
        role=role,
        round=round_,
        seats_planned=seats,
        seats_decided=seats,
        delegates_convened=convened,
        percentage_base=base,
        ballots_issued=issued,
        ballots_received=received,
        ballots_valid=received - invalid,
        ballots_invalid=invalid,
        approval_decision=approval,
    )
    # The body by name only, for the reason the members' posts state (no query).
    election.body = Organisation(pk=body, name=body_name)
    if least_to_pass(election) > election.ballots_valid:
        election.percentage_base = PercentageBase.VALID_BALLOTS
    return election


def least_to_pass(election):
    """The fewest votes above the election's threshold of its base."""
    return int(election.threshold * election.base_count) + 1


def votes_of(rng, election, elected):
    """Votes that elect, or do not, by the election's own rule; never more than the valid ballots."""
    valid, least = election.ballots_valid, least_to_pass(election)
    if elected:
        return rng.randint(max(least, round(valid * 0.7)), valid)
    highest = min(least - 1, valid)
    return rng.randint(min(highest, round(election.base_count * 0.25)), highest)


def other_nomination(rng):
    return rng.choices([Nomination.LIST, Nomination.SELF, Nomination.CONGRESS], weights=[6, 1, 2])[0]


# Posts #####################################################################


def new_post(rng, decided, commune, *, person, organisation, role, title, start_on, reason, ended=None):
    membership = Membership(
        uid=new_uid(rng),
        person_id=person,
        organisation_id=organisation,
        role=role,
        title=title,
        start_on=start_on,
        start_reason=reason,
        **(ended or {}),
    )
    decided.memberships.append(membership)
    return membership


def add_ballot(rng, decided, commune, election, entries, *, role, titles, ended):
    """The election with its candidates; each elected one given its post in the body."""
    reason = election_reason(election)
    for entry in entries:
        if entry.elected:
            entry.membership = new_post(
                rng,
                decided,
                commune,
                person=entry.person,
                organisation=election.body_id,
                role=role,
                title=titles(entry.person),
                start_on=commune.closed_on,
                reason=reason,
                ended=ended.get(entry.person),
            )
    decided.ballots.append((election, entries))


# The committee #############################################################


def elect_committee(rng, decided, commune, committee, credentials, others):
    """The executive committee elected at the congress, its leaders by the committee itself."""
    approval = None
    if rng.random() < APPROVED_SHARE:
        approval = LegalDocument(
            uid=new_uid(rng),
            symbol=commune.province.next_decision(),
            document_type=DocumentType.DECISION,
            issuer_id=commune.province.committee,
            issued_on=commune.closed_on + datetime.timedelta(days=rng.randint(5, 25)),
            summary=(
                f"Về việc chuẩn y kết quả bầu Ban Thường vụ, Bí thư, Phó Bí thư Đảng ủy {commune.place} "
                f"nhiệm kỳ {TERM[0]}–{TERM[1]}"
            ),
        )
        decided.documents.append(approval)
    seats, people = commune.seats, committee.people
    failing = set()
    if len(people) >= 2 and rng.random() < SECOND_ROUND_SHARE:
        failing = set(rng.sample(people, rng.randint(1, 2)))
    extras = rng.sample(others, min(len(others), rng.randint(0, candidate_limit(seats) - len(people))))
    base = rng.choice([PercentageBase.DELEGATES, PercentageBase.DELEGATES, PercentageBase.VALID_BALLOTS])
    common = {"body": commune.committee, "body_name": commune.committee_name, "role": MembershipRole.MEMBER}
    first = new_election(
        rng,
        commune,
        **common,
        round_=1,
        seats=seats,
        convened=credentials.official_delegates,
        present=credentials.present,
        base=base,
        approval=approval,
    )
    entries = [Entry(person, person not in failing) for person in people]
    entries += [Entry(person, False, other_nomination(rng)) for person in extras]
    member = {
        "role": MembershipRole.MEMBER,
        "titles": lambda _: committee.member_title,
        "ended": committee.ended,
    }
    add_ballot(rng, decided, commune, first, entries, **member)
    if failing:
        # The seats the first round left empty, among those who came closest and one more at most.
        left = seats - (len(people) - len(failing))
        more = extras[: min(rng.randint(0, 1), candidate_limit(left) - len(failing))]
        second = new_election(
            rng,
            commune,
            **common,
            round_=2,
            seats=left,
            convened=credentials.official_delegates,
            present=credentials.present - rng.randint(0, 1),
            base=base,
            approval=approval,
        )
        entries = [Entry(person, True) for person in people if person in failing]
        entries += [Entry(person, False) for person in more]
        add_ballot(rng, decided, commune, second, entries, **member)
    # The new committee elects its standing committee, secretary and deputies at its first meeting.
    present = len(people) - (1 if rng.random() < 0.2 else 0)
    for role in LEADING_ROLES:
        holders = committee.holding(role)
        if not holders:
            continue
        election = new_election(
            rng,
            commune,
            **{**common, "role": role},
            round_=1,
            seats=len(holders),
            convened=len(people),
            present=present,
            base=rng.choice(list(PercentageBase)),
            approval=approval,
        )
        entries = [Entry(person, True) for person in holders]
        spare = [person for person in people if committee.roles[person] == MembershipRole.MEMBER]
        if spare and candidate_limit(len(holders)) > len(holders) and rng.random() < 0.5:
            entries.append(Entry(rng.choice(spare), False))
        add_ballot(
            rng,
            decided,
            commune,
            election,
            entries,
            role=role,
            titles=committee.titles.get,
            ended=committee.ended,
        )


def appoint_committee(rng, decided, commune, committee):
    """The executive committee appointed by the province's committee, each person to their post."""
    document = LegalDocument(
        uid=new_uid(rng),
        symbol=commune.province.next_decision(),
        document_type=DocumentType.DECISION,
        issuer_id=commune.province.committee,
        issued_on=commune.opened_on - datetime.timedelta(days=rng.randint(3, 20)),
        summary=(
            f"Về việc chỉ định Ban Chấp hành, Ban Thường vụ, Bí thư, Phó Bí thư Đảng ủy {commune.place} "
            f"nhiệm kỳ {TERM[0]}–{TERM[1]}"
        ),
    )
    decided.documents.append(document)
    decision = AppointmentDecision(
        uid=new_uid(rng),
        organisation_id=commune.committee,
        congress_id=commune.congress,
        effective_on=commune.closed_on,
    )
    reason = appointment_reason(document)
    posts = []
    for person in committee.people:
        role, title = committee.roles[person], committee.titles[person]
        membership = new_post(
            rng,
            decided,
            commune,
            person=person,
            organisation=commune.committee,
            role=role,
            title=title,
            start_on=decision.effective_on,
            reason=reason,
            ended=committee.ended.get(person),
        )
        posts.append((AppointedPost(uid=new_uid(rng), person_id=person, role=role, title=title), membership))
    decided.appointment = (decision, document, posts)


def elect_delegation(rng, decided, commune, credentials, delegates):
    """The delegation to the province's congress, elected from the congress's delegates."""
    seats = commune.delegation_seats
    wanted = seats + rng.randint(0, candidate_limit(seats) - seats)
    chosen = rng.sample(delegates, min(len(delegates), wanted))
    election = new_election(
        rng,
        commune,
        body=commune.delegation,
        body_name=commune.delegation_name,
        role=MembershipRole.MEMBER,
        round_=1,
        seats=seats,
        convened=credentials.official_delegates,
        present=credentials.present,
        base=rng.choice([PercentageBase.DELEGATES, PercentageBase.VALID_BALLOTS]),
        approval=None,
    )
    entries = [Entry(person, index < seats) for index, person in enumerate(chosen)]
    title = f"Đại biểu dự Đại hội đại biểu Đảng bộ {in_sentence(commune.province.name)}"
    add_ballot(
        rng, decided, commune, election, entries, role=MembershipRole.MEMBER, titles=lambda _: title, ended={}
    )


# The congress's own records ################################################


def new_credentials_report(rng, commune):
    """The credentials committee's counts: every official delegate convened, nearly all present."""
    official = commune.delegate_count
    ex_officio = appointed = alternates = 0
    if commune.members > ALL_MEMBER_CONGRESS_MAX:
        ex_officio = min(official // 4, rng.randint(15, 27))
        appointed = rng.randint(0, 3)
        alternates = rng.randint(0, 5)
    absent = rng.randint(0, official // 20)
    reasons = ""
    if absent:
        reasons = "Vắng mặt có lý do: " + ", ".join(rng.sample(ABSENCE_REASONS, rng.randint(1, 3))) + "."
    return CredentialsReport(
        uid=new_uid(rng),
        congress_id=commune.congress,
        elected_delegates=official - ex_officio - appointed,
        ex_officio_delegates=ex_officio,
        appointed_delegates=appointed,
        alternate_delegates=alternates,
        present=official - absent,
        absent=absent,
        absence_reasons=reasons,
        not_qualified=0,
        women=round(official * rng.uniform(0.2, 0.45)),
        under_40=round(official * rng.uniform(0.04, 0.2)),
        ethnic_minority=round(official * rng.choice([0, 0, 0.01, 0.05, 0.2])),
    )


def write_bodies(writer, rng, commune, delegates, presidium, titles):
    """The presidium (the congress's leaders), the secretariat and the two committees."""
    bodies = [CongressBody(uid=new_uid(rng), congress_id=commune.congress, kind=CongressBodyKind.PRESIDIUM)]
    members = [[(person, titles.get(person, "")) for person in presidium]]
    leaders = set(presidium)
    pool = [person for person in delegates if person not in leaders]
    chosen = rng.sample(pool, min(len(pool), sum(size for _, size, _ in BODIES)))
    for kind, size, head in BODIES:
        taken, chosen = chosen[:size], chosen[size:]
        if taken:
            bodies.append(CongressBody(uid=new_uid(rng), congress_id=commune.congress, kind=kind))
            members.append(
                [(person, head if order == 0 else "Ủy viên") for order, person in enumerate(taken)]
            )
    writer.save(bodies)
    for body, people in zip(bodies, members, strict=True):
        for order, (person, title) in enumerate(people, start=1):
            writer.add(
                CongressBodyMember(
                    uid=new_uid(rng), body_id=body.pk, person_id=person, title=title, order=order
                )
            )


def write_decisions(writer, rng, commune, committee, delegates, presidium, others):
    """Everything above for one commune's congress; `others`: members without a committee post."""
    credentials = new_credentials_report(rng, commune)
    writer.add(credentials)
    decided = Decided()
    if rng.random() < APPOINTED_SHARE:
        appoint_committee(rng, decided, commune, committee)
    else:
        elect_committee(rng, decided, commune, committee, credentials, others)
    elect_delegation(rng, decided, commune, credentials, delegates)

    writer.save(decided.documents)
    writer.save(decided.memberships)
    # bulk_create takes each approval decision's id from the document saved above.
    writer.save([election for election, _ in decided.ballots])
    for election, entries in decided.ballots:
        for entry in entries:
            writer.add(
                Candidate(
                    uid=new_uid(rng),
                    election_id=election.pk,
                    person_id=entry.person,
                    nomination=entry.nomination,
                    votes=votes_of(rng, election, entry.elected),
                    elected=entry.elected,
                    membership_id=entry.membership.pk if entry.membership else None,
                )
            )
    if decided.appointment:
        decision, document, posts = decided.appointment
        decision.document_id = document.pk
        writer.save([decision])
        for post, membership in posts:
            post.decision_id, post.membership_id = decision.pk, membership.pk
            writer.add(post)
    write_bodies(writer, rng, commune, delegates, presidium, committee.titles)
