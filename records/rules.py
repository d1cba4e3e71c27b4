"""
Object permissions (django-rules) and what a scope covers of each registry model.

Django's permissions, given through the roles' groups, say what a user may do to a kind of
record; the rules here add, for one record, whether it lies in the user's scope (records.access)
and, for deleting, whether a clerk may: a record that cites a source is evidence, deleted only by
a user holding records.delete_sourced (a manager). The admin asks with the record
(rules' ObjectPermissionsModelAdminMixin); Django asks superusers nothing.

Each model's rule also says which of its deleted records lie in a scope (`deleted=`), for the
admin's page of deleted records (records.admin.history.RestoreDeletedMixin).

Loaded by RecordsConfig.ready() (and rules' autodiscovery).
"""

import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef, Q

from . import access
from .models import (
    AccessLog,
    AccessScope,
    AdministrativeUnit,
    ApiToken,
    Figure,
    LegalDocument,
    Membership,
    Organisation,
    OrganisationMerge,
    Person,
    PersonMerge,
    Source,
    UnitSuccession,
)

_model_backend = ModelBackend()


def holds(perm):
    """A predicate: the user holds a permission of a kind of record, through a role or of their own."""
    return rules.predicate(lambda user: _model_backend.has_perm(user, perm), name=f"holds {perm}")


@rules.predicate
def in_scope(user, record):
    return record is None or access.scope_of(user).covers(record)


@rules.predicate
def writable(user, record):
    return record is None or access.scope_of(user).write_error(record) is None


@rules.predicate
def cites_no_source(user, record):
    # Records without `sources` (a figure, a source itself) are evidence by nature.
    return record is None or (hasattr(record, "sources") and not record.sources.exists())


def add_record_permissions(*models):
    """View a record in scope; change one that stays in scope; delete one a clerk may delete."""
    may_delete_sourced = holds("records.delete_sourced")
    for model in models:
        label, name = model._meta.app_label, model._meta.model_name
        rules.add_perm(f"{label}.view_{name}", holds(f"{label}.view_{name}") & in_scope)
        rules.add_perm(f"{label}.change_{name}", holds(f"{label}.change_{name}") & writable)
        rules.add_perm(
            f"{label}.delete_{name}",
            holds(f"{label}.delete_{name}") & writable & (cites_no_source | may_delete_sourced),
        )


# What a scope covers #######################################################


def organisations(path):
    return lambda scope: Q(**{f"{path}__in": scope.organisation_ids})


def units(path):
    return lambda scope: Q(**{f"{path}__in": scope.unit_ids})


def check_organisation(scope, organisation):
    # A new organisation belongs to its parent; an organisation the user is given stays in scope
    # whatever its own parent (above the scope) is.
    if organisation.pk in scope.root_ids or organisation.parent_id in scope.organisation_ids:
        return None
    return "parent"


def check_unit(scope, unit):
    if unit.pk in scope.unit_root_ids or unit.parent_id in scope.unit_ids:
        return None
    return "parent"


def figures(scope):
    return organisations("organisation")(scope) | units("administrative_unit")(scope)


def check_figure(scope, figure):
    if figure.organisation_id in scope.organisation_ids or figure.administrative_unit_id in scope.unit_ids:
        return None
    return "organisation" if figure.organisation_id else "administrative_unit"


def check_person(scope, person):
    # A person is in a scope through their posts: a new one enters it with them (the admin's
    # person form requires one, imports add people through the lists that give them one).
    return "" if person.pk is None else None


def people(scope):
    # `id IN (the posts' people)`, not a correlated EXISTS: the database reads the scope's posts
    # once, where EXISTS is asked for every person an index walks (a ward's user at 100.000
    # people: 0,18 s against 4,5 s on PostgreSQL, 0,03 s against 1,4 s on SQLite).
    return Q(pk__in=Membership.objects.filter(organisation__in=scope.organisation_ids).values("person"))


def deleted_people(scope):
    # A deleted person's posts were deleted with them: the person was in scope through them.
    posts = Membership.history.filter(history_type="-", organisation__in=scope.organisation_ids)
    return Q(id__in=posts.values("person_id"))


def documents(scope):
    """Documents issued in scope, or cited by units and successions in scope."""
    return (
        Q(issuer__in=scope.organisation_ids)
        | Q(pk__in=AdministrativeUnit.objects.filter(id__in=scope.unit_ids).values("established_by"))
        | Q(pk__in=UnitSuccession.objects.filter(successor__in=scope.unit_ids).values("legal_basis"))
    )


def sources(scope):
    """Sources the user recorded, and every source a record in scope cites."""
    condition = Q(recorded_by=scope.user.pk) | Q(pk__in=scope.filter(Figure.objects.all()).values("source"))
    for model in access.RULES:
        if any(field.name == "sources" for field in model._meta.many_to_many):
            condition |= Q(pk__in=scope.filter(model.objects.all()).values("sources"))
    return condition


def check_source(scope, source):
    return None if source.pk is None or source.recorded_by_id == scope.user.pk else ""


def users(scope):
    """Users who are given organisations, all of them inside the scope: those a manager may manage."""
    given = AccessScope.organisations.through.objects.filter(accessscope__user=OuterRef("pk"))
    outside = given.exclude(organisation__in=scope.organisation_ids)
    return Q(is_superuser=False) & Q(Exists(given)) & ~Q(Exists(outside))


def of_users(scope):
    return Q(user__in=scope.filter(get_user_model().objects.all()))


access.register(
    Organisation,
    visible=organisations("id"),
    check=check_organisation,
    ids="organisation_ids",
    deleted=organisations("parent"),
)
access.register(
    AdministrativeUnit,
    visible=units("id"),
    check=check_unit,
    ids="unit_ids",
    # A unit of one of the scope's organisations cannot be deleted (PROTECT): it was below one.
    deleted=units("parent"),
)
access.register(
    UnitSuccession,
    visible=lambda scope: units("successor")(scope) | units("predecessor")(scope),
    check=lambda scope, succession: None if succession.successor_id in scope.unit_ids else "successor",
    deleted=units("successor"),
)
access.register(Figure, visible=figures, check=check_figure, exact=True, deleted=figures)
access.register(
    Membership,
    visible=organisations("organisation"),
    check=access.check_organisation("organisation"),
    exact=True,
    deleted=organisations("organisation"),
)
access.register(Person, visible=people, check=check_person, deleted=deleted_people)
access.register(
    LegalDocument,
    visible=documents,
    check=lambda scope, document: None if document.issuer_id in scope.organisation_ids else "issuer",
    # What a scoped user may write of a document: one issued in scope.
    deleted=organisations("issuer"),
)
access.register(
    Source,
    visible=sources,
    check=check_source,
    # Deleting a source took its citations along, so only who recorded it can be told.
    deleted=lambda scope: Q(recorded_by=scope.user.pk),
)
# A merge lies in a scope through the record kept (once reverted, the other is back on its own).
access.register(
    PersonMerge,
    visible=lambda scope: Q(kept__in=scope.filter(Person.objects.all())),
    check=lambda scope, merge: None if scope.covers(merge.kept) else "kept",
)
access.register(
    OrganisationMerge,
    visible=organisations("kept"),
    check=lambda scope, merge: None if scope.covers(merge.kept) else "kept",
)
access.register(get_user_model(), visible=users, check=access.check_saved)
access.register(AccessScope, visible=of_users, check=access.check_saved)
access.register(AccessLog, visible=of_users, check=lambda scope, entry: "")
# A key reads as its user: a manager gives keys to the users they manage, and sees those keys.
access.register(ApiToken, visible=of_users, check=access.check_covered("user"))

add_record_permissions(
    Source,
    AdministrativeUnit,
    UnitSuccession,
    Organisation,
    Person,
    Membership,
    LegalDocument,
    Figure,
    get_user_model(),
    AccessScope,
    AccessLog,
    PersonMerge,
    OrganisationMerge,
    ApiToken,
)
# Merging two people or two organisations (and reverting a merge) is a manager's, of two records
# in their scope.
rules.add_perm("records.merge_person", holds("records.merge_person") & in_scope)
rules.add_perm("records.merge_organisation", holds("records.merge_organisation") & in_scope)
