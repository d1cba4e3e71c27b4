"""Tests for records.paging (counts that do not read a large table, pages read by their ids first) and
records.derived (what the triggers keep)."""

import dataclasses

import pytest
from django.db import connection, transaction
from django.db.models import F

from records import derived
from records.models import Membership, Organisation, Person
from records.models.people import PersonGender
from records.paging import RecordPaginator, RowCount, count_rows, page_rows
from tests.pages import bulk
from tests.records.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def people():
    """23 people, some women, with posts in three organisations."""
    organisations = [OrganisationFactory() for _ in range(3)]
    people = bulk(PersonFactory, 23)
    for number, person in enumerate(people):
        if number % 3 == 0:
            person.gender = PersonGender.FEMALE
            person.save()
        Membership.objects.create(
            person=person, organisation=organisations[number % 3], role="uy_vien", title=f"Ủy viên {number}"
        )
    return people


# Counting ##################################################################


def test_a_count_under_the_limit_is_exact(people):
    for queryset in (Person.objects.all(), Person.objects.filter(gender=PersonGender.FEMALE)):
        count = count_rows(queryset, limit=100)

        assert (count, count.kind) == (queryset.count(), RowCount.EXACT)


def test_a_small_table_is_counted_exactly_after_a_rolled_back_import(people):
    # A rolled-back write of many rows leaves their pages behind until they are vacuumed, and
    # the statistics that autovacuum took while they were there are not rolled back: PostgreSQL's
    # planner then takes the table for a large one. Rows are counted first.
    with pytest.raises(RuntimeError), transaction.atomic():
        bulk(PersonFactory, 3000)
        if POSTGRESQL:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Person._meta.db_table}")
        raise RuntimeError("rolled back")

    count = count_rows(Person.objects.all(), limit=100)

    assert (count, count.kind) == (23, RowCount.EXACT)


def test_a_whole_table_is_counted_in_one_query(people, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        count = count_rows(Person.objects.all(), limit=5)

    if POSTGRESQL:
        # Past the limit, the planner's estimate, shown as one.
        assert count.kind == RowCount.ESTIMATE and count >= 6
        assert "records_row_estimate" in captured.captured_queries[0]["sql"]
    else:
        # SQLite's kept count: exact, whatever the limit.
        assert (count, count.kind) == (23, RowCount.EXACT)
        assert "records_rowcount" in captured.captured_queries[0]["sql"]


def test_a_filtered_count_past_the_limit_is_an_estimate_or_a_least(people):
    count = count_rows(Membership.objects.filter(role="uy_vien"), limit=5)

    if POSTGRESQL:
        assert count.kind == RowCount.ESTIMATE and count >= 6
    else:
        assert (count, count.kind) == (5, RowCount.AT_LEAST)


@pytest.fixture
def nguyen_van():
    """8 people named Nguyễn Văn …, 3 with both words apart, 1 with them in the other order."""
    for given in ("An", "Bình", "Cường", "Dũng", "Hải", "Khoa", "Long", "Minh"):
        PersonFactory(full_name=f"Nguyễn Văn {given}")
    for given in ("Anh", "Hà", "Lan"):
        PersonFactory(full_name=f"Nguyễn Thị Vân {given}")
    PersonFactory(full_name="Văn Nguyễn Bình")
    PersonFactory(full_name="Nguyễn Thị Hoa")


@pytest.mark.parametrize("text", ["nguyen van", "van nguyen"])
def test_a_search_of_words_side_by_side_counts_them_apart_too(nguyen_van, text, django_assert_num_queries):
    # The names holding "nguyen van" side by side are counted first from the index (a range of
    # it): 8, not past the limit, so the search is counted whole: 12, exact.
    with django_assert_num_queries(1):
        count = count_rows(Person.objects.search(text), limit=100)

    assert (count, count.kind) == (12, RowCount.EXACT)


def test_a_search_whose_words_side_by_side_are_past_the_limit_is_past_it(nguyen_van, django_assert_num_queries):
    search = Person.objects.search("nguyen van")
    with django_assert_num_queries(1) as captured:
        count = count_rows(search, limit=5)

    # The 8 side by side are past the limit of 5: so is the search, read no further.
    assert "nguyen van" in captured.captured_queries[0]["sql"]
    if POSTGRESQL:
        assert count.kind == RowCount.ESTIMATE and count >= 6
    else:
        assert (count, count.kind) == (5, RowCount.AT_LEAST)
    # The same search counted as before (its whole range): the same answer.
    search.word_search = dataclasses.replace(search.word_search, phrase="")
    assert (count_rows(search, limit=5).kind, count_rows(search, limit=100)) == (count.kind, 12)


def test_an_empty_queryset_counts_nothing(people):
    assert count_rows(Person.objects.none()) == 0


def test_the_kept_counts_follow_every_write_where_the_database_keeps_them():
    if POSTGRESQL:
        # No count is kept there: inserts into one table would wait on each other (records.derived).
        assert derived.ROW_COUNT_TABLE not in connection.introspection.table_names()
        return

    def kept():
        with connection.cursor() as cursor:
            cursor.execute("SELECT row_count FROM records_rowcount WHERE table_name = 'records_person'")
            return cursor.fetchone()[0]

    bulk(PersonFactory, 7)
    person = PersonFactory()
    assert kept() == Person.objects.count() == 8
    person.delete()
    Person.objects.filter(pk__in=Person.objects.values("pk")[:2]).delete()
    assert kept() == Person.objects.count() == 5


def test_after_migrate_missing_triggers_are_made_again_and_what_they_keep_rebuilt():
    # What SQLite does to a table's triggers when a migration remakes the table.
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute('DROP TRIGGER "records_person_word_insert" ON "records_person"')
        else:
            cursor.execute('DROP TRIGGER "records_person_word_insert"')
            cursor.execute('DROP TRIGGER "records_person_rowcount_insert"')
    PersonFactory(full_name="Lý Thị Mai")
    assert count_rows(Person.objects.search("thi mai")) == 0

    derived.ensure(sender=type("Config", (), {"label": "records"}), using=connection.alias)

    assert count_rows(Person.objects.search("thi mai")) == 1
    assert count_rows(Person.objects.all()) == 1
    PersonFactory(full_name="Lý Thị Mai")
    assert count_rows(Person.objects.search("thi mai")) == 2


# Pages: a deep page holds what slicing gives ##############################


ORDERINGS = [
    ("sort_key", "id"),
    (F("sort_key").desc(nulls_last=True), "-pk"),
    ("-birth_year", "gender", "pk"),
]


@pytest.mark.parametrize("ordering", ORDERINGS, ids=["name", "name descending", "year"])
@pytest.mark.parametrize("filtered", [False, True])
def test_a_page_read_by_its_ids_holds_the_rows_of_the_slice(people, ordering, filtered):
    queryset = Person.objects.prefetch_related("memberships").order_by(*ordering)
    if filtered:
        queryset = queryset.filter(gender=PersonGender.FEMALE)
    for offset in (0, 5, 20):
        assert list(page_rows(queryset, offset, 5)) == list(queryset[offset : offset + 5])


def test_a_page_keeps_what_the_queryset_joins_and_annotates(people):
    queryset = (
        Organisation.objects.with_recorded_members().select_related("parent").order_by("-recorded", "pk")
    )

    page = list(page_rows(queryset, 1, 2))

    assert page == list(queryset[1:3])
    assert [organisation.recorded for organisation in page] == [8, 7]


def test_a_page_of_the_admins_membership_order_holds_the_rows_of_the_slice(people):
    for number in range(30):
        MembershipFactory(organisation=Organisation.objects.first(), title=f"Phó {number}")
    queryset = Membership.objects.select_related("person", "organisation")

    assert list(page_rows(queryset, 40, 10)) == list(queryset[40:50])


@pytest.mark.parametrize("ordering", [("sort_key", "id"), ("-sort_key", "-id"), ("-birth_year", "id")])
def test_a_page_of_a_search_holds_the_rows_of_the_slice(people, ordering):
    for number, given in enumerate(
        ["An", "Bình", "Chi", "Dung", "Hà", "Lan", "Mai", "Nga", "Oanh", "Vân"] * 2
    ):
        PersonFactory(full_name=f"Nguyễn Thị {given}", birth_year=1960 + number % 4)
    PersonFactory(full_name="Nguyễn Thị Nguyệt")  # matched at two words, listed once
    queryset = Person.objects.search("nguy").order_by(*ordering)
    expected = list(queryset)
    assert len(expected) == 21 + sum(person.search_key.startswith("nguy") for person in people)

    pages = [list(page_rows(queryset, offset, 4)) for offset in range(0, len(expected), 4)]

    assert [person for page in pages for person in page] == expected


# The paginator #############################################################


def test_the_paginator_reads_any_page_past_an_estimate(people):
    paginator = RecordPaginator(Person.objects.order_by("sort_key", "id"), 5)
    paginator.count_limit = 3
    if not POSTGRESQL:
        # The kept count of a whole table is exact: filter it to be counted up to the limit.
        paginator = RecordPaginator(
            Person.objects.filter(birth_year__isnull=True).order_by("sort_key", "id"), 5
        )
        paginator.count_limit = 3

    assert not paginator.row_count.exact
    last = paginator.page(5)
    assert len(last) == 3 and not last.has_next()
    assert paginator.page(4).has_next()
    assert list(paginator.page(9)) == []


def test_the_paginator_of_an_exact_count_keeps_djangos_pages(people):
    paginator = RecordPaginator(
        Person.objects.filter(gender=PersonGender.FEMALE).order_by("sort_key", "id"), 5
    )

    assert (paginator.count, paginator.num_pages) == (8, 2)
    assert len(paginator.page(2)) == 3
    assert paginator.page(2).end_index() == 8
