"""Model fields whose forms read Vietnamese number formats."""

from django.db import models

from .forms import VietnameseDecimalField, VietnameseIntegerField


class CountField(models.PositiveIntegerField):
    """A count of people or organisations, typed as "1.535"."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": VietnameseIntegerField, **kwargs})


class QuantityField(models.DecimalField):
    """A measured or planned quantity, typed as "21,1" or "0,2%"."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": VietnameseDecimalField, **kwargs})
