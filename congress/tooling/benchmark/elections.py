"""
Measuring the election-results sheet kind (issue 14) as the memberships' is measured: an xlsx
of N candidates (new people, each with votes, the percentage as an office types it, and whether
elected) imported into one election through sheet_import(), against bulk_create() of the same
people, candidates and posts of the elected, and against stock django-import-export
ModelResources (people, then candidates); the unchanged file imported again; the candidates
exported through sheet_export() against xlsxwriter.

A real tally sheet lists tens of candidates, not thousands. One election of N candidates is
what the kind costs per row, at a size where any cost that grows with the file shows. The
election is a further round of a generated congress's committee election, made the same way in
every copy of the database: 200 delegates convened, 198 valid ballots, 15 seats. The first 15
rows are elected with more than 100 votes, the others have at most 100; more candidates than
130 % of the seats is the warning the import gives and saves anyway.
"""

import io
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import xlsxwriter
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from import_export import resources

from congress.models import Candidate, Congress, Election, PercentageBase
from congress.services import election_reason
from records import vietnamese
from records.models import Membership, Person
from records.models.people import MembershipRole
from records.sheets.choices import NEW
from records.sheets.kinds import get_sheet
from records.sheets.services import sheet_export, sheet_import

from .processes import BenchmarkError, Measured, benchmark_user
from .spreadsheets import ImportRows, StockPersonResource, reimport_figures, stock_file, stock_import, table_counts

KIND = "election-results"
ROUND = 9
SEATS = 15
CONVENED = 200
VALID = 198
INVALID = 2


class ResultRow(NamedTuple):
    full_name: str
    birth_year: int
    votes: int
    elected: bool

    @property
    def percentage(self):
        """As a tally sheet prints it: votes ÷ the delegates convened, two decimals, a comma."""
        value = (Decimal(self.votes) * 100 / CONVENED).quantize(Decimal("0.01"))
        return f"{vietnamese.format_number(value, 2)}%"


def result_rows(seed, count):
    """New people (ImportRows': the same for a seed), the first SEATS elected."""
    for index, row in enumerate(ImportRows(seed).rows(count)):
        elected = index < SEATS
        votes = (
            CONVENED // 2 + 1 + index * 5 % (VALID - CONVENED // 2)
            if elected
            else index * 7 % (CONVENED // 2 + 1)
        )
        yield ResultRow(row.full_name, row.birth_year, votes, elected)


def benchmark_election():
    """The election the file goes into: the same in every copy of the generated database."""
    congress = (
        Congress.objects.filter(term_start=2025, executive_committee__isnull=False).order_by("pk").first()
    )
    if congress is None:
        raise BenchmarkError("The database has no congress with an executive committee to elect.")
    election, _ = Election.objects.get_or_create(
        congress=congress,
        body=congress.executive_committee,
        role=MembershipRole.MEMBER,
        round=ROUND,
        defaults={
            "seats_planned": SEATS,
            "seats_decided": SEATS,
            "delegates_convened": CONVENED,
            "percentage_base": PercentageBase.DELEGATES,
            "ballots_issued": CONVENED,
            "ballots_received": VALID + INVALID,
            "ballots_valid": VALID,
            "ballots_invalid": INVALID,
        },
    )
    return election


def write_results_file(path, rows):
    """The rows under the sheet kind's own headers, as the vote-counting tool's sheet would give them."""
    resource_class = get_sheet(KIND)
    with translation.override("vi"):
        headers = [resource_class.fields[name].column_name for name in resource_class._meta.fields]
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet(str(resource_class.sheet_title()))
    sheet.write_row(0, 0, headers)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(
            number, 0, [row.full_name, row.birth_year, row.votes, row.percentage, "x" if row.elected else ""]
        )
    workbook.close()


# Tasks: each runs in a child process, on the database DATABASE_URL names ####


def task_write_results_files(*, seed, files):
    """Write the files ({path: rows}); each is the first rows of the largest."""
    rows = list(result_rows(seed, max(files.values())))
    for path, count in files.items():
        write_results_file(path, rows[:count])
    return {"rows": len(rows)}


def task_results_import(*, path, rows, reimport):
    """sheet_import() of the file into the election, for real; then, when asked, again."""
    user = benchmark_user()
    election = benchmark_election()
    data = Path(path).read_bytes()

    def run():
        return sheet_import(
            kind=KIND,
            data=data,
            file_name=Path(path).name,
            user=user,
            congress=election,
            dry_run=False,
            duplicates=NEW,  # the rows are new people (ImportRows says why)
        )

    with Measured() as measured:
        report = run()
    if report.errors or report.created != rows:
        errors = "; ".join(str(error) for error in report.errors[:5])
        raise BenchmarkError(f"The import made {report.created} of {rows} candidates. {errors}")
    figures = {"rows": rows, "election": election.pk, **measured.figures()}
    if reimport:
        before = table_counts()
        with Measured() as again:
            second = run()
        figures.update(reimport_figures(before, again, second))
    return figures


def task_results_bulk_create(*, seed, rows):
    """The baseline: bulk_create() of the people, their candidacies and the elected's posts."""
    spec = list(result_rows(seed, rows))
    election = benchmark_election()
    reason = election_reason(election)
    with Measured() as measured:
        with transaction.atomic():
            people = [Person(full_name=r.full_name, birth_year=r.birth_year) for r in spec]
            for person in people:
                person.normalise()
            Person.objects.bulk_create(people, batch_size=1000)
            posts = {
                person.pk: Membership(
                    person=person,
                    organisation_id=election.body_id,
                    role=election.role,
                    start_on=election.held_on,
                    start_reason=reason,
                )
                for person, r in zip(people, spec, strict=True)
                if r.elected
            }
            Membership.objects.bulk_create(list(posts.values()), batch_size=1000)
            Candidate.objects.bulk_create(
                [
                    Candidate(
                        election=election,
                        person=person,
                        votes=r.votes,
                        elected=r.elected,
                        membership=posts.get(person.pk),
                    )
                    for person, r in zip(people, spec, strict=True)
                ],
                batch_size=1000,
            )
    return {"rows": rows, **measured.figures()}


class StockCandidateResource(resources.ModelResource):
    class Meta:
        model = Candidate
        fields = ("id", "election", "person", "votes", "elected")


def task_results_stock_import(*, seed, rows):
    """The stock ModelResources on the same rows: people, then candidates naming them by id."""
    spec = list(result_rows(seed, rows))
    election = benchmark_election()
    people_file = stock_file(
        ["id", "full_name", "birth_year"], [(None, r.full_name, r.birth_year) for r in spec]
    )
    first_pk = (Person.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    with Measured() as people_import:
        stock_import(StockPersonResource, people_file)
    new_people = Person.objects.filter(pk__gte=first_pk).values_list("pk", "name_key", "birth_year")
    ids = {(key, year): pk for pk, key, year in new_people}
    candidates = [
        (None, election.pk, ids[vietnamese.identity_key(r.full_name), r.birth_year], r.votes, int(r.elected))
        for r in spec
    ]
    candidates_file = stock_file(["id", "election", "person", "votes", "elected"], candidates)
    with Measured() as candidates_import:
        stock_import(StockCandidateResource, candidates_file)
    return {"rows": rows, "seconds": people_import.seconds + candidates_import.seconds}


def xlsxwriter_results(election):
    """The baseline export: the sheet's columns fetched with values_list(), written by xlsxwriter."""
    resource = get_sheet(KIND)()
    with translation.override("vi"):
        headers = resource.get_export_headers()
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet(str(resource.sheet_title()))
    sheet.write_row(0, 0, headers)
    values = (
        election.candidates.order_by("-votes", "person__sort_key", "person__birth_year")
        .values_list("person__full_name", "person__birth_year", "votes", "elected")
        .iterator(chunk_size=2000)
    )
    for number, (name, year, votes, elected) in enumerate(values, start=1):
        percentage = election.percentage(votes)
        sheet.write_row(number, 0, [name, year, votes, float(percentage), "x" if elected else ""])
    workbook.close()
    return output.getvalue()


def task_results_export(*, writer, election):
    """Export the election's candidates: through sheet_export() or the xlsxwriter baseline."""
    election = Election.objects.get(pk=election)
    with Measured() as measured:
        if writer == "sheet_export":
            queryset = Candidate.objects.filter(election=election)
            content = sheet_export(kind=KIND, queryset=queryset, file_format="xlsx")
        else:
            content = xlsxwriter_results(election)
    return {"bytes": len(content), **measured.figures()}
