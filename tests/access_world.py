"""The world the access tests share, its users, and the checks of what they get.

The world: a city party organisation with two wards below it, A and B, each with its unit,
executive committee, people holding posts, a document, a congress with an attendee, a speech,
an indicator and a task. The record asked for on every page is ward A's. A user is given the
organisation of ward A (inside), of the city (above), of ward B (sibling) or none.
"""


from django.contrib.auth.models import Group
from django.urls import reverse

from records import access
from records.models import AccessScope
from records.models.organisations import OrganisationKind
from records.models.units import UnitKind
from tests.congress.factories import (
    AttendanceFactory,
    CongressFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.pages import listed
from tests.records.factories import (
    AdministrativeUnitFactory,
    FigureFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.sheet_files import cells


def build_world():
    """The city, wards A and B; for each place, the records of every kind, by kind."""
    city_unit = AdministrativeUnitFactory(kind=UnitKind.CITY, code="91", name="Thành phố Tân Hòa")
    city = OrganisationFactory(name="Đảng bộ thành phố Tân Hòa", administrative_unit=city_unit)
    leader = PersonFactory(full_name="Hoàng Minh Khoa")
    MembershipFactory(person=leader, organisation=city, title="Bí thư Thành ủy")
    world = {
        "city": {
            "people": {leader},
            "organisations": {city},
            "units": {city_unit},
            "documents": {LegalDocumentFactory(issuer=city, symbol="1-NQ/TU")},
        }
    }
    for ward in ("A", "B"):
        unit = AdministrativeUnitFactory(parent=city_unit, name=f"Phường Tân Hòa {ward}")
        party = OrganisationFactory(
            name=f"Đảng bộ phường Tân Hòa {ward}", parent=city, administrative_unit=unit
        )
        committee = OrganisationFactory(
            name=f"Ban Chấp hành Đảng bộ phường Tân Hòa {ward}",
            kind=OrganisationKind.EXECUTIVE_COMMITTEE,
            parent=party,
        )
        secretary = PersonFactory(full_name=f"Nguyễn Văn Bí Thư {ward}")
        member = PersonFactory(full_name=f"Trần Thị Ủy Viên {ward}")
        for person in (secretary, member):
            MembershipFactory(person=person, organisation=committee)
        document = LegalDocumentFactory(issuer=party, symbol=f"{ord(ward)}-NQ/ĐU")
        congress = CongressFactory(organisation=party, executive_committee=committee, resolution=document)
        AttendanceFactory(congress=congress, person=secretary)
        FigureFactory(administrative_unit=unit)
        world[ward] = {
            "people": {secretary, member},
            "organisations": {party, committee},
            "units": {unit},
            "documents": {document},
            "congresses": {congress},
            "speeches": {SpeechFactory(congress=congress, speaker=secretary)},
            "indicators": {IndicatorFactory(congress=congress, name=f"Chỉ tiêu của phường {ward}")},
            "tasks": {TaskFactory(congress=congress, owner=member, content=f"Nhiệm vụ của phường {ward}")},
        }
    return world


# A kind of record: its list page, the admin's address of its model, the export column that names it.
KINDS = {
    "people": ("/people/", "records/person", "Họ và tên", lambda p: p.full_name),
    "organisations": ("/organisations/", "records/organisation", "Tên", lambda o: o.name),
    "units": ("/units/", "records/administrativeunit", "Tên", lambda u: u.name),
    "documents": ("/documents/", "records/legaldocument", "Số ký hiệu", lambda d: d.symbol),
    "congresses": ("/congresses/", "congress/congress", "Đảng bộ", lambda c: c.organisation.name),
    "speeches": ("/speeches/", "congress/speech", "Người phát biểu", lambda s: s.speaker.full_name),
    "indicators": ("/indicators/", "congress/indicator", "Chỉ tiêu", lambda i: i.name),
    "tasks": ("/tasks/", "congress/task", "Nội dung", lambda t: t.content),
}
# The places whose records a scope covers.
SEES = {"inside": {"A"}, "above": {"city", "A", "B"}, "sibling": {"B"}, "none": set()}
GIVEN = {"inside": "A", "above": "city", "sibling": "B", "none": None}

# role, scope: what the user gets on ward A's record page and admin change form, and on the
# import page. Lists and exports hold exactly the records of the places SEES names.
MATRIX = [
    ("viewer", "inside", 200, 403),
    ("viewer", "above", 200, 403),
    ("viewer", "sibling", 404, 403),
    ("viewer", "none", 404, 403),
    ("clerk", "inside", 200, 200),
    ("clerk", "above", 200, 200),
    ("clerk", "sibling", 404, 200),
    ("clerk", "none", 404, 200),
    ("manager", "inside", 200, 200),
    ("manager", "above", 200, 200),
    ("manager", "sibling", 404, 200),
    ("manager", "none", 404, 200),
]
ROLES = {"viewer": access.VIEWER, "clerk": access.CLERK, "manager": access.MANAGER}


def make_user(django_user_model, role, place, world, username="user"):
    user = django_user_model.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=ROLES[role]))
    scope = AccessScope.objects.create(user=user)
    if place is not None:
        root = next(o for o in world[place]["organisations"] if o.kind == OrganisationKind.PARTY_ORGANISATION)
        scope.organisations.add(root)
    return user


def exported(response, header):
    """The names in one column of an exported file, sorted; an empty export has its header alone."""
    header_row, *rows = cells(response.content)
    column = header_row.index(header)
    return sorted(row[column] for row in rows)


def expected(world, kind, places):
    return {record for place in places for record in world[place].get(kind, ())}


def admin_url(admin_path, view="changelist", *args):
    app_label, model_name = admin_path.split("/")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def check_every_page(client, world, sees, record_status, import_status):
    """Every page of every kind, as the matrix expects: the mismatches, as readable lines."""
    wrong = []
    for kind, (url, admin_path, header, label) in KINDS.items():
        ours = next(iter(sorted(world["A"][kind], key=lambda record: record.pk)))
        rows = expected(world, kind, sees)
        names = sorted(label(record) for record in rows)

        listing = client.get(url)
        if listing.status_code != 200 or set(listed(listing)) != rows:
            wrong.append(f"{url}: {listing.status_code}")
        export = client.get(url, {"export": "csv"})
        if export.status_code != 200 or exported(export, header) != names:
            wrong.append(f"{url}?export=csv: {export.status_code}")
        page = client.get(ours.get_absolute_url())
        if page.status_code != record_status:
            wrong.append(f"{ours.get_absolute_url()} ({kind}): {page.status_code}, not {record_status}")

        changelist = client.get(admin_url(admin_path))
        if changelist.status_code != 200 or set(changelist.context["cl"].result_list) != rows:
            wrong.append(f"admin {admin_path}: {changelist.status_code}")
        change = client.get(admin_url(admin_path, "change", ours.pk))
        if change.status_code != record_status:
            wrong.append(f"admin {admin_path} change: {change.status_code}, not {record_status}")
        admin_export = client.post(admin_url(admin_path, "export"), {"format": "1", "resource": "0"})
        if admin_export.status_code != 200 or exported(admin_export, header) != names:
            wrong.append(f"admin {admin_path} export: {admin_export.status_code}")
        importing = client.get(admin_url(admin_path, "import"))
        if importing.status_code != import_status:
            wrong.append(f"admin {admin_path} import: {importing.status_code}, not {import_status}")
    return wrong
