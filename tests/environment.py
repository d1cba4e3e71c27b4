"""Environment for the test run, loaded as a pytest plugin before Django's settings.

The tests run with production settings (DEBUG off), so they need a secret key.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# Playwright's sync API keeps an event loop running in the test's thread; the ORM
# calls tests make beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
