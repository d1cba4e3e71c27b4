"""Helpers shared by the tests of records.views: days around today and the names a list shows."""

import datetime

from django.utils import timezone

from tests.pages import listed


TODAY = timezone.localdate()
LAST_YEAR = TODAY - datetime.timedelta(days=365)
YESTERDAY = TODAY - datetime.timedelta(days=1)


def names(response):
    return [str(record) for record in listed(response)]
