"""gunicorn as production runs it, for the load test and the fault tests: started with the
production settings (no DJANGO_DEBUG, a secret key, the allowed host), on a port of this
machine's loopback, and stopped; and one of its workers killed outright, as a crash would.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

HOST = "127.0.0.1"
# Sync workers, one request at a time each: 2 × cores + 1 (docs/loadtest.md says why).
DEFAULT_WORKERS = 2 * (os.cpu_count() or 1) + 1
# The manager's export of 100,000 people takes longer than gunicorn's default 30 s on a busy
# two-core machine: a worker past its timeout is killed, and the export with it.
DEFAULT_TIMEOUT = 300


class ServerError(RuntimeError):
    """gunicorn did not start, or stopped on its own."""


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def production_environment(database_url, **extra):
    """The environment of a production server on this machine, without any debug setting.

    The secret key is this process's: the sessions made here (workload.make_session) are signed
    with it, and gunicorn must read them.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SETTINGS_MODULE="congress.site.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update({name: str(value) for name, value in extra.items()})
    return env


def static_files_current():
    """Whether the collected static files are newer than every static file the finders find."""
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if os.path.getmtime(storage.path(path)) > collected:
                return False
    return True


def collect_static(env):
    """Start `collectstatic` (the manifest production's storage reads), unless the files collected
    last time are still current: compressing them takes seconds of a core, so it runs while the
    database is made ready. The process, or None; wait for it before gunicorn starts."""
    if static_files_current():
        return None
    return subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "collectstatic", "--no-input", "-v0"],
        env=env,
    )


class Gunicorn:
    """A gunicorn serving the site; use as a context manager, or start() and stop()."""

    def __init__(self, env, *, workers=DEFAULT_WORKERS, timeout=DEFAULT_TIMEOUT, port=None, log_path=None):
        self.env = env
        self.workers = workers
        self.timeout = timeout
        self.port = port or free_port()
        self.log_path = Path(log_path) if log_path else None
        self.process = None

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    def start(self, wait=60):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "congress.site.wsgi",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            str(self.timeout),
            "--graceful-timeout",
            "5",
            # A worker's start (Django's import) once, in the master: a worker that dies is
            # replaced in a fraction of a second.
            "--preload",
        ]
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=log, start_new_session=True
        )
        if log is not subprocess.DEVNULL:
            log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn stopped at start (exit {self.process.returncode}); see its log.")
            if len(self.worker_pids()) >= self.workers and self.answers():
                return self
            time.sleep(0.1)
        self.stop()
        raise ServerError(f"gunicorn did not answer on {self.url} within {wait} s.")

    def answers(self):
        try:
            with socket.create_connection((HOST, self.port), timeout=1):
                return True
        except OSError:
            return False

    def worker_pids(self):
        """The master's children: its workers (Linux's /proc)."""
        if self.process is None:
            return []
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in children.split()]

    def kill_a_worker(self, pid=None):
        """Kill one worker outright (SIGKILL), as a crash or the kernel's OOM killer would; its pid."""
        pid = pid or self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self):
        """Stop at once (SIGQUIT): the run is over, and no request is left to finish."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
