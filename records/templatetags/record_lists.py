"""What the rows of the list pages print, at the cost of a dictionary look-up.

A page of a list prints 50 rows; what a row costs, a page costs 50 times over (issue 6).
"""

import uuid
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=256)
def choice_labels(field, language):
    """A field's choices as {value: label} in one language, translated once."""
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def label(record, field_name):
    """What record.get_<field_name>_display() gives, without translating every choice of the field
    on every call (Django's hashes each lazy label, and a hash translates it)."""
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname)
    return choice_labels(field, get_language()).get(value, value)


# A uid no record has, put into a model's address and then replaced by a record's own.
PLACEHOLDER_UID = uuid.UUID(int=0)


@lru_cache(maxsize=256)
def address_pattern(model, script_prefix, urlconf):
    return model(uid=PLACEHOLDER_UID).get_absolute_url()


@register.filter
def record_url(record):
    """record.get_absolute_url(): its model's address for a placeholder uid, found once, with the
    record's uid in its place. A record's page is addressed by its uid alone (records.views), and
    reverse() walks the address patterns on each call, three or four times on each row."""
    pattern = address_pattern(type(record), get_script_prefix(), get_urlconf())
    return pattern.replace(str(PLACEHOLDER_UID), str(record.uid))
