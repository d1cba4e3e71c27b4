"""What the rows of a file claim: no two rows may describe one record or break a uniqueness rule.

Within a chunk the keys rows claim are held in memory (Claims.keys); the ids of the records
rows described or created are kept for the whole file in a temporary table
(ClaimedRecords), so that a row far down a file of a million rows is still checked against
every row before it.
"""

from collections import defaultdict

from django.db import connection, models
from django.utils.translation import gettext as _

from . import bulk

__all__ = ["ClaimedRecords", "Claims"]


class Claims:
    """The claims of one import: the keys of the current chunk, the records of the whole file.

    A key is claimed by a row number or, for the records on file that a chunk can update,
    by the record (extra_keys(): one open post per person and role).
    """

    def __init__(self, noun):
        self.noun = noun
        self.recorded = ClaimedRecords()
        # Keys claimed by the rows of the current chunk, and by the records it can update.
        self.keys = {}
        # {record id: row number}: what earlier chunks claimed of the records the current
        # chunk can describe, and what the current chunk claims.
        self.earlier = {}
        self.chunk = {}
        # New records the chunk's rows make, with their rows: claimed once written.
        self.new_rows = []

    def start_chunk(self, records, key_of_record, extra_keys):
        """Index the records a chunk can update by key, and claim what they hold."""
        self.keys = {}
        self.chunk = {}
        self.new_rows = []
        index = defaultdict(list)
        records = list(records)
        for record in records:
            index[key_of_record(record)].append(record)
            for key in extra_keys(record):
                self.keys[key] = record
        self.earlier = self.recorded.holders(record.pk for record in records)
        return index

    def claim_record(self, instance, number):
        """Claim the record a row describes: None, or the message naming the row that did first."""
        if instance.pk is not None:
            holder = self.earlier.get(instance.pk) or self.chunk.setdefault(instance.pk, number)
            if holder != number:
                message = _("Trùng với dòng %(row)s: hai dòng cùng ghi một %(noun)s.")
                return message % {"row": holder, "noun": self.noun}
        else:
            self.new_rows.append((instance, number))
        return None

    def claim_keys(self, keys, instance, number):
        """Claim a row's unique keys: None, or the message naming the row or record holding one."""
        for key in keys:
            holder = self.keys.setdefault(key, number)
            if holder == number or (isinstance(holder, models.Model) and holder.pk == instance.pk):
                continue
            if isinstance(holder, models.Model):
                message = _("Trùng với một %(noun)s đã có trong hồ sơ: %(record)s.")
                return message % {"noun": self.noun, "record": holder}
            message = _("Trùng với dòng %(row)s: hai dòng cùng ghi một %(noun)s.")
            return message % {"row": holder, "noun": self.noun}
        return None

    def end_chunk(self):
        """Keep the ids of the records the chunk's rows described or created, for later chunks."""
        for instance, number in self.new_rows:
            if instance.pk is not None:
                self.chunk[instance.pk] = number
        self.recorded.add(self.chunk)

    def close(self):
        self.recorded.close()


class ClaimedRecords:
    """The ids of the records a file's rows described or created, with the row that did.

    A later row must not describe one of them again, however far down the file it is. The
    ids are kept in a temporary table of the import's transaction, not in memory, so that an
    import of a million rows holds no more than one of a thousand; each chunk reads back the
    ids of the records its rows can describe. The table goes with the transaction when it is
    rolled back, and close() drops it before a commit.
    """

    table = "sheet_import_claimed_records"

    def __init__(self):
        self.made = False

    def add(self, holders):
        """Remember the rows {record id: row number}."""
        if not holders:
            return
        if not self.made:
            # The ids' own column type: on SQLite "integer", which makes the table its index.
            id_type = connection.data_types["BigAutoField"]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {connection.ops.quote_name(self.table)} "
                    f"(record_id {id_type} PRIMARY KEY, row_number integer NOT NULL)"
                )
            self.made = True
        bulk.insert_into(self.table, ["record_id", "row_number"], list(holders.items()))

    def holders(self, ids):
        """{record id: row number} of those of the ids that rows have claimed."""
        if not self.made:
            return {}
        found = {}
        asked = [(pk,) for pk in set(ids)]
        with connection.cursor() as cursor:
            for rows, params in bulk.joined_rows([models.BigIntegerField()], asked, "asked"):
                cursor.execute(
                    f"SELECT record_id, row_number FROM {connection.ops.quote_name(self.table)} "
                    f"JOIN {rows} ON record_id = asked.column1",
                    params,
                )
                found.update(cursor.fetchall())
        return found

    def close(self):
        if self.made:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(self.table)}")
            self.made = False
