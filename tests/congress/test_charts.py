"""Tests for congress.charts: the results of a term drawn as SVG on the server."""

import re
from decimal import Decimal

from congress.charts import BAR_WIDTH, MAX_SHARE, ResultsChart, share_of_target
from congress.models import Indicator, IndicatorDirection, IndicatorStatus


def indicator(name="Trường đạt chuẩn quốc gia mức độ 2", target="4", actual="5", **fields):
    return Indicator(
        name=name,
        unit=fields.pop("unit", "trường"),
        target=None if target is None else Decimal(target),
        actual=None if actual is None else Decimal(actual),
        **fields,
    )


def bar_widths(svg):
    return [float(width) for width in re.findall(r'<rect x="0" y="\d+" width="([\d.]+)" height="14"', svg)]


def test_each_indicator_is_drawn_against_its_own_target():
    chart = ResultsChart([indicator(), indicator(name="Thu ngân sách", target="100", actual="100", unit="%")])

    target, actual, budget_target, budget_actual = bar_widths(chart.svg())

    assert actual == BAR_WIDTH
    assert target == budget_target == budget_actual == round(BAR_WIDTH / 1.25, 1)


def test_bars_carry_their_numbers_as_text():
    svg = ResultsChart([indicator()]).svg()

    assert "Kế hoạch: 4 trường" in svg
    assert "Thực hiện: 5 trường, đạt 125 %" in svg
    assert "Vượt chỉ tiêu" in svg


def test_a_lower_is_better_result_says_so_and_has_no_percentage():
    poverty = indicator(
        name="Tỷ lệ hộ nghèo", target="0.2", actual="0", unit="%", direction=IndicatorDirection.LOWER
    )

    svg = ResultsChart([poverty]).svg()

    assert share_of_target(poverty) == 0
    assert "Kế hoạch: 0,2 %" in svg
    assert "Thực hiện: 0 %<" in svg
    assert "càng thấp càng tốt" in svg


def test_a_result_far_above_target_is_cut_at_the_longest_bar():
    chart = ResultsChart([indicator(target="1", actual="50")])

    target, actual = bar_widths(chart.svg())

    assert chart.scale == MAX_SHARE
    assert actual == BAR_WIDTH
    assert target == BAR_WIDTH / 2


def test_results_without_numbers_are_listed_not_drawn():
    qualitative = indicator(
        name="Các chỉ tiêu về công tác xây dựng Đảng",
        target=None,
        actual=None,
        assessed_status=IndicatorStatus.EXCEEDED,
    )

    chart = ResultsChart([qualitative])

    assert chart
    assert chart.qualitative == [qualitative]
    assert chart.svg() == ""


def test_no_indicators_no_chart():
    assert not ResultsChart([])


def test_the_chart_is_labelled_for_screen_readers():
    svg = ResultsChart([indicator()]).svg()

    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-title chart-desc"' in svg
    assert '<title id="chart-title">' in svg
    assert "Trường đạt chuẩn quốc gia mức độ 2: kế hoạch 4 trường, thực hiện 5 trường, vượt chỉ tiêu" in svg


def test_names_are_escaped_and_long_names_wrapped():
    long_name = "Chỉ tiêu <b>" + " rất dài" * 30

    svg = ResultsChart([indicator(name=long_name)]).svg()

    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert svg.count("<tspan") == 2
    assert "…" in svg


def test_numbers_in_the_drawing_use_a_decimal_point_whatever_the_language():
    svg = ResultsChart([indicator(target="3", actual="2")]).svg()

    assert all("," not in width for width in re.findall(r'width="([^"]+)"', svg))
