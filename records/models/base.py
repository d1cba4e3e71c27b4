import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RecordQuerySet(models.QuerySet):
    def get_by_natural_key(self, uid):
        return self.get(uid=uid)


class Record(models.Model):
    """What every record shares: a stable identity and a history of its changes.

    The natural key is a UUID rather than a name because names are not unique (two
    people can share a name and a birth year) and a backup must restore into any
    database with every reference intact.
    """

    uid = models.UUIDField(_("mã định danh"), default=uuid.uuid4, unique=True, editable=False)

    objects = RecordQuerySet.as_manager()
    # History rows are found by the record's id and date, never by the derived keys that the
    # records' searches and sorts use: indexing those again would slow every write.
    history = HistoricalRecords(
        inherit=True, no_db_index=["name_key", "search_key", "sort_key", "symbol_key", "source"]
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (str(self.uid),)

    def normalise(self):
        """Clean the text as typed and derive the stored keys, as every save() does.

        Bulk writes skip save(), so they call this on each record themselves.
        """


class SourcedRecord(Record):
    """A record whose facts are cited to the sources they came from."""

    sources = models.ManyToManyField(
        "records.Source",
        verbose_name=_("nguồn"),
        blank=True,
        related_name="cited_%(class)s",
    )
    note = models.TextField(_("ghi chú"), blank=True)

    # History keeps the citations with each version (a Historical<Model>_sources row per source),
    # so a restored or reverted record cites what it cited then. Read by Record.history, which
    # is inherited and so cannot name the field itself.
    _history_m2m_fields = ["sources"]

    class Meta:
        abstract = True
