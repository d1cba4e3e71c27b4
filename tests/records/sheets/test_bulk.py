"""Tests for records.sheets.bulk: what it writes must be what Django and django-simple-history write."""

import datetime

import pytest
from simple_history.utils import bulk_create_with_history

from records.models import Membership, Person, Source
from records.models.people import MembershipRole
from records.models.sources import SourceKind
from records.sheets import bulk
from tests.records.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

# What a history row holds besides its record's fields, and what differs between two writes.
UNCOMPARED = {"history_id", "history_date", "id", "uid"}


def people(*names):
    made = [Person(full_name=name, birth_year=1970 + number) for number, name in enumerate(names)]
    for person in made:
        person.normalise()
    return made


def history_values(record):
    row = record.history.get()
    return {
        key: value for key, value in vars(row).items() if not key.startswith("_") and key not in UNCOMPARED
    }


def test_inserted_records_get_their_ids_and_are_stored_as_bulk_create_stores_them():
    ours, django = people("Nguyễn Văn An", "Trần Thị Bình"), people("Nguyễn Văn An", "Trần Thị Bình")

    bulk.insert(Person, ours)
    Person.objects.bulk_create(django)

    assert [person.pk for person in ours] == list(
        Person.objects.filter(uid__in=[p.uid for p in ours]).order_by("pk").values_list("pk", flat=True)
    )
    stored = Person.objects.values()
    fields = [f.attname for f in Person._meta.concrete_fields if f.attname not in ("id", "uid")]
    assert [
        [row[f] for f in fields] for row in stored.filter(pk__in=[p.pk for p in ours]).order_by("pk")
    ] == [[row[f] for f in fields] for row in stored.filter(pk__in=[p.pk for p in django]).order_by("pk")]


def test_records_saved_after_an_insert_get_ids_past_the_inserted_ones():
    inserted = people("Nguyễn Văn An", "Trần Thị Bình")

    bulk.insert(Person, inserted)
    saved = PersonFactory(full_name="Lê Văn Cường")

    assert saved.pk > max(person.pk for person in inserted)
    assert Person.objects.count() == 3


def test_inserted_people_are_found_by_the_word_search():
    bulk.insert(Person, people("Nguyễn Thị Thuỷ"))

    assert [person.full_name for person in Person.objects.search("nguyen thi thuy")] == ["Nguyễn Thị Thuỷ"]


def test_a_record_naming_another_inserted_before_it_takes_its_id():
    person = people("Nguyễn Văn An")[0]
    post = Membership(
        person=person,
        organisation=OrganisationFactory(),
        role=MembershipRole.SECRETARY,
        start_on=datetime.date(2025, 6, 16),
    )
    post.normalise()

    bulk.insert(Person, [person])
    bulk.insert(Membership, [post])

    assert Membership.objects.get(pk=post.pk).person == person
    assert Membership.objects.get(pk=post.pk).start_on == datetime.date(2025, 6, 16)


def test_a_field_set_on_saving_is_set_as_bulk_create_sets_it():
    source = Source(kind=SourceKind.DOCUMENT, title="Báo cáo chính trị")

    bulk.insert(Source, [source])

    assert source.recorded_at is not None
    assert Source.objects.get(pk=source.pk).recorded_at == source.recorded_at


def test_history_rows_are_those_simple_history_writes(django_user_model):
    user = django_user_model.objects.create_user("can-bo")
    ours, theirs = people("Nguyễn Văn An"), people("Nguyễn Văn An")

    bulk.create_with_history(Person, ours, user=user, reason="Nhập từ tệp")
    bulk_create_with_history(theirs, Person, default_user=user, default_change_reason="Nhập từ tệp")

    assert history_values(ours[0]) == history_values(theirs[0])
    assert (ours[0].history.get().history_type, ours[0].history.get().history_user) == ("+", user)


def test_an_update_writes_the_fields_and_a_history_row_of_the_change():
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=None)
    person.birth_year = 1970

    history = bulk.update_with_history(Person, [person], ["birth_year"], reason="Bổ sung năm sinh")

    assert Person.objects.get(pk=person.pk).birth_year == 1970
    row = person.history.get(history_id=history[0])
    assert (row.history_type, row.birth_year, row.history_change_reason) == ("~", 1970, "Bổ sung năm sinh")


def test_history_rows_get_the_links_their_records_have_when_copied():
    first, second = (Source.objects.create(kind=SourceKind.DOCUMENT, title=title) for title in ("Một", "Hai"))
    cited, bare = people("Nguyễn Văn An", "Trần Thị Bình")
    history = bulk.create_with_history(Person, [cited, bare])
    bulk.link(Person.sources.through, [(cited.pk, first.pk), (cited.pk, second.pk)], "person", "source")

    bulk.history_links(Person, [cited, bare], history)

    assert {link.source for link in cited.history.get().sources.all()} == {first, second}
    assert not bare.history.get().sources.exists()
