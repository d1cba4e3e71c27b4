"""A congress with every personnel record the congress file prints, for its tests and the browser's."""

import datetime

from congress.models import CongressBodyKind
from congress.services import election_record_members
from records.models.documents import DocumentType
from records.models.people import PersonGender
from tests.congress.factories import (
    CandidateFactory,
    CommitteeFactory,
    CongressBodyFactory,
    CongressBodyMemberFactory,
    CongressFactory,
    CredentialsReportFactory,
    ElectionFactory,
)
from tests.records.factories import (
    AdministrativeUnitFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
)


def elected_congress():
    """A congress of 186 delegates electing 3 of 4 candidates to its 27-seat committee; one of
    the three sat on the committee the previous congress elected. Everything cites one tally sheet."""
    sheet = SourceFactory(title="Biên bản kiểm phiếu bầu Ban Chấp hành")
    party = OrganisationFactory(
        name="Đảng bộ phường Tân Hòa", administrative_unit=AdministrativeUnitFactory()
    )
    previous = CongressFactory(
        organisation=party, ordinal=1, term_start=2020, term_end=2025, executive_committee=CommitteeFactory()
    )
    congress = CongressFactory(
        organisation=party,
        ordinal=2,
        opened_on=datetime.date(2025, 6, 16),
        executive_committee=CommitteeFactory(parent=party),
    )
    election = ElectionFactory(congress=congress, body=congress.executive_committee)
    election.sources.add(sheet)
    people = [
        ("Trần Thị An", PersonGender.FEMALE, 1990, 170, True),
        ("Lê Văn Bình", PersonGender.MALE, 1970, 150, True),
        ("Phạm Thị Dung", PersonGender.FEMALE, 1960, 120, True),
        ("Nguyễn Văn Cường", PersonGender.MALE, 1975, 90, False),
    ]
    for name, gender, born, votes, won in people:
        person = PersonFactory(full_name=name, gender=gender, birth_year=born)
        CandidateFactory(election=election, person=person, votes=votes, elected=won).sources.add(sheet)
        if name == "Trần Thị An":
            MembershipFactory(person=person, organisation=previous.executive_committee)
    election.approval_decision = LegalDocumentFactory(
        document_type=DocumentType.DECISION, symbol="15-QĐ/TU", issued_on=datetime.date(2025, 7, 10)
    )
    election.save()
    election_record_members(election=election)
    CredentialsReportFactory(congress=congress).sources.add(sheet)
    presidium = CongressBodyFactory(congress=congress, kind=CongressBodyKind.PRESIDIUM)
    presidium.sources.add(sheet)
    CongressBodyMemberFactory(body=presidium, person=PersonFactory(full_name="Vũ Văn Chủ"), title="Chủ tọa")
    return congress
