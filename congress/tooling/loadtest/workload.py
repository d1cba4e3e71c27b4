"""What a load run asks of the site, read from the database it runs against: the accounts and their
sessions, the addresses of each kind of request, and the rosters the clerks import. The result is
a JSON-able dict that the locustfile reads (it imports no Django).

The people of a congress day, as the roles of records.access have them:
* readers (the role "Người xem") of one city: the province whose Party Organisation has the most
  wards, as the office of a city would see it;
* clerks ("Cán bộ nhập liệu"), each given the Party Organisation of one ward of that city;
* one manager ("Quản lý") given the provinces with the most party members, largest first, until
  they hold the people the manager exports (100,000 at full size; everyone of a smaller database).

With scope EVERYTHING the readers and the manager see every record instead (superusers, as the
benchmark measures pages): the same addresses, without the scope's conditions; the manager then
exports the people a search finds, the search whose count is nearest the rows asked for.

Each simulated person has a session of their own, made here as `Client.force_login` makes one,
so that no password is hashed during the run (PBKDF2 is half a second of a core per login).
"""

import datetime
import urllib.parse

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count, Q

from congress.models import Congress, Indicator, Speech, Task
from records import access, vietnamese
from records.models import AccessScope, LegalDocument, Membership, Organisation, Person
from records.models.organisations import OrganisationKind

from .rosters import write_rosters

# How often a reader of the mix opens each kind of page: the load mix and the single-user
# baseline both draw from it.
READER_WEIGHTS = {"home": 1, "list": 4, "search": 3, "record": 4, "congress": 2, "export": 1}
READER_KINDS = list(READER_WEIGHTS)
SESSION_DAYS = 2
USER_PREFIX = "loadtest-"
SEARCHES = ["nguyen van", "thi huong", "tran thi", "le van hung"]
AUTOCOMPLETE_TERMS = ["nguy", "tran t", "le van", "pham", "hoang"]
# Family names, each a search whose count the manager's export may take (scope EVERYTHING).
EXPORT_SEARCHES = ["nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang", "bui", "do"]
CITY = "city"
EVERYTHING = "everything"
SCOPES = [CITY, EVERYTHING]
PEOPLE_PER_CLERK = 20


class NothingToLoad(RuntimeError):
    """The database holds no generated wards to read and write."""


def make_session(user):
    """A logged-in session for user, as `Client.force_login` makes one; its key."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(datetime.timedelta(days=SESSION_DAYS))
    session.create()
    return session.session_key


def account(username, role, organisations, *, staff, everything=False):
    """The user of a simulated role, given these organisations (made or brought up to date);
    with `everything`, a superuser, who sees every record."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = staff
    user.is_superuser = everything
    user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    scope, _ = AccessScope.objects.get_or_create(user=user)
    scope.organisations.set(organisations)
    return user


def province_organisations():
    """The Party Organisations of provinces that have generated wards, with their wards and members."""
    provinces = Organisation.objects.filter(
        kind=OrganisationKind.PARTY_ORGANISATION, parent=None, administrative_unit__isnull=False
    ).annotate(
        wards=Count("children", filter=Q(children__kind=OrganisationKind.PARTY_ORGANISATION), distinct=True)
    )
    members = dict(
        Membership.objects.filter(organisation__kind=OrganisationKind.PARTY_CELL)
        .values_list("organisation__parent__parent")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = [(province, members.get(province.pk, 0)) for province in provinces if province.wards]
    if not found:
        raise NothingToLoad("Cơ sở dữ liệu chưa có dữ liệu giả lập: hãy chạy manage.py generate_data.")
    return found


def path(url, **query):
    query = {name: value for name, value in query.items() if value not in (None, "")}
    return f"{url}?{urllib.parse.urlencode(query)}" if query else url


def first(queryset, count=1):
    return list(queryset[:count])


def reader_pages(city, wards):
    """The addresses of each kind of reader page, all inside the city."""
    unit = city.administrative_unit_id
    ward = wards[0]
    cells = first(ward.children.filter(kind=OrganisationKind.PARTY_CELL).order_by("pk"), 2)
    congresses = first(Congress.objects.filter(organisation__in=wards).order_by("-term_start", "pk"), 4)
    members = first(
        Person.objects.filter(memberships__organisation__parent=ward).order_by("pk").distinct(), 3
    )
    people_in_city = first(Person.objects.filter(memberships__organisation__in=cells).order_by("pk"), 2)
    records = [person.get_absolute_url() for person in members]
    records += [ward.get_absolute_url(), *(cell.get_absolute_url() for cell in cells[:1])]
    records += [city.administrative_unit.get_absolute_url(), ward.administrative_unit.get_absolute_url()]
    for model in (Speech, Indicator, Task):
        records += [r.get_absolute_url() for r in first(model.objects.filter(congress__in=congresses), 2)]
    document = LegalDocument.objects.filter(adopted_by__in=congresses).order_by("pk").first()
    if document is not None:
        records.append(document.get_absolute_url())
    searches = [path("/search/", q=text) for text in SEARCHES[:2]]
    searches += [path("/people/", q=SEARCHES[2]), path("/organisations/", q="chi bo khu dan cu")]
    searches += [path("/people/", q=vietnamese.search_key(p.full_name)) for p in people_in_city[:1]]
    return {
        "home": ["/"],
        "list": [
            path("/people/", organisation=ward.uid, held="current"),
            path("/people/", role="bi_thu", held="current"),
            path("/organisations/", kind=OrganisationKind.PARTY_CELL, within=ward.uid),
            path("/units/", province=unit),
            path("/congresses/", term="2025-2030", province=unit),
            path("/speeches/", province=unit),
            path("/indicators/", province=unit),
            path("/tasks/", deadline="overdue", province=unit),
        ],
        "search": searches,
        "record": records,
        "congress": [congress.get_absolute_url() for congress in congresses]
        + [f"{congress.get_absolute_url()}ho-so/" for congress in congresses[:1]],
        "export": [
            *(path("/people/", organisation=cell.uid, export="xlsx") for cell in cells[:1]),
            path("/tasks/", province=unit, export="xlsx"),
            path("/congresses/", province=unit, export="csv"),
        ],
    }


def clerk_pages(ward):
    people = first(
        Person.objects.filter(memberships__organisation__parent=ward).order_by("pk").distinct(),
        PEOPLE_PER_CLERK,
    )
    name = vietnamese.search_key(people[0].full_name) if people else "nguyen"
    return {
        "changelist": [
            "/admin/records/person/",
            path("/admin/records/person/", q=" ".join(name.split()[:2])),
            "/admin/records/membership/",
            path("/admin/records/organisation/", q="chi bo"),
            "/admin/congress/congress/",
            "/admin/congress/task/",
        ],
        "autocomplete": [
            path(
                "/admin/autocomplete/", app_label="records", model_name="membership", field_name=field, term=t
            )
            for field, t in [("person", term) for term in AUTOCOMPLETE_TERMS] + [("organisation", "chi bo")]
        ],
        "forms": [f"/admin/records/person/{person.pk}/change/" for person in people],
    }


def manager_export(export_rows, everything):
    """The address of the manager's export: their whole scope, or the search nearest the rows asked."""
    if not everything:
        return path("/people/", export="xlsx")
    counts = {text: Person.objects.search(text).count() for text in EXPORT_SEARCHES}
    text = min(counts, key=lambda text: (abs(counts[text] - export_rows), text))
    return path("/people/", q=text, export="xlsx")


def prepare(folder, *, clerks, rosters_per_clerk, roster_rows, export_rows, tag, scope=EVERYTHING):
    """Accounts, sessions, addresses and rosters of a run; the workload as a dict.

    The readers' sessions are made later (reader_sessions()), once their number is known.
    """
    provinces = province_organisations()
    city = max(provinces, key=lambda found: (found[0].wards, found[1], -found[0].pk))[0]
    wards = list(city.children.filter(kind=OrganisationKind.PARTY_ORGANISATION).order_by("pk"))
    everything = scope == EVERYTHING
    reader = account(f"{USER_PREFIX}reader", access.VIEWER, [city], staff=False, everything=everything)

    manager_provinces, people = [], 0
    for province, members in sorted(provinces, key=lambda found: (-found[1], found[0].pk)):
        if people >= export_rows:
            break
        manager_provinces.append(province)
        people += members
    manager = account(
        f"{USER_PREFIX}manager", access.MANAGER, manager_provinces, staff=True, everything=everything
    )

    clerk_cells, clerk_data = {}, []
    for number in range(1, clerks + 1):
        ward = wards[(number - 1) % len(wards)]
        user = account(f"{USER_PREFIX}clerk-{number:02d}", access.CLERK, [ward], staff=True)
        cells = list(
            ward.children.filter(kind=OrganisationKind.PARTY_CELL, name__startswith="Chi bộ khu dân cư")
            .order_by("pk")
            .values_list("name", flat=True)
        ) or [ward.name]
        clerk_cells[user.username] = cells
        clerk_data.append({"username": user.username, "session": make_session(user), **clerk_pages(ward)})
    rosters = write_rosters(folder, tag, clerk_cells, rosters_per_clerk, rows=roster_rows)
    for clerk in clerk_data:
        clerk["rosters"] = [roster.as_data() for roster in rosters[clerk["username"]]]
        clerk["import"] = "/admin/records/membership/import/"
        clerk["confirm"] = "/admin/records/membership/process_import/"
    return {
        "city": city.name,
        "wards": len(wards),
        "reader": {"username": reader.username, "sessions": [], "pages": reader_pages(city, wards)},
        "weights": READER_WEIGHTS,
        "clerks": clerk_data,
        "manager": {
            "username": manager.username,
            "session": make_session(manager),
            "provinces": [province.name for province in manager_provinces],
            "export": manager_export(export_rows, everything),
        },
    }


def reader_sessions(workload, count):
    """A session for each of `count` readers (they share the one account of their role)."""
    reader = get_user_model().objects.get(username=workload["reader"]["username"])
    workload["reader"]["sessions"] = [make_session(reader) for _ in range(count)]


def clear_sessions():
    """Sessions past their expiry, those of earlier runs among them."""
    SessionStore.clear_expired()
