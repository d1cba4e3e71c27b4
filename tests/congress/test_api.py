"""The read API's lists and records (congress.api, records.api): the list pages' filters and search,
cursor pages, every record with its sources, the OpenAPI document and its documentation page, and
queries that do not grow with the rows."""

import json

import factory
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import Congress, Indicator, Task
from congress.popolo import popolo_json
from records import access
from records.models import AccessLog, AdministrativeUnit, Figure, Organisation
from tests.access_world import build_world, make_user
from tests.api import API, api_get, issue_key, uids
from tests.congress.factories import (
    AppointedPostFactory,
    AppointmentDecisionFactory,
    AttendanceFactory,
    CandidateFactory,
    CongressFactory,
    ElectionFactory,
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
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client, django_user_model):
    """A superuser, logged in for the pages, and a key of theirs for the API."""
    user = django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used")
    client.force_login(user)
    return issue_key(user)[1]


# The same filters and search as the pages ##################################

# A list page, its operation, and what they are asked: the article's records.
SAME_QUESTIONS = [
    ("/people/", "/people", {"q": "nguyen van phu"}),
    ("/people/", "/people", {"q": "thuy"}),
    ("/people/", "/people", {"role": "bi_thu", "held": "current"}),
    ("/people/", "/people", {"gender": "nu"}),
    ("/organisations/", "/organisations", {"q": "bch thien huong"}),
    ("/organisations/", "/organisations", {"kind": "dang_bo"}),
    ("/units/", "/units", {"q": "thien huong", "register": "2025"}),
    ("/units/", "/units", {"validity": "ended"}),
    ("/documents/", "/documents", {"q": "ubtvqh15"}),
    ("/documents/", "/documents", {"document_type": "NQ"}),
    ("/congresses/", "/congresses", {"q": "thien huong 2025-2030"}),
    ("/congresses/", "/congresses", {"term": "2020-2025"}),
    ("/speeches/", "/speeches", {"kind": "chi_dao"}),
    ("/indicators/", "/indicators", {"status": "exceeded"}),
    ("/indicators/", "/indicators", {"q": "ho ngheo"}),
    ("/tasks/", "/tasks", {"six_clear": "no", "term": "2025"}),
]


@pytest.mark.parametrize(("page", "path", "query"), SAME_QUESTIONS, ids=lambda value: str(value))
def test_an_operation_finds_what_its_list_page_finds(client, article, root, page, path, query):
    shown = client.get(page, {**query, "sort": ""})
    answered = api_get(client, path, root, {**query, "limit": 200})

    assert answered.status_code == 200
    assert uids(answered) == {str(record.uid) for record in shown.context["paginator"].object_list}
    assert answered.json()["count"] == shown.context["total"]


def test_a_search_needs_no_diacritics_and_finds_every_spelling(client, article, root):
    found = api_get(client, "/people", root, {"q": "vuong toan thu thuy"}).json()["items"]

    assert [person["full_name"] for person in found] == ["Vương Toàn Thu Thủy"]


def test_a_province_is_named_by_its_uid_like_every_record(client, article, root):
    hai_phong = AdministrativeUnit.objects.get(code="31", register="2025")
    answered = api_get(client, "/organisations", root, {"province": str(hai_phong.uid), "limit": 200})
    shown = client.get("/organisations/", {"province": hai_phong.pk})

    assert answered.status_code == 200 and answered.json()["count"] > 0
    assert uids(answered) == {str(record.uid) for record in shown.context["paginator"].object_list}


@pytest.mark.parametrize(
    ("path", "query", "parameter", "says"),
    [
        ("/congresses", {"term": "2030-2025"}, "term", "Không đọc được nhiệm kỳ “2030-2025”"),
        ("/people", {"role": "bi-thu"}, "role", "phải là một trong các giá trị"),
        ("/documents", {"year": "1800"}, "year", "phải từ 1900 trở lên"),
        ("/people", {"organisation": "khong-phai-uid"}, "organisation", "phải là một mã định danh (UUID)"),
        (
            "/people",
            {"organisation": "6c1f3c52-8d8e-4f0e-9a55-2f1d1b0c3e11"},
            "organisation",
            "Hãy chọn một lựa chọn hợp lệ",
        ),
        ("/people", {"limit": "0"}, "limit", "phải từ 1 trở lên"),
        ("/people", {"limit": "201"}, "limit", "không được lớn hơn 200"),
        ("/people", {"cursor": "c2F1OmFiYw"}, "cursor", "không phải con trỏ trang do API này trả về"),
    ],
)
def test_a_bad_parameter_is_a_422_naming_it_and_its_value_in_vietnamese(
    client, article, root, path, query, parameter, says
):
    response = api_get(client, path, root, query)

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Tham số không hợp lệ."
    (error,) = body["errors"]
    assert (error["parameter"], error["value"]) == (parameter, query[parameter])
    assert error["message"].startswith(f"Tham số “{parameter}” có giá trị “{query[parameter]}”: ")
    assert says in error["message"]


# Cursor pages ##############################################################


def test_cursor_pages_give_every_record_once_in_order_and_keep_the_filters(client, root):
    people = PersonFactory.create_batch(7)
    other = PersonFactory(full_name="Lê Thị Khác Tên")
    for person in people:
        person.full_name = f"Nguyễn Văn {person.full_name.split()[-1]}"
        person.save()

    seen, address = [], f"{API}/people?q=nguyen+van&limit=3"
    while address:
        page = client.get(address, HTTP_AUTHORIZATION=f"Bearer {root}").json()
        assert page["count"] == 7 and page["count_kind"] == "exact"
        assert len(page["items"]) == (3 if page["next"] else 1)
        seen += [item["uid"] for item in page["items"]]
        address = page["next"]
        assert address is None or ("q=nguyen+van" in address and page["next_cursor"] in address)

    assert seen == [str(person.uid) for person in sorted(people, key=lambda person: person.pk)]
    assert str(other.uid) not in seen


def test_a_cursor_stays_put_when_records_are_added_or_deleted_before_it(client, root):
    first, second, third, fourth = PersonFactory.create_batch(4)
    page = api_get(client, "/people", root, {"limit": 2}).json()
    assert [item["uid"] for item in page["items"]] == [str(first.uid), str(second.uid)]

    first.delete()
    added = PersonFactory()
    rest = api_get(client, "/people", root, {"limit": 2, "cursor": page["next_cursor"]}).json()
    last = api_get(client, "/people", root, {"limit": 2, "cursor": rest["next_cursor"]}).json()

    assert [item["uid"] for item in rest["items"]] == [str(third.uid), str(fourth.uid)]
    assert [item["uid"] for item in last["items"]] == [str(added.uid)]
    assert last["next_cursor"] is None and last["next"] is None


# Records with their sources ################################################


def test_every_record_comes_with_the_sources_it_cites(client, article, root):
    congress = Congress.objects.get()
    figure = Figure.objects.order_by("pk").first()
    indicator = Indicator.objects.order_by("pk").first()

    congress_body = api_get(client, f"/congresses/{congress.uid}", root).json()
    figure_body = api_get(client, f"/figures/{figure.uid}", root).json()
    indicators = api_get(client, "/indicators", root, {"congress": str(congress.uid), "limit": 200}).json()

    assert [source["uid"] for source in congress_body["sources"]] == sorted(
        (str(source.uid) for source in congress.sources.all()),
        key=lambda uid: congress.sources.get(uid=uid).pk,
    )
    assert congress_body["sources"][0]["kind"] == "article" and congress_body["sources"][0]["url"]
    assert [source["uid"] for source in figure_body["sources"]] == [str(figure.source.uid)]
    by_uid = {item["uid"]: item for item in indicators["items"]}
    assert [s["uid"] for s in by_uid[str(indicator.uid)]["sources"]] == [
        str(source.uid) for source in indicator.sources.order_by("pk")
    ]
    assert all(item["sources"] for item in indicators["items"])


def test_a_congress_comes_with_who_attended_it_and_its_list_without(client, article, root):
    congress = Congress.objects.get()

    one = api_get(client, f"/congresses/{congress.uid}", root).json()
    listed_ = api_get(client, "/congresses", root).json()["items"]

    assert {a["person"]["uid"] for a in one["attendances"]} == {
        str(uid) for uid in congress.attendances.values_list("person__uid", flat=True)
    }
    assert one["attendances"] and "attendances" not in listed_[0]
    assert one["name"] == str(congress) and one["delegate_count"] == congress.delegate_count


def test_an_indicator_and_a_task_give_what_the_pages_derive(client, article, root):
    task = Task.objects.order_by("pk").first()
    indicator = Indicator.objects.exclude(target=None).order_by("pk").first()

    task_body = api_get(client, f"/tasks/{task.uid}", root).json()
    indicator_body = api_get(client, f"/indicators/{indicator.uid}", root).json()

    assert task_body["six_clear"] == task.is_six_clear
    assert task_body["missing_clarity"] == [str(label) for label in task.missing_clarity]
    assert indicator_body["status"] == indicator.status
    assert indicator_body["target"] == float(indicator.target)


# The document and its page #################################################


def test_the_openapi_document_is_public_and_describes_every_operation(client):
    response = client.get(f"{API}/openapi.json")

    schema = response.json()
    assert response.status_code == 200
    assert len(schema["paths"]) == 25
    assert schema["components"]["securitySchemes"]["KeyAuth"] == {"type": "http", "scheme": "bearer"}
    people = schema["paths"][f"{API}/people"]["get"]
    assert {"q", "organisation", "role", "held", "gender", "route", "term", "cursor", "limit"} == {
        parameter["name"] for parameter in people["parameters"]
    }
    assert set(people["responses"]) == {"200", "401", "403", "404", "422", "429"}


def test_the_documentation_page_is_for_logged_in_staff_only(client, django_user_model):
    anonymous = client.get(f"{API}/docs")
    client.force_login(django_user_model.objects.create_user("khach", password="not-used"))
    not_staff = client.get(f"{API}/docs")
    client.force_login(django_user_model.objects.create_user("can-bo", password="not-used", is_staff=True))
    staff = client.get(f"{API}/docs")

    assert anonymous.status_code == not_staff.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/?next=")
    assert staff.status_code == 200
    assert "swagger-ui-bundle.js" in staff.content.decode() and "cdn" not in staff.content.decode()


# Queries that do not grow with the rows ####################################

OPERATIONS = [
    "/people",
    "/organisations",
    "/units",
    "/memberships",
    "/documents",
    "/figures",
    "/congresses",
    "/speeches",
    "/indicators",
    "/tasks",
    "/elections",
    "/appointments",
]


# The world's documents are numbered by their ward's letter (65-NQ/ĐU for A).
ABOVE_THE_WORLDS_SYMBOLS = factory.Sequence(lambda n: f"{n + 1000}-NQ/ĐU")


def cite(records, source):
    """Each record cites the source (one row in its link table each)."""
    for record in records:
        record.sources.add(source)


def add_rows_in_ward(world, count):
    """`count` more records of every kind in ward A, each citing a source, with rows below them."""
    party = Organisation.objects.get(name="Đảng bộ phường Tân Hòa A")
    committee = Organisation.objects.get(name="Ban Chấp hành Đảng bộ phường Tân Hòa A")
    congress = next(iter(world["A"]["congresses"]))
    source = SourceFactory()
    people = PersonFactory.create_batch(count)
    cite(people, source)
    cite([MembershipFactory(person=person, organisation=committee) for person in people], source)
    organisations = OrganisationFactory.create_batch(count, parent=party)
    cite(organisations, source)
    cite(AdministrativeUnitFactory.create_batch(count, parent=party.administrative_unit), source)
    cite(LegalDocumentFactory.create_batch(count, issuer=party, symbol=ABOVE_THE_WORLDS_SYMBOLS), source)
    FigureFactory.create_batch(count, administrative_unit=None, organisation=party)
    cite([CongressFactory(organisation=organisation) for organisation in organisations], source)
    # Orders and rounds after those of the rows added before.
    start = congress.speeches.count()
    speeches = [
        SpeechFactory(congress=congress, speaker=person, order=start + n + 1)
        for n, person in enumerate(people)
    ]
    for speech in speeches:
        cited = LegalDocumentFactory.create_batch(2, issuer=party, symbol=ABOVE_THE_WORLDS_SYMBOLS)
        speech.cited_documents.add(*cited)
    cite(speeches, source)
    cite(IndicatorFactory.create_batch(count, congress=congress), source)
    cite(TaskFactory.create_batch(count, congress=congress, six_clear=True), source)
    for n in range(count):
        election = ElectionFactory(congress=congress, body=committee, round=start + n + 1)
        cite(CandidateFactory.create_batch(2, election=election), source)
        decision = AppointmentDecisionFactory(organisation=committee, congress=congress)
        cite(AppointedPostFactory.create_batch(2, decision=decision), source)
    for person in people:
        AttendanceFactory(congress=congress, person=person)


def queries_per_operation(client, key, congress):
    counted = {}
    for path in [*OPERATIONS, f"/congresses/{congress.uid}"]:
        with CaptureQueriesContext(connection) as captured:
            response = api_get(client, path, key)
        assert response.status_code == 200, path
        counted[path] = len(captured)
    return counted


def test_a_page_runs_the_same_queries_for_a_few_rows_or_many_more(client, django_user_model):
    world = build_world()
    _, key = issue_key(make_user(django_user_model, "viewer", "A", world))
    congress = next(iter(world["A"]["congresses"]))
    add_rows_in_ward(world, 2)

    few = queries_per_operation(client, key, congress)
    add_rows_in_ward(world, 30)
    many = queries_per_operation(client, key, congress)

    assert api_get(client, "/elections", key).json()["count"] == 32
    assert len(api_get(client, f"/congresses/{congress.uid}", key).json()["attendances"]) > 30
    assert many == few


# Popolo ####################################################################


def test_the_popolo_document_is_the_keys_users_and_its_read_is_logged(client, django_user_model):
    world = build_world()
    viewer = make_user(django_user_model, "viewer", "A", world)
    _, key = issue_key(viewer)

    response = api_get(client, "/popolo.json", key)

    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    document = json.loads(b"".join(response.streaming_content))
    counts = {}
    assert document == json.loads("".join(popolo_json(viewer, counts=counts)))
    assert {person["name"] for person in document["persons"]} == {
        person.full_name for person in world["A"]["people"]
    }
    (read,) = AccessLog.objects.all()
    assert (read.path, read.rows, read.user) == ("/api/v1/popolo.json", sum(counts.values()), viewer)


def test_the_popolo_document_needs_every_kind_it_holds(client, django_user_model):
    world = build_world()
    user = make_user(django_user_model, "viewer", "A", world)
    Group.objects.get(name=access.VIEWER).permissions.filter(codename="view_speech").delete()
    _, key = issue_key(user)

    assert api_get(client, "/popolo.json", key).status_code == 403
