"""What a document of the congress file is made of, as plain data that every format reads.

A document (the congress file, the report of results, the request for approval) is a heading in
the form of Hướng dẫn 36-HD/VPTW, then parts, sections and blocks: facts (a label and a value),
paragraphs, tables, and "chưa có" where the records lack something. The HTML page, the PDF and
the Word file are all drawn from these objects, so the three never disagree about what the
records say, and a test that reads one format back checks what the others print too.

Every fact carries the numbers of the sources it came from (`Citations` numbers the sources in
the order they are first cited), so each format can footnote it the same way.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import columns

MISSING = _("chưa có")


class Citations:
    """The sources of a document, numbered in the order they are first cited."""

    def __init__(self):
        self._numbers = {}
        self.sources = []

    def cite(self, *records):
        """The numbers of the sources the records cite (their prefetched `sources`), numbering new ones."""
        numbers = []
        for record in records:
            if record is None:
                continue
            for source in record.sources.all():
                if source.pk not in self._numbers:
                    self.sources.append(source)
                    self._numbers[source.pk] = len(self.sources)
                number = self._numbers[source.pk]
                if number not in numbers:
                    numbers.append(number)
        return tuple(sorted(numbers))

    def numbered(self):
        return list(enumerate(self.sources, start=1))


@dataclass(frozen=True)
class Fact:
    """A label and its value as the records give it; None prints "chưa có"."""
    kind = "fact"

    label: str
    value: str | None
    notes: tuple = ()

    @property
    def missing(self):
        return self.value in (None, "")


@dataclass(frozen=True)
class Paragraph:
    kind = "paragraph"
    text: str
    notes: tuple = ()
    emphasis: bool = False


@dataclass(frozen=True)
class Missing:
    """What the records still lack in this place: the file doubles as the checklist of what to add."""
    kind = "missing"

    what: str


@dataclass(frozen=True)
class Row:
    cells: tuple
    notes: tuple = ()


@dataclass(frozen=True)
class Table:
    """A table; `numeric` holds the indexes of the columns to align right. Each row carries its notes."""
    kind = "table"

    headers: tuple
    rows: tuple
    numeric: frozenset = frozenset()

    @property
    def print_widths(self):
        """The PDF's column widths in per cent, the sources' column last (columns.py)."""
        return columns.print_widths(self)


@dataclass(frozen=True)
class Figure:
    """The results chart. The page shows `svg`; the PDF draws the same `legend` and `bars`
    (congress.charts.Bar) as boxes and lines of text, since WeasyPrint sets SVG text a letter at
    a time (seconds for a long chart) and cuts a drawing taller than the page rather than
    continuing it on the next. Word shows the table beside it."""
    kind = "figure"

    svg: str
    caption: str
    legend: tuple = ()
    bars: tuple = ()


@dataclass
class Section:
    """A heading of the table of contents and what the records hold for it."""

    key: str
    title: str
    blocks: list = field(default_factory=list)

    @property
    def missing(self):
        """True when the records hold nothing for this section at all."""
        return all(isinstance(block, Missing) for block in self.blocks)


@dataclass
class Part:
    title: str
    sections: list


@dataclass(frozen=True)
class Heading:
    """The heading of a Party document (Hướng dẫn 36-HD/VPTW): the committees on the left,
    the Party's name and the place and date on the right."""

    superior: str
    issuer: str
    place_and_date: str
    symbol: str = ""


@dataclass(frozen=True)
class Signature:
    on_behalf: str
    title: str
    name: str


@dataclass
class Document:
    """One document of the file: what each format prints, in order."""

    slug: str
    heading: Heading
    kind: str  # "BÁO CÁO", "TỜ TRÌNH", "HỒ SƠ"
    title: str
    parts: list
    citations: Citations
    recipient: str = ""
    signature: Signature | None = None

    @property
    def sections(self):
        return [section for part in self.parts for section in part.sections]

    def tables(self):
        return [
            (section, block)
            for section in self.sections
            for block in section.blocks
            if isinstance(block, Table)
        ]
