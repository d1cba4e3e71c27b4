"""No English on any Vietnamese page: every admin page and every site page, read word by word.

Each page kind is one test, walking every registered model admin (or every site page) with the
seed article's records, once for a superuser and once for a clerk of the article's ward. A page
fails on any English word outside the names and codes of tests/vietnamese_pages.py; the message
lists the page and the English phrases on it.
"""

import io
import re
from html import escape

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from congress.models import Congress
from records import access, merging
from records.models import AccessLog, AccessScope, ApiToken, Organisation, Person
from records.models.organisations import OrganisationKind
from tests.congress.factories import (
    AppointedPostFactory,
    AppointmentDecisionFactory,
    CandidateFactory,
    CongressBodyFactory,
    CongressBodyMemberFactory,
    CredentialsReportFactory,
    ElectionFactory,
)
from tests.records.factories import ApiTokenFactory, MembershipFactory, OrganisationFactory, PersonFactory
from tests.api import names_in, objects_in
from tests.vietnamese_pages import english_phrases, is_english, visible_text

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
WHO = ["superuser", "clerk"]

# The words of the article's records that are names, not Vietnamese words: the library the
# register of units comes from.
ALLOWED = frozenset({"vietnam", "provinces"})


def url_of(model, view, *args):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


@pytest.fixture
def reader(client, django_user_model, article, request):
    """A client reading Vietnamese pages as a superuser or as a clerk of the article's ward."""
    who = request.param
    Group.objects.get_or_create(name="Văn phòng Đảng ủy")
    AccessLog.objects.create(kind="login", username="can-bo", path="/login/")
    if who == "superuser":
        user = django_user_model.objects.create_superuser("quan-tri", "quan-tri@example.invalid", "pw")
    else:
        user = django_user_model.objects.create_user("can-bo", password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=access.CLERK))
        scope = AccessScope.objects.create(user=user)
        scope.organisations.add(
            Organisation.objects.filter(kind=OrganisationKind.PARTY_ORGANISATION, parent=None).first()
        )
    decided_at_the_congress()
    # An API key of the reader's, for the pages of a key: its start digits, not random letters
    # that would read as an English word.
    ApiToken.objects.filter(pk=ApiTokenFactory(user=user).pk).update(prefix="hsdh_123456")
    # A first version of every record, for the history pages and the form that reverts to it.
    call_command("populate_history", auto=True, stdout=io.StringIO())
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return client


def decided_at_the_congress():
    """What the article does not state, made for the walk at its congress (in the clerk's scope):
    an election with a candidate, an appointment with a post, a congress body with a member, the
    credentials report."""
    congress = Congress.objects.get()
    committee = congress.executive_committee
    CandidateFactory(election=ElectionFactory(congress=congress, body=committee))
    AppointedPostFactory(decision=AppointmentDecisionFactory(congress=congress, organisation=committee))
    CongressBodyMemberFactory(body=CongressBodyFactory(congress=congress))
    CredentialsReportFactory(congress=congress)
    # Two namesakes for the report of possible duplicates and the merge page, and a merge done.
    namesakes = [("Nguyễn Văn Mẫu", 1970), ("Nguyen Van Mau", None), ("Trần Thị Gộp", 1980)]
    for name, year in [*namesakes, ("Tran Thi Gop", None)]:
        # Different posts: the same open post held twice would refuse the merge (records.merging).
        role = "uy_vien" if year else "pho_bi_thu"
        person = PersonFactory(full_name=name, birth_year=year)
        MembershipFactory(person=person, organisation=committee, role=role)
    merging.merge(
        kept=Person.objects.get(full_name="Trần Thị Gộp"), merged=Person.objects.get(full_name="Tran Thi Gop")
    )
    # And two organisations of one name but for diacritics under the committee, one merged away.
    for name in ("Chi bộ Mẫu", "Chi bo Mau", "Chi bộ Gộp", "Chi bo Gop"):
        OrganisationFactory(name=name, parent=committee, kind=OrganisationKind.PARTY_CELL)
    merging.merge(
        kept=Organisation.objects.get(name="Chi bộ Gộp"), merged=Organisation.objects.get(name="Chi bo Gop")
    )


def merging_urls():
    kept = Person.objects.get(full_name="Nguyễn Văn Mẫu")
    merged = Person.objects.get(full_name="Nguyen Van Mau")
    return [
        reverse("admin:records_person_duplicates"),
        reverse("admin:records_person_duplicates") + "?sau=nguyen",
        reverse("admin:records_person_merge_with", args=[kept.pk]),
        reverse("admin:records_person_merge_with", args=[kept.pk]) + "?q=mau",
        reverse("admin:records_person_merge", args=[kept.pk, merged.pk]),
        *organisation_merging_urls(),
    ]


def organisation_merging_urls():
    kept = Organisation.objects.get(name="Chi bộ Mẫu")
    merged = Organisation.objects.get(name="Chi bo Mau")
    return [
        reverse("admin:records_organisation_duplicates"),
        reverse("admin:records_organisation_merge_with", args=[kept.pk]),
        reverse("admin:records_organisation_merge_with", args=[kept.pk]) + "?q=mau",
        reverse("admin:records_organisation_merge", args=[kept.pk, merged.pk]),
    ]


def english_on(client, urls, method="get", data_for=None):
    """Each page's English phrases, as lines naming the page."""
    wrong = []
    for url in urls:
        if url is None:
            continue
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, data_for(client.get(url)))
        if response.status_code in (301, 302):
            continue
        phrases = english_phrases(response.content.decode(), ALLOWED)
        if phrases:
            wrong.append(f"{url} ({response.status_code}): " + " | ".join(phrases))
    return wrong


def first(model):
    return model._default_manager.order_by("pk").first()


def record_urls(view):
    urls = []
    for model in MODELS:
        record = first(model)
        urls.append(url_of(model, view, record.pk))
    return urls


def history_form_urls():
    urls = []
    for model in MODELS:
        history = getattr(model, "history", None)
        record = first(model)
        if history is None:
            continue
        version = history.filter(id=record.pk).order_by("history_id").first()
        if version is not None:
            urls.append(url_of(model, "simple_history", record.pk, version.history_id))
    return urls


PAGE_KINDS = {
    "changelist": lambda: [url_of(model, "changelist") for model in MODELS],
    "add": lambda: [url_of(model, "add") for model in MODELS],
    "change": lambda: record_urls("change"),
    "delete": lambda: record_urls("delete"),
    "history": lambda: record_urls("history"),
    "history_form": history_form_urls,
    "import": lambda: [url_of(model, "import") for model in MODELS],
    "export": lambda: [url_of(model, "export") for model in MODELS],
    "deleted": lambda: [url_of(model, "deleted") for model in MODELS],
    "merging": merging_urls,
    "site": lambda: [reverse("admin:index"), *(f"/admin/{app}/" for app in ("records", "congress", "auth"))],
}


@pytest.mark.parametrize("reader", WHO, indirect=True)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_admin_pages_have_no_english(reader, kind):
    wrong = english_on(reader, PAGE_KINDS[kind]())

    assert not wrong, "English on the Vietnamese admin:\n" + "\n".join(wrong)



def blank_form(response):
    """The form of an add page as the browser would post it untouched: hidden fields, and nothing typed."""
    html = response.content.decode()
    data = {}
    for match in re.finditer(r'<input\b[^>]*type="hidden"[^>]*>', html):
        tag = match.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            data[name.group(1)] = value.group(1) if value else ""
    return data


@pytest.mark.parametrize("reader", WHO, indirect=True)
def test_a_refused_add_form_has_no_english(reader):
    urls = [url_of(model, "add") for model in MODELS if model is not AccessLog]

    wrong = english_on(reader, urls, method="post", data_for=blank_form)

    assert not wrong, "English on the Vietnamese admin:\n" + "\n".join(wrong)


def site_urls():
    from congress.models import Congress, Indicator, Speech, Task
    from records.models import AdministrativeUnit, LegalDocument, Person

    urls = [
        "/",
        "/search/?q=thien+huong",
        "/search/?q=khong+co+gi",
        "/khong-co-trang-nay/",
        "/congresses/tong-hop/",
    ]
    for model, listing in (
        (Person, "/people/"),
        (Organisation, "/organisations/"),
        (AdministrativeUnit, "/units/"),
        (LegalDocument, "/documents/"),
        (Congress, "/congresses/"),
        (Speech, "/speeches/"),
        (Indicator, "/indicators/"),
        (Task, "/tasks/"),
    ):
        urls += [listing, f"{listing}?q=khong+co+gi", first(model).get_absolute_url()]
    return urls


@pytest.mark.parametrize("reader", WHO, indirect=True)
def test_site_pages_have_no_english(reader):
    wrong = english_on(reader, site_urls())

    assert not wrong, "English on the Vietnamese site:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_the_login_pages_have_no_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"

    wrong = english_on(client, ["/login/", "/admin/login/", "/khong-co-trang-nay/"])
    wrong += english_on(client, ["/login/"], method="post", data_for=lambda response: {"username": "x"})

    assert not wrong, "English on the Vietnamese site:\n" + "\n".join(wrong)


# The reader itself ###########################################################


@pytest.mark.parametrize(
    "word", ["Please", "the", "Show", "counts", "Subject", "object", "password", "Skip", "Toggle", "history"]
)
def test_english_words_are_found(word):
    assert is_english(word)


@pytest.mark.parametrize(
    "word", ["Ban", "Chấp", "hành", "Thiên", "HĐND", "UBTVQH", "Excel", "CSV", "nguyen", "van", "phu"]
)
def test_vietnamese_words_names_and_codes_are_not(word):
    assert not is_english(word)


def test_screen_reader_texts_and_buttons_are_read_and_scripts_are_not():
    html = (
        '<a href="#content" class="skip-to-content-link">Skip to main content</a>'
        '<button title="Toggle theme"></button><input type="checkbox" aria-label="Select all">'
        '<input type="submit" value="Save"><input type="text" value="Hidden data">'
        "<script>var the = 1;</script><style>.filter {}</style><img alt="
        '"Ảnh"><p>Xin chào</p>'
    )

    assert visible_text(html) == [
        "Skip to main content", "Toggle theme", "Select all", "Save", "Ảnh", "Xin chào"
    ]
    assert english_phrases("<p>Hải An</p><p>Tải tệp Excel (.xlsx) hoặc CSV</p>") == []
    assert english_phrases("<p>Đã gộp vào Trần Thị Gộp (mã c76356f0-557d-4e3a-8323-6d821db4a74b)</p>") == []
    assert english_phrases("<p>Show counts</p><p>Bởi trạng thái superuser</p>") == [
        "Show counts",
        "Bởi trạng thái superuser",
    ]


def test_names_are_taken_out_whole_and_as_written():
    html = "<p>Xem count_kind</p><p>Kind</p><p>recount_kinds</p>"

    assert english_phrases(html) == ["Xem count_kind", "Kind", "recount_kinds"]
    assert english_phrases(html, names={"count_kind", "kind"}) == ["Kind", "recount_kinds"]


def test_the_api_document_describes_its_operations_and_schemas_in_vietnamese(client):
    # What the documentation page shows of the project's own words: the operations' summaries and
    # descriptions, the schemas' (their docstrings) and the fields', and the responses'.
    document = client.get("/api/v1/openapi.json").json()
    texts = [
        node[key]
        for node in objects_in(document)
        for key in ("summary", "description")
        if isinstance(node.get(key), str)
    ]
    # A `code span` is Markdown's code, which the page shows as code (the browser test leaves it out too).
    html = "".join(f"<p>{escape(re.sub(r'`[^`]*`', ' ', text))}</p>" for text in texts)

    assert len(texts) > 50
    found = english_phrases(html, names=names_in(document))
    assert found == [], "\n".join(found)
