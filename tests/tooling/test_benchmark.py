"""Tests for manage.py benchmark (congress/tooling/benchmark/).

The benchmark runs end to end at tiny sizes: that it runs and prints every row, not how fast.
That run starts a dozen processes and generates two databases, so it is marked `benchmark`:
`make test` leaves it to `make test-benchmark`, which CI runs on SQLite and PostgreSQL.
The query counts it relies on, the same for a few rows or many, are asserted where the pages
are tested: the list pages' in tests/records/test_views_lists.py and tests/congress/, the admin
changelists' in tests/test_admin_pages.py.
"""

import re
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection

from congress.tooling.benchmark.pages import LIST_PAGES, SEARCHES, record_pages
from tests.congress.factories import AttendanceFactory, CandidateFactory, CongressFactory

pytestmark = pytest.mark.django_db

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


# The benchmark end to end ##################################################


@pytest.mark.benchmark
def test_benchmark_prints_one_table_with_every_row(tmp_path):
    out = StringIO()

    call_command(
        "benchmark",
        "--rows",
        "50",
        "--scale",
        "300",
        "--runs",
        "1",
        "--passes",
        "1",
        # A smaller "large" congress made three times, not 300 delegates five times: its file is half a
        # minute of PDF layout, and CI runs this on both databases. Every row is still printed, and the
        # memory row still compares a later file with the second.
        "--congress-files",
        "3",
        "--congress-size",
        "30,4,2",
        "--data-dir",
        tmp_path,
        stdout=out,
    )

    lines = out.getvalue().splitlines()
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| ---")]
    header, *rows = rows
    assert header == "| measure | baseline | measured | figure | target | result |"
    assert lines[0].startswith("manage.py benchmark --rows 50 --scale 300 --seed 0: ")
    assert f"of {len(rows)} targets met" in lines[0]
    assert all(re.search(r"\| (PASS|FAIL[^|]*) \|$", row) for row in rows), rows

    def row(start):
        found = [line for line in rows if line.startswith(f"| {start}")]
        assert len(found) == 1, (start, found)
        return found[0]

    row("Import 50 new memberships from xlsx (sheet_import) vs bulk_create")
    row("Import vs stock django-import-export ModelResource, default settings")
    row("Import peak memory at 50 rows")
    row("Import peak memory growth from 5 to 50 rows")
    row("Re-import of the same unchanged file vs the first import")
    # Re-importing an unchanged file writes nothing: that is a fact, not a speed.
    assert row("Re-import: rows written").endswith("| 0 (history 0) | 0 | PASS |")
    row("Export 50 memberships to xlsx (sheet_export) vs xlsxwriter")
    row("Export peak memory")
    # The election-results kind (issue 14), with the same targets.
    row("Import 50 candidates into one election (election-results) from xlsx (sheet_import) vs bulk_create")
    row("Import (election-results) vs stock django-import-export ModelResource")
    row("Import (election-results) peak memory at 50 rows")
    row("Import (election-results) peak memory growth from 5 to 50 rows")
    row("Re-import (election-results) of the same unchanged file vs the first import")
    assert row("Re-import (election-results): rows written").endswith("| 0 (history 0) | 0 | PASS |")
    row("Export 50 candidates of the election (election-results) to xlsx (sheet_export) vs xlsxwriter")
    row("Export (election-results) peak memory")
    for url in ["/", *LIST_PAGES]:
        assert "queries" in row(f"Page {'home (/)' if url == '/' else url}: at 300 vs 1,000 people")
    for key, _, _ in SEARCHES:
        row(f"Page {key} (")
    for model in ADMIN_MODELS:
        row(f"Page admin {model._meta.label} (")
    for kind in ["person", "organisation", "unit", "document", "congress", "speech", "indicator", "task"]:
        row(f"Page record {kind} (")
    # The congress file (issue 16): one file of each congress, and memory over three in a process.
    row("Congress file .zip (PDF + Word + sheets) of the seed congress (Thiên Hương fixture): 1 present, ")
    # (The generated congress it starts from may already be larger than 30,4,2: it is kept as it is.)
    row("Congress file .zip (PDF + Word + sheets) of a large congress: ")
    row("Congress file memory: 3 files of the large congress in one process")
    # 300 people fill six pages of /people/: the last stands in for page 10,000.
    row("Page /people/: page 6 (the last) vs page 1")
    spelling = [line for line in rows if line.startswith("| Search finds every spelling at 300 people:")]
    assert [", /people/ ?q=" in spelling[0], ", admin person changelist ?q=" in spelling[1]] == [True, True]
    # The generated databases are kept for the next run; the copies imports wrote into, and the
    # files they read, are not.
    files = sorted(path.name for path in tmp_path.iterdir())
    if connection.vendor == "sqlite":
        assert files == ["people-1000-seed-0.sqlite3", "people-300-seed-0.sqlite3"]
    else:
        prefix = f"{connection.settings_dict['NAME']}_bench_"
        with connection.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
            databases = sorted(name.removeprefix(prefix) for (name,) in cursor)
        assert (files, databases) == ([], ["people_1000_seed_0", "people_300_seed_0"])


# What the pages measure ####################################################


def test_the_congress_page_measured_is_the_one_with_the_most_candidates():
    # More delegates, but no election: the page measured is the one with the election tables.
    crowded = CongressFactory()
    AttendanceFactory.create_batch(3, congress=crowded)
    with_elections = CongressFactory()
    CandidateFactory.create_batch(2, election__congress=with_elections, elected=False, votes=10)

    pages = dict(record_pages())

    assert pages["record congress"] == with_elections.get_absolute_url()
