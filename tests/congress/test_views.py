"""Tests for congress.views: the congress list pages (the congress page and the home page are in
test_views_pages.py)."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from congress.models import (
    Congress,
    IndicatorDirection,
    IndicatorStatus,
    Speech,
    SpeechKind,
    TaskStatus,
)
from records.models import AdministrativeUnit
from records.models.organisations import OrganisationKind
from records.models.units import UnitRegister
from tests.congress.factories import (
    CongressFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.pages import (
    assert_imports_back_unchanged,
    assert_pages_keep_the_filter,
    bulk,
    exported_column,
    get_list_page,
    listed,
    page_client,
)
from tests.records.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def viewer(client, django_user_model, strict_templates):
    return page_client(client, django_user_model)


@pytest.fixture
def thien_huong(article):
    return Congress.objects.get()


# Every page ################################################################


def record_pages():
    """The page of every record the article's fixture holds, for every model that has pages."""
    for model in apps.get_models():
        if hasattr(model, "get_absolute_url") and model._meta.app_label in ("records", "congress"):
            yield from (record.get_absolute_url() for record in model.objects.all())


def test_every_page_renders_with_the_article_loaded(viewer, article):
    urls = [
        "/",
        "/search/?q=thien+huong",
        "/people/",
        "/organisations/",
        "/units/",
        "/documents/",
        "/congresses/",
        "/speeches/",
        "/indicators/",
        "/tasks/",
        *record_pages(),
    ]

    for url in urls:
        assert viewer.get(url).status_code == 200, url
    assert len(urls) >= 50


# Congresses ################################################################


@pytest.mark.parametrize("text", ["thien huong", "Thiên Hương", "dang bo phuong thien huong"])
def test_congresses_search_needs_no_diacritics(viewer, thien_huong, text):
    assert listed(viewer.get("/congresses/", {"q": text})) == [thien_huong]


@pytest.mark.parametrize(
    "text",
    [
        "huong thien dang bo",
        "dai hoi thien huong",
        "dang bo thien huong",
        "dai hoi thien huong nhiem ky 2025-2030",
        "thien huong nhiem ky",
    ],
)
def test_congresses_search_takes_the_words_in_any_order(viewer, thien_huong, text):
    assert listed(viewer.get("/congresses/", {"q": text})) == [thien_huong]


@pytest.mark.parametrize(
    "text",
    [
        "thien huong",
        "Thiên Hương",
        "dai hoi thien huong",
        "huong thien",
        # "nhiệm kỳ", as the congress is named on screen, is no word of its keys.
        "dai hoi thien huong nhiem ky 2025-2030",
        "Đại hội Thiên Hương nhiệm kỳ 2025–2030",
        "nhiệm kỳ 2025–2030",
    ],
)
def test_the_site_search_lists_the_congresses(viewer, thien_huong, text):
    response = viewer.get("/search/", {"q": text})

    congresses = next(section for section in response.context["sections"] if section["title"] == "Đại hội")
    assert congresses["rows"] == [thien_huong]
    html = response.content.decode()
    assert f'href="{thien_huong.get_absolute_url()}"' in html
    assert 'href="/congresses/?q=' in html


def test_the_site_search_lists_no_congress_where_none_matches(viewer, thien_huong):
    response = viewer.get("/search/", {"q": "hoa dong"})

    congresses = next(section for section in response.context["sections"] if section["title"] == "Đại hội")
    assert congresses["rows"] == []


@pytest.mark.parametrize("term", ["2025–2030", "2025-2030", "2025 - 2030", "2025"])
def test_congresses_filtered_by_term_as_people_write_it(viewer, term):
    CongressFactory(term_start=2020, term_end=2025)
    current = CongressFactory(term_start=2025, term_end=2030)

    assert listed(viewer.get("/congresses/", {"term": term})) == [current]


def test_congresses_filtered_by_province(viewer, thien_huong):
    CongressFactory()
    hai_phong = AdministrativeUnit.objects.get(register=UnitRegister.CURRENT, code="31")

    assert listed(viewer.get("/congresses/", {"province": hai_phong.pk})) == [thien_huong]


def test_congresses_of_an_organisation_include_those_of_its_lower_levels(viewer):
    city = OrganisationFactory(name="Đảng bộ thành phố")
    ward = CongressFactory(organisation__parent=city)
    CongressFactory()

    assert listed(viewer.get("/congresses/", {"organisation": city.uid})) == [ward]


def test_congresses_newest_term_first_and_sortable_by_delegates(viewer):
    older = CongressFactory(term_start=2020, term_end=2025, delegate_count=150)
    newer = CongressFactory(term_start=2025, term_end=2030, delegate_count=120)

    assert listed(viewer.get("/congresses/")) == [newer, older]
    assert listed(viewer.get("/congresses/", {"sort": "-delegates"})) == [older, newer]


def test_congress_list_shows_committee_seats_recorded(viewer, thien_huong):
    html = viewer.get("/congresses/").content.decode()

    assert "0 / 27" in html
    assert "186" in html


# Speeches ##################################################################


def test_speeches_search_by_speaker_without_diacritics(viewer, article):
    response = viewer.get("/speeches/", {"q": "nguyen van phu"})

    assert [speech.speaker.full_name for speech in listed(response)] == ["Nguyễn Văn Phú"]


def test_speeches_filtered_by_kind_and_congress(viewer, thien_huong):
    other = SpeechFactory(kind=SpeechKind.DIRECTIVE)

    directives = viewer.get("/speeches/", {"kind": SpeechKind.DIRECTIVE})
    of_thien_huong = viewer.get("/speeches/", {"kind": SpeechKind.DIRECTIVE, "congress": thien_huong.uid})

    assert len(listed(directives)) == 2
    assert [speech.speaker.full_name for speech in listed(of_thien_huong)] == ["Nguyễn Văn Phú"]
    assert other not in listed(of_thien_huong)
    assert str(thien_huong) in of_thien_huong.content.decode()


def test_speeches_in_programme_order_within_a_congress(viewer):
    congress = CongressFactory()
    closing = SpeechFactory(congress=congress, order=3, kind=SpeechKind.CLOSING)
    opening = SpeechFactory(congress=congress, order=1, kind=SpeechKind.OPENING)
    report = SpeechFactory(congress=congress, order=2, kind=SpeechKind.POLITICAL_REPORT)

    assert listed(viewer.get("/speeches/")) == [opening, report, closing]


# Indicators ################################################################


def test_indicators_filtered_by_status(viewer, article):
    exceeded = viewer.get("/indicators/", {"status": IndicatorStatus.EXCEEDED})
    met = viewer.get("/indicators/", {"status": IndicatorStatus.MET})

    assert sorted(indicator.name for indicator in listed(exceeded)) == [
        "Các chỉ tiêu về công tác xây dựng Đảng",
        "Trường đạt chuẩn quốc gia mức độ 2",
        "Tỷ lệ hộ nghèo",
        "Tỷ trọng các ngành tiểu thủ công nghiệp, thương mại và dịch vụ",
    ]
    assert sorted(indicator.name for indicator in listed(met)) == [
        "Phường hoàn thành về đích xây dựng nông thôn mới kiểu mẫu trước năm 2025",
        "Thu ngân sách nhà nước",
    ]


def test_indicators_filtered_by_direction(viewer, article):
    response = viewer.get("/indicators/", {"direction": IndicatorDirection.LOWER})

    assert [indicator.name for indicator in listed(response)] == ["Tỷ lệ hộ nghèo"]


@pytest.mark.parametrize("text", ["hộ nghèo", "ho ngheo", "HỘ NGHÈO"])
def test_indicators_search_by_congress_and_by_name_without_diacritics(viewer, article, text):
    by_congress = viewer.get("/indicators/", {"q": "thien huong"})
    by_name = viewer.get("/indicators/", {"q": text})

    assert len(listed(by_congress)) == 6
    assert [indicator.name for indicator in listed(by_name)] == ["Tỷ lệ hộ nghèo"]


def test_tasks_search_by_content_without_diacritics(viewer, article):
    tasks = listed(viewer.get("/tasks/", {"q": "ra soat lai cac quy hoach"}))

    assert [task.content[:22] for task in tasks] == ["Rà soát lại các quy ho"]


def test_speeches_search_by_what_was_said_without_diacritics(viewer, article):
    speeches = listed(viewer.get("/speeches/", {"q": "kinh te tu nhan"}))

    assert [speech.speaker.full_name for speech in speeches] == ["Nguyễn Văn Phú"]


def test_indicators_sorted_by_status_best_first(viewer):
    not_met = IndicatorFactory(actual=Decimal("3"))
    exceeded = IndicatorFactory(actual=Decimal("5"))
    met = IndicatorFactory()
    unknown = IndicatorFactory(target=None, actual=None)

    assert listed(viewer.get("/indicators/", {"sort": "status"})) == [exceeded, met, not_met, unknown]
    assert listed(viewer.get("/indicators/", {"sort": "-status"})) == [unknown, not_met, met, exceeded]


def test_indicator_list_shows_numbers_the_vietnamese_way(viewer, article):
    html = viewer.get("/indicators/").content.decode()

    assert "0,2 %" in html
    assert "125 %" in html


# Tasks #####################################################################


def test_tasks_not_yet_six_clear(viewer, article):
    clear = TaskFactory(six_clear=True)

    unclear = viewer.get("/tasks/", {"six_clear": "no"})
    six_clear = viewer.get("/tasks/", {"six_clear": "yes"})

    assert len(listed(unclear)) == 3
    assert clear not in listed(unclear)
    assert listed(six_clear) == [clear]
    assert unclear.content.decode().count("Chưa đủ 6 rõ") >= 3


def test_overdue_tasks_are_open_tasks_past_their_due_date(viewer):
    late = TaskFactory(due_on=YESTERDAY)
    TaskFactory(due_on=YESTERDAY, status=TaskStatus.DONE, completed_on=YESTERDAY)
    in_time = TaskFactory(due_on=TODAY + datetime.timedelta(days=30))

    assert listed(viewer.get("/tasks/", {"deadline": "overdue"})) == [late]
    assert late not in listed(viewer.get("/tasks/", {"deadline": "not_overdue"}))
    assert in_time in listed(viewer.get("/tasks/", {"deadline": "not_overdue"}))


def test_tasks_filtered_by_status(viewer):
    started = TaskFactory(status=TaskStatus.IN_PROGRESS)
    TaskFactory()

    assert listed(viewer.get("/tasks/", {"status": TaskStatus.IN_PROGRESS})) == [started]


def test_tasks_search_by_owner_without_diacritics(viewer):
    task = TaskFactory(owner=PersonFactory(full_name="Đỗ Thị Thủy"))
    TaskFactory()

    assert listed(viewer.get("/tasks/", {"q": "do thi thuy"})) == [task]


def test_tasks_earliest_deadline_first_with_undated_last(viewer):
    undated = TaskFactory()
    later = TaskFactory(due_on=datetime.date(2027, 6, 30))
    sooner = TaskFactory(due_on=datetime.date(2026, 6, 30))

    assert listed(viewer.get("/tasks/")) == [sooner, later, undated]


# Invalid filters ###########################################################


@pytest.mark.parametrize(
    "url, query",
    [
        ("/congresses/", {"term": "2030–2025"}),
        ("/congresses/", {"term": "nhiệm kỳ mới"}),
        ("/congresses/", {"province": "nowhere"}),
        ("/congresses/", {"organisation": str(uuid.uuid4())}),
        ("/speeches/", {"kind": "song"}),
        ("/speeches/", {"congress": "1"}),
        ("/indicators/", {"status": "great"}),
        ("/indicators/", {"direction": "sideways"}),
        ("/tasks/", {"status": "forgotten"}),
        ("/tasks/", {"six_clear": "maybe"}),
        ("/tasks/", {"deadline": "soon"}),
    ],
)
def test_an_invalid_filter_value_shows_the_error_and_no_rows(viewer, article, url, query):
    response = viewer.get(url, query)

    assert response.status_code == 200
    assert listed(response) == []
    assert response.context["filterset"].errors
    assert "Bộ lọc có giá trị không hợp lệ" in response.content.decode()


# Export ####################################################################

# Speeches, indicators and tasks are sheets of one congress: they import back into it.
EXPORTS = [
    ("/congresses/", {"q": "thien huong"}, "congresses", "Đảng bộ", False),
    ("/speeches/", {"kind": SpeechKind.OTHER, "sort": "-speaker"}, "speeches", "Người phát biểu", True),
    ("/indicators/", {"status": IndicatorStatus.EXCEEDED, "sort": "name"}, "indicators", "Chỉ tiêu", True),
    ("/tasks/", {"six_clear": "no", "sort": "content"}, "tasks", "Nội dung", True),
]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize("url, query, kind, header, of_congress", EXPORTS, ids=[url for url, *_ in EXPORTS])
def test_export_holds_exactly_the_filtered_sorted_rows_and_imports_back_unchanged(
    viewer, thien_huong, url, query, kind, header, of_congress, file_format
):
    shown = listed(viewer.get(url, query))

    response = viewer.get(url, {**query, "export": file_format})

    column = exported_column(response, header)
    assert column == [cell_of(record, header) for record in shown]
    congress = thien_huong if of_congress else None
    assert assert_imports_back_unchanged(response, kind, congress) == len(shown)


def cell_of(record, header):
    return {
        "Đảng bộ": lambda: record.organisation.name,
        "Người phát biểu": lambda: record.speaker.full_name,
        "Chỉ tiêu": lambda: record.name,
        "Nội dung": lambda: record.content,
    }[header]()


def test_exported_indicators_are_the_exceeded_ones(viewer, thien_huong):
    response = viewer.get("/indicators/", {"status": IndicatorStatus.EXCEEDED, "export": "xlsx"})

    assert sorted(exported_column(response, "Chỉ tiêu")) == [
        "Các chỉ tiêu về công tác xây dựng Đảng",
        "Trường đạt chuẩn quốc gia mức độ 2",
        "Tỷ lệ hộ nghèo",
        "Tỷ trọng các ngành tiểu thủ công nghiệp, thương mại và dịch vụ",
    ]


# Query counts ##############################################################


def congress_rows(count):
    directing = OrganisationFactory()
    organisations = bulk(OrganisationFactory, count)
    committees = bulk(OrganisationFactory, count, kind=OrganisationKind.EXECUTIVE_COMMITTEE, seat_count=27)
    Congress.objects.bulk_create(
        CongressFactory.build(
            organisation=organisation, executive_committee=committee, directing_body=directing
        )
        for organisation, committee in zip(organisations, committees, strict=True)
    )


def speech_rows(count):
    congress, speaker = CongressFactory(), PersonFactory()
    Speech.objects.bulk_create(
        SpeechFactory.build(congress=congress, speaker=speaker, order=order) for order in range(1, count + 1)
    )


def indicator_rows(count):
    bulk(IndicatorFactory, count, congress=CongressFactory())


def task_rows(count):
    congress, owner, organisation = CongressFactory(), PersonFactory(), OrganisationFactory()
    bulk(TaskFactory, count, congress=congress, owner=owner, responsible_organisation=organisation)


# Queries: session, user, province dropdown, COUNT, page of rows. The filter holds for
# every row made.
LISTS = [
    ("/congresses/", congress_rows, 5, {"term": "2025–2030"}),
    ("/speeches/", speech_rows, 5, {"kind": SpeechKind.DISCUSSION}),
    ("/indicators/", indicator_rows, 5, {"status": IndicatorStatus.MET}),
    ("/tasks/", task_rows, 5, {"six_clear": "no"}),
]


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("url, make_rows, queries, query", LISTS, ids=[url for url, *_ in LISTS])
def test_a_list_page_runs_the_same_queries_for_5_or_500_rows(
    viewer, django_assert_num_queries, url, make_rows, queries, query, rows
):
    make_rows(rows)

    response = get_list_page(viewer, url, queries, django_assert_num_queries)

    assert response.context["total"] == rows


@pytest.mark.parametrize("url, make_rows, queries, query", LISTS, ids=[url for url, *_ in LISTS])
def test_pages_of_a_list_keep_its_filter(viewer, url, make_rows, queries, query):
    make_rows(70)

    assert_pages_keep_the_filter(viewer, url, query, 70)


# What every list of a congress's parts filters by: congress, term, province, organisation.

PART_FACTORIES = {"/speeches/": SpeechFactory, "/indicators/": IndicatorFactory, "/tasks/": TaskFactory}


@pytest.fixture
def two_congresses(article):
    """Thiên Hương's congress (2025–2030, Hải Phòng) and an earlier one of a party cell, one part each."""
    thien_huong = Congress.objects.get()
    city = OrganisationFactory(name="Đảng bộ thành phố")
    older = CongressFactory(term_start=2020, term_end=2025, organisation__parent=city)
    return thien_huong, older, city


@pytest.mark.parametrize("url", PART_FACTORIES)
def test_parts_of_congresses_filtered_by_congress_term_province_and_organisation(viewer, two_congresses, url):
    thien_huong, older, city = two_congresses
    PART_FACTORIES[url](congress=older)
    hai_phong = AdministrativeUnit.objects.get(register=UnitRegister.CURRENT, code="31")

    def congresses(query):
        return {record.congress for record in listed(viewer.get(url, query))}

    assert congresses({"congress": older.uid}) == {older}
    assert congresses({"term": "2020–2025"}) == {older}
    assert congresses({"province": hai_phong.pk}) == {thien_huong}
    assert congresses({"organisation": city.uid}) == {older}
    assert congresses({}) == {thien_huong, older}
