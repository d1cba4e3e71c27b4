"""No query string answers 500: every list page and every admin changelist, fed hostile values.

A table of values a fuzzer, a careless link or an attacker sends (empty, NUL, integers past 64
bits, impossible dates, two thousand words, quotes, percent signs, long and odd unicode) goes
into the search, every filter a page declares, the page number, the ordering, `id__in` and the
export format. Every answer must be one a page gives on purpose: 200, a redirect, 400 or 404.

To stay quick each page is asked once per value with every parameter set to it; a page that
refuses the request as a whole (a redirect, a 400 or 404, a form error) could hide what another
parameter would have done, so it is then asked again with each parameter alone. Counts are
capped low so that the paths past an exact count are fuzzed too.
"""

import functools
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from records import access, paging
from records.admin.history import RestoreDeletedMixin
from records.filters import MAX_VALUE_LENGTH, cleaned_query
from records.models import AccessLog, AccessScope
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
    # 6,000 characters: past every cap the pages put on a value (records/filters.py,
    # records/search.py) several times over; ten thousand words have a test of their own below.
    " ".join(["từ"] * 2_000),
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
    return value if isinstance(value, Raw) else percent_encoded(value)


@functools.cache
def percent_encoded(value):
    """Each value is sent hundreds of times; the long ones take a while to encode."""
    return quote(value, safe="")


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


# The admins in three groups, so that the workers of `make test` share the longest test of the suite.
ADMIN_GROUPS = 3


def admins_of_group(group):
    registered = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
    return registered[group::ADMIN_GROUPS]


def test_the_admin_groups_hold_every_admin_once():
    grouped = [model for group in range(ADMIN_GROUPS) for model, _ in admins_of_group(group)]

    assert sorted(grouped, key=str) == sorted(admin.site._registry, key=str)


@pytest.mark.parametrize("group", range(ADMIN_GROUPS))
def test_no_admin_changelist_answers_500_to_hostile_values(fuzzer, group):
    admins = admins_of_group(group)
    for model, model_admin in admins:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        fuzzer.fuzz_changelist(url, model_admin, changelist_parameters(model_admin, fuzzer.user))
        if isinstance(model_admin, RestoreDeletedMixin):
            deleted = reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted")
            for value in HOSTILE[:6]:
                fuzzer.get(deleted, {PAGE_VAR: value})

    assert fuzzer.failures == []
    # About 32 requests per admin.
    assert fuzzer.requests < 40 * len(admins)


# The examples of issue 12, each of which answered 500.


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used"))
    return client


def test_deleted_posts_and_attendances_of_a_deleted_person_are_listed_by_the_persons_name(superuser_client):
    party = OrganisationFactory(name="Đảng bộ phường Tân Hòa")
    person = PersonFactory(full_name="Lê Văn Đã Xóa")
    MembershipFactory(person=person, organisation=party)
    AttendanceFactory(person=person, congress=CongressFactory(organisation=party))
    person.delete()

    for model in ("records/membership", "congress/attendance"):
        response = superuser_client.get(f"/admin/{model}/deleted/")

        assert response.status_code == 200
        assert "Lê Văn Đã Xóa" in response.content.decode()


def test_a_deleted_succession_of_a_deleted_unit_is_listed(superuser_client):
    unit = AdministrativeUnitFactory(name="Phường Đã Xóa")
    UnitSuccessionFactory(successor=unit)
    unit.delete()

    response = superuser_client.get("/admin/records/unitsuccession/deleted/")

    assert response.status_code == 200
    assert "Phường Đã Xóa" in response.content.decode()


@pytest.mark.parametrize("model", ["attendance", "speech", "indicator", "task"])
@pytest.mark.parametrize("congress", ["", "abc", str(2**70), "999999"])
def test_a_scoped_clerk_adding_a_congress_part_without_a_valid_congress_gets_a_form_error(
    client, django_user_model, model, congress
):
    party = OrganisationFactory()
    CongressFactory(organisation=party)
    clerk = django_user_model.objects.create_user("clerk", password="not-used", is_staff=True)
    clerk.groups.add(Group.objects.get(name=access.CLERK))
    AccessScope.objects.create(user=clerk).organisations.add(party)
    client.force_login(clerk)

    response = client.post(f"/admin/congress/{model}/add/", {"congress": congress})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "congress" in errors
    assert errors["congress"][0].startswith(("Trường này", "Hãy chọn", "Lựa chọn"))


@pytest.mark.parametrize("province", ["", "abc", str(2**70), "-1"])
def test_the_admins_province_filter_takes_any_value(superuser_client, province):
    AdministrativeUnitFactory(kind=UnitKind.PROVINCE, code="01")

    response = superuser_client.get(f"/admin/records/administrativeunit/?province={province}")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "day", ["at__year=2025&at__month=2&at__day=31", "at__year=9999&at__month=12&at__day=31", f"at__year={2**70}"]
)
def test_the_access_logs_drill_down_to_a_day_that_is_not_is_the_bare_list(superuser_client, day):
    AccessLog.objects.create(kind=AccessEvent.LOGIN, username="clerk")

    response = superuser_client.get(f"/admin/records/accesslog/?{day}")

    assert response.status_code == 302
    assert response.url.endswith("?e=1")


@pytest.mark.parametrize("query", [f"id__in=1,{2**70}", f"id__gt={-(2**70)}", f"person__id__exact={2**64}"])
def test_integers_past_64_bits_in_a_lookup_are_the_bare_list(superuser_client, query):
    MembershipFactory()

    response = superuser_client.get(f"/admin/records/membership/?{query}")

    assert response.status_code == 302
    assert response.url.endswith("?e=1")


@pytest.mark.parametrize("url", ["/admin/records/legaldocument/", "/admin/records/accesslog/", "/documents/", "/search/"])
def test_ten_thousand_words_are_searched_by_their_first_ones(superuser_client, url):
    LegalDocumentFactory(summary="Về công tác cán bộ")

    response = superuser_client.get(url, {"q": " ".join(["cán bộ"] * 5_000)})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/people/?q=nguy%00en",
        "/documents/?issuer=th%00anh",
        "/units/?kind=%00",
        "/admin/records/person/?q=nguy%00en",
        "/admin/records/organisation/?kind__exact=%00",
        "/admin/records/accesslog/?username=%00",
        "/admin/records/source/?q=%00",
    ],
)
def test_a_nul_character_is_not_sent_to_the_database(superuser_client, url):
    PersonFactory(full_name="Nguyễn Văn An")

    response = superuser_client.get(url)

    assert response.status_code == 200


def test_cleaned_query_drops_nul_and_cuts_long_values():
    cleaned = cleaned_query(QueryDict(f"q=a%00b&k%00ind=x&long={'y' * 1000}&many=1&many=2"))

    assert cleaned["q"] == "ab"
    assert cleaned["kind"] == "x"
    assert len(cleaned["long"]) == MAX_VALUE_LENGTH
    assert cleaned.getlist("many") == ["1", "2"]
    assert cleaned_query({"q": "a\x00"})["q"] == "a"
