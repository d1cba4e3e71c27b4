"""A database too busy to answer in time is a page that says so, in Vietnamese, with a 503.

SQLite writes one transaction at a time; a write waits for another to commit up to the busy
timeout of the settings, and past it fails with "database is locked". That is not a fault of
the page: the clerk is told to try again in a moment, and the status tells a proxy the same.
"""

from django.db import OperationalError
from django.template.response import TemplateResponse

BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")
RETRY_AFTER_SECONDS = 10


def is_busy(error):
    return isinstance(error, OperationalError) and any(text in str(error) for text in BUSY_MESSAGES)


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response.render()
