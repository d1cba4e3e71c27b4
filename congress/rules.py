"""
What a scope covers of congresses, and their object permissions (see records/rules.py).

A congress is in scope through the organisation holding it, and its attendance, speeches,
indicators, tasks, elections, bodies and credentials report through the congress; a candidate
through its election, a body's member through the body. An appointment decision is in scope
through the organisation it appoints to (it may name no congress), its posts through it.

A congress also widens two registry models, which cannot know about it: the people present at
it, speaking, owning its tasks, standing for election, appointed or sitting on its bodies, and
the documents it adopts, its speeches and tasks cite, its elections' approvals and the appointment
decisions. Deleted records lie in scope the same way (`deleted=`, for the admin's pages of
deleted records).

Loaded by CongressConfig.ready() (and rules' autodiscovery).
"""

from django.db.models import Q

from records import access
from records.models import LegalDocument, Person
from records.rules import add_record_permissions, organisations

from .models import (
    AppointedPost,
    AppointmentDecision,
    Attendance,
    Candidate,
    Congress,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
    Election,
    Indicator,
    Speech,
    Task,
)

PARTS = [Attendance, Speech, Indicator, Task, Election, CongressBody, CredentialsReport]
# Rows below a part, in scope through it: (model, the part's field, the path to the organisation).
ROWS = [
    (Candidate, "election", "election__congress__organisation"),
    (CongressBodyMember, "body", "body__congress__organisation"),
    (AppointedPost, "decision", "decision__organisation"),
]


def people(scope):
    # `id IN (…)` for the same reason as records.rules.people: each list read once. (No NULL in
    # the lists: a scope's condition may be negated, and NOT IN a list holding NULL is never true.)
    ids = scope.organisation_ids
    held_here = {"congress__organisation__in": ids}
    return (
        Q(pk__in=Attendance.objects.filter(**held_here).values("person"))
        | Q(pk__in=Speech.objects.filter(speaker__isnull=False, **held_here).values("speaker"))
        | Q(pk__in=Task.objects.filter(owner__isnull=False, **held_here).values("owner"))
        | Q(pk__in=Candidate.objects.filter(election__congress__organisation__in=ids).values("person"))
        | Q(pk__in=AppointedPost.objects.filter(decision__organisation__in=ids).values("person"))
        | Q(pk__in=CongressBodyMember.objects.filter(body__congress__organisation__in=ids).values("person"))
    )


def documents(scope):
    ids = scope.organisation_ids
    held_here = {"congress__organisation__in": ids}
    return (
        Q(pk__in=Congress.objects.filter(organisation__in=ids).values("resolution"))
        | Q(pk__in=Task.objects.filter(**held_here).values("resolution"))
        | Q(pk__in=Speech.objects.filter(**held_here).values("cited_documents"))
        | Q(pk__in=Election.objects.filter(**held_here).values("approval_decision"))
        | Q(pk__in=AppointmentDecision.objects.filter(organisation__in=ids).values("document"))
    )


access.register(
    Congress,
    visible=organisations("organisation"),
    check=access.check_organisation("organisation"),
    exact=True,
    deleted=organisations("organisation"),
)
for model in PARTS:
    access.register(
        model,
        visible=organisations("congress__organisation"),
        check=access.check_covered("congress"),
        exact=True,
        # A deleted part is in scope through its congress, which must still be there: deleting
        # a congress takes its parts along, and restoring it brings them back.
        deleted=organisations("congress__organisation"),
    )
access.register(
    AppointmentDecision,
    visible=organisations("organisation"),
    check=access.check_organisation("organisation"),
    exact=True,
    deleted=organisations("organisation"),
)
for model, part, path in ROWS:
    access.register(
        model,
        visible=organisations(path),
        check=access.check_covered(part),
        exact=True,
        deleted=organisations(path),
    )
access.extend(Person, people)
access.extend(LegalDocument, documents)

add_record_permissions(Congress, *PARTS, AppointmentDecision, *(model for model, _, _ in ROWS))
