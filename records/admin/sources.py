"""Sources: where facts came from."""

from django.contrib import admin

from records.models import Source

from .base import RecordAdmin
from .history import RestoreDeletedMixin


@admin.register(Source)
class SourceAdmin(RestoreDeletedMixin, RecordAdmin):
    list_display = ["title", "kind", "publisher", "author", "published_on", "recorded_at"]
    list_filter = ["kind"]
    # Searched by the words of the title, publisher, author and file name, without diacritics
    # (RecordAdmin.get_search_results); the field shows the box.
    search_fields = ["search_key"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        # A source is in the scope of whoever recorded it until a record in scope cites it.
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
