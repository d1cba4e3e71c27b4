"""
Dates as Vietnamese offices write them: always day first, in figures or in words, or as Excel
serial numbers.
"""

import datetime
import decimal
import re

from .names import clean_name


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
