"""Look-ups: the records a file names, fetched once per chunk and matched by identity key.

Records a file names (people, organisations, units, documents) are fetched only for the keys
the file uses, and held in memory by identity key, so that no row costs a query. A name the
database lacks gets the closest existing names as suggestions.
"""

import difflib
import itertools
import uuid
from collections import defaultdict

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import access, vietnamese
from records.duplicates import OrganisationDuplicates, PersonDuplicates, ProposedOrganisation, ProposedPerson
from records.models import AdministrativeUnit, LegalDocument, Organisation, Person, Source
from records.models.people import PersonGender
from records.models.sources import SourceKind
from records.models.units import UnitRegister

from . import bulk
from .columns import BIRTH_YEAR, identity_key, symbol_key

__all__ = [
    "DocumentLookup",
    "NEW",
    "GenderConflict",
    "Lookup",
    "OrganisationLookup",
    "PersonLookup",
    "PossibleDuplicate",
    "SourceLookup",
    "UnitLookup",
    "birth_year_of",
    "fetch_in",
]

# Keys per query when fetching the records a file names (well under SQLite's variable limit).
FETCH_CHUNK = 1000

# What a row says when the record it names is none of its possible duplicates: a new one.
NEW = "new"


class PossibleDuplicate(Exception):
    """A row names no record exactly, but records it may mean (records.duplicates): someone must say."""

    def __init__(self, candidates):
        super().__init__(candidates)
        self.candidates = candidates


def birth_year_of(cell):
    """A birth-year cell as a year, or None when it is not one (the row's check says why)."""
    try:
        return BIRTH_YEAR.clean(cell)
    except ValueError:
        return None


def _chunks(items, size=FETCH_CHUNK):
    return itertools.batched(items, size)


def fetch_in(queryset, lookup, values):
    """The records of a queryset whose `lookup` ("person__in") is one of many values, a chunk per query."""
    for chunk in _chunks(sorted(set(values))):
        yield from queryset.filter(**{lookup: chunk})


class Lookup:
    """Records of one model named in a file, keyed by identity key, fetched once per chunk.

    Only the keys the file uses are fetched, so a look-up stays small however large the table.
    A name the database lacks gets the closest existing names as suggestions, from every name
    of the table, read once and only when needed.
    """

    model = None
    noun = ""
    key_field = "name_key"
    name_field = "name"
    # The one field label() shows, when it shows one: an export reads it without the records.
    label_field = None
    # What a cell naming one says, for the template's "Hướng dẫn" sheet (records.sheets.guide).
    written_as = gettext_lazy("Tên %(noun)s đã có trong hồ sơ")

    def __init__(self, scope=access.EVERYTHING):
        self.scope = scope
        self.by_key = defaultdict(list)
        self.created = []
        self.changed = {}
        self._names = None
        # Records rows name by uid (a "Mã" column, a clerk's choice in the preview), by uid text.
        self.by_uid = {}

    def records(self):
        """The records a file may name: for a user, those in their scope and those it names already."""
        return self.scope.referable(self.model.objects.all())

    @staticmethod
    def label(record):
        return str(record)

    def describe(self, record):
        """The record as an error message names it, with what tells it apart from its namesakes."""
        return self.label(record)

    def key(self, text):
        return identity_key(text)

    def record_key(self, record):
        return getattr(record, self.key_field)

    def load(self, texts):
        keys = {self.key(text) for text in texts if text} - set(self.by_key)
        for chunk in _chunks(sorted(keys)):
            for record in self.fetch(chunk):
                self.add(record)

    def fetch(self, keys):
        return self.records().filter(**{f"{self.key_field}__in": keys})

    def forget(self):
        """Drop the records fetched so far (they are fetched again when named again).

        Records made but not yet written (after an error, nothing more is written) stay.
        """
        self.by_key.clear()
        self.by_uid.clear()
        for record in (*self.created, *self.changed.values()):
            self.add(record)

    def add(self, record):
        self.by_key[self.record_key(record)].append(record)

    def load_uids(self, uids):
        """Fetch the records named by uid (text) that are not fetched yet; a text that is no uid is skipped."""
        wanted = set()
        for text in uids:
            try:
                wanted.add(str(uuid.UUID(str(text).strip())))
            except ValueError:
                continue
        for chunk in _chunks(sorted(wanted - set(self.by_uid))):
            for record in self.fetch_uids(chunk):
                self.by_uid[str(record.uid)] = record

    def fetch_uids(self, uids):
        return self.records().filter(uid__in=uids)

    def by_uid_text(self, text):
        """The record a uid (text) names, fetched by load_uids(); None when there is none."""
        try:
            return self.by_uid.get(str(uuid.UUID(str(text).strip())))
        except ValueError:
            return None

    def candidates(self, text):
        return self.by_key.get(self.key(text), [])

    def get(self, text):
        found = self.candidates(text)
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(self.ambiguous(text, found))
        raise ValueError(self.unknown(text))

    def ambiguous(self, text, found):
        return _("Có %(count)s %(noun)s cùng là “%(text)s”: %(records)s.") % {
            "count": len(found),
            "noun": self.noun,
            "text": text,
            "records": "; ".join(self.describe(record) for record in found),
        }

    def unknown(self, text):
        suggestions = difflib.get_close_matches(self.key(text), list(self.names()), n=3, cutoff=0.6)
        if suggestions:
            return _("Không có %(noun)s “%(text)s” trong hồ sơ. Có phải là: %(names)s?") % {
                "noun": self.noun,
                "text": text,
                "names": ", ".join(f"“{self.names()[key]}”" for key in suggestions),
            }
        return _("Không có %(noun)s “%(text)s” trong hồ sơ.") % {"noun": self.noun, "text": text}

    def names(self):
        """Every name of the table by identity key, read once, for suggestions."""
        if self._names is None:
            self._names = {
                self.key(name): name
                for name in self.records().values_list(self.name_field, flat=True).iterator()
                if name
            }
        return self._names

    def mark_changed(self, record):
        if record.pk is not None:
            self.changed[id(record)] = record


class OrganisationLookup(Lookup):
    model = Organisation
    noun = gettext_lazy("tổ chức")
    label_field = "name"

    @staticmethod
    def label(organisation):
        return organisation.name

    def describe(self, organisation):
        if organisation.parent_id:
            return _("%(name)s (trực thuộc %(parent)s)") % {
                "name": organisation.name,
                "parent": organisation.parent.name,
            }
        if organisation.administrative_unit_id:
            return f"{organisation.name} ({organisation.administrative_unit.name})"
        return organisation.name

    def __init__(self, scope=access.EVERYTHING):
        super().__init__(scope)
        self.duplicates = OrganisationDuplicates(self.records())

    def fetch(self, keys):
        return super().fetch(keys).select_related("parent", "administrative_unit")

    def fetch_uids(self, uids):
        return super().fetch_uids(uids).select_related("parent", "administrative_unit")

    def load_duplicates(self, names):
        """Fetch the organisations the names may mean though spelt otherwise (records.duplicates)."""
        self.duplicates.load(ProposedOrganisation(name) for name in names if name)

    def possible_duplicates(self, name, parent=None, unit=None):
        """The organisations on record a name under this parent (in this unit) may mean; [] for none."""
        if parent is not None and parent.pk is None:
            # A parent the file itself makes has no children on record yet.
            return []
        proposal = ProposedOrganisation(
            name, parent.pk if parent is not None else None, unit.pk if unit is not None else None
        )
        return self.duplicates.candidates(proposal)

    def forget(self):
        super().forget()
        self.duplicates = OrganisationDuplicates(self.records())


class DocumentLookup(Lookup):
    """Documents by symbol ("68-NQ/TW", read as LegalDocument reads it) or, without one, by summary."""

    model = LegalDocument
    noun = gettext_lazy("văn bản")
    name_field = "symbol"
    written_as = gettext_lazy("Số, ký hiệu của %(noun)s đã có trong hồ sơ, ví dụ 68-NQ/TW")

    @staticmethod
    def label(document):
        return document.symbol or document.summary

    def describe(self, document):
        if document.issuer_id:
            return f"{document} ({document.issuer.name})"
        return str(document)

    def key(self, text):
        return symbol_key(text)

    def record_key(self, document):
        return document.symbol_key or identity_key(document.summary)

    def load(self, texts):
        texts = [text for text in texts if text]
        keys = {self.key(text) for text in texts}
        search_keys = {vietnamese.search_key(text) for text in texts}
        for chunk in _chunks(sorted(keys)):
            for document in self.records().filter(symbol_key__in=chunk).select_related("issuer"):
                self.add(document)
        for chunk in _chunks(sorted(search_keys)):
            for document in (
                self.records().filter(symbol_key="", search_key__in=chunk).select_related("issuer")
            ):
                self.add(document)

    def names(self):
        if self._names is None:
            self._names = {}
            for symbol, summary in self.records().values_list("symbol", "summary").iterator():
                self._names[self.key(symbol) if symbol else identity_key(summary)] = symbol or summary
        return self._names


class UnitLookup(Lookup):
    """Administrative units by official code or by name; a name means a unit of the current list first."""

    model = AdministrativeUnit
    noun = gettext_lazy("đơn vị hành chính")
    label_field = "name"

    @staticmethod
    def label(unit):
        return unit.name

    def describe(self, unit):
        return _("%(name)s (mã %(code)s, %(register)s)") % {
            "name": unit.name,
            "code": unit.code or "—",
            "register": unit.get_register_display(),
        }

    def key(self, text):
        return f"#{text}" if text.isdigit() else identity_key(text)

    def add(self, unit):
        self.by_key[identity_key(unit.name)].append(unit)
        if unit.code:
            self.by_key[f"#{unit.code}"].append(unit)

    def load(self, texts):
        texts = [text for text in texts if text]
        codes = {text for text in texts if text.isdigit()}
        names = {vietnamese.search_key(text) for text in texts if not text.isdigit()}
        units = {}
        for chunk in _chunks(sorted(codes)):
            units.update((unit.pk, unit) for unit in self.records().filter(code__in=chunk))
        for chunk in _chunks(sorted(names)):
            units.update((unit.pk, unit) for unit in self.records().filter(search_key__in=chunk))
        for unit in units.values():
            self.add(unit)

    def candidates(self, text):
        found = super().candidates(text)
        current = [
            unit for unit in found if unit.register == UnitRegister.CURRENT and unit.valid_until is None
        ]
        return current or found


class SourceLookup(Lookup):
    """Sources by title; a title the database lacks becomes a new source (a document) on import."""

    model = Source
    noun = gettext_lazy("nguồn")
    name_field = "title"
    label_field = "title"
    written_as = gettext_lazy("Tiêu đề %(noun)s; một nguồn chưa có trong hồ sơ được thêm khi nhập")

    @staticmethod
    def label(source):
        return source.title

    def record_key(self, source):
        return identity_key(source.title)

    def load(self, texts):
        for chunk in _chunks(sorted({text for text in texts if text})):
            for source in self.records().filter(title__in=chunk):
                self.add(source)

    def get(self, text):
        if not self.candidates(text):
            source = Source(kind=SourceKind.DOCUMENT, title=text)
            self.created.append(source)
            self.add(source)
        return super().get(text)


class GenderConflict(ValueError):
    """A row gives a person a gender other than the one on record."""


class PersonLookup(Lookup):
    """People by name and, when a row gives one, birth year.

    A name and year that fit nobody make a new person, whom later rows of the file find.
    Where a row names a known person it may fill in a birth year or gender the record lacks,
    never overwrite one.
    """

    model = Person
    noun = gettext_lazy("người")
    name_field = "full_name"

    def __init__(self, scope=access.EVERYTHING):
        super().__init__(scope)
        self.duplicates = PersonDuplicates(self.records())
        # People made for rows flagged as possible duplicates, which no later row may find.
        self.unfindable = set()

    def add(self, person):
        if id(person) not in self.unfindable:
            super().add(person)

    def load(self, texts):
        self.load_named((text, None) for text in texts)

    def forget(self):
        super().forget()
        self.duplicates = PersonDuplicates(self.records())

    def load_named(self, names, organisations=None):
        """Fetch the people (name, birth year) pairs can mean, as match() reads them, and the
        possible duplicates (records.duplicates) of the pairs that fit nobody exactly.

        With a year, only the namesakes born that year or in an unknown year: a common name
        has thousands of namesakes in a national database, which a row with a year cannot mean.
        `organisations`, beside the names, holds the ids of the organisations each row puts
        its person in (a post's organisation), which make namesakes of any year candidates.
        """
        names = [(name, year) for name, year in names]
        organisations = organisations or [frozenset()] * len(names)
        self._load_exact(names)
        self.duplicates.load(
            ProposedPerson(name, year, frozenset(ids))
            for (name, year), ids in zip(names, organisations, strict=True)
            if name and not self._fits(name, year)
        )

    def _fits(self, name, year):
        """Whether match() finds someone for the name and year (or several: ambiguous, not a duplicate)."""
        return any(year is None or p.birth_year in (None, year) for p in self.candidates(name))

    def _load_exact(self, names):
        any_year, years = set(), defaultdict(set)
        for name, year in names:
            if not name:
                continue
            if year is None:
                any_year.add(self.key(name))
            else:
                years[self.key(name)].add(year)
        fetched = {person.pk for found in self.by_key.values() for person in found}

        def add(people):
            for person in people:
                if person.pk not in fetched:
                    fetched.add(person.pk)
                    self.add(person)

        for chunk in _chunks(sorted(any_year)):
            add(self.records().filter(name_key__in=chunk))
        # The people who fit a (name, year) pair, chosen by the database: joined to the pairs.
        pairs = sorted((key, year) for key in years.keys() - any_year for year in years[key])
        fields = [Person._meta.get_field(name) for name in ("name_key", "birth_year")]
        quote = connection.ops.quote_name
        name_key, birth_year = (f"person.{quote(field.column)}" for field in fields)
        for rows, params in bulk.joined_rows(fields, pairs, "asked"):
            fitting = RawSQL(
                f"SELECT person.id FROM {quote(Person._meta.db_table)} AS person JOIN {rows} "
                f"ON {name_key} = asked.column1 AND ({birth_year} = asked.column2 OR {birth_year} IS NULL)",
                params,
            )
            add(self.records().filter(pk__in=fitting))

    def describe(self, person):
        if person.birth_year is None:
            return _("%(name)s (không rõ năm sinh)") % {"name": person.full_name}
        return str(person)

    def match(self, name, birth_year=None):
        """The one person the name (and year) can mean, None for nobody; ValueError when several."""
        found = self.candidates(name)
        if birth_year is not None:
            found = [p for p in found if p.birth_year == birth_year] or [
                p for p in found if p.birth_year is None
            ]
        if len(found) > 1:
            raise ValueError(
                _("Có %(count)s người cùng tên “%(name)s”: %(people)s. Hãy ghi năm sinh để phân biệt.")
                % {
                    "count": len(found),
                    "name": name,
                    "people": "; ".join(self.describe(person) for person in found),
                }
            )
        return found[0] if found else None

    def resolve(self, name, birth_year=None, gender="", *, chosen=None, organisations=frozenset()):
        """The person a row names, created if nobody fits, and what the row adds to their record.

        `chosen` is what the row says about whom it means: a Person (by uid), NEW for someone
        not on record, or None when it says nothing. A row that fits nobody exactly but may
        mean people on record (records.duplicates) and says nothing raises PossibleDuplicate:
        nobody is created behind the clerk's back.
        """
        person = chosen if isinstance(chosen, Person) else self.match(name, birth_year)
        if person is None:
            if chosen != NEW:
                proposal = ProposedPerson(name, birth_year, frozenset(organisations))
                candidates = self.duplicates.candidates(proposal)
                if candidates:
                    raise PossibleDuplicate(candidates)
            return self.create(name, birth_year, gender), {}
        if gender and person.gender and gender != person.gender:
            raise GenderConflict(
                _("Hồ sơ ghi %(person)s là %(recorded)s, tệp ghi %(given)s.")
                % {
                    "person": self.describe(person),
                    "recorded": person.get_gender_display().lower(),
                    "given": PersonGender(gender).label.lower(),
                }
            )
        fills = {}
        if birth_year is not None and person.birth_year is None:
            fills["birth_year"] = birth_year
        if gender and not person.gender:
            fills["gender"] = gender
        return person, fills

    def create(self, name, birth_year=None, gender="", *, findable=True):
        """A new person, written with the row's batch, whom later rows of the file find (when findable)."""
        person = Person(full_name=name, birth_year=birth_year, gender=gender or "")
        person.normalise()
        self.created.append(person)
        if findable:
            self.add(person)
        else:
            self.unfindable.add(id(person))
        return person
