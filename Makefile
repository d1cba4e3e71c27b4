# The two commands of the README: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000
# The host part of HOST ("0.0.0.0" of "0.0.0.0:8080"; nothing when HOST is a port alone).
RUN_HOSTNAME := $(if $(findstring :,$(HOST)),$(firstword $(subst :, ,$(HOST))))
# `make run` serves as production does, debug mode off, so that a page not found or an error is
# the site's own page in Vietnamese, not Django's English debug page: static files by WhiteNoise
# after collectstatic, a secret key kept by this checkout in .secret-key (git-ignored). Bound to
# 0.0.0.0, the server answers any host name, for a demonstration on the office network.
RUN_ENV = DJANGO_SECRET_KEY="$$(cat .secret-key)" \
	DJANGO_ALLOWED_HOSTS="$(if $(filter 0.0.0.0,$(RUN_HOSTNAME)),*,127.0.0.1,localhost,[::1],$(RUN_HOSTNAME))"

.PHONY: run test test-benchmark loadtest loadtest-smoke loadtest-stop install install-test install-loadtest \
	browser fonts gettext data demo-user check clean

# The server in the foreground and, beside it, the worker that runs long imports in the
# background (docs/deployment.md); the worker stops when the server does, Ctrl+C included.
run: install fonts data demo-user .secret-key
	$(RUN_ENV) $(MANAGE) collectstatic --no-input --verbosity 0
	$(RUN_ENV) $(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(MANAGE) runserver $(HOST)

.secret-key: | $(PY)
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The layers first (import-linter, contracts in pyproject.toml): a second. Then the suite on every
# core and one more (pytest-xdist), each worker on a test database of its own; `make test TEST_WORKERS=0` runs
# it in one process. Work stealing: a worker that is done takes tests queued for a busy one, so a
# few long tests (the browser import of 20,000 rows, the fuzzers) do not leave a core idle at the
# end. Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE):
# otherwise every worker compiles every module again, every run. The benchmark's end-to-end run (a dozen processes, two generated databases:
# two minutes of CPU) is left to `make test-benchmark`, which CI runs on both databases.
# One worker more than the cores: about a third of a worker's time is spent waiting (on Chromium, a
# live server's thread, a child process), and a third worker fills it: on 2 cores 3 min 28 s
# against 4 min 31 s with two.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

test: install-test browser fonts gettext
	$(VENV)/bin/lint-imports --no-logo --no-cache
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not benchmark" $(PYTEST_ARGS)

test-benchmark: install-test
	$(PY) -m pytest -m benchmark $(PYTEST_ARGS)

# The load test of a congress day (docs/loadtest.md): gunicorn with the production settings against
# PostgreSQL holding a million generated people, and locust. Without DATABASE_URL it starts a
# cluster of its own in LOADTEST_PG_DIR on LOADTEST_PG_PORT (made the first time, kept running and
# kept between runs: the million people are generated once, in about a quarter of an hour, and
# later runs reuse them); `make loadtest-stop` stops it. With DATABASE_URL it runs there, generating
# the people if that database is empty. LOADTEST_ARGS go to `manage.py loadtest` (--help).
LOADTEST_PG_DIR ?= loadtest-data/postgresql
LOADTEST_PG_PORT ?= 54400
LOADTEST_URL = $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:$(LOADTEST_PG_PORT)/congress_loadtest)
LOADTEST_ENV = DJANGO_SECRET_KEY="$$(cat .secret-key)" DATABASE_URL="$(LOADTEST_URL)"

loadtest: install-loadtest .secret-key
	$(if $(DATABASE_URL),,bin/loadtest-postgres start $(LOADTEST_PG_DIR) $(LOADTEST_PG_PORT))
	$(LOADTEST_ENV) $(MANAGE) loadtest $(LOADTEST_ARGS)

loadtest-stop:
	bin/loadtest-postgres stop $(LOADTEST_PG_DIR)

# A few seconds of the same on 400 people in a new SQLite file, for CI: it fails on any error or
# an import not whole, not on the timings, which mean nothing at that size.
loadtest-smoke: install-loadtest .secret-key
	rm -rf loadtest-data/smoke && mkdir -p loadtest-data/smoke
	DJANGO_SECRET_KEY="$$(cat .secret-key)" DATABASE_URL="sqlite:///$(CURDIR)/loadtest-data/smoke/db.sqlite3" \
		$(MANAGE) loadtest --smoke --out-dir loadtest-data/smoke

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

$(VENV)/.installed-loadtest: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[loadtest]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-loadtest: $(VENV)/.installed-loadtest

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
browser:
	@bin/ensure-chromium

# The congress file's PDF embeds Liberation Serif 2 (Debian's fonts-liberation2), which has every
# Vietnamese letter; version 1 (fonts-liberation) has not.
fonts:
	@bin/ensure-fonts

# The English catalogue's test extracts the code's strings with xgettext (Debian's gettext).
gettext:
	@bin/ensure-gettext

data: install
	DJANGO_DEBUG=1 $(MANAGE) migrate --no-input
	DJANGO_DEBUG=1 $(MANAGE) load_units --province 31
	DJANGO_DEBUG=1 $(MANAGE) loaddata thien_huong_2025

demo-user: install
	DJANGO_DEBUG=1 $(MANAGE) create_demo_user --address $(HOST)

check: install
	DJANGO_DEBUG=1 $(MANAGE) check
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 .secret-key staticfiles
