"""
The Vietnamese text toolkit: pure functions for the text that congress
records are made of.

Names, numbers, dates and document symbols arrive typed by hand, pasted from
Word or exported from Excel, with every habit of Vietnamese offices: tone
marks placed in the old or the new style ("Thủy" / "Thuỷ"), text in NFC or
NFD, "1.535" meaning one thousand five hundred and thirty-five, dates written
day first. These functions clean such text, turn it into values, write the
values back the Vietnamese way, and build the keys used to match, search and
sort records.

Three keys, three jobs:

* ``identity_key()`` decides whether two values name the same thing. It
  ignores case, Unicode normal form, spacing and where the tone mark sits,
  and nothing else.
* ``search_key()`` is what users type: no diacritics at all, "đ" as "d".
* ``sort_key()`` and ``person_sort_key()`` are strings of ASCII digits whose
  plain comparison gives Vietnamese alphabetical order in any database
  collation.

Only the standard library is used, so this module can be imported (and
tested) without Django. Error messages are in Vietnamese because they are
shown to the people who typed the value.
"""

import datetime
import decimal
import functools
import re
import unicodedata
from typing import NamedTuple

__all__ = [
    "DocumentSymbol",
    "clean_name",
    "clean_text",
    "format_date",
    "format_document_symbol",
    "format_number",
    "identity_key",
    "parse_date",
    "parse_document_symbol",
    "parse_number",
    "person_sort_key",
    "roman",
    "search_key",
    "sort_key",
    "split_name",
]


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

_WHITESPACE_RE = re.compile(r"\s+")


# Cleaning ##################################################################


def clean_text(value) -> str:
    """
    Return value as NFC text with surrounding whitespace removed.

    None becomes "". Inner newlines are kept, so this suits long text.
    """
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def clean_name(value) -> str:
    """
    Return clean_text(value) with every run of whitespace collapsed into
    one space: the form for names, titles and symbols.
    """
    return _WHITESPACE_RE.sub(" ", clean_text(value))


def split_name(full_name) -> tuple[str, str, str]:
    """
    Split a Vietnamese full name into (family, middle, given).

    The first word is the family name and the last word the given name;
    whatever lies between is the middle name.
    """
    words = clean_name(full_name).split()
    if not words:
        return ("", "", "")
    if len(words) == 1:
        return ("", "", words[0])
    return (words[0], " ".join(words[1:-1]), words[-1])


# Keys ######################################################################


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


# Numbers ###################################################################

# Dots (or spaces) group thousands and a comma marks the decimals. A grouped
# number starts with 1-3 digits, not 0, so "0.123" or "1234.567" (English
# decimals) are refused instead of being read as thousands.
_NUMBER_RE = re.compile(
    r"""
    (?P<integer>
        [1-9][0-9]{0,2}(?:\.[0-9]{3})+
        | [1-9][0-9]{0,2}(?:\ [0-9]{3})+
        | [0-9]+
    )
    (?:,(?P<fraction>[0-9]+))?
    """,
    re.VERBOSE,
)
_SIGNS = {"+": "", "-": "-", "\u2212": "-"}  # U+2212 is the minus sign.


def _number_error(text: str, reason: str = "") -> ValueError:
    message = f'Không đọc được số "{text}".'
    if reason:
        message = f'Không đọc được số "{text}": {reason}.'
    return ValueError(message)


def parse_number(value) -> decimal.Decimal:
    """
    Read a number as Vietnamese offices write it and return a Decimal.

    In text, a dot or a space groups thousands ("1.535", "45 140") and a
    comma marks the decimals ("21,1", "1.234,5"). A leading sign and a
    trailing "%" are allowed; the percentage is returned as written
    ("0,2%" -> Decimal("0.2")). Numbers are taken as they are; floats via
    their shortest repr, so 21.1 gives Decimal("21.1").
    """
    # bool is an int subclass, and True is far more likely a wrong column
    # than the number 1.
    if isinstance(value, bool):
        raise _number_error(str(value), "giá trị đúng/sai không phải là số")
    if isinstance(value, (int, float, decimal.Decimal)):
        number = decimal.Decimal(str(value) if isinstance(value, float) else value)
        if not number.is_finite():
            raise _number_error(str(value), "số không hữu hạn")
        return number

    original = clean_name(value)
    if not original:
        raise _number_error(original, "ô trống")
    text = original
    if text.endswith("%"):
        text = text[:-1].rstrip()
    sign = ""
    if text[:1] in _SIGNS:
        sign = _SIGNS[text[0]]
        text = text[1:].lstrip()

    match = _NUMBER_RE.fullmatch(text)
    if match is None:
        raise _number_error(original, _number_error_reason(text))
    integer = match["integer"].replace(".", "").replace(" ", "")
    fraction = match["fraction"]
    return decimal.Decimal(f"{sign}{integer}.{fraction}" if fraction else f"{sign}{integer}")


def _number_error_reason(text: str) -> str:
    """Explain the likely mistake in a number that did not match."""
    if text.count(",") > 1:
        return "chỉ được có một dấu phẩy thập phân"
    if "." in text:
        if re.match(r"0[.][0-9]{3}", text):
            return 'nhóm nghìn đầu tiên không được là 0 (phần thập phân viết sau dấu phẩy, ví dụ "0,5")'
        return (
            'dấu chấm chỉ dùng để ngăn cách hàng nghìn, như "1.234.567", nên sau mỗi '
            'dấu chấm phải có đúng ba chữ số; phần thập phân viết sau dấu phẩy, như "21,1"'
        )
    return ""


def format_number(value, decimal_places: int | None = None) -> str:
    """
    Write a number the Vietnamese way: dots between thousands, a comma before
    the decimals ("1.234,5").

    Without decimal_places, the digits the value needs and no trailing zeros
    (Decimal("21.10") -> "21,1"). With it, exactly that many decimals,
    rounding half away from zero as Vietnamese offices do.
    """
    number = parse_number(value)
    if decimal_places is not None:
        if decimal_places < 0:
            raise ValueError(f'Số chữ số thập phân "{decimal_places}" không được âm.')
        # Enough precision that quantize() never fails on large values.
        context = decimal.Context(prec=max(number.adjusted(), 0) + decimal_places + 2)
        number = number.quantize(
            decimal.Decimal(1).scaleb(-decimal_places),
            rounding=decimal.ROUND_HALF_UP,
            context=context,
        )
    # Neither copy_abs() (unlike abs()) nor the "f" format rounds to the
    # context precision, and "f" never uses an exponent.
    integer, _, fraction = format(number.copy_abs(), "f").partition(".")
    if decimal_places is None:
        fraction = fraction.rstrip("0")
    groups = []
    while len(integer) > 3:
        integer, group = integer[:-3], integer[-3:]
        groups.insert(0, group)
    text = ".".join([integer, *groups])
    if fraction:
        text = f"{text},{fraction}"
    # No "-0": a value that shows as zero is shown without a sign.
    if number.is_signed() and any(char in "123456789" for char in text):
        text = f"-{text}"
    return text


# Dates #####################################################################

_DATE_PREFIX = r"(?:ngày\s*)?"
_DAY_FIRST_RE = re.compile(
    _DATE_PREFIX + r"([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]+)",
    re.IGNORECASE,
)
_WORDS_RE = re.compile(
    _DATE_PREFIX + r"([0-9]{1,2})\s*tháng\s*([0-9]{1,2})\s*năm\s*([0-9]+)",
    re.IGNORECASE,
)
_ISO_RE = re.compile(r"([0-9]{4})([/.-])([0-9]{1,2})\2([0-9]{1,2})")

# Excel's 1900 date system counts 1 for 1900-01-01 and, copying a Lotus 1-2-3
# bug, has a 29 February 1900 as day 60; days from 61 on are therefore
# counted from 1899-12-30.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_MAX = 2958465  # 9999-12-31


def _date_error(text: str, reason: str = "") -> ValueError:
    message = f'Không đọc được ngày "{text}".'
    if reason:
        message = f'Không đọc được ngày "{text}": {reason}.'
    return ValueError(message)


def parse_date(value) -> datetime.date:
    """
    Read a date, always day first, and return a datetime.date.

    Accepts dates, datetimes (their date), Excel serial numbers (1900 date
    system) and text such as "16/6/2025", "ngày 16-6-2025", "16.06.2025",
    "Ngày 16 tháng 6 năm 2025" or ISO "2025-06-16" (a four-digit year first
    means year-month-day). A date that would only make sense month first is
    refused, never swapped.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise _date_error(str(value), "giá trị đúng/sai không phải là ngày")
    if isinstance(value, (int, float, decimal.Decimal)):
        return _excel_date(value)

    text = clean_name(value)
    if not text:
        raise _date_error(text, "ô trống")
    if match := _ISO_RE.fullmatch(text):
        year, _, month, day = match.groups()
    elif match := _DAY_FIRST_RE.fullmatch(text):
        day, _, month, year = match.groups()
    elif match := _WORDS_RE.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise _date_error(text)
    return _build_date(text, int(day), int(month), year)


def _build_date(text: str, day: int, month: int, year: str) -> datetime.date:
    if len(year) != 4:
        raise _date_error(text, "hãy viết năm đủ bốn chữ số, ví dụ 2025")
    if not 1 <= month <= 12:
        raise _date_error(text, f"không có tháng {month} (ngày viết trước, tháng viết sau)")
    if int(year) < 1:
        raise _date_error(text, "không có năm 0")
    try:
        return datetime.date(int(year), month, day)
    except ValueError:
        raise _date_error(text, f"tháng {month} năm {int(year)} không có ngày {day}") from None


def _excel_date(value) -> datetime.date:
    """Return the date of an Excel serial number; the time of day is dropped."""
    text = str(value)
    serial = decimal.Decimal(str(value) if isinstance(value, float) else value)
    if not serial.is_finite() or not 1 <= serial < _EXCEL_MAX + 1:
        raise _date_error(text, f"số ngày theo Excel phải từ 1 đến {_EXCEL_MAX}")
    days = int(serial)
    if days == 60:
        raise _date_error(text, "Excel ghi ngày 29/2/1900 nhưng ngày này không có thật")
    if days < 60:
        return _EXCEL_EPOCH + datetime.timedelta(days=days + 1)
    return _EXCEL_EPOCH + datetime.timedelta(days=days)


def format_date(value) -> str:
    """
    Write a date day/month/year without zero padding: "16/6/2025".

    The year always has four digits so that parse_date() reads it back.
    """
    date = parse_date(value)
    return f"{date.day}/{date.month}/{date.year:04d}"


# Document symbols ##########################################################


class DocumentSymbol(NamedTuple):
    """
    The parts of a document symbol (số, ký hiệu).

    form is "state" for NUMBER[/YEAR]/TYPE-ISSUER ("30/2020/NĐ-CP"),
    "party" for NUMBER-TYPE/ISSUER ("68-NQ/TW"), or "" when only the number
    is known ("68"). In the state form, type_code is "" when the symbol has
    no type ("59/2020/QH14", as laws are numbered).
    """

    number: str
    year: int | None
    type_code: str
    issuer_code: str
    form: str


# A code starts with a letter and goes on with letters or digits: "NQ",
# "QĐi", "UBTVQH15". [^\W\d_] is "any letter", Vietnamese ones included.
_CODE = r"[^\W\d_][^\W_]*"
_STATE_RE = re.compile(
    rf"(?P<number>[0-9]+)(?:/(?P<year>[0-9]{{4}}))?/"
    rf"(?:(?P<type>{_CODE})-)?(?P<issuer>{_CODE}(?:-{_CODE})*)"
)
_PARTY_RE = re.compile(rf"(?P<number>[0-9]+)-(?P<type>{_CODE})/(?P<issuer>{_CODE}(?:-{_CODE})*)")
_BARE_NUMBER_RE = re.compile(r"[0-9]+")
_SYMBOL_PREFIX_RE = re.compile(r"^số\s*[:.]?\s*", re.IGNORECASE)
# Word processors turn typed hyphens into dashes.
_DASHES_RE = re.compile(r"[\u2010-\u2015\u2212]")


def parse_document_symbol(value) -> DocumentSymbol:
    """
    Read a document symbol: "1669/NQ-UBTVQH15", "30/2020/NĐ-CP", "68-NQ/TW",
    "01-QĐi/TW" or a bare "68".

    A leading "Số" and spaces around "/" and "-" are tolerated; the codes are
    kept as written, since case can matter ("QĐi").
    """
    original = clean_name(value)
    text = _SYMBOL_PREFIX_RE.sub("", original, count=1)
    text = _DASHES_RE.sub("-", text)
    text = re.sub(r"\s*([/-])\s*", r"\1", text)

    if match := _STATE_RE.fullmatch(text):
        year = match["year"]
        return DocumentSymbol(
            number=match["number"],
            year=int(year) if year else None,
            type_code=match["type"] or "",
            issuer_code=match["issuer"],
            form="state",
        )
    if match := _PARTY_RE.fullmatch(text):
        return DocumentSymbol(match["number"], None, match["type"], match["issuer"], "party")
    if _BARE_NUMBER_RE.fullmatch(text):
        return DocumentSymbol(text, None, "", "", "")
    raise ValueError(
        f'Không đọc được số hiệu văn bản "{original}". Ví dụ cách viết: '
        '"30/2020/NĐ-CP", "1669/NQ-UBTVQH15", "68-NQ/TW".'
    )


def format_document_symbol(symbol: DocumentSymbol) -> str:
    """
    Write a DocumentSymbol in its canonical form, the one
    parse_document_symbol() reads back into the same symbol.
    """
    # Parsing the result back is the simplest complete check that the parts
    # are consistent (no year in the party form, codes starting with a
    # letter, and so on).
    try:
        text = _write_document_symbol(*symbol)
        valid = parse_document_symbol(text) == symbol
    except (TypeError, ValueError):
        valid = False
    if not valid:
        raise ValueError(f"Số hiệu văn bản không hợp lệ: {symbol!r}.")
    return text


def _write_document_symbol(number, year, type_code, issuer_code, form) -> str:
    if form == "state":
        parts = [number]
        if year is not None:
            parts.append(str(year))
        parts.append(f"{type_code}-{issuer_code}" if type_code else issuer_code)
        return "/".join(parts)
    if form == "party":
        return f"{number}-{type_code}/{issuer_code}"
    return number


# Ordinals ##################################################################

_ROMAN_NUMERALS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """
    Write n in Roman numerals, as congress ordinals are written
    ("Đại hội lần thứ XIV").
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 3999:
        raise ValueError(f'Không viết được số La Mã cho "{n}": chỉ viết được số nguyên từ 1 đến 3999.')
    parts = []
    for amount, numeral in _ROMAN_NUMERALS:
        count, n = divmod(n, amount)
        parts.append(numeral * count)
    return "".join(parts)
