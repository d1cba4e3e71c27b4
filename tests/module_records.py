"""Records written once for all the tests of a module that only read them.

`kept_for_the_module(django_db_blocker, write)` runs `write()` in a transaction that stays open
while the module's tests run and is rolled back after the last one. Each test still runs inside
it in a savepoint of its own (pytest-django's `db` fixture), so what a test writes is undone
after that test, as usual; the database is unblocked only to write and to roll back, so a test
without the `django_db` mark still cannot touch it. A module with a transactional test (which
commits and flushes) must not use it.
"""

from django.db import transaction


def kept_for_the_module(django_db_blocker, write):
    """A generator for a module-scoped fixture: `yield from kept_for_the_module(...)`."""
    with django_db_blocker.unblock():
        kept = transaction.atomic()
        kept.__enter__()
        try:
            written = write()
        except BaseException:
            kept.__exit__(None, None, None)
            raise
    try:
        yield written
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)
