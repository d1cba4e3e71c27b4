"""
Tests for records.vietnamese: cleaning, names and the identity, search and sort keys.

The property tests build Vietnamese syllables from onsets, vowel nuclei,
finals and tones, and check the keys against a reference ordering written
here from the alphabet table, independently of the module.
"""

import functools
import itertools
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from records.vietnamese import keys
from records.vietnamese import (
    clean_name,
    clean_text,
    identity_key,
    person_sort_key,
    search_key,
    sort_key,
    split_name,
)
from tests.records.vietnamese_cases import nfd


# Cleaning ##################################################################


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  Tô Lâm \n", "Tô Lâm"),
        (nfd("Nguyễn Công Diễn"), "Nguyễn Công Diễn"),
        ("Dòng một\nDòng hai", "Dòng một\nDòng hai"),
        ("\u00a0Hoa Động\u00a0", "Hoa Động"),
        (1535, "1535"),
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


def test_clean_text_returns_nfc():
    assert clean_text(nfd("Thiên Hương")) == unicodedata.normalize("NFC", "Thiên Hương")
    assert len(clean_text(nfd("ễ"))) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  Vương   Toàn\tThu\nThủy ", "Vương Toàn Thu Thủy"),
        ("Lê\u00a0Hồng\u202fPhong", "Lê Hồng Phong"),
        (nfd("Thiên  Hương"), "Thiên Hương"),
    ],
)
def test_clean_name(value, expected):
    assert clean_name(value) == expected


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Vương Toàn Thu Thủy", ("Vương", "Toàn Thu", "Thủy")),
        ("Nguyễn Công Diễn", ("Nguyễn", "Công", "Diễn")),
        ("Nguyễn Văn Phú", ("Nguyễn", "Văn", "Phú")),
        ("Tô Lâm", ("Tô", "", "Lâm")),
        ("  Lê   Hồng  Phong ", ("Lê", "Hồng", "Phong")),
        ("Lâm", ("", "", "Lâm")),
        ("", ("", "", "")),
        (None, ("", "", "")),
    ],
)
def test_split_name(full_name, expected):
    assert split_name(full_name) == expected


# identity_key ##############################################################


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Thủy", "Thuỷ"),
        ("hòa", "hoà"),
        ("Hòa Bình", "Hoà Bình"),
        ("Đảng ủy", "Đảng uỷ"),
        ("khuỷu", "khủyu"),
        ("NGUYỄN", "nguyễn"),
        ("Vương Toàn Thu Thủy", "  vương  toàn\tthu thuỷ "),
        ("Thiên Hương", nfd("Thiên Hương")),
        ("Hoa Động", nfd("HOA ĐỘNG")),
        ("Ðảng ủy", "Đảng ủy"),  # U+00D0, the look-alike of Đ
    ],
)
def test_identity_key_matches(first, second):
    assert identity_key(first) == identity_key(second)


@pytest.mark.parametrize(
    "values",
    [
        ("Thủy", "Thúy", "Thuy", "Thụy", "Thùy", "Thũy"),
        ("Đông", "Dông"),
        ("Tăm", "Tâm", "Tam"),
        ("Thơ", "Thô", "Tho"),
        ("Thư", "Thu"),
        ("Hoa Động", "Hoa Đồng", "Hòa Động"),
        ("Hoàng Lâm", "Hoàng Lâm Lâm"),
    ],
)
def test_identity_key_distinguishes(values):
    keys = [identity_key(value) for value in values]
    assert len(set(keys)) == len(values)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Đảng ủy", "đang:2 uy:2"),
        ("Tô Lâm", "tô:0 lâm:0"),
        ("Nguyễn Văn Phú", "nguyên:3 văn:0 phu:4"),
        ("Lê Hồng Phong", "lê:0 hông:1 phong:0"),
        ("Khóa 13", "khoa:4 13:0"),
        ("", ""),
        (None, ""),
    ],
)
def test_identity_key_format(value, expected):
    assert identity_key(value) == expected


# search_key ################################################################


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguyễn Văn Phú", "nguyen van phu"),
        ("Đảng ủy", "dang uy"),
        ("  Thiên   Hương ", "thien huong"),
        ("HOA ĐỘNG", "hoa dong"),
        (nfd("Lê Hồng Phong"), "le hong phong"),
        ("Vương Toàn Thu Thủy", "vuong toan thu thuy"),
        ("Ðảng ủy", "dang uy"),
        ("Nghị quyết 68-NQ/TW", "nghi quyet 68-nq/tw"),
        (None, ""),
    ],
)
def test_search_key(value, expected):
    assert search_key(value) == expected


# sort_key ##################################################################


@pytest.mark.parametrize(
    "ordered",
    [
        ["a", "à", "ả", "ã", "á", "ạ", "ă", "â", "b"],
        ["ba", "bà", "bác", "bạc", "bai"],
        ["d", "đ", "e"],
        ["o", "ô", "ơ", "p"],
        ["u", "ư", "v"],
        ["an", "án", "anh"],
        ["Văn", "Văn An", "Văn Anh", "Văn Ba"],
        ["Anh", "Ánh"],
        ["e", "ê", "f", "g"],
        ["i", "j", "k"],
        ["v", "w", "x"],
        ["y", "z", "0"],
        ["z", "0", "1", "2", "9", "(", "-"],
        # Digits sort after letters and one by one, not as whole numbers.
        ["Khóa A", "Khóa 1", "Khóa 10", "Khóa 9"],
        ["Hoa Động", "Hoàng Lâm", "Lê Hồng Phong", "Nguyễn Công Diễn", "Nguyễn Văn Phú"],
        ["Thiên Hương", "Tô Lâm", "Vương Toàn Thu Thủy"],
        ["Thu", "Thủy", "Thư"],
    ],
)
def test_sort_key_order(ordered):
    keys = [sort_key(value) for value in ordered]
    assert all(a < b for a, b in itertools.pairwise(keys)), ordered


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Hòa", "Hoà"),
        ("Thủy", "Thuỷ"),
        ("NGUYỄN", "nguyễn"),
        ("Nguyễn Công Diễn", nfd("nguyễn  công diễn")),
        ("Müller", "Muller"),
    ],
)
def test_sort_key_equal(first, second):
    assert sort_key(first) == sort_key(second)


@pytest.mark.parametrize("value", ["Vương Toàn Thu Thủy", "Khóa XIV (2026-2031)", "北京", "", "Ðà"])
def test_sort_key_is_ascii_digits(value):
    key = sort_key(value)
    assert key == "" or (key.isascii() and key.isdigit())
    assert bool(key) == bool(value)


def test_sort_key_digits_before_other_characters():
    assert sort_key("9") < sort_key("-") < sort_key("北")


# person_sort_key ###########################################################


def test_person_sort_key_orders_like_official_lists():
    # By given name (An < Diễn < Lâm < Phong < Phú < Thủy), then middle name
    # (Thị < Văn), then family name (Hoàng < Tô).
    expected = [
        "Trần Thị An",
        "Lê Văn An",
        "Nguyễn Công Diễn",
        "Hoàng Lâm",
        "Tô Lâm",
        "Lê Hồng Phong",
        "Nguyễn Văn Phú",
        "Vương Toàn Thu Thủy",
    ]
    shuffled = expected[::-1]
    assert sorted(shuffled, key=lambda name: person_sort_key(*split_name(name))) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # An empty middle name comes first, whatever the family names.
        (("Võ", "", "An"), ("Bùi", "Ánh", "An")),
        # A one-word given name comes before a two-word one starting with it.
        (("", "Zơ", "An"), ("", "A", "An Bình")),
        # The given name decides before the family name.
        (("Trần", "Văn", "An"), ("An", "Văn", "Ba")),
        (("Lê", "Văn", "An"), ("Lê", "Văn", "Ân")),
    ],
)
def test_person_sort_key_components_do_not_bleed(first, second):
    assert person_sort_key(*first) < person_sort_key(*second)


def test_person_sort_key_is_ascii_digits():
    key = person_sort_key("Vương", "Toàn Thu", "Thủy")
    assert key.isascii() and key.isdigit()
    assert person_sort_key("Vương", "Toàn Thu", "Thủy") == person_sort_key("vương", "toàn  thu", "thuỷ")


# Reference ordering and generated syllables ################################

ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
# Each vowel with its tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
TONED_VOWELS = {
    "a": "aàảãáạ",
    "ă": "ăằẳẵắặ",
    "â": "âầẩẫấậ",
    "e": "eèẻẽéẹ",
    "ê": "êềểễếệ",
    "i": "iìỉĩíị",
    "o": "oòỏõóọ",
    "ô": "ôồổỗốộ",
    "ơ": "ơờởỡớợ",
    "u": "uùủũúụ",
    "ư": "ưừửữứự",
    "y": "yỳỷỹýỵ",
}
TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]

# character -> (rank of its letter, tone)
REFERENCE = {}
for _rank, _letter in enumerate(ALPHABET):
    for _tone, _char in enumerate(TONED_VOWELS.get(_letter, _letter)):
        REFERENCE[_char] = (_rank, _tone)
for _digit in range(10):
    REFERENCE[str(_digit)] = (len(ALPHABET) + _digit, 0)


def test_reference_table_is_precomposed():
    # Guards the reference itself: every toned vowel must be one code point.
    assert all(len(toned) == 6 for toned in TONED_VOWELS.values())
    assert len(REFERENCE) == len(ALPHABET) + 12 * 5 + 10


def reference_compare(first: str, second: str) -> int:
    """Compare two values the slow way, straight from the alphabet table."""

    def words(value):
        result = []
        for word in unicodedata.normalize("NFC", value).lower().split():
            ranks = [REFERENCE[char][0] for char in word]
            tones = [REFERENCE[char][1] for char in word if REFERENCE[char][1]]
            assert len(tones) <= 1
            result.append((ranks, tones[0] if tones else 0))
        return result

    first_words, second_words = words(first), words(second)
    for (first_ranks, first_tone), (second_ranks, second_tone) in zip(
        first_words, second_words, strict=False
    ):
        for a, b in zip(first_ranks, second_ranks, strict=False):
            if a != b:
                return -1 if a < b else 1
        if len(first_ranks) != len(second_ranks):
            return -1 if len(first_ranks) < len(second_ranks) else 1
        if first_tone != second_tone:
            return -1 if first_tone < second_tone else 1
    return (len(first_words) > len(second_words)) - (len(first_words) < len(second_words))


def sign(number: int) -> int:
    return (number > 0) - (number < 0)


def compare(first, second) -> int:
    return (first > second) - (first < second)


ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh"]
ONSETS += ["nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu"]
NUCLEI += ["ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê"]
NUCLEI += ["ui", "uô", "uơ", "ưa", "ưi", "ươ", "ưu", "uy", "uya", "uyê", "ươi", "ươu", "oai", "oay"]
NUCLEI += ["uây", "uôi", "yê", "yêu", "iêu", "oeo", "uyu"]
FINALS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]


def render(onset: str, nucleus: str, final: str, tone: int, position: int, case: str, form: str) -> str:
    """Write a syllable with the tone mark on the vowel at position."""
    chars = list(onset + nucleus + final)
    chars[len(onset) + position] += TONE_MARKS[tone]
    text = unicodedata.normalize("NFC", "".join(chars))
    text = {"lower": text, "upper": text.upper(), "title": text[:1].upper() + text[1:]}[case]
    return unicodedata.normalize(form, text)


cases = st.sampled_from(["lower", "upper", "title"])
forms = st.sampled_from(["NFC", "NFD"])


@st.composite
def syllables(draw):
    onset, nucleus, final = (
        draw(st.sampled_from(ONSETS)),
        draw(st.sampled_from(NUCLEI)),
        draw(st.sampled_from(FINALS)),
    )
    position = draw(st.integers(0, len(nucleus) - 1))
    return render(onset, nucleus, final, draw(st.integers(0, 5)), position, draw(cases), draw(forms))


@st.composite
def free_words(draw):
    """Any run of letters and digits, f j w z included, with at most one tone."""
    chars = draw(st.lists(st.sampled_from(ALPHABET + list("0123456789")), min_size=1, max_size=5))
    vowels = [i for i, char in enumerate(chars) if char in TONED_VOWELS]
    if vowels:
        chars[draw(st.sampled_from(vowels))] += TONE_MARKS[draw(st.integers(0, 5))]
    text = unicodedata.normalize("NFC", "".join(chars))
    return unicodedata.normalize(draw(forms), text.upper() if draw(st.booleans()) else text)


names = st.lists(st.one_of(syllables(), free_words()), min_size=1, max_size=3).map(" ".join)


@given(
    onset=st.sampled_from(ONSETS),
    nucleus=st.sampled_from([n for n in NUCLEI if len(n) > 1]),
    final=st.sampled_from(FINALS),
    tone=st.integers(1, 5),
)
def test_keys_ignore_tone_placement_normal_form_and_case(onset, nucleus, final, tone):
    variants = [
        render(onset, nucleus, final, tone, position, case, form)
        for position in range(len(nucleus))
        for case in ("lower", "upper", "title")
        for form in ("NFC", "NFD")
    ]
    for key in (identity_key, search_key, sort_key):
        assert len({key(variant) for variant in variants}) == 1, (key.__name__, variants)


@given(
    onset=st.sampled_from(ONSETS),
    nucleus=st.sampled_from(NUCLEI),
    final=st.sampled_from(FINALS),
    tones=st.lists(st.integers(0, 5), min_size=2, max_size=2, unique=True),
    positions=st.tuples(st.integers(0, 2), st.integers(0, 2)),
)
def test_keys_tell_tones_apart(onset, nucleus, final, tones, positions):
    first, second = (
        render(onset, nucleus, final, tone, position % len(nucleus), "lower", "NFC")
        for tone, position in zip(tones, positions, strict=True)
    )
    assert identity_key(first) != identity_key(second)
    assert compare(sort_key(first), sort_key(second)) == compare(*tones)
    assert search_key(first) == search_key(second)


@settings(deadline=None)
@given(st.lists(names, min_size=2, max_size=8))
def test_sort_key_agrees_with_reference(values):
    for first in values:
        for second in values:
            expected = sign(reference_compare(first, second))
            assert compare(sort_key(first), sort_key(second)) == expected, (first, second)
    assert sorted(values, key=sort_key) == sorted(values, key=functools.cmp_to_key(reference_compare))


@given(st.lists(names, min_size=1, max_size=3))
def test_identity_key_equal_when_reference_says_equal(values):
    for first in values:
        for second in values:
            same = reference_compare(first, second) == 0
            assert (identity_key(first) == identity_key(second)) == same, (first, second)


@given(st.one_of(names, st.text()))
def test_keys_made_word_by_word_are_the_keys_of_the_whole_value(value):
    # identity_key() and search_key() key each word once (cached); any text gives what keying
    # the whole value at once gives, whitespace, compatibility forms and stray marks included.
    assert identity_key(value) == keys._whole_identity_key(value)
    assert search_key(value) == keys._whole_search_key(value)
