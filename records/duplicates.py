"""Possible duplicates: the existing people and organisations a proposed one may be.

A clerk who types "Nguyen Cong Dien" means, most likely, the Nguyễn Công Diễn already on
record; an import that created a second person beside him would count two deputy secretaries.
The identity key (records.vietnamese.identity_key) matches only names spelt with the same
letters and tones, so records are matched exactly by it, and this module says which records a
name that matched nobody exactly may still be:

* a person with the same search key (every diacritic dropped: "nguyen cong dien") whose birth
  year is the one proposed or unknown on either side, or who holds a post in an organisation
  the proposal names (a committee does not hold two "Nguyễn Công Diễn"s born years apart
  without someone asking);
* an organisation with the same search key under the same parent, or, at the top of a tree,
  in the same administrative unit (or in an unknown one on either side); an abbreviation and
  the words it stands for are the same name ("HĐND phường X" is "Hội đồng nhân dân phường X");
* a current administrative unit of the same name but for diacritics ("phuong thien huong");
* a legal document with the same symbol, written in any of its spellings ("15 - NQ/ĐU" is
  "15-NQ/ĐU"), and, for a bare number ("Nghị quyết 68"), of the same type and issuer.

This is the one place that asks the question: the imports (records.sheets), the admin's
person and organisation forms and the reading of congress reports all ask it here, so that a
name flagged on one screen is flagged on every other. It asks in bulk: `load()` fetches the
candidates of many proposals in a few queries per thousand names (an import of 20,000 rows
asks 20 times, never once a row), `candidates()` then answers from memory.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber

from records import vietnamese
from records.models import AdministrativeUnit, LegalDocument, Membership, Organisation, Person

__all__ = [
    "DocumentDuplicates",
    "OrganisationDuplicates",
    "UnitDuplicates",
    "name_spellings",
    "PersonDuplicates",
    "likely_pairs",
    "ProposedOrganisation",
    "ProposedPerson",
    "likely_groups",
    "likely_organisation_groups",
    "likely_organisation_pairs",
    "organisation_duplicates",
    "person_duplicates",
]

# Keys per query (well under SQLite's variable limit).
FETCH_CHUNK = 1000


def _chunks(items):
    """The items in order, FETCH_CHUNK at a time (a stable order keeps the queries the same)."""
    return itertools.batched(sorted(items), FETCH_CHUNK)


@dataclass(frozen=True)
class ProposedPerson:
    """A person a file row, a form or a report names: the name as written, what else it says."""

    name: str
    birth_year: int | None = None
    # The ids of the organisations the proposal puts the person in (a roster's "Tổ chức").
    organisations: frozenset = frozenset()


@dataclass(frozen=True)
class ProposedOrganisation:
    """An organisation a file row, a form or a report names, with its parent and place (ids)."""

    name: str
    parent: int | None = None
    unit: int | None = None


class PersonDuplicates:
    """The people proposals may mean, fetched once for many proposals, answered from memory."""

    def __init__(self, queryset=None):
        self.queryset = Person.objects.all() if queryset is None else queryset
        # People fetched, by search key and id; the organisations asked about that each holds.
        self.by_key = defaultdict(dict)
        self.posts = defaultdict(set)

    def load(self, proposals):
        """Fetch the candidates of these proposals: a few queries per FETCH_CHUNK names.

        With a birth year, only the namesakes born that year or in an unknown year are read
        (a common name has thousands of namesakes in a national register), and the namesakes
        of any year holding a post in an organisation the proposal names.
        """
        any_year, years, in_organisations = set(), defaultdict(set), defaultdict(set)
        for proposal in proposals:
            key = vietnamese.search_key(proposal.name)
            if not key:
                continue
            if proposal.birth_year is None:
                any_year.add(key)
            else:
                years[key].add(proposal.birth_year)
            if proposal.organisations:
                in_organisations[key] |= set(proposal.organisations)
        for chunk in _chunks(any_year):
            self._add(self.queryset.filter(search_key__in=chunk))
        for chunk in _chunks(years.keys() - any_year):
            born = {year for key in chunk for year in years[key]}
            self._add(
                self.queryset.filter(search_key__in=chunk).filter(
                    Q(birth_year__isnull=True) | Q(birth_year__in=sorted(born))
                )
            )
        for chunk in _chunks(in_organisations):
            organisations = sorted({pk for key in chunk for pk in in_organisations[key]})
            posts = Membership.objects.filter(
                organisation_id__in=organisations,
                person__search_key__in=chunk,
                person__in=self.queryset,
            ).select_related("person")
            for post in posts:
                self._add([post.person])
                self.posts[post.person_id].add(post.organisation_id)

    def _add(self, people):
        for person in people:
            self.by_key[person.search_key].setdefault(person.pk, person)

    def candidates(self, proposal, exclude=()):
        """The people already on record the proposal may mean, in the records' order.

        `exclude` holds ids never to offer (the record a form is changing).
        """
        found = []
        for person in self.by_key.get(vietnamese.search_key(proposal.name), {}).values():
            if person.pk in exclude:
                continue
            years_fit = (
                proposal.birth_year is None
                or person.birth_year is None
                or person.birth_year == proposal.birth_year
            )
            if years_fit or self.posts.get(person.pk, set()) & set(proposal.organisations):
                found.append(person)
        return sorted(found, key=lambda person: (person.sort_key, person.pk))


def likely_groups(queryset, after=""):
    """The search keys under which the queryset holds people who may be one, with their numbers.

    The existing-duplicates report's question, asked of the whole register in one grouped query
    on the search key's index: the rule of PersonDuplicates.candidates(), said of a group. A key
    names two people who may be one when the group has a person of unknown birth year (who may be
    anyone of the name), two people born the same year (more known years than distinct ones), or
    two people holding a post in one organisation. The last, a subquery, is asked only of a
    group the years leave apart. Ordered by key and paged by it (`after`: the keys after this
    one), so that any page reads the index from its first key: at a million people, page 1 and
    page 1,000 each take a few milliseconds on PostgreSQL (an offset would read every group before
    the page: 1.6 s for page 1,000). Each row has `search_key`, `records` (the group's size) and
    `known` (how many have a birth year).

    Not solved: a scoped queryset asks the scope's condition (records.access) of each person the
    index walks, so a ward's manager waits as long as the register is large (1.6 s a page at a
    million people, a scope of 100), not as their scope is. Measured on PostgreSQL 15 at 200,000
    generated people, a ward of 1,413: 1.4 s a page, of which ~0.5 s walks 133,514 people to meet
    919 in scope and ~0.9 s asks the shared-post subquery of 88 groups (its scope condition is
    asked row by row there, not hashed). The planner estimates the scope's OR of EXISTS to keep
    nearly every person (198,438 of 200,000), so it walks the index; filtering by the scoped ids
    (7.3 s), by a UNION of the holders' ids (4.5 s) or by the search keys held in scope first
    (1.4 s) does not help. The cure is a scope condition the planner can estimate, in
    records.access, for every scoped query alike.
    """
    posts = Membership.objects.filter(person__search_key=OuterRef("search_key"))
    if queryset.query.has_filters():
        posts = posts.filter(person__in=queryset.order_by().values("pk"))
    shared = (
        posts.order_by()
        .values("organisation_id")
        .annotate(holders=Count("person_id", distinct=True))
        .filter(holders__gt=1)
    )
    people = queryset.filter(search_key__gt=after) if after else queryset
    return (
        people.order_by()
        .values("search_key")
        .annotate(records=Count("id"), known=Count("birth_year"), years=Count("birth_year", distinct=True))
        .filter(records__gt=1)
        .filter(Q(records__gt=F("known")) | Q(known__gt=F("years")) | Exists(shared))
        .order_by("search_key")
    )


def likely_pairs(queryset, keys, per_key):
    """The pairs of people under these search keys who may be one, by PersonDuplicates' rule.

    Reads at most `per_key` people of each key (in the records' order) and their posts: two
    queries, whatever the number of keys. Returns {key: [(person, person), ...]}, each pair once,
    the first of each pair the one recorded first (the lower id); the people read ({key: [person, ...]});
    and the organisations each holds a post in ({person id: {organisation id: name}}).
    """
    ranked = queryset.filter(search_key__in=list(keys)).annotate(
        rank=Window(RowNumber(), partition_by=[F("search_key")], order_by=[F("sort_key"), F("id")])
    )
    people = list(ranked.filter(rank__lte=per_key).order_by("search_key", "sort_key", "id"))
    duplicates = PersonDuplicates(queryset)
    duplicates._add(people)
    organisations = defaultdict(dict)
    for person_id, organisation_id, name in (
        Membership.objects.filter(person__in=[person.pk for person in people])
        .order_by()
        .values_list("person_id", "organisation_id", "organisation__name")
    ):
        organisations[person_id][organisation_id] = name
    held = {person_id: set(names) for person_id, names in organisations.items()}
    duplicates.posts.update(held)
    pairs, read = defaultdict(list), defaultdict(list)
    for person in people:
        read[person.search_key].append(person)
        proposal = ProposedPerson(person.full_name, person.birth_year, frozenset(held.get(person.pk, ())))
        for other in duplicates.candidates(proposal, exclude={person.pk}):
            if other.pk > person.pk:
                pairs[person.search_key].append((person, other))
    return pairs, read, organisations


def name_spellings(name):
    """The search keys a name may be recorded under: each abbreviation written short or in full.

    "HĐND phường Thiên Hương" -> {"hdnd phuong thien huong", "hoi dong nhan dan phuong thien huong"}.
    """
    terms = vietnamese.search_terms(vietnamese.search_key(name))
    return {" ".join(words) for words in itertools.product(*terms)} - {""}


def _canonical(key):
    """One spelling of a name whatever its abbreviations: each term written in full."""
    return " ".join(max(term, key=len) for term in vietnamese.search_terms(key))


class OrganisationDuplicates:
    """The organisations proposals may mean, fetched once for many proposals."""

    def __init__(self, queryset=None):
        self.queryset = Organisation.objects.all() if queryset is None else queryset
        self.by_key = defaultdict(dict)

    def load(self, proposals):
        keys = set().union(*(name_spellings(proposal.name) for proposal in proposals))
        for chunk in _chunks(keys):
            for organisation in self.queryset.filter(search_key__in=chunk).select_related(
                "parent", "administrative_unit"
            ):
                self.by_key[_canonical(organisation.search_key)].setdefault(organisation.pk, organisation)

    def candidates(self, proposal, exclude=()):
        """The organisations on record the proposal may mean: same name but for diacritics, same place."""
        found = []
        key = _canonical(vietnamese.search_key(proposal.name))
        for organisation in self.by_key.get(key, {}).values():
            if organisation.pk in exclude or organisation.parent_id != proposal.parent:
                continue
            if (
                proposal.parent is None
                and proposal.unit is not None
                and organisation.administrative_unit_id not in (None, proposal.unit)
            ):
                continue
            found.append(organisation)
        return sorted(found, key=lambda organisation: (organisation.search_key, organisation.pk))


def likely_organisation_groups(queryset, after=""):
    """The search keys under which the queryset holds organisations that may be one, with their numbers.

    The rule of OrganisationDuplicates.candidates(), said of a group in one grouped query on the
    search key's index, paged by key as likely_groups() is: two of the key under one parent (more
    parents than distinct ones), or two at the top of a tree of which one has no place or both
    the same one (as birth years are for people). Each row has `search_key` and `records` (the
    group's size).

    Names written once with an abbreviation and once in full ("HĐND phường X", "Hội đồng nhân
    dân phường X") have two keys: the forms and imports flag them (name_spellings()); this
    report does not pair them.
    """
    top = Q(parent__isnull=True)
    organisations = queryset.filter(search_key__gt=after) if after else queryset
    return (
        organisations.order_by()
        .values("search_key")
        .annotate(
            records=Count("id"),
            placed=Count("parent"),
            parents=Count("parent", distinct=True),
            tops=Count("id", filter=top),
            top_known=Count("administrative_unit", filter=top),
            top_units=Count("administrative_unit", filter=top, distinct=True),
        )
        .filter(records__gt=1)
        .filter(
            Q(placed__gt=F("parents"))
            | Q(tops__gt=1) & (Q(tops__gt=F("top_known")) | Q(top_known__gt=F("top_units")))
        )
        .order_by("search_key")
    )


def likely_organisation_pairs(queryset, keys, per_key):
    """The pairs of organisations under these search keys that may be one, by OrganisationDuplicates' rule.

    Reads at most `per_key` organisations of each key, with their parents and places: one query.
    Returns {key: [(organisation, organisation), ...]}, each pair once, the first of each pair the
    one recorded first; and the organisations read ({key: [organisation, ...]}).
    """
    ranked = queryset.filter(search_key__in=list(keys)).annotate(
        rank=Window(RowNumber(), partition_by=[F("search_key")], order_by=[F("id")])
    )
    read = defaultdict(list)
    duplicates = OrganisationDuplicates(queryset)
    for organisation in ranked.filter(rank__lte=per_key).select_related("parent", "administrative_unit"):
        read[organisation.search_key].append(organisation)
        duplicates.by_key[_canonical(organisation.search_key)][organisation.pk] = organisation
    pairs = defaultdict(list)
    for key, organisations in read.items():
        organisations.sort(key=lambda organisation: organisation.pk)
        for organisation in organisations:
            proposal = ProposedOrganisation(
                organisation.name, organisation.parent_id, organisation.administrative_unit_id
            )
            for other in duplicates.candidates(proposal, exclude={organisation.pk}):
                if other.pk > organisation.pk:
                    pairs[key].append((organisation, other))
    return pairs, read


class UnitDuplicates:
    """The current administrative units place names may mean ("phường Thiên Hương"), by search key.

    Many communes share a name across provinces ("Xã Tân Lập"): every one is a candidate, and
    the caller chooses among them by what else it knows (a province the text names, a scope).
    """

    def __init__(self, queryset=None):
        self.queryset = AdministrativeUnit.objects.current() if queryset is None else queryset
        self.by_key = defaultdict(dict)

    def load(self, names):
        keys = {vietnamese.search_key(name) for name in names} - {""}
        for chunk in _chunks(keys):
            for unit in self.queryset.filter(search_key__in=chunk).select_related("parent"):
                self.by_key[unit.search_key].setdefault(unit.pk, unit)

    def candidates(self, name):
        found = self.by_key.get(vietnamese.search_key(name), {}).values()
        return sorted(found, key=lambda unit: (unit.code, unit.pk))


def document_key(symbol):
    """The key a symbol is matched by, as LegalDocument.normalise() derives symbol_key."""
    try:
        return vietnamese.identity_key(vietnamese.format_document_symbol(vietnamese.parse_document_symbol(symbol)))
    except ValueError:
        return vietnamese.identity_key(symbol)


class DocumentDuplicates:
    """The legal documents symbols may mean: the same symbol in any spelling."""

    def __init__(self, queryset=None):
        self.queryset = LegalDocument.objects.all() if queryset is None else queryset
        self.by_key = defaultdict(dict)

    def load(self, symbols):
        keys = {document_key(symbol) for symbol in symbols if symbol} - {""}
        for chunk in _chunks(keys):
            for document in self.queryset.filter(symbol_key__in=chunk).select_related("issuer"):
                self.by_key[document.symbol_key].setdefault(document.pk, document)

    def candidates(self, symbol, document_type="", issuer=None):
        """Documents of the symbol; a bare number ("68") only of the same type and issuer (ids)."""
        found = list(self.by_key.get(document_key(symbol), {}).values()) if symbol else []
        if symbol and symbol.strip().isdigit():
            found = [
                document
                for document in found
                if (not document_type or document.document_type == document_type)
                and document.issuer_id == issuer
            ]
        return sorted(found, key=lambda document: document.pk)


def person_duplicates(name, birth_year=None, organisations=(), *, exclude=(), queryset=None):
    """The candidates of one proposed person (a form): PersonDuplicates for a single proposal."""
    proposal = ProposedPerson(name, birth_year, frozenset(organisations))
    duplicates = PersonDuplicates(queryset)
    duplicates.load([proposal])
    return duplicates.candidates(proposal, exclude=exclude)


def organisation_duplicates(name, parent=None, unit=None, *, exclude=(), queryset=None):
    """The candidates of one proposed organisation (a form)."""
    proposal = ProposedOrganisation(name, parent, unit)
    duplicates = OrganisationDuplicates(queryset)
    duplicates.load([proposal])
    return duplicates.candidates(proposal, exclude=exclude)
