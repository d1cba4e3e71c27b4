"""Tests for the posts congress.services derives from elections and appointments: who their history
names when an import writes them, and that they go with what gave them (a congress, an election,
a candidate, an appointment decision), listed on the admin's delete confirmation."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from congress.models import AppointmentDecision, Candidate, Congress, Election
from congress.services import appointment_record_members, election_record_members
from records.models import AccessScope, Membership
from records.sheets.services import sheet_import
from tests.congress.factories import AppointedPostFactory, CandidateFactory, ElectionFactory
from tests.records.factories import MembershipFactory
from tests.sheet_files import xlsx

pytestmark = pytest.mark.django_db

RESULT_HEADERS = ["Họ và tên", "Năm sinh", "Số phiếu", "Tỷ lệ", "Trúng cử"]


@pytest.fixture
def elected():
    """An election's candidate elected with 170 votes, holding the post it gave."""
    candidate = CandidateFactory()
    election_record_members(election=candidate.election)
    candidate.refresh_from_db()
    return candidate


# History ###################################################################


def test_posts_an_import_writes_name_the_importing_user_in_their_history(django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    election = ElectionFactory()

    report = sheet_import(
        kind="election-results",
        data=xlsx(RESULT_HEADERS, ["Vương Toàn Thu Thủy", 1975, 180, "96,77%", "x"]),
        file_name="ket-qua.xlsx",
        user=clerk,
        congress=election,
        dry_run=False,
    )

    assert [str(error) for error in report.errors] == []
    post = Membership.objects.get(candidacy__election=election)
    # No request names anyone here (as in a background task): the import passes its user on,
    # to the post's row and to the row of its citing the import.
    history = post.history.order_by("history_id")
    assert [row.history_type for row in history] == ["+", "~"]
    assert {(row.history_user, row.history_change_reason) for row in history} == {
        (clerk, "Nhập từ tệp “ket-qua.xlsx”")
    }
    assert post.sources.get() == report.source


def test_a_post_taken_away_names_the_user_in_its_deletion(elected, django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    post = elected.membership
    Candidate.objects.filter(pk=elected.pk).update(elected=False)

    election_record_members(election=elected.election, user=clerk, reason="Sửa biên bản")

    deletion = Membership.history.get(id=post.pk, history_type="-")
    assert (deletion.history_user, deletion.history_change_reason) == (clerk, "Sửa biên bản")


# Posts go with what gave them ##############################################


def test_deleting_a_congress_deletes_the_posts_its_elections_gave_and_no_other(elected):
    congress = elected.election.congress
    post = elected.membership
    typed = MembershipFactory(person=elected.person)  # entered by a clerk, not by the election
    not_elected = CandidateFactory(election=elected.election, elected=False, votes=20)
    appointed = AppointedPostFactory(decision__congress=congress)
    appointment_record_members(decision=appointed.decision)
    appointed.refresh_from_db()

    congress.delete()

    assert not Election.objects.exists() and not Candidate.objects.filter(pk=not_elected.pk).exists()
    assert not Membership.objects.filter(pk=post.pk).exists()
    assert Membership.history.filter(id=post.pk, history_type="-").exists()
    # The decision is the higher committee's, not the congress's: it and its post stay.
    assert AppointmentDecision.objects.get().congress is None
    assert set(Membership.objects.values_list("pk", flat=True)) == {typed.pk, appointed.membership_id}


@pytest.mark.parametrize("deleted", ["election", "candidate"])
def test_deleting_an_election_or_its_candidate_deletes_the_post(elected, deleted):
    post = elected.membership

    (elected.election if deleted == "election" else elected).delete()

    assert not Membership.objects.filter(pk=post.pk).exists()


def test_deleting_an_appointment_decision_deletes_its_posts():
    appointed = AppointedPostFactory()
    other = MembershipFactory(person=appointed.person)
    [post] = appointment_record_members(decision=appointed.decision)

    appointed.decision.delete()

    assert not Membership.objects.filter(pk=post.pk).exists()
    assert list(Membership.objects.all()) == [other]


# The delete confirmation ###################################################


@pytest.fixture
def superuser(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.invalid", "pw"))
    return client


def test_the_delete_confirmation_lists_the_posts_that_go(elected, superuser):
    congress = elected.election.congress

    response = superuser.get(reverse("admin:congress_congress_delete", args=[congress.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert f"Chức vụ đảm nhiệm: {elected.membership}" in text
    superuser.post(reverse("admin:congress_congress_delete", args=[congress.pk]), {"post": "yes"})
    assert not Congress.objects.exists() and not Membership.objects.exists()


def test_who_may_not_delete_memberships_may_not_delete_what_takes_them_along(
    elected, client, django_user_model
):
    user = django_user_model.objects.create_user("staff", is_staff=True)
    AccessScope.objects.create(user=user).organisations.add(elected.election.congress.organisation)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_election", "delete_election", "view_candidate"])
    )
    client.force_login(user)
    election = elected.election
    url = reverse("admin:congress_election_delete", args=[election.pk])

    refused = client.post(url, {"post": "yes"})
    # Without a post to take along, the same user may delete an election.
    bare = ElectionFactory(congress=election.congress, round=2)
    allowed = client.post(reverse("admin:congress_election_delete", args=[bare.pk]), {"post": "yes"})

    assert refused.status_code in (200, 403) and Election.objects.filter(pk=election.pk).exists()
    assert Membership.objects.filter(pk=elected.membership_id).exists()
    assert allowed.status_code == 302 and not Election.objects.filter(pk=bare.pk).exists()
