"""
Numbers as Vietnamese offices write them: dots between thousands, a comma before the decimals.
"""

import decimal
import re

from .names import clean_name


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


# Where a quantity's unit starts: the first letter after the number ("39,99 km²", "102.648 người").
_UNIT_START_RE = re.compile(r"[^\W\d_]")


def split_unit(text: str) -> tuple[str, str]:
    """
    Split a quantity typed with its unit into the number and the unit, both trimmed:
    "39,99 km²" -> ("39,99", "km²"), "102.648 người" -> ("102.648", "người"),
    "21,1" -> ("21,1", ""). The number is not read here (parse_number does that).
    """
    text = clean_name(text)
    match = _UNIT_START_RE.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].rstrip(), text[match.start() :].strip()


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
