"""Tests for congress.views: the congress page, the record pages congresses add to, the home page
and the language switch (the list pages are in test_views.py)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from congress.models import Congress, Indicator, Speech, SpeechKind, Task
from records import paging
from records.models import LegalDocument, Organisation, Person
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole
from records.templatetags.vietnamese_format import vi_number
from tests.congress.factories import CongressFactory, SpeechFactory, TaskFactory
from tests.pages import bulk, page_client
from tests.records.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def viewer(client, django_user_model, strict_templates):
    return page_client(client, django_user_model)


@pytest.fixture
def thien_huong(article):
    return Congress.objects.get()


# The congress page #########################################################


def test_congress_page_shows_the_congress_at_a_glance(viewer, thien_huong):
    html = viewer.get(thien_huong.get_absolute_url()).content.decode()

    for number in ("186", "1.535", "55", "0 / 27"):
        assert f">{number}<" in html
    assert "Tổ công tác số 11 của Thành ủy" in html
    speakers = ["Vương Toàn Thu Thủy", "Nguyễn Công Diễn", "Nguyễn Văn Phú"]
    positions = [html.index(name, html.index('id="speeches-heading"')) for name in speakers]
    assert positions == sorted(positions)
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert html.count("Chưa đủ 6 rõ") == 3
    assert "Quỳnh Nga (t/h)" in html


def test_congress_page_lists_the_elected_committee_by_role(viewer):
    committee = OrganisationFactory(
        name="Ban Chấp hành Đảng bộ phường Tân Hòa", kind=OrganisationKind.EXECUTIVE_COMMITTEE, seat_count=27
    )
    congress = CongressFactory(executive_committee=committee)
    MembershipFactory(person__full_name="Lê Văn An", organisation=committee, role=MembershipRole.SECRETARY)
    MembershipFactory(person__full_name="Trần Thị Bình", organisation=committee)

    html = viewer.get(congress.get_absolute_url()).content.decode()

    assert ">2 / 27<" in html
    assert html.index("Lê Văn An") < html.index("Trần Thị Bình")


def test_congress_page_draws_results_as_svg_without_script(viewer, thien_huong):
    html = viewer.get(thien_huong.get_absolute_url()).content.decode()

    chart = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in chart and "Trường đạt chuẩn quốc gia mức độ 2" in chart
    assert "Thực hiện: 5 trường, đạt 125 %" in chart
    assert "<script" not in html and "style=" not in html
    assert "Các chỉ tiêu về công tác xây dựng Đảng" in html[html.index("</svg>") :]


def test_person_page_shows_congresses_attended_and_speeches(viewer, thien_huong):
    phu = Person.objects.get(full_name="Nguyễn Văn Phú")

    html = viewer.get(phu.get_absolute_url()).content.decode()

    assert "Chỉ đạo Đại hội" in html
    assert str(thien_huong) in html
    assert "Phát biểu chỉ đạo" in html


def test_a_speaker_not_on_the_list_of_those_present_is_shown_at_the_congress(viewer, thien_huong):
    # Nguyễn Công Diễn spoke at the congress; no attendance row names him.
    dien = Person.objects.get(full_name="Nguyễn Công Diễn")
    assert not dien.attendances.exists()

    html = viewer.get(dien.get_absolute_url()).content.decode()

    attended = html[html.index('id="attendances-heading"') : html.index('id="speeches-heading"')]
    assert "Chưa ghi nhận đại hội nào" not in attended
    assert str(thien_huong) in attended
    assert "phát biểu tại đại hội (chưa ghi nhận tư cách dự)" in attended


def test_organisation_page_shows_congresses_held_elected_and_directed(viewer, thien_huong):
    party = Organisation.objects.get(name="Đảng bộ phường Thiên Hương")
    committee = Organisation.objects.get(name="Ban Chấp hành Đảng bộ phường Thiên Hương")
    group = Organisation.objects.get(name="Tổ công tác số 11 của Thành ủy")

    assert str(thien_huong) in viewer.get(party.get_absolute_url()).content.decode()
    assert "Được bầu tại" in viewer.get(committee.get_absolute_url()).content.decode()
    assert "Chỉ đạo:" in viewer.get(group.get_absolute_url()).content.decode()


def test_document_page_shows_speeches_tasks_and_congresses_citing_it(viewer, thien_huong):
    resolution = LegalDocument.objects.get(uid=thien_huong.resolution.uid)
    politburo_68 = LegalDocument.objects.get(symbol="68")

    resolution_html = viewer.get(resolution.get_absolute_url()).content.decode()
    cited_html = viewer.get(politburo_68.get_absolute_url()).content.decode()

    assert "Nghị quyết của" in resolution_html
    assert resolution_html.count("Nhiệm vụ thực hiện văn bản") == 3
    assert "Nguyễn Văn Phú" in cited_html


def test_task_page_marks_what_the_six_clear_rule_still_lacks(viewer, article):
    task = Task.objects.filter(deliverable="").first()

    html = viewer.get(task.get_absolute_url()).content.decode()

    assert "Chưa đủ 6 rõ" in html
    assert html.count("chưa rõ") == 4  # owner, due date, deliverable, approving authority


def test_indicator_and_speech_pages(viewer, thien_huong):
    schools = Indicator.objects.get(name="Trường đạt chuẩn quốc gia mức độ 2")
    directive = Speech.objects.get(kind=SpeechKind.DIRECTIVE)

    indicator_html = viewer.get(schools.get_absolute_url()).content.decode()
    speech_html = viewer.get(directive.get_absolute_url()).content.decode()

    assert "125 %" in indicator_html and "Vượt chỉ tiêu" in indicator_html
    assert "Nguyễn Văn Phú" in speech_html and "Nghị quyết 68" in speech_html


# Home ######################################################################


def test_home_page_shows_counts_latest_congresses_and_overdue_tasks(viewer, thien_huong):
    late = TaskFactory(due_on=YESTERDAY, content="Hoàn thành hồ sơ địa giới hành chính")

    response = viewer.get("/")

    html = response.content.decode()
    assert dict((label, count) for label, _, count in response.context["counts"])["Người"] == 5
    assert str(thien_huong) in html
    assert late.get_absolute_url() in html
    assert 'href="/tasks/?deadline=overdue"' in html
    assert 'action="/search/"' in html


def test_home_page_counts_are_written_the_vietnamese_way(viewer):
    bulk(PersonFactory, 1535)

    assert ">1.535<" in viewer.get("/").content.decode()


def test_home_page_counts_a_whole_table_exactly_on_sqlite_and_estimates_it_on_postgresql(viewer, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 20)
    bulk(PersonFactory, 30)

    response = viewer.get("/")

    people = dict((label, count) for label, _, count in response.context["counts"])["Người"]
    html = response.content.decode()
    if connection.vendor == "postgresql":
        assert people.estimate and people > 20
        assert f"khoảng {vi_number(people)}</abbr>" in html
    else:
        assert people.exact and people == 30
        assert ">30<" in html


@pytest.mark.parametrize("rows", [3, 60])
def test_home_page_runs_the_same_queries_for_a_few_rows_or_many(viewer, django_assert_num_queries, rows):
    congress = CongressFactory()
    bulk(PersonFactory, rows)
    bulk(TaskFactory, rows, congress=congress, due_on=YESTERDAY)
    bulk(SpeechFactory, rows, congress=congress, speaker=None)

    # Session, user, a count of each of the eight kinds and of the overdue tasks, two lists.
    with django_assert_num_queries(13):
        viewer.get("/")


# Language ##################################################################


def test_the_language_switch_changes_the_language_and_comes_back(viewer):
    to_english = viewer.post("/i18n/setlang/", {"language": "en", "next": "/congresses/"})
    english = viewer.get("/congresses/").content.decode()
    viewer.post("/i18n/setlang/", {"language": "vi", "next": "/congresses/"})
    vietnamese = viewer.get("/congresses/").content.decode()

    assert to_english["Location"] == "/congresses/"
    assert '<html lang="en">' in english
    assert '<html lang="vi">' in vietnamese
