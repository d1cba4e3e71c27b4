"""Writing accepted proposals: one transaction, idempotent, honest about what the report says."""

import pytest
from django.apps import apps

from congress.models import Congress, Speech
from congress.reading.matching import EXISTING, match_reading
from congress.reading.writing import SourceInfo, WriteRefused, changes_nothing, write_exact, write_plan
from records.models import Figure, Organisation, Person, Source

from .small import SOURCE, small_reading, ward

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "x")


def rows():
    """Every row of every model and history table of the two apps, by table."""
    counted = {}
    for label in ("records", "congress"):
        for model in apps.get_app_config(label).get_models():
            counted[model._meta.db_table] = model._default_manager.count()
    return counted


def test_the_accepted_proposals_are_written_citing_a_news_report_source(clerk):
    unit = ward()

    written = write_exact(small_reading(), SOURCE, clerk)

    source = Source.objects.get()
    assert (source.kind, source.title, source.url, source.text) == ("article", SOURCE.title, SOURCE.url, small_reading().text)
    congress = Congress.objects.get()
    assert (congress.ordinal, congress.term_start, congress.delegate_count) == (1, 2025, 120)
    assert written.congress == congress
    an = Person.objects.get(full_name="Lê Văn An")
    post = an.memberships.get()
    assert (post.role, post.title, post.organisation.name) == ("bi_thu", "Bí thư Đảng ủy phường Tân Lạc", "Đảng ủy phường Tân Lạc")
    assert Speech.objects.get().kind == "bao_cao_chinh_tri"
    area = Figure.objects.get(metric="area_km2")
    assert (area.value, area.administrative_unit, area.source) == (pytest.approx(12.5), unit, source)
    for record in (congress, an, post, post.organisation, Speech.objects.get()):
        assert list(record.sources.all()) == [source]


def test_a_committee_of_27_with_no_names_stays_0_of_27(clerk):
    ward()
    write_exact(small_reading(), SOURCE, clerk)

    committee = Organisation.objects.get(kind="ban_chap_hanh")
    assert (committee.seats_filled(), committee.seat_count) == (0, 27)
    assert Congress.objects.get().executive_committee == committee


def test_writing_the_same_report_twice_changes_nothing(clerk):
    ward()
    write_exact(small_reading(), SOURCE, clerk)
    before = rows()

    plan = match_reading(small_reading())
    assert changes_nothing(plan)
    assert all(item.match.status == EXISTING for item in plan.items)
    write_exact(small_reading(), SOURCE, clerk)

    assert rows() == before


def test_two_sources_that_disagree_give_two_figures_side_by_side(clerk):
    unit = ward()
    write_exact(small_reading(area="12,5"), SOURCE, clerk)
    other = SourceInfo(title="Một báo khác", url="https://bao-khac.example.vn/tan-lac")

    plan = match_reading(small_reading(area="14,46"))
    area = next(item for item in plan.of_kind("figure") if item.proposal.metric == "area")
    assert "12,5" in area.note and "bên cạnh" in area.note
    write_exact(small_reading(area="14,46"), other, clerk)

    figures = Figure.objects.filter(metric="area_km2", administrative_unit=unit).order_by("value")
    assert [(float(f.value), f.source.title) for f in figures] == [(12.5, SOURCE.title), (14.46, "Một báo khác")]


def test_a_record_that_fails_writes_nothing_at_all(clerk):
    ward()
    reading = small_reading()
    reading.congress.term_end = 2020  # before its start: refused after its organisations were written
    before = rows()

    with pytest.raises(WriteRefused) as refused:
        write_exact(reading, SOURCE, clerk)

    assert any("Đại hội" in message for message in refused.value.messages)
    assert rows() == before


def test_a_value_that_is_not_a_number_is_named_and_nothing_is_written(clerk):
    ward()
    plan = match_reading(small_reading())
    plan.item("congress-0").values["delegates"] = "một trăm"
    before = rows()

    with pytest.raises(WriteRefused) as refused:
        write_plan(plan, SOURCE, clerk)

    assert refused.value.messages == [
        "Đại hội “Đảng bộ phường Tân Lạc”, ô “Số đại biểu”: “một trăm” không phải là số."
    ]
    assert rows() == before


def test_39_99_is_written_as_a_decimal(clerk):
    ward()
    write_exact(small_reading(area="39,99"), SOURCE, clerk)

    assert str(Figure.objects.get(metric="area_km2").value.normalize()) == "39.99"


def test_an_unticked_person_is_not_written_and_an_edited_number_is(clerk):
    ward()
    plan = match_reading(small_reading())
    plan.item("person-0").accepted = False
    plan.item("congress-0").values["delegates"] = "121"

    write_plan(plan, SOURCE, clerk)

    assert not Person.objects.exists()
    assert Congress.objects.get().delegate_count == 121
