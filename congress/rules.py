"""
What a scope covers of congresses, and their object permissions (see records/rules.py).

A congress is in scope through the organisation holding it, and its attendance, speeches,
indicators and tasks through the congress. A congress also widens two registry models, which
cannot know about it: the people present at it, speaking or owning its tasks, and the documents
it adopts or its speeches and tasks cite. Deleted records lie in scope the same way (`deleted=`,
for the admin's pages of deleted records).

Loaded by CongressConfig.ready() (and rules' autodiscovery).
"""

from django.db.models import Exists, OuterRef, Q

from records import access
from records.models import LegalDocument, Person
from records.rules import add_record_permissions, organisations

from .models import Attendance, Congress, Indicator, Speech, Task

PARTS = [Attendance, Speech, Indicator, Task]


def people(scope):
    held_here = {"congress__organisation__in": scope.organisation_ids}
    return (
        Q(Exists(Attendance.objects.filter(person=OuterRef("pk"), **held_here)))
        | Q(Exists(Speech.objects.filter(speaker=OuterRef("pk"), **held_here)))
        | Q(Exists(Task.objects.filter(owner=OuterRef("pk"), **held_here)))
    )


def documents(scope):
    held_here = {"congress__organisation__in": scope.organisation_ids}
    return (
        Q(pk__in=Congress.objects.filter(organisation__in=scope.organisation_ids).values("resolution"))
        | Q(pk__in=Task.objects.filter(**held_here).values("resolution"))
        | Q(pk__in=Speech.objects.filter(**held_here).values("cited_documents"))
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
access.extend(Person, people)
access.extend(LegalDocument, documents)

add_record_permissions(Congress, *PARTS)
