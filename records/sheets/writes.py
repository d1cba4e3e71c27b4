"""How an import writes: in batches, with history rows, citing the Source of the import.

Rows are written with records.sheets.bulk (multi-row INSERTs on SQLite, COPY on PostgreSQL),
a batch of new or changed records at a time, inside the transaction of the whole import that
any error rolls back. After an error nothing more is written.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from records.models import Source
from records.models.sources import SourceKind

from . import bulk
from .report import SheetError

__all__ = ["ImportWrites"]


class ImportWrites:
    """The writes of one ImportRun: its batches of records, their lists, its Source."""

    def __init__(self, run):
        self.run = run
        self.model = run.model
        # New and changed records waiting for their batch to fill.
        self.created = []
        self.updated = []
        # (record, attribute, records) of many-to-many values, set once the record has an id.
        self.pending_m2m = []
        self.import_source = None

    @property
    def change_reason(self):
        run = self.run
        reason = _("Nhập từ tệp “%(file)s”") % {"file": run.file_name}
        return f"{run.reason} ({reason})" if run.reason else reason

    def source(self):
        """The Source of this import, recorded when it first writes a row."""
        if self.import_source is None:
            run = self.run
            self.import_source = Source(
                kind=SourceKind.SPREADSHEET,
                title=_("Tệp “%(file)s” (%(sheet)s)")
                % {"file": run.file_name, "sheet": run.kind.sheet_title()},
                file_name=run.file_name[:255],
                checksum=run.checksum,
                recorded_by=run.user,
            )
            self.import_source._history_user = run.user
            self.import_source._change_reason = self.change_reason
            self.import_source.save()
        return self.import_source

    def flush(self):
        """Write what the chunk's rows left waiting, however few."""
        self.write(self.created, True)
        self.write(self.updated, False)

    def write(self, instances, create):
        errors = self.run.errors
        try:
            # After an error nothing is kept, so nothing more is written.
            if not errors:
                self.write_pending()
                if instances:
                    if create:
                        self.write_created(instances)
                    else:
                        self.write_updates(self.model, instances)
                self.write_m2m()
        except Exception as error:
            # A failure outside the rows (writing a batch) refuses the file too, and stops
            # any further writing.
            message = _("Không ghi được vào cơ sở dữ liệu: %(error)s") % {"error": error}
            errors.append(SheetError(None, "", "", message))
        finally:
            instances.clear()

    @property
    def history(self):
        return {"user": self.run.user, "reason": self.change_reason}

    def write_pending(self):
        """Write the records rows named but did not describe: new people, a person's birth year."""
        for lookup in self.run.lookups.values():
            if lookup.created:
                self.write_new(lookup.model, lookup.created)
                lookup.created.clear()
            if lookup.changed:
                self.write_updates(lookup.model, list(lookup.changed.values()))
                lookup.changed.clear()

    def write_created(self, instances):
        remaining = instances
        while remaining:
            # A record whose parent is another new record waits until the parent has an id.
            ready = [record for record in remaining if self.parent_saved(record)]
            self.write_new(self.model, ready)
            remaining = [record for record in remaining if record.pk is None]

    def parent_saved(self, record):
        self_reference = self.run.kind.self_reference
        if not self_reference:
            return True
        parent = getattr(record, self_reference)
        return parent is None or parent.pk is not None

    def write_new(self, model, records):
        """Insert new records with their history rows, citing this import in both."""
        history = bulk.create_with_history(model, records, **self.history)
        self.cite(model, records)
        bulk.history_links(model, records, history)

    def write_updates(self, model, records):
        """Write changed records with their history rows, citing this import in both."""
        history = bulk.update_with_history(model, records, self.updated_fields(model), **self.history)
        self.cite(model, records)
        bulk.history_links(model, records, history)

    @staticmethod
    def updated_fields(model):
        return [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "uid"]

    def cite(self, model, records):
        """Make the written records cite this import's Source."""
        try:
            sources = model._meta.get_field("sources")
        except FieldDoesNotExist:
            return
        source = self.source()
        bulk.link(
            sources.remote_field.through,
            [(record.pk, source.pk) for record in records],
            sources.m2m_field_name(),
            sources.m2m_reverse_field_name(),
        )

    def write_m2m(self):
        """Set the many-to-many values of the rows written so far."""
        waiting = []
        for instance, attribute, records in self.pending_m2m:
            if instance.pk is None:
                waiting.append((instance, attribute, records))
            else:
                getattr(instance, attribute).set(records)
        self.pending_m2m = waiting

    def finish(self, created, changed, unchanged):
        """Record the counts of a written import on its Source."""
        if self.import_source is not None and not self.run.errors:
            source = self.import_source
            source.rows_created = created
            source.rows_changed = changed
            source.rows_unchanged = unchanged
            source.save(update_fields=["rows_created", "rows_changed", "rows_unchanged"])
