"""What the tests of the read pages share.

The read pages are rendered with a `string_if_invalid` that raises, so a misspelt variable
fails a test instead of printing nothing. The Django admin's own templates are not clean
under it, so only the page tests turn it on (the `strict_templates` fixture).
"""

from urllib.parse import urlencode

from django.template import TemplateSyntaxError, engines

from records.paging import ROW_COUNT_TABLE
from records.sheets.files.reading import read_dataset
from records.sheets.services import sheet_import


class UndefinedVariable(str):
    """Django formats `string_if_invalid` with the variable's name; this raises instead."""

    def __mod__(self, name):
        raise TemplateSyntaxError(f"Undefined template variable: {name}")


def raise_on_undefined_variables(monkeypatch):
    """Make every template raise on an undefined variable until the test ends (pass `monkeypatch`).

    The option is set on the template engines in place, as `TEMPLATES` would set it, rather than
    through a changed `TEMPLATES` setting: a changed setting throws the engines away with every
    template they compiled, twice a test (when it is set and when it is restored), and compiling
    the templates again cost a page test more than its requests did. Returns a check, run at the
    end of the test by the `strict_templates` fixture, that the engines were not replaced
    meanwhile (a test changing `TEMPLATES` or `DEBUG` would otherwise render leniently again).
    """
    strict = UndefinedVariable("%s")
    backends = engines.all()
    for backend in backends:
        monkeypatch.setattr(backend.engine, "string_if_invalid", strict)

    def still_strict():
        assert engines.all() == backends, "the template engines were replaced during a strict test"
        assert all(backend.engine.string_if_invalid is strict for backend in backends)

    return still_strict


def page_client(client, django_user_model):
    """`client` logged in as a superuser; the page tests render strictly (`strict_templates`).

    A superuser sees every record, so these tests are about the pages themselves; who sees
    which records, and with what role, is tested in tests/test_access.py.
    """
    client.force_login(
        django_user_model.objects.create_superuser("viewer", "viewer@example.invalid", "not-used")
    )
    return client


def bulk(factory, count, **fields):
    """Rows built by a factory and inserted in one query; bulk writes normalise the rows themselves."""
    records = factory.build_batch(count, **fields)
    for record in records:
        record.normalise()
    return factory._meta.model.objects.bulk_create(records)


def counts_rows(sql):
    """Whether a query is one of records.paging's counts: COUNT(*) of at most a limit of rows
    (`capped_count`'s subquery, however it is wrapped), or the row count that SQLite's triggers
    keep of a table."""
    return "AS capped_rows" in sql or ROW_COUNT_TABLE in sql


def get_list_page(client, url, queries, django_assert_num_queries):
    """A list page fetched in exactly `queries` queries, one of which counts its rows."""
    with django_assert_num_queries(queries) as captured:
        response = client.get(url)
    assert sum(counts_rows(query["sql"]) for query in captured.captured_queries) == 1
    return response


def assert_pages_keep_the_filter(client, url, query, total):
    """The first two pages of a filtered list of `total` rows (more than a page, less than two)."""
    first = client.get(url, query)
    second = client.get(url, {**query, "page": 2})

    assert first.context["total"] == second.context["total"] == total
    assert f'href="?{urlencode(query)}&amp;page=2"' in first.content.decode()
    assert len(listed(first)) == first.context["paginator"].per_page
    assert len(listed(second)) == total - len(listed(first))
    assert not set(listed(first)) & set(listed(second))


def listed(response):
    """The records on a list page, in the order shown."""
    return list(response.context["object_list"])


def exported_column(response, header):
    """One column of an exported file, top to bottom."""
    extension = "xlsx" if "spreadsheetml" in response["Content-Type"] else "csv"
    dataset = read_dataset(response.content, f"export.{extension}")
    return list(dataset[header])


def assert_imports_back_unchanged(response, kind, congress=None):
    """Importing an exported file (for real, not a dry run) finds every row unchanged and writes nothing."""
    extension = "xlsx" if "spreadsheetml" in response["Content-Type"] else "csv"
    report = sheet_import(
        kind=kind, data=response.content, file_name=f"export.{extension}", congress=congress, dry_run=False
    )
    assert not report.errors, [str(error) for error in report.errors]
    assert (report.created, report.changed, report.source) == (0, 0, None)
    return report.unchanged
