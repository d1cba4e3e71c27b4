"""Records edited after the preview an import confirms: the rows that match or change them refuse the file.

The confirmation's count check (services.check_counts) sees a change between preview and
confirm only when it moves a row from one status to another, and not when two rows move in
opposite directions, nor when a row keeps its status ("changed" either way) but would now
overwrite someone's edit. This asks the history instead: any record a row describes, changes
(a person's birth year) or names as a person, that has a history row written after the preview
began reading and before this import began, refuses the file, naming each row and who edited
the record when. The import's own history rows, written after it began, are not edits.

Per chunk, after its rows are read: the ids of the records its rows matched (kept with the
rows that matched them, dropped with the chunk), and one query per model for their history
rows in that span. Nothing runs per row but a dict append, and nothing at all for an import
that confirms no preview (the command line, a background preview).
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from records.versions import edit_of, edited_between

from .report import SheetError

__all__ = ["EditsSincePreview"]


class EditsSincePreview:
    """The records an import's rows match, a chunk at a time, and those edited since its preview."""

    def __init__(self, after, before):
        self.after = after
        self.before = before
        # {model: {id: (record, [row numbers])}} of the current chunk.
        self.matched = defaultdict(dict)

    def note(self, record, row_number):
        """A row matched or changes `record`; a record this import is about to make has no id, and no past."""
        if record.pk is None:
            return
        found = self.matched[type(record)].get(record.pk)
        if found is None:
            self.matched[type(record)][record.pk] = (record, [row_number])
        elif found[1][-1] != row_number:
            found[1].append(row_number)

    def check(self):
        """Errors for the chunk's rows whose records were edited since the preview; the chunk forgotten."""
        errors = []
        for model, matched in self.matched.items():
            if not matched or not hasattr(model, "history"):
                continue
            edited = edited_between(model, list(matched), self.after, self.before)
            for pk, history_row in edited.items():
                _record, rows = matched[pk]
                # Named as the edit left it: the row has already put its own values on the record.
                message = _(
                    "%(kind)s “%(record)s” %(done)s, sau khi tệp được xem trước. Không có gì được ghi; "
                    "hãy tải tệp lên lại để xem trước."
                ) % {
                    "kind": str(model._meta.verbose_name).capitalize(),
                    "record": history_row.instance,
                    "done": edit_of(history_row).done_to,
                }
                errors.extend(SheetError(row, "", "", message) for row in rows)
        self.matched.clear()
        return sorted(errors, key=lambda error: error.row)
