"""No lost update: a record's form carries the version it was opened at, and a save is refused
when the record changed since (a version is the record's newest history row: records.versions).

RecordForm, the form of every RecordAdmin, is a VersionedForm; VersionedInlineMixin, a base of
SourcedInline, makes the rows of every inline one, and their formset a VersionedFormSet. No model
admin declares anything.

When the record changed since the form was opened (values a clerk edits differ; a save that
changed nothing is no change):

* the form is refused, saying what the others changed, field by field, who and when, from the
  history; nothing is saved;
* it comes back merged: the others' values in the fields the clerk left as they were, the
  clerk's own in those they changed (both named when both changed one), and the current
  version. Saving it again re-applies the clerk's change; "tải lại trang" drops it.

An inline row is judged on its own: one the clerk changed or marks for deletion is refused as
the form is; one they left as it was is not saved (its stale values would undo the others'
change) and refuses nothing. A row someone deleted, or moved out of the list, is refused when
the clerk changed it, with who did it and when; ticking "Xóa" on it lets the rest be saved.

Costs: one query for the version when the form is shown and one when it is saved, and one per
inline for all its rows; more only when versions differ. A form posted without the version
field (a script of its own, not a page of this admin) is not checked.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.boundfield import BoundField
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import model_to_dict
from django.utils.functional import cached_property
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from records.versions import current_version, current_versions, edited_fields, edits_since

__all__ = ["VERSION_FIELD", "VersionedForm", "VersionedFormSet", "VersionedInlineMixin", "version_field"]

VERSION_FIELD = "record_version"


def version_field():
    """The hidden field holding the version a form was opened at."""
    return forms.CharField(label=_("phiên bản"), widget=forms.HiddenInput, required=False)


def as_stored(value):
    """A form's cleaned value as a history row keeps it: a record by its id, records by their ids."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set, frozenset)):
        return frozenset(as_stored(item) for item in value)
    return value


class VersionedBoundField(BoundField):
    """A field shown with the value a merge chose for it, once a conflict made one."""

    def value(self):
        shown = getattr(self.form, "shown_values", None)
        if shown is not None and self.name in shown:
            return self.field.prepare_value(shown[self.name])
        return super().value()


# The message ###################################################################


def edit_line(edit):
    if not edit.changes:
        return edit.done_by
    return f"{edit.done_by}: {'; '.join(str(change) for change in edit.changes)}"


def edits_list(since):
    lines = [(edit_line(edit),) for edit in since.edits]
    more = ""
    if since.more:
        more = format_html("<li>{}</li>", gettext("và %(count)s lần sửa trước đó") % {"count": since.more})
    return format_html("<ul>{}{}</ul>", more, format_html_join("", "<li>{}</li>", lines))


def labels(form, names):
    return ", ".join(str(form.fields[name].label or name) for name in form.fields if name in names)


def conflict_message(form, since, mine, *, row, differs=()):
    """What others changed since the form was opened, and what the form shown now holds."""
    if row:
        intro = gettext("Dòng này đã được người khác sửa sau khi bạn mở trang:")
    else:
        intro = gettext("Bản ghi này đã được người khác sửa sau khi bạn mở trang; chưa có gì được lưu:")
    parts = [format_html("{}{}", intro, edits_list(since))]
    if mine is None:
        parts.append(
            gettext(
                "Bản ghi chưa có lịch sử khi bạn mở trang, nên không rõ bạn đã sửa những ô nào: trang giữ "
                "mọi giá trị của bạn. Các ô khác với bản ghi hiện nay: %(fields)s."
            )
            % {"fields": labels(form, differs) or "—"}
        )
    else:
        parts.append(
            gettext("Trang đã được cập nhật theo các thay đổi đó; các ô bạn đã sửa giữ giá trị của bạn.")
        )
        both = mine & since.changed
        if both:
            parts.append(
                gettext("Cả bạn và người kia cùng sửa: %(fields)s (trang giữ giá trị của bạn).")
                % {"fields": labels(form, both)}
            )
    # "Tải lại trang" opens the page again, as it is now: what the clerk typed is dropped. The
    # sentence is escaped, the link is format_html's.
    reload = format_html('<a href="">{}</a>', gettext("tải lại trang"))
    sentence = gettext(
        "Bấm “Lưu lại” để áp dụng thay đổi của bạn lên bản mới này, hoặc %(reload)s để bỏ chúng."
    )
    parts.append(mark_safe(escape(sentence) % {"reload": reload}))
    return format_html_join("", "<p>{}</p>", ((part,) for part in parts))


def gone_message(since):
    """A row the clerk changed that someone deleted, or moved out of the list, after the form was opened."""
    if since.deleted:
        said = gettext("Dòng này đã bị xóa sau khi bạn mở trang: %(done)s.") % {
            "done": since.edits[-1].done_by
        }
    else:
        said = format_html(
            "{}{}",
            gettext("Dòng này không còn thuộc danh sách này: đã được sửa sau khi bạn mở trang:"),
            edits_list(since),
        )
    advice = gettext(
        "Đánh dấu “Xóa” ở dòng này để lưu các thay đổi khác (bản ghi giữ như người kia để lại), "
        "hoặc tải lại trang."
    )
    return format_html("<p>{}</p><p>{}</p>", said, advice)


# Forms ###################################################################


class VersionedForm:
    """A record's form (a ModelForm) that carries the version it was opened at and refuses a stale save.

    Declare `record_version = version_field()` on the form class (RecordForm does).
    """

    bound_field_class = VersionedBoundField
    # The rows of an inline get their versions from their formset, all in one query.
    versions_from_formset = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The values the form shows instead of those posted, once a conflict merged them.
        self.shown_values = None
        # An inline row left as it was whose record changed since: not saved.
        self.left_as_it_was = False
        if not self.is_bound and not self.versions_from_formset and self.instance.pk is not None:
            self.initial.setdefault(VERSION_FIELD, current_version(self.instance))

    @property
    def posted_version(self):
        """The version the form was opened at, as posted; None for a form posted without one."""
        key = self.add_prefix(VERSION_FIELD)
        return self.data.get(key) if self.is_bound and key in self.data else None

    @cached_property
    def changed_data(self):
        # The version is not a change of the record (nor a reason to save an inline row).
        return [name for name in super().changed_data if name != VERSION_FIELD]

    def has_changed(self):
        return not self.left_as_it_was and super().has_changed()

    def clean(self):
        cleaned = super().clean()
        checked = not self.versions_from_formset and self.instance.pk is not None
        if checked and not self._errors and self.posted_version is not None:
            self.check_version(current_version(self.instance))
        return cleaned

    def check_version(self, current, *, deleting=False):
        """Refuse the form if its record changed since the posted version; whether it was refused."""
        posted = self.posted_version or ""
        if posted == ("" if current is None else str(current)):
            return False
        model = self._meta.model
        since = edits_since(model, self.instance.pk, posted)
        if not since.changed:
            return False
        mine = self.changed_since(since.before)
        if self.versions_from_formset and mine == set() and not deleting:
            self.leave_as_it_is(current)
            return False
        differs = self.differs_from(since) if mine is None else ()
        message = conflict_message(self, since, mine, row=self.versions_from_formset, differs=differs)
        self.add_error(None, message)
        self.show_merged(current, set(self.fields) if mine is None else mine)
        return True

    def changed_since(self, before):
        """The fields the clerk changed from the version they opened; None when that version is unknown."""
        if before is None:
            return None
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name
            for name in self.fields
            if name in before and name in cleaned and as_stored(cleaned[name]) != before[name]
        }

    def differs_from(self, since):
        """The fields whose posted values differ from the record now (for a version not known)."""
        cleaned = getattr(self, "cleaned_data", {})
        last = since.last
        return {
            f.name
            for f in edited_fields(self._meta.model)
            if f.name in cleaned
            and not f.many_to_many
            and as_stored(cleaned[f.name]) != getattr(last, f.attname)
        }

    def record_now(self):
        """The form's model fields as the record holds them now (one query, and one per list of records)."""
        record = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
        if record is None:
            return None, {}
        return record, model_to_dict(record, fields=list(self.fields))

    def show_merged(self, current, mine):
        """Show the record as it is now, the clerk's values in the fields `mine`, at version `current`."""
        _record, now = self.record_now()
        self.shown_values = {name: value for name, value in now.items() if name not in mine}
        self.shown_values[VERSION_FIELD] = current

    def leave_as_it_is(self, current):
        """An inline row the clerk did not change: not saved, and shown as the record is now."""
        self.left_as_it_was = True
        record, now = self.record_now()
        if record is not None:
            # Read by the rest of the formset's checks (an election's tally), as it will be saved.
            for model_field in type(record)._meta.concrete_fields:
                setattr(self.instance, model_field.attname, getattr(record, model_field.attname))
        self.shown_values = {**now, VERSION_FIELD: current}


def versioned_row_form(form_class):
    """An inline row's form: a VersionedForm whose version its formset gives."""
    attrs = {VERSION_FIELD: version_field(), "versions_from_formset": True, "__module__": __name__}
    bases = (form_class,) if issubclass(form_class, VersionedForm) else (VersionedForm, form_class)
    return type(form_class)(form_class.__name__, bases, attrs)


class VersionedFormSet:
    """An inline formset whose rows carry their versions, read for all rows in one query.

    Its get_queryset(), once the bound forms are made, is the records of the forms in their
    order: Django's admin pairs forms with that list by position, which a row deleted or added
    by someone else since the page was opened would shift.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rows whose record is no longer in the list: their record as its history last kept it.
        self.gone = {}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not self.is_bound and form.instance.pk is not None:
            form.initial[VERSION_FIELD] = self.opened_versions().get(form.instance.pk)

    def opened_versions(self):
        if not hasattr(self, "_opened_versions"):
            self._opened_versions = current_versions(self.model, [row.pk for row in super().get_queryset()])
        return self._opened_versions

    def get_queryset(self):
        if self.is_bound and "forms" in self.__dict__:
            return [self.gone.get(index, form.instance) for index, form in enumerate(self.initial_forms)]
        return super().get_queryset()

    def clean(self):
        refused = self.check_versions()
        super().clean()
        if refused:
            raise ValidationError(
                ngettext(
                    "%(count)s dòng đã được người khác sửa hoặc xóa sau khi bạn mở trang; xem ở dòng đó.",
                    "%(count)s dòng đã được người khác sửa hoặc xóa sau khi bạn mở trang; xem ở từng dòng.",
                    refused,
                )
                % {"count": refused}
            )

    def deleting(self, form):
        return self.can_delete and getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME, False)

    def check_versions(self):
        """Check each posted row against its record's version; how many rows were refused."""
        posted = [
            (index, form) for index, form in enumerate(self.initial_forms) if form.posted_version is not None
        ]
        found = [form.instance.pk for _index, form in posted if form.instance.pk is not None]
        current = current_versions(self.model, found)
        refused = 0
        for index, form in posted:
            deleting = self.deleting(form)
            if form.instance.pk is None:
                refused += self.check_gone(index, form, deleting)
            elif deleting or not form._errors:
                refused += form.check_version(current.get(form.instance.pk), deleting=deleting)
        return refused

    def check_gone(self, index, form, deleting):
        """A row whose record is no longer in the list: deleted, or moved out of it, by someone else."""
        pk_field = self.model._meta.pk
        try:
            pk = pk_field.to_python(form.data.get(form.add_prefix(pk_field.name)))
        except ValidationError:
            return 0
        since = edits_since(self.model, pk, form.posted_version)
        if since.last is None:
            return 0
        # Django's "choose a valid choice" on the hidden id: said better below, or not at all.
        form._errors.pop(pk_field.name, None)
        self.gone[index] = since.last
        if deleting or form.changed_since(since.before) == set():
            # Django saves no row without its record: one the clerk left as it was is simply dropped.
            return 0
        form.add_error(None, gone_message(since))
        return 1


class VersionedInlineMixin:
    """An inline whose rows carry their versions (VersionedFormSet)."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("form", versioned_row_form(self.form))
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (VersionedFormSet, formset), {"__module__": __name__})

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != VERSION_FIELD]
        if self.has_change_permission(request, obj):
            fields.append(VERSION_FIELD)
        return fields
