"""
One run of generate_data: refuses a database that already holds generated data, makes the
source every record cites, and writes the plan's organisations, congresses and people in one
transaction.
"""

import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction

from records import vietnamese
from records.models import Person, Source
from records.models.sources import SourceKind

from .congresses import write_congresses
from .organisations import write_organisations
from .people import write_commune, write_province_leaders
from .plan import CannotGenerate, ensure_units, plan
from .writing import Writer

SOURCE_TITLE_PREFIX = "Dữ liệu giả lập (generate_data"
SYNTHETIC_NAMESPACE = uuid.UUID("0b6f2d8e-4a51-4c1e-9f0b-5d3c2a7e9b14")


def source_title(seed):
    return f"{SOURCE_TITLE_PREFIX}, seed {seed})"


class AlreadyGenerated(CannotGenerate):
    """The database already holds synthetic data."""

    def __init__(self, source):
        self.source = source
        people = Person.sources.through.objects.filter(source=source).count()
        super().__init__(
            f"Cơ sở dữ liệu này đã có dữ liệu giả lập (nguồn “{source.title}”, "
            f"{vietnamese.format_number(people)} người). "
            "generate_data không chạy chồng lên dữ liệu đã sinh, vì như thế số liệu sẽ không còn "
            "lặp lại được theo seed: hãy dùng một cơ sở dữ liệu mới (ví dụ "
            "DATABASE_URL=sqlite:////tmp/gen.sqlite3 manage.py migrate) hoặc xóa hết dữ liệu bằng "
            "manage.py flush rồi chạy lại."
        )


@dataclass
class GenerationReport:
    """What a run wrote, for the command's summary."""

    seed: int
    people: int
    units_loaded: bool
    counts: Counter
    citations: int
    communes: int
    elapsed: float
    source: Source


class Generator:
    """One run of generate_data. Use generate()."""

    def __init__(self, *, people, seed, communes=None, province=None, progress=None):
        self.people = people
        self.seed = seed
        self.communes_wanted = communes
        self.province = province  # a 2025 province code (int), or None for the whole country
        self.progress = progress or (lambda done, total: None)
        self.rng = random.Random(f"generate_data:{seed}")

    def run(self):
        started = time.perf_counter()
        previous = Source.objects.filter(
            kind=SourceKind.MANUAL, title__startswith=SOURCE_TITLE_PREFIX
        ).first()
        if previous is not None:
            raise AlreadyGenerated(previous)
        if not connection.features.can_return_rows_from_bulk_insert:
            raise CannotGenerate(
                "Cơ sở dữ liệu này không trả về mã của các dòng ghi hàng loạt; "
                "generate_data cần SQLite 3.35 trở lên hoặc PostgreSQL."
            )
        units_loaded = ensure_units(self.province)
        with transaction.atomic():
            source = Source(
                uid=uuid.uuid5(SYNTHETIC_NAMESPACE, f"source:{self.seed}"),
                kind=SourceKind.MANUAL,
                title=source_title(self.seed),
                text=(
                    f"Dữ liệu không có thật, sinh bởi manage.py generate_data --people {self.people} "
                    f"--seed {self.seed}, để thử tải và trình diễn."
                ),
            )
            source.normalise()
            Source.objects.bulk_create([source])
            writer = Writer(source.pk)
            provinces, communes = plan(
                self.rng,
                people=self.people,
                communes_wanted=self.communes_wanted,
                province_code=self.province,
            )
            write_organisations(writer, self.rng, provinces, communes)
            write_congresses(writer, self.rng, communes)
            done = 0
            for province in provinces:
                if province.communes:
                    write_province_leaders(writer, self.seed, province)
                    done += province.leader_count
                for commune in province.communes:
                    write_commune(writer, self.seed, commune)
                    done += commune.members
                    self.progress(done, self.people)
            writer.flush()
        return GenerationReport(
            seed=self.seed,
            people=self.people,
            units_loaded=units_loaded,
            counts=writer.counts,
            citations=writer.citations,
            communes=len(communes),
            elapsed=time.perf_counter() - started,
            source=source,
        )


def generate(*, people, seed=0, communes=None, province=None, progress=None):
    """Generate synthetic records for the given number of people and return a GenerationReport.

    communes: how many communes get a party organisation (by default one per
    MEMBERS_PER_COMMUNE people); province: a 2025 province code to keep to one province.
    Raises CannotGenerate, with a Vietnamese message, when the request cannot be met.
    """
    return Generator(people=people, seed=seed, communes=communes, province=province, progress=progress).run()
