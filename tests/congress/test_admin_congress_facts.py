"""Tests for congress.admin.congresses: where the facts a report gives beside a congress go, and
its "x/y chỉ tiêu đạt và vượt" summary as a field of the congress."""

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from congress.models import Congress
from tests.congress.factories import CongressFactory
from tests.records.factories import AdministrativeUnitFactory, LegalDocumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, django_user_model):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw")
    client.force_login(user)
    client.user = user
    return client


def change_page(clerk, congress):
    return clerk.get(reverse("admin:congress_congress_change", args=[congress.pk])).content.decode()


def test_the_congress_form_links_each_fact_to_the_page_that_keeps_it(clerk):
    unit = AdministrativeUnitFactory(name="Phường Tân Hòa")
    congress = CongressFactory(organisation=OrganisationFactory(administrative_unit=unit))

    html = change_page(clerk, congress)

    unit_page = reverse("admin:records_administrativeunit_change", args=[unit.pk])
    assert f'<a href="{unit_page}#id_established_by">Thêm căn cứ thành lập</a>' in html
    figures = reverse("admin:records_figure_add") + f"?administrative_unit={unit.pk}"
    assert f'<a href="{figures}">Thêm số liệu (diện tích, dân số)</a>' in html
    results = reverse("admin:congress_indicator_add") + f"?congress={congress.pk}"
    assert f'<a href="{results}">Thêm kết quả tổng hợp</a>' in html
    # Beside the organisation: right after its field, before the ordinal.
    assert html.index('class="form-row field-organisation') < html.index("Thêm căn cứ thành lập")
    assert html.index("Thêm kết quả tổng hợp") < html.index('class="form-row field-ordinal')


def test_a_recorded_founding_resolution_is_named_and_the_prefilled_pages_open(clerk):
    document = LegalDocumentFactory(symbol="1669/NQ-UBTVQH15")
    unit = AdministrativeUnitFactory(established_by=document)
    congress = CongressFactory(organisation=OrganisationFactory(administrative_unit=unit))

    html = change_page(clerk, congress)

    assert "Căn cứ thành lập: 1669/NQ-UBTVQH15" in html
    figure_page = clerk.get(reverse("admin:records_figure_add") + f"?administrative_unit={unit.pk}")
    assert figure_page.context["adminform"].form.initial["administrative_unit"] == str(unit.pk)
    indicator_page = clerk.get(reverse("admin:congress_indicator_add") + f"?congress={congress.pk}")
    assert indicator_page.context["adminform"].form.initial["congress"] == str(congress.pk)


def test_without_a_ward_the_figures_go_to_the_organisation(clerk):
    congress = CongressFactory()

    html = change_page(clerk, congress)

    organisation = congress.organisation
    assert reverse("admin:records_organisation_change", args=[organisation.pk]) in html
    assert reverse("admin:records_figure_add") + f"?organisation={organisation.pk}" in html


def test_a_new_congress_is_told_to_save_first(clerk):
    html = clerk.get(reverse("admin:congress_congress_add")).content.decode()

    assert "Lưu đại hội trước, rồi thêm căn cứ thành lập, số liệu và kết quả tổng hợp." in html


def summary_form(clerk, congress, **changes):
    request = RequestFactory().post("/")
    request.user = clerk.user
    model_admin = admin.site._registry[Congress]
    form_class = model_admin.get_form(request, congress, change=True)
    data = {key: value for key, value in model_to_dict(congress).items() if value is not None}
    data["sources"] = [source.pk for source in data.get("sources", [])]
    return form_class(data={**data, **changes}, instance=congress)


def test_the_summary_is_a_field_of_the_congress_read_the_vietnamese_way(clerk):
    congress = CongressFactory()

    form = summary_form(clerk, congress, indicators_met="16", indicators_total="19")

    assert form.is_valid(), form.errors
    form.save()
    congress.refresh_from_db()
    assert (congress.indicators_met, congress.indicators_total) == (16, 19)
    assert congress.indicator_summary == "16/19"


@pytest.mark.parametrize(
    ("met", "total", "message"),
    [
        ("22", "21", "Số chỉ tiêu đạt và vượt không được lớn hơn tổng số chỉ tiêu."),
        ("16", "", "Số chỉ tiêu đạt và vượt và tổng số chỉ tiêu phải ghi cả hai, hoặc để trống cả hai."),
        ("", "19", "Số chỉ tiêu đạt và vượt và tổng số chỉ tiêu phải ghi cả hai, hoặc để trống cả hai."),
    ],
)
def test_a_summary_that_cannot_be_is_a_vietnamese_form_error(clerk, met, total, message):
    form = summary_form(clerk, CongressFactory(), indicators_met=met, indicators_total=total)

    assert not form.is_valid()
    assert message in form.non_field_errors()


def test_the_congress_page_shows_the_summary(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("viewer", "v@example.invalid", "pw"))
    congress = CongressFactory(indicators_met=16, indicators_total=19)

    html = client.get(congress.get_absolute_url()).content.decode()

    assert '<dt>Chỉ tiêu đạt và vượt</dt><dd class="indicator-summary">16/19</dd>' in html
