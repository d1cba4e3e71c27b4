"""A list's filters as the API's query parameters: the list pages' own FilterSets, read the same way.

The FilterSet filters (records.filters, congress.filters); this module only describes its filters
to OpenAPI, as a schema made from them (`filter_schema`), so that the document says each
parameter's type and values, and ninja refuses a value of the wrong type before the FilterSet
runs. The FilterSet then reads the address as a list page reads it (`filtered`): the same search,
the same validation, the same scope, and a filter naming a record outside the scope refused as
an invalid value.

In the API every record is named by its uid, a province too (the list pages' dropdown sends its
id): a filter by one record looks it up by uid.
"""

import uuid
import warnings
from typing import Literal

import django_filters
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import create_model

from records.filters import MAX_VALUE_LENGTH, RecordChoiceFilter, YearFilter, scoped_filterset

from .errors import InvalidParameters, parameter_error
from .schemas import SHADOWED_REGISTER


def parameter_type(filter_):
    """The pydantic type of a filter's value, and its Field's keyword arguments."""
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        return uuid.UUID, {}
    if isinstance(filter_, django_filters.ChoiceFilter):
        values = tuple(value for value, _ in filter_.extra["choices"])
        return Literal[values], {}
    if isinstance(filter_, YearFilter):
        return int, {"ge": filter_.extra["min_value"], "le": filter_.extra["max_value"]}
    return str, {"max_length": MAX_VALUE_LENGTH}


def describe(filter_):
    text = str(filter_.label or "")
    # A filter by one record is a ChoiceFilter too, whose choices are its queryset's records.
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        text += gettext(" (mã định danh uid của bản ghi)")
    elif isinstance(filter_, django_filters.ChoiceFilter):
        text += ": " + "; ".join(f"{value} = {label}" for value, label in filter_.extra["choices"])
    help_text = filter_.extra.get("help_text")
    return f"{text}. {help_text}" if help_text else text


def filter_schema(filterset_class, name):
    """A Schema with one optional query parameter per filter of the FilterSet."""
    fields = {}
    for filter_name, filter_ in filterset_class.base_filters.items():
        annotation, constraints = parameter_type(filter_)
        fields[filter_name] = (annotation | None, Field(None, description=describe(filter_), **constraints))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=SHADOWED_REGISTER, category=UserWarning)
        return create_model(name, __base__=Schema, **fields)


def filtered(filterset_class, queryset, request):
    """The records of the queryset in the user's scope that the request's filters keep;
    InvalidParameters naming each filter refused, and its value."""
    filterset = scoped_filterset(filterset_class, request.GET, queryset, request)
    for filter_name, filter_ in filterset.filters.items():
        # A province's dropdown sends its id; the API names it by uid, as every record.
        model_choice = isinstance(filter_, django_filters.ModelChoiceFilter)
        if model_choice and not isinstance(filter_, RecordChoiceFilter):
            filterset.form.fields[filter_name].to_field_name = "uid"
    if not filterset.is_valid():
        raise InvalidParameters(
            [
                parameter_error(field, filterset.form.data.get(field, ""), " ".join(messages))
                for field, messages in filterset.form.errors.items()
            ]
        )
    return filterset.qs
