"""The seed article read gives exactly the fixture's people, posts, counts, documents and figures.

Expected values are derived from fixtures/thien_huong_2025.json, not copied: the attendance and
speeches give people with titles and roles, the memberships the posts their titles hold, the
congress the counts, the legal documents with a symbol the documents, the figures the figures.
"""

import decimal
import json
from pathlib import Path

import pytest

from congress.reading.titles import split_title
from congress.reading.reader import read_report
from congress.reading.text import key
from records.vietnamese import parse_number

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = json.loads((ROOT / "fixtures" / "thien_huong_2025.json").read_text(encoding="utf-8"))
ROLES = {"chi_dao": "directing", "khach_moi": "guest", "doan_chu_tich": "presiding"}
METRICS = {"area_km2": "area", "population": "population"}


def objects(model):
    return [o["fields"] for o in FIXTURE if o["model"] == model]


def by_uid(model):
    return {o["fields"]["uid"]: o["fields"] for o in FIXTURE if o["model"] == model}


PEOPLE = by_uid("records.person")
SOURCE = next(o for o in objects("records.source") if o["kind"] == "article")


@pytest.fixture(scope="module")
def reading():
    return read_report(SOURCE["text"])


def name(reference):
    return key(PEOPLE[reference[0]]["full_name"])


def test_people_with_titles_and_roles(reading):
    expected = {
        (name(a["person"]), key(a["title"]), ROLES[a["role"]]) for a in objects("congress.attendance")
    }
    expected |= {
        (name(s["speaker"]), key(s["speaker_title"]), "speaking") for s in objects("congress.speech")
    }
    got = {(key(p.name), key(p.title or ""), p.role) for p in reading.people}
    assert got == expected
    assert len(reading.people) == len(expected)


def test_everyone_named_is_a_person_of_the_fixture(reading):
    named = {key(p.name) for p in reading.people + reading.mentions}
    assert named == {key(p["full_name"]) for p in PEOPLE.values()}


def test_the_posts_the_titles_hold_are_the_memberships(reading):
    expected = {(name(m["person"]), key(m["title"])) for m in objects("records.membership")}
    got = {
        (key(p.name), key(post))
        for p in reading.people + reading.mentions
        for post in split_title(p.title or "")
    }
    assert got == expected
    assert reading.posts == []  # nobody is appointed or elected in the article


def test_counts(reading):
    congress = objects("congress.congress")[0]
    counts = reading.counts
    assert (counts.delegates, counts.members, counts.organisations) == (
        congress["delegate_count"],
        congress["members_represented"],
        congress["organisations_represented"],
    )


def test_documents(reading):
    expected = {(d["symbol"], d["issued_on"]) for d in objects("records.legaldocument") if d["symbol"]}
    got = {(d.symbol, d.date.isoformat() if d.date else None) for d in reading.documents}
    assert got == expected
    issuers = {
        d["uid"]: key(o["name"])
        for d in objects("records.legaldocument")
        for o in objects("records.organisation")
        if d["issuer"] and d["issuer"][0] == o["uid"]
    }
    by_symbol = {d["symbol"]: issuers.get(d["uid"]) for d in objects("records.legaldocument") if d["symbol"]}
    assert {d.symbol: key(d.issuer) for d in reading.documents} == by_symbol


def test_figures(reading):
    expected = {(METRICS[f["metric"]], decimal.Decimal(f["value"])) for f in objects("records.figure")}
    assert {(f.metric, parse_number(f.value)) for f in reading.figures} == expected


def test_the_committee_of_27_has_no_members(reading):
    seats = {o["seat_count"] for o in objects("records.organisation") if o["seat_count"]}
    assert {c.seats for c in reading.committees} == seats
    assert all(p.role != "elected" for p in reading.people)


def test_the_organisation_of_the_congress(reading):
    congress = objects("congress.congress")[0]
    organisation = by_uid("records.organisation")[congress["organisation"][0]]
    assert reading.congress.organisation == organisation["name"]
