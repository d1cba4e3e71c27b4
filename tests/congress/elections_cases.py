"""Constraint cases for the elections, appointments, congress bodies and credentials reports.

A row keeping each named constraint and a row breaking it; test_constraints.py saves both (on
SQLite and PostgreSQL alike) and demands a case each way for every constraint of the app.
"""

from decimal import Decimal

from congress.models import CongressBodyKind, PercentageBase
from records.models.people import MembershipRole
from tests.congress.factories import (
    AppointedPostFactory,
    CandidateFactory,
    CongressBodyFactory,
    CongressBodyMemberFactory,
    CredentialsReportFactory,
    ElectionFactory,
)
from tests.constraints import Case


def tally(**numbers):
    """An election with the given ballot counts (the factory's others unless given)."""
    return ElectionFactory(**numbers)


KEEPING = [
    # Election
    Case(
        "congress_election_role_valid",
        "electing the secretary",
        lambda _: tally(role=MembershipRole.SECRETARY),
    ),
    Case(
        "congress_election_percentage_base_valid",
        "of the valid ballots",
        lambda _: tally(percentage_base=PercentageBase.VALID_BALLOTS),
    ),
    Case("congress_election_round_positive", "a second round", lambda _: tally(round=2)),
    Case("congress_election_seats_positive", "one seat", lambda _: tally(seats_planned=1, seats_decided=1)),
    Case(
        "congress_election_seats_positive",
        "seats not yet known",
        lambda _: tally(seats_planned=None, seats_decided=None),
    ),
    Case("congress_election_threshold_fraction", "two thirds", lambda _: tally(threshold=Decimal("0.6667"))),
    Case(
        "congress_election_ballots_add_up",
        "183 valid + 2 invalid = 185 received",
        lambda _: tally(ballots_received=185, ballots_valid=183, ballots_invalid=2),
    ),
    Case(
        "congress_election_ballots_add_up",
        "invalid ballots not yet counted",
        lambda _: tally(ballots_received=185, ballots_valid=183, ballots_invalid=None),
    ),
    Case(
        "congress_election_ballots_add_up",
        "a draft that does not add up",
        lambda _: tally(ballots_received=260, ballots_valid=250, ballots_invalid=3, draft=True),
    ),
    Case(
        "congress_election_received_within_issued",
        "every ballot came back",
        lambda _: tally(ballots_issued=185, ballots_received=185),
    ),
    Case(
        "congress_election_received_within_issued",
        "a draft with more received than issued",
        lambda _: tally(ballots_issued=180, ballots_received=185, draft=True),
    ),
    Case(
        "congress_election_issued_within_delegates",
        "a ballot for every delegate",
        lambda _: tally(delegates_convened=186, ballots_issued=186),
    ),
    Case(
        "congress_election_issued_within_delegates",
        "delegates convened not stated",
        lambda _: tally(delegates_convened=None, ballots_issued=186),
    ),
    Case(
        "congress_election_unique_round",
        "the second round of the same election",
        lambda first: tally(congress=first.congress, body=first.body, round=2),
        given=lambda: tally(round=1),
    ),
    Case(
        "congress_election_unique_round",
        "electing the secretary from the same body",
        lambda first: tally(congress=first.congress, body=first.body, role=MembershipRole.SECRETARY),
        given=lambda: tally(),
    ),
    # Candidate
    Case(
        "congress_candidate_nomination_valid",
        "self-nominated",
        lambda _: CandidateFactory(nomination="tu_ung_cu"),
    ),
    Case(
        "congress_candidate_unique_person",
        "the same person in the next round",
        lambda first: CandidateFactory(
            person=first.person,
            election=ElectionFactory(congress=first.election.congress, body=first.election.body, round=2),
        ),
        given=lambda: CandidateFactory(),
    ),
    # Appointed post
    Case(
        "congress_appointedpost_role_valid",
        "a deputy secretary",
        lambda _: AppointedPostFactory(role=MembershipRole.DEPUTY_SECRETARY),
    ),
    Case(
        "congress_appointedpost_unique_post",
        "the same person to a second post",
        lambda first: AppointedPostFactory(
            decision=first.decision, person=first.person, role=MembershipRole.STANDING_MEMBER
        ),
        given=lambda: AppointedPostFactory(),
    ),
    # Congress body and its members
    Case(
        "congress_congressbody_kind_valid",
        "the vote-counting committee",
        lambda _: CongressBodyFactory(kind=CongressBodyKind.VOTE_COUNTING),
    ),
    Case(
        "congress_congressbody_unique_kind",
        "the secretariat beside the presidium",
        lambda first: CongressBodyFactory(congress=first.congress, kind=CongressBodyKind.SECRETARIAT),
        given=lambda: CongressBodyFactory(),
    ),
    Case("congress_congressbodymember_order_positive", "first", lambda _: CongressBodyMemberFactory(order=1)),
    Case(
        "congress_congressbodymember_unique_person",
        "the same person in another body",
        lambda first: CongressBodyMemberFactory(person=first.person),
        given=lambda: CongressBodyMemberFactory(),
    ),
    Case(
        "congress_congressbodymember_unique_order",
        "the second member",
        lambda first: CongressBodyMemberFactory(body=first.body, order=2),
        given=lambda: CongressBodyMemberFactory(order=1),
    ),
    # Credentials report
    Case(
        "congress_credentialsreport_attendance_adds_up",
        "183 present + 3 absent = 186 convened",
        lambda _: CredentialsReportFactory(),
    ),
    Case(
        "congress_credentialsreport_attendance_adds_up",
        "absences not yet stated",
        lambda _: CredentialsReportFactory(absent=None),
    ),
    Case(
        "congress_credentialsreport_not_qualified_within_present",
        "two not qualified",
        lambda _: CredentialsReportFactory(not_qualified=2),
    ),
    Case(
        "congress_credentialsreport_make_up_within_delegates",
        "every delegate a woman",
        lambda _: CredentialsReportFactory(women=186, under_40=186, ethnic_minority=186),
    ),
]

BREAKING = [
    # Election
    Case("congress_election_role_valid", "unknown role", lambda _: tally(role="thu_quy")),
    Case(
        "congress_election_percentage_base_valid",
        "unknown base",
        lambda _: tally(percentage_base="dang_vien"),
    ),
    Case("congress_election_round_positive", "round 0", lambda _: tally(round=0)),
    Case("congress_election_seats_positive", "no seats planned", lambda _: tally(seats_planned=0)),
    Case("congress_election_seats_positive", "no seats decided", lambda _: tally(seats_decided=0)),
    Case("congress_election_threshold_fraction", "a threshold of 0", lambda _: tally(threshold=Decimal("0"))),
    Case("congress_election_threshold_fraction", "a threshold of 1", lambda _: tally(threshold=Decimal("1"))),
    Case(
        "congress_election_ballots_add_up",
        "250 valid + 3 invalid against 260 received",
        lambda _: tally(
            delegates_convened=260,
            ballots_issued=260,
            ballots_received=260,
            ballots_valid=250,
            ballots_invalid=3,
        ),
    ),
    Case(
        "congress_election_received_within_issued",
        "185 received of 180 issued",
        lambda _: tally(ballots_issued=180, ballots_received=185),
    ),
    Case(
        "congress_election_issued_within_delegates",
        "190 ballots for 186 delegates",
        lambda _: tally(ballots_issued=190, ballots_received=None),
    ),
    Case(
        "congress_election_unique_round",
        "the same round twice",
        lambda first: tally(congress=first.congress, body=first.body, round=1),
        given=lambda: tally(round=1),
    ),
    # Candidate
    Case(
        "congress_candidate_nomination_valid",
        "unknown nomination",
        lambda _: CandidateFactory(nomination="x"),
    ),
    Case(
        "congress_candidate_unique_person",
        "the same person twice on one ballot",
        lambda first: CandidateFactory(election=first.election, person=first.person),
        given=lambda: CandidateFactory(),
    ),
    # Appointed post
    Case("congress_appointedpost_role_valid", "unknown role", lambda _: AppointedPostFactory(role="thu_quy")),
    Case(
        "congress_appointedpost_unique_post",
        "the same post twice in one decision",
        lambda first: AppointedPostFactory(decision=first.decision, person=first.person, role=first.role),
        given=lambda: AppointedPostFactory(),
    ),
    # Congress body and its members
    Case("congress_congressbody_kind_valid", "unknown kind", lambda _: CongressBodyFactory(kind="ban_tiec")),
    Case(
        "congress_congressbody_unique_kind",
        "two presidiums",
        lambda first: CongressBodyFactory(congress=first.congress, kind=first.kind),
        given=lambda: CongressBodyFactory(),
    ),
    Case(
        "congress_congressbodymember_order_positive", "order 0", lambda _: CongressBodyMemberFactory(order=0)
    ),
    Case(
        "congress_congressbodymember_unique_person",
        "the same person twice in a body",
        lambda first: CongressBodyMemberFactory(body=first.body, person=first.person),
        given=lambda: CongressBodyMemberFactory(),
    ),
    Case(
        "congress_congressbodymember_unique_order",
        "two members first",
        lambda first: CongressBodyMemberFactory(body=first.body, order=1),
        given=lambda: CongressBodyMemberFactory(order=1),
    ),
    # Credentials report
    Case(
        "congress_credentialsreport_attendance_adds_up",
        "183 present + 5 absent against 186 convened",
        lambda _: CredentialsReportFactory(present=183, absent=5),
    ),
    Case(
        "congress_credentialsreport_not_qualified_within_present",
        "more not qualified than present",
        lambda _: CredentialsReportFactory(not_qualified=184),
    ),
    Case(
        "congress_credentialsreport_make_up_within_delegates",
        "187 women of 186 delegates",
        lambda _: CredentialsReportFactory(women=187),
    ),
    Case(
        "congress_credentialsreport_make_up_within_delegates",
        "187 under 40 of 186 delegates",
        lambda _: CredentialsReportFactory(under_40=187),
    ),
    Case(
        "congress_credentialsreport_make_up_within_delegates",
        "187 of an ethnic minority of 186 delegates",
        lambda _: CredentialsReportFactory(ethnic_minority=187),
    ),
]
