"""The congress file reads its records in a fixed number of queries, whatever their number."""

import pytest

from congress.dossier.documents import DOCUMENTS
from congress.dossier.gather import CongressRecords
from tests.congress.factories import (
    AttendanceFactory,
    CongressFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole
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
# sources (8); the documents and their sources (2); the party committee and its secretary (2).
QUERIES = 19


def congress_with(rows):
    """A congress with `rows` attendances, speeches, indicators and tasks, each citing a source."""
    source = SourceFactory()
    party = OrganisationFactory(administrative_unit=AdministrativeUnitFactory())
    committee = OrganisationFactory(parent=party, kind=OrganisationKind.PARTY_COMMITTEE)
    MembershipFactory(organisation=committee, role=MembershipRole.SECRETARY)
    congress = CongressFactory(
        organisation=party,
        directing_body=OrganisationFactory(),
        executive_committee=OrganisationFactory(parent=party, kind=OrganisationKind.EXECUTIVE_COMMITTEE),
        resolution=LegalDocumentFactory(),
    )
    for record in (congress, party, party.administrative_unit, congress.directing_body):
        record.sources.add(source)
    for made in (
        AttendanceFactory.create_batch(rows, congress=congress),
        SpeechFactory.create_batch(rows, congress=congress),
        IndicatorFactory.create_batch(rows, congress=congress),
        TaskFactory.create_batch(rows, congress=congress, resolution=congress.resolution),
    ):
        for record in made:
            record.sources.add(source)
    return congress


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
    tables = [table for _, table in file.tables()]
    # Indicators, tasks, the one document, then the attendance of part III.
    assert [len(table.rows) for table in tables] == [rows, rows, 1, rows]
