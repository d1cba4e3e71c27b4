"""The admin's autocomplete, naming each record as its admin chooses.

Django's autocomplete names a record by str(), in the order of its changelist; a model admin
here may define `autocomplete_label(record)` to say more where names alone are ambiguous, and
`autocomplete_ordering` to list them otherwise: a ward of the 2025 register usually bears the
name of an older one, so units show their register (“Phường An Hải (từ 1/7/2025)”) and come
the current register first, by name. What the autocomplete finds is the admin's search
(RecordAdmin.get_search_results).

The site's addresses put this view at the admin's own autocomplete address, ahead of the
admin's: every autocomplete widget asks it without knowing.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class RecordAutocompleteView(AutocompleteJsonView):
    def get_queryset(self):
        queryset = super().get_queryset()
        ordering = getattr(self.model_admin, "autocomplete_ordering", None)
        return queryset.order_by(*ordering) if ordering else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


def autocomplete_view(request):
    """The view for the admin site's autocomplete address (see the module's docstring)."""
    return RecordAutocompleteView.as_view(admin_site=admin.site)(request)


def label_of(admin_site, model):
    """The `autocomplete_label` of the admin of `model` on `admin_site`, or None."""
    model_admin = admin_site._registry.get(model)
    return getattr(model_admin, "autocomplete_label", None)
