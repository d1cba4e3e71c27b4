"""Autocomplete widgets that show back only the values their form could have read.

A form posted with a value that names no record (“abc”, an integer past 64 bits) is shown again
with its error; Django's autocomplete then looks the value up to print it as chosen, and the
database refuses the look-up (a 500). These widgets print such a value as no choice.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError

from records.changelists import INTEGER_RANGE

from .autocomplete import label_of


class ReadableChoicesMixin:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if self.readable(item)], attr)

    def readable(self, value):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        try:
            python = target.to_python(value)
        except ValidationError:
            return False
        return not isinstance(python, int) or python in INTEGER_RANGE


class ReadableAutocompleteSelect(ReadableChoicesMixin, AutocompleteSelect):
    pass


class ReadableAutocompleteSelectMultiple(ReadableChoicesMixin, AutocompleteSelectMultiple):
    pass


class ReadableAutocompleteMixin:
    """An admin (or inline) whose autocomplete fields use the widgets above, and name a chosen
    record as the autocomplete does (records.admin.autocomplete)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        autocomplete = "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request)
        if autocomplete:
            kwargs["widget"] = ReadableAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        label = label_of(self.admin_site, db_field.remote_field.model) if autocomplete else None
        if field is not None and label is not None:
            field.label_from_instance = label
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ReadableAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
