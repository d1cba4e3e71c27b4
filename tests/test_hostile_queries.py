"""No query string answers 500: every list page and every admin changelist, fed hostile values.

A table of values a fuzzer, a careless link or an attacker sends (empty, NUL, integers past 64
bits, impossible dates, ten thousand words, quotes, percent signs, long and odd unicode) goes
into the search, every filter a page declares, the page number, the ordering, `id__in` and the
export format. Every answer must be one a page gives on purpose: 200, a redirect, 400 or 404.

To stay quick each page is asked once per value with every parameter set to it; a page that
refuses the request as a whole (a redirect, a 400 or 404, a form error) could hide what another
parameter would have done, so it is then asked again with each parameter alone. Counts are
capped low so that the paths past an exact count are fuzzed too.
"""

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from records import paging
from records.admin.history import RestoreDeletedMixin
from records.models import AccessLog
from records.models.access import AccessEvent
from records.models.units import UnitKind
from tests.congress.factories import (
    AttendanceFactory,
    CongressFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.records.factories import (
    AdministrativeUnitFactory,
    FigureFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UnitSuccessionFactory,
)

pytestmark = pytest.mark.django_db


class Raw(str):
    """A value sent as it is written, already percent-encoded (bytes that are not UTF-8)."""


HOSTILE = [
    "",
    "\x00",
    "nguyen\x00van",
    str(2**70),
    "-1",
    "abc",
    "2025-02-31",
    " ".join(["từ"] * 10_000),
    "'",
    "%",
    "1,2," + str(-(2**64)),
    "x" * 5_000,
    "\u202e\ufeff１２３İ\u0301🙂",
    Raw("%ff%fe%ED%A0%80"),
]
ACCEPTED = {200, 301, 302, 400, 404}
LIST_PAGES = [
    "/people/",
    "/organisations/",
    "/units/",
    "/documents/",
    "/congresses/",
    "/speeches/",
    "/indicators/",
    "/tasks/",
]


def encoded(value):
    return value if isinstance(value, Raw) else quote(value, safe="")


def query_string(parameters):
    return "&".join(f"{name}={encoded(value)}" for name, value in parameters.items())


def build_world():
    """A few records of every kind, a person with posts deleted, a unit with successions deleted."""
    province = AdministrativeUnitFactory(kind=UnitKind.PROVINCE, code="01", name="Tỉnh Hòa Bình Mới")
    ward = AdministrativeUnitFactory(parent=province, name="Phường Tân Hòa")
    party = OrganisationFactory(name="Đảng bộ phường Tân Hòa", administrative_unit=ward)
    for _ in range(3):
        MembershipFactory(organisation=party)
    congress = CongressFactory(organisation=party, resolution=LegalDocumentFactory(issuer=party))
    AttendanceFactory(congress=congress)
    SpeechFactory(congress=congress)
    IndicatorFactory(congress=congress)
    TaskFactory(congress=congress)
    FigureFactory(administrative_unit=ward)
    gone = PersonFactory(full_name="Lê Văn Đã Xóa")
    MembershipFactory(person=gone, organisation=party)
    AttendanceFactory(congress=congress, person=gone)
    gone.delete()
    gone_unit = AdministrativeUnitFactory(parent=province, name="Phường Đã Xóa")
    UnitSuccessionFactory(successor=gone_unit)
    gone_unit.delete()
    AccessLog.objects.create(kind=AccessEvent.LOGIN, username="clerk")


def list_page_parameters(url):
    view = resolve(url).func.view_class
    return [*view.filterset_class.base_filters, "sort"]


def changelist_parameters(model_admin, user):
    """What the admin's changelist reads from its address: its filters', the search, the page."""
    request = RequestFactory().get("/")
    request.user = user
    request._messages = CookieStorage(request)
    changelist = model_admin.get_changelist_instance(request)
    names = {name for spec in changelist.filter_specs for name in spec.expected_parameters()}
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        names |= {f"{field}__year", f"{field}__month", f"{field}__day"}
    return sorted(names | {SEARCH_VAR, PAGE_VAR, ORDER_VAR, "id__in"})


class Fuzzer:
    """Asks pages with hostile values and keeps what escaped as an error or a 500."""

    def __init__(self, client, user):
        self.client = client
        self.user = user
        self.failures = []
        self.requests = 0

    def get(self, url, parameters):
        self.requests += 1
        try:
            response = self.client.get(f"{url}?{query_string(parameters)}")
        except Exception as error:  # noqa: BLE001 - every escape is what this test looks for
            self.failures.append(f"{url} {summary(parameters)}: {error!r:.200}")
            return None
        if response.status_code not in ACCEPTED:
            self.failures.append(f"{url} {summary(parameters)}: {response.status_code}")
        return response

    def fuzz_list(self, url, names, extra=None):
        """A list page: when its form refuses some values, the others are asked again without them,
        so that they are not only validated but filter the list."""
        for value in HOSTILE:
            response = self.get(url, {**(extra or {}), **dict.fromkeys(names, value)})
            errors = form_errors(response)
            if errors and set(names) - errors:
                self.get(url, {**(extra or {}), **dict.fromkeys(set(names) - errors, value)})

    def fuzz_changelist(self, url, model_admin, names):
        """A changelist: Django sends a request with a parameter it cannot read back to the bare list
        (?e=1), so then each parameter is tried on the changelist itself, and those it takes are
        asked again together."""
        for value in HOSTILE:
            response = self.get(url, dict.fromkeys(names, value))
            if response is not None and response.status_code == 200:
                continue
            taken = [name for name in names if self.takes(model_admin, name, value)]
            if taken:
                self.get(url, dict.fromkeys(taken, value))

    def takes(self, model_admin, name, value):
        request = RequestFactory().get(f"/?{query_string({name: value})}")
        request.user = self.user
        request._messages = CookieStorage(request)
        try:
            model_admin.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return False
        except Exception as error:  # noqa: BLE001
            self.failures.append(f"{model_admin} {summary({name: value})}: {error!r:.200}")
            return False
        return True


def summary(parameters):
    value = next(iter(parameters.values()), "")
    return f"{sorted(parameters)} = {value[:30]!r}"


def form_errors(response):
    """The fields a list page's form refused, or the empty set."""
    if response is None or response.status_code != 200 or not response.context:
        return set()
    filterset = response.context.get("filterset")
    return set(filterset.form.errors) if filterset is not None else set()


@pytest.fixture
def fuzzer(django_user_model, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 2)
    build_world()
    user = django_user_model.objects.create_superuser("fuzz", "fuzz@example.invalid", "not-used")
    client = Client()
    client.force_login(user)
    return Fuzzer(client, user)


def test_no_list_page_answers_500_to_hostile_values(fuzzer):
    for url in LIST_PAGES:
        names = list_page_parameters(url)
        fuzzer.fuzz_list(url, names)
        fuzzer.fuzz_list(url, names, {"export": "csv"})
        for value in HOSTILE[:6]:
            fuzzer.get(url, {"export": value})
            fuzzer.get(url, {"page": value})
    fuzzer.fuzz_list("/search/", ["q"])

    assert fuzzer.failures == []
    assert fuzzer.requests < 600


def test_no_admin_changelist_answers_500_to_hostile_values(fuzzer):
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        fuzzer.fuzz_changelist(url, model_admin, changelist_parameters(model_admin, fuzzer.user))
        if isinstance(model_admin, RestoreDeletedMixin):
            deleted = reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted")
            for value in HOSTILE[:6]:
                fuzzer.get(deleted, {PAGE_VAR: value})

    assert fuzzer.failures == []
    assert fuzzer.requests < 600
