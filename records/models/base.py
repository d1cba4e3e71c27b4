import uuid

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def linked(record, name):
    """The record that the foreign key `name` of `record` names, for a name in `__str__`; None if none.

    A deleted record, as its history keeps it (the admin's page of deleted records), may name
    records deleted with it or after it (a post, its person): those are read as their own
    history last kept them, so the name is still the one the clerk knew.
    """
    try:
        return getattr(record, name)
    except ObjectDoesNotExist:
        field = record._meta.get_field(name)
        key = getattr(record, field.attname)
        if key is None:
            return None
        history = getattr(field.related_model, "history", None)
        if history is None:
            return None
        last = history.filter(**{field.target_field.attname: key}).order_by("-history_id").first()
        return None if last is None else last.instance


def name_of(record, name):
    """What `__str__` prints for the record a foreign key names: its name, or “#id” if it is gone."""
    linked_record = linked(record, name)
    if linked_record is not None:
        return str(linked_record)
    return f"#{getattr(record, record._meta.get_field(name).attname)}"


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

    def validate_constraints(self, exclude=None):
        # No form holds a derived key (name_key, symbol_key), so Django would skip each constraint
        # naming one and leave the database to refuse the row: an IntegrityError, a 500 page
        # instead of the constraint's message. Derive the keys as save() will, and check those too.
        self.normalise()
        derived = {field.name for field in self._meta.concrete_fields if not field.editable}
        super().validate_constraints(exclude=set(exclude or ()) - derived)

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
