"""Tests for records.admin.figures: a figure's value typed as reports write it, unit and all
("39,99 km²", "102.648 người"), the unit checked against the metric, and shown beside the value."""

from decimal import Decimal

import pytest
from django.urls import reverse

from records.models import Figure
from records.models.figures import FigureMetric
from tests.records.factories import AdministrativeUnitFactory, FigureFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw"))
    return client


def add_figure(clerk, metric, value):
    unit = AdministrativeUnitFactory(name="Phường Thiên Hương")
    return clerk.post(
        reverse("admin:records_figure_add"),
        {
            "metric": metric,
            "value": value,
            "administrative_unit": unit.pk,
            "source": SourceFactory().pk,
        },
    )


@pytest.mark.parametrize(
    ("metric", "typed", "value"),
    [
        (FigureMetric.AREA, "39,99 km²", Decimal("39.99")),
        (FigureMetric.AREA, "39,99 km2", Decimal("39.99")),
        (FigureMetric.AREA, "39,99km²", Decimal("39.99")),
        (FigureMetric.POPULATION, "102.648 người", Decimal("102648")),
        (FigureMetric.POPULATION, "45 140 Người", Decimal("45140")),
        (FigureMetric.POPULATION, "102.648", Decimal("102648")),
        (FigureMetric.PARTY_MEMBERS, "1.535 đảng viên", Decimal("1535")),
        (FigureMetric.HOUSEHOLDS, "12.000 hộ", Decimal("12000")),
        # As reports write them: hectares of an area are recorded in km², number words multiply.
        (FigureMetric.AREA, "3.999 ha", Decimal("39.99")),
        (FigureMetric.AREA, "3.999 héc-ta", Decimal("39.99")),
        (FigureMetric.POPULATION, "102.648 dân", Decimal("102648")),
        (FigureMetric.POPULATION, "19 nghìn người", Decimal("19000")),
        (FigureMetric.PARTY_ORGANISATIONS, "55 tổ chức cơ sở đảng", Decimal("55")),
    ],
)
def test_a_value_is_read_with_the_metrics_unit(clerk, metric, typed, value):
    response = add_figure(clerk, metric, typed)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Figure.objects.get().value == value


@pytest.mark.parametrize(
    ("metric", "typed", "message"),
    [
        (
            FigureMetric.POPULATION,
            "3.999 ha",
            'Giá trị "3.999 ha" ghi đơn vị "ha", nhưng dân số tính bằng người: '
            "ghi số theo người, hoặc chọn đúng chỉ số.",
        ),
        (
            FigureMetric.AREA,
            "102.648 người",
            'Giá trị "102.648 người" ghi đơn vị "người", nhưng diện tích tự nhiên tính bằng km²: '
            "ghi số theo km², hoặc chọn đúng chỉ số.",
        ),
        (
            FigureMetric.POPULATION,
            "39,99 km²",
            'Giá trị "39,99 km²" ghi đơn vị "km²", nhưng dân số tính bằng người: '
            "ghi số theo người, hoặc chọn đúng chỉ số.",
        ),
        (FigureMetric.POPULATION, "nhiều người", 'Không đọc được số "nhiều người".'),
    ],
)
def test_a_unit_not_the_metrics_is_refused_naming_the_value(clerk, metric, typed, message):
    response = add_figure(clerk, metric, typed)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["value"] == [message]
    assert not Figure.objects.exists()


def test_the_form_shows_the_unit_beside_the_value(clerk):
    figure = FigureFactory(metric=FigureMetric.AREA, value=Decimal("39.99"))

    html = clerk.get(reverse("admin:records_figure_change", args=[figure.pk])).content.decode()

    assert 'value="39,99 km²"' in html
    # And in the ward's own figures.
    unit_page = clerk.get(
        reverse("admin:records_administrativeunit_change", args=[figure.administrative_unit_id])
    )
    assert 'value="39,99 km²"' in unit_page.content.decode()


def test_the_list_shows_the_unit_beside_the_value(clerk):
    FigureFactory(metric=FigureMetric.POPULATION, value=Decimal("102648"))

    html = clerk.get(reverse("admin:records_figure_changelist")).content.decode()

    assert "102.648 người" in html
