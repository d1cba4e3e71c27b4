"""What generate_data does to an empty database, or to one holding the seed article's records.

Apart from test_generate_data.py, whose tests share one generated province for the module."""

import unicodedata
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from congress.tooling.synthetic.names import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, other_tone_placement
from records.models import AdministrativeUnit, Organisation, Person
from records.models.organisations import OrganisationKind
from tests.tooling.test_generate_data import HAI_PHONG, SMALL, THIEN_HUONG, digest, generate


def test_too_few_people_for_the_communes_is_refused(db):
    with pytest.raises(CommandError, match="Cần ít nhất 68 người cho 3 xã, phường"):
        generate("--people", "60", "--communes", "3", "--province", HAI_PHONG)

    assert not Person.objects.exists()


def test_the_seed_articles_ward_is_left_alone(article):
    with pytest.raises(CommandError, match="chỉ còn 113"):
        generate("--people", "5000", "--communes", "114", "--province", HAI_PHONG)

    generate(*SMALL)

    thien_huong = AdministrativeUnit.objects.get(register="2025", code=THIEN_HUONG)
    assert not thien_huong.organisations.filter(sources__title__startswith="Dữ liệu giả lập").exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_on_an_empty_database_gives_identical_rows():
    # flush resets the id sequences, so ids compare too.
    call_command("flush", interactive=False, verbosity=0)
    generate(*SMALL)
    first = digest()
    call_command("flush", interactive=False, verbosity=0)
    generate(*SMALL)
    second = digest()
    call_command("flush", interactive=False, verbosity=0)
    generate(*SMALL[:-1], "8")

    assert first == second
    assert digest() != first


def test_whole_country_names_spread_and_spellings(db):
    # Without --province the whole 2025 list is loaded and every province gets its committee.
    generate("--people", "2000", "--seed", "3")
    people = list(Person.objects.values_list("full_name", "middle_name", "gender", "birth_year"))
    usual = set(FAMILY_NAMES).union(*MIDDLE_NAMES.values(), *GIVEN_NAMES.values())
    usual = {word for name in usual for word in name.split()}

    def other_spelling(name):
        return any(w not in usual and other_tone_placement(w) in usual for w in name.split())

    provinces = Organisation.objects.filter(kind=OrganisationKind.PARTY_COMMITTEE, parent__parent=None)
    assert provinces.count() == 34
    assert provinces.filter(name__in=["Thành ủy Hà Nội", "Tỉnh ủy Nghệ An"]).count() == 2
    families = Counter(name.split()[0] for name, *_ in people)
    assert 0.32 <= families["Nguyễn"] / len(people) <= 0.44
    assert {"Trần", "Lê", "Phạm"} <= {name for name, _ in families.most_common(6)}
    assert all(unicodedata.is_normalized("NFC", name) for name, *_ in people)
    assert 0.02 <= sum(other_spelling(name) for name, *_ in people) / len(people) <= 0.08
    assert all(gender in ("nu", "") for _, middle, gender, _ in people if middle.startswith("Thị"))
    assert all(gender in ("nam", "") for _, middle, gender, _ in people if middle.startswith("Văn"))
    assert all(year is None or 1940 <= year <= 2005 for *_, year in people)

    # Search without diacritics finds every spelling of the name.
    for typed, spellings in (("thuy", {"Thủy", "Thuỷ"}), ("hoa", {"Hòa", "Hoà"})):
        found = set(Person.objects.search(typed).values_list("full_name", flat=True))
        written = {name for name, *_ in people if spellings.intersection(name.split())}
        assert written <= found
        assert all(any(spelling in name.split() for name in written) for spelling in spellings)
