"""Throttling per key: at most settings.API_READS_PER_MINUTE reads a minute for each key.

Counted in Django's cache in fixed windows of a minute (an add and an increment: two cache calls,
no database query). With the default cache, memory local to each server process, each process
counts for itself: a deployment of several workers that must hold a key to one figure configures
a shared cache (docs/api.md).
"""

import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

WINDOW_SECONDS = 60


def reads_per_minute():
    return settings.API_READS_PER_MINUTE


class KeyThrottle(BaseThrottle):
    """Allows a key its reads of the current minute; ninja answers 429 past them (records.api.errors)."""

    def allow_request(self, request):
        token = getattr(request, "auth", None)
        if token is None:
            return True
        window = int(time.time() // WINDOW_SECONDS)
        # By the key's digest, not its id: an id may be given again to a new key.
        counter = f"api-reads:{token.digest[:32]}:{window}"
        cache.add(counter, 0, timeout=WINDOW_SECONDS * 2)
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between the two calls
            cache.set(counter, 1, timeout=WINDOW_SECONDS * 2)
            count = 1
        return count <= reads_per_minute()

    def wait(self):
        """Seconds to the next window, when the key may read again."""
        return WINDOW_SECONDS - time.time() % WINDOW_SECONDS
