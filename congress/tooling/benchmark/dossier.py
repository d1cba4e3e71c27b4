"""
Measuring the congress file (issue 16, part 4): the seconds `manage.py congress_file` takes to
make one congress's .zip (the file, the report of results and the request for approval as PDF
and Word, and a spreadsheet of every list: congress/dossier/archive.py), for the seed congress
and for a large one, and whether memory grows with the number of files one process makes.

The seed congress is the Thiên Hương fixture (fixtures/thien_huong_2025.json), loaded with
loaddata into an empty database of its own: the generated databases hold the same wards and
city under other identities, and the fixture is made to load alone.

The large congress is built in a copy of the 1,000-people database, because generate_data's
congresses are smaller than the issue's (at most 200 delegates named, 6 to 12 indicators, at
most six elections, and at 1,000 people one congress, whose committee was appointed). The
generated congress with the most elections (then the most people present) is topped up to
LARGE: new people present as delegates until LARGE.delegates are present, and its delegate
count set to that; indicators of the generator's kinds, each target met, until
LARGE.indicators; its election with the most candidates copied, candidates and tallies as they
are, as further rounds, until LARGE.elections. Each copy keeps every rule of an election's tally
(it is the same tally), so the file prints them as it prints real ones.

Time is the first file in a fresh process, the loading of the records included: what one
`manage.py congress_file` call pays beyond starting Django (WeasyPrint's fonts are read then).
Memory: the process makes the same file FILES_IN_ONE_PROCESS times; after each, a full garbage
collection, then its RSS, its RSS high-water mark and the number of objects the collector tracks.
The first file loads fonts, templates and caches that later files reuse; from the second file on,
a file that leaves something behind shows as growth, which the row compares, second to last.
"""

import gc
import os
import time
import uuid
from decimal import Decimal
from typing import NamedTuple

from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max

from congress.dossier.archive import render_zip
from congress.dossier.gather import CongressRecords
from congress.models import Attendance, AttendanceRole, Candidate, Congress, Election, Indicator
from congress.tooling.synthetic.congresses import NUMERIC_INDICATORS
from congress.tooling.synthetic.generator import source_title
from congress.tooling.synthetic.writing import Writer
from records.models import Person, Source

from .processes import BenchmarkError, rss_now, rss_peak
from .spreadsheets import ImportRows

SEED_FIXTURE = "thien_huong_2025"
FILES_IN_ONE_PROCESS = 5
# Issue 16's targets for the first file in a process: the seed congress, the large one.
SEED_SECONDS = 5
LARGE_SECONDS = 30
# What the process may grow by from the second file to the last. Measured (300 delegates, 40
# indicators, 6 elections; 5 files): the first file raises the RSS high-water mark some 150 MB
# above the process at start, later files move it by 0.1 MB, their settled RSS by under 1 MB
# (the allocator's arenas), and the objects the collector tracks by under ±100 (caches filled
# and emptied). A file's records kept alive would add thousands of objects (300 people present,
# each with a person and sources) and its layout many megabytes: the margins sit between the two.
DOSSIER_GROWTH_MB = 2
DOSSIER_GROWTH_OBJECTS = 1000


class Size(NamedTuple):
    delegates: int
    indicators: int
    elections: int


# The large congress: 300 delegates, 40 indicators, 6 elections.
LARGE = Size(delegates=300, indicators=40, elections=6)


def congress_size(congress):
    """What a congress holds, as Size counts it: people present, indicators, elections."""
    return Size(
        delegates=Attendance.objects.filter(congress=congress).count(),
        indicators=Indicator.objects.filter(congress=congress).count(),
        elections=Election.objects.filter(congress=congress).count(),
    )


# The large congress ########################################################


def largest_generated_congress():
    congress = (
        Congress.objects.annotate(
            election_count=Count("elections", distinct=True), present=Count("attendances", distinct=True)
        )
        .filter(election_count__gt=0)
        .order_by("-election_count", "-present", "pk")
        .first()
    )
    if congress is None:
        raise BenchmarkError(
            "The database has no congress with an election to build the large congress from."
        )
    return congress


@transaction.atomic
def build_large_congress(size=LARGE, seed=0):
    """Top the largest generated congress up to `size` (see the module docstring); return it."""
    congress = largest_generated_congress()
    have = congress_size(congress)
    # What is added cites the generated data's source, as what the generator wrote does.
    writer = Writer(Source.objects.get(title=source_title(seed)).pk)
    add_delegates(writer, congress, size.delegates - have.delegates, seed)
    add_indicators(writer, congress, size.indicators - have.indicators)
    add_election_rounds(writer, congress, size.elections - have.elections)
    if (congress.delegate_count or 0) < size.delegates:
        congress.delegate_count = size.delegates
        congress.save(update_fields=["delegate_count"])
    return congress


def add_delegates(writer, congress, count, seed):
    if count <= 0:
        return
    people = writer.save(
        [Person(full_name=row.full_name, birth_year=row.birth_year) for row in ImportRows(seed).rows(count)]
    )
    writer.save(
        [
            Attendance(
                congress=congress,
                person=person,
                role=AttendanceRole.DELEGATE,
                title=f"Đảng viên {congress.organisation.name}",
                organisation=congress.organisation,
            )
            for person in people
        ]
    )


def add_indicators(writer, congress, count):
    if count <= 0:
        return
    indicators = []
    for number in range(count):
        kind = NUMERIC_INDICATORS[number % len(NUMERIC_INDICATORS)]
        step = Decimal(1).scaleb(-kind.decimals)
        target = Decimal(str(kind.low)).quantize(step)
        indicators.append(
            Indicator(
                congress=congress,
                period_start=2021,
                period_end=2025,
                # A congress names each indicator once; the generator's kinds are fewer than 40.
                name=f"{kind.name} (chỉ tiêu bổ sung {number + 1})",
                unit=kind.unit,
                target=target,
                actual=target,
                direction=kind.direction,
            )
        )
    writer.save(indicators)


def add_election_rounds(writer, congress, count):
    if count <= 0:
        return
    model = (
        Election.objects.filter(congress=congress)
        .annotate(candidate_count=Count("candidates"))
        .order_by("-candidate_count", "pk")
        .first()
    )
    candidates = list(Candidate.objects.filter(election=model).order_by("pk"))
    last = Election.objects.filter(congress=congress, body=model.body_id, role=model.role).aggregate(
        last=Max("round")
    )["last"]
    for number in range(1, count + 1):
        election = Election.objects.get(pk=model.pk)
        election.pk = election.id = None
        election.uid = uuid.uuid4()
        election.round = last + number
        writer.save([election])
        if candidates:
            writer.save(
                [
                    Candidate(
                        election=election,
                        person_id=candidate.person_id,
                        nomination=candidate.nomination,
                        votes=candidate.votes,
                        elected=candidate.elected,
                    )
                    for candidate in candidates
                ]
            )


# Measuring #################################################################


def measure_files(uid, files):
    """The seconds of the first file, then memory after each of `files` files (see the docstring).

    Beside the wall time, the CPU time of the process and the load average when it began: on a
    machine others share, a file waits for a core as long as it computes (load 4 on 2 cores
    doubles the wall time), and the CPU time says what the file itself cost."""
    after = []
    first = None
    load = os.getloadavg()[0]
    for _ in range(files):
        started, cpu_started = time.perf_counter(), time.process_time()
        exported = render_zip(CongressRecords.load(uid))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if first is None:
            first = {"seconds": seconds, "cpu": cpu, "load": load}
            first.update(bytes=len(exported.content), rows=exported.rows)
        del exported
        gc.collect()
        after.append(
            {
                "rss": rss_now(),
                "peak": rss_peak(),
                "objects": len(gc.get_objects()),
                "seconds": seconds,
                "cpu": cpu,
            }
        )
    return {**first, "files": after}


# Tasks: each runs in a child process, on the database DATABASE_URL names ####


def task_dossier_seed(*, files):
    """Load the seed article into the (empty) database, then measure its congress's file."""
    call_command("migrate", verbosity=0, interactive=False)
    if not Congress.objects.exists():
        call_command("loaddata", SEED_FIXTURE, verbosity=0)
    congress = Congress.objects.get()
    rss_start = rss_now()
    figures = measure_files(congress.uid, files)
    return {**figures, "size": congress_size(congress)._asdict(), "rss_start": rss_start}


def task_dossier_large(*, files, seed, size=LARGE):
    """Build the large congress in this (throw-away) database, then measure its file."""
    congress = build_large_congress(size=Size(*size), seed=seed)
    rss_start = rss_now()
    figures = measure_files(congress.uid, files)
    return {**figures, "size": congress_size(congress)._asdict(), "rss_start": rss_start}
