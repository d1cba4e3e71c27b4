"""What generate_data writes of what congresses decided about people (synthetic/decisions.py):
elections, appointments, congress bodies and credentials reports, kept to the models' rules."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q

from congress.models import (
    AppointedPost,
    AppointmentDecision,
    Candidate,
    Congress,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
    Election,
)
from congress.services import appointment_record_members, election_record_members
from records.models import Membership
from records.models.organisations import OrganisationKind
from tests.module_records import kept_for_the_module

pytestmark = pytest.mark.django_db

HAI_PHONG = "31"
# Enough communes that both routes to a committee, and second rounds, come up.
MANY = ["--people", "2400", "--communes", "20", "--province", HAI_PHONG, "--seed", "5"]
DECISION_MODELS = [
    Election,
    Candidate,
    AppointmentDecision,
    AppointedPost,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
]


def generate(*args):
    call_command("generate_data", *args, stdout=StringIO())


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """One generated province for the module's tests, which read it (tests/module_records.py)."""
    yield from kept_for_the_module(django_db_blocker, lambda: generate(*MANY))


def test_every_record_passes_full_clean_and_every_tally_keeps_the_rules(generated):
    for model in DECISION_MODELS:
        assert model.objects.exists(), model
        for record in model.objects.all():
            record.full_clean()  # Election.clean() asks its candidates' tally too
    for election in Election.objects.prefetch_related("candidates"):
        candidates = list(election.candidates.all())
        elected = [candidate for candidate in candidates if candidate.elected]
        assert election.ballots_valid + election.ballots_invalid == election.ballots_received
        assert election.ballots_received <= election.ballots_issued <= election.delegates_convened
        assert 1 <= len(elected) <= election.seats_decided
        assert all(candidate.votes <= election.ballots_valid for candidate in candidates)
        # Elected exactly when above the threshold: no candidate left out who passed.
        assert all(election.passes(candidate.votes) == candidate.elected for candidate in candidates)
        assert election.tally_warnings(candidates) == []
    assert not Election.objects.drafts().exists()


def test_each_congress_gets_its_committee_by_one_route_and_elects_its_delegation(generated):
    congresses = Congress.objects.filter(term_start=2025)
    elected = appointed = 0
    for congress in congresses:
        committee = congress.executive_committee
        by_election = congress.elections.filter(body=committee).exists()
        by_decision = congress.appointments.filter(organisation=committee).exists()
        assert by_election != by_decision, congress
        elected += by_election
        appointed += by_decision
        delegation = congress.elections.filter(body__kind=OrganisationKind.OTHER).get()
        assert delegation.body.parent == congress.organisation
        assert congress.credentials_report.official_delegates == congress.delegate_count
        assert set(congress.bodies.values_list("kind", flat=True)) == {
            "doan_chu_tich",
            "doan_thu_ky",
            "tham_tra_tu_cach",
            "kiem_phieu",
        }
    assert elected and appointed
    # The congresses before 2025 keep only their committees' posts.
    assert not Election.objects.filter(congress__term_start=2020).exists()


def test_a_second_round_fills_the_seats_the_first_left(generated):
    second_rounds = Election.objects.filter(round=2)

    assert second_rounds.exists()
    for second in second_rounds:
        first = Election.objects.get(congress=second.congress, body=second.body, role=second.role, round=1)
        first_elected = set(first.candidates.filter(elected=True).values_list("person", flat=True))
        second_elected = set(second.candidates.filter(elected=True).values_list("person", flat=True))
        assert second.seats_decided == first.seats_decided - len(first_elected)
        assert second_elected and not second_elected & first_elected
        assert second_elected <= set(first.candidates.values_list("person", flat=True))


def test_committee_posts_are_the_ones_the_services_write(generated):
    posts = Membership.objects.filter(organisation__elected_by__term_start=2025)
    linked = posts.filter(Q(candidacy__isnull=False) | Q(appointment__isnull=False))

    assert posts.exists() and posts.count() == linked.count()
    # Every elected candidate holds its post; no other candidate does.
    assert not Candidate.objects.filter(elected=True, membership=None).exists()
    assert not Candidate.objects.filter(elected=False).exclude(membership=None).exists()
    assert not AppointedPost.objects.filter(membership=None).exists()
    rows = list(Membership.objects.order_by("pk").values())

    for election in Election.objects.all():
        election_record_members(election=election)
    for decision in AppointmentDecision.objects.all():
        appointment_record_members(decision=decision)

    # Nothing to change: the same rows, and no history row written.
    assert list(Membership.objects.order_by("pk").values()) == rows
    assert Membership.history.count() == 0
