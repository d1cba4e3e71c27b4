"""The review screen: permission, scope, Vietnamese errors, a bounded number of queries."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import Congress
from congress.reading.proposals import PersonProposal
from records.models import Person, Source
from tests.access_world import build_world, make_user

from congress.reading.reader import read_report

from .small import TEXT, small_reading, ward

pytestmark = pytest.mark.django_db
URL = "/admin/congress/congress/read-report/"


@pytest.fixture
def reader(monkeypatch):
    """A stand-in reader giving the small report with as many people as a test asks for."""
    readings = {"people": ()}
    monkeypatch.setattr(
        "congress.admin.reading.read_report",
        lambda text, published_on=None, address="": small_reading(readings["people"]),
    )
    return readings


def test_the_stand_in_is_what_the_reader_reads():
    assert read_report(TEXT) == small_reading()


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "x")
    client.force_login(user)
    return user


def accept_all(response):
    """The form the review page shows, with every proposal ticked."""
    plan = response.context["plan"]
    data = {"text": TEXT, "title": "Đại hội phường Tân Lạc", "write": "1"}
    for item in plan.items:
        data[f"accept-{item.key}"] = "on"
        for name, value in item.values.items():
            data[f"value-{item.key}-{name}"] = "" if value is None else str(value)
    return data


def test_the_page_needs_the_congress_import_permission(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403

    user.user_permissions.add(Permission.objects.get(codename="import_congress"))
    assert client.get(URL).status_code == 200


def test_the_congress_list_links_to_the_page(client, superuser):
    response = client.get(reverse("admin:congress_congress_changelist"))
    assert 'id="read-report-link"' in response.content.decode()


def test_pasted_text_gives_the_proposals_with_their_sentences_highlighted(client, superuser):
    ward()
    response = client.post(URL, {"text": TEXT, "read": "1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bí thư Đảng ủy phường Tân Lạc <mark>Lê Văn An</mark> trình bày Báo cáo chính trị." in page
    assert 'name="accept-person-0"' in page and "checked" in page
    assert [label for label, _rows in response.context["groups"]][:2] == ["Đại hội", "Đơn vị hành chính"]
    assert not Source.objects.exists()


def test_accepting_writes_and_pasting_again_proposes_nothing_new(client, superuser):
    ward()
    response = client.post(URL, {"text": TEXT, "read": "1"})
    written = client.post(URL, accept_all(response))

    assert written.status_code == 302
    congress = Congress.objects.get()
    assert written["Location"] == reverse("admin:congress_congress_change", args=[congress.pk])
    assert list(congress.sources.values_list("title", flat=True)) == ["Đại hội phường Tân Lạc"]

    again = client.post(URL, {"text": TEXT, "read": "1"})
    assert again.context["nothing_new"] is True
    assert 'id="reading-nothing-new"' in again.content.decode()


def test_an_empty_text_is_named_in_vietnamese_and_nothing_is_written(client, superuser):
    response = client.post(URL, {"text": "   ", "read": "1"})

    assert response.status_code == 200
    assert "Ô “Nội dung bài báo” đang trống" in response.content.decode()
    assert not Source.objects.exists()


def test_a_number_that_is_not_a_number_names_the_field_and_value(client, superuser):
    ward()
    data = accept_all(client.post(URL, {"text": TEXT, "read": "1"}))
    data["value-congress-0-delegates"] = "12O"

    response = client.post(URL, data)

    assert response.status_code == 200
    assert "ô “Số đại biểu”: “12O” không phải là số." in response.content.decode()
    assert not Source.objects.exists() and not Person.objects.exists()


def test_a_bad_upload_and_a_bad_date_are_named(client, superuser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        URL, {"upload": SimpleUploadedFile("bao.pdf", b"%PDF"), "published_on": "32/13/2025", "read": "1"}
    )

    page = response.content.decode()
    assert "Không đọc được tệp “bao.pdf”: chỉ nhận tệp .txt, .docx hoặc .html." in page
    assert "Ô “Ngày đăng”: “32/13/2025” không phải là ngày" in page


def test_an_uploaded_html_report_is_read_as_text(client, superuser, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    seen = []
    monkeypatch.setattr(
        "congress.admin.reading.read_report",
        lambda text, published_on=None, address="": seen.append(text) or small_reading(),
    )
    html = "<html><body><h1>Tiêu đề</h1><p>Đảng bộ phường Tân Lạc</p><script>x()</script></body></html>"
    client.post(URL, {"upload": SimpleUploadedFile("bao.html", html.encode()), "read": "1"})

    assert seen == ["Tiêu đề\n\nĐảng bộ phường Tân Lạc"]


def test_a_clerk_cannot_write_outside_their_scope_and_nothing_is_written(client, django_user_model):
    world = build_world()
    clerk = make_user(django_user_model, "clerk", "A", world)
    client.force_login(clerk)
    ward()  # the report is about a ward outside the clerk's ward A

    data = accept_all(client.post(URL, {"text": TEXT, "read": "1"}))
    response = client.post(URL, data)

    assert response.status_code == 200
    assert "Ngoài phạm vi hồ sơ được giao cho bạn." in response.content.decode()
    assert not Source.objects.filter(title="Đại hội phường Tân Lạc").exists()
    assert not Congress.objects.filter(organisation__name="Đảng bộ phường Tân Lạc").exists()


def test_the_review_page_runs_as_many_queries_for_5_people_as_for_50(client, superuser, reader):
    ward()

    def queries(count):
        reader["people"] = [PersonProposal(f"Người Thứ {n}", "Ủy viên Ban Chấp hành", "guest") for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            assert client.post(URL, {"text": TEXT, "read": "1"}).status_code == 200
        return len(captured)

    assert queries(5) == queries(50)


def test_an_election_result_is_shown_with_why_it_is_not_written(client, superuser):
    from congress.models import Election
    from records.models import Membership

    ward()
    text = TEXT + "Đồng chí Lê Văn An tái đắc cử Bí thư Đảng ủy phường Tân Lạc với 97,8% số phiếu.\n"
    response = client.post(URL, {"text": text, "read": "1"})

    page = response.content.decode()
    assert "Kết quả bầu cử (chỉ để xem, không ghi)" in page
    assert "Lê Văn An — Bí thư Đảng ủy phường Tân Lạc — 97,8%" in page
    assert "một cuộc bầu cử cần số phiếu phát ra, thu về và hợp lệ" in page
    assert 'name="accept-election-0"' not in page

    data = accept_all(response)
    data.update({"text": text, "accept-election-0": "on"})
    assert client.post(URL, data).status_code == 302
    assert not Election.objects.exists()
    membership = Membership.objects.get(person__full_name="Lê Văn An")
    assert (membership.title, membership.start_reason) == ("Bí thư Đảng ủy phường Tân Lạc", "Trúng cử")

    again = client.post(URL, {"text": text, "read": "1"})
    assert again.context["nothing_new"] is True
