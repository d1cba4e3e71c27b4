"""The results of a term drawn on the server as SVG: no JavaScript, and it prints as it shows.

Targets come in different units (schools, per cent, households), so each indicator is drawn
against its own target: the target bar is always 100 %, the result bar is the result as a share
of the target. Every bar carries its numbers as text; colour only repeats what the text says.
"""

import textwrap
from decimal import Decimal
from typing import NamedTuple

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from records.vietnamese import format_number

from .models import IndicatorDirection, IndicatorStatus

WIDTH = 420  # narrow enough to stay legible when a phone scales it down
BAR_WIDTH = 190  # the longest bar; its label goes to its right
BAR_HEIGHT = 14
LINE_HEIGHT = 16
NAME_CHARACTERS = 60  # per line of an indicator's name, two lines at most
LEGEND_HEIGHT = 30
# A result far above its target would squeeze every other bar: bars stop at this share.
MAX_SHARE = Decimal(200)

COLOURS = {
    IndicatorStatus.EXCEEDED: "#1b6e35",
    IndicatorStatus.MET: "#1f5a99",
    IndicatorStatus.NOT_MET: "#a8271d",
    IndicatorStatus.UNKNOWN: "#5f5f5f",
}
TARGET_COLOUR = "#bfc4c9"
TEXT_COLOUR = "#1d1d1d"


def share_of_target(indicator):
    """The result as a percentage of the target, which a lower-is-better result stays under."""
    target, actual = Decimal(indicator.target), Decimal(indicator.actual)
    if target == 0:
        return Decimal(100) if actual == 0 else MAX_SHARE
    return actual / target * 100


def quantity(value, unit):
    number = format_number(value)
    return f"{number} {unit}" if unit else number


class Bar(NamedTuple):
    """One indicator as the results chart draws it: lengths in the drawing's units (WIDTH wide,
    BAR_WIDTH the longest bar), the labels beside the bars, the status in its colour."""

    name: str
    target_length: float
    target_label: str
    actual_length: float
    actual_label: str
    colour: str
    status: str

    @property
    def target_percent(self):
        """The target bar's length as a percentage of the drawing's width."""
        return round(self.target_length / WIDTH * 100, 2)

    @property
    def actual_percent(self):
        return round(self.actual_length / WIDTH * 100, 2)


class ResultsChart:
    """A congress's indicators: `svg` draws those with numbers, `qualitative` lists the others."""

    def __init__(self, indicators):
        indicators = list(indicators)
        self.measured = [i for i in indicators if i.target is not None and i.actual is not None]
        self.qualitative = [i for i in indicators if i.target is None or i.actual is None]
        shares = [min(share_of_target(indicator), MAX_SHARE) for indicator in self.measured]
        self.scale = max([Decimal(100), *shares])

    def __bool__(self):
        return bool(self.measured or self.qualitative)

    def length(self, share):
        return round(float(min(share, MAX_SHARE) / self.scale) * BAR_WIDTH, 1)

    def svg(self):
        """The chart as the pages show it (the congress file's PDF draws bars() as boxes instead)."""
        if not self.measured:
            return ""
        (target, target_label), (actual, actual_label) = self.legend()
        rows, top = [], LEGEND_HEIGHT
        for bar in self.bars():
            row, top = self.row(bar, top)
            rows.append(row)
        return format_html(
            '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            'width="{width}" height="{height}" role="img" aria-labelledby="chart-title chart-desc" '
            'font-family="sans-serif" font-size="12" fill="{text}">'
            '<title id="chart-title">{title}</title><desc id="chart-desc">{desc}</desc>'
            '<rect x="0" y="4" width="12" height="12" fill="{target}"/>'
            '<text x="18" y="14">{target_label}</text>'
            '<rect x="110" y="4" width="12" height="12" fill="{actual}"/>'
            '<text x="128" y="14">{actual_label}</text>'
            "{rows}</svg>",
            width=WIDTH,
            height=top,
            text=TEXT_COLOUR,
            title=_("Kết quả thực hiện các chỉ tiêu so với kế hoạch"),
            desc=self.description(),
            target=target,
            target_label=target_label,
            actual=actual,
            actual_label=actual_label,
            rows=format_html_join("", "{}", ((row,) for row in rows)),
        )

    def description(self):
        return "; ".join(
            _("%(name)s: kế hoạch %(target)s, thực hiện %(actual)s, %(status)s")
            % {
                "name": indicator.name,
                "target": quantity(indicator.target, indicator.unit),
                "actual": quantity(indicator.actual, indicator.unit),
                "status": indicator.get_status_display().lower(),
            }
            for indicator in self.measured
        )

    def bars(self):
        """Each measured indicator as the chart draws it (Bar), in order."""
        return [self.bar(indicator) for indicator in self.measured]

    def bar(self, indicator):
        status = indicator.get_status_display()
        if indicator.direction == IndicatorDirection.LOWER:
            status = _("%(status)s (chỉ tiêu càng thấp càng tốt)") % {"status": status}
        actual = quantity(indicator.actual, indicator.unit)
        if indicator.achievement is not None:
            actual = _("%(actual)s, đạt %(share)s %%") % {
                "actual": actual,
                "share": format_number(indicator.achievement),
            }
        return Bar(
            name=indicator.name,
            target_length=self.length(Decimal(100)),
            target_label=_("Kế hoạch: %(target)s") % {"target": quantity(indicator.target, indicator.unit)},
            actual_length=self.length(share_of_target(indicator)),
            actual_label=_("Thực hiện: %(actual)s") % {"actual": actual},
            colour=COLOURS[IndicatorStatus(indicator.status)],
            status=status,
        )

    def legend(self):
        """(colour, label) of the two swatches above the bars."""
        return (
            (TARGET_COLOUR, _("Kế hoạch")),
            (COLOURS[IndicatorStatus.EXCEEDED], _("Thực hiện so với kế hoạch (đường chấm: 100 %)")),
        )

    def row(self, bar, top):
        """One indicator's name, bars and status, and where the next row starts."""
        lines = textwrap.wrap(bar.name, NAME_CHARACTERS, max_lines=2, placeholder=" …")
        name = format_html_join(
            "",
            '<tspan x="0" dy="{}">{}</tspan>',
            ((0 if index == 0 else LINE_HEIGHT, line) for index, line in enumerate(lines)),
        )
        bars_top = top + 6 + LINE_HEIGHT * len(lines)
        row = format_html(
            '<g><text y="{name_y}" font-weight="bold">{name}</text>'
            '<rect x="0" y="{target_y}" width="{target_length}" height="{h}" fill="{target_colour}"/>'
            '<text x="{target_label_x}" y="{target_text_y}">{target_label}</text>'
            '<rect x="0" y="{actual_y}" width="{actual_length}" height="{h}" fill="{colour}"/>'
            '<text x="{actual_label_x}" y="{actual_text_y}">{actual_label}</text>'
            '<line x1="{target_length}" y1="{line_top}" x2="{target_length}" y2="{line_bottom}" '
            'stroke="{text}" stroke-width="1" stroke-dasharray="2 2"/>'
            '<text x="0" y="{status_y}" fill="{colour}" font-weight="bold">{status}</text></g>',
            name_y=top + 14,
            name=name,
            target_y=bars_top,
            target_length=bar.target_length,
            h=BAR_HEIGHT,
            target_colour=TARGET_COLOUR,
            target_label_x=bar.target_length + 6,
            target_text_y=bars_top + 11,
            target_label=bar.target_label,
            actual_y=bars_top + BAR_HEIGHT + 4,
            actual_length=bar.actual_length,
            colour=bar.colour,
            actual_label_x=bar.actual_length + 6,
            actual_text_y=bars_top + BAR_HEIGHT + 15,
            actual_label=bar.actual_label,
            line_top=bars_top - 3,
            line_bottom=bars_top + 2 * BAR_HEIGHT + 7,
            text=TEXT_COLOUR,
            status_y=bars_top + 2 * BAR_HEIGHT + 22,
            status=bar.status,
        )
        return row, bars_top + 2 * BAR_HEIGHT + 40


OVERVIEW_SERIES = (
    ("held", "#5f5f5f"),
    ("recorded", "#1f5a99"),
    ("approved", "#1b6e35"),
)
OVERVIEW_BAR = 14
OVERVIEW_GAP = 18
OVERVIEW_HEIGHT = 120  # the tallest bar


class OverviewChart:
    """Congresses held, recorded and approved, counted up month by month of their opening.

    `months` is [(year, month, held, recorded, approved)], each count cumulative: how many of
    the congresses opened by the end of that month are held, have their results (elections or
    an appointment) recorded, and are approved. Congresses with no opening date are left out
    and counted in `undated`. Every bar carries its number; colour only repeats the legend.
    """

    def __init__(self, rows):
        dated = sorted(
            (row for row in rows if row.congress.opened_on is not None),
            key=lambda row: row.congress.opened_on,
        )
        self.undated = len(rows) - len(dated)
        self.months = []
        held = recorded = approved = 0
        for row in dated:
            day = row.congress.opened_on
            held += 1
            recorded += row.results_recorded
            approved += row.results_recorded and row.approved
            if self.months and self.months[-1][:2] == (day.year, day.month):
                self.months[-1] = (day.year, day.month, held, recorded, approved)
            else:
                self.months.append((day.year, day.month, held, recorded, approved))

    def __bool__(self):
        return bool(self.months)

    def labels(self):
        return {"held": _("Đã tổ chức"), "recorded": _("Đã ghi nhận kết quả"), "approved": _("Đã chuẩn y")}

    def description(self):
        return "; ".join(
            _(
                "Đến hết tháng %(month)s/%(year)s: %(held)s đã tổ chức, %(recorded)s đã ghi nhận kết quả, "
                "%(approved)s đã chuẩn y"
            )
            % {
                "month": month,
                "year": year,
                "held": format_number(held),
                "recorded": format_number(recorded),
                "approved": format_number(approved),
            }
            for year, month, held, recorded, approved in self.months
        )

    def svg(self):
        if not self.months:
            return ""
        top = max(month[2] for month in self.months) or 1
        group = len(OVERVIEW_SERIES) * OVERVIEW_BAR + OVERVIEW_GAP
        width = max(WIDTH, 40 + group * len(self.months))
        base = LEGEND_HEIGHT + 20 + OVERVIEW_HEIGHT
        labels = self.labels()
        legend = format_html_join(
            "",
            '<rect x="{}" y="4" width="12" height="12" fill="{}"/><text x="{}" y="14">{}</text>',
            (
                (index * 140, colour, index * 140 + 18, labels[key])
                for index, (key, colour) in enumerate(OVERVIEW_SERIES)
            ),
        )
        bars = []
        for position, (year, month, *counts) in enumerate(self.months):
            left = 20 + position * group
            for index, ((_key, colour), value) in enumerate(zip(OVERVIEW_SERIES, counts, strict=True)):
                height = round(value / top * OVERVIEW_HEIGHT, 1)
                x = left + index * OVERVIEW_BAR
                bars.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                        x,
                        base - height,
                        OVERVIEW_BAR - 2,
                        height,
                        colour,
                        x + (OVERVIEW_BAR - 2) / 2,
                        base - height - 3,
                        format_number(value),
                    )
                )
            bars.append(
                format_html('<text x="{}" y="{}" font-size="11">{}/{}</text>', left, base + 14, month, year)
            )
        return format_html(
            '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            'width="{width}" height="{height}" role="img" aria-labelledby="overview-title overview-desc" '
            'font-family="sans-serif" font-size="12" fill="{text}">'
            '<title id="overview-title">{title}</title><desc id="overview-desc">{desc}</desc>'
            "{legend}{bars}</svg>",
            width=width,
            height=base + 24,
            text=TEXT_COLOUR,
            title=_("Số đại hội đã tổ chức, đã ghi nhận kết quả và đã chuẩn y, cộng dồn theo tháng khai mạc"),
            desc=self.description(),
            legend=legend,
            bars=format_html_join("", "{}", ((bar,) for bar in bars)),
        )
