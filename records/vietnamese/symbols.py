"""
Document symbols (số, ký hiệu) in the state and the Party forms, and the Roman numerals of
congress ordinals.
"""

import re
from typing import NamedTuple

from .names import clean_name

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
