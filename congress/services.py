"""Writes that touch several models: an election's or an appointment's people becoming members.

Both routes to a committee end the same way (DESIGN.md): a dated Membership of the body, citing
the election's tally sheet or the decision as its source. The post is written here, not typed
again by a clerk, so the committee's “recorded / seats” counts exactly what was decided.

The candidate or appointed post keeps the membership it gave (its `membership` link), so saving
again updates that one rather than adding a second, and a candidate no longer elected (or an
election turned back into a draft, whose numbers do not add up) loses it again. A post the person
already held, open-ended, in the same body and role is taken over rather than duplicated (the
registry allows one open holding of a post at a time).

A post exists because of its election or decision, so it goes with them: deleting a candidate or
an appointed post, or what deletes them with it (their election, its congress, the decision),
deletes the membership it gave, as un-ticking “trúng cử” does. The delete confirmation lists
those memberships (derived_posts(), asked by the admin).

Who made a post is who made its cause: the history row of each membership written or deleted here
names the `user` passed (an import's, run in a background task, has no request to name it).
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext

from records.models import Membership

from .models import AppointedPost, AppointmentDecision, Candidate, Congress, Election


@transaction.atomic
def election_record_members(*, election: Election, sources=(), user=None, reason="") -> list[Membership]:
    """Make each elected candidate of a checked election a member of the body; return the posts.

    A draft election's candidates hold no post: its tally is not yet one a committee would approve.
    The posts cite the election's sources and `sources` (the spreadsheet its results came from);
    their history rows name `user` and `reason` when given (else the request's user, if any).
    """
    election = Election.objects.select_related("congress", "body").get(pk=election.pk)
    sources = list({*election.sources.all(), *sources})
    start_reason = election_reason(election)
    posts = []
    for candidate in election.candidates.select_related("person", "membership"):
        post = _hold_post(
            candidate,
            wanted=candidate.elected and not election.draft,
            organisation=election.body,
            role=election.role,
            title="",
            start_on=election.held_on,
            start_reason=start_reason,
            sources=sources,
            history=(user, reason),
        )
        if post is not None:
            posts.append(post)
    return posts


@transaction.atomic
def appointment_record_members(*, decision: AppointmentDecision, user=None, reason="") -> list[Membership]:
    """Make each post an appointment decision fills a membership of its organisation; return them."""
    decision = AppointmentDecision.objects.select_related("document", "organisation").get(pk=decision.pk)
    sources = {*decision.sources.all(), *decision.document.sources.all()}
    start_reason = appointment_reason(decision.document)
    return [
        _hold_post(
            post,
            wanted=True,
            organisation=decision.organisation,
            role=post.role,
            title=post.title,
            start_on=decision.start_on,
            start_reason=start_reason,
            sources=sources,
            history=(user, reason),
        )
        for post in decision.posts.select_related("person", "membership")
    ]


def election_reason(election) -> str:
    """Why a candidate's post began, as its membership states it (also what generate_data writes)."""
    return (gettext("Trúng cử: %(election)s") % {"election": election})[:300]


def appointment_reason(document) -> str:
    """Why an appointed post began, as its membership states it (also what generate_data writes)."""
    return (gettext("Được chỉ định theo %(document)s") % {"document": document})[:300]


def _hold_post(holder, *, wanted, organisation, role, title, start_on, start_reason, sources, history):
    """Give the holder (a candidate, an appointed post) its membership, or take it away; return it."""
    membership = holder.membership
    if not wanted:
        if membership is not None:
            _link(holder, None)
            _with_history(membership, *history).delete()
        return None
    if membership is None:
        membership = Membership.objects.filter(
            person=holder.person_id, organisation=organisation, role=role, end_on__isnull=True
        ).first() or Membership(person=holder.person, organisation=organisation, role=role)
    wanted_fields = {
        "person_id": holder.person_id,
        "organisation_id": organisation.pk,
        "role": role,
        "title": title or membership.title,
        "start_on": start_on,
        "start_reason": start_reason,
    }
    # Saved only when something changed: saving an election again writes no history row here.
    changed = any(getattr(membership, name) != value for name, value in wanted_fields.items())
    if membership.pk is None or changed:
        for name, value in wanted_fields.items():
            setattr(membership, name, value)
        _with_history(membership, *history).save()
    cited = set(membership.sources.values_list("pk", flat=True))
    missing = [source for source in sources if source.pk not in cited]
    if missing:
        membership.sources.add(*missing)
    if holder.membership_id != membership.pk:
        _link(holder, membership)
    return membership


def _link(holder, membership):
    # The link is bookkeeping, not a change a clerk made: no history row of the holder for it.
    type(holder).objects.filter(pk=holder.pk).update(membership=membership)
    holder.membership = membership


def _with_history(membership, user, reason):
    """The membership, its next history row naming the user and reason given (simple-history's hooks)."""
    if user is not None:
        membership._history_user = user
    if reason:
        membership._change_reason = reason
    return membership


# Posts go with what gave them ##############################################


def derived_posts(records):
    """The memberships that deleting these records (congresses, elections, candidates, appointment
    decisions, appointed posts; one model at a time) deletes with them.

    A congress's appointment decisions stay when it is deleted (their link to it is cleared), and
    so do the posts they gave.
    """
    records = list(records)
    if not records:
        return Membership.objects.none()
    model = type(records[0])
    through = {
        Congress: Q(candidacy__election__congress__in=records),
        Election: Q(candidacy__election__in=records),
        Candidate: Q(candidacy__in=records),
        AppointmentDecision: Q(appointment__decision__in=records),
        AppointedPost: Q(appointment__in=records),
    }
    return Membership.objects.filter(through[model])


@receiver(pre_delete, sender=Candidate, dispatch_uid="congress.services.candidate_post")
@receiver(pre_delete, sender=AppointedPost, dispatch_uid="congress.services.appointed_post")
def _post_goes_with_its_holder(sender, instance, **kwargs):
    # Also when the holder goes with its election, congress or decision: Django sends each row
    # it deletes by cascade this signal (and loads them to do so).
    membership = (
        Membership.objects.filter(pk=instance.membership_id).first() if instance.membership_id else None
    )
    if membership is not None:
        membership.delete()
