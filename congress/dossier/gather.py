"""The records of one congress that its file prints, read in a fixed number of queries.

Every relation the file shows is joined (select_related) or prefetched once, with its sources, so
the number of queries does not grow with the number of speeches, indicators, tasks or documents
(tests/congress/dossier/test_gather.py pins it at two sizes). A prefetch of a relation that holds
no rows runs no query, so a congress with nothing recorded runs fewer.

The personnel sections (congress/dossier/personnel.py) read what they need from here too: a
relation they add is one more `Prefetch` in `CONGRESS_FILE_PREFETCH`, not a query per row.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import F, Prefetch, Q

from records.models import LegalDocument, Membership, Organisation
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole

from ..committees import annotate_reelected
from ..models import (
    AppointedPost,
    AppointmentDecision,
    Attendance,
    AttendanceRole,
    Candidate,
    Congress,
    CongressBody,
    CongressBodyMember,
    Election,
    Indicator,
    Speech,
    Task,
)

# What the congress row joins: the organisations and documents each printed with their sources.
CONGRESS_FILE_JOINS = (
    "organisation__administrative_unit",
    "organisation__parent",
    "directing_body__parent",
    "executive_committee",
    "resolution",
    "credentials_report",
)
CONGRESS_FILE_PREFETCH = (
    "sources",
    "organisation__sources",
    "organisation__administrative_unit__sources",
    "directing_body__sources",
    "executive_committee__sources",
    "resolution__sources",
    Prefetch(
        "attendances",
        queryset=Attendance.objects.select_related("person", "organisation")
        .prefetch_related("sources")
        .order_by("role", "person__sort_key", "pk"),
    ),
    Prefetch(
        "speeches",
        queryset=Speech.objects.select_related("speaker").prefetch_related("sources"),
    ),
    Prefetch(
        "indicators",
        queryset=Indicator.objects.prefetch_related("sources").order_by("pk"),
    ),
    Prefetch(
        "tasks",
        queryset=Task.objects.select_related(
            "owner", "responsible_organisation", "approving_authority", "resolution"
        ).prefetch_related("sources"),
    ),
    # The personnel part (personnel.py): elections with their candidates by votes, appointment
    # decisions with their posts, the congress bodies with their members, the credentials
    # report, and the new committee's current members marked re-elected in the same query.
    "credentials_report__sources",
    Prefetch(
        "elections",
        queryset=Election.objects.select_related("body", "approval_decision")
        .prefetch_related(
            "sources",
            "approval_decision__sources",
            Prefetch(
                "candidates",
                queryset=Candidate.objects.select_related("person")
                .prefetch_related("sources")
                .order_by(F("votes").desc(nulls_last=True), "person__sort_key", "pk"),
            ),
        )
        .order_by("body__search_key", "role", "round", "pk"),
    ),
    Prefetch(
        "appointments",
        queryset=AppointmentDecision.objects.select_related("document", "organisation")
        .prefetch_related(
            "sources",
            "document__sources",
            Prefetch(
                "posts",
                queryset=AppointedPost.objects.select_related("person")
                .prefetch_related("sources")
                .order_by("role", "person__sort_key", "pk"),
            ),
        )
        .order_by("document__issued_on", "pk"),
    ),
    Prefetch(
        "bodies",
        queryset=CongressBody.objects.prefetch_related(
            "sources",
            Prefetch(
                "members",
                queryset=CongressBodyMember.objects.select_related("person").prefetch_related("sources"),
            ),
        ),
    ),
    Prefetch(
        "executive_committee__memberships",
        queryset=annotate_reelected(Membership.objects.current())
        .select_related("person")
        .prefetch_related("sources")
        .order_by("role", "person__sort_key", "pk"),
        to_attr="current_members",
    ),
)


def congress_file_queryset():
    """Congresses with what their file prints: the file page's queryset, to be scoped by the view."""
    return (
        Congress.objects.select_related(*CONGRESS_FILE_JOINS)
        .prefetch_related(*CONGRESS_FILE_PREFETCH)
        .with_committee_recorded()
    )


@dataclass
class CongressRecords:
    """A congress read with congress_file_queryset(), and the few records found beside it."""

    congress: Congress

    @classmethod
    def load(cls, uid):
        return cls(congress_file_queryset().get(uid=uid))

    @property
    def attendances(self):
        return list(self.congress.attendances.all())

    @property
    def directing(self):
        return [a for a in self.attendances if a.role == AttendanceRole.DIRECTING]

    @property
    def guests(self):
        return [a for a in self.attendances if a.role != AttendanceRole.DIRECTING]

    @property
    def speeches(self):
        return list(self.congress.speeches.all())

    @property
    def indicators(self):
        return list(self.congress.indicators.all())

    @property
    def tasks(self):
        return list(self.congress.tasks.all())

    @property
    def elections(self):
        return list(self.congress.elections.all())

    @property
    def appointments(self):
        return list(self.congress.appointments.all())

    @property
    def bodies(self):
        return list(self.congress.bodies.all())

    @property
    def credentials_report(self):
        return getattr(self.congress, "credentials_report", None)

    @property
    def committee_members(self):
        """The new committee's current posts, each with `reelected`; [] when no committee is named."""
        committee = self.congress.executive_committee
        return committee.current_members if committee is not None else []

    @cached_property
    def documents(self):
        """Every document the congress's records cite: its resolution, those the speeches cite,
        those its tasks carry out, the approvals of its elections and the appointment decisions
        about it; one query, and one for their sources."""
        congress = self.congress
        return list(
            LegalDocument.objects.filter(
                Q(adopted_by=congress)
                | Q(cited_in_speeches__congress=congress)
                | Q(tasks__congress=congress)
                | Q(approved_elections__congress=congress)
                | Q(appointment__congress=congress)
            )
            .distinct()
            .select_related("issuer")
            .prefetch_related("sources")
            .order_by("issued_on", "symbol_key", "pk")
        )

    @cached_property
    def committee(self):
        """The party committee (Đảng ủy) that leads the organisation and issues its documents,
        with its current secretary, who signs them; None if the records do not name one."""
        secretaries = (
            Membership.objects.current().filter(role=MembershipRole.SECRETARY).select_related("person")
        )
        return (
            Organisation.objects.filter(
                parent=self.congress.organisation_id, kind=OrganisationKind.PARTY_COMMITTEE
            )
            .prefetch_related(Prefetch("memberships", queryset=secretaries, to_attr="secretaries"))
            .order_by("pk")
            .first()
        )

    @property
    def superior(self):
        """The committee above: the organisation's parent, else the one whose working group directs."""
        organisation = self.congress.organisation
        if organisation.parent is not None:
            return organisation.parent
        directing = self.congress.directing_body
        return directing.parent if directing is not None else None
