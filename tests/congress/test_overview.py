"""The overview for a higher committee (/congresses/tong-hop/, congress.overview): its counts are
the records' counts, for any number of congresses in the same queries."""

import datetime
from decimal import Decimal

import pytest

from congress.dossier.personnel import tally_checks
from congress.models import Congress, CredentialsReport, Election, IndicatorStatus, PercentageBase
from congress.overview import CHECKLIST, overview_rows, totals
from records.models import AccessLog
from tests.access_world import build_world, make_user
from tests.congress.factories import (
    CandidateFactory,
    CommitteeFactory,
    CongressFactory,
    CredentialsReportFactory,
    ElectionFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.pages import page_client
from tests.records.factories import (
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    SourceFactory,
)
from tests.sheet_files import cells

pytestmark = pytest.mark.django_db

URL = "/congresses/tong-hop/"


@pytest.fixture
def viewer(client, django_user_model, strict_templates):
    return page_client(client, django_user_model)


def ward_congresses(count, city=None):
    """`count` ward congresses under one city, each with every part the overview counts: a
    committee with a member, an election of two candidates (every other one approved), an
    indicator met and one not, a task, a speech, the credentials report, each citing a source."""
    city = city or OrganisationFactory(name="Đảng bộ thành phố Tân Hòa")
    source = SourceFactory()
    made = []
    for number in range(count):
        party = OrganisationFactory(name=f"Đảng bộ phường Tân Hòa {number + 1}", parent=city)
        congress = CongressFactory(
            organisation=party,
            opened_on=datetime.date(2025, 6 + number % 3, 10),
            delegate_count=150 + number,
            members_represented=1500 + number,
            executive_committee=CommitteeFactory(parent=party),
        )
        MembershipFactory(organisation=congress.executive_committee)
        election = ElectionFactory(
            congress=congress,
            body=congress.executive_committee,
            approval_decision=LegalDocumentFactory() if number % 2 == 0 else None,
        )
        CandidateFactory.create_batch(2, election=election)
        IndicatorFactory(congress=congress)
        IndicatorFactory(congress=congress, actual=Decimal("3"))
        TaskFactory(congress=congress, six_clear=number % 2 == 0)
        SpeechFactory(congress=congress)
        CredentialsReportFactory(congress=congress)
        for record in (congress, election, *congress.indicators.all()):
            record.sources.add(source)
        made.append(congress)
    return made


# The queries: the session and user (2), the provinces the filter offers (1), the congresses
# with their counts (1), the sources of each of the 12 citing tables (12).
QUERIES = 16


@pytest.mark.parametrize("count", [5, 50])
def test_the_overview_runs_the_same_queries_for_5_or_50_congresses(viewer, django_assert_num_queries, count):
    ward_congresses(count)

    with django_assert_num_queries(QUERIES):
        response = viewer.get(URL)

    rows = response.context["rows"]
    assert len(rows) == count
    assert {str(row.elections) for row in rows} == {"1 / 1"}
    assert {str(row.indicators) for row in rows} == {"1 / 2"}
    assert all(row.sources == 1 for row in rows)
    total = response.context["totals"]
    assert (total.congresses, total.approved, total.tasks_clear) == (
        count,
        (count + 1) // 2,
        (count + 1) // 2,
    )
    assert total.delegates == sum(150 + n for n in range(count))


def test_the_page_is_linked_from_the_congress_list_sorts_totals_and_draws_the_chart(viewer):
    congresses = ward_congresses(3)
    Congress.objects.filter(pk=congresses[1].pk).update(resolution=LegalDocumentFactory())

    assert 'href="/congresses/tong-hop/"' in viewer.get("/congresses/").content.decode()
    page = viewer.get(f"{URL}?sort=-score")
    rows = page.context["rows"]
    # The one with a resolution holds one more item of the file; the approved ones one more.
    assert rows[0].congress == congresses[1] or rows[0].score.part >= rows[1].score.part
    assert [row.score.part for row in rows] == sorted((row.score.part for row in rows), reverse=True)
    html = page.content.decode()
    assert "Tổng cộng: 3 đại hội" in html
    assert "453 / 4.503" in html  # 150 + 151 + 152 delegates, 1.500 + 1.501 + 1.502 members
    assert (
        "<svg" in html and "Đến hết tháng 8/2025: 3 đã tổ chức, 3 đã ghi nhận kết quả, 2 đã chuẩn y" in html
    )
    ascending = viewer.get(f"{URL}?sort=delegates").context["rows"]
    assert [row.congress.delegate_count for row in ascending] == [150, 151, 152]


def test_the_overview_of_one_committee_is_linked_from_its_organisation_and_filters_by_it(viewer):
    ours = OrganisationFactory(name="Đảng bộ thành phố Tân Hòa")
    ward_congresses(2, city=ours)
    ward_congresses(1, city=OrganisationFactory(name="Đảng bộ thành phố Bình An"))
    url = f"{URL}?organisation={ours.uid}"

    assert f'href="{url}"' in viewer.get(ours.get_absolute_url()).content.decode()
    page = viewer.get(f"{url}&term=2025-2030")
    assert len(page.context["rows"]) == 2
    assert "Tổng cộng: 2 đại hội" in page.content.decode()
    assert "Đang lọc theo" in page.content.decode() and "Đảng bộ thành phố Tân Hòa" in page.content.decode()
    assert page.context["totals"].delegates == 150 + 151
    assert viewer.get(f"{URL}?term=2020-2025").context["rows"] == []


def test_an_invalid_filter_shows_its_error_over_no_rows(viewer):
    ward_congresses(1)
    page = viewer.get(f"{URL}?term=2030-2025")

    assert page.status_code == 200
    assert page.context["rows"] == []
    assert "Không đọc được nhiệm kỳ “2030-2025”" in page.content.decode()


def test_the_export_writes_the_rows_with_their_numbers_in_columns_of_their_own(viewer):
    ward_congresses(2)

    response = viewer.get(f"{URL}?export=xlsx&sort=delegates")

    header, *rows = cells(response.content)
    assert header[:4] == ["Đại hội", "Nhiệm kỳ", "Ngày khai mạc", "Số đại biểu chính thức"]
    assert [row[3] for row in rows] == [150, 151]
    assert [row[header.index("Đã chuẩn y")] for row in rows] == ["Có", "Chưa"]
    assert rows[0][header.index("Số mục của hồ sơ")] == len(CHECKLIST)
    assert AccessLog.objects.get(path=URL).rows == 2
    assert viewer.get(f"{URL}?export=csv").status_code == 200
    assert viewer.get(f"{URL}?export=pdf").status_code == 404


def test_the_overview_keeps_the_scope_and_the_export_needs_the_permission(client, django_user_model):
    from django.contrib.auth.models import Group

    from records import access

    world = build_world()
    client.force_login(make_user(django_user_model, "viewer", "A", world))

    rows = client.get(URL).context["rows"]
    assert [row.congress for row in rows] == list(world["A"]["congresses"])
    Group.objects.get(name=access.VIEWER).permissions.filter(codename="export_congress").delete()
    assert client.get(f"{URL}?export=xlsx").status_code == 403


# The checks of a tally: the database's against the congress file's ##########


@pytest.mark.parametrize(
    ("election", "candidates"),
    [
        ({}, [(170, True), (90, False)]),
        ({"draft": True, "ballots_received": 184}, [(170, True)]),
        ({}, [(190, False)]),  # more votes than valid ballots
        ({}, [(93, True)]),  # elected with exactly half of 186: not more than half
        ({}, [(None, True)]),
        ({"delegates_convened": None, "ballots_issued": None}, [(170, True)]),  # no base
        ({"seats_decided": 1}, [(170, True), (160, True)]),  # more elected than seats
        ({"percentage_base": PercentageBase.VALID_BALLOTS}, [(92, True)]),  # 92 of 183: not more than half
        ({"percentage_base": PercentageBase.VALID_BALLOTS}, [(92, False), (100, True)]),
        ({}, []),
    ],
)
def test_the_databases_check_of_a_tally_is_the_congress_files(election, candidates):
    made = ElectionFactory(**election)
    for votes, elected in candidates:
        CandidateFactory(election=made, votes=votes, elected=elected)

    loaded = Election.objects.prefetch_related("candidates__person").get(pk=made.pk)
    assert Election.objects.checked().filter(pk=made.pk).exists() == tally_checks(loaded)


# A generated city of 100 wards ###########################################


def records_counts(congress):
    """What the overview should say of a congress, counted from its records one by one."""
    committee = congress.executive_committee
    elections = list(congress.elections.prefetch_related("candidates__person"))
    parts = [
        congress,
        *congress.attendances.all(),
        *congress.speeches.all(),
        *congress.indicators.all(),
        *congress.tasks.all(),
        *elections,
        *(c for e in elections for c in e.candidates.all()),
        *congress.appointments.all(),
        *(post for decision in congress.appointments.all() for post in decision.posts.all()),
        *congress.bodies.all(),
        *(member for body in congress.bodies.all() for member in body.members.all()),
        *CredentialsReport.objects.filter(congress=congress),
    ]
    sources = {source.pk for part in parts for source in part.sources.all()}
    from records.models import Membership

    return {
        "delegates": congress.delegate_count,
        "members": congress.members_represented,
        "committee": Membership.objects.current()
        .filter(organisation=committee)
        .values("person")
        .distinct()
        .count()
        if committee
        else 0,
        "seats": committee.seat_count if committee else None,
        "elections": len(elections),
        "checked": sum(tally_checks(e) for e in elections),
        "approved": sum(e.approval_decision_id is not None for e in elections),
        "indicators": congress.indicators.count(),
        "met": sum(
            i.status in (IndicatorStatus.MET, IndicatorStatus.EXCEEDED) for i in congress.indicators.all()
        ),
        "tasks": congress.tasks.count(),
        "clear": sum(t.is_six_clear for t in congress.tasks.all()),
        "sources": len(sources),
    }


def overview_counts(row):
    congress = row.congress
    committee = congress.executive_committee
    return {
        "delegates": congress.delegate_count,
        "members": congress.members_represented,
        "committee": congress.committee_recorded,
        "seats": committee.seat_count if committee else None,
        "elections": congress.elections_count,
        "checked": congress.elections_checked,
        "approved": congress.elections_approved,
        "indicators": congress.indicators_count,
        "met": congress.indicators_met_count,
        "tasks": congress.tasks_count,
        "clear": congress.tasks_clear,
        "sources": row.sources,
    }


def test_the_overview_of_a_generated_city_of_100_wards_counts_what_the_records_hold(db):
    from congress.tooling.synthetic.generator import generate

    generate(people=2100, seed=16, communes=100, province=31)
    congresses = list(Congress.objects.filter(term_start=2025).select_related("executive_committee"))
    assert len(congresses) == 100
    # Beside what the generator makes: a draft tally and an approved one, each of a body of its own.
    ElectionFactory(congress=congresses[1], draft=True, ballots_received=184)
    ElectionFactory(congress=congresses[2], approval_decision=LegalDocumentFactory())

    rows = overview_rows(Congress.objects.filter(term_start=2025))

    assert len(rows) == 100
    by_congress = {row.congress.pk: row for row in rows}
    expected = []
    for congress in congresses:
        expected.append(records_counts(congress))
        assert overview_counts(by_congress[congress.pk]) == expected[-1], congress
    total = totals(rows)
    assert total.congresses == 100
    assert total.delegates == sum(c.delegate_count or 0 for c in congresses)
    assert total.elections == sum(e["elections"] for e in expected) > 100
    assert total.elections_checked == sum(e["checked"] for e in expected) < total.elections
    assert total.sources == sum(e["sources"] for e in expected) >= 100
    # The generator appoints about two committees in five: both routes are counted.
    assert sum(row.congress.appointments_count > 0 for row in rows) > 0
