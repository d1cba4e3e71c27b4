"""
The table manage.py benchmark prints: one line per measure, with its baseline, what was
measured, the figure, the target and PASS or FAIL, and notes on how it was measured.
"""

import os
import platform
from dataclasses import dataclass
from typing import NamedTuple

from .dossier import DOSSIER_GROWTH_MB, DOSSIER_GROWTH_OBJECTS, LARGE_SECONDS, SEED_SECONDS
from .pages import DEEP_PAGE, MAX_RUNS_FACTOR, RUN_SECONDS, SLOW_PAGE, SLOW_RUNS
from .stores import BASE_PEOPLE

MB = 1_000_000


class Target(NamedTuple):
    text: str
    holds: object  # figure -> bool


TARGETS = {
    "import_vs_bulk": Target("≥ 0.50×", lambda ratio: ratio >= 0.5),
    "import_vs_stock": Target("≥ 10×", lambda ratio: ratio >= 10),
    "import_memory": Target("≤ 250 MB", lambda mb: mb <= 250),
    "import_growth": Target("< 20 %", lambda growth: growth < 0.20),
    "reimport_time": Target("≤ 0.50×", lambda ratio: ratio <= 0.5),
    "reimport_writes": Target("0", lambda rows: rows == 0),
    "export_time": Target("≤ 1.5×", lambda ratio: ratio <= 1.5),
    "export_memory": Target("≤ 120 MB", lambda mb: mb <= 120),
    "page_time": Target("≤ 2×", lambda ratio: ratio <= 2),
    "deep_page": Target("≤ 3×", lambda ratio: ratio <= 3),
    "spelling": Target("all", lambda found_expected: found_expected[0] == found_expected[1]),
    # Issue 16, part 4: the seconds of a file as a share of its target (5 s, 30 s), and memory
    # growth as a share of its margin (congress/tooling/benchmark/dossier.py says why those).
    "dossier_seed": Target(f"< 1× ({SEED_SECONDS} s)", lambda ratio: ratio < 1),
    "dossier_large": Target(f"< 1× ({LARGE_SECONDS} s)", lambda ratio: ratio < 1),
    "dossier_growth": Target(
        f"≤ 1× ({DOSSIER_GROWTH_MB} MB; {DOSSIER_GROWTH_OBJECTS:+,} objects)",
        lambda ratios: max(ratios) <= 1,
    ),
}


@dataclass
class Line:
    measure: str
    baseline: str
    measured: str
    figure: str
    target: str
    result: str


class SheetKind(NamedTuple):
    """How the lines of a sheet kind's import and export name what they measure."""

    label: str  # after "Import", "Export": "" for the memberships (the first lines), " (…)" else
    rows: str
    written: str
    stock: str
    exported: str


MEMBERSHIPS = SheetKind(
    "", "new memberships", "people + memberships", "people, then memberships", "memberships"
)
ELECTION_RESULTS = SheetKind(
    " (election-results)",
    "candidates into one election (election-results)",
    "people + candidates + posts of the elected",
    "people, then candidates",
    "candidates of the election (election-results)",
)


def seconds_text(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def mb_text(size):
    return f"{size / MB:.0f} MB"


def verdict(target_key, figure):
    return "PASS" if TARGETS[target_key].holds(figure) else "FAIL"


class Report:
    """The lines of the table, made from the figures the tasks returned, and the notes under it."""

    def __init__(self, *, rows, scale, seed, runs, passes):
        self.rows = rows
        self.scale = scale
        self.seed = seed
        self.runs = runs
        self.passes = passes
        self.lines = []
        self.notes = []

    # Spreadsheets ----------------------------------------------------------

    def import_lines(self, ours, tenth, bulk, stock, *, kind=MEMBERSHIPS):
        rows = ours["rows"]
        rate = rows / ours["seconds"]
        bulk_rate = bulk["rows"] / bulk["seconds"]
        stock_rate = stock["rows"] / stock["seconds"]
        ratio = rate / bulk_rate
        self.add(
            f"Import {rows:,} {kind.rows} from xlsx (sheet_import) vs bulk_create of the same "
            f"{kind.written} (rows in memory)",
            f"{bulk_rate:,.0f} rows/s",
            f"{rate:,.0f} rows/s",
            f"{ratio:.2f}×",
            "import_vs_bulk",
            ratio,
        )
        ratio = rate / stock_rate
        self.add(
            f"Import{kind.label} vs stock django-import-export ModelResource, default settings "
            f"({kind.stock}; measured on {stock['rows']:,} rows)",
            f"{stock_rate:,.0f} rows/s",
            f"{rate:,.0f} rows/s",
            f"{ratio:.1f}×",
            "import_vs_stock",
            ratio,
        )
        self.add(
            f"Import{kind.label} peak memory at {rows:,} rows (RSS high-water above the process at start)",
            f"process at start: {mb_text(ours['rss_start'])}",
            mb_text(ours["memory"]),
            mb_text(ours["memory"]),
            "import_memory",
            ours["memory"] / MB,
        )
        growth = ours["memory"] / tenth["memory"] - 1 if tenth["memory"] else float("inf")
        self.add(
            f"Import{kind.label} peak memory growth from {tenth['rows']:,} to {rows:,} rows",
            mb_text(tenth["memory"]),
            mb_text(ours["memory"]),
            f"{growth:+.0%}",
            "import_growth",
            growth,
        )
        ratio = ours["reimport_seconds"] / ours["seconds"]
        self.add(
            f"Re-import{kind.label} of the same unchanged file vs the first import",
            seconds_text(ours["seconds"]),
            seconds_text(ours["reimport_seconds"]),
            f"{ratio:.2f}×",
            "reimport_time",
            ratio,
        )
        written = ours["rows_written"] + ours["reimport_errors"]
        self.add(
            f"Re-import{kind.label}: rows written (every table of records and congress; "
            f"{ours['reimport_unchanged']:,} rows reported unchanged)",
            f"{ours['rows_before']:,} rows before",
            f"{ours['rows_before'] + ours['rows_written']:,} rows after",
            f"{ours['rows_written']:,} (history {ours['history_written']:,})",
            "reimport_writes",
            written,
        )

    def export_lines(self, ours, baseline, *, kind=MEMBERSHIPS):
        ratio = ours["seconds"] / baseline["seconds"]
        self.add(
            f"Export {self.rows:,} {kind.exported} to xlsx (sheet_export) vs xlsxwriter constant_memory, "
            "same rows (values_list)",
            seconds_text(baseline["seconds"]),
            seconds_text(ours["seconds"]),
            f"{ratio:.2f}×",
            "export_time",
            ratio,
        )
        self.add(
            f"Export{kind.label} peak memory (RSS high-water above the process at start; "
            "baseline: xlsxwriter)",
            mb_text(baseline["memory"]),
            mb_text(ours["memory"]),
            mb_text(ours["memory"]),
            "export_memory",
            ours["memory"] / MB,
        )

    # Pages -----------------------------------------------------------------

    def page_lines(self, at_small, at_large):
        small, large = at_small["pages"], at_large["pages"]
        for key, figures in large.items():
            if key.endswith(" deep"):
                continue
            self.page_line(key, small.get(key), figures, at_small["people"], at_large["people"])
        for key, figures in large.items():
            if key.endswith(" deep"):
                self.deep_line(key.removesuffix(" deep"), large[key.removesuffix(" deep")], figures)
        spelling = at_large["spelling"]
        if spelling:
            names = " / ".join(f"“{name}”" for name in spelling["spellings"])
            for where, found in spelling["found"].items():
                if isinstance(found, str):
                    measure = (
                        f"Search finds every spelling at {at_large['people']:,} people: {names}, {where}"
                    )
                    self.lines.append(Line(measure, "", "", found[:120], TARGETS["spelling"].text, "FAIL"))
                    continue
                self.add(
                    f"Search finds every spelling at {at_large['people']:,} people: {names}, "
                    f"{where} ?q={spelling['q']}",
                    f"{spelling['expected']:,} people with the name",
                    f"{found:,} found",
                    f"{found:,} of {spelling['expected']:,}",
                    "spelling",
                    (found, spelling["expected"]),
                )

    @staticmethod
    def failed(figures):
        if figures is None:
            return "not measured"
        if "error" in figures:
            return figures["error"][:120]
        if figures["status"] != 200:
            return f"HTTP {figures['status']}"
        return ""

    def page_line(self, key, small, large, small_people, large_people):
        url = large["url"]
        label = f"{key} ({url})" if key != url else url
        problem = self.failed(small) or self.failed(large)
        if problem:
            measure = f"Page {label}: at {large_people:,} vs {small_people:,} people"
            self.lines.append(Line(measure, "", "", problem, "≤ 2×; equal queries", "FAIL"))
            return
        ratio = large["seconds"] / small["seconds"]
        same = small["queries"] == large["queries"]
        failures = [
            reason
            for reason, holds in (("time", TARGETS["page_time"].holds(ratio)), ("queries", same))
            if not holds
        ]
        self.lines.append(
            Line(
                f"Page {label}: at {large_people:,} vs {small_people:,} people",
                f"{seconds_text(small['seconds'])}, {small['queries']} q",
                f"{seconds_text(large['seconds'])}, {large['queries']} q",
                f"{ratio:.2f}×; queries {small['queries']} {'=' if same else '≠'} {large['queries']}",
                f"{TARGETS['page_time'].text}; equal queries",
                "FAIL (" + ", ".join(failures) + ")" if failures else "PASS",
            )
        )

    def deep_line(self, key, first, deep):
        which = f"page {deep['page']:,}" + ("" if deep["page"] == DEEP_PAGE else " (the last)")
        label = f"Page {key}: {which} vs page 1"
        problem = self.failed(first) or self.failed(deep)
        if problem:
            self.lines.append(Line(label, "", "", problem, TARGETS["deep_page"].text, "FAIL"))
            return
        ratio = deep["seconds"] / first["seconds"]
        first_time, deep_time = seconds_text(first["seconds"]), seconds_text(deep["seconds"])
        self.add(label, first_time, deep_time, f"{ratio:.2f}×", "deep_page", ratio)

    # The congress file -----------------------------------------------------

    def dossier_lines(self, seed, large):
        """The seconds of one file for the seed congress and the large one, as shares of their
        targets; memory growth over many files in one process, as a share of its margin."""
        for which, figures, target_key, target in (
            ("the seed congress (Thiên Hương fixture)", seed, "dossier_seed", SEED_SECONDS),
            ("a large congress", large, "dossier_large", LARGE_SECONDS),
        ):
            size = figures["size"]
            later = min(f["seconds"] for f in figures["files"][1:])
            ratio = figures["seconds"] / target
            self.add(
                f"Congress file .zip (PDF + Word + sheets) of {which}: {size['delegates']:,} present, "
                f"{size['indicators']} indicators, {size['elections']} elections; first file in a "
                "process vs the target",
                f"target {target} s",
                f"{seconds_text(figures['seconds'])} (CPU {seconds_text(figures['cpu'])}, load "
                f"{figures['load']:.1f}); later files {seconds_text(later)} (fastest); "
                f"{figures['bytes'] / MB:.1f} MB zip, {figures['rows']:,} sheet rows",
                f"{ratio:.2f}×",
                target_key,
                ratio,
            )
        self.notes.append(
            "Congress file: each congress's files made in a process of their own; the seed congress in a "
            "database holding the fixture alone, the large one built from the generated congress with the "
            "most elections (congress/tooling/benchmark/dossier.py); wall time, with the process's CPU "
            "time and the load average (1 min) when its first file began; memory read after a full "
            "garbage collection following each file."
        )
        files = large["files"]
        second, last = files[1], files[-1]
        growth = (last["peak"] - second["peak"]) / MB
        objects = last["objects"] - second["objects"]
        ratios = (growth / DOSSIER_GROWTH_MB, objects / DOSSIER_GROWTH_OBJECTS)
        self.add(
            f"Congress file memory: {len(files)} files of the large congress in one process, RSS high-water "
            f"after file 2 vs file {len(files)} (after a full collection), vs the margins",
            f"{mb_text(second['peak'])} (RSS {mb_text(second['rss'])}, {second['objects']:,} objects)",
            f"{mb_text(last['peak'])} (RSS {mb_text(last['rss'])}, {last['objects']:,} objects)",
            f"{ratios[0]:.2f}× ({growth:+.1f} MB; RSS {(last['rss'] - second['rss']) / MB:+.1f} MB); "
            f"objects {ratios[1]:.2f}× ({objects:+,})",
            "dossier_growth",
            ratios,
        )

    # The table -------------------------------------------------------------

    def add(self, measure, baseline, measured, figure, target_key, value):
        self.lines.append(
            Line(measure, baseline, measured, figure, TARGETS[target_key].text, verdict(target_key, value))
        )

    def table(self, *, version, elapsed):
        failed = sum(line.result != "PASS" for line in self.lines)
        head = (
            f"manage.py benchmark --rows {self.rows} --scale {self.scale} --seed {self.seed}: "
            f"{version}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
            f"{len(self.lines) - failed} of {len(self.lines)} targets met; "
            f"{elapsed / 60:.1f} min"
        )
        header = Line("measure", "baseline", "measured", "figure", "target", "result")
        rows = [header, Line(*["---"] * 6), *self.lines]
        table = "\n".join(
            "| " + " | ".join(cell.replace("|", "\\|") for cell in vars(row).values()) + " |" for row in rows
        )
        notes = [
            "Pages: baseline at 1,000 people, measured at the larger size; Django's test Client as a "
            "superuser, "
            f"median of {self.runs} runs or more (up to {self.runs * MAX_RUNS_FACTOR}, until "
            f"{self.runs * RUN_SECONDS:.2f} s of runs) after a warm-up and a run counting queries; "
            f"{min(self.runs, SLOW_RUNS)} runs for a page over {SLOW_PAGE:.0f} s; the faster of "
            f"{self.passes} passes over every page, alternating the sizes; "
            "q = queries per request.",
            "Memory: RSS high-water mark (resource.getrusage) of a process running only that task, less its "
            "RSS when the task began.",
            f"Spreadsheets: each import and its baselines write into a throw-away copy of the "
            f"{BASE_PEOPLE:,}-people database; the exports read what the imports wrote. The election-results "
            "file goes into one election of a generated congress (a further round of its committee's: "
            "200 delegates, 198 valid ballots, 15 seats; the first 15 rows elected).",
            *self.notes,
        ]
        return "\n".join([head, "", table, "", *notes])
