"""Admin pages held to the user's scope (records.access): lists, forms, inlines and objects.

The scope itself, and what it covers of each model, live in records.access and records.rules;
this module only asks them, so an admin page and a read page never disagree about a record.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import Http404
from django.utils.translation import gettext
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from records import access


def named(record, name):
    """The ids a record's relation `name` holds now: a foreign key's, or a many-to-many's as a subquery."""
    try:
        model_field = record._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    if model_field.many_to_many:
        return getattr(record, name).values("pk") if record.pk is not None else []
    value = getattr(record, model_field.attname, None) if model_field.concrete else None
    return [] if value is None else [value]


def scoped_form(form_class, request, *, placed_by_inline=False):
    """A record's form held to the user's scope.

    The records it offers come from the scope, with those it already names, which may lie
    above the scope (a congress's directing body); the record as filled in must stay in scope,
    or for a new record placed in scope by a required inline row (a person by a post), that row.
    """
    scope = access.scope_of(request.user)
    if scope.everything:
        return form_class

    class ScopedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, field in self.fields.items():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and access.is_registered(queryset.model):
                    named_now = queryset.filter(pk__in=named(self.instance, name))
                    field.queryset = scope.filter(queryset) | named_now

        def _post_clean(self):
            # The instance holds the form's values from here on.
            super()._post_clean()
            if placed_by_inline and self.instance.pk is None:
                return
            name = scope.write_error(self.instance)
            if name is not None:
                self.add_error(name if name in self.fields else None, access.OUT_OF_SCOPE)

    return ScopedForm


class ScopedAdminMixin(ObjectPermissionsModelAdminMixin):
    """An admin that shows only the records in the user's scope and asks permissions with the record.

    A record outside the scope, like one that does not exist, is a 404: its change, delete and
    history pages do not tell that it exists.
    """

    # A new record that a required inline row places in scope (PostInline) is checked by that row.
    placed_by_inline = False

    def get_queryset(self, request):
        return access.scoped(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        record = super().get_object(request, object_id, from_field)
        if record is None:
            raise Http404(gettext("Không có bản ghi này, hoặc bản ghi nằm ngoài phạm vi của bạn."))
        return record

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return scoped_form(form, request, placed_by_inline=self.placed_by_inline)


class ScopedInlineMixin:
    """An inline that lists only the records in scope, offers only records in scope, and lets a row
    be deleted only by a user who may delete that record.

    `required_in_scope`: a scoped user adding the parent must fill at least one row, or nobody
    in the scope would see the new record (a person is in scope through their posts).
    """

    required_in_scope = False
    required_message = ""

    def get_queryset(self, request):
        return access.scoped(super().get_queryset(request), request.user)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        inline = self
        opts = self.opts
        delete_permission = f"{opts.app_label}.delete_{opts.model_name}"

        class ScopedFormSet(formset):
            form = scoped_form(formset.form, request)

            def clean(self):
                super().clean()
                kept = 0
                for form in self.forms:
                    if not hasattr(form, "cleaned_data"):
                        continue
                    if self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME):
                        if form.instance.pk is not None and not request.user.has_perm(
                            delete_permission, form.instance
                        ):
                            raise ValidationError(
                                gettext("Bạn không được xóa %(record)s.") % {"record": form.instance}
                            )
                    elif form.has_changed() or form.instance.pk is not None:
                        kept += 1
                scoped_user = not access.scope_of(request.user).everything
                if inline.required_in_scope and scoped_user and self.instance.pk is None and not kept:
                    raise ValidationError(inline.required_message)

        return ScopedFormSet
