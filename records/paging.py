"""
Counting and paging lists of a million rows (issue 6): what a list page, an admin changelist,
the search and the home page ask of a large table, answered in time that does not grow with it.

Counting (`count_rows`) gives a `RowCount`, exact or not, and says which:

* A whole table on SQLite: the number of rows that triggers keep in `records_rowcount` (made by
  migration records 0007 for every table of records, congress 0006 for congress's), exact.
* Anything else is counted up to COUNT_LIMIT rows, which reads no more than that many. Past the
  limit, PostgreSQL gives the planner's estimate of the rows (EXPLAIN, through the function
  `records_row_estimate` of the same migration), shown as “khoảng 1.000.000”; SQLite has no
  estimate and says “hơn 10.000”.
* A search by word starts (records.search) with nothing else filtering it is counted on the
  range of its index of terms, and past the limit estimated from that range (the index's
  histogram). Rows are always counted first, up to the limit: the planner's estimate of a small
  table can be far off, and a list of 23 rows says 23.

Each count is one query, whatever the size of the table, so a page runs the same number of
queries for five rows or a million.

Paging (`page_rows`, and `RecordPaginator` for list pages and the admin) is a deferred join:
the page's primary keys are selected first, on the columns of the ordering alone (an index when
the ordering has one, as every model's default ordering does), and only the 50 rows they name
are read in full with their joins. Page 10,000 then skips half a million index entries, not half
a million joined rows. A search by word starts takes its page's keys from its table of terms,
whose index holds the records' order. The keys are a subquery of the query that reads the page,
so a page is still one query.

Past a count that is not exact, any page number is read from the database (the list may go on
past an estimate), and a page says it has a next one while it comes full.
"""

from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import F
from django.db.models.expressions import OrderBy

from .derived import ROW_COUNT_TABLE
from .search import word_search_of

# Rows read at most to count a filtered list before an estimate takes over.
COUNT_LIMIT = 10_000


class RowCount(int):
    """A number of rows, `exact`, an `estimate` (“khoảng”), or the least there are (“hơn”).

    An int, so that it counts and compares as the number it is.
    """

    EXACT = "exact"
    ESTIMATE = "estimate"
    AT_LEAST = "at_least"

    def __new__(cls, value, kind=EXACT):
        count = super().__new__(cls, value)
        count.kind = kind
        return count

    def __repr__(self):
        return f"RowCount({int(self)}, {self.kind!r})"

    def __str__(self):
        return int.__repr__(self)

    @property
    def value(self):
        return int(self)

    @property
    def exact(self):
        return self.kind == self.EXACT

    @property
    def estimate(self):
        return self.kind == self.ESTIMATE

    @property
    def at_least(self):
        return self.kind == self.AT_LEAST


def count_rows(queryset, limit=None):
    """How many rows the queryset holds, in one query that reads at most `limit` (COUNT_LIMIT) rows
    or index entries (see the module's docstring)."""
    limit = COUNT_LIMIT if limit is None else limit
    connection = connections[queryset.db]
    search, alone = word_search_of(queryset)
    if search is not None and alone:
        sql, params, estimated, estimated_params = search.count_parts(connection.vendor)
        some = search.side_by_side(connection.vendor)
        return capped_count(connection, sql, params, limit, (estimated, estimated_params), some)
    if search is not None:
        queryset = queryset.filter(pk__in=search.ids(connection.vendor))
    query = queryset.query
    whole_table = not query.where and not query.distinct and not query.combinator and not query.is_sliced
    if whole_table and connection.vendor == "sqlite":
        table = queryset.model._meta.db_table
        sql = (
            f'SELECT COALESCE((SELECT row_count FROM "{ROW_COUNT_TABLE}" WHERE table_name = %s), '
            f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)}))"
        )
        return RowCount(fetch_one(connection, sql, [table])[0])
    inner = queryset.order_by().values("pk")
    try:
        sql, params = inner.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return RowCount(0)
    return capped_count(connection, sql, params, limit)


def capped_count(connection, sql, params, limit, estimate_of=None, some_of=None):
    """The rows of a query counted up to `limit`, in one query; past it, on PostgreSQL, the planner's
    estimate of them (of the `estimate_of` query when given, else of the query itself), and on
    SQLite “at least `limit`”.

    Rows are always counted first: reading `limit` + 1 index entries takes a millisecond or two
    at any size, while the planner's estimate of a small table can be far off (the pages of a
    rolled-back import of 20,000 rows still count until they are vacuumed), and a list of 23
    must say 23. `some_of`, (SQL, parameters) of rows that are all rows of the query and cheaper
    to read, is counted first: past the limit, so is the query, which is then not read.
    """
    capped = f"SELECT COUNT(*) AS n FROM ({sql} LIMIT {int(limit) + 1}) AS capped_rows"
    if some_of is not None:
        some_sql, some_params = some_of
        # A CASE runs one branch: the query itself is read only when its part is not enough. The
        # CASE inside an aggregate, so that the database cannot copy it into each place the
        # query around it names n (PostgreSQL did, and read the search three times).
        capped = (
            f"SELECT MAX(n) AS n FROM (SELECT CASE WHEN (SELECT COUNT(*) FROM ({some_sql} "
            f"LIMIT {int(limit) + 1}) AS some_rows) > {int(limit)} THEN {int(limit) + 1} "
            f"ELSE ({capped}) END AS n) AS counted"
        )
        params = [*some_params, *params]
    if connection.vendor != "postgresql":
        (value,) = fetch_one(connection, capped, params)
        return RowCount(limit, RowCount.AT_LEAST) if value > limit else RowCount(value)
    estimated = connection.ops.compose_sql(*(estimate_of or (sql, params)))
    # A CASE runs one branch: the estimate is asked only past the limit.
    value, exact = fetch_one(
        connection,
        f"SELECT CASE WHEN c.n > %s THEN GREATEST(c.n, records_row_estimate(%s)) ELSE c.n END, "
        f"c.n <= %s FROM ({capped}) AS c",
        [limit, estimated, limit, *params],
    )
    return RowCount(value, RowCount.EXACT if exact else RowCount.ESTIMATE)


def fetch_one(connection, sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def ordering_of(queryset):
    """The queryset's ordering as (field name, descending) pairs, or None if it is not all fields."""
    query = queryset.query
    ordering = query.order_by or (queryset.model._meta.ordering if query.default_ordering else ())
    pk_names = {"pk", queryset.model._meta.pk.name, queryset.model._meta.pk.attname}
    fields = []
    for item in ordering:
        if isinstance(item, str):
            name, descending = item.removeprefix("-"), item.startswith("-")
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            name, descending = item.expression.name, item.descending
        elif isinstance(item, F):
            name, descending = item.name, False
        else:
            return None
        fields.append(("pk" if name in pk_names else name, descending))
    return fields


def page_rows(queryset, offset, limit):
    """Rows offset to offset + limit of an ordered queryset: a deferred join (the module's docstring).

    The queryset keeps what it selects, joins, annotates and prefetches; the rows come in its order.
    """
    if queryset.query.distinct or queryset.query.combinator:
        return queryset[offset : offset + limit]
    search, alone = word_search_of(queryset)
    if search is not None:
        vendor = connections[queryset.db].vendor
        ordering = ordering_of(queryset)
        for descending in (False, True):
            if alone and ordering == [(search.index.sort_field, descending), ("pk", descending)]:
                ids = search.page_ids(vendor, offset, limit, descending)
                return queryset.filter(pk__in=ids)
        keys = queryset.filter(pk__in=search.ids(vendor))
    else:
        keys = queryset
    return queryset.filter(pk__in=keys.values("pk")[offset : offset + limit])


def first_rows(queryset, limit):
    """The first `limit` rows of a queryset, as a list, for a glimpse of the matches (the search page).

    A search by word starts with nothing else filtering it gives its matches in the order of
    its index, the words matched and then the record's own order, and so reads just the first
    entries of the index however many match; anything else comes in its own order, read as
    page_rows() reads a page.
    """
    search, alone = word_search_of(queryset)
    if search is None or not alone:
        return list(page_rows(queryset, 0, limit))
    connection = connections[queryset.db]
    sql, params = search.first_ids_sql(connection.vendor, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [record_id for (record_id,) in cursor.fetchall()]
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [rows[record_id] for record_id in ids if record_id in rows]


class RecordPage(Page):
    def has_next(self):
        # Past a count that is not exact the list may go on: it does while pages come full.
        if self.paginator.row_count.exact:
            return super().has_next()
        return len(self) == self.paginator.per_page

    def end_index(self):
        if self.paginator.row_count.exact:
            return super().end_index()
        return self.start_index() + len(self) - 1 if len(self) else 0


class RecordPaginator(Paginator):
    """A Paginator counting with count_rows() and reading a page with page_rows().

    When the count is not exact, any page number from 1 on is read from the database: an
    estimate may be short of the rows that are there, and a page past them is empty.
    """

    count_limit = None  # COUNT_LIMIT

    @cached_property
    def row_count(self):
        return count_rows(self.object_list, self.count_limit)

    @cached_property
    def count(self):
        return self.row_count

    def validate_number(self, number):
        if self.row_count.exact:
            number = super().validate_number(number)
        else:
            try:
                if isinstance(number, float) and not number.is_integer():
                    raise ValueError
                number = int(number)
            except (TypeError, ValueError):
                raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
            if number < 1:
                raise EmptyPage(self.error_messages["min_page"])
        # A page's offset goes to the database as a 64-bit integer: past it, PostgreSQL refuses
        # the query ("bigint out of range"); no list is that long.
        if (number - 1) * self.per_page >= 2**63:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        limit = self.per_page
        if self.row_count.exact and offset + limit + self.orphans >= self.count:
            limit = max(0, self.count - offset)
        return self._get_page(page_rows(self.object_list, offset, limit), number, self)

    def _get_page(self, *args, **kwargs):
        return RecordPage(*args, **kwargs)
