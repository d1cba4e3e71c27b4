"""Scoring the reader against a corpus of reports whose facts were written down by hand.

Each report NN-*.txt has its facts in NN-*.json, in the shape of Reading.as_json(). Per kind
the facts are compared as sets: a person is right when name, title and role match (after NFC
and the identity key, so "Thuỷ" = "Thủy"); a count by its name and value; a document by its
symbol; a figure by metric, value and unit as written; a committee by the kind of body
("BCH Đảng bộ xã" is a Ban Chấp hành) and its seats. Over the corpus, precision and recall
pool every fact; a report is exact for a kind when its two sets are equal.
"""

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from congress.reading.figures import body_kind
from congress.reading.reader import read_report
from records.vietnamese import identity_key

KINDS = ("people", "counts", "symbols", "figures", "committees")
LABELS = {
    "people": "Người kèm chức danh",
    "counts": "Số đại biểu, đảng viên, tổ chức",
    "symbols": "Số hiệu văn bản",
    "figures": "Số liệu (diện tích, dân số…)",
    "committees": "Số thành viên các ban",
}
# The targets: people by precision and recall, three kinds by the share of exact reports.
TARGETS = {
    "people": {"precision": 0.95, "recall": 0.9},
    "counts": {"exact": 0.95},
    "symbols": {"exact": 0.95},
    "committees": {"exact": 0.95},
}
TIME_LIMIT = 1.0  # seconds per report


def _key(value) -> str:
    return identity_key(value) if value else ""


def facts(reading: dict) -> dict[str, set]:
    """The comparable facts of a reading in as_json() shape, by kind."""
    counts = reading.get("counts") or {}
    return {
        "people": {(_key(p["name"]), _key(p.get("title")), p["role"]) for p in reading.get("people", [])},
        "counts": {
            (name, counts[name])
            for name in ("delegates", "members", "organisations")
            if counts.get(name) is not None
        },
        "symbols": {_key(d["symbol"]) for d in reading.get("documents", [])},
        "figures": {(f["metric"], _key(f["value"]), _key(f["unit"])) for f in reading.get("figures", [])},
        "committees": {(body_kind(c["body"]), c["seats"]) for c in reading.get("committees", [])},
    }


@dataclass
class Score:
    """Counts of right, extra and missed facts, and of exact reports, for one kind."""

    right: int = 0
    extra: int = 0
    missed: int = 0
    exact: int = 0
    reports: int = 0

    def add(self, got: set, expected: set) -> None:
        self.right += len(got & expected)
        self.extra += len(got - expected)
        self.missed += len(expected - got)
        self.exact += got == expected
        self.reports += 1

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.extra) if self.right + self.extra else 1.0

    @property
    def recall(self) -> float:
        return self.right / (self.right + self.missed) if self.right + self.missed else 1.0

    @property
    def exact_share(self) -> float:
        return self.exact / self.reports if self.reports else 1.0


@dataclass
class Result:
    """A corpus's scores by kind, the reports that were not exact, and the reading times."""

    scores: dict[str, Score] = field(default_factory=lambda: {kind: Score() for kind in KINDS})
    misses: list[tuple[str, str, set, set]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def add(self, name: str, got: dict, expected: dict) -> None:
        got_facts, expected_facts = facts(got), facts(expected)
        for kind in KINDS:
            self.scores[kind].add(got_facts[kind], expected_facts[kind])
            if got_facts[kind] != expected_facts[kind]:
                self.misses.append(
                    (
                        name,
                        kind,
                        got_facts[kind] - expected_facts[kind],
                        expected_facts[kind] - got_facts[kind],
                    )
                )

    def failures(self) -> list[str]:
        """The targets not met, in words; empty when every target is met (timing aside)."""
        failed = []
        for kind, targets in TARGETS.items():
            score = self.scores[kind]
            values = {"precision": score.precision, "recall": score.recall, "exact": score.exact_share}
            for measure, target in targets.items():
                if values[measure] < target:
                    failed.append(f"{LABELS[kind]}: {measure} {values[measure]:.2f} < {target:.2f}")
        return failed


def corpus(directory: Path) -> list[tuple[Path, Path]]:
    """Every NN-*.txt of a directory with the NN-*.json beside it, in order."""
    pairs = []
    for text in sorted(directory.glob("[0-9][0-9]-*.txt")):
        facts_file = text.with_suffix(".json")
        if facts_file.exists():
            pairs.append((text, facts_file))
    return pairs


def score_corpus(directory: Path, timer=time.perf_counter) -> Result:
    """Read every report of a corpus and score it against its facts."""
    result = Result()
    for text_file, facts_file in corpus(directory):
        text = text_file.read_text(encoding="utf-8")
        started = timer()
        reading = read_report(text)
        result.seconds.append(timer() - started)
        result.add(text_file.name, reading.as_json(), json.loads(facts_file.read_text(encoding="utf-8")))
    return result


_MEASURES = {"precision": "chính xác", "recall": "phủ", "exact": "đúng hoàn toàn"}


def table(result: Result) -> str:
    """The benchmark's table, in Vietnamese, with each target and whether it is met."""
    lines = [
        "| loại | độ chính xác | độ phủ | báo cáo đúng hoàn toàn | chỉ tiêu |",
        "|---|---|---|---|---|",
    ]
    for kind in KINDS:
        score = result.scores[kind]
        targets = TARGETS.get(kind, {})
        wanted = ", ".join(f"{_MEASURES[m]} ≥ {v:.2f}" for m, v in targets.items())
        values = {"precision": score.precision, "recall": score.recall, "exact": score.exact_share}
        verdict = (
            ("ĐẠT" if all(values[m] >= v for m, v in targets.items()) else "KHÔNG ĐẠT") if targets else ""
        )
        lines.append(
            f"| {LABELS[kind]} | {score.precision:.2f} ({score.right}/{score.right + score.extra}) "
            f"| {score.recall:.2f} ({score.right}/{score.right + score.missed}) "
            f"| {score.exact_share:.0%} ({score.exact}/{score.reports}) | {f'{wanted} {verdict}'.strip()} |"
        )
    if result.seconds:
        median, longest = statistics.median(result.seconds), max(result.seconds)
        verdict = "ĐẠT" if longest < TIME_LIMIT else "KHÔNG ĐẠT"
        lines.append(
            f"| Thời gian đọc mỗi báo cáo | trung vị {median * 1000:.1f} ms "
            f"| lâu nhất {longest * 1000:.1f} ms "
            f"| {len(result.seconds)} báo cáo | < {TIME_LIMIT:.0f} s {verdict} |"
        )
    return "\n".join(lines)
