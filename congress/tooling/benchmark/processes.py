"""
The child-process runner: a measurement runs in a process of its own, on the database its
DATABASE_URL names, and prints its figures as JSON (why: the package docstring); and what a
task measures there, its wall time and the memory it cost.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.test.utils import setup_test_environment

BENCHMARK_USER = "benchmark"


class BenchmarkError(RuntimeError):
    """The benchmark could not measure something (a child failed, an import was refused)."""


# Memory ####################################################################


def rss_now():
    """This process's resident memory now, in bytes."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return rss_peak()


def rss_peak():
    """This process's own resident memory high-water mark, in bytes.

    /proc's VmHWM, not getrusage's ru_maxrss: the latter carries the parent's high-water mark
    across fork and exec, so a child started by a large process would report the parent's size.
    Elsewhere than Linux, ru_maxrss is what there is (KiB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class Measured:
    """Wall time and the RSS high-water above the start, of what runs inside the block."""

    def __enter__(self):
        self.rss_start = rss_now()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.rss_peak = rss_peak()

    def figures(self):
        return {
            "seconds": self.seconds,
            "memory": max(0, self.rss_peak - self.rss_start),
            "rss_start": self.rss_start,
        }


# Child processes ###########################################################


def run_child(store, name, task, env=None, **options):
    """Run a task in a child process on one database and return the figures it printed."""
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "benchmark",
        "--task",
        task,
        "--options",
        json.dumps(options),
    ]
    child_env = {**os.environ, **(env or {}), "DATABASE_URL": store.url(name)}
    # Its stderr (progress, a traceback) goes where ours goes; stdout carries the JSON.
    completed = subprocess.run(command, env=child_env, stdout=subprocess.PIPE, text=True, check=False)
    if completed.returncode != 0:
        raise BenchmarkError(f"The benchmark task “{task}” on {store.where(name)} failed (see above).")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def production_like():
    """In a child: settings as production has them, whatever the parent's DJANGO_DEBUG."""
    # The test environment records each response's context (the paginator) and allows the
    # test Client's host; with DEBUG off, as in production (and no query log kept in memory).
    setup_test_environment(debug=False)
    # WhiteNoise's manifest exists only after collectstatic; the pages need not depend on it.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


def benchmark_user():
    user, created = get_user_model().objects.get_or_create(
        username=BENCHMARK_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user

