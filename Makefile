# The two commands of the README: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run test test-benchmark install install-test browser data demo-user check clean

# The server in the foreground and, beside it, the worker that runs long imports in the
# background (docs/deployment.md); the worker stops when the server does, Ctrl+C included.
run: install data demo-user
	DJANGO_DEBUG=1 $(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST)

# The layers first (import-linter, contracts in pyproject.toml): a second. Then the suite on every
# core (pytest-xdist), each worker on a test database of its own; `make test TEST_WORKERS=0` runs
# it in one process. The benchmark's end-to-end run (a dozen processes, two generated databases:
# two minutes of CPU) is left to `make test-benchmark`, which CI runs on both databases.
TEST_WORKERS ?= auto

test: install-test browser
	$(VENV)/bin/lint-imports --no-logo --no-cache
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not benchmark" $(PYTEST_ARGS)

test-benchmark: install-test
	$(PY) -m pytest -m benchmark $(PYTEST_ARGS)

$(PY):
	"$$(bin/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The stamps make a second `make` skip what is already installed, and reinstall
# when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
browser:
	@bin/ensure-chromium

data: install
	DJANGO_DEBUG=1 $(MANAGE) migrate --no-input
	DJANGO_DEBUG=1 $(MANAGE) load_units --province 31
	DJANGO_DEBUG=1 $(MANAGE) loaddata thien_huong_2025

demo-user: install
	DJANGO_DEBUG=1 $(MANAGE) create_demo_user

check: install
	DJANGO_DEBUG=1 $(MANAGE) check
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3
