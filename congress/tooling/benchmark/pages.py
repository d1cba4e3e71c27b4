"""
Measuring pages: every list page, admin changelist, search and kind of record page through
Django's test Client, their query counts, the deep pages, and whether a search without
diacritics finds every spelling of a name.
"""

import statistics
import time
import urllib.parse

from django.contrib import admin
from django.db import connection
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import Candidate, Congress, Indicator, Speech, Task
from records import vietnamese
from records.models import AdministrativeUnit, LegalDocument, Membership, Organisation, Person

from .processes import benchmark_user, production_like

DEEP_PAGE = 10_000
# Each page: one warm-up, one run counting queries, then this many timed runs (fewer for a
# page slower than SLOW_PAGE seconds); the median of the timed runs is reported. A fast page
# runs until its runs add up to RUN_SECONDS each (at most MAX_RUNS_FACTOR times as many runs),
# so that a few milliseconds of another process's work weigh less on a page of a few.
TIMED_RUNS = 5
SLOW_RUNS = 3
SLOW_PAGE = 1.0
RUN_SECONDS = 0.05
MAX_RUNS_FACTOR = 10

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
# Searches without diacritics: the start of a name, and words from inside one.
SEARCHES = [
    ("search /people/ prefix", "/people/", "nguyen van"),
    ("search /people/ substring", "/people/", "thi huong"),
    ("search /search/ prefix", "/search/", "nguyen van"),
    ("search /search/ substring", "/search/", "thi huong"),
    ("search admin person prefix", "admin:records_person_changelist", "nguyen van"),
    ("search admin person substring", "admin:records_person_changelist", "thi huong"),
]


def admin_changelists():
    pages = []
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
        opts = model._meta
        pages.append((f"admin {opts.label}", reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")))
    return pages


def record_pages():
    """One record page of each kind: the record with the most of what its page lists.

    The busiest record is the one a growing database makes slower, if any is.
    """
    busiest_person = (
        Membership.objects.values("person").annotate(posts=Count("id")).order_by("-posts", "person").first()
    )
    candidates = Coalesce(
        Subquery(
            Candidate.objects.filter(election__congress=OuterRef("pk"))
            .order_by()
            .values("election__congress")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )
    choices = [
        ("person", Person.objects.filter(pk=busiest_person["person"]) if busiest_person else Person.objects),
        ("organisation", Organisation.objects.annotate(n=Count("children")).order_by("-n", "pk")),
        ("unit", AdministrativeUnit.objects.annotate(n=Count("children")).order_by("-n", "pk")),
        ("document", LegalDocument.objects.annotate(n=Count("established_units")).order_by("-n", "pk")),
        # The congress whose elections list the most candidates (issue 14's tables), then delegates.
        (
            "congress",
            Congress.objects.annotate(n=candidates, a=Count("attendances")).order_by("-n", "-a", "pk"),
        ),
        ("speech", Speech.objects.order_by("pk")),
        ("indicator", Indicator.objects.order_by("pk")),
        ("task", Task.objects.order_by("pk")),
    ]
    pages = []
    for kind, queryset in choices:
        record = queryset.first()
        if record is not None:
            pages.append((f"record {kind}", record.get_absolute_url()))
    return pages


def page_specs():
    """(key, url, paginated) of every page measured."""
    specs = [("home", "/", False)]
    specs += [(url, url, True) for url in LIST_PAGES]
    for key, path, text in SEARCHES:
        path = reverse(path) if ":" in path else path
        specs.append((key, f"{path}?{urllib.parse.urlencode({'q': text})}", False))
    specs += [(key, url, True) for key, url in admin_changelists()]
    specs += [(key, url, False) for key, url in record_pages()]
    return specs


def measure_page(client, url, runs=TIMED_RUNS):
    """A page's median time after a warm-up, its query count, and the response of the warm-up."""
    started = time.perf_counter()
    response = client.get(url)
    warm_up = time.perf_counter() - started
    figures = {"status": response.status_code}
    if response.status_code != 200:
        return figures, response
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # The log is cleared when the next request starts.
    queries = len(captured)
    times = []
    fewest = min(runs, SLOW_RUNS) if warm_up > SLOW_PAGE else runs
    while len(times) < fewest or (sum(times) < runs * RUN_SECONDS and len(times) < runs * MAX_RUNS_FACTOR):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    figures.update(seconds=statistics.median(times), runs=len(times), queries=queries)
    return figures, response


def paginator_of(response):
    context = response.context
    if context is None:
        return None, None
    keys = context.keys() if hasattr(context, "keys") else set()
    if "cl" in keys:
        return context["cl"].paginator, "p"
    if "paginator" in keys and context["paginator"] is not None:
        return context["paginator"], "page"
    return None, None


def spelling(client):
    """Whether ?q= without diacritics finds every person whose name matches, in any tone placement.

    The name is the one written in the most ways (both tone placements), then the commonest.
    """
    busiest = (
        Person.objects.values("name_key")
        .annotate(spellings=Count("full_name", distinct=True), people=Count("id"))
        .order_by("-spellings", "-people", "name_key")
        .first()
    )
    if busiest is None:
        return None
    key = busiest["name_key"]
    names = Person.objects.filter(name_key=key).order_by("full_name").values_list("full_name", flat=True)
    spellings = list(names.distinct())
    text = vietnamese.search_key(spellings[0])
    figures = {"spellings": spellings, "q": text, "expected": busiest["people"], "found": {}}
    surfaces = {
        "/people/": ("/people/", lambda context: context["paginator"].object_list),
        "admin person changelist": (
            reverse("admin:records_person_changelist"),
            lambda context: context["cl"].queryset,
        ),
    }
    for surface, (url, results) in surfaces.items():
        try:
            response = client.get(url, {"q": text})
            figures["found"][surface] = results(response.context).filter(name_key=key).count()
        except Exception as error:  # reported in the table
            figures["found"][surface] = f"{type(error).__name__}: {error}"
    return figures


def task_pages(*, deep, runs):
    """Every page measured; with deep, page 10,000 (or the last) of every paginated list too."""
    production_like()
    client = Client()
    client.force_login(benchmark_user())
    pages = {}
    for key, url, paginated in page_specs():
        try:
            figures, response = measure_page(client, url, runs)
        except Exception as error:  # a page that fails is a result, not the end of the run
            pages[key] = {"url": url, "error": f"{type(error).__name__}: {error}"}
            continue
        pages[key] = {"url": url, **figures}
        paginator, parameter = paginator_of(response) if paginated else (None, None)
        if deep and paginator is not None and paginator.num_pages > 1:
            number = min(DEEP_PAGE, paginator.num_pages)
            separator = "&" if "?" in url else "?"
            deep_url = f"{url}{separator}{parameter}={number}"
            try:
                figures, _ = measure_page(client, deep_url, runs)
            except Exception as error:
                figures = {"error": f"{type(error).__name__}: {error}"}
            pages[f"{key} deep"] = {"url": deep_url, "page": number, **figures}
    return {"people": Person.objects.count(), "pages": pages, "spelling": spelling(client)}
