"""The congress file reads its records in a fixed number of queries, whatever their number."""

import pytest

from congress.dossier.documents import DOCUMENTS
from congress.dossier.gather import CongressRecords
from congress.models import CongressBodyKind
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole
from tests.congress.factories import (
    AppointedPostFactory,
    AppointmentDecisionFactory,
    AttendanceFactory,
    CandidateFactory,
    CommitteeFactory,
    CongressBodyFactory,
    CongressBodyMemberFactory,
    CongressFactory,
    CredentialsReportFactory,
    ElectionFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.records.factories import (
    AdministrativeUnitFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

# The congress and its joins (1); the sources of the congress, its organisation, unit, directing
# body, elected committee and resolution (6); its attendances, speeches, indicators and tasks, each with their
# sources (8); the documents and their sources (2); the party committee and its secretary (2);
# the personnel part: the credentials report's sources (1), the elections, their sources, their
# approvals' sources, their candidates and the candidates' sources (5), the appointment decisions,
# theirs and their documents' sources, their posts and the posts' sources (5), the congress
# bodies, their sources, members and members' sources (4), the new committee's posts marked
# re-elected and their sources (2).
QUERIES = 36


def congress_with(rows):
    """A congress with `rows` attendances, speeches, indicators and tasks, each citing a source."""
    source = SourceFactory()
    party = OrganisationFactory(administrative_unit=AdministrativeUnitFactory())
    committee = OrganisationFactory(parent=party, kind=OrganisationKind.PARTY_COMMITTEE)
    MembershipFactory(organisation=committee, role=MembershipRole.SECRETARY)
    congress = CongressFactory(
        organisation=party,
        directing_body=OrganisationFactory(),
        executive_committee=CommitteeFactory(parent=party),
        resolution=LegalDocumentFactory(),
    )
    for record in (congress, party, party.administrative_unit, congress.directing_body):
        record.sources.add(source)
    for made in (
        AttendanceFactory.create_batch(rows, congress=congress),
        SpeechFactory.create_batch(rows, congress=congress),
        IndicatorFactory.create_batch(rows, congress=congress),
        TaskFactory.create_batch(rows, congress=congress, resolution=congress.resolution),
        *personnel(congress, rows),
    ):
        for record in made:
            record.sources.add(source)
    return congress


def personnel(congress, rows):
    """Elections (one, or three rounds for 40 rows), each with `rows` candidates; as many appointment
    decisions with `rows` posts; the four congress bodies with `rows` members each (one body for a
    single row); the credentials report; `rows` members of the new committee. Lists of records."""
    committee = congress.executive_committee
    count = rows // 20 + 1
    approval = LegalDocumentFactory()
    elections = [
        ElectionFactory(congress=congress, body=committee, round=round_, approval_decision=approval)
        for round_ in range(1, count + 1)
    ]
    decisions = AppointmentDecisionFactory.create_batch(count, congress=congress, organisation=committee)
    kinds = list(CongressBodyKind)[: 4 if rows > 1 else 1]
    bodies = [CongressBodyFactory(congress=congress, kind=kind) for kind in kinds]
    return [
        elections,
        [approval],
        [CandidateFactory(election=e, elected=False) for e in elections for _ in range(rows)],
        decisions,
        [d.document for d in decisions],
        [
            AppointedPostFactory(decision=d, role=MembershipRole.MEMBER)
            for d in decisions
            for _ in range(rows)
        ],
        bodies,
        [CongressBodyMemberFactory(body=body) for body in bodies for _ in range(rows)],
        [CredentialsReportFactory(congress=congress)],
        MembershipFactory.create_batch(rows, organisation=committee, role=MembershipRole.MEMBER),
    ]


def committee_secretary(congress):
    committee = congress.organisation.children.get(kind=OrganisationKind.PARTY_COMMITTEE)
    return committee.memberships.get().person.full_name


@pytest.mark.parametrize("rows", [1, 40])
def test_every_document_of_the_file_is_built_in_the_same_queries_for_1_or_40_rows(
    django_assert_num_queries, rows
):
    congress = congress_with(rows)

    with django_assert_num_queries(QUERIES):
        records = CongressRecords.load(congress.uid)
        built = [build(records) for build in DOCUMENTS.values()]

    file = built[0]
    assert len(file.citations.sources) == 1
    assert built[1].signature.name == committee_secretary(congress)
    rows_by_section = {}
    for section, table in file.tables():
        rows_by_section.setdefault(section.key, []).append(len(table.rows))
    count = rows // 20 + 1
    assert rows_by_section["chi-tieu"] == [rows]
    assert rows_by_section["nhiem-vu"] == [rows]
    # The resolution, the approval and the appointment decisions.
    assert rows_by_section["van-ban"] == [2 + count]
    assert rows_by_section["bau-cu"] == [rows] * count
    assert rows_by_section["chi-dinh"] == [rows] * count
    # The make-up (4 shares, and the factories' unknown genders and birth years), then the members.
    assert rows_by_section["ban-chap-hanh-khoa-moi"] == [6, rows]
    assert rows_by_section["chuan-y"] == [count]
    assert rows_by_section["co-quan-giup-viec"] == [rows] * (4 if rows > 1 else 1)
    assert rows_by_section["tham-tra-tu-cach"] == [3]
    personnel = (
        "bau-cu",
        "chi-dinh",
        "ban-chap-hanh-khoa-moi",
        "chuan-y",
        "co-quan-giup-viec",
        "tham-tra-tu-cach",
    )
    assert not any(section.missing for section in file.sections if section.key in personnel)
