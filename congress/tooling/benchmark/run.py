"""
One run of manage.py benchmark, in the parent process: prepares the databases, runs each task
in a child process (see processes.py), and hands the figures to the report.
"""

import math
import os
import time
from pathlib import Path

from django.conf import settings

from .pages import TIMED_RUNS
from .dossier import FILES_IN_ONE_PROCESS, LARGE
from .processes import run_child
from .report import ELECTION_RESULTS, Report
from .spreadsheets import STOCK_SAMPLE
from .stores import BASE_PEOPLE, SCRATCH, PostgresStore, generated_name, open_store

# Passes over every page at each size, alternating sizes (see Benchmark.measure_pages).
PAGE_PASSES = 2


def fastest(kept, new):
    """The figures of a pass of pages, each page's from the pass where it was fastest."""
    if kept is None:
        return new
    for key, figures in new["pages"].items():
        if "seconds" in figures and figures["seconds"] < kept["pages"].get(key, {}).get("seconds", math.inf):
            kept["pages"][key] = figures
    return kept


class Benchmark:
    """One run of manage.py benchmark: prepares the databases, runs the tasks, builds the table."""

    def __init__(
        self, *, rows, scale, seed, data_dir, progress, runs=TIMED_RUNS, passes=PAGE_PASSES,
        congress_files=FILES_IN_ONE_PROCESS,
        congress_size=LARGE,
    ):
        self.rows = rows
        self.congress_size = congress_size
        self.congress_files = congress_files
        self.runs = runs
        self.passes = passes
        self.scale = scale
        self.seed = seed
        self.data_dir = Path(data_dir)
        self.progress = progress
        self.report = Report(rows=rows, scale=scale, seed=seed, runs=runs, passes=passes)

    def run(self):
        started = time.perf_counter()
        load_before = os.getloadavg()[0]
        self.store = open_store(self.data_dir)
        try:
            self.version = self.store.version()
            small = self.prepare(BASE_PEOPLE)
            large = self.prepare(self.scale)
            self.measure_spreadsheets(small)
            self.measure_election_results(small)
            self.measure_pages(small, large)
            self.measure_dossier(small)
        finally:
            # The copies imports wrote into and the files they read, also after a failure.
            for name in SCRATCH:
                self.store.drop(name)
            for pattern in ("import", "results"):
                for path in self.data_dir.glob(f"{pattern}-*-seed-{self.seed}.xlsx"):
                    path.unlink()
            self.store.close()
        self.elapsed = time.perf_counter() - started
        # A load above the benchmark's own one process says that others shared the machine.
        self.report.notes.append(
            f"Load average (1 min) when the run began and ended: {load_before:.1f} and "
            f"{os.getloadavg()[0]:.1f}, on {os.cpu_count()} CPUs."
        )
        return self.report.table(version=self.version, elapsed=self.elapsed)

    def child(self, name, task, env=None, **options):
        return run_child(self.store, name, task, env=env, **options)

    def prepare(self, people):
        """The database of `people` generated people: cached, or made now."""
        name = generated_name(people, self.seed)
        if not self.store.exists(name) and isinstance(self.store, PostgresStore):
            self.store.create(name)
        self.progress(f"Database of {people:,} people: {self.store.where(name)}")
        status = self.child(name, "prepare", people=people, seed=self.seed)
        if not status["ready"]:
            self.progress("  holds other data: made again")
            self.store.drop(name)
            if isinstance(self.store, PostgresStore):
                self.store.create(name)
            status = self.child(name, "prepare", people=people, seed=self.seed)
        if status["generated"]:
            self.progress(f"  generated in {status['seconds']:.0f} s; kept for the next run")
            self.report.notes.append(f"Generated {people:,} people in {status['seconds']:.0f} s this run.")
        return name

    # Spreadsheets ----------------------------------------------------------

    def measure_spreadsheets(self, small):
        rows, tenth = self.rows, max(1, self.rows // 10)
        sample = min(self.rows, STOCK_SAMPLE)
        files = {
            rows: self.data_dir / f"import-{rows}-seed-{self.seed}.xlsx",
            tenth: self.data_dir / f"import-{tenth}-seed-{self.seed}.xlsx",
        }
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.progress(f"Import file of {rows:,} rows")
        self.child(small, "write_files", seed=self.seed, files={str(path): n for n, path in files.items()})
        # The import refuses files over SPREADSHEET_MAX_BYTES: the benchmark's may be larger.
        size = files[rows].stat().st_size
        env = {"SPREADSHEET_MAX_BYTES": str(max(settings.SPREADSHEET_MAX_BYTES, size + 1))}
        self.progress(f"sheet_import of {rows:,} rows, then again")
        self.store.copy(small, "scratch-import")
        ours = self.child(
            "scratch-import", "import", env=env, path=str(files[rows]), rows=rows, reimport=True
        )
        self.progress(f"sheet_import of {tenth:,} rows")
        self.store.copy(small, "scratch-import-tenth")
        ours_tenth = self.child(
            "scratch-import-tenth", "import", env=env, path=str(files[tenth]), rows=tenth, reimport=False
        )
        self.store.drop("scratch-import-tenth")
        self.progress(f"bulk_create of {rows:,} rows")
        self.store.copy(small, "scratch-bulk-create")
        bulk = self.child("scratch-bulk-create", "bulk_create", seed=self.seed, rows=rows)
        self.store.drop("scratch-bulk-create")
        self.progress(f"stock django-import-export of {sample:,} rows")
        self.store.copy(small, "scratch-stock")
        stock = self.child("scratch-stock", "stock_import", seed=self.seed, rows=sample)
        self.store.drop("scratch-stock")
        self.progress(f"Export of {rows:,} rows: sheet_export, xlsxwriter")
        export = self.child("scratch-import", "export", writer="sheet_export", first_pk=ours["first_pk"])
        baseline = self.child("scratch-import", "export", writer="xlsxwriter", first_pk=ours["first_pk"])
        self.report.import_lines(ours, ours_tenth, bulk, stock)
        self.report.export_lines(export, baseline)

    def measure_election_results(self, small):
        """The election-results kind (elections.py), measured as the memberships' import above."""
        rows, tenth = self.rows, max(1, self.rows // 10)
        sample = min(self.rows, STOCK_SAMPLE)
        files = {
            rows: self.data_dir / f"results-{rows}-seed-{self.seed}.xlsx",
            tenth: self.data_dir / f"results-{tenth}-seed-{self.seed}.xlsx",
        }
        self.progress(f"Election results file of {rows:,} rows")
        self.child(
            small, "write_results_files", seed=self.seed, files={str(path): n for n, path in files.items()}
        )
        size = files[rows].stat().st_size
        env = {"SPREADSHEET_MAX_BYTES": str(max(settings.SPREADSHEET_MAX_BYTES, size + 1))}
        self.progress(f"sheet_import of {rows:,} election results, then again")
        self.store.copy(small, "scratch-results")
        ours = self.child(
            "scratch-results", "results_import", env=env, path=str(files[rows]), rows=rows, reimport=True
        )
        self.progress(f"sheet_import of {tenth:,} election results")
        self.store.copy(small, "scratch-results-tenth")
        ours_tenth = self.child(
            "scratch-results-tenth",
            "results_import",
            env=env,
            path=str(files[tenth]),
            rows=tenth,
            reimport=False,
        )
        self.store.drop("scratch-results-tenth")
        self.progress(f"bulk_create of {rows:,} election results")
        self.store.copy(small, "scratch-results-bulk-create")
        bulk = self.child("scratch-results-bulk-create", "results_bulk_create", seed=self.seed, rows=rows)
        self.store.drop("scratch-results-bulk-create")
        self.progress(f"stock django-import-export of {sample:,} election results")
        self.store.copy(small, "scratch-results-stock")
        stock = self.child("scratch-results-stock", "results_stock_import", seed=self.seed, rows=sample)
        self.store.drop("scratch-results-stock")
        self.progress(f"Export of {rows:,} election results: sheet_export, xlsxwriter")
        export = self.child(
            "scratch-results", "results_export", writer="sheet_export", election=ours["election"]
        )
        baseline = self.child(
            "scratch-results", "results_export", writer="xlsxwriter", election=ours["election"]
        )
        self.store.drop("scratch-results")
        self.report.import_lines(ours, ours_tenth, bulk, stock, kind=ELECTION_RESULTS)
        self.report.export_lines(export, baseline, kind=ELECTION_RESULTS)

    # Pages -----------------------------------------------------------------

    def measure_pages(self, small, large):
        """Pages at both sizes, in alternating passes; each page keeps its fastest pass.

        Another process busy for a while slows the pages measured meanwhile: alternating the
        sizes spreads that over both, and the fastest pass is the one it disturbed least.
        """
        at_small = at_large = None
        for number in range(1, self.passes + 1):
            self.progress(f"Pages at {BASE_PEOPLE:,} people (pass {number} of {self.passes})")
            at_small = fastest(at_small, self.child(small, "pages", deep=False, runs=self.runs))
            self.progress(f"Pages at {self.scale:,} people (pass {number} of {self.passes})")
            at_large = fastest(at_large, self.child(large, "pages", deep=True, runs=self.runs))
        self.report.page_lines(at_small, at_large)

    # The congress file -----------------------------------------------------

    def measure_dossier(self, small):
        """The seed congress's file in a database of the fixture alone; the large one in a copy."""
        self.progress("Congress file of the seed congress (fixture loaded into an empty database)")
        self.store.drop("scratch-dossier-seed")
        if isinstance(self.store, PostgresStore):
            self.store.create("scratch-dossier-seed")
        seed = self.child("scratch-dossier-seed", "dossier_seed", files=2)
        self.store.drop("scratch-dossier-seed")
        self.progress(
            f"Congress file of a congress of {self.congress_size.delegates} delegates, "
            f"{self.congress_size.indicators} indicators, {self.congress_size.elections} elections, "
            f"{self.congress_files} times in one process"
        )
        self.store.copy(small, "scratch-dossier-large")
        large = self.child(
            "scratch-dossier-large",
            "dossier_large",
            files=self.congress_files,
            seed=self.seed,
            size=list(self.congress_size),
        )
        self.store.drop("scratch-dossier-large")
        self.report.dossier_lines(seed, large)
