"""Tests for the election rules (congress.models.elections and bodies), congress.services and
congress.committees: each rule kept and broken, the draft flag, memberships and re-election."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from congress import committees
from congress.models import Candidate, Election, PercentageBase
from congress.services import appointment_record_members, election_record_members
from records.models import Membership
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole, PersonGender
from tests.congress.factories import (
    AppointedPostFactory,
    AppointmentDecisionFactory,
    CandidateFactory,
    CommitteeFactory,
    CongressFactory,
    CredentialsReportFactory,
    ElectionFactory,
)
from tests.records.factories import (
    AdministrativeUnitFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
    UnitSuccessionFactory,
)

pytestmark = pytest.mark.django_db

JUNE_16 = datetime.date(2025, 6, 16)


def refusal(record):
    """The messages full_clean() refuses the record with, by field."""
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    return refused.value.message_dict


# The tally sheet's own numbers (one row) ###################################


def test_a_tally_that_adds_up_is_clean():
    election = ElectionFactory(ballots_issued=186, ballots_received=185, ballots_valid=183, ballots_invalid=2)

    election.full_clean()


def test_valid_plus_invalid_must_equal_received_and_the_message_names_the_numbers():
    election = ElectionFactory.build(
        congress=CongressFactory(),
        body=CommitteeFactory(),
        delegates_convened=300,
        ballots_issued=260,
        ballots_received=260,
        ballots_valid=250,
        ballots_invalid=3,
    )

    errors = refusal(election)

    assert errors["ballots_received"] == [
        "Số phiếu hợp lệ (250) cộng không hợp lệ (3) phải bằng số phiếu thu vào (260)."
    ]
    assert "Số liệu không khớp" in errors["draft"][0]


def test_received_must_not_exceed_issued():
    election = ElectionFactory.build(
        congress=CongressFactory(), body=CommitteeFactory(), ballots_issued=180, ballots_received=185
    )

    assert refusal(election)["ballots_issued"] == ["Số phiếu thu vào (185) nhiều hơn số phiếu phát ra (180)."]


def test_issued_must_not_exceed_the_delegates_convened():
    election = ElectionFactory.build(
        congress=CongressFactory(), body=CommitteeFactory(), ballots_issued=1190, ballots_received=None
    )

    assert refusal(election)["delegates_convened"] == [
        "Số phiếu phát ra (1.190) nhiều hơn số đại biểu được triệu tập (186)."
    ]


def test_a_tally_that_does_not_add_up_is_kept_as_a_draft_and_listed_as_one():
    election = ElectionFactory(ballots_received=260, ballots_valid=250, ballots_invalid=3, draft=True)
    checked = ElectionFactory()

    election.full_clean()
    assert list(Election.objects.drafts()) == [election]
    assert checked not in Election.objects.drafts()


# A candidate against the election (two rows) ###############################


def test_a_candidate_may_have_every_valid_ballot():
    CandidateFactory(votes=183).full_clean()


def test_a_candidates_votes_must_not_exceed_the_valid_ballots():
    candidate = CandidateFactory.build(
        election=ElectionFactory(), person=PersonFactory(full_name="Lê Văn An"), votes=184, elected=False
    )

    assert refusal(candidate)["votes"] == ["Số phiếu của Lê Văn An (184) nhiều hơn số phiếu hợp lệ (183)."]


def test_elected_needs_more_than_half_of_the_delegates_convened():
    election = ElectionFactory()
    CandidateFactory(election=election, votes=94).full_clean()  # 94 > 186 / 2
    candidate = CandidateFactory.build(
        election=election, person=PersonFactory(full_name="Lê Văn An"), votes=93, elected=True
    )

    assert refusal(candidate)["elected"] == [
        "Lê Văn An được đánh dấu trúng cử nhưng chỉ đạt 93 phiếu, bằng 50,00 % số đại biểu chính thức "
        "được triệu tập (186): phải trên 50 %."
    ]


def test_the_threshold_is_taken_of_the_stated_base():
    election = ElectionFactory(percentage_base=PercentageBase.VALID_BALLOTS)  # 183 valid ballots
    CandidateFactory(election=election, votes=92).full_clean()  # 92 > 91,5

    assert "elected" in refusal(CandidateFactory.build(election=election, person=PersonFactory(), votes=91))


def test_the_threshold_is_the_elections_own():
    election = ElectionFactory(threshold=Decimal("0.6667"))  # more than two thirds of 186: 125

    CandidateFactory(election=election, votes=125).full_clean()
    assert "elected" in refusal(CandidateFactory.build(election=election, person=PersonFactory(), votes=124))


def test_not_elected_needs_no_threshold():
    CandidateFactory(votes=10, elected=False).full_clean()


def test_a_draft_elections_candidates_may_break_the_rules():
    election = ElectionFactory(draft=True)

    CandidateFactory(election=election, votes=500, elected=True).full_clean()


# All the candidates together ###############################################


def test_no_more_elected_than_the_seats_decided():
    election = ElectionFactory(seats_decided=2)
    CandidateFactory.create_batch(2, election=election)
    election.full_clean()

    CandidateFactory(election=election)

    assert refusal(election)["__all__"] == [
        "Có 3 người trúng cử, nhiều hơn số lượng Đại hội quyết định bầu (2)."
    ]


def test_more_than_130_percent_candidates_is_a_warning_not_a_refusal():
    election = ElectionFactory(seats_decided=10)  # at most 13 candidates
    CandidateFactory.create_batch(13, election=election, elected=False)
    assert election.tally_warnings(list(election.candidates.all())) == []

    CandidateFactory(election=election, elected=False)

    election.full_clean()
    assert election.tally_warnings(list(election.candidates.all())) == [
        "Danh sách bầu cử có 14 người, nhiều hơn 130 % số lượng cần bầu (10 người, tối đa 13); "
        "Đại hội có thể quyết định khác, hồ sơ vẫn được lưu."
    ]


def test_percentages_are_of_the_base_to_two_decimals():
    election = ElectionFactory()

    assert election.percentage(178) == Decimal("95.70")
    assert election.percentage(None) is None
    assert ElectionFactory(delegates_convened=None, ballots_issued=None).percentage(10) is None


# Credentials report ########################################################


def test_a_credentials_report_that_adds_up_is_clean():
    report = CredentialsReportFactory()

    report.full_clean()
    assert report.official_delegates == 186
    assert report.share(report.women) == Decimal("33.3")


def test_a_credentials_report_names_the_numbers_that_do_not_add_up():
    report = CredentialsReportFactory.build(
        congress=CongressFactory(), absent=5, women=187, not_qualified=184
    )

    errors = refusal(report)

    assert errors["absent"] == [
        "Số đại biểu có mặt (183) cộng vắng mặt (5) phải bằng số đại biểu chính thức được triệu tập (186)."
    ]
    assert errors["women"] == ["Đại biểu nữ (187) nhiều hơn số đại biểu chính thức (186)."]
    assert errors["not_qualified"] == [
        "Số đại biểu không đủ tư cách (184) nhiều hơn số đại biểu có mặt (183)."
    ]


# Memberships (congress.services) ###########################################


def test_an_elected_candidate_becomes_a_dated_member_citing_the_tally_sheet():
    sheet = SourceFactory(title="Biên bản kiểm phiếu bầu Ban Chấp hành")
    election = ElectionFactory()
    election.sources.add(sheet)
    elected = CandidateFactory(election=election)
    CandidateFactory(election=election, votes=50, elected=False)

    election_record_members(election=election)

    membership = Membership.objects.get()
    assert (membership.person, membership.organisation, membership.role) == (
        elected.person,
        election.body,
        MembershipRole.MEMBER,
    )
    assert membership.start_on == JUNE_16
    assert list(membership.sources.all()) == [sheet]
    assert Candidate.objects.get(pk=elected.pk).membership == membership


def test_recording_an_election_twice_makes_no_second_membership_nor_history():
    election = ElectionFactory()
    CandidateFactory(election=election)
    election_record_members(election=election)
    history = Membership.history.count()

    election_record_members(election=election)

    assert Membership.objects.count() == 1
    assert Membership.history.count() == history


def test_a_candidate_no_longer_elected_or_a_draft_election_holds_no_post():
    election = ElectionFactory()
    candidate = CandidateFactory(election=election)
    election_record_members(election=election)

    Election.objects.filter(pk=election.pk).update(draft=True)
    election_record_members(election=election)
    assert not Membership.objects.exists()

    Election.objects.filter(pk=election.pk).update(draft=False)
    Candidate.objects.filter(pk=candidate.pk).update(elected=False)
    election_record_members(election=election)
    assert not Membership.objects.exists()


def test_an_open_post_already_recorded_is_taken_over_not_duplicated():
    election = ElectionFactory()
    candidate = CandidateFactory(election=election)
    MembershipFactory(person=candidate.person, organisation=election.body, role=MembershipRole.MEMBER)

    election_record_members(election=election)

    assert Membership.objects.count() == 1


def test_an_appointment_makes_members_from_its_decisions_date_citing_the_decision():
    decision = AppointmentDecisionFactory()
    source = SourceFactory(title="Quyết định chỉ định")
    decision.document.sources.add(source)
    AppointedPostFactory(decision=decision)
    AppointedPostFactory.create_batch(2, decision=decision, role=MembershipRole.DEPUTY_SECRETARY, title="")

    appointment_record_members(decision=decision)
    appointment_record_members(decision=decision)

    memberships = Membership.objects.filter(organisation=decision.organisation)
    assert memberships.count() == 3
    assert {membership.start_on for membership in memberships} == {datetime.date(2025, 7, 1)}
    assert all(list(membership.sources.all()) == [source] for membership in memberships)
    assert sorted(memberships.values_list("role", flat=True)) == ["bi_thu", "pho_bi_thu", "pho_bi_thu"]


# Re-elected or first time (congress.committees) ############################


def test_a_member_of_the_previous_terms_committee_is_re_elected_a_new_one_is_not():
    party = OrganisationFactory()
    before = CongressFactory(
        organisation=party, ordinal=1, term_start=2020, term_end=2025, executive_committee=CommitteeFactory()
    )
    congress = CongressFactory(
        organisation=party, ordinal=2, term_start=2025, term_end=2030, executive_committee=CommitteeFactory()
    )
    again, new = PersonFactory(), PersonFactory()
    MembershipFactory(person=again, organisation=before.executive_committee)
    for person in (again, new):
        MembershipFactory(person=person, organisation=congress.executive_committee)

    members = committees.with_reelection(congress.executive_committee.memberships.all(), congress)

    assert {post.person: post.reelected for post in members} == {again: True, new: False}


def test_a_new_wards_members_are_re_elected_from_the_committees_it_was_formed_from():
    old_ward, new_ward = AdministrativeUnitFactory(), AdministrativeUnitFactory()
    UnitSuccessionFactory(predecessor=old_ward, successor=new_ward)
    old_party = OrganisationFactory(administrative_unit=old_ward)
    old_committee = OrganisationFactory(parent=old_party, kind=OrganisationKind.PARTY_COMMITTEE)
    congress = CongressFactory(
        organisation=OrganisationFactory(administrative_unit=new_ward), executive_committee=CommitteeFactory()
    )
    again, new = PersonFactory(), PersonFactory()
    MembershipFactory(person=again, organisation=old_committee)
    for person in (again, new):
        MembershipFactory(person=person, organisation=congress.executive_committee)

    members = committees.with_reelection(congress.executive_committee.memberships.all(), congress)

    assert {post.person: post.reelected for post in members} == {again: True, new: False}


def test_the_make_up_counts_people_once_with_their_shares():
    congress = CongressFactory(opened_on=JUNE_16, executive_committee=CommitteeFactory())
    committee = congress.executive_committee
    woman = PersonFactory(gender=PersonGender.FEMALE, birth_year=1990)  # 35 in 2025
    man = PersonFactory(gender=PersonGender.MALE, birth_year=1985)  # 40 in 2025
    MembershipFactory(person=woman, organisation=committee, role=MembershipRole.SECRETARY)
    MembershipFactory(person=woman, organisation=committee)
    MembershipFactory(person=man, organisation=committee)

    make_up = committees.make_up(
        committees.with_reelection(committee.memberships.select_related("person"), congress), congress
    )

    assert make_up.total == 2
    assert (make_up.women.count, make_up.women.percent) == (1, Decimal("50.0"))
    assert make_up.under_40.count == 1
    assert (make_up.reelected.count, make_up.first_time.count) == (0, 2)
