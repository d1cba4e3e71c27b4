"""The benchmark's memory figures are each process's own (congress/tooling/benchmark/processes.py)."""

import subprocess
import sys

from congress.tooling.benchmark.processes import rss_now, rss_peak

MB = 1024 * 1024
CHILD = "from congress.tooling.benchmark.processes import rss_peak; print(rss_peak())"


def test_a_child_started_by_a_large_process_reports_its_own_peak():
    ballast = b"x" * (400 * MB)  # written, so resident in this process
    assert rss_peak() >= rss_now() >= 400 * MB

    child = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)

    # A bare interpreter with Django's settings module imported: tens of megabytes, not this
    # process's 400 and more (which getrusage's ru_maxrss would carry into the child).
    assert int(child.stdout) < 200 * MB
    del ballast
