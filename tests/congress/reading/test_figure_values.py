"""The reader's figure values: numbers in the units the figure's model knows (Figure.scale_of)."""

from decimal import Decimal

import pytest

from congress.reading.matching import figure_value


@pytest.mark.parametrize(
    ("value", "unit", "metric", "expected"),
    [
        ("39,99", "km2", "area", Decimal("39.99")),
        ("3.999", "ha", "area", Decimal("39.99")),
        ("19 nghìn", "dân", "population", Decimal(19000)),
        ("2 vạn", "người", "population", Decimal(20000)),
        ("1.535", "đảng viên", "party_members", Decimal(1535)),
        ("39,99", "ha", "population", None),
        ("nhiều", "người", "population", None),
    ],
)
def test_the_reader_takes_a_figures_value_in_the_models_units(value, unit, metric, expected):
    assert figure_value(value, unit, metric) == expected
