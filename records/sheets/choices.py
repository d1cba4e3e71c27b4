"""Which record a row means when its name fits none exactly: possible duplicates and the choice.

A row naming "Nguyen Cong Dien" fits nobody by identity key, but may mean the Nguyễn Công
Diễn on record (records.duplicates says who it may mean). Nothing is created behind the
clerk's back: such a row is flagged, and someone says whom it means, per row, either

* in the file, in the kind's choice column (`SheetResource.choice_header`, "Mã" or "Mã
  người"): the uid of the record meant, or "mới" for a record not on record;
* in the admin's preview, where each flagged row offers "cùng người" (one per candidate) or
  "người khác", carried to the confirmation as `choices` ({row number: uid or NEW});
* on the command line, by an option saying every flagged row is new (`--new-records`).

What an undecided flagged row does is the run's `duplicates` mode: ASK (a preview: the row is
listed with its candidates and imported as new, so the counts can be shown), NEW (every
undecided row is new) or REFUSE (the row is an error naming its candidates; the default,
since an import nobody can be asked about must not guess). Flagged rows are listed in the
report's `flags` either way (ASK, REFUSE).

A preview's counts are checked again on confirmation; the rows a choice decides may change
their status (a new post becomes an unchanged one when "cùng người" finds it), so they are
counted apart (`decided`) and only their number is compared.
"""

from django.utils.translation import gettext as _

from records import vietnamese

from .columns import cell_text, identity_key
from .lookups import NEW
from .report import Flag, SheetError

__all__ = ["ASK", "CHOICE_PREFIX", "NEW", "REFUSE", "RowChoices", "choice_header_key", "posted_choices"]

ASK = "ask"
REFUSE = "refuse"
MODES = (ASK, NEW, REFUSE)
# What a choice cell may say for "a record not on record", by search key.
NEW_WORDS = {"moi", "khac", "nguoi khac", "nguoi moi", "to chuc khac", "to chuc moi"}
# Candidates a flag keeps to show (a common name without a year may have hundreds).
CANDIDATES_SHOWN = 10
# The name of a flagged row's choice in the admin's confirmation form, before the row's number.
CHOICE_PREFIX = "choice-"


def posted_choices(data):
    """The choices a confirmation posts for the rows its preview flagged: {row: uid or NEW}.

    Each flagged row's radio buttons are named "choice-ROW" (sheet_import.html); a value is a
    candidate's uid or NEW, and the import checks that the uid names a record the user may name.
    """
    choices = {}
    for name, value in data.items():
        row = name.removeprefix(CHOICE_PREFIX)
        if name.startswith(CHOICE_PREFIX) and row.isdigit() and value:
            choices[int(row)] = value[:64]
    return choices


def choice_header_key(header):
    return identity_key(header) if header else None


class RowChoices:
    """The choices of the rows being imported: a part of ImportRun (its row, kind, errors)."""

    def setup_choices(self, duplicates, choices):
        if duplicates not in MODES:
            raise ValueError(f"duplicates must be one of {MODES}, not {duplicates!r}")
        self.duplicates = duplicates
        self.choices = {int(row): str(value) for row, value in (choices or {}).items()}
        self.flags = []
        # Rows a choice (or a flag) decides, by status: new, changed, unchanged.
        self.decided = [0, 0, 0]

    def load_choices(self, dataset, lookup):
        """Fetch the records the chunk's choices name by uid (the file's column, the clerk's)."""
        header = self.kind.choice_header
        uids = [cell_text(cell) for cell in dataset[header]] if header in dataset.headers else []
        uids += [self.choices[number] for number in self.row_numbers if number in self.choices]
        lookup.load_uids(uids)

    def choice(self, lookup):
        """What the row says about which record it means: a record, NEW, or None for nothing.

        A uid naming no record the user may name is an error on the choice column.
        """
        header = self.kind.choice_header
        given = vietnamese.clean_name(cell_text(self.row.raw.get(header))) if header else ""
        if not given:
            given = self.choices.get(self.row.number, "")
        if not given:
            return None
        self.row.decided = True
        if given == NEW or vietnamese.search_key(given) in NEW_WORDS:
            return NEW
        record = lookup.by_uid_text(given)
        if record is None:
            message = _("Không có %(noun)s mã “%(uid)s” trong hồ sơ. Ghi mã của bản ghi, hoặc “mới”.") % {
                "noun": lookup.noun,
                "uid": given,
            }
            self.errors.append(SheetError(self.row.number, header, given, message))
            self.row.errors += 1
            return None
        self.row.chosen = True
        return record

    def possible_duplicate(self, lookup, name, candidates):
        """A row (its column `name`) fits nobody exactly but may mean `candidates`.

        Returns whether the row goes on as a new record (ASK, NEW); with REFUSE it is an error.
        """
        if self.duplicates == NEW:
            return True
        described = [
            (str(record.uid), lookup.describe(record), record.get_absolute_url())
            for record in candidates[:CANDIDATES_SHOWN]
        ]
        column = self.fields[name]
        self.flags.append(
            Flag(
                self.row.number,
                column.column_name,
                cell_text(self.row.raw.get(column.column_name)),
                str(lookup.noun),
                tuple(described),
                max(0, len(candidates) - CANDIDATES_SHOWN),
            )
        )
        if self.duplicates == ASK:
            self.row.decided = True
            return True
        self.error_on(name, self.duplicate_message(lookup, described, len(candidates)))
        return False

    def duplicate_message(self, lookup, described, count):
        listed = "; ".join(
            _("%(label)s (mã %(uid)s)") % {"label": label, "uid": uid} for uid, label, _url in described
        )
        if count > len(described):
            listed += _(" và %(more)s bản ghi khác") % {"more": count - len(described)}
        message = _("Có thể trùng với: %(records)s.") % {"records": listed}
        if self.kind.choice_header:
            message += " " + _(
                "Nếu là cùng %(noun)s, ghi mã của bản ghi đó vào cột “%(column)s”; "
                "nếu là %(noun)s khác, ghi “mới”."
            ) % {"noun": lookup.noun, "column": self.kind.choice_header}
        return message

    def count_decided(self, status):
        self.decided[("new", "changed", "unchanged").index(status)] += 1
