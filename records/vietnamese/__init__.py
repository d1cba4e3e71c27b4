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

One module per concern: names (cleaning, splitting a full name), keys
(identity, search and sort keys), numbers, dates, symbols (document symbols,
Roman numerals), abbreviations (BCH, UBND... both ways in a search). Callers import from the package, which names them all.

Only the standard library is used, so this package can be imported (and
tested) without Django (an import-linter contract holds it to that). Error
messages are in Vietnamese because they are shown to the people who typed
the value.
"""

from .abbreviations import ABBREVIATIONS, search_terms
from .dates import format_date, parse_date
from .keys import identity_key, person_sort_key, search_key, sort_key
from .names import clean_name, clean_text, split_name
from .numbers import format_number, parse_number, split_unit
from .symbols import DocumentSymbol, format_document_symbol, parse_document_symbol, roman

__all__ = [
    "ABBREVIATIONS",
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
    "search_terms",
    "sort_key",
    "split_name",
    "split_unit",
]
