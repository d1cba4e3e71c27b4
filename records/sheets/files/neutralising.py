"""Formula neutralisation (CSV injection): the scheme is described in records.sheets.files."""

_FORMULA_TRIGGERS = frozenset("=+-@\t\r")
# Of the triggers, the ones a reader keeps at the start of a cell; a leading
# tab or carriage return is trimmed and must be anchored by the apostrophe.
VISIBLE_TRIGGERS = frozenset("=+-@")


def _needs_quote(text: str) -> bool:
    return text.lstrip("'")[:1] in _FORMULA_TRIGGERS


def neutralise(value):
    """
    Return value made safe for a spreadsheet cell: text starting with "=",
    "+", "-", "@", a tab or a carriage return (or with apostrophes before one
    of those) gets one more apostrophe in front. Anything that is not a str,
    numbers included, is returned unchanged.
    """
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def unneutralise(value):
    """
    Undo neutralise(): remove the one apostrophe it added, and only that.
    Text neutralise() would have left alone comes back unchanged.
    """
    if isinstance(value, str) and value[:1] == "'" and _needs_quote(value[1:]):
        return value[1:]
    return value
