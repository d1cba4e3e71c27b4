import re
import shutil
from pathlib import Path

import hypothesis
import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings

from tests import database_template, roles_after_flush
from tests.article import load_article
from tests.pages import raise_on_undefined_variables

# Flags Chromium needs on a machine with no network beyond loopback: without them it
# keeps trying to reach its own services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_DIR = Path(__file__).resolve().parent.parent / "test-results"

# Hypothesis fails an example that runs over 200 ms; the suite runs on every core at once
# (make test), where a first call can take that long with nothing wrong: no deadline.
hypothesis.settings.register_profile("suite", deadline=None)
hypothesis.settings.load_profile("suite")


def pytest_configure(config):
    # Before the test database is made: its migrate notes the roles, each flush writes them again.
    roles_after_flush.connect()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The browser tests first, the rest in pytest-django's order (database tests, then
    transactional ones, then the others).

    pytest-django puts transactional tests last, and the browser tests are; `make test`'s workers
    start from contiguous shares of the list and steal from each other's ends, so they all ended
    the run on browser tests, which wait on Chromium and the network more than they compute, with
    the cores half idle. First, they fall to one worker while the others keep the cores busy.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


@pytest.fixture(scope="session")
def django_db_setup(
    request, tmp_path_factory, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """pytest-django's fixture of the same name, with each worker's test database migrated once
    for all of them on SQLite (tests/database_template.py). --reuse-db is not supported."""
    from django.test.utils import teardown_databases

    worker = getattr(request.config, "workerinput", None)
    # The folder pytest-xdist's workers share (each has its own below it).
    shared = tmp_path_factory.getbasetemp().parent if worker else None
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        configuration = database_template.set_up(shared, verbosity)
    yield
    with django_db_blocker.unblock():
        try:
            teardown_databases(configuration, verbosity=verbosity)
        except Exception as error:  # noqa: BLE001 - as pytest-django's own: a warning, not a failure
            request.node.warn(pytest.PytestWarning(f"Error when trying to teardown test databases: {error!r}"))


@pytest.fixture(scope="session", autouse=True)
def static_files():
    """Serve static files from the apps' folders, as the live test server expects.

    Production uses WhiteNoise's manifest of hashed names, which only exists after
    `collectstatic`; everything else runs with production settings.
    """
    with override_settings(
        STATIC_ROOT=None,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Hash the tests' passwords with MD5 instead of production's PBKDF2.

    PBKDF2's million rounds cost about half a second a password on this project's 2-core
    machines, and many tests make a user; no test is about the hash itself.
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def strict_templates(monkeypatch):
    """Templates raise on an undefined variable during this test (tests/pages.py)."""
    still_strict = raise_on_undefined_variables(monkeypatch)
    yield
    still_strict()


@pytest.fixture
def article(db):
    """The records of the seed article, as `make run` loads them (after the first, as a copy: tests/article.py)."""
    load_article()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Browser tests need Debian's chromium package: run `make test`, which installs it.")
    # From here on the tests' code runs in a context of Playwright's (greenlets carry their own
    # context variables), where Django's connections are new ones: those opened before would be
    # left open, and PostgreSQL refuses to drop a test database that a session still uses.
    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def output_dir(request):
    """A folder for this test's screenshots and downloads, under test-results/."""
    folder = RESULTS_DIR / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser, live_server, output_dir):
    """A fresh browser tab on the live test server; a screenshot is saved when the test ends."""
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    yield page
    page.screenshot(path=output_dir / "final.png", full_page=True)
    context.close()


@pytest.fixture
def log_in(page, django_user_model):
    """Log a new superuser in through the admin login form, as a person would."""

    def log_in(username="clerk", password="mật-khẩu-thử-2025"):
        django_user_model.objects.create_superuser(username, f"{username}@example.invalid", password)
        page.goto("/admin/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/admin/")

    return log_in
