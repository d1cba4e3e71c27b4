"""Tests for manage.py benchmark (congress/tooling/benchmark/), and the query counts it relies on.

The benchmark runs end to end at tiny sizes: that it runs and prints every row, not how fast.
The query counts of the list pages at two sizes are asserted in tests/records/test_views.py
and tests/congress/test_views.py; the admin changelists' are asserted here.
"""

import itertools
import re
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.tooling.benchmark.pages import LIST_PAGES, SEARCHES
from congress.models import (
    AppointmentDecision,
    Attendance,
    Congress,
    CongressBody,
    CredentialsReport,
    Election,
    Indicator,
    Speech,
    Task,
)
from records.models import (
    AdministrativeUnit,
    Figure,
    LegalDocument,
    Membership,
    Organisation,
    Person,
    Source,
    UnitSuccession,
)
from records.models.organisations import OrganisationKind
from records.models.units import UnitKind, UnitRegister
from tests.congress.factories import (
    AppointmentDecisionFactory,
    AttendanceFactory,
    CommitteeFactory,
    CongressBodyFactory,
    CongressFactory,
    CredentialsReportFactory,
    ElectionFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.pages import bulk
from tests.records.factories import (
    AdministrativeUnitFactory,
    FigureFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
    UnitSuccessionFactory,
)

pytestmark = pytest.mark.django_db

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


# The benchmark end to end ##################################################


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
    for url in ["/", *LIST_PAGES]:
        assert "queries" in row(f"Page {'home (/)' if url == '/' else url}: at 300 vs 1,000 people")
    for key, _, _ in SEARCHES:
        row(f"Page {key} (")
    for model in ADMIN_MODELS:
        row(f"Page admin {model._meta.label} (")
    for kind in ["person", "organisation", "unit", "document", "congress", "speech", "indicator", "task"]:
        row(f"Page record {kind} (")
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


# Admin changelists: the same queries for 5 or 500 rows #####################

_numbers = itertools.count(1)


def each(factory, values):
    """One record per dict of values, built by a factory and inserted in one query."""
    records = [factory.build(**fields) for fields in values]
    for record in records:
        record.normalise()
    return factory._meta.model.objects.bulk_create(records)


def plain_rows(model, count):
    """Rows of a model whose required fields are choices, text, numbers, times or addresses (logs)."""
    records = []
    for _ in range(count):
        number = next(_numbers)
        fields = {}
        for field in model._meta.concrete_fields:
            if (
                field.primary_key
                or field.has_default()
                or field.null
                or getattr(field, "auto_now_add", False)
            ):
                continue
            if field.choices:
                fields[field.attname] = field.choices[0][0]
            elif isinstance(field, models.GenericIPAddressField):
                fields[field.attname] = "127.0.0.1"
            elif isinstance(field, (models.CharField, models.TextField)):
                fields[field.attname] = f"{field.name}-{number}"[: field.max_length]
            elif isinstance(field, (models.IntegerField, models.BooleanField)):
                fields[field.attname] = 0
            elif isinstance(field, models.DateTimeField):
                fields[field.attname] = "2025-07-01T08:00:00+07:00"
            else:
                raise AssertionError(f"No row maker for {model._meta.label}: add one to ROW_MAKERS.")
        records.append(model(**fields))
    model.objects.bulk_create(records)


def unit_rows(count):
    province = AdministrativeUnitFactory(kind=UnitKind.CITY, code=f"{next(_numbers):02d}", name="Hải Phòng")
    bulk(AdministrativeUnitFactory, count, parent=province)


def succession_rows(count):
    successor = AdministrativeUnitFactory()
    predecessors = bulk(AdministrativeUnitFactory, count, register=UnitRegister.LEGACY)
    each(UnitSuccessionFactory, [{"predecessor": unit, "successor": successor} for unit in predecessors])


def organisation_rows(count):
    parent, unit = OrganisationFactory(), AdministrativeUnitFactory()
    bulk(OrganisationFactory, count, parent=parent, administrative_unit=unit)


def membership_rows(count):
    organisation = OrganisationFactory(kind=OrganisationKind.EXECUTIVE_COMMITTEE)
    people = bulk(PersonFactory, count)
    each(MembershipFactory, [{"person": person, "organisation": organisation} for person in people])


def figure_rows(count):
    source = SourceFactory()
    units = bulk(AdministrativeUnitFactory, count)
    each(FigureFactory, [{"administrative_unit": unit, "source": source} for unit in units])


def congress_rows(count):
    directing = OrganisationFactory()
    organisations = bulk(OrganisationFactory, count)
    committees = bulk(OrganisationFactory, count, kind=OrganisationKind.EXECUTIVE_COMMITTEE, seat_count=27)
    each(
        CongressFactory,
        [
            {"organisation": organisation, "executive_committee": committee, "directing_body": directing}
            for organisation, committee in zip(organisations, committees, strict=True)
        ],
    )


def attendance_rows(count):
    congress = CongressFactory()
    each(
        AttendanceFactory, [{"congress": congress, "person": person} for person in bulk(PersonFactory, count)]
    )


def speech_rows(count):
    bulk(SpeechFactory, count, congress=CongressFactory(), speaker=PersonFactory())


def task_rows(count):
    owner, organisation = PersonFactory(), OrganisationFactory()
    bulk(TaskFactory, count, congress=CongressFactory(), owner=owner, responsible_organisation=organisation)


def election_rows(count):
    congress = CongressFactory()
    each(ElectionFactory, [{"congress": congress, "body": body} for body in bulk(CommitteeFactory, count)])


def appointment_rows(count):
    committee, issuer = CommitteeFactory(), OrganisationFactory()
    documents = bulk(LegalDocumentFactory, count, issuer=issuer)
    each(
        AppointmentDecisionFactory,
        [{"document": document, "organisation": committee} for document in documents],
    )


def congress_part_rows(factory):
    """One row per congress (a congress has one body of a kind, one credentials report)."""

    def make(count):
        congress_rows(count)
        congresses = Congress.objects.order_by("-pk")[:count]
        each(factory, [{"congress": congress} for congress in congresses])

    return make


def user_rows(count):
    User.objects.bulk_create(User(username=f"can-bo-{next(_numbers)}") for _ in range(count))


def group_rows(count):
    Group.objects.bulk_create(Group(name=f"Văn phòng {next(_numbers)}") for _ in range(count))


ROW_MAKERS = {
    Source: lambda count: bulk(SourceFactory, count),
    AdministrativeUnit: unit_rows,
    UnitSuccession: succession_rows,
    Organisation: organisation_rows,
    Person: lambda count: bulk(PersonFactory, count),
    Membership: membership_rows,
    LegalDocument: lambda count: bulk(LegalDocumentFactory, count, issuer=OrganisationFactory()),
    Figure: figure_rows,
    Congress: congress_rows,
    Attendance: attendance_rows,
    Speech: speech_rows,
    Indicator: lambda count: bulk(IndicatorFactory, count, congress=CongressFactory()),
    Task: task_rows,
    Election: election_rows,
    AppointmentDecision: appointment_rows,
    CongressBody: congress_part_rows(CongressBodyFactory),
    CredentialsReport: congress_part_rows(CredentialsReportFactory),
    User: user_rows,
    Group: group_rows,
}


def changelist_queries(client, url):
    client.get(url)  # caches a first request fills (content types, permissions) stay out of the count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.context["cl"]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_an_admin_changelist_runs_the_same_queries_for_5_or_500_rows(admin_client, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    make_rows = ROW_MAKERS.get(model, lambda count: plain_rows(model, count))

    make_rows(5)
    few, changelist = changelist_queries(admin_client, url)
    assert changelist.result_count >= 5
    make_rows(495)
    many, changelist = changelist_queries(admin_client, url)

    assert changelist.result_count >= 500
    assert many == few
