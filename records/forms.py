"""Form fields that read numbers and dates the way Vietnamese offices write them."""

from django import forms
from django.core.exceptions import ValidationError

from . import vietnamese


class VietnameseNumberMixin:
    """Reads "1.535", "21,1" and "0,2%" and shows values back in the same style."""

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = vietnamese.parse_number(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error
        return super().to_python(str(number))

    def prepare_value(self, value):
        if value in self.empty_values or isinstance(value, str):
            return value
        return vietnamese.format_number(value)


class VietnameseDecimalField(VietnameseNumberMixin, forms.DecimalField):
    widget = forms.TextInput


class VietnameseIntegerField(VietnameseNumberMixin, forms.IntegerField):
    widget = forms.TextInput


class VietnameseDateField(forms.DateField):
    """A date field that reads every day-first spelling, never month-first."""

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return vietnamese.parse_date(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error
