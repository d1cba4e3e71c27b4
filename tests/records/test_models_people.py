"""Tests for records.models: people's derived name keys and memberships' periods."""

import datetime
import unicodedata

import pytest
from django.utils import timezone

from records import vietnamese
from records.models import Membership, Person
from records.models.people import MembershipPeriod
from tests.records.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


# Person ####################################################################


def test_person_name_parts_and_keys_are_derived_on_save():
    person = PersonFactory(full_name="  Nguyễn   Văn  Phú ")
    person.refresh_from_db()

    assert person.full_name == "Nguyễn Văn Phú"
    assert (person.family_name, person.middle_name, person.given_name) == ("Nguyễn", "Văn", "Phú")
    assert person.name_key == vietnamese.identity_key("Nguyễn Văn Phú")
    assert person.search_key == "nguyen van phu"
    assert person.sort_key == vietnamese.person_sort_key("Nguyễn", "Văn", "Phú")


def test_person_name_typed_decomposed_is_stored_composed():
    person = PersonFactory(full_name=unicodedata.normalize("NFD", "Đặng Thị Thủy"))
    person.refresh_from_db()

    assert person.full_name == unicodedata.normalize("NFC", "Đặng Thị Thủy")
    assert person.given_name == unicodedata.normalize("NFC", "Thủy")


def test_renaming_a_person_re_derives_parts_and_keys():
    person = PersonFactory(full_name="Nguyễn Văn Phú")

    person.full_name = "Trần Thị Thu Hà"
    person.save()
    person.refresh_from_db()

    assert (person.family_name, person.middle_name, person.given_name) == ("Trần", "Thị Thu", "Hà")
    assert person.name_key == vietnamese.identity_key("Trần Thị Thu Hà")
    assert person.search_key == "tran thi thu ha"
    assert person.sort_key == vietnamese.person_sort_key("Trần", "Thị Thu", "Hà")


def test_a_clerks_consistent_split_is_kept():
    person = PersonFactory(
        full_name="Tôn Nữ Thị Hà", family_name="Tôn Nữ", middle_name="Thị", given_name="Hà"
    )

    person.save()  # a second save must not undo the split
    person.refresh_from_db()

    assert (person.family_name, person.middle_name, person.given_name) == ("Tôn Nữ", "Thị", "Hà")
    assert person.sort_key == vietnamese.person_sort_key("Tôn Nữ", "Thị", "Hà")


def test_a_split_that_spells_another_name_is_replaced_by_the_derived_one():
    person = PersonFactory(full_name="Lê Văn Tám", family_name="Tôn Nữ", middle_name="Thị", given_name="Hà")
    person.refresh_from_db()

    assert (person.family_name, person.middle_name, person.given_name) == ("Lê", "Văn", "Tám")
    assert person.sort_key == vietnamese.person_sort_key("Lê", "Văn", "Tám")


def test_old_and_new_tone_placement_give_the_same_name_key():
    old_style = PersonFactory(full_name="Nguyễn Thị Thủy")
    new_style = PersonFactory(full_name="Nguyễn Thị Thuỷ")
    other_tone = PersonFactory(full_name="Nguyễn Thị Thúy")

    assert old_style.name_key == new_style.name_key
    assert other_tone.name_key != old_style.name_key


def test_search_without_diacritics_finds_both_spellings():
    old_style = PersonFactory(full_name="Nguyễn Thị Thủy")
    new_style = PersonFactory(full_name="Nguyễn Thị Thuỷ")
    PersonFactory(full_name="Nguyễn Thị Thanh")

    assert set(Person.objects.search("nguyen thi thuy")) == {old_style, new_style}


def test_people_are_ordered_by_given_then_middle_then_family_name_in_vietnamese_order():
    expected = [
        "Võ An",  # no middle name sorts first among the Ans
        "Nguyễn Văn An",
        "Trần Thị Ánh",  # Vietnamese order puts Á with A, before B
        "Lê Thị Bình",  # same given and middle name: family name decides
        "Phạm Thị Bình",
        "Hoàng Văn Bình",  # middle name Thị before Văn
        "Đoàn Văn Dũng",
        "Đỗ Thị Đào",  # đ after d, before e ... h
        "Ngô Thị Hà",  # tone order: huyền before nặng
        "Bùi Thị Hạ",
        "Đặng Văn Hải",
    ]
    for name in reversed(expected):
        PersonFactory(full_name=name)

    assert [person.full_name for person in Person.objects.all()] == expected


# Membership ################################################################


def test_current_and_past_memberships_around_today():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    open_ended = MembershipFactory(start_on=None, end_on=None)
    started_yesterday = MembershipFactory(start_on=today - day)
    starts_today = MembershipFactory(start_on=today)
    ends_today = MembershipFactory(start_on=today - 30 * day, end_on=today)
    ended_yesterday = MembershipFactory(start_on=today - 30 * day, end_on=today - day)
    starts_tomorrow = MembershipFactory(start_on=today + day)

    assert set(Membership.objects.current()) == {open_ended, started_yesterday, starts_today, ends_today}
    assert set(Membership.objects.past()) == {ended_yesterday}
    assert set(Membership.objects.future()) == {starts_tomorrow}
    periods = dict(Membership.objects.with_period().values_list("pk", "period"))
    assert periods[starts_tomorrow.pk] == MembershipPeriod.FUTURE
    assert periods[ends_today.pk] == MembershipPeriod.CURRENT
    assert periods[ended_yesterday.pk] == MembershipPeriod.PAST


def test_every_post_is_in_exactly_one_period_and_the_annotation_agrees_with_the_filters():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    for start_on in (None, today - day, today, today + day):
        for end_on in (None, today - day, today, today + day):
            if start_on is None or end_on is None or end_on >= start_on:
                MembershipFactory(start_on=start_on, end_on=end_on)

    periods = dict(Membership.objects.with_period().values_list("pk", "period"))
    for period in MembershipPeriod.values:
        assert set(Membership.objects.in_period(period).values_list("pk", flat=True)) == {
            pk for pk, found in periods.items() if found == period
        }
    assert set(periods.values()) == set(MembershipPeriod.values)


def test_current_memberships_on_a_given_day():
    term_2015 = MembershipFactory(start_on=datetime.date(2015, 10, 20), end_on=datetime.date(2020, 10, 14))
    term_2020 = MembershipFactory(start_on=datetime.date(2020, 10, 15))

    assert set(Membership.objects.current(on=datetime.date(2018, 1, 1))) == {term_2015}
    assert set(Membership.objects.current(on=datetime.date(2020, 10, 15))) == {term_2020}
    assert set(Membership.objects.past(on=datetime.date(2020, 10, 15))) == {term_2015}
    assert set(Membership.objects.future(on=datetime.date(2018, 1, 1))) == {term_2020}
    periods = dict(Membership.objects.with_period(on=datetime.date(2018, 1, 1)).values_list("pk", "period"))
    assert periods == {term_2015.pk: MembershipPeriod.CURRENT, term_2020.pk: MembershipPeriod.FUTURE}
