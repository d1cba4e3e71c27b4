"""How a figure's unit may be written: one table on the model (Figure.scale_of), asked by the
admin's form and by the report reader alike."""

from decimal import Decimal

import pytest

from records.models import Figure
from records.models.figures import FigureMetric


@pytest.mark.parametrize(
    ("metric", "unit", "scale"),
    [
        (FigureMetric.AREA, "", Decimal(1)),
        (FigureMetric.AREA, "km²", Decimal(1)),
        (FigureMetric.AREA, "Km 2", Decimal(1)),
        (FigureMetric.AREA, "ha", Decimal("0.01")),
        (FigureMetric.AREA, "héc-ta", Decimal("0.01")),
        (FigureMetric.POPULATION, "dân", Decimal(1)),
        (FigureMetric.POPULATION, "nghìn người", Decimal(1000)),
        (FigureMetric.POPULATION, "vạn dân", Decimal(10000)),
        (FigureMetric.HOUSEHOLDS, "hộ dân", Decimal(1)),
        (FigureMetric.PARTY_ORGANISATIONS, "chi bộ, đảng bộ", Decimal(1)),
        (FigureMetric.POPULATION, "ha", None),
        (FigureMetric.AREA, "người", None),
        (FigureMetric.PARTY_MEMBERS, "nghìn hộ", None),
    ],
)
def test_the_model_knows_what_a_unit_written_after_a_value_is(metric, unit, scale):
    assert Figure.scale_of(metric, unit) == scale
