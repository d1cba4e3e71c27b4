"""Every admin page a clerk can reach answers, with the article's records loaded."""

import datetime
import uuid

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext

from congress.models import (
    AppointmentDecision,
    Attendance,
    Candidate,
    Congress,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
    Election,
    Indicator,
    Speech,
    Task,
)
from records import paging
from records.admin.documents import LegalDocumentAdmin
from records.models import (
    AccessLog,
    AdministrativeUnit,
    ApiToken,
    Figure,
    LegalDocument,
    Membership,
    Organisation,
    OrganisationMerge,
    Person,
    PersonMerge,
    Source,
    UnitSuccession,
)
from records.models.documents import DocumentType
from tests.congress.factories import (
    AppointmentDecisionFactory,
    AttendanceFactory,
    CandidateFactory,
    CongressBodyFactory,
    CongressBodyMemberFactory,
    CongressFactory,
    CredentialsReportFactory,
    ElectionFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.pages import bulk
from tests.records.factories import (
    AdministrativeUnitFactory,
    ApiTokenFactory,
    FigureFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    OrganisationMergeFactory,
    PersonFactory,
    PersonMergeFactory,
    SourceFactory,
    UnitSuccessionFactory,
)

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
# What the article does not state (elections, appointments, a congress's bodies): made for the test.
NOT_IN_ARTICLE = {
    Election: ElectionFactory,
    AppointmentDecision: AppointmentDecisionFactory,
    CongressBody: CongressBodyFactory,
    CredentialsReport: CredentialsReportFactory,
    Candidate: CandidateFactory,
    CongressBodyMember: CongressBodyMemberFactory,
    PersonMerge: PersonMergeFactory,
    OrganisationMerge: OrganisationMergeFactory,
    ApiToken: ApiTokenFactory,
}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def clerk(client, django_user_model, article):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelist_add_change_and_history_pages_answer(clerk, model):
    if model is Group:
        Group.objects.create(name="Văn phòng Đảng ủy")
    if model in NOT_IN_ARTICLE:
        NOT_IN_ARTICLE[model]()
    record = model.objects.first()
    assert record is not None, f"the article's fixture has no {model._meta.label}"

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "change", record.pk),
        admin_url(model, "history", record.pk),
    ):
        response = clerk.get(url)
        assert response.status_code == 200, url
    # The access log is written by logins and exports alone, the merges by merging.
    response = clerk.get(admin_url(model, "add"))
    assert response.status_code == (403 if model in (AccessLog, PersonMerge, OrganisationMerge) else 200)


@pytest.mark.parametrize("term", ["nguyen van phu", "Nguyễn Văn Phú", "NGUYỄN VĂN PHÚ", "van phu"])
def test_person_search_ignores_diacritics_and_case(clerk, term):
    response = clerk.get("/admin/records/person/", {"q": term})

    names = [person.full_name for person in response.context["cl"].result_list]
    assert names == ["Nguyễn Văn Phú"]


def test_person_search_matches_either_tone_placement(clerk):
    response = clerk.get("/admin/records/person/", {"q": "Vương Toàn Thu Thuỷ"})

    assert [p.full_name for p in response.context["cl"].result_list] == ["Vương Toàn Thu Thủy"]


def test_autocomplete_finds_organisation_without_diacritics(clerk):
    response = clerk.get(
        "/admin/autocomplete/",
        {
            "app_label": "congress",
            "model_name": "congress",
            "field_name": "directing_body",
            "term": "to cong tac",
        },
    )

    assert [item["text"] for item in response.json()["results"]] == ["Tổ công tác số 11 của Thành ủy"]


def test_people_are_listed_by_given_name(clerk):
    response = clerk.get("/admin/records/person/")

    given = [person.given_name for person in response.context["cl"].result_list]
    assert given == ["Diễn", "Lâm", "Minh", "Phú", "Thủy"]


# Changelists of many rows ##################################################


def copied_merges(factory, count):
    """`count` merges: one made by records.merging, the others copies of its row with a merged
    record of their own (each real merge takes ~70 ms; a changelist reads only the rows)."""
    merge = factory()
    copies = []
    for number in range(1, count):
        copy = type(merge).objects.get(pk=merge.pk)
        copy.pk = None
        copy.merged_pk, copy.merged_uid = merge.merged_pk + 10**6 + number, uuid.uuid4()
        copy.merged_name = f"{merge.merged_name} ({number})"
        copies.append(copy)
    type(merge).objects.bulk_create(copies)


def more_rows(model, count):
    """`count` more rows of a model, beside the article's."""
    congress = Congress.objects.first()
    makers = {
        Group: lambda: Group.objects.bulk_create(Group(name=f"Nhóm {n}") for n in range(count)),
        get_user_model(): lambda: get_user_model().objects.bulk_create(
            get_user_model()(username=f"can-bo-{n}") for n in range(count)
        ),
        AccessLog: lambda: AccessLog.objects.bulk_create(
            AccessLog(kind="login", username=f"can-bo-{n}", path="/login/") for n in range(count)
        ),
        Source: lambda: bulk(SourceFactory, count),
        AdministrativeUnit: lambda: bulk(AdministrativeUnitFactory, count),
        UnitSuccession: lambda: UnitSuccessionFactory.create_batch(count),
        Organisation: lambda: bulk(OrganisationFactory, count),
        Person: lambda: bulk(PersonFactory, count),
        Membership: lambda: MembershipFactory.create_batch(count),
        LegalDocument: lambda: bulk(LegalDocumentFactory, count),
        Figure: lambda: FigureFactory.create_batch(count),
        Congress: lambda: CongressFactory.create_batch(count),
        Attendance: lambda: AttendanceFactory.create_batch(count, congress=congress),
        Speech: lambda: bulk(SpeechFactory, count, congress=congress, speaker=None),
        Indicator: lambda: bulk(IndicatorFactory, count, congress=congress),
        Task: lambda: bulk(TaskFactory, count, congress=congress),
        **{
            model: lambda factory=factory: factory.create_batch(count)
            for model, factory in NOT_IN_ARTICLE.items()
        },
        PersonMerge: lambda: copied_merges(PersonMergeFactory, count),
        OrganisationMerge: lambda: copied_merges(OrganisationMergeFactory, count),
    }
    makers[model]()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_a_changelist_runs_the_same_queries_for_a_few_rows_or_many(clerk, model):
    url = admin_url(model, "changelist")
    if model in NOT_IN_ARTICLE:
        more_rows(model, 1)
    with CaptureQueriesContext(connection) as few:
        clerk.get(url)
    more_rows(model, 120)

    with CaptureQueriesContext(connection) as many:
        response = clerk.get(url)

    assert len(many) == len(few), [query["sql"][:120] for query in many]
    cl = response.context["cl"]
    assert cl.result_count == model.objects.count()
    assert len(cl.result_list) == cl.list_per_page


@pytest.mark.parametrize("model", [Person, Membership, Attendance, Congress], ids=lambda m: m._meta.label)
def test_a_deep_changelist_page_shows_the_rows_of_the_slice(clerk, model):
    more_rows(model, 130)

    response = clerk.get(admin_url(model, "changelist"), {"p": 3})

    cl = response.context["cl"]
    assert list(cl.result_list) == list(cl.queryset[100:150])


def test_facets_are_not_counted(clerk):
    response = clerk.get("/admin/records/person/", {"_facets": "1"})

    assert not response.context["cl"].add_facets


def test_a_changelist_past_the_count_limit_says_its_count_is_not_exact(clerk, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 20)
    bulk(PersonFactory, 60, full_name="Trần Văn Bình")

    response = clerk.get("/admin/records/person/", {"q": "tran van"})

    count = response.context["cl"].result_count
    html = response.content.decode()
    if count.exact:
        pytest.fail(f"{count!r} of a search past the limit")
    elif connection.vendor == "postgresql":
        assert count.estimate and f"khoảng {count}" in html.replace(".", "")
    else:
        assert count.at_least and "hơn 20 người" in html and "hơn 20 kết quả" in html


@pytest.mark.parametrize("term", ["nguyen", "van phu", "thuy"])
def test_person_search_counts_what_it_lists(clerk, term):
    response = clerk.get("/admin/records/person/", {"q": term})

    cl = response.context["cl"]
    assert cl.result_count == len(cl.result_list) == cl.queryset.count() > 0


def test_the_filters_by_year_and_by_term_offer_each_value_once(clerk):
    for symbol in ["1/2019/NQ-HĐND", "2/2019/NQ-HĐND", "3/2021/NQ-HĐND", "7-NQ/ĐU"]:
        LegalDocumentFactory(symbol=symbol)
    CongressFactory(term_start=2020, term_end=2025)

    documents = clerk.get("/admin/records/legaldocument/").context["cl"]
    congresses = clerk.get("/admin/congress/congress/").context["cl"]

    years = next(spec for spec in documents.filter_specs if spec.field_path == "year")
    terms = next(spec for spec in congresses.filter_specs if spec.field_path == "term_start")
    expected_years = sorted({year for year in LegalDocument.objects.values_list("year", flat=True) if year})
    assert list(years.lookup_choices) == [*expected_years, None]
    assert list(terms.lookup_choices) == sorted(set(Congress.objects.values_list("term_start", flat=True)))
    chosen = clerk.get("/admin/records/legaldocument/", {"year": "2019"}).context["cl"]
    assert chosen.result_count == 2


def test_changelist_rows_link_to_their_change_pages_and_carry_their_checkbox(clerk):
    person = Person.objects.get(full_name="Nguyễn Văn Phú")

    html = clerk.get("/admin/records/person/").content.decode()

    assert f'href="{admin_url(Person, "change", person.pk)}"' in html
    # Django's label, whose catalogue has no Vietnamese for it yet, naming the row.
    label = gettext("Select this object for an action - {}").format("Nguyễn Văn Phú")
    assert (
        f'<input type="checkbox" name="_selected_action" value="{person.pk}" class="action-select" '
        f'aria-label="{label}">'
    ) in html


def test_a_documents_name_on_the_changelist_is_its_name(clerk):
    LegalDocumentFactory(
        symbol="", summary="Báo cáo chính trị của Ban Chấp hành", document_type=DocumentType.OTHER
    )
    LegalDocumentFactory(symbol="30/2020/NĐ-CP", document_type=DocumentType.DECREE)
    names = LegalDocumentAdmin(LegalDocument, admin.site)

    for document in LegalDocument.objects.all():
        assert names.changelist_name(document) == str(document)
    html = clerk.get("/admin/records/legaldocument/").content.decode()
    assert ">Nghị định 30/2020/NĐ-CP</a>" in html


def test_a_speechs_name_on_the_changelist_is_its_name(clerk):
    SpeechFactory(congress=Congress.objects.first(), speaker=None)

    names = admin.site._registry[Speech]
    for speech in Speech.objects.select_related("speaker"):
        assert names.changelist_name(speech) == str(speech)


def test_dates_and_labels_on_a_changelist_are_printed_as_django_prints_them_and_sort(clerk):
    task = TaskFactory(congress=Congress.objects.first(), due_on=datetime.date(2026, 3, 9))

    response = clerk.get("/admin/congress/task/", {"o": "4"})

    html = response.content.decode()
    assert f'<td class="field-due_on">{formats.localize(task.due_on)}</td>' in html
    assert f'<td class="field-status">{task.get_status_display()}</td>' in html
    assert 'class="sortable column-due_on sorted ascending"' in html
    assert list(response.context["cl"].result_list) == list(Task.objects.order_by("due_on", "-pk")[:50])
