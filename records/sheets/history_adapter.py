"""What the bulk writes take from django-simple-history's internals, in one place.

bulk.insert_history() and bulk.history_links() write the history rows simple-history would,
so they read how it describes a historical model: the fields it copies, the many-to-many
fields it tracks and their history tables, and whether a history row points back at its
record. These are not public API; they are read here only, against the version pinned in
pyproject.toml (django-simple-history >= 3.8, < 3.14), and
tests/records/sheets/test_adapters.py and test_bulk.py check them against the installed one.
"""

from simple_history.models import HistoricalRecords

__all__ = ["has_history_relation", "m2m_history_tables", "tracked_fields"]


def tracked_fields(history_model):
    """The fields of the record that a history row copies."""
    return list(history_model.tracked_fields)


def has_history_relation(history_model):
    """Whether history rows name their record through a foreign key (HistoricalRecords(related_name=...))."""
    return hasattr(history_model, "history_relation")


def m2m_history_tables(history_model):
    """(many-to-many field, history model of its links) for each field the history tracks."""
    return [
        (field, HistoricalRecords.m2m_models[field])
        for field in getattr(history_model, "_history_m2m_fields", ())
    ]
