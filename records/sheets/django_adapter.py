"""What the bulk writes take from Django's private API, in one place.

bulk.insert() and bulk.update() do what QuerySet.bulk_create() and bulk_update() do before
they write, through the method those use, which Django keeps private. Django is pinned to
5.2 in pyproject.toml; tests/records/sheets/test_adapters.py checks the method against the
installed version.
"""

__all__ = ["prepare_related_fields"]


def prepare_related_fields(record, operation_name):
    """Take the id of a related record saved after it was assigned; refuse an unsaved one.

    As bulk_create() ("bulk_create") and bulk_update() ("bulk_update") do for each record.
    """
    record._prepare_related_fields_for_save(operation_name=operation_name)
