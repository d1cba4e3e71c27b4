"""The people list's filters on what congresses decided: elected, appointed, re-elected (issue 14).

Re-elected is the congress page's rule (congress.committees.with_reelection) written as one SQL
condition; these tests hold both to the same answers.
"""

import datetime
from urllib.parse import urlencode

import pytest

from congress import committees
from congress.models import AppointedPost, Candidate
from congress.services import appointment_record_members, election_record_members
from records.models import Membership
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole
from tests.congress.factories import (
    AppointedPostFactory,
    AppointmentDecisionFactory,
    CandidateFactory,
    CommitteeFactory,
    CongressFactory,
    ElectionFactory,
)
from tests.pages import bulk, get_list_page, listed, page_client
from tests.records.factories import (
    AdministrativeUnitFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UnitSuccessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client, django_user_model, strict_templates):
    return page_client(client, django_user_model)


def names(response):
    return sorted(person.full_name for person in listed(response))


def elected_and_appointed():
    election = ElectionFactory()
    CandidateFactory(election=election, person__full_name="Lê Văn An")
    CandidateFactory(election=election, person__full_name="Phạm Văn Cường", votes=60, elected=False)
    election_record_members(election=election)
    decision = AppointmentDecisionFactory()
    AppointedPostFactory(decision=decision, person__full_name="Trần Thị Bình")
    appointment_record_members(decision=decision)
    MembershipFactory(person__full_name="Đỗ Văn Dũng")  # a post typed in, neither elected nor appointed


def test_the_filters_are_offered_with_vietnamese_labels(viewer):
    html = viewer.get("/people/").content.decode()

    for text in ("Vào cấp ủy", "Trúng cử tại đại hội", "Được chỉ định", "Tái cử"):
        assert text in html


def test_elected_lists_only_the_candidates_an_election_made_members(viewer):
    elected_and_appointed()

    assert names(viewer.get("/people/", {"route": "elected"})) == ["Lê Văn An"]


def test_appointed_lists_only_the_people_a_decision_appointed(viewer):
    elected_and_appointed()

    assert names(viewer.get("/people/", {"route": "appointed"})) == ["Trần Thị Bình"]


def test_a_draft_elections_winners_are_not_listed_as_elected(viewer):
    election = ElectionFactory(draft=True)
    CandidateFactory(election=election, person__full_name="Lê Văn An")
    election_record_members(election=election)

    assert names(viewer.get("/people/", {"route": "elected"})) == []


def test_an_unknown_route_is_a_form_error_not_a_500(viewer):
    response = viewer.get("/people/", {"route": "bau_bo_sung", "term": "mai_mai"})

    assert response.status_code == 200
    assert response.context["filterset"].errors.keys() == {"route", "term"}


def same_party_terms():
    """The previous term's committee of the same party: one member sits again, one is new."""
    party = OrganisationFactory()
    before = CongressFactory(
        organisation=party, ordinal=1, term_start=2020, term_end=2025, executive_committee=CommitteeFactory()
    )
    congress = CongressFactory(
        organisation=party, ordinal=2, term_start=2025, term_end=2030, executive_committee=CommitteeFactory()
    )
    again, new = PersonFactory(full_name="Lê Văn An"), PersonFactory(full_name="Trần Thị Bình")
    MembershipFactory(person=again, organisation=before.executive_committee)
    for person in (again, new):
        MembershipFactory(person=person, organisation=congress.executive_committee)
    return congress


def merged_ward():
    """A ward formed in 2025: its committee's members re-elected from the old ward's committee."""
    old_ward, new_ward = AdministrativeUnitFactory(), AdministrativeUnitFactory()
    UnitSuccessionFactory(predecessor=old_ward, successor=new_ward)
    old_party = OrganisationFactory(administrative_unit=old_ward)
    old_committee = OrganisationFactory(parent=old_party, kind=OrganisationKind.PARTY_COMMITTEE)
    congress = CongressFactory(
        organisation=OrganisationFactory(administrative_unit=new_ward), executive_committee=CommitteeFactory()
    )
    again, new = PersonFactory(full_name="Vũ Minh Tâm"), PersonFactory(full_name="Đỗ Thị Hoa")
    MembershipFactory(person=again, organisation=old_committee)
    MembershipFactory(person=PersonFactory(full_name="Ngô Văn Khải"), organisation=old_committee)
    for person in (again, new):
        MembershipFactory(person=person, organisation=congress.executive_committee)
    return congress


@pytest.mark.parametrize(
    "build, reelected",
    [(same_party_terms, ["Lê Văn An"]), (merged_ward, ["Vũ Minh Tâm"])],
    ids=["same-party", "merged-ward"],
)
def test_re_elected_as_the_congress_page_derives_it(viewer, build, reelected):
    congress = build()
    posts = congress.executive_committee.memberships.select_related("person")
    page = committees.with_reelection(posts, congress)

    assert sorted(post.person.full_name for post in page if post.reelected) == reelected
    assert names(viewer.get("/people/", {"term": "reelected"})) == reelected


def test_two_posts_in_a_body_no_congress_elected_are_not_re_election(viewer):
    committee = OrganisationFactory(kind=OrganisationKind.PARTY_COMMITTEE)
    person = PersonFactory(full_name="Lê Văn An")
    MembershipFactory(person=person, organisation=committee, start_on=datetime.date(2020, 1, 1))
    MembershipFactory(
        person=person, organisation=committee, role=MembershipRole.SECRETARY, start_on=datetime.date(2023, 1, 1)
    )

    assert names(viewer.get("/people/", {"term": "reelected"})) == []


def test_a_committee_two_terms_back_does_not_make_a_member_re_elected(viewer):
    party = OrganisationFactory()
    long_ago = CongressFactory(
        organisation=party, ordinal=1, term_start=2015, term_end=2020, executive_committee=CommitteeFactory()
    )
    congress = CongressFactory(
        organisation=party, ordinal=3, term_start=2025, term_end=2030, executive_committee=CommitteeFactory()
    )
    person = PersonFactory(full_name="Lê Văn An")
    MembershipFactory(person=person, organisation=long_ago.executive_committee)
    MembershipFactory(person=person, organisation=congress.executive_committee)

    assert names(viewer.get("/people/", {"term": "reelected"})) == []


def committee_rows(count):
    """`count` people elected and appointed to a committee, half of them on it the term before."""
    party = OrganisationFactory()
    before = CongressFactory(
        organisation=party, ordinal=1, term_start=2020, term_end=2025, executive_committee=CommitteeFactory()
    )
    congress = CongressFactory(
        organisation=party, ordinal=2, term_start=2025, term_end=2030, executive_committee=CommitteeFactory()
    )
    committee = congress.executive_committee
    election = ElectionFactory(congress=congress, body=committee, seats_decided=count)
    decision = AppointmentDecisionFactory(organisation=committee, congress=congress)
    people = bulk(PersonFactory, count)
    Membership.objects.bulk_create(
        MembershipFactory.build(person=person, organisation=before.executive_committee) for person in people[::2]
    )
    posts = Membership.objects.bulk_create(
        MembershipFactory.build(person=person, organisation=committee) for person in people
    )
    Candidate.objects.bulk_create(
        CandidateFactory.build(election=election, person=post.person, membership=post) for post in posts
    )
    AppointedPost.objects.bulk_create(
        AppointedPostFactory.build(decision=decision, person=post.person, membership=post) for post in posts
    )


# Queries: session, user, COUNT, page of rows, the current posts: as without these filters.
@pytest.mark.parametrize("rows", [4, 60])
@pytest.mark.parametrize(
    "query, share",
    [({"route": "elected"}, 1), ({"route": "appointed"}, 1), ({"term": "reelected"}, 0.5)],
    ids=["elected", "appointed", "reelected"],
)
def test_the_filtered_people_list_runs_the_same_queries_for_few_or_many_rows(
    viewer, django_assert_num_queries, rows, query, share
):
    committee_rows(rows)

    response = get_list_page(viewer, f"/people/?{urlencode(query)}", 5, django_assert_num_queries)

    assert response.context["total"] == rows * share
