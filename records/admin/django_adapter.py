"""The one private API of Django's admin the project touches, fenced here (Django >=5.2,<6.0 in
pyproject.toml).

Django 5.2 writes the Python value into the alt text of the admin's yes/no/unknown icon
(alt="True"), which no translation reaches: a screen reader reads English on a Vietnamese page.
Its list cells (`admin_list`) and read-only fields (`helpers`, `utils`) all call
`admin_list._boolean_icon`, imported inside the functions that use it, so replacing that one
name is enough. If a Django release renames it, tests/test_vietnamese_pages.py fails on the
icons' alt text.
"""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext


def boolean_icon(value):
    """Django's yes/no/unknown icon, its text for a screen reader in the reader's language."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("Có"), False: gettext("Không"), None: gettext("Không rõ")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


admin_list._boolean_icon = boolean_icon
