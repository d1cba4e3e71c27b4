"""The congress file's benchmark rows (congress/tooling/benchmark/dossier.py): the large congress
it builds, and the lines of the table; the time itself is measured by `manage.py benchmark`."""

import pytest

from congress.models import Attendance, Candidate, Election, Indicator
from congress.tooling.benchmark.dossier import Size, build_large_congress, congress_size, measure_files
from congress.tooling.benchmark.report import TARGETS, Report
from congress.tooling.synthetic.generator import source_title
from tests.congress.factories import (
    AttendanceFactory,
    CandidateFactory,
    CongressFactory,
    ElectionFactory,
    IndicatorFactory,
)
from tests.records.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    """A congress as generate_data leaves one: a few delegates and indicators, one election."""
    source = SourceFactory(title=source_title(0))
    congress = CongressFactory(delegate_count=4)
    AttendanceFactory.create_batch(2, congress=congress)
    IndicatorFactory(congress=congress)
    CandidateFactory.create_batch(3, election=ElectionFactory(congress=congress))
    CandidateFactory(election__congress=CongressFactory(), elected=False, votes=10)  # another congress
    return congress, source


def test_the_large_congress_holds_what_it_says(generated):
    congress, source = generated
    rounds_before = list(Election.objects.filter(congress=congress).values_list("round", flat=True))

    built = build_large_congress(Size(delegates=12, indicators=5, elections=3), seed=0)

    assert built == congress
    assert congress_size(congress) == Size(delegates=12, indicators=5, elections=3)
    built.refresh_from_db()
    assert built.delegate_count == 12
    # Further rounds of the same election, its tally and its candidates as they were.
    first, *copies = Election.objects.filter(congress=congress).order_by("round")
    assert [first.round, *(e.round for e in copies)] == [*rounds_before, 2, 3]
    tally = ["body_id", "role", "delegates_convened", "ballots_issued", "ballots_valid", "ballots_invalid"]
    def ballot(election):
        return sorted(Candidate.objects.filter(election=election).values_list("person", "votes", "elected"))

    for copy in copies:
        assert [getattr(copy, name) for name in tally] == [getattr(first, name) for name in tally]
        assert ballot(copy) == ballot(first)
    # Every record added cites the generated data's source, as the generator's records do.
    added = Indicator.objects.filter(congress=congress, sources=source).count()
    assert added == 4
    assert Attendance.objects.filter(congress=congress, sources=source).count() == 10
    assert len(set(Indicator.objects.filter(congress=congress).values_list("name", flat=True))) == 5


def test_a_congress_already_larger_is_left_as_it_is(generated):
    congress, _ = generated
    before = congress_size(congress)

    build_large_congress(Size(delegates=1, indicators=1, elections=1), seed=0)

    assert congress_size(congress) == before
    congress.refresh_from_db()
    assert congress.delegate_count == 4


def test_measuring_reports_each_file_in_one_process(generated, monkeypatch):
    congress, _ = generated
    from congress.tooling.benchmark import dossier

    class Exported:
        content = b"zip"
        rows = 7

    made = []
    monkeypatch.setattr(dossier, "render_zip", lambda records: made.append(records.congress) or Exported())

    figures = measure_files(congress.uid, 3)

    assert made == [congress] * 3
    assert (figures["bytes"], figures["rows"], len(figures["files"])) == (3, 7, 3)
    assert all({"rss", "peak", "objects", "seconds", "cpu"} <= set(each) for each in figures["files"])
    assert figures["cpu"] >= 0 and figures["load"] >= 0


def figures(seconds, *, peaks=(100, 200, 200), objects=(10, 20, 20)):
    mb = 1_000_000
    return {
        "seconds": seconds,
        "cpu": seconds / 2,
        "load": 3.5,
        "bytes": 2 * mb,
        "rows": 400,
        "size": {"delegates": 300, "indicators": 40, "elections": 6},
        "files": [
            {"rss": peak * mb, "peak": peak * mb, "objects": count, "seconds": seconds}
            for peak, count in zip(peaks, objects, strict=True)
        ],
    }


def test_the_rows_are_declared_with_their_targets():
    report = Report(rows=1, scale=1, seed=0, runs=1, passes=1)

    report.dossier_lines(figures(4.0), figures(31.0, peaks=(100, 200, 203), objects=(10, 20, 30)))

    seed, large, memory = report.lines
    assert seed.measure.startswith("Congress file .zip (PDF + Word + sheets) of the seed congress")
    # Each time as a share of its target, as the other rows give ratios; the CPU time and the load
    # beside it say how much of the wall time was waiting for a core.
    assert (seed.baseline, seed.figure, seed.target) == ("target 5 s", "0.80×", "< 1× (5 s)")
    assert seed.result == "PASS"
    assert seed.measured.startswith("4.00 s (CPU 2.00 s, load 3.5); later files 4.00 s")
    assert "300 present, 40 indicators, 6 elections" in large.measure
    assert (large.figure, large.target, large.result) == ("1.03×", "< 1× (30 s)", "FAIL")
    assert memory.measure.startswith("Congress file memory: 3 files of the large congress in one process")
    # 3 MB over the 2 MB margin; 10 objects of the 1,000.
    assert memory.figure.startswith("1.50× (+3.0 MB")
    assert "objects 0.01× (+10)" in memory.figure
    assert memory.target == TARGETS["dossier_growth"].text
    assert memory.result == "FAIL"


def test_memory_growth_within_the_margin_passes():
    report = Report(rows=1, scale=1, seed=0, runs=1, passes=1)

    report.dossier_lines(figures(1.0), figures(2.0, peaks=(100, 200, 201), objects=(10, 20, 25)))

    assert report.lines[-1].result == "PASS"


def test_objects_over_their_margin_fail_the_memory_row_alone():
    report = Report(rows=1, scale=1, seed=0, runs=1, passes=1)

    report.dossier_lines(figures(1.0), figures(2.0, peaks=(100, 200, 200), objects=(10, 20, 1_021)))

    assert report.lines[-1].figure.startswith("0.00× (+0.0 MB")
    assert "objects 1.00× (+1,001)" in report.lines[-1].figure
    assert report.lines[-1].result == "FAIL"
