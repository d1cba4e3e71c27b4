"""The seed article accepted whole into an empty database with units gives the fixture's records.

Compared field by field, uids aside (and the time and user a source was recorded by). The
reading is the real reader's (tests/congress/reading/seed.py), so this holds the reader, the
matching and the writer to the fixture; once through the plan, once pasted into the review screen.
"""

import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from congress.reading.matching import match_reading
from congress.reading.writing import write_plan
from tests.article_fixture_cases import FIXTURE, article_text

from .seed import SOURCE, seed_reading

IGNORED = {"uid", "recorded_at", "recorded_by"}
# What identifies a record of each model once its references are known (uid for register rows).
IDENTITY = {
    "records.source": lambda f: f["kind"],
    "records.administrativeunit": lambda f: f["uid"],
    "records.unitsuccession": lambda f: f["uid"],
    "records.organisation": lambda f: f["name"],
    "records.legaldocument": lambda f: (f["symbol"], f["summary"]),
    "records.person": lambda f: f["full_name"],
    "records.membership": lambda f: (f["person"], f["organisation"], f["role"]),
    "records.figure": lambda f: f["metric"],
    "congress.congress": lambda f: f["ordinal"],
    "congress.attendance": lambda f: f["person"],
    "congress.speech": lambda f: (f["speaker"], f["kind"]),
    "congress.indicator": lambda f: f["name"],
    "congress.task": lambda f: f["content"],
}


def _plain(value):
    """A natural key ["uid"] as its uid, a list of them as a sorted list."""
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
        return sorted(str(v[0]) for v in value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return str(value[0])
    if isinstance(value, (list, tuple)):
        return []
    return value


def written_objects(labels):
    objects = []
    for label in labels:
        model = apps.get_model(label)
        data = serializers.serialize("json", model.objects.all(), use_natural_foreign_keys=True)
        objects += json.loads(data)
    return objects


def by_identity(objects, translate):
    found = {}
    for obj in objects:
        fields = {k: translate(_plain(v)) for k, v in obj["fields"].items()}
        fields["uid"] = obj["fields"]["uid"]
        found[(obj["model"], IDENTITY[obj["model"]](fields))] = fields
    return found


@pytest.mark.django_db
def test_the_seed_article_accepted_whole_gives_the_fixtures_records(django_user_model):
    call_command("load_units", "--province", "31", verbosity=0)
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "x")

    plan = match_reading(seed_reading())
    for item in plan.items:
        item.accepted = item.writable
    write_plan(plan, SOURCE, user)

    assert_the_fixtures_records()


@pytest.mark.django_db
def test_the_seed_article_pasted_into_the_review_screen_and_accepted_whole(client, django_user_model):
    call_command("load_units", "--province", "31", verbosity=0)
    client.force_login(django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "x"))
    url = "/admin/congress/congress/read-report/"
    data = {"text": article_text(), "title": SOURCE.title, "url": SOURCE.url, "author": SOURCE.author}

    plan = client.post(url, {**data, "read": "1"}).context["plan"]
    accepted = {**data, "write": "1"}
    for item in plan.items:
        if item.writable:
            accepted[f"accept-{item.key}"] = "on"
        for name, value in item.values.items():
            accepted[f"value-{item.key}-{name}"] = "" if value is None else str(value)
    assert client.post(url, accepted).status_code == 302

    assert_the_fixtures_records()


def assert_the_fixtures_records():
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    labels = list(dict.fromkeys(obj["model"] for obj in fixture))
    written = written_objects(labels)
    fixture_uids = {obj["fields"]["uid"] for obj in fixture}
    # Units and successions of the province the fixture leaves out are load_units', not the article's.
    register = [o for o in written if o["model"] in ("records.administrativeunit", "records.unitsuccession")]
    written = [o for o in written if o not in register or o["fields"]["uid"] in fixture_uids]

    # The fixture's uids as the written records': found model by model, references first.
    uid_of = {}
    for _round in range(3):
        expected = by_identity(fixture, lambda v: _map(v, uid_of))
        actual = by_identity(written, lambda v: v)
        for key, fields in expected.items():
            if key in actual:
                uid_of[fields["uid"]] = actual[key]["uid"]

    expected = by_identity(fixture, lambda v: _map(v, uid_of))
    actual = by_identity(written, lambda v: v)
    assert len(expected) == len(fixture) == 57
    assert sorted(map(str, actual)) == sorted(map(str, expected))
    for key, fields in expected.items():
        differing = {
            name: (value, actual[key][name])
            for name, value in fields.items()
            if name not in IGNORED and _same(value) != _same(actual[key][name])
        }
        assert differing == {}, key


def _map(value, uid_of):
    if isinstance(value, list):
        return sorted(uid_of.get(v, v) for v in value)
    if isinstance(value, str):
        return uid_of.get(value, value)
    return value


def _same(value):
    # Decimals come back as "21.1000" from the database and "21.1" from the fixture.
    if isinstance(value, str):
        try:
            from decimal import Decimal

            if value.replace(".", "", 1).isdigit():
                return Decimal(value).normalize()
        except ArithmeticError:
            pass
    return value
