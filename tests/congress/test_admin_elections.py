"""Tests for congress.admin.elections: an election's tally and candidates entered on one page,
its rules as form errors (never a 500), the draft filter, and the memberships its save writes."""

import pytest
from django.urls import reverse

from congress.models import AppointmentDecision, Election
from records.models import Membership
from records.models.people import MembershipRole
from tests.congress.factories import (
    CandidateFactory,
    CommitteeFactory,
    CongressFactory,
    ElectionFactory,
)
from tests.records.factories import LegalDocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw"))
    return client


def inline(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def election_form(congress, body, candidates=(), **numbers):
    data = {
        "congress": congress.pk,
        "body": body.pk,
        "role": MembershipRole.MEMBER,
        "round": "1",
        "seats_planned": "27",
        "seats_decided": "27",
        "delegates_convened": "186",
        "percentage_base": "dai_bieu",
        "threshold": "0.5",
        "ballots_issued": "186",
        "ballots_received": "185",
        "ballots_valid": "183",
        "ballots_invalid": "2",
        "note": "",
        **numbers,
    }
    rows = [
        {"person": person.pk, "nomination": "danh_sach", "votes": votes}
        | ({"elected": "on"} if elected else {})
        for person, votes, elected in candidates
    ]
    return data | inline("candidates", rows)


def add_election(clerk, data):
    return clerk.post(reverse("admin:congress_election_add"), data)


def test_a_tally_that_does_not_add_up_is_a_form_error_naming_the_numbers(clerk):
    congress, body = CongressFactory(), CommitteeFactory()

    response = add_election(
        clerk,
        election_form(
            congress,
            body,
            delegates_convened="300",
            ballots_issued="260",
            ballots_received="260",
            ballots_valid="250",
            ballots_invalid="3",
        ),
    )

    assert response.status_code == 200
    assert "Số phiếu hợp lệ (250) cộng không hợp lệ (3) phải bằng số phiếu thu vào (260)." in response.text
    assert not Election.objects.exists()


def test_the_same_tally_is_kept_as_a_draft_and_listed_by_the_draft_filter(clerk):
    congress, body = CongressFactory(), CommitteeFactory()
    ElectionFactory()

    response = add_election(
        clerk,
        election_form(
            congress,
            body,
            ballots_issued="260",
            ballots_received="260",
            ballots_valid="250",
            ballots_invalid="3",
            delegates_convened="300",
            draft="on",
        ),
    )

    assert response.status_code == 302
    drafts = clerk.get(reverse("admin:congress_election_changelist"), {"draft": "yes"})
    assert [election.draft for election in drafts.context["cl"].result_list] == [True]
    assert "Số liệu không khớp (bản nháp)" in drafts.text


def test_a_broken_database_constraint_is_a_form_error_not_a_500(clerk):
    congress, body = CongressFactory(), CommitteeFactory()
    ElectionFactory(congress=congress, body=body, round=1)

    response = add_election(clerk, election_form(congress, body, threshold="1"))

    assert response.status_code == 200
    assert Election.objects.count() == 1
    assert response.context["adminform"].form.errors


def test_candidates_over_the_seats_or_under_the_threshold_are_form_errors(clerk):
    congress, body = CongressFactory(), CommitteeFactory()
    people = PersonFactory.create_batch(3)

    too_many = add_election(
        clerk, election_form(congress, body, [(p, "150", True) for p in people], seats_decided="2")
    )
    under = add_election(clerk, election_form(congress, body, [(people[0], "93", True)]))

    assert "Có 3 người trúng cử, nhiều hơn số lượng Đại hội quyết định bầu (2)." in too_many.text
    assert "chỉ đạt 93 phiếu, bằng 50,00 %" in under.text
    assert not Election.objects.exists()


def test_too_many_candidates_is_a_warning_and_the_election_is_saved(clerk):
    congress, body = CongressFactory(), CommitteeFactory()
    people = PersonFactory.create_batch(3)

    response = add_election(
        clerk, election_form(congress, body, [(p, "150", False) for p in people], seats_decided="2")
    )

    assert response.status_code == 302
    follow = clerk.get(response.url)
    assert "Danh sách bầu cử có 3 người, nhiều hơn 130 % số lượng cần bầu" in follow.text


def test_saving_an_election_makes_its_elected_members_once(clerk):
    congress, body = CongressFactory(), CommitteeFactory()
    elected, other = PersonFactory(), PersonFactory()

    candidates = [(elected, "170", True), (other, "60", False)]
    response = add_election(clerk, election_form(congress, body, candidates))
    assert response.status_code == 302
    election = Election.objects.get()
    change = reverse("admin:congress_election_change", args=[election.pk])
    page = clerk.get(change)
    assert "91,40 %" in page.text and "Đủ phiếu trúng cử" in page.text and "Không đủ phiếu" in page.text
    rows = [
        {
            "id": c.pk,
            "election": election.pk,
            "person": c.person_id,
            "nomination": "danh_sach",
            "votes": str(c.votes),
            **({"elected": "on"} if c.elected else {}),
        }
        for c in election.candidates.order_by("pk")
    ]
    data = election_form(congress, body) | inline("candidates", rows, initial=2)

    assert clerk.post(change, data).status_code == 302
    assert [m.person for m in Membership.objects.filter(organisation=body)] == [elected]


def test_the_congress_page_of_the_admin_links_its_elections_and_appointments(clerk):
    congress = CongressFactory(executive_committee=CommitteeFactory())

    page = clerk.get(reverse("admin:congress_congress_change", args=[congress.pk])).text
    add = clerk.get(reverse("admin:congress_election_add"), {"congress": congress.pk})

    assert f'{reverse("admin:congress_election_add")}?congress={congress.pk}' in page
    assert "Thêm cuộc bầu cử" in page and "Thêm quyết định chỉ định" in page
    assert add.context["adminform"].form.initial["body"] == congress.executive_committee_id


def test_an_appointment_decision_with_its_posts_makes_three_members(clerk):
    committee = CommitteeFactory()
    congress = CongressFactory(executive_committee=committee)
    document = LegalDocumentFactory(document_type="QĐ", symbol="125-QĐ/TU")
    people = PersonFactory.create_batch(3)
    roles = [MembershipRole.SECRETARY, MembershipRole.DEPUTY_SECRETARY, MembershipRole.DEPUTY_SECRETARY]
    data = {"document": document.pk, "organisation": committee.pk, "congress": congress.pk, "note": ""}
    data |= inline(
        "posts",
        [{"person": p.pk, "role": role, "title": ""} for p, role in zip(people, roles, strict=True)],
    )

    response = clerk.post(reverse("admin:congress_appointmentdecision_add"), data)

    assert response.status_code == 302
    assert AppointmentDecision.objects.get().posts.count() == 3
    assert Membership.objects.filter(organisation=committee).count() == 3


def test_the_candidates_inline_shows_nothing_computed_for_a_new_row(clerk):
    election = ElectionFactory()
    CandidateFactory(election=election, votes=None, elected=False)

    page = clerk.get(reverse("admin:congress_election_change", args=[election.pk]))

    assert page.status_code == 200


def test_an_unknown_congress_prefills_nothing(clerk):
    response = clerk.get(reverse("admin:congress_election_add"), {"congress": "99999"})

    assert response.status_code == 200
    assert "body" not in response.context["adminform"].form.initial
