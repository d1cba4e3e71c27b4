"""What an import tells the person who sent the file: its errors, its preview, its counts."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import vietnamese
from records.models import Source

from .changes import Change

__all__ = ["Flag", "ImportReport", "PreviewCell", "PreviewRow", "SheetError"]

# The preview shows this many rows of a file; counts and errors cover all of them.
PREVIEW_ROWS = 50


@dataclass(frozen=True)
class SheetError:
    """One problem with a file: the spreadsheet row (None for the whole file), the column, the value."""

    row: int | None
    column: str
    value: str
    message: str

    def __str__(self):
        where = []
        if self.row is not None:
            where.append(_("Dòng %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("cột “%(column)s”") % {"column": self.column})
        if self.value:
            where.append(_("giá trị “%(value)s”") % {"value": self.value})
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class Flag:
    """A row that may mean a record on record: its row, column and name, and its candidates.

    Each candidate is (uid, description, address of its page).
    """

    row: int
    column: str
    value: str
    noun: str
    candidates: tuple
    more: int = 0

    def as_data(self):
        return [self.row, self.column, self.value, self.noun, [list(c) for c in self.candidates], self.more]

    @classmethod
    def from_data(cls, data):
        row, column, value, noun, candidates, more = data
        return cls(row, column, value, noun, tuple(tuple(c) for c in candidates), more)

    @property
    def uids(self):
        return [uid for uid, _label, _url in self.candidates]


@dataclass(frozen=True)
class PreviewCell:
    value: str
    changed: bool = False


@dataclass(frozen=True)
class PreviewRow:
    """A row of the preview: its spreadsheet row number, what the import does with it, its cells.

    The status is "new", "changed" or "unchanged".
    """

    LABELS = {
        "new": gettext_lazy("Mới"),
        "changed": gettext_lazy("Thay đổi"),
        "unchanged": gettext_lazy("Không đổi"),
    }

    number: int
    status: str
    cells: tuple

    @property
    def label(self):
        return self.LABELS[self.status]


@dataclass
class ImportReport:
    """What an import did, or would do: counts, every error, the warnings and the first rows."""

    kind: str
    file_name: str
    dry_run: bool
    headers: list = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    preview: list = field(default_factory=list)
    source: Source | None = None
    # Rows that may mean a record on file, for the clerk to choose whom (choices.Flag).
    flags: list = field(default_factory=list)
    # Changes to records on file, value by value (changes.Change): the first ones, and how many.
    changes: list = field(default_factory=list)
    changes_total: int = 0
    # Records on file the import changes: changed rows' records and the records rows name.
    updated: int = 0
    # The rows a choice or a flag decides, by status (choices.RowChoices.decided).
    decided: list = field(default_factory=lambda: [0, 0, 0])
    # When the run began reading the records, once it held the import lock.
    read_at: datetime.datetime | None = None

    @property
    def refused(self):
        return bool(self.errors)

    @property
    def rows(self):
        return self.created + self.changed + self.unchanged

    @property
    def written(self):
        return self.created + self.changed

    def as_data(self):
        """The report as JSON data, which a background task keeps on its SheetPreview."""
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "dry_run": self.dry_run,
            "headers": list(self.headers),
            "counts": [self.created, self.changed, self.unchanged],
            "errors": [[error.row, error.column, error.value, error.message] for error in self.errors],
            "warnings": [str(warning) for warning in self.warnings],
            "preview": [
                [row.number, row.status, [[cell.value, cell.changed] for cell in row.cells]]
                for row in self.preview
            ],
            "source": self.source.pk if self.source is not None else None,
            "flags": [flag.as_data() for flag in self.flags],
            "changes": [
                [c.row, c.record, c.url, c.field, c.old, c.new] for c in self.changes
            ],
            "changes_total": self.changes_total,
            "updated": self.updated,
            "decided": list(self.decided),
        }

    @classmethod
    def from_data(cls, data):
        """The report that as_data() gave."""
        report = cls(kind=data["kind"], file_name=data["file_name"], dry_run=data["dry_run"])
        report.headers = data["headers"]
        report.created, report.changed, report.unchanged = data["counts"]
        report.errors = [SheetError(*error) for error in data["errors"]]
        report.warnings = data["warnings"]
        report.preview = [
            PreviewRow(number, status, tuple(PreviewCell(*cell) for cell in cells))
            for number, status, cells in data["preview"]
        ]
        if data["source"] is not None:
            report.source = Source.objects.filter(pk=data["source"]).first()
        # Reports kept before flags and changes were reported have none.
        report.flags = [Flag.from_data(flag) for flag in data.get("flags", [])]
        report.changes = [Change(*change) for change in data.get("changes", [])]
        report.changes_total = data.get("changes_total", 0)
        report.updated = data.get("updated", 0)
        report.decided = data.get("decided", [0, 0, 0])
        return report

    @property
    def changes_more(self):
        return self.changes_total - len(self.changes)

    @property
    def summary(self):
        # Written as the rest of the site writes numbers: "6.000", not "6000".
        summary = _("%(created)s mới, %(changed)s thay đổi, %(unchanged)s không đổi") % {
            "created": vietnamese.format_number(self.created),
            "changed": vietnamese.format_number(self.changed),
            "unchanged": vietnamese.format_number(self.unchanged),
        }
        if self.updated > self.changed:
            # A row may change records it only names (a person's birth year): said, never silent.
            summary += _("; cập nhật %(updated)s bản ghi đã có") % {
                "updated": vietnamese.format_number(self.updated)
            }
        return summary
