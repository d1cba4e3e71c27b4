"""Cursor pagination of the API's lists: pages in the order of the records' ids.

A page is the `limit` records (50 unless asked, MAX_LIMIT at most) whose id comes after the
cursor's, in id order; `next_cursor` names the last one, and is null on the last page. The id is
unique and never changes, so a client walking a list with cursors sees every record that was there
all along exactly once, whatever is added or deleted meanwhile, where page numbers would skip or
repeat rows. A page is one query (LIMIT `limit` + 1, to know whether another page follows) plus the
count, whatever the cursor: it reads the primary key's index from the cursor on, never the rows
before it.

The count is records.paging's (one query reading at most COUNT_LIMIT rows, then an estimate),
with its kind: "exact", "estimate" or "at_least".

The cursor is the id in URL-safe base64, opaque to clients: a cursor this module did not make
is refused with the parameter and its value named.
"""

import base64
import binascii
from typing import Literal

from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import create_model

from records.paging import RowCount, count_rows

from .errors import InvalidParameters, parameter_error

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_START = "sau:"
# Ids are 64-bit integers (BigAutoField).
MAX_ID = 2**63 - 1


class PageParameters(Schema):
    cursor: str | None = Field(
        None,
        max_length=100,
        description="Lấy trang sau bản ghi mà con trỏ này chỉ tới: giá trị `next_cursor` của trang trước.",
    )
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Số bản ghi mỗi trang, tối đa {MAX_LIMIT}."
    )


def page_schema(item_schema):
    """The schema of a page of `item_schema` records, named after them (`PersonPage`)."""
    name = item_schema.__name__.removesuffix("Out")
    return create_model(
        f"{name}Page",
        __base__=Schema,
        items=(list[item_schema], ...),
        count=(int, Field(..., description="Số bản ghi khớp bộ lọc (xem count_kind).")),
        count_kind=(
            Literal[RowCount.EXACT, RowCount.ESTIMATE, RowCount.AT_LEAST],
            Field(..., description="exact: đếm đủ; estimate: ước lượng; at_least: ít nhất bằng count."),
        ),
        next_cursor=(str | None, Field(..., description="Con trỏ của trang sau; null ở trang cuối.")),
        next=(
            str | None,
            Field(..., description="Địa chỉ của trang sau, giữ nguyên bộ lọc; null ở trang cuối."),
        ),
    )


def encode_cursor(record_id):
    return base64.urlsafe_b64encode(f"{CURSOR_START}{record_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """The id a cursor names; InvalidParameters for text this module did not make."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if not text.startswith(CURSOR_START) or not text[len(CURSOR_START) :].isdigit():
            raise ValueError(text)
        record_id = int(text[len(CURSOR_START) :])
        if record_id > MAX_ID:
            raise ValueError(text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidParameters(
            [parameter_error("cursor", cursor, gettext("không phải con trỏ trang do API này trả về"))]
        ) from None
    return record_id


def next_address(request, cursor):
    query = request.GET.copy()
    query["cursor"] = cursor
    return f"{request.path}?{query.urlencode()}"


def page_of(queryset, request, paging):
    """A page of the queryset after the cursor, as page_schema() describes it."""
    rows = queryset.order_by("pk")
    if paging.cursor:
        rows = rows.filter(pk__gt=decode_cursor(paging.cursor))
    count = count_rows(queryset)
    items = list(rows[: paging.limit + 1])
    more = len(items) > paging.limit
    items = items[: paging.limit]
    cursor = encode_cursor(items[-1].pk) if more else None
    return {
        "items": items,
        "count": count.value,
        "count_kind": count.kind,
        "next_cursor": cursor,
        "next": next_address(request, cursor) if cursor else None,
    }
