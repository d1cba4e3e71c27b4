"""One load run, start to end: the data, the workload, gunicorn, the single-user baseline, locust,
the check of the imports and the table.
"""

import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from congress.tooling.synthetic.generator import SOURCE_TITLE_PREFIX, generate
from records.models import AccessLog, Person, Source
from records.models.access import AccessEvent
from records.models.sources import SourceKind

from . import report
from .baseline import pages_per_second, single_user
from .forms import SAVE_REFUSED
from .integrity import check_imports
from .rosters import run_tag
from .server import Gunicorn, collect_static, production_environment
from .workload import READER_KINDS, clear_sessions, prepare, reader_sessions

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
CLERK_KINDS = [
    "clerk changelist",
    "clerk autocomplete",
    "clerk form open",
    "clerk form save",
    SAVE_REFUSED,
    "clerk import page",
    "clerk import preview",
    "clerk import confirm",
]


class LoadTestError(RuntimeError):
    """The run could not be made (no data, a server that did not start)."""


@dataclass
class Options:
    people: int
    seed: int
    duration: int
    workers: int
    timeout: int
    clerks: int
    readers: int | None
    reader_interval: float
    load: float
    clerk_think: tuple
    import_chance: float
    rosters_per_clerk: int
    roster_rows: int
    export_rows: int
    export_pause: int
    baseline_runs: int
    conn_max_age: int
    kill_worker_after: float | None
    out_dir: Path
    smoke: bool
    scope: str


def load_average():
    try:
        return "/".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


def machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = model or platform.machine()
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}"


def database_url():
    return os.environ.get("DATABASE_URL") or f"sqlite:///{Path(settings.BASE_DIR) / 'db.sqlite3'}"


def database_version():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


class LoadRun:
    def __init__(self, options, write):
        self.options = options
        self.write = write

    def ensure_data(self):
        """Migrate; generate the people once, or use those an earlier run generated."""
        call_command("migrate", verbosity=0, interactive=False)
        generated = Source.objects.filter(kind=SourceKind.MANUAL, title__startswith=SOURCE_TITLE_PREFIX)
        if generated.exists():
            return False
        if Person.objects.exists():
            raise LoadTestError(
                "The database holds people but no generated data: the load test runs on a database "
                "made by generate_data (an empty one is generated)."
            )
        self.write(f"Generating {self.options.people:,} people (once; later runs reuse them)…")
        generate(people=self.options.people, seed=self.options.seed)
        return True

    def lap(self, phase):
        now = time.monotonic()
        self.phases.append(f"{phase} {now - self.last:.0f} s")
        self.last = now

    def run(self):
        options = self.options
        started = time.strftime("%Y-%m-%d %H:%M:%S")
        self.phases, self.last = [], time.monotonic()
        began = timezone.now()
        load_before = load_average()
        env = production_environment(database_url(), DJANGO_CONN_MAX_AGE=options.conn_max_age)
        collecting = collect_static(env)
        generated = self.ensure_data()
        clear_sessions()
        folder = options.out_dir / f"run-{time.strftime('%Y%m%d-%H%M%S')}"
        folder.mkdir(parents=True, exist_ok=True)
        workload = prepare(
            folder,
            clerks=options.clerks,
            rosters_per_clerk=options.rosters_per_clerk,
            roster_rows=options.roster_rows,
            export_rows=options.export_rows,
            tag=run_tag(),
            scope=options.scope,
        )
        people = Person.objects.count()
        self.lap("data and workload")
        if collecting is not None and collecting.wait() != 0:
            raise LoadTestError("collectstatic failed (see above).")
        server = Gunicorn(
            env, workers=options.workers, timeout=options.timeout, log_path=folder / "gunicorn.log"
        )
        with server:
            self.lap("static files and gunicorn")
            baseline = single_user(
                server.url,
                self.baseline_session(workload),
                workload["reader"]["pages"],
                options.baseline_runs,
            )
            single_rate = pages_per_second(baseline, workload["weights"])
            self.lap("single user")
            cores = os.cpu_count() or 1
            readers = options.readers or self.readers_for(baseline, single_rate * cores)
            reader_sessions(workload, readers)
            self.complete(workload, folder, readers)
            killed = self.run_locust(server, workload, folder)
            self.lap("load")
        check = check_imports(
            [r for clerk in workload["clerks"] for r in clerk["rosters"]], workload["outcomes"]
        )
        export_rows = (
            AccessLog.objects.filter(
                kind=AccessEvent.EXPORT, user__username=workload["manager"]["username"], at__gte=began
            )
            .order_by("-at")
            .values_list("rows", flat=True)
            .first()
        )
        stats, errors = report.read_statistics(workload["statistics"])
        order = [f"reader {kind}" for kind in READER_KINDS] + CLERK_KINDS + ["manager export"]
        table = report.build_table(stats, baseline, single_rate, cores, check, export_rows, order)
        self.lap("check")

        self.write(
            f"manage.py loadtest: {people:,} people "
            f"({'generated now' if generated else 'already generated'}), "
            f"{database_version()}, gunicorn {options.workers} sync workers, "
            f"{readers} readers (a page every {options.reader_interval:g} s on average; "
            f"{'everything' if options.scope == 'everything' else 'their city'} in scope), "
            f"{options.clerks} clerks, 1 manager, {options.duration} s; city: {workload['city']} "
            f"({workload['wards']} wards)."
        )
        self.write(
            f"Machine: {machine()}. Started {started}; "
            f"load average {load_before} before, {load_average()} after."
        )
        for kind, measured in baseline.items():
            for error in measured.errors:
                self.write(f"Single-user {kind}: {error}")
        self.write("")
        self.write(report.markdown(table.rows))
        self.write("")
        for name, error, occurrences in errors[:10]:
            self.write(f"error ×{occurrences}: {name}: {error}")
        for problem in check.problems:
            self.write(f"import: {problem}")
        if killed:
            self.write(f"Worker {killed[0]} was killed (SIGKILL) {killed[1]:.0f} s into the load.")
        self.write(f"Phases: {', '.join(self.phases)}.")
        self.write(f"Files of this run (workload, outcomes, locust and gunicorn logs): {folder}")
        return table

    def baseline_session(self, workload):
        """A reader's session of its own for the baseline."""
        reader_sessions(workload, 1)
        return workload["reader"]["sessions"][0]

    def readers_for(self, baseline, capacity):
        """Readers who, each opening a page every `reader_interval` s, ask `load` × the capacity."""
        means = [measured.mean for measured in baseline.values() if measured.mean is not None]
        response = sum(means) / len(means) if means else 0
        return max(1, round(self.options.load * capacity * (self.options.reader_interval + response)))

    def complete(self, workload, folder, readers):
        options = self.options
        workload["reader"]["count"] = readers
        workload["reader"]["interval"] = options.reader_interval
        workload["clerk_think"] = list(options.clerk_think)
        workload["import_chance"] = options.import_chance
        workload["smoke"] = options.smoke
        workload["manager"]["pause"] = options.export_pause
        workload["manager"]["timeout"] = options.timeout
        workload["outcomes"] = str(folder / "imports.jsonl")
        workload["statistics"] = str(folder / "statistics.json")
        (folder / "workload.json").write_text(json.dumps(workload, ensure_ascii=False, indent=1))

    def run_locust(self, server, workload, folder):
        options = self.options
        users = workload["reader"]["count"] + len(workload["clerks"]) + 1
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{options.duration}s",
            "--host",
            server.url,
            "--reset-stats",
            "--only-summary",
            # A clerk in the middle of an import at the end finishes it.
            "--stop-timeout",
            "120",
            "--exit-code-on-error",
            "0",
            "--loglevel",
            "WARNING",
        ]
        env = {
            **os.environ,
            "LOADTEST_WORKLOAD": str(folder / "workload.json"),
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        killed = []
        timer = None
        if options.kill_worker_after is not None:
            started = time.monotonic()

            def kill():
                pid = server.kill_a_worker()
                killed.extend([pid, time.monotonic() - started])

            timer = threading.Timer(options.kill_worker_after, kill)
        with open(folder / "locust.log", "wb") as log:
            process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log)
            if timer is not None:
                timer.start()
            try:
                returncode = process.wait(options.duration + 300)
            finally:
                if timer is not None:
                    timer.cancel()
                if process.poll() is None:
                    process.kill()
        if returncode != 0:
            raise LoadTestError(f"locust stopped with exit {returncode}; see {folder / 'locust.log'}.")
        return killed
