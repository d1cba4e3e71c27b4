"""Numbers and dates written the Vietnamese way on the read pages.

USE_THOUSAND_SEPARATOR is off so that years print as "2025"; counts and quantities
go through these filters instead ("1.535", "21,1", "16/6/2025").
"""

from django import template

from .. import vietnamese

register = template.Library()

EMPTY = "—"


@register.filter
def vi_number(value, decimal_places=None):
    """1535 -> "1.535", Decimal("21.10") -> "21,1"; nothing known -> "—"."""
    if value is None or value == "":
        return EMPTY
    return vietnamese.format_number(value, decimal_places)


@register.filter
def vi_date(value):
    """date(2025, 6, 16) -> "16/6/2025"; nothing known -> "—"."""
    if value is None or value == "":
        return EMPTY
    return vietnamese.format_date(value)


@register.filter
def roman(value):
    """3 -> "III", as congress ordinals are written."""
    return vietnamese.roman(value)


@register.filter
def nfc(value):
    """Text in the normal form the records use; Django writes "Tiếng Việt" decomposed."""
    return vietnamese.clean_text(value)
