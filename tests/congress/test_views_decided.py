"""Tests for the congress page's record of what it decided about people: elections with their
candidates, appointments with their decisions, and the make-up of the new committee."""

import datetime

import pytest

from congress.models import Congress
from congress.services import appointment_record_members, election_record_members
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
from tests.pages import page_client
from tests.records.factories import LegalDocumentFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client, django_user_model, strict_templates):
    return page_client(client, django_user_model)


def congress_with_committee():
    return CongressFactory(opened_on=datetime.date(2025, 6, 16), executive_committee=CommitteeFactory())


def test_the_article_states_no_election_so_the_seed_still_shows_0_of_27(viewer, article):
    html = viewer.get(Congress.objects.get().get_absolute_url()).content.decode()

    assert ">0 / 27<" in html
    assert "Chưa ghi nhận cuộc bầu cử nào." in html
    assert "Chưa ghi nhận quyết định chỉ định nào." in html


def test_an_appointed_secretary_and_two_deputies_make_3_of_27_citing_the_decision(viewer):
    congress = congress_with_committee()
    decision = AppointmentDecisionFactory(
        organisation=congress.executive_committee,
        congress=congress,
        document=LegalDocumentFactory(document_type="QĐ", symbol="125-QĐ/TU"),
    )
    AppointedPostFactory(decision=decision, person__full_name="Lê Văn An")
    for name in ("Trần Thị Bình", "Phạm Văn Cường"):
        AppointedPostFactory(
            decision=decision, person__full_name=name, role=MembershipRole.DEPUTY_SECRETARY, title="Phó Bí thư"
        )
    appointment_record_members(decision=decision)

    html = viewer.get(congress.get_absolute_url()).content.decode()

    assert ">3 / 27<" in html
    assert html.count("(theo Quyết định 125-QĐ/TU)") == 3
    appointments = html[html.index('id="appointments-heading"') :]
    assert appointments.index("Lê Văn An") < appointments.index("Phạm Văn Cường")


def test_an_election_is_a_table_of_candidates_by_votes_with_its_ballots_and_approval(viewer):
    congress = congress_with_committee()
    election = ElectionFactory(
        congress=congress,
        body=congress.executive_committee,
        approval_decision=LegalDocumentFactory(document_type="QĐ", symbol="130-QĐ/TU"),
    )
    CandidateFactory(election=election, person__full_name="Trần Thị Bình", votes=150)
    CandidateFactory(election=election, person__full_name="Lê Văn An", votes=170)
    CandidateFactory(election=election, person__full_name="Phạm Văn Cường", votes=60, elected=False)
    election_record_members(election=election)

    html = viewer.get(congress.get_absolute_url()).content.decode()

    table = html[html.index('id="elections-heading"') :]
    assert table.index("Lê Văn An") < table.index("Trần Thị Bình") < table.index("Phạm Văn Cường")
    for text in ("91,40 %", "80,65 %", "32,26 %", "186 / 185", "183 / 2", "Quyết định 130-QĐ/TU"):
        assert text in table
    assert table.count("<td>Trúng cử</td>") == 2
    assert ">2 / 27<" in html


def test_a_draft_election_is_marked_and_gives_no_seat(viewer):
    congress = congress_with_committee()
    election = ElectionFactory(congress=congress, body=congress.executive_committee, draft=True)
    CandidateFactory(election=election)
    election_record_members(election=election)

    html = viewer.get(congress.get_absolute_url()).content.decode()

    assert "Số liệu không khớp" in html
    assert ">0 / 27<" in html


def test_the_new_committees_make_up_in_counts_and_percentages(viewer):
    before = CongressFactory(term_start=2020, term_end=2025, executive_committee=CommitteeFactory())
    congress = CongressFactory(
        organisation=before.organisation,
        ordinal=2,
        opened_on=datetime.date(2025, 6, 16),
        executive_committee=CommitteeFactory(),
    )
    again = PersonFactory(gender=PersonGender.FEMALE, birth_year=1990)
    MembershipFactory(person=again, organisation=before.executive_committee)
    for person in (again, PersonFactory(gender=PersonGender.MALE, birth_year=1970)):
        MembershipFactory(person=person, organisation=congress.executive_committee)

    html = viewer.get(congress.get_absolute_url()).content.decode()

    make_up = html[html.index("Cơ cấu Ban Chấp hành") :]
    for label in ("Nữ", "Dưới 40 tuổi", "Tái cử", "Tham gia lần đầu"):
        assert f"<dt>{label}</dt><dd>1 (50,0 %)</dd>" in make_up


def test_the_credentials_report_shows_the_delegates_make_up(viewer):
    report = CredentialsReportFactory()

    html = viewer.get(report.congress.get_absolute_url()).content.decode()

    assert "<dt>Đại biểu nữ</dt><dd>62 (33,3 %)</dd>" in html
    assert "Ốm, đi công tác" in html


def decided(size):
    """A congress that elected and was appointed, with `size` candidates and posts of each."""
    congress = congress_with_committee()
    for role in (MembershipRole.MEMBER, MembershipRole.SECRETARY):
        election = ElectionFactory(congress=congress, body=congress.executive_committee, role=role)
        CandidateFactory.create_batch(size, election=election, elected=False)
        election_record_members(election=election)
    for _ in range(2):
        decision = AppointmentDecisionFactory(organisation=congress.executive_committee, congress=congress)
        AppointedPostFactory.create_batch(size, decision=decision)
        appointment_record_members(decision=decision)
    return congress


@pytest.mark.parametrize("size", [2, 25])
def test_the_congress_page_runs_the_same_queries_for_few_or_many_candidates(
    viewer, django_assert_num_queries, size
):
    congress = decided(size)
    viewer.get(congress.get_absolute_url())  # caches of a first request stay out of the count

    with django_assert_num_queries(15):
        response = viewer.get(congress.get_absolute_url())

    assert response.status_code == 200
