"""
Cleaning text as typed, and splitting a Vietnamese full name into its parts.

Text arrives typed by hand, pasted from Word or exported from Excel: in NFC or NFD, with stray
spaces and newlines. Every other part of the toolkit reads it through clean_text() or
clean_name() first.
"""

import re
import unicodedata

_WHITESPACE_RE = re.compile(r"\s+")


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
