"""The widths of a table's columns in the PDF, worked out from the text of its cells.

WeasyPrint's automatic table layout sets the text of every cell twice more (its narrowest and
its widest line) before it lays the table out: for a congress of 300 delegates, a sixth of the
time of the PDF. The print frame (templates/congress/dossier/print.html) lays tables out with
`table-layout: fixed` at the widths computed here, as CSS's automatic layout would compute them,
from the advance widths of the embedded serif's letters rather than from shaped text: a column
is at least as wide as its longest word (a number with its unit kept whole), and what is left of
the page's width goes to the columns as their longest lines ask. A word the estimate leaves too
narrow breaks inside its cell (overflow-wrap), never runs into the next one.
"""

from functools import cache

from django.utils.translation import gettext as _

from . import fonts

# The print frame's measures: the text width of A4 less the margins of Hướng dẫn 36-HD/VPTW
# (210 - 30 - 15 mm, in points), the tables' type size, and what a cell adds to its text (3 pt of
# padding each side and the 0.5 pt border).
TEXT_WIDTH_PT = 165 / 25.4 * 72
TABLE_PT = 10.5
CELL_EXTRA_PT = 6.5
# Set text comes out a little wider than the sum of its letters' advances (hinting, rounding):
# the estimate errs on the wide side, so that a word it keeps whole is not broken.
MARGIN = 1.05
# A number and its unit ("1.535 đảng viên", "88,28 %") stays on one line up to this many letters.
WHOLE_NUMBER_LETTERS = 16
# The width, in ems, of a letter the font does not have (a fallback draws it).
UNKNOWN_EM = 0.6


@cache
def advances(bold):
    """{code point: advance width in ems} of the embedded serif, regular or bold."""
    from fontTools.ttLib import TTFont

    weight = "bold" if bold else "normal"
    face = next(face for face in fonts.faces() if face.weight == weight and face.style == "normal")
    with TTFont(face.path, lazy=True) as font:
        metrics = font["hmtx"].metrics
        units = font["head"].unitsPerEm
        return {point: metrics[glyph][0] / units for point, glyph in font.getBestCmap().items()}


def width_pt(text, bold=False):
    widths = advances(bold)
    return sum(widths.get(ord(letter), UNKNOWN_EM) for letter in text) * TABLE_PT * MARGIN


def cell_widths(text, bold=False, whole=False):
    """(narrowest, widest) width of a cell's text in points: its longest word, its whole line."""
    text = str(text)
    widest = width_pt(text, bold)
    if whole and len(text) <= WHOLE_NUMBER_LETTERS:
        return widest, widest
    narrowest = max((width_pt(word, bold) for word in text.split()), default=0)
    return narrowest, widest


def print_widths(table):
    """The width of each column of a content.Table in per cent of the page's text width, the
    column of source numbers last, as the print frame draws it."""
    columns = [
        [cell_widths(header, bold=True)]
        + [cell_widths(row.cells[index], whole=index in table.numeric) for row in table.rows]
        for index, header in enumerate(table.headers)
    ]
    columns.append(
        [cell_widths(_("Nguồn"), bold=True)]
        + [cell_widths(" ".join(f"[{n}]" for n in row.notes)) for row in table.rows]
    )
    narrowest = [max(low for low, high in column) + CELL_EXTRA_PT for column in columns]
    widest = [max(high for low, high in column) + CELL_EXTRA_PT for column in columns]
    return [round(width / TEXT_WIDTH_PT * 100, 2) for width in share(narrowest, widest, TEXT_WIDTH_PT)]


def share(narrowest, widest, total):
    """CSS 2.1's automatic table layout on measured widths: widest lines if they fit, stretched
    to the page's width; else each column's narrowest, and the rest as their lines want more."""
    if sum(widest) <= total:
        return [width * total / sum(widest) for width in widest]
    if sum(narrowest) >= total:
        return [width * total / sum(narrowest) for width in narrowest]
    wanted = [high - low for low, high in zip(narrowest, widest, strict=True)]
    spare = total - sum(narrowest)
    return [low + spare * more / sum(wanted) for low, more in zip(narrowest, wanted, strict=True)]
