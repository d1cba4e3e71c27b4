"""
The records a user may see as one Popolo JSON document (popoloproject.com).

`popolo_json(user)` yields the document as text, a piece at a time, for `manage.py
export_popolo` and the read API's /api/v1/popolo.json; `popolo_document(scope)` does the same
for a scope (the command's default is everything, as a superuser sees it):

    {"persons": [...], "organizations": [...], "memberships": [...], "events": [...],
     "speeches": [...]}

What goes where (docs/popolo.md says it for the people who read the file):

* every object's `id` is the record's uid, and its `sources` are the sources it cites, each a
  link {url, note}: the source's address and its title. A source with no address (a clerk's
  entry, an imported file) is named by its uid as a URN (`urn:uuid:...`), so that the link still
  says which source of this database it is;
* persons: name, family_name, additional_name (tên đệm), given_name, gender (male/female),
  birth_date (the year, as Popolo's reduced dates allow);
* organizations: name, other_names (the short name), classification (the kind's code, such as
  "dang_bo"), parent_id, founding_date, dissolution_date, and in `identifiers` the official code
  of its administrative unit, scheme "vn-dvhc-2025" or "vn-dvhc-pre2025" (the two registers
  reuse each other's codes, so the scheme names the register);
* memberships: person_id, organization_id, role (the role's name, "Bí thư"), label (the title
  as written, "Bí thư Đảng ủy"), start_date, end_date. The records have no posts apart from
  the people holding them, so there is no `posts` list and no post_id;
* events, the congresses: name (as the site writes it), classification "dai_hoi",
  organization_id (the party organisation holding it), start_date, end_date, location;
* speeches: event_id, creator_id (the speaker), role (the speaker's title as stated), title
  (the kind of speech), text (the full text, or the report's summary when that is all the
  records hold), position (the order of speaking). Popolo's `date` is a date-time, and the
  records hold no time, nor even the day, of a speech: it is left out; the event has the days.

A value the records do not hold is left out rather than written as null. A reference to a
record outside the document (the parent of an organisation the user is given) is left out
too, so that every `*_id` in the document names an object in it.

Why it is shaped so: a city's records are a million people. Each list is one query, read a
chunk at a time as tuples, never model instances: the records in scope joined with the sources
they cite, a row per record and source, sorted by the record's id so that a record's rows come
together; the sources themselves are read once, into a dictionary (there are few). So the
document costs the same six queries (and the scope's own) for 5 records or 5 million
(tests/congress/test_popolo.py counts them), asks the scope's question once per list, and its
memory does not grow with the records (docs/popolo.md gives the measurements).

It is read from one snapshot of the database (one_snapshot()), so that a clerk saving a post
half-way through cannot leave a membership naming a person the document does not hold, and
without a lock that would make that clerk wait.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from operator import itemgetter

from django.db import connection, transaction
from django.utils import translation

from records import access
from records.models import Membership, Organisation, Person, Source
from records.models.people import MembershipRole, PersonGender
from records.models.units import UnitRegister

from .models import Congress, Speech, SpeechKind

# Rows read from the database at a time; tests make it small to cross many chunks.
CHUNK_SIZE = 2000
# Characters gathered before a piece of the document is handed on.
PIECE_SIZE = 64 * 1024

GENDERS = {PersonGender.MALE: "male", PersonGender.FEMALE: "female"}
UNIT_SCHEMES = {UnitRegister.CURRENT: "vn-dvhc-2025", UnitRegister.LEGACY: "vn-dvhc-pre2025"}
EVENT_CLASSIFICATION = "dai_hoi"
SHORT_NAME_NOTE = "tên viết tắt"


def popolo_json(user, *, counts=None) -> Iterator[str]:
    """The Popolo document of the records `user` may see (records.access), as pieces of text.

    The pieces joined are the whole document; the read API streams them as they come. When
    `counts` (a dict) is given, it is filled with the number of objects of each list written.
    """
    return popolo_document(access.scope_of(user), counts=counts)


def popolo_document(scope, *, counts=None) -> Iterator[str]:
    """The Popolo document of the records in `scope` (a records.access.Scope), as pieces of text."""
    counts = {} if counts is None else counts
    with one_snapshot():
        pieces, size = [], 0
        for text in PopoloLists(scope).text(counts):
            pieces.append(text)
            size += len(text)
            if size >= PIECE_SIZE:
                yield "".join(pieces)
                pieces, size = [], 0
        yield "".join(pieces)


@contextmanager
def one_snapshot():
    """Read the database as it stood at one moment, taking no lock a clerk's save would wait for."""
    if connection.in_atomic_block:
        # The caller's transaction (a test's) is the snapshot already.
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    else:
        # SQLite. Django begins its transactions IMMEDIATE there (the settings say why), which
        # takes the write lock: every save would wait for the export. A deferred transaction that
        # only reads takes none and, in WAL mode, reads one snapshot from its first read to its
        # end. Django begins its own the same way, with the connection left in autocommit.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")


class PopoloLists:
    """The document's lists for one scope: each one query of tuples, a row per record and source."""

    def __init__(self, scope):
        self.scope = scope
        # Read in Vietnamese whatever the request's language: the document is the records'.
        with translation.override("vi"):
            self.role_names = {role.value: str(role.label) for role in MembershipRole}
            self.speech_titles = {kind.value: str(kind.label) for kind in SpeechKind}
        self.lists = [
            ("persons", self.person_rows, self.person),
            ("organizations", self.organisation_rows, self.organisation),
            ("memberships", self.membership_rows, self.membership),
            ("events", self.congress_rows, self.event),
            ("speeches", self.speech_rows, self.speech),
        ]

    def text(self, counts):
        links = self.source_links()
        yield "{"
        for number, (key, rows, build) in enumerate(self.lists):
            yield f'{"," if number else ""}"{key}":['
            counts[key] = 0
            # A record comes as one row per source it cites (the last value), or one with None.
            for _, record_rows in groupby(rows(), key=itemgetter(0)):
                record_rows = list(record_rows)
                popolo = build(record_rows[0][:-1])
                sources = [links[row[-1]] for row in record_rows if row[-1] is not None]
                if sources:
                    popolo["sources"] = sources
                yield ("," if counts[key] else "") + dumps(popolo)
                counts[key] += 1
            yield "]"
        yield "}"

    def source_links(self):
        """Popolo links of every source, by id.

        Only those the document's records cite are written, and a record in scope brings the
        sources it cites into the scope (records.rules.sources): reading them all shows nobody
        anything, and spares the database the scope's question a sixth time.
        """
        sources = Source.objects.order_by().values_list("id", "uid", "url", "title")
        return {
            source_id: {"url": url or f"urn:uuid:{uid}", "note": title} for source_id, uid, url, title in sources
        }

    def rows(self, model, *fields):
        """The model's records in scope as tuples (id, *fields, source id), by id then source."""
        records = self.scope.filter(model._default_manager.all())
        rows = records.order_by("id", "sources").values_list("id", *fields, "sources")
        return rows.iterator(chunk_size=CHUNK_SIZE)

    # The lists, their rows and their objects ##############################

    def person_rows(self):
        return self.rows(
            Person, "uid", "full_name", "family_name", "middle_name", "given_name", "gender", "birth_year"
        )

    def person(self, row):
        _, uid, name, family_name, middle_name, given_name, gender, birth_year = row
        return compact(
            id=str(uid),
            name=name,
            family_name=family_name,
            additional_name=middle_name,
            given_name=given_name,
            gender=GENDERS.get(gender),
            birth_date=f"{birth_year:04d}" if birth_year else None,
        )

    def organisation_rows(self):
        return self.rows(
            Organisation,
            "uid",
            "name",
            "short_name",
            "kind",
            "parent_id",
            "parent__uid",
            "administrative_unit__register",
            "administrative_unit__code",
            "founded_on",
            "dissolved_on",
        )

    def organisation(self, row):
        _, uid, name, short_name, kind, parent_id, parent_uid, register, code, founded, dissolved = row
        if not (parent_id is None or self.scope.everything or parent_id in self.scope.organisation_ids):
            parent_uid = None
        return compact(
            id=str(uid),
            name=name,
            other_names=[{"name": short_name, "note": SHORT_NAME_NOTE}] if short_name else None,
            classification=kind,
            parent_id=str(parent_uid) if parent_uid else None,
            identifiers=[{"scheme": UNIT_SCHEMES[register], "identifier": code}] if code else None,
            founding_date=iso(founded),
            dissolution_date=iso(dissolved),
        )

    def membership_rows(self):
        return self.rows(
            Membership, "uid", "person__uid", "organisation__uid", "role", "title", "start_on", "end_on"
        )

    def membership(self, row):
        _, uid, person_uid, organisation_uid, role, title, start_on, end_on = row
        return compact(
            id=str(uid),
            person_id=str(person_uid),
            organization_id=str(organisation_uid),
            role=self.role_names.get(role, role),
            label=title,
            start_date=iso(start_on),
            end_date=iso(end_on),
        )

    def congress_rows(self):
        return self.rows(
            Congress,
            "uid",
            "organisation__uid",
            "organisation__name",
            "ordinal",
            "term_start",
            "term_end",
            "opened_on",
            "closed_on",
            "venue",
        )

    def event(self, row):
        _, uid, organisation_uid, organisation_name, ordinal, term_start, term_end, opened, closed, venue = (
            row
        )
        # The name the site gives the congress, from an unsaved copy holding what it reads.
        congress = Congress(
            organisation=Organisation(name=organisation_name),
            ordinal=ordinal,
            term_start=term_start,
            term_end=term_end,
        )
        with translation.override("vi"):
            name = str(congress)
        return compact(
            id=str(uid),
            name=name,
            classification=EVENT_CLASSIFICATION,
            organization_id=str(organisation_uid),
            start_date=iso(opened),
            end_date=iso(closed),
            location=venue,
        )

    def speech_rows(self):
        return self.rows(
            Speech,
            "uid",
            "congress__uid",
            "speaker__uid",
            "speaker_title",
            "kind",
            "order",
            "summary",
            "full_text",
        )

    def speech(self, row):
        _, uid, congress_uid, speaker_uid, speaker_title, kind, order, summary, full_text = row
        return compact(
            id=str(uid),
            event_id=str(congress_uid),
            creator_id=str(speaker_uid) if speaker_uid else None,
            role=speaker_title,
            title=self.speech_titles.get(kind, kind),
            text=full_text or summary,
            position=order,
        )


def compact(**values):
    """The values the records hold: None, "" and [] left out."""
    return {key: value for key, value in values.items() if value not in (None, "", [])}


def iso(day):
    return day.isoformat() if day is not None else None


def dumps(popolo):
    return json.dumps(popolo, ensure_ascii=False, separators=(",", ":"))
