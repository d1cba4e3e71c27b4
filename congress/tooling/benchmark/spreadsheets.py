"""
Measuring imports and exports: the import file's rows, and the tasks that import it through
sheet_import(), through bulk_create() and through a stock django-import-export ModelResource,
and export the imported rows through sheet_export() and through xlsxwriter.
"""

import io
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import xlsxwriter
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Max
from django.utils import translation
from import_export import resources
from import_export.formats.base_formats import XLSX

from congress.tooling.synthetic import names
from records import vietnamese
from records.models import Membership, Organisation, Person
from records.models.people import MembershipRole, PersonGender
from records.sheets.choices import NEW
from records.sheets.kinds import get_sheet
from records.sheets.services import sheet_export, sheet_import

from .processes import BenchmarkError, Measured, benchmark_user

# The stock django-import-export import runs about 1,000 rows/s: measured on at most this
# many rows, and compared in rows per second.
STOCK_SAMPLE = 10_000


# The rows of the import file ###############################################


class ImportRow(NamedTuple):
    full_name: str
    birth_year: int
    gender: str
    organisation: str
    organisation_id: int
    role: str
    title: str
    start_on: date


class ImportRows:
    """New people, each with a post in an organisation of the database; the same rows for a seed.

    Every (name, birth year) is new to the database and to the file, so that each row makes
    one new person and one new membership, in the import and in its baselines alike. A namesake
    born in another year, or one spelt a tone apart, may still be on file, and the import flags
    such a row as a possible duplicate (records.duplicates): the tasks import with
    duplicates=NEW, the answer a clerk gives for people known to be new, so the check runs and
    is measured but refuses nothing. Only
    organisations whose name no other organisation shares are named, so that no row is
    ambiguous. rows(n) is always the first n rows of rows(m) for m > n.
    """

    ROLES = (
        (MembershipRole.MEMBER, 80),
        (MembershipRole.DEPUTY_SECRETARY, 8),
        (MembershipRole.SECRETARY, 4),
        (MembershipRole.GROUP_LEADER, 8),
    )
    FIRST_START = date(2010, 1, 1)
    LAST_START = date(2025, 6, 30)

    def __init__(self, seed):
        organisations = list(Organisation.objects.order_by("pk").values_list("pk", "name", "name_key"))
        shared = Counter(key for _, _, key in organisations)
        self.organisations = [(pk, name) for pk, name, key in organisations if shared[key] == 1]
        if not self.organisations:
            raise BenchmarkError("The database has no organisation for the import file to name.")
        self.taken = set()
        self.taken_names = set()  # a person of unknown birth year matches the name in any year
        for key, year in Person.objects.values_list("name_key", "birth_year").iterator():
            self.taken.add((key, year))
            if year is None:
                self.taken_names.add(key)
        self.seed = seed

    def rows(self, count):
        rng = random.Random(f"benchmark:{self.seed}")
        roles, weights = zip(*self.ROLES, strict=True)
        days = (self.LAST_START - self.FIRST_START).days
        seen = set()
        made = attempts = 0
        while made < count:
            attempts += 1
            if attempts > 50 * count + 1000:
                raise BenchmarkError(f"Could not make {count} distinct new people for the import file.")
            gender = PersonGender.FEMALE if rng.random() < names.FEMALE_SHARE else PersonGender.MALE
            middle = names.pick(rng, names.MIDDLE_TABLES[gender])
            # A second middle name now and then ("Thị Thu"), as real lists have: more names.
            if rng.random() < 0.4:
                middle = f"{middle} {names.pick(rng, names.MIDDLE_TABLES[gender])}".strip()
            parts = [
                names.pick(rng, names.FAMILY_TABLE),
                middle,
                names.pick(rng, names.GIVEN_TABLES[gender]),
            ]
            name = " ".join(part for part in parts if part)
            year = names.pick(rng, names.BIRTH_YEAR_TABLE)
            pk, organisation = rng.choice(self.organisations)
            role = rng.choices(roles, weights)[0]
            start_on = self.FIRST_START + timedelta(days=rng.randrange(days))
            key = vietnamese.identity_key(name)
            if (key, year) in seen or (key, year) in self.taken or key in self.taken_names:
                continue
            seen.add((key, year))
            made += 1
            yield ImportRow(name, year, gender.value, organisation, pk, role.value, "", start_on)


def write_import_file(path, rows):
    """The rows as an office would send them: the memberships sheet's own headers and labels."""
    resource_class = get_sheet("memberships")
    columns = ["full_name", "birth_year", "gender", "organisation", "role", "title", "start_on"]
    with translation.override("vi"):
        headers = [resource_class.fields[name].column_name for name in columns]
        genders = {value: str(label) for value, label in PersonGender.choices}
        roles = {value: str(label) for value, label in MembershipRole.choices}
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Chức vụ đảm nhiệm")
    date_format = workbook.add_format({"num_format": "d/m/yyyy"})
    sheet.write_row(0, 0, headers)
    for number, row in enumerate(rows, start=1):
        cells = [row.full_name, row.birth_year, genders[row.gender], row.organisation, roles[row.role]]
        sheet.write_row(number, 0, [*cells, row.title])
        sheet.write_datetime(number, 6, row.start_on, date_format)
    workbook.close()


# Tasks: each runs in a child process, on the database DATABASE_URL names ####


def app_tables():
    """Every model of the two apps, with the history and many-to-many tables."""
    return [
        model
        for label in ("records", "congress")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def reimport_figures(before, again, second):
    """What an import of the same file again did: its time, errors, rows unchanged and rows written.

    before: the table counts before it (table_counts()); again: its Measured; second: its result.
    """
    after = table_counts()
    history = {model._meta.db_table for model in app_tables() if hasattr(model, "history_id")}
    return {
        "reimport_seconds": again.seconds,
        "reimport_errors": len(second.errors),
        "reimport_unchanged": second.unchanged,
        "rows_before": sum(before.values()),
        "rows_written": sum(abs(after[table] - before[table]) for table in before),
        "history_written": sum(abs(after[table] - before[table]) for table in history & before.keys()),
    }


def table_counts():
    existing = set(connection.introspection.table_names())
    return {
        model._meta.db_table: model._default_manager.count()
        for model in app_tables()
        if model._meta.db_table in existing
    }


def task_write_files(*, seed, files):
    """Write the import files ({path: rows}); each is the first rows of the largest."""
    rows = list(ImportRows(seed).rows(max(files.values())))
    for path, count in files.items():
        write_import_file(path, rows[:count])
    return {"rows": len(rows)}


def task_import(*, path, rows, reimport):
    """sheet_import() of the file, for real; then, when asked, of the same file again."""
    user = benchmark_user()
    data = Path(path).read_bytes()
    first_pk = (Membership.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    with Measured() as measured:
        report = sheet_import(
            kind="memberships", data=data, file_name=Path(path).name, user=user, dry_run=False, duplicates=NEW
        )
    if report.errors or report.created != rows:
        errors = "; ".join(str(error) for error in report.errors[:5])
        raise BenchmarkError(f"The import made {report.created} of {rows} memberships. {errors}")
    figures = {"rows": rows, "first_pk": first_pk, **measured.figures()}
    if reimport:
        before = table_counts()
        with Measured() as again:
            second = sheet_import(
                kind="memberships",
                data=data,
                file_name=Path(path).name,
                user=user,
                dry_run=False,
                duplicates=NEW,
            )
        figures.update(reimport_figures(before, again, second))
    return figures


def task_bulk_create(*, seed, rows):
    """The baseline: bulk_create() of the same people and memberships, from rows in memory."""
    spec = list(ImportRows(seed).rows(rows))
    with Measured() as measured:
        with transaction.atomic():
            people = [Person(full_name=r.full_name, birth_year=r.birth_year, gender=r.gender) for r in spec]
            for person in people:
                person.normalise()
            Person.objects.bulk_create(people, batch_size=1000)
            memberships = [
                Membership(
                    person=person,
                    organisation_id=r.organisation_id,
                    role=r.role,
                    title=r.title,
                    start_on=r.start_on,
                )
                for person, r in zip(people, spec, strict=True)
            ]
            for membership in memberships:
                membership.normalise()
            Membership.objects.bulk_create(memberships, batch_size=1000)
    return {"rows": rows, **measured.figures()}


# The baseline: ModelResources as django-import-export's documentation declares them, with
# default settings.


class StockPersonResource(resources.ModelResource):
    class Meta:
        model = Person
        fields = ("id", "full_name", "birth_year", "gender")


class StockMembershipResource(resources.ModelResource):
    class Meta:
        model = Membership
        fields = ("id", "person", "organisation", "role", "title", "start_on")


def stock_file(headers, rows):
    """An xlsx as the stock resource exports it: field names as headers, ids and codes as values."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, headers)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(number, column, value, date_format)
            elif value is not None:
                sheet.write(number, column, value)
    workbook.close()
    return output.getvalue()


def stock_import(resource_class, content):
    """What the stock admin does with a confirmed file: read it with the XLSX format, import it."""
    dataset = XLSX().create_dataset(content)
    result = resource_class().import_data(dataset, dry_run=False)
    if result.has_errors() or result.has_validation_errors():
        errors = [str(error.error) for _, errors in result.row_errors()[:3] for error in errors]
        invalid = [str(row.error) for row in result.invalid_rows[:3]]
        raise BenchmarkError(f"The stock import failed: {errors or invalid}")


def task_stock_import(*, seed, rows):
    """The stock ModelResources on the same rows: people, then memberships naming them by id."""
    spec = list(ImportRows(seed).rows(rows))
    people_file = stock_file(
        ["id", "full_name", "birth_year", "gender"],
        [(None, r.full_name, r.birth_year, r.gender) for r in spec],
    )
    first_pk = (Person.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    with Measured() as people_import:
        stock_import(StockPersonResource, people_file)
    # The second file names the new people by id, as a stock export would: made untimed.
    new_people = Person.objects.filter(pk__gte=first_pk).values_list("pk", "name_key", "birth_year")
    ids = {(key, year): pk for pk, key, year in new_people}
    memberships = []
    for r in spec:
        person = ids[vietnamese.identity_key(r.full_name), r.birth_year]
        memberships.append((None, person, r.organisation_id, r.role, r.title, r.start_on))
    memberships_file = stock_file(["id", "person", "organisation", "role", "title", "start_on"], memberships)
    with Measured() as memberships_import:
        stock_import(StockMembershipResource, memberships_file)
    return {"rows": rows, "seconds": people_import.seconds + memberships_import.seconds}


def xlsxwriter_export(queryset):
    """The baseline export: the sheet's columns fetched with values_list(), written by xlsxwriter."""
    resource = get_sheet("memberships")()
    with translation.override("vi"):
        headers = resource.get_export_headers()
        genders = {value: str(label) for value, label in PersonGender.choices}
        roles = {value: str(label) for value, label in MembershipRole.choices}
    fields = [
        "person__full_name",
        "person__birth_year",
        "person__gender",
        "organisation__name",
        "role",
        "title",
        "start_on",
        "end_on",
        "note",
    ]
    if len(headers) != len(fields):
        raise BenchmarkError(f"The memberships sheet has {len(headers)} columns; the baseline writes 9.")
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet(resource.sheet_title())
    date_format = workbook.add_format({"num_format": "d/m/yyyy"})
    sheet.write_row(0, 0, headers)
    for number, values in enumerate(queryset.values_list(*fields).iterator(chunk_size=2000), start=1):
        name, year, gender, organisation, role, title, start_on, end_on, note = values
        sheet.write_row(number, 0, [name, year, genders.get(gender, ""), organisation, roles[role], title])
        for column, day in ((6, start_on), (7, end_on)):
            if day is not None:
                sheet.write_datetime(number, column, day, date_format)
        sheet.write(number, 8, note)
    workbook.close()
    return output.getvalue()


def task_export(*, writer, first_pk):
    """Export the memberships from first_pk on: through sheet_export() or the xlsxwriter baseline."""
    queryset = Membership.objects.filter(pk__gte=first_pk)
    with Measured() as measured:
        if writer == "sheet_export":
            content = sheet_export(kind="memberships", queryset=queryset, file_format="xlsx")
        else:
            content = xlsxwriter_export(queryset)
    return {"bytes": len(content), **measured.figures()}
