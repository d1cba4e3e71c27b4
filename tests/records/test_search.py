"""Tests for records.search: search by the starts of words, and the table of terms its triggers keep."""

import unicodedata

import pytest
from django.db import connection

from records.models import Organisation, Person
from records.paging import count_rows, first_rows, page_rows
from records.search import after_prefix
from tests.pages import bulk
from tests.records.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def found(text, queryset=None):
    queryset = Person.objects.all() if queryset is None else queryset
    return sorted(person.full_name for person in queryset.search(text))


def terms(person):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT term, sort_key FROM records_person_word WHERE record_id = %s ORDER BY term", [person.pk]
        )
        return cursor.fetchall()


@pytest.fixture
def names():
    for name in [
        "Nguyễn Văn Phú",
        "Nguyễn Thị Hương",
        "Lê Thị Hường",
        "Trần Thị Hương Giang",
        "Vương Toàn Thu Thủy",
        "Đỗ Thị Thuỷ",
        # Decomposed, as some keyboards and PDFs write it; the model stores it composed.
        unicodedata.normalize("NFD", "Phạm Thị Thủy"),
        "Nguyễn Thị Nguyên",
        "Hoàng Anh Phúc",
    ]:
        PersonFactory(full_name=name)


# What a search matches #####################################################


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nguyen van", ["Nguyễn Văn Phú"]),
        ("NGUYỄN VĂN", ["Nguyễn Văn Phú"]),
        ("van phu", ["Nguyễn Văn Phú"]),
        ("thi huong", ["Lê Thị Hường", "Nguyễn Thị Hương", "Trần Thị Hương Giang"]),
        ("huong gi", ["Trần Thị Hương Giang"]),
        ("do thi", ["Đỗ Thị Thuỷ"]),
        ("phu", ["Hoàng Anh Phúc", "Nguyễn Văn Phú"]),
    ],
)
def test_a_search_matches_the_start_of_the_name_or_of_any_word_in_it(names, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", ["an van", "guyen", "hi huong", "uong"])
def test_a_search_does_not_match_from_inside_a_word(names, text):
    assert found(text) == []


def test_each_word_typed_must_start_a_word_of_the_name(names):
    # "an" starts "Anh" but is inside "Văn": Nguyễn Văn Phú is not found.
    assert found("an phu") == ["Hoàng Anh Phúc"]


@pytest.mark.parametrize("text", ["thuy", "Thủy", "Thuỷ", unicodedata.normalize("NFD", "thủy")])
def test_a_search_finds_every_spelling_of_a_name(names, text):
    assert found(text) == ["Phạm Thị Thủy", "Vương Toàn Thu Thủy", "Đỗ Thị Thuỷ"]


def test_a_search_of_nothing_but_spaces_and_marks_is_no_search(names):
    assert Person.objects.search("  ").count() == Person.objects.count()
    assert Person.objects.search("").word_search is None


def test_a_person_matched_at_two_words_is_found_and_counted_once(names):
    matches = Person.objects.search("nguyen").order_by("sort_key", "id")

    rows = list(page_rows(matches, 0, 50))

    assert sorted(person.full_name for person in rows) == [
        "Nguyễn Thị Hương",
        "Nguyễn Thị Nguyên",
        "Nguyễn Văn Phú",
    ]
    assert count_rows(matches) == 3
    assert len(first_rows(matches, 10)) == 3


def test_organisations_are_searched_by_the_starts_of_words_too():
    OrganisationFactory(name="Đảng bộ phường Thiên Hương")
    OrganisationFactory(name="Chi bộ Khu dân cư số 3")

    assert [o.name for o in Organisation.objects.search("thien huong")] == ["Đảng bộ phường Thiên Hương"]
    assert [o.name for o in Organisation.objects.search("dan cu")] == ["Chi bộ Khu dân cư số 3"]
    assert list(Organisation.objects.search("ien huong")) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("phu nguyen", ["Nguyễn Văn Phú"]),
        ("huong thi", ["Lê Thị Hường", "Nguyễn Thị Hương", "Trần Thị Hương Giang"]),
        ("giang tran", ["Trần Thị Hương Giang"]),
    ],
)
def test_the_words_typed_match_in_any_order(names, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nguyen phu", ["Nguyễn Văn Phú"]),
        ("thi giang", ["Trần Thị Hương Giang"]),
        ("vuong thuy", ["Vương Toàn Thu Thủy"]),
    ],
)
def test_the_words_typed_need_not_be_side_by_side(names, text, expected):
    assert found(text) == expected


@pytest.fixture
def committees():
    for name in [
        "Ban Chấp hành Đảng bộ phường Thiên Hương",
        "BTV Đảng ủy phường Thiên Hương",
        "Ủy ban Kiểm tra Đảng ủy phường Thiên Hương",
        "HĐND phường Thiên Hương",
        "Ủy ban nhân dân phường Thiên Hương",
        "Ủy ban MTTQ Việt Nam phường Thiên Hương",
        "Đảng bộ phường Hoa Động",
    ]:
        OrganisationFactory(name=name)


def organisations(text):
    return sorted(organisation.name for organisation in Organisation.objects.search(text))


def test_words_of_a_name_far_apart_and_out_of_order_find_it(committees):
    assert organisations("ban chap hanh thien huong") == ["Ban Chấp hành Đảng bộ phường Thiên Hương"]
    assert organisations("thien huong dang bo ban chap hanh") == ["Ban Chấp hành Đảng bộ phường Thiên Hương"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # The abbreviation finds the name written in full...
        ("bch thien huong", "Ban Chấp hành Đảng bộ phường Thiên Hương"),
        ("ubkt thien huong", "Ủy ban Kiểm tra Đảng ủy phường Thiên Hương"),
        ("ubnd thien huong", "Ủy ban nhân dân phường Thiên Hương"),
        # ... and the name in full finds the abbreviation.
        ("ban thuong vu thien huong", "BTV Đảng ủy phường Thiên Hương"),
        ("hoi dong nhan dan thien huong", "HĐND phường Thiên Hương"),
        ("mat tran to quoc thien huong", "Ủy ban MTTQ Việt Nam phường Thiên Hương"),
        # Either spelling of "Đ".
        ("hđnd thien huong", "HĐND phường Thiên Hương"),
        ("hdnd thien huong", "HĐND phường Thiên Hương"),
        ("HĐND", "HĐND phường Thiên Hương"),
        ("btv", "BTV Đảng ủy phường Thiên Hương"),
        ("mttq", "Ủy ban MTTQ Việt Nam phường Thiên Hương"),
    ],
)
def test_the_common_abbreviations_find_the_names_both_ways(committees, text, expected):
    assert organisations(text) == [expected]


@pytest.mark.parametrize("text", ["bch", "ubnd thien", "huong ban chap hanh", "ubkt thien huong", "btv"])
def test_an_abbreviated_search_is_counted_and_paged_as_it_is_found(committees, text):
    matches = Organisation.objects.search(text).order_by("search_key", "id")
    by_condition = list(matches.values_list("pk", flat=True))

    assert [organisation.pk for organisation in page_rows(matches, 0, 50)] == by_condition
    assert count_rows(matches) == len(by_condition) == 1
    assert [organisation.pk for organisation in first_rows(matches, 10)] == by_condition


# The index and the row-by-row condition agree ##############################


def test_the_index_finds_what_the_condition_finds(names):
    bulk(PersonFactory, 40)
    for text in ["nguyen", "thi", "thi huong", "t", "h", "van phu", "zz", "huong thi", "nguyen phu", "thi t h"]:
        matches = Person.objects.search(text).order_by("sort_key", "id")
        by_condition = list(matches.values_list("pk", flat=True))

        by_index = [person.pk for person in page_rows(matches, 0, 1000)]

        assert by_index == by_condition, text
        assert count_rows(matches) == len(by_condition), text


def test_a_search_with_another_filter_uses_the_condition_with_the_index(names):
    matches = Person.objects.search("thi").filter(full_name__startswith="Nguyễn").order_by("sort_key", "id")

    assert [person.full_name for person in page_rows(matches, 0, 50)] == [
        "Nguyễn Thị Hương",
        "Nguyễn Thị Nguyên",
    ]
    assert count_rows(matches) == 2


def test_the_first_matches_come_in_the_order_of_the_words_found(names):
    rows = first_rows(Person.objects.search("thi"), 10)

    # "thi huong" (two, in name order), "thi huong giang", "thi nguyen", "thi thuy" (two).
    assert [person.full_name for person in rows] == [
        "Nguyễn Thị Hương",
        "Lê Thị Hường",
        "Trần Thị Hương Giang",
        "Nguyễn Thị Nguyên",
        "Đỗ Thị Thuỷ",
        "Phạm Thị Thủy",
    ]
    assert [person.full_name for person in first_rows(Person.objects.search("thi"), 2)] == [
        "Nguyễn Thị Hương",
        "Lê Thị Hường",
    ]


@pytest.mark.parametrize(
    "prefix, expected",
    [("thi huong", "thi huonh"), ("a", "b"), ("z", "{"), ("x\U0010ffff", "y"), ("\U0010ffff", None)],
)
def test_after_prefix_is_the_least_string_after_every_string_with_the_prefix(prefix, expected):
    assert after_prefix(prefix) == expected


def test_after_prefix_skips_the_surrogates():
    assert after_prefix("a\ud7ff") == "a\ue000"


# The triggers keep the terms in step ########################################


def test_saving_a_person_writes_a_term_for_each_word(names):
    person = Person.objects.get(full_name="Trần Thị Hương Giang")

    assert [term for term, _ in terms(person)] == [
        "giang",
        "huong giang",
        "thi huong giang",
        "tran thi huong giang",
    ]
    assert {sort_key for _, sort_key in terms(person)} == {person.sort_key}


def test_renaming_a_person_rewrites_the_terms_and_deleting_removes_them(names):
    person = Person.objects.get(full_name="Nguyễn Văn Phú")

    person.full_name = "Lê Văn Phúc"
    person.save()

    assert [term for term, _ in terms(person)] == ["le van phuc", "phuc", "van phuc"]
    assert found("nguyen van") == []
    assert found("le van") == ["Lê Văn Phúc"]
    pk = person.pk
    person.delete()
    person.pk = pk
    assert terms(person) == []


def test_bulk_writes_and_updates_keep_the_terms_too(names):
    people = bulk(PersonFactory, 3, full_name="Bùi Thị Lan")

    assert found("thi lan") == ["Bùi Thị Lan"] * 3
    Person.objects.filter(pk__in=[p.pk for p in people]).update(search_key="bui thi mai", sort_key="x")
    assert found("thi lan") == []
    assert [person.full_name for person in page_rows(Person.objects.search("thi mai"), 0, 10)] == [
        "Bùi Thị Lan"
    ] * 3
    Person.objects.filter(pk__in=[p.pk for p in people]).delete()
    assert count_rows(Person.objects.search("thi mai")) == 0
