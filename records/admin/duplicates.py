"""The person and organisation forms refuse to save a possible duplicate without a word.

A clerk adding "Nguyen Cong Dien" by hand, beside the Nguyễn Công Diễn on record, would
otherwise make a second person as silently as an import did. The form asks records.duplicates,
the question the imports ask, and shows "Có thể trùng với: …" with a link to each candidate;
saving then needs "Đây là người khác" (or "Đây là tổ chức khác") ticked. Asked on adding, and
on a change of what the question reads (the name, the birth year; the parent, the place), so
that editing a note of one of two namesakes already on record does not ask again.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from records import access
from records.duplicates import organisation_duplicates, person_duplicates
from records.models import Organisation, Person

from .base import RecordForm

__all__ = ["DuplicateCheckMixin", "OrganisationForm", "PersonForm"]

CONFIRM_FIELD = "not_duplicate"
# Candidates the warning links to; more are counted.
SHOWN = 10


class PossibleDuplicateForm(RecordForm):
    """A RecordForm that refuses a possible duplicate unless CONFIRM_FIELD is ticked."""

    # The fields the question reads: a change of another field does not ask it.
    checked_fields = ()
    # The user's scope, set by DuplicateCheckMixin.get_form(): candidates are the records they may name.
    scope = access.EVERYTHING

    def candidates(self, data):
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if data.get(CONFIRM_FIELD) or self.errors:
            return data
        if self.instance.pk is not None and not set(self.checked_fields) & set(self.changed_data):
            return data
        found = self.candidates(data)
        if found:
            links = format_html_join(
                "; ", '<a href="{}">{}</a>', ((record.get_absolute_url(), record) for record in found[:SHOWN])
            )
            more = ""
            if len(found) > SHOWN:
                more = format_html(" {}", _("và %(more)s bản ghi khác") % {"more": len(found) - SHOWN})
            raise ValidationError(
                format_html(
                    "{} {}{}. {}",
                    _("Có thể trùng với:"),
                    links,
                    more,
                    _("Nếu không phải, hãy đánh dấu “%(confirm)s” rồi lưu.")
                    % {"confirm": self.fields[CONFIRM_FIELD].label},
                ),
                code="possible_duplicate",
            )
        return data


class PersonForm(PossibleDuplicateForm):
    not_duplicate = forms.BooleanField(
        label=_("Đây là người khác"),
        required=False,
        help_text=_("Chỉ cần khi tên (bỏ dấu) trùng với một người đã có, cùng năm sinh hoặc không rõ năm sinh."),
    )
    checked_fields = ("full_name", "birth_year")

    class Meta:
        model = Person
        fields = "__all__"

    def candidates(self, data):
        if not data.get("full_name"):
            return []
        return person_duplicates(
            data["full_name"],
            data.get("birth_year"),
            exclude={self.instance.pk} if self.instance.pk else (),
            queryset=self.scope.referable(Person.objects.all()),
        )


class OrganisationForm(PossibleDuplicateForm):
    not_duplicate = forms.BooleanField(
        label=_("Đây là tổ chức khác"),
        required=False,
        help_text=_("Chỉ cần khi tên (bỏ dấu) trùng với một tổ chức đã có cùng cấp trên, cùng địa bàn."),
    )
    checked_fields = ("name", "parent", "administrative_unit")

    class Meta:
        model = Organisation
        fields = "__all__"

    def candidates(self, data):
        if not data.get("name"):
            return []
        parent, unit = data.get("parent"), data.get("administrative_unit")
        return organisation_duplicates(
            data["name"],
            parent.pk if parent else None,
            unit.pk if unit else None,
            exclude={self.instance.pk} if self.instance.pk else (),
            queryset=self.scope.referable(Organisation.objects.all()),
        )


class DuplicateCheckMixin:
    """For a ModelAdmin whose `form` is a PossibleDuplicateForm: the user's scope, the checkbox shown."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"scope": access.scope_of(request.user)})

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        can_save = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        if can_save and fieldsets and CONFIRM_FIELD not in fieldsets[0][1]["fields"]:
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], CONFIRM_FIELD]})
        return fieldsets
