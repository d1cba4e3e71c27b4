"""Helpers shared by the tests of records.vietnamese."""

import unicodedata


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)
