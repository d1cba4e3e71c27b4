"""
Who sees and changes which records: a user's scope, asked in one place.

A user is given organisations (AccessScope). They see the records of those organisations and of
every organisation below them, and what hangs off them: the memberships and the people holding
them, the congresses and what they produced, the administrative units of those organisations and
the units below them with their figures and successions, the documents those records issue or
cite, the sources they cite. Superusers see everything; a user given no organisation sees nothing.

* `scoped(queryset, user)` is the question every read asks: the admin's lists, forms and
  autocompletes, the read pages and their exports, the look-ups of an import.
* `Scope.covers(record)` asks it of one saved record (the rules predicates), and
  `Scope.write_error(record)` of a record about to be written: whether the write keeps it in
  scope, and if not, which field takes it out.
* Each model says what a scope covers with `register()`: a condition on its queryset built from
  the scope's ids, a check of a record being written, and, for a model whose deleted records the
  admin lists, a condition on its history rows (`Scope.filter_deleted`). Another app widens a
  model's condition with `extend()` (the congress app: the people at its congresses), since
  `records` never imports `congress`.

A scope reads its ids (the organisations' subtree, their units) once, when a request first needs
them, and is kept on the user object for the rest of the request: a list page runs the same
queries for 5 rows or 500, and no row costs a query.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import AccessScope, AdministrativeUnit, Organisation, UnitSuccession

# The roles, as groups (created by the migration records/0005_roles, which spells them the same).
VIEWER = "Người xem"
CLERK = "Cán bộ nhập liệu"
MANAGER = "Quản lý"
ROLES = (VIEWER, CLERK, MANAGER)

# Where a user's scope is kept for the rest of the request.
CACHE_ATTRIBUTE = "_records_scope"
OUT_OF_SCOPE = _("Ngoài phạm vi hồ sơ được giao cho bạn.")


@dataclass
class Rule:
    """What a scope covers of one model.

    visible(scope) is a Q on the model's queryset; check(scope, record) returns None when a
    record being written stays in scope, or the name of the field that takes it out ("" for the
    record as a whole). A saved record is tested without a query when `ids` names a set of the
    scope's ids it must be in, or when the check is `exact`: it passes for exactly the records
    the condition covers (a membership, by its organisation).

    deleted(scope) is a Q on the model's history rows: which deleted records lie in the scope.
    The record is gone, so it can only ask what its last row names, and what else was deleted
    with it (a person, through their deleted posts); None where nobody restores the model's records.
    """

    visible: object
    check: object
    ids: str = ""
    exact: bool = False
    deleted: object = None
    extensions: list = field(default_factory=list)


RULES: dict = {}


def one_id_list(condition):
    """The condition with its alternatives `pk IN (a list)` made one `pk IN (a UNION b …)`.

    A person is in a scope through posts, attendances, speeches, tasks, candidacies,
    appointments and bodies: seven lists. Asked as seven `id IN (…) OR id IN (…)`, PostgreSQL
    can use no index for the OR and tests every one of a million people against seven hashed
    lists; one `id IN` a union is a join it answers from the ids of the lists, through the
    primary key (a ward clerk's person list at a million people: 259 ms → 17 ms; a search of
    it, 416 ms → 142 ms). A UNION, not UNION ALL: PostgreSQL counts a UNION's rows as all its
    lists' rows, and of a UNION ALL's distinct ids assumes 200; with the other side
    under-estimated too, it then compared every row of one side with every row of the other (a
    city's search page of "thi huong": 36 s, against 0.15 s with UNION; "lo dinh hoa" 930 ms
    against 340 ms). The lists hold the same ids either way, NULLs included, so the condition
    covers, and excludes when negated, the same rows.
    """
    if condition.connector != Q.OR or condition.negated:
        return condition
    lists = [child for child in condition.children if is_id_list(child)]
    if len(lists) < 2:
        return condition
    first, *others = (ids.order_by() for _, ids in lists)
    merged = Q(pk__in=first.union(*others))
    for child in condition.children:
        if not is_id_list(child):
            merged |= child if isinstance(child, Q) else Q(child)
    return merged


def is_id_list(child):
    """Whether a condition's child is `pk__in` a queryset of one column (`.values("person")`)."""
    if not isinstance(child, tuple) or child[0] != "pk__in" or not isinstance(child[1], QuerySet):
        return False
    query = child[1].query
    return len(query.values_select) == 1 and not query.is_sliced and not query.combinator


def register(model, *, visible, check, ids="", exact=False, deleted=None):
    RULES[model] = Rule(visible=visible, check=check, ids=ids, exact=exact, deleted=deleted)


def extend(model, visible):
    """Let another app widen what a scope covers of a model (a Q built from the scope)."""
    rule_for(model).extensions.append(visible)


def is_registered(model):
    return model._meta.concrete_model in RULES


def rule_for(model):
    try:
        return RULES[model._meta.concrete_model]
    except KeyError:
        # Failing closed: a model nobody said how to scope must not be shown unscoped.
        raise ImproperlyConfigured(
            f"{model._meta.label} has no access rule (records.access.register)."
        ) from None


class Scope:
    """The records one user may see and change, read from the database once."""

    everything = False

    def __init__(self, user=None):
        self.user = user
        self._covered = {}
        self._conditions = {}

    @cached_property
    def root_ids(self):
        """The organisations the user is given."""
        if self.user is None or self.user.pk is None:
            return frozenset()
        through = AccessScope.organisations.through
        given = through.objects.filter(accessscope__user_id=self.user.pk).order_by()
        return frozenset(given.values_list("organisation_id", flat=True))

    @cached_property
    def organisation_ids(self):
        """The organisations given and every organisation below them."""
        return frozenset(Organisation.objects.subtree_ids(self.root_ids))

    @cached_property
    def units(self):
        """(unit_root_ids, unit_ids), read in three queries."""
        own = set(
            Organisation.objects.filter(id__in=self.organisation_ids, administrative_unit__isnull=False)
            .order_by()
            .values_list("administrative_unit_id", flat=True)
            .distinct()
        )
        # The tree is at most three levels deep: a province, its districts, their wards.
        below = set(
            AdministrativeUnit.objects.filter(Q(parent__in=own) | Q(parent__parent__in=own))
            .order_by()
            .values_list("id", flat=True)
        )
        successions = (
            UnitSuccession.objects.filter(successor__in=own | below)
            .order_by()
            .values_list("successor_id", "predecessor_id")
        )
        formed_from = {successor: set() for successor in own | below}
        for successor, predecessor in successions:
            formed_from[successor].add(predecessor)
        roots = own.union(*(formed_from[unit] for unit in own))
        return frozenset(roots), frozenset(own | below).union(*formed_from.values())

    @property
    def unit_root_ids(self):
        """The units of the scope's organisations and the units they were formed from."""
        return self.units[0]

    @property
    def unit_ids(self):
        """The units of the scope's organisations, the units below them, and the units any of
        them were formed from."""
        return self.units[1]

    def condition(self, model):
        """The Q that keeps a model's records in this scope, built once per scope (a form's
        inline rows ask it for every field of every row; filter() copies what it is given)."""
        if model not in self._conditions:
            rule = rule_for(model)
            condition = rule.visible(self)
            for extension in rule.extensions:
                condition |= extension(self)
            self._conditions[model] = one_id_list(condition)
        return self._conditions[model]

    def filter(self, queryset):
        if not self.root_ids:
            return queryset.none()
        return queryset.filter(self.condition(queryset.model))

    def filter_deleted(self, model, deletions):
        """The deletions (rows of the model's history) that lie in this scope, by the model's rule."""
        if not self.root_ids:
            return deletions.none()
        deleted = rule_for(model).deleted
        if deleted is None:
            raise ImproperlyConfigured(
                f"{model._meta.label} has no rule for its deleted records (records.access.register)."
            )
        return deletions.filter(deleted(self))

    def referable(self, queryset):
        """The records of a queryset the user may name in what they write: those in scope, and those
        records in scope name already (a congress's directing body, a ward's parent above the scope).

        Naming a record is not writing it: a record written must still pass write_error().
        """
        if not self.root_ids:
            return queryset.none()
        model = queryset.model._meta.concrete_model
        condition = self.condition(model)
        for holder in RULES:
            for relation in holder._meta.get_fields():
                if relation.is_relation and not relation.auto_created and relation.related_model is model:
                    condition |= Q(pk__in=self.filter(holder._default_manager.all()).values(relation.name))
        return queryset.filter(condition)

    def covers(self, record):
        """Whether a saved record is in this scope (a query the first time a record is asked about)."""
        if record is None or record.pk is None or not self.root_ids:
            return False
        rule = rule_for(type(record))
        if rule.ids:
            return record.pk in getattr(self, rule.ids)
        if rule.exact and not rule.extensions:
            return rule.check(self, record) is None
        key = (record._meta.concrete_model, record.pk)
        if key not in self._covered:
            manager = record._meta.concrete_model._default_manager
            self._covered[key] = self.filter(manager.filter(pk=record.pk)).exists()
        return self._covered[key]

    def write_error(self, record):
        """None when writing the record keeps it in scope; else the field that takes it out ("" for none).

        A saved record must be in scope as the database holds it, and stay so as it is changed.
        """
        if not self.root_ids:
            return ""
        rule = rule_for(type(record))
        # An exact check is the condition itself, asked of the values being written.
        if record.pk is not None and not rule.exact and not self.covers(record):
            return ""
        return rule.check(self, record)

    def check(self, record):
        """write_error() of a record already known to be in scope as saved (one an import fetched)."""
        if not self.root_ids:
            return ""
        return rule_for(type(record)).check(self, record)


class Everything(Scope):
    """A superuser's scope."""

    everything = True

    def filter(self, queryset):
        return queryset

    def filter_deleted(self, model, deletions):
        return deletions

    def referable(self, queryset):
        return queryset

    def covers(self, record):
        return record is not None

    def write_error(self, record):
        return None

    def check(self, record):
        return None


EVERYTHING = Everything()
NOTHING = Scope()


def scope_of(user):
    """The user's scope, read once per user object (and so once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return EVERYTHING
    scope = getattr(user, CACHE_ATTRIBUTE, None)
    if scope is None:
        scope = Scope(user)
        setattr(user, CACHE_ATTRIBUTE, scope)
    return scope


def forget(user):
    """Drop the scope kept on a user object, after their organisations change."""
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)


def scoped(queryset, user):
    """The records of a queryset the user may see."""
    return scope_of(user).filter(queryset)


# Checks shared by the models' rules ########################################


def check_organisation(name):
    """A record is in scope through its organisation `name` (a foreign key)."""

    def check(scope, record):
        return None if getattr(record, f"{name}_id") in scope.organisation_ids else name

    return check


def check_covered(name):
    """A record is in scope through another record `name` that must be in scope (a congress)."""

    def check(scope, record):
        # A form may ask before its own validation named the record (an empty or unknown congress).
        if getattr(record, f"{name}_id", None) is None:
            return name
        return None if scope.covers(getattr(record, name)) else name

    return check


def check_saved(scope, record):
    """A record that is in scope when saved stays so whatever it is changed to (a person)."""
    return None
