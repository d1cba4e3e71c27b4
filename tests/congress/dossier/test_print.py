"""The PDF's own layout: the results chart drawn as boxes over as many pages as it needs, and the
tables' column widths (congress/dossier/columns.py) that let WeasyPrint lay them out fixed."""

from decimal import Decimal

import pytest

from congress.dossier.columns import CELL_EXTRA_PT, TEXT_WIDTH_PT, print_widths, width_pt
from congress.dossier.content import Row, Table
from congress.dossier.documents import congress_file
from congress.dossier.gather import CongressRecords
from congress.dossier.pdf import render_pdf
from tests.congress.dossier.reading import pdf_visible_text
from tests.congress.factories import CongressFactory, IndicatorFactory


def points(percent):
    return percent / 100 * TEXT_WIDTH_PT


def table(headers, rows, numeric=frozenset()):
    return Table(tuple(headers), tuple(Row(tuple(cells), (1,)) for cells in rows), frozenset(numeric))


def test_short_columns_share_the_page_as_their_longest_lines_ask():
    widths = print_widths(
        table(("Họ và tên", "Tư cách"), [("Lê Thị Hường", "Đại biểu"), ("An", "Khách mời")])
    )

    assert sum(widths) == pytest.approx(100, abs=0.05)
    # Each line fits, so each column is its longest line (header or cell) stretched by one factor.
    wanted = [
        max(width_pt("Lê Thị Hường"), width_pt("Họ và tên", bold=True)) + CELL_EXTRA_PT,
        max(width_pt("Khách mời"), width_pt("Tư cách", bold=True)) + CELL_EXTRA_PT,
        max(width_pt("[1]"), width_pt("Nguồn", bold=True)) + CELL_EXTRA_PT,
    ]
    assert [points(w) / want for w, want in zip(widths, wanted, strict=True)] == pytest.approx(
        [TEXT_WIDTH_PT / sum(wanted)] * 3, rel=1e-3
    )


def test_a_long_column_takes_what_is_left_and_a_number_keeps_its_unit_on_its_line():
    summary = " ".join(["Nâng cao chất lượng sinh hoạt chi bộ và công tác kiểm tra, giám sát"] * 6)
    widths = print_widths(
        table(("Nội dung", "Đảng viên"), [(summary, "1.535 đảng viên"), ("Ngắn", "9 đảng viên")], numeric={1})
    )

    content, members, notes = (points(w) for w in widths)
    assert sum(widths) == pytest.approx(100, abs=0.05)
    # The number and its unit in one piece, not broken at its space as a text column would be.
    # (Widths are given in hundredths of a per cent: 0.05 pt.)
    assert members >= width_pt("1.535 đảng viên") + CELL_EXTRA_PT - 0.05
    assert members < width_pt("1.535 đảng viên") + CELL_EXTRA_PT + 0.05
    assert notes >= width_pt("Nguồn", bold=True) + CELL_EXTRA_PT - 0.05
    # The long text, which wraps, takes the rest of the page.
    assert content > TEXT_WIDTH_PT * 0.6


def test_columns_whose_words_overflow_the_page_share_it_by_their_words():
    word = "Ủyviênthườngvụ" * 3
    widths = print_widths(table([f"Cột {n}" for n in range(8)], [[word] * 8]))

    assert sum(widths) == pytest.approx(100, abs=0.05)
    # Too wide whole: every column gets its share, and a word breaks inside its own cell.
    assert widths[:8] == pytest.approx([widths[0]] * 8)
    assert widths[0] > widths[8]


@pytest.mark.django_db
def test_a_chart_longer_than_a_page_prints_every_indicator():
    congress = CongressFactory()
    for number in range(40):
        IndicatorFactory(congress=congress, target=Decimal(number + 1), actual=Decimal(number + 2))

    pdf = render_pdf(congress_file(CongressRecords.load(congress.uid)))

    printed = " ".join(pdf_visible_text(pdf))
    # "Thực hiện: …" is the chart's label (the table beside it gives the numbers alone). Drawn as
    # SVG, the chart stopped at the foot of its page after a dozen of the forty, the rest drawn
    # below it, off the paper.
    assert [n for n in range(40) if f"Kế hoạch: {n + 1} trường" not in printed] == []
    assert [n for n in range(40) if f"Thực hiện: {n + 2} trường, đạt" not in printed] == []
