"""
The data cache: the benchmark's databases, one per size, generated once and kept between runs
(SQLite files in a folder, or databases on the configured PostgreSQL server), and the task that
makes one ready.
"""

import shutil
import sqlite3
import sys
import urllib.parse
from pathlib import Path

from django.core.management import call_command
from django.db import connections

from congress.models import Election
from congress.tooling.synthetic.generator import generate, source_title
from records.models import Person, Source

from .processes import BenchmarkError, Measured

# The size of the small database, one of the sizes the issue names: pages at M people are
# compared with pages at this many, and imports write into copies of it.
BASE_PEOPLE = 1000
# The throw-away copies of the small database that imports write into.
SCRATCH = [
    "scratch-import",
    "scratch-import-tenth",
    "scratch-bulk-create",
    "scratch-stock",
    "scratch-results",
    "scratch-results-tenth",
    "scratch-results-bulk-create",
    "scratch-results-stock",
    "scratch-dossier-seed",
    "scratch-dossier-large",
]


class SQLiteStore:
    """Benchmark databases as SQLite files in a folder."""

    def __init__(self, data_dir):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)

    def version(self):
        return f"SQLite {sqlite3.sqlite_version}"

    def path(self, name):
        return self.data_dir / f"{name}.sqlite3"

    def url(self, name):
        return f"sqlite:///{self.path(name).resolve()}"

    def where(self, name):
        return str(self.path(name))

    def exists(self, name):
        return self.path(name).exists()

    def drop(self, name):
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path(name)}{suffix}").unlink(missing_ok=True)

    def copy(self, source, target):
        self.drop(target)
        shutil.copyfile(self.path(source), self.path(target))

    def close(self):
        pass


class PostgresStore:
    """Benchmark databases on the configured PostgreSQL server, named after the configured database."""

    def __init__(self, alias="default"):
        self.settings_dict = connections[alias].settings_dict
        self.prefix = f"{self.settings_dict['NAME']}_bench_"
        # A connection of its own, in autocommit: CREATE DATABASE cannot run in a transaction.
        self.admin = connections.create_connection(alias)

    def execute(self, sql, params=None):
        with self.admin.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    def version(self):
        return f"PostgreSQL {self.execute('SHOW server_version')[0][0]}"

    def database(self, name):
        return f"{self.prefix}{name}".replace("-", "_")

    def url(self, name):
        s = self.settings_dict
        credentials = ""
        if s.get("USER"):
            credentials = urllib.parse.quote(s["USER"], safe="")
            if s.get("PASSWORD"):
                credentials += ":" + urllib.parse.quote(s["PASSWORD"], safe="")
            credentials += "@"
        port = f":{s['PORT']}" if s.get("PORT") else ""
        return f"postgres://{credentials}{s.get('HOST') or ''}{port}/{self.database(name)}"

    def where(self, name):
        return f"database {self.database(name)}"

    def quoted(self, name):
        return self.admin.ops.quote_name(self.database(name))

    def exists(self, name):
        return bool(self.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.database(name)]))

    def create(self, name):
        self.execute(f"CREATE DATABASE {self.quoted(name)}")

    def drop(self, name):
        self.execute(f"DROP DATABASE IF EXISTS {self.quoted(name)} WITH (FORCE)")

    def copy(self, source, target):
        self.drop(target)
        self.execute(f"CREATE DATABASE {self.quoted(target)} TEMPLATE {self.quoted(source)}")

    def close(self):
        self.admin.close()


def open_store(data_dir):
    """The store for the configured database's engine."""
    if connections["default"].vendor == "postgresql":
        return PostgresStore()
    if connections["default"].vendor == "sqlite":
        return SQLiteStore(data_dir)
    raise BenchmarkError(f"The benchmark runs on SQLite or PostgreSQL, not {connections['default'].vendor}.")


def generated_name(people, seed):
    return f"people-{people}-seed-{seed}"


# The child side ############################################################


def task_prepare(*, people, seed):
    """Migrate; report whether the database holds exactly the synthetic data asked for, or make it."""
    call_command("migrate", verbosity=0, interactive=False)
    title = source_title(seed)
    generated = Source.objects.filter(title=title).exists()
    count = Person.objects.count()
    # A database generated before generate_data made elections (issue 14) lacks what the pages
    # and the election-results import measure: it is made again.
    if generated and count == people and Election.objects.exists():
        return {"ready": True, "generated": False}
    if generated or count or Source.objects.exists():
        return {"ready": False, "generated": False}

    step = max(1, people // 10)
    reported = [0]

    def progress(done, total):
        if done - reported[0] >= step:
            reported[0] = done
            print(f"  … {done:,} / {total:,} people", file=sys.stderr, flush=True)

    with Measured() as measured:
        generate(people=people, seed=seed, progress=progress)
    return {"ready": True, "generated": True, "seconds": measured.seconds}
