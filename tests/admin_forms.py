"""An admin page's form as a browser posts it: for tests where two people open one form."""

import re

import lxml.html
import pytest
from django.test import Client


def posted_by_page(content, form_id=None):
    """The fields the page's form posts, as a browser posts them (unticked boxes left out), by name."""
    page = lxml.html.fromstring(content.decode() if isinstance(content, bytes) else content)
    forms = [form for form in page.forms if form_id is None or form.get("id") == form_id]
    # The admin's change form (the header's log-out button is a form too): the one with most fields.
    form = max((form for form in forms if form.method.upper() == "POST"), key=lambda form: len(form.inputs))
    data = {}
    for element in form.inputs:
        name = element.name
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "select":
            chosen = element.value
            values = list(chosen) if element.multiple else ([] if chosen is None else [chosen])
        elif element.tag == "textarea":
            # A browser drops the newline right after <textarea>, which Django writes and lxml keeps.
            value = element.value or ""
            values = [value[1:] if value.startswith("\n") else value]
        elif element.type in ("checkbox", "radio"):
            values = [element.get("value", "on")] if element.checked else []
        elif element.type in ("submit", "button", "image", "reset", "file"):
            values = []
        else:
            # An input without a value posts an empty one.
            values = [element.value or ""]
        if values:
            data.setdefault(name, []).extend(values)
    return data


def opened(client, url):
    """The form at `url`, as it stands when opened."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return posted_by_page(response.content)


def errors_of(response):
    """The text of the page's error lists (non-field and per field), in page order, spaces collapsed."""
    page = lxml.html.fromstring(response.content.decode())
    return [
        re.sub(r"\s+", " ", " ".join(item.itertext())).strip()
        for item in page.xpath('//ul[contains(concat(" ", @class, " "), " errorlist ")]/li')
    ]


def clerk(django_user_model, username, first_name="", last_name=""):
    """A logged-in client of a new superuser: one of the people opening the same form."""
    user = django_user_model.objects.create_superuser(
        username, f"{username}@example.invalid", "pw", first_name=first_name, last_name=last_name
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_clerks(django_user_model):
    return clerk(django_user_model, "an"), clerk(django_user_model, "lan", "Trần Thị", "Lan")
