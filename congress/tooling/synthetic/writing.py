"""
Writing: records buffered per model, written with bulk_create, each citing the run's source.
"""

from collections import Counter, defaultdict

from django.db import reset_queries

# Rows are buffered per model and written this many at a time; bulk_create splits them
# further into statements the database accepts (999 parameters per statement on SQLite).
BATCH_SIZE = 5000


class Writer:
    """Buffers records per model and writes them with bulk_create, each citing the source."""

    def __init__(self, source_id, batch_size=BATCH_SIZE):
        self.source_id = source_id
        self.batch_size = batch_size
        self.pending = defaultdict(list)
        self.counts = Counter()
        self.citations = 0

    def add(self, record):
        rows = self.pending[type(record)]
        rows.append(record)
        if len(rows) >= self.batch_size:
            self.flush(type(record))

    def save(self, records):
        """Write records now, so that their ids can be used, and return them."""
        for start in range(0, len(records), self.batch_size):
            self._write(type(records[0]), records[start : start + self.batch_size])
        return records

    def flush(self, model=None):
        for each in [model] if model else list(self.pending):
            rows, self.pending[each] = self.pending[each], []
            if rows:
                self._write(each, rows)

    def _write(self, model, rows):
        for row in rows:
            row.normalise()
        # SQLite (3.35 and later) and PostgreSQL both return the new ids from a bulk insert,
        # which the citations below and the records written next refer to.
        model.objects.bulk_create(rows, batch_size=self.batch_size)
        sources = model._meta.get_field("sources")
        through = sources.remote_field.through
        record_column = f"{sources.m2m_field_name()}_id"
        source_column = f"{sources.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            [through(**{record_column: row.pk, source_column: self.source_id}) for row in rows],
            batch_size=self.batch_size,
        )
        self.counts[model] += len(rows)
        self.citations += len(rows)
        # In debug mode Django keeps the text of every query, with a million rows in them.
        reset_queries()

