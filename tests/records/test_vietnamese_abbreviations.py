"""Tests for records.vietnamese.abbreviations: the abbreviations a search reads both ways."""

import pytest

from records.vietnamese import ABBREVIATIONS, search_key, search_terms

# What the issue names, as clerks type it (13: "bch", "btv", "ubkt", "hđnd"/"hdnd", "ubnd", "mttq").
NAMED = [
    ("bch", "ban chap hanh"),
    ("btv", "ban thuong vu"),
    ("ubkt", "uy ban kiem tra"),
    ("hđnd", "hoi dong nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("HĐND", "hoi dong nhan dan"),
    ("ubnd", "uy ban nhan dan"),
    ("mttq", "mat tran to quoc"),
]


@pytest.mark.parametrize(("typed", "words"), NAMED)
def test_an_abbreviation_typed_also_looks_for_its_words(typed, words):
    assert search_terms(typed) == ((search_key(typed), words),)


@pytest.mark.parametrize(("short", "long"), ABBREVIATIONS.items())
def test_every_abbreviation_of_the_table_reads_both_ways(short, long):
    assert search_terms(short) == ((search_key(short), search_key(long)),)
    assert search_terms(long) == ((search_key(long), search_key(short)),)


def test_the_words_of_an_abbreviation_in_full_make_one_term_among_the_others():
    assert search_terms("Ban Chấp hành Đảng bộ phường Thiên Hương") == (
        ("ban chap hanh", "bch"),
        ("dang",),
        ("bo",),
        ("phuong",),
        ("thien",),
        ("huong",),
    )
    assert search_terms("bch thien huong") == (("bch", "ban chap hanh"), ("thien",), ("huong",))


def test_the_longest_name_in_full_wins():
    assert search_terms("uy ban mat tran to quoc") == (("uy ban mat tran to quoc", "ubmttq"),)
    assert search_terms("mat tran to quoc viet nam") == (
        ("mat tran to quoc", "mttq"),
        ("viet",),
        ("nam",),
    )


@pytest.mark.parametrize("text", ["ban chap", "chap hanh ban", "hai an", "tu", "du"])
def test_words_that_spell_no_abbreviation_are_terms_of_their_own(text):
    assert search_terms(text) == tuple((word,) for word in search_key(text).split())


def test_nothing_typed_is_no_term():
    assert search_terms("  ") == ()
