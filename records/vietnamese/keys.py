"""
The keys that match, search and sort records.

Three keys, three jobs:

* ``identity_key()`` decides whether two values name the same thing. It
  ignores case, Unicode normal form, spacing and where the tone mark sits,
  and nothing else.
* ``search_key()`` is what users type: no diacritics at all, "đ" as "d".
* ``sort_key()`` and ``person_sort_key()`` are strings of ASCII digits whose
  plain comparison gives Vietnamese alphabetical order in any database
  collation.
"""

import functools
import unicodedata

from .names import clean_text

# Tone marks, numbered in dictionary order: none (0), huyền, hỏi, ngã, sắc,
# nặng. U+0340 and U+0341 need no entry: NFD turns them into U+0300/U+0301.
TONE_MARKS = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}

# Marks that make a different letter rather than a different tone:
# ă (breve), â ê ô (circumflex), ơ ư (horn).
SHAPE_MARKS = frozenset("\u0306\u0302\u031b")

# The Vietnamese alphabet in dictionary order. F, J, W and Z are not part of
# it but occur in foreign names and abbreviations; each is placed right after
# its Latin neighbour (f after e/ê, j after i, w after v, z after y).
ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()

# Sort key codes, two digits each. See sort_key().
_SEPARATOR_CODE = "00"
_WORD_END_CODES = tuple(f"{1 + tone:02d}" for tone in range(6))  # 01..06
_LETTER_CODES = {letter: f"{10 + i:02d}" for i, letter in enumerate(ALPHABET)}
_DIGIT_CODES = {str(digit): f"{50 + digit:02d}" for digit in range(10)}
_OTHER_PREFIX = "99"


def _decomposed_words(value) -> list[str]:
    """
    Return the lowercased NFD words of value, the common start of every key.
    """
    # "Ð" (U+00D0, Icelandic eth) looks exactly like "Đ" and is what legacy
    # encoders and some keyboards produce for it; its lowercase "ð" looks
    # different and is left alone.
    text = clean_text(value).replace("\u00d0", "\u0110")
    return unicodedata.normalize("NFD", text.casefold()).split()


def _pull_tones(word: str) -> tuple[str, list[int]]:
    """
    Split an NFD word into its letters (still NFD) and its tone numbers, in
    the order the tone marks appear.
    """
    letters = "".join(char for char in word if char not in TONE_MARKS)
    tones = [TONE_MARKS[char] for char in word if char in TONE_MARKS]
    return letters, tones


def identity_key(value) -> str:
    """
    Return the key that decides whether two values name the same thing.

    Each word is written as its lowercase letters (NFC, tone removed, vowel
    shapes and "đ" kept), a colon, and its tone number: 0 none, 1 huyền,
    2 hỏi, 3 ngã, 4 sắc, 5 nặng. Words are joined by one space:
    "Đảng ủy" -> "đang:2 uy:2". Taking the tone out of the word is what makes
    "Thủy" and "Thuỷ" equal while "Thủy", "Thúy" and "Thuy" stay apart.

    A word with several tone marks (not Vietnamese) gets one number per mark,
    so distinct misspellings keep distinct keys.
    """
    return _by_words(_word_identity_key, value)


def search_key(value) -> str:
    """
    Return value without any diacritic, lowercase, with "đ" written "d" and
    whitespace collapsed: "Đảng ủy" -> "dang uy".
    """
    return _by_words(_word_search_key, value)


def _by_words(key, value) -> str:
    """
    A key made word by word: both keys treat each word on its own, and names
    are made of few words (a list of a million names, of some thousands), so
    each word is keyed once.
    """
    return " ".join(part for word in clean_text(value).split() if (part := key(word)))


def _whole_identity_key(value) -> str:
    """identity_key() of a whole value at once."""
    parts = []
    for word in _decomposed_words(value):
        letters, tones = _pull_tones(word)
        marker = "".join(map(str, tones)) or "0"
        parts.append(f"{unicodedata.normalize('NFC', letters)}:{marker}")
    return " ".join(parts)


def _whole_search_key(value) -> str:
    """search_key() of a whole value at once."""
    # NFKD rather than NFD also folds compatibility characters (ligatures,
    # full-width forms) that text pasted from PDFs often contains.
    text = clean_text(value).replace("\u00d0", "\u0110")
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    # Unicode gives "đ" no decomposition, so it survives the step above.
    text = text.replace("đ", "d")
    return " ".join(text.split())


_word_identity_key = functools.lru_cache(maxsize=65536)(_whole_identity_key)
_word_search_key = functools.lru_cache(maxsize=65536)(_whole_search_key)


def _clusters(word: str) -> list[tuple[str, str]]:
    """
    Split an NFD word into (base character, combining marks) pairs.
    """
    clusters = []
    for char in word:
        if unicodedata.combining(char) and clusters:
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + char)
        elif not unicodedata.combining(char):
            clusters.append((char, ""))
        # A mark with no letter before it has nothing to modify: dropped.
    return clusters


def _character_code(base: str, marks: str) -> str:
    """Return the sort code of one character of a word (tone removed)."""
    shaped = base + "".join(mark for mark in marks if mark in SHAPE_MARKS)
    letter = unicodedata.normalize("NFC", shaped)
    if letter in _LETTER_CODES:
        return _LETTER_CODES[letter]
    # Foreign marks (ü, ñ, ç, ŏ...) are ignored so the letter sorts with
    # its Vietnamese base.
    if base in _LETTER_CODES:
        return _LETTER_CODES[base]
    if base in _DIGIT_CODES:
        return _DIGIT_CODES[base]
    return f"{_OTHER_PREFIX}{ord(base):07d}"


def sort_key(value) -> str:
    """
    Return a string of ASCII digits whose plain comparison gives Vietnamese
    alphabetical order, whatever the database collation.

    Each character becomes a two-digit code: letters 10-42 in the order of
    ALPHABET, digits 50-59. Any other character becomes 99 followed by its
    seven-digit code point, so it sorts after letters and digits and codes
    never fall out of step. Each word ends with a code 01-06
    carrying its tone (none, huyền, hỏi, ngã, sắc, nặng). As these end codes
    sort before every letter, words compare by their letters first
    ("an" < "anh", "án" < "anh"), by tone only when the letters are equal
    ("ba" < "bà" < "bác" < "bạc" < "bai"), and values compare word by word.

    Case, normal form and tone placement do not change the key. Marks that
    Vietnamese does not use are ignored; a word with more than one tone mark
    is sorted by the first.
    """
    codes = []
    for word in _decomposed_words(value):
        letters, tones = _pull_tones(word)
        codes.extend(_character_code(base, marks) for base, marks in _clusters(letters))
        codes.append(_WORD_END_CODES[tones[0] if tones else 0])
    return "".join(codes)


def person_sort_key(family_name, middle_name, given_name) -> str:
    """
    Return a digits-only key that orders people as official Vietnamese name
    lists do: by given name, then middle name, then family name.

    The components are separated by 00, which sorts before any letter, so a
    short component never runs into the next one: "Võ An" (no middle name)
    comes before "Bùi Ánh An".
    """
    return _SEPARATOR_CODE.join(_part_sort_key(part) for part in (given_name, middle_name, family_name))


# Family, middle and given names recur across a list: each is keyed once.
_part_sort_key = functools.lru_cache(maxsize=65536)(sort_key)
