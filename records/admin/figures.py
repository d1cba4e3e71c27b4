"""Figures: sourced numbers about a unit or an organisation, kept side by side when sources disagree."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records import vietnamese
from records.fields import QuantityField
from records.forms import VietnameseDecimalField
from records.models import Figure
from records.resources import FigureResource
from records.sheets.admin import SheetAdminMixin

from .base import RecordAdmin, RecordForm, SourcedInline
from .history import RestoreDeletedMixin


class ValueWithUnitField(VietnameseDecimalField):
    """A figure's value typed as a report writes it, unit and all: "39,99 km²", "102.648 người".

    The number is read here; whether the unit is the metric's is the form's question
    (FigureValueMixin), since only the form knows the metric. `unit`, when the form knows it,
    is written after the value shown.
    """

    unit = ""

    def to_python(self, value):
        if isinstance(value, str):
            number, unit = vietnamese.split_unit(value)
            if number or not unit:
                value = number
        return super().to_python(value)

    def prepare_value(self, value):
        shown = super().prepare_value(value)
        if self.unit and shown and not isinstance(value, str):
            return f"{shown} {self.unit}"
        return shown


VALUE_WITH_UNIT = {
    QuantityField: {
        "form_class": ValueWithUnitField,
        "help_text": _('Ghi được kèm đơn vị, như "39,99 km²" hay "102.648 người"; đơn vị phải là của chỉ số.'),
    }
}


class FigureValueMixin:
    """Checks a unit typed after the value against the metric, and shows the value with its unit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        metric = self.initial.get("metric") or self.instance.metric
        if metric in Figure.UNITS and "value" in self.fields:
            self.fields["value"].unit = str(Figure.UNITS[metric])

    def clean(self):
        cleaned_data = super().clean()
        typed = self.data.get(self.add_prefix("value"))
        metric = cleaned_data.get("metric")
        if not isinstance(typed, str) or metric not in Figure.UNITS or "value" not in cleaned_data:
            return cleaned_data
        unit = vietnamese.split_unit(typed)[1]
        scale = Figure.scale_of(metric, unit)
        if scale is not None:
            # "3.999 ha" of an area is 39,99 km²; "19 nghìn người" is 19.000 people.
            cleaned_data["value"] = cleaned_data["value"] * scale
        else:
            self.add_error(
                "value",
                ValidationError(
                    gettext(
                        'Giá trị "%(value)s" ghi đơn vị "%(unit)s", nhưng %(metric)s tính bằng %(expected)s: '
                        "ghi số theo %(expected)s, hoặc chọn đúng chỉ số."
                    )
                    % {
                        "value": vietnamese.clean_name(typed),
                        "unit": unit,
                        "metric": Figure(metric=metric).get_metric_display().lower(),
                        "expected": Figure.UNITS[metric],
                    },
                    code="unit",
                ),
            )
        return cleaned_data


class FigureForm(FigureValueMixin, RecordForm):
    pass


class FigureInlineForm(FigureValueMixin, forms.ModelForm):
    pass


class FigureInline(SourcedInline):
    model = Figure
    form = FigureInlineForm
    fields = ["metric", "value", "as_of", "source"]
    autocomplete_fields = ["source"]
    formfield_overrides = {**SourcedInline.formfield_overrides, **VALUE_WITH_UNIT}


class UnitFigureInline(FigureInline):
    fk_name = "administrative_unit"


class OrganisationFigureInline(FigureInline):
    fk_name = "organisation"


class ConflictFilter(admin.SimpleListFilter):
    title = _("đối chiếu nguồn")
    parameter_name = "conflict"

    def lookups(self, request, model_admin):
        return [("yes", _("Có nguồn ghi số liệu khác")), ("no", _("Không có khác biệt"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_conflict=self.value() == "yes")
        return queryset


@admin.register(Figure)
class FigureAdmin(RestoreDeletedMixin, SheetAdminMixin, RecordAdmin):
    resource_classes = [FigureResource]
    form = FigureForm
    formfield_overrides = {**RecordAdmin.formfield_overrides, **VALUE_WITH_UNIT}
    list_display = ["subject", "metric", "display_value", "as_of", "source", "conflict"]
    list_filter = ["metric", ConflictFilter]
    list_select_related = ["administrative_unit", "organisation", "source"]
    search_fields = ["administrative_unit__search_key__contains", "organisation__search_key__contains"]
    autocomplete_fields = ["administrative_unit", "organisation", "source"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_conflicts()

    @admin.display(description=_("đơn vị hoặc tổ chức"))
    def subject(self, figure):
        return figure.subject

    @admin.display(description=_("giá trị"), ordering="value")
    def display_value(self, figure):
        return f"{vietnamese.format_number(figure.value)} {figure.unit}"

    @admin.display(description=_("nguồn khác ghi khác"), boolean=True, ordering="has_conflict")
    def conflict(self, figure):
        return figure.has_conflict
