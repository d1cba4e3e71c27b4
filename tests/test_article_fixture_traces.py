"""Tests for fixtures/thien_huong_2025.json: every fact in it can be found in the article, its
address or the official unit list; loading it twice changes nothing; its keys are the models'.
"""

import datetime
import re
import unicodedata
from collections import Counter
from decimal import Decimal
from typing import NamedTuple

from django.apps import apps
from django.core.management import call_command
from django.db import connection, models, transaction

import tests.article
from records import vietnamese
from tests.article_fixture_cases import (
    APPS,
    ARTICLE_UID,
    ARTICLE_URL,
    REGISTER_UID,
    article_text,
    fixture_objects,
)


# 2. Every fact traces to the article ########################################

# Fields the checker does not look at, and why.
SKIPPED_FIELDS = {
    "uid": "identity, not a fact",
}
COMPUTED_FIELDS = {
    # Filled by save() from another field; test_resaving_every_object_changes_no_field checks them.
    "records.source": {"search_key"},
    "records.administrativeunit": {"search_key"},
    "records.organisation": {"name_key", "search_key"},
    "records.person": {"family_name", "middle_name", "given_name", "name_key", "search_key", "sort_key"},
    "records.legaldocument": {"number", "year", "issuer_code", "symbol_key", "search_key"},
    "congress.speech": {"search_key"},
    "congress.indicator": {"search_key"},
    "congress.task": {"search_key"},
}
BOOKKEEPING_FIELDS = {
    ("records.source", "recorded_at"): "when the record was made (the fixture's creation date)",
}
# What the official unit list vouches for, on a record that cites it.
REGISTER_FIELDS = {
    "records.administrativeunit": {"code", "name", "valid_from", "valid_until"},
    "records.unitsuccession": {"effective_on"},
}
# Values built from several pieces of the article, each piece found on its own.
COMPOSED = {
    # "Bí thư Đảng ủy - Chủ tịch HĐND phường Thiên Hương": the Đảng ủy of the ward.
    "Đảng ủy phường Thiên Hương": ("Đảng ủy", "phường Thiên Hương"),
    # "4/4 phường đều hoàn thành về đích ...": "4/4" goes to target and actual, "đều" is dropped.
    "Phường hoàn thành về đích xây dựng nông thôn mới kiểu mẫu trước năm 2025": (
        "phường",
        "hoàn thành về đích xây dựng nông thôn mới kiểu mẫu trước năm 2025",
    ),
    # The congress's own resolution, named by the congress the address names.
    "Nghị quyết Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030": (
        "Nghị quyết Đại hội",
        "Đảng bộ phường Thiên Hương",
        "lần thứ I, nhiệm kỳ 2025–2030",
    ),
}
# Numbers the article (here, its address) writes in words: only these spellings count,
# so that an ordinal 2 is not "found" in "mức độ 2".
FIELD_SPELLINGS = {
    ("congress.congress", "ordinal"): lambda n: [f"lần thứ {vietnamese.roman(int(n))}"],
}
TEXT_FIELDS = (models.CharField, models.TextField)
NUMBER_FIELDS = (models.IntegerField, models.DecimalField)


def _words(text, key):
    return [key(word) for word in re.findall(r"\w+", unicodedata.normalize("NFC", text))]


def _contains(haystack, needle):
    return f" {' '.join(needle)} " in f" {' '.join(haystack)} "


class Evidence:
    """The article and its address, searched the ways a fact may be written there."""

    def __init__(self, article, address=ARTICLE_URL):
        self.article = unicodedata.normalize("NFC", article)
        self.address = address
        self.article_words = _words(self.article, vietnamese.identity_key)
        # The address has no diacritics, so it is searched without them.
        self.address_words = _words(vietnamese.search_key(address), str)

    def has_phrase(self, text):
        """A phrase, compared word by word after NFC and the identity key ("uỷ" = "ủy")."""
        if text in COMPOSED:
            pieces = COMPOSED[text]
            joined = [w for piece in pieces for w in _words(piece, vietnamese.identity_key)]
            return joined == _words(text, vietnamese.identity_key) and all(map(self.has_phrase, pieces))
        words = _words(text, vietnamese.identity_key)
        if not words:  # "%": no word to compare, so the text itself
            return text.strip() in self.article
        return _contains(self.article_words, words) or _contains(
            self.address_words, _words(vietnamese.search_key(text), str)
        )

    def has_text(self, text):
        """Long text (a quoted directive) is found paragraph by paragraph."""
        lines = [line for line in text.split("\n") if line.strip()]
        return all(self.has_phrase(line) for line in lines)

    def has_spelling(self, spelling):
        """A number or date, as a whole: "1" is not found in "1.535" nor in "21,1"."""
        pattern = rf"(?<![\d.,]){re.escape(spelling)}(?![\d]|[.,]\d)"
        return any(re.search(pattern, place) for place in (self.article, self.address))

    def has_number(self, value):
        number = Decimal(str(value))
        spellings = {vietnamese.format_number(number)}  # 1.535, 21,1, 0,2
        if number == number.to_integral_value():
            spellings.add(str(int(number)))  # years: 2025
        return any(map(self.has_spelling, spellings))

    def has_date(self, value):
        day = datetime.date.fromisoformat(value)
        d, m, y = day.day, day.month, day.year
        spellings = {
            f"{d}/{m}/{y}",
            f"{d:02d}/{m:02d}/{y}",
            f"{d}-{m}-{y}",
            f"{d:02d}-{m:02d}-{y}",
            f"{d}.{m}.{y}",
            f"{d:02d}.{m:02d}.{y}",
        }
        return any(map(self.has_spelling, spellings)) or self.has_phrase(f"{d} tháng {m} năm {y}")


def _cited(fields):
    cited = fields.get("sources", [])
    if "source" in fields and fields["source"]:
        cited = [*cited, fields["source"]]
    return {key[0] for key in cited}


class Walk(NamedTuple):
    problems: list  # values found neither in the article nor its address, nor vouched for by the register
    skipped: list  # (model, field, why) for each value not looked at
    checked: int  # values looked for in the article


def untraceable_facts(objects, evidence):
    """Walk every field of every object of a fixture, looking for each value in the evidence."""
    problems, skipped, checked = [], [], 0
    for index, obj in enumerate(objects):
        label, fields = obj["model"], obj["fields"]
        model = apps.get_model(label)
        where = f"{label} #{index} {fields.get('uid', '?')}"
        cited = _cited(fields)
        if label == "records.source" and fields.get("uid") == REGISTER_UID:
            skipped.append((label, "*", "the official unit list's own entry"))
            continue
        if "sources" in fields and not cited:
            problems.append(f"{where} sources: cites no source")
        for name, value in fields.items():
            field = model._meta.get_field(name)
            if value is None or value == "" or value == []:
                continue  # nothing stated
            if name in SKIPPED_FIELDS:
                reason = SKIPPED_FIELDS[name]
            elif field.is_relation:
                reason = "a reference: the record it points to is checked itself"
            elif name in COMPUTED_FIELDS.get(label, ()):
                reason = "computed by save() from another field"
            elif (label, name) in BOOKKEEPING_FIELDS:
                reason = BOOKKEEPING_FIELDS[label, name]
            elif field.choices:
                reason = "a choice code: the label is the system's, the judgement is the record's"
            elif REGISTER_UID in cited and name in REGISTER_FIELDS.get(label, ()):
                reason = "vouched for by the official unit list"
            else:
                reason = None
            if reason:
                skipped.append((label, name, reason))
                continue
            if isinstance(field, TEXT_FIELDS):
                found = evidence.has_text(value)
            elif isinstance(field, models.DateTimeField):
                found = False  # a moment of day is never in the article; declare it above
            elif isinstance(field, models.DateField):
                found = evidence.has_date(value)
            elif isinstance(field, NUMBER_FIELDS):
                if (label, name) in FIELD_SPELLINGS:
                    found = any(map(evidence.has_phrase, FIELD_SPELLINGS[label, name](value)))
                else:
                    found = evidence.has_number(value)
            else:
                problems.append(f"{where} {name}: no rule for a {type(field).__name__}")
                continue
            checked += 1
            if not found:
                problems.append(f"{where} {name}: {value!r} is not in the article or its address")
    return Walk(problems, skipped, checked)


def test_every_fact_in_the_fixture_is_in_the_article(fixture_objects):
    walk = untraceable_facts(fixture_objects, Evidence(article_text()))

    assert walk.problems == []
    # The walk looked at the facts rather than skipping them: every name, title,
    # number and date of the article's records (81 when this was written).
    assert walk.checked > 75
    assert {(label, name) for label, name, _ in walk.skipped if name == "name"} == {
        ("records.administrativeunit", "name")
    }


def test_the_checker_reports_invented_facts(fixture_objects):
    invented = [
        {
            "model": "records.person",
            "fields": {"uid": "x-person", "full_name": "Trần Văn Bịa", "sources": [[ARTICLE_UID]]},
        },
        # The register speaks for units, not for people.
        {
            "model": "records.person",
            "fields": {"uid": "x-register-person", "full_name": "Lê Thị Mới", "sources": [[REGISTER_UID]]},
        },
        {"model": "congress.congress", "fields": {"uid": "x-congress", "delegate_count": 187, "ordinal": 2}},
        {"model": "records.legaldocument", "fields": {"uid": "x-document", "issued_on": "2025-06-17"}},
        {"model": "records.figure", "fields": {"uid": "x-figure", "value": "24.46", "source": [ARTICLE_UID]}},
        # A code cited to the article alone is not vouched for by the register.
        {
            "model": "records.administrativeunit",
            "fields": {"uid": "x-unit", "code": "11560", "sources": [[ARTICLE_UID]]},
        },
        {"model": "congress.indicator", "fields": {"uid": "x-indicator", "name": "Hoàn thành về đích"}},
        {"model": "records.organisation", "fields": {"uid": "x-org", "name": "Đảng ủy", "sources": []}},
    ]

    problems = untraceable_facts(fixture_objects + invented, Evidence(article_text())).problems

    reported = {problem.split()[2] for problem in problems}
    assert "x-person" in reported
    assert "x-register-person" in reported
    assert "x-document" in reported
    assert "x-figure" in reported
    assert "x-unit" in reported
    assert any("x-congress delegate_count: 187" in p for p in problems)
    assert any("x-congress ordinal: 2" in p for p in problems)
    assert any("x-org sources: cites no source" in p for p in problems)
    # Found in the article: the fake indicator's and organisation's names are not flagged.
    assert not any("x-indicator name" in p or "x-org name" in p for p in problems)
    assert all(p.split()[2].startswith("x-") for p in problems)


def test_the_checker_compares_tone_placement_and_number_spellings():
    evidence = Evidence(article_text())

    assert evidence.has_phrase("cấp ủy khóa mới")  # the article writes "cấp uỷ khoá mới"
    assert evidence.has_phrase("Tổ công tác số 11 của Thành uỷ")
    assert not evidence.has_phrase("Tổ công tác số 12 của Thành ủy")
    assert evidence.has_number(1535) and evidence.has_number("21.1") and evidence.has_number("0.2")
    assert not evidence.has_number(1) and not evidence.has_number(535) and not evidence.has_number(24)
    assert evidence.has_date("2025-06-16") and not evidence.has_date("2025-06-15")
    assert evidence.has_number(2030)  # from the address only
    assert evidence.has_phrase("Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030")


# 3. Loading twice changes nothing ###########################################


def _database_state():
    state = {}
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            rows = []
            for obj in model._default_manager.order_by("pk"):
                row = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
                for m2m in model._meta.many_to_many:
                    row[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
                rows.append(row)
            state[model._meta.label] = rows
    return state


def test_loading_twice_changes_nothing(article, fixture_objects):
    first = _database_state()
    call_command("loaddata", "thien_huong_2025", verbosity=0)
    second = _database_state()

    counts = {label: len(rows) for label, rows in first.items() if rows}
    expected = Counter(apps.get_model(o["model"])._meta.label for o in fixture_objects)
    assert counts == expected
    assert {label: len(rows) for label, rows in second.items()} == {
        label: len(rows) for label, rows in first.items()
    }
    assert second == first
    # loaddata saves raw, so neither load wrote history.
    assert all(rows == [] for label, rows in second.items() if "historical" in label.lower())


def _every_table():
    """The rows of every table of the database, SQLite's own sqlite_sequence included."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            tables.append("sqlite_sequence")
        state = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")
            state[table] = Counter(cursor.fetchall())
    return state


def test_the_tests_copy_of_the_article_leaves_every_table_as_loaddata_does(db):
    """The `article` fixture copies the rows of its first load (tests/article.py): the same database."""
    before = _every_table()
    start = transaction.savepoint()
    call_command("loaddata", "thien_huong_2025", verbosity=0)
    tests.article.capture()
    loaded = _every_table()
    transaction.savepoint_rollback(start)
    assert _every_table() == before

    tests.article.replay()

    assert _every_table() == loaded
    assert sum(map(len, loaded.values())) > sum(map(len, before.values()))


# 4. The stored keys are the ones the models compute ########################


def test_resaving_every_object_changes_no_field(article, fixture_objects):
    changed, resaved = [], 0
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label.split(".")[1].startswith("Historical"):
                continue
            for obj in model._default_manager.all():
                before = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
                obj.save()
                obj.refresh_from_db()
                resaved += 1
                after = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
                changed += [
                    f"{model._meta.label} {obj.uid} {name}: {before[name]!r} -> {after[name]!r}"
                    for name in before
                    if before[name] != after[name]
                ]

    assert changed == []
    assert resaved == len(fixture_objects)
