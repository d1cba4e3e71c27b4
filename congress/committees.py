"""The committee a congress elected or was appointed: re-elected or first time, and its make-up.

Whether a member is re-elected (tái cử) is derived, never typed: the person held a post in the
previous term's committee. For a ward formed in 2025 from others that means the committees of
the organisations it was formed from, found through the administrative units' successions
(records.UnitSuccession), since the new ward's own committee has no previous term.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from records.models import Membership, Organisation, UnitSuccession
from records.models.organisations import OrganisationKind
from records.models.people import PersonGender

from .models import Congress

COMMITTEE_KINDS = (OrganisationKind.EXECUTIVE_COMMITTEE, OrganisationKind.PARTY_COMMITTEE)
UNDER_AGE = 40


def previous_committee_ids(congress):
    """The committees of the term before this congress's: of its organisation or those it came from.

    The committees the previous congresses elected, and, for organisations whose congresses are
    not recorded, their own committees (an executive committee or “Đảng ủy” below them).
    """
    organisation = congress.organisation
    predecessors = set()
    if organisation.administrative_unit_id is not None:
        formed_from = UnitSuccession.objects.filter(successor=organisation.administrative_unit_id)
        predecessors = set(
            Organisation.objects.filter(
                administrative_unit__in=formed_from.values("predecessor"),
                kind=OrganisationKind.PARTY_ORGANISATION,
            ).values_list("pk", flat=True)
        )
    earlier = Congress.objects.filter(
        organisation__in={organisation.pk} | predecessors,
        term_start__lt=congress.term_start,
        term_end__gte=congress.term_start - 1,
        executive_committee__isnull=False,
    )
    ids = set(earlier.values_list("executive_committee", flat=True))
    ids |= set(
        Organisation.objects.filter(parent__in=predecessors, kind__in=COMMITTEE_KINDS).values_list(
            "pk", flat=True
        )
    )
    if congress.executive_committee_id is not None:
        ids.discard(congress.executive_committee_id)
    return ids


def with_reelection(memberships, congress):
    """Annotate `reelected`: the member held a post in the previous term's committee.

    That is a post in one of previous_committee_ids(), or an earlier post in the same body (a
    committee kept as one organisation across terms).
    """
    held_before = Membership.objects.filter(person=OuterRef("person")).filter(
        Q(organisation__in=previous_committee_ids(congress))
        | Q(organisation=OuterRef("organisation"), start_on__lt=OuterRef("start_on"))
    )
    return memberships.annotate(reelected=Exists(held_before))


@dataclass
class Share:
    """A part of the committee: how many, and what share of its recorded members."""

    count: int
    total: int

    @property
    def percent(self):
        if not self.total:
            return None
        return (Decimal(self.count) * 100 / self.total).quantize(Decimal("0.1"))


@dataclass
class MakeUp:
    """The make-up of a committee: its members counted by person, and parts of them."""

    total: int
    women: Share
    under_40: Share
    reelected: Share
    first_time: Share

    @property
    def rows(self):
        """(label, share) in the order a report states them."""
        return [
            (_("Nữ"), self.women),
            (_("Dưới 40 tuổi"), self.under_40),
            (_("Tái cử"), self.reelected),
            (_("Tham gia lần đầu"), self.first_time),
        ]


def make_up(posts, congress):
    """The make-up of the committee from its posts (annotated by with_reelection(), with their people).

    Counted by person, since a secretary also holds a seat: women, under 40 in the congress's
    year (by birth year, as Party statistics count), re-elected and first time.
    """
    day = congress.opened_on or congress.closed_on
    year = day.year if day else congress.term_start
    people = {}
    for post in posts:
        person, reelected = people.get(post.person_id, (post.person, False))
        people[post.person_id] = (person, reelected or post.reelected)
    total = len(people)
    values = list(people.values())
    return MakeUp(
        total=total,
        women=Share(sum(1 for person, _ in values if person.gender == PersonGender.FEMALE), total),
        under_40=Share(
            sum(1 for person, _ in values if person.birth_year and year - person.birth_year < UNDER_AGE),
            total,
        ),
        reelected=Share(sum(1 for _, reelected in values if reelected), total),
        first_time=Share(sum(1 for _, reelected in values if not reelected), total),
    )


def reelected_posts(memberships):
    """The memberships with_reelection() marks re-elected, for every congress's committee at once.

    The same rule in one SQL condition, so that a list of people filters on it in a fixed number
    of queries: a post in a committee some congress elected (or was appointed), whose holder had a
    post in that committee earlier, or in a committee of the term before, previous_committee_ids().
    """
    return memberships.filter(Exists(_congresses_reelecting()))


def annotate_reelected(memberships):
    """Annotate `reelected` by the rule of reelected_posts(), in the memberships' own query.

    For reading a committee's posts with the congress's other records (the congress file's
    gather.py), where with_reelection()'s look-ups of the previous committees would be queries
    of their own.
    """
    return memberships.annotate(reelected=Exists(_congresses_reelecting()))


def _congresses_reelecting():
    """The congress whose committee holds the outer membership, if its holder held a post before.

    Inside the query of earlier posts, OuterRef names the congress, OuterRef(OuterRef()) the post.
    """
    earlier_congress = Q(
        organisation__elected_by__term_start__lt=OuterRef("term_start"),
        organisation__elected_by__term_end__gte=OuterRef("term_start") - 1,
    ) & (
        Q(organisation__elected_by__organisation=OuterRef("organisation"))
        | Q(
            organisation__elected_by__organisation__kind=OrganisationKind.PARTY_ORGANISATION,
            organisation__elected_by__organisation__administrative_unit__successions__successor=OuterRef(
                "organisation__administrative_unit"
            ),
        )
    )
    predecessors_committee = Q(
        organisation__kind__in=COMMITTEE_KINDS,
        organisation__parent__kind=OrganisationKind.PARTY_ORGANISATION,
        organisation__parent__administrative_unit__successions__successor=OuterRef(
            "organisation__administrative_unit"
        ),
    )
    held_before = Membership.objects.filter(person=OuterRef(OuterRef("person"))).filter(
        (earlier_congress | predecessors_committee) & ~Q(organisation=OuterRef("executive_committee"))
        | Q(
            organisation=OuterRef(OuterRef("organisation")),
            start_on__lt=OuterRef(OuterRef("start_on")),
        )
    )
    return Congress.objects.filter(executive_committee=OuterRef("organisation")).filter(Exists(held_before))
