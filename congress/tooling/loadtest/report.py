"""The load run's one table: per kind of request its rate, median and 95th/99th percentiles and
errors (from locust's statistics), the reader pages against their single-user medians, the
readers' throughput against the single-user rate × cores, and the check of the imports; each
target with PASS or FAIL.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from .workload import READER_KINDS

P95_FACTOR = 4
THROUGHPUT_SHARE = 0.60


@dataclass
class KindStats:
    name: str
    requests: int
    failures: int
    per_second: float
    median: float
    p95: float
    p99: float


def read_statistics(path):
    """({request name: KindStats}, [(name, error, occurrences)]) as the locustfile wrote them (ms)."""
    data = json.loads(Path(path).read_text())
    stats = {name: KindStats(name=name, **figures) for name, figures in data["kinds"].items()}
    errors = sorted(((name, error, n) for name, error, n in data["errors"]), key=lambda row: -row[2])
    return stats, errors


def number(value, digits=0):
    if value is None:
        return ""
    return f"{value:,.{digits}f}"


def verdict(passed):
    return "PASS" if passed else "FAIL"


@dataclass
class Table:
    rows: list
    passed: bool
    integrity_passed: bool


def build_table(stats, baseline, single_rate, cores, check, export_rows, order):
    """The rows of the table and whether every target, and the integrity targets alone, passed."""
    rows = []
    passed = True
    for name in order:
        kind = stats.get(name)
        if kind is None and name.startswith("reader "):
            # No request of this kind under load: its single-user median is still shown.
            kind = KindStats(name, 0, 0, 0.0, 0, 0, 0)
        if kind is None:
            continue
        single = target = result = figure = ""
        if name.startswith("reader "):
            base = baseline.get(name.removeprefix("reader "))
            if base is not None and base.median:
                single = number(base.median * 1000)
            if base is not None and base.median and kind.requests:
                ratio = kind.p95 / (base.median * 1000)
                figure = f"p95 {ratio:.1f}×"
                target = f"p95 ≤ {P95_FACTOR}× single user"
                ok = ratio <= P95_FACTOR
                passed &= ok
                result = verdict(ok)
        if name == "manager export" and export_rows is not None:
            figure = f"{number(export_rows)} rows"
        rows.append(
            [
                name,
                number(kind.requests),
                number(kind.per_second, 2),
                number(kind.median),
                number(kind.p95),
                number(kind.p99),
                number(kind.failures),
                single,
                figure,
                target,
                result,
            ]
        )
    readers = [stats[f"reader {kind}"] for kind in READER_KINDS if f"reader {kind}" in stats]
    reader_rate = sum(kind.per_second for kind in readers)
    capacity = single_rate * cores
    share = reader_rate / capacity if capacity else 0.0
    ok = share >= THROUGHPUT_SHARE
    passed &= ok
    rows.append(
        [
            "reader pages, all kinds",
            number(sum(kind.requests for kind in readers)),
            number(reader_rate, 2),
            "",
            "",
            "",
            number(sum(kind.failures for kind in readers)),
            f"{single_rate:.1f}/s",
            f"{share:.0%} of {single_rate:.1f}/s × {cores} cores",
            f"≥ {THROUGHPUT_SHARE:.0%}",
            verdict(ok),
        ]
    )
    errors = sum(kind.failures for kind in stats.values())
    integrity = [
        ("errors, all kinds", number(errors), "0", errors == 0),
        (
            "confirmed imports written whole",
            f"{check.confirmed_whole} of {check.confirmed}",
            "all, at least one",
            check.confirmed_whole == check.confirmed > 0,
        ),
        (
            "refused imports that wrote nothing",
            f"{check.refused_wrote_nothing} of {check.refused}",
            "all",
            check.refused_wrote_nothing == check.refused,
        ),
        (
            "imports whose answer was lost: whole or untouched",
            f"{check.lost_whole_or_untouched} of {check.lost}",
            "all",
            check.lost_whole_or_untouched == check.lost,
        ),
        ("partial imports", number(check.partial), "0", check.partial == 0),
    ]
    integrity_passed = True
    for measure, figure, target, ok in integrity:
        integrity_passed &= ok
        rows.append([measure, "", "", "", "", "", "", "", figure, target, verdict(ok)])
    return Table(rows, passed and integrity_passed, integrity_passed)


HEADERS = [
    "request",
    "requests",
    "per s",
    "median ms",
    "p95 ms",
    "p99 ms",
    "errors",
    "single user",
    "figure",
    "target",
    "result",
]


def markdown(rows):
    lines = ["| " + " | ".join(HEADERS) + " |", "| " + " | ".join("---" for _ in HEADERS) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
