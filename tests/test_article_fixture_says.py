"""
Tests for fixtures/thien_huong_2025.json, the seed article as records.

The promises kept here: the fixture loads and says what the article says; its
units are the ones `load_units` writes, whichever runs first; every fact in it
can be found in the article, its address or (for unit codes, names, parents
and validity dates) the official unit list; loading it twice changes nothing;
and the keys it carries are the ones the models compute.
"""

import datetime
import functools
import json
import re
import unicodedata
import uuid
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest
import vietnam_provinces
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models, transaction
from vietnam_provinces import legacy

import tests.article
from congress.models import Attendance, Congress, Indicator, IndicatorQuerySet, Speech, Task
from records import vietnamese
from records.models import (
    AdministrativeUnit,
    Figure,
    Membership,
    Person,
    Source,
    UnitSuccession,
)
from records.units_register import REGISTER_SOURCE_PUBLISHER, REGISTER_SOURCE_TITLE, REGISTER_SOURCE_UID

FIXTURE = Path(settings.FIXTURE_DIRS[0]) / "thien_huong_2025.json"
SEED_COPY = Path(settings.FIXTURE_DIRS[0]) / "sources" / "thien-huong-congress-article.txt"
ARTICLE_URL = (
    "https://thuonghieucongluan.com.vn/"
    "dai-hoi-dang-bo-phuong-thien-huong-lan-thu-i-nhiem-ky-2025-2030-a275735.html"
)
NAMESPACE = uuid.UUID("6c1f3c52-8d8e-4f0e-9a55-2f1d1b0c3e11")
REGISTER_UID = str(uuid.uuid5(NAMESPACE, "source:vietnam-provinces"))
ARTICLE_UID = str(uuid.uuid5(NAMESPACE, "thien-huong-2025:source:article"))
APPS = ("records", "congress")


@functools.cache
def _read(path):
    return path.read_text(encoding="utf-8")


def article_text():
    """The seed article, kept in fixtures/ beside its records; CI checks it is the shared seed file."""
    return _read(SEED_COPY)


@pytest.fixture(scope="module")
def fixture_objects():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def official(register, code):
    return AdministrativeUnit.objects.get(uid=AdministrativeUnit.official_uid(register, code))


# 1. What the fixture says ###################################################


def test_congress_numbers(article):
    congress = Congress.objects.get()

    assert congress.organisation.name == "Đảng bộ phường Thiên Hương"
    assert (congress.ordinal, congress.term) == (1, "2025–2030")
    assert (congress.delegate_count, congress.members_represented, congress.organisations_represented) == (
        186,
        1535,
        55,
    )
    assert congress.directing_body.name == "Tổ công tác số 11 của Thành ủy"
    assert congress.directing_body.parent.name == "Thành ủy"
    assert congress.resolution.symbol == ""
    # The article gives no dates, venue or slogan.
    assert (congress.opened_on, congress.closed_on, congress.venue, congress.slogan) == (None, None, "", "")
    assert [s.kind for s in congress.sources.all()] == ["article"]


def test_executive_committee_has_27_seats_and_no_member_recorded(article):
    committee = Congress.objects.get().executive_committee

    assert committee.name == "Ban Chấp hành Đảng bộ phường Thiên Hương"
    assert (committee.seats_filled(), committee.seat_count) == (0, 27)


def test_speeches_and_the_documents_the_directive_cites(article):
    speeches = {s.speaker.full_name: s for s in Speech.objects.select_related("speaker")}

    assert set(speeches) == {"Vương Toàn Thu Thủy", "Nguyễn Công Diễn", "Nguyễn Văn Phú"}
    assert all(s.order is None for s in speeches.values())
    directive = speeches["Nguyễn Văn Phú"]
    assert directive.kind == "chi_dao"
    assert sorted((d.symbol, d.issuer.name) for d in directive.cited_documents.all()) == [
        ("18", "Thành ủy"),
        ("68", "Bộ Chính trị"),
    ]
    assert directive.summary.startswith("Ghi nhận, biểu dương")
    assert directive.summary.endswith("bối cảnh phát triển mới.")
    secretary = speeches["Vương Toàn Thu Thủy"]
    assert secretary.speaker_title == "Bí thư Đảng ủy - Chủ tịch HĐND phường Thiên Hương"
    assert speeches["Nguyễn Công Diễn"].kind == "khac"


def test_six_indicators_and_their_statuses(article):
    indicators = list(Indicator.objects.order_by("id"))

    assert [i.status for i in indicators] == ["met", "met", "exceeded", "exceeded", "exceeded", "exceeded"]
    assert indicators[3].achievement == Decimal("125.0")
    poverty = indicators[2]
    assert (poverty.direction, poverty.target, poverty.actual) == ("lower", Decimal("0.2"), 0)
    assert [i.period for i in indicators] == ["", "2021–2025", "", "", "", ""]
    # The database reaches the same verdict as the Python property.
    for status, count in (("exceeded", 4), ("met", 2)):
        assert Indicator.objects.filter(IndicatorQuerySet.status_condition(status)).count() == count


def test_three_tasks_none_of_them_six_clear(article):
    tasks = Task.objects.all()

    assert tasks.count() == 3
    assert Task.objects.not_six_clear().count() == 3
    for task in tasks:
        assert task.responsible_organisation.name == "Ban Chấp hành Đảng bộ phường Thiên Hương"
        assert task.resolution == Congress.objects.get().resolution
        assert (task.owner, task.due_on, task.approving_authority) == (None, None, None)


def test_the_ward_and_its_four_predecessors(article):
    ward = official("2025", "11557")

    assert (ward.name, ward.kind, ward.parent.name, ward.parent.code) == (
        "Phường Thiên Hương",
        "phuong",
        "Thành phố Hải Phòng",
        "31",
    )
    assert ward.established_by.symbol == "1669/NQ-UBTVQH15"
    assert ward.established_by.issued_on == datetime.date(2025, 6, 16)
    assert ward.established_by.issuer.name == "Ủy ban Thường vụ Quốc hội"
    assert {(s.predecessor.code, s.predecessor.name, s.portion) for s in ward.predecessions.all()} == {
        ("11557", "Phường Thiên Hương", "whole"),
        ("11569", "Phường Hoàng Lâm", "whole"),
        ("11572", "Phường Hoa Động", "part"),
        ("11521", "Phường Lê Hồng Phong", "part"),
    }
    for succession in ward.predecessions.all():
        assert succession.predecessor.register == "pre2025"
        assert succession.legal_basis == ward.established_by
        assert succession.effective_on == datetime.date(2025, 7, 1)
        assert {s.kind for s in succession.sources.all()} == {"register", "article"}


def test_phu_holds_three_posts_and_directed_the_congress(article):
    phu = Person.objects.get(full_name="Nguyễn Văn Phú")

    assert {(m.organisation.name, m.role, m.title) for m in phu.memberships.all()} == {
        ("Thành ủy", "uy_vien_btv", "Ủy viên Ban Thường vụ Thành ủy"),
        ("Trường Chính trị Tô Hiệu", "hieu_truong", "Hiệu trưởng Trường Chính trị Tô Hiệu"),
        ("Tổ công tác số 11 của Thành ủy", "to_truong", "Tổ trưởng Tổ công tác số 11 của Thành ủy"),
    }
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.role, attendance.organisation.name) == (
        phu,
        "chi_dao",
        "Tổ công tác số 11 của Thành ủy",
    )
    # Nobody's birth year or gender is in the article.
    assert not Person.objects.exclude(birth_year=None).exists()
    assert not Person.objects.exclude(gender="").exists()
    assert Membership.objects.count() == 8
    assert not Membership.objects.exclude(start_on=None).exists()


def test_both_figures_cite_the_article(article):
    figures = {f.metric: f for f in Figure.objects.all()}

    assert {m: f.value for m, f in figures.items()} == {"area_km2": Decimal("21.1"), "population": 45140}
    for figure in figures.values():
        assert figure.administrative_unit == official("2025", "11557")
        assert figure.source.uid == uuid.UUID(ARTICLE_UID)
        assert figure.as_of is None


def test_the_article_source_keeps_the_seed_text(article):
    source = Source.objects.get(kind="article")

    assert source.text == article_text()
    assert (source.url, source.author, source.publisher) == (ARTICLE_URL, "Quỳnh Nga (t/h)", "")


def test_units_carry_the_register_values_load_units_writes(fixture_objects):
    """Same uid and fields as `load_units` writes from vietnam-provinces, so either may run first."""
    library = {
        ("2025", "31"): (vietnam_provinces.Province.from_code(31), None),
        ("2025", "11557"): (vietnam_provinces.Ward.from_code(11557), ("2025", "31")),
        ("pre2025", "31"): (legacy.Province.from_code(31), None),
        ("pre2025", "311"): (legacy.District.from_code(311), ("pre2025", "31")),
        **{
            ("pre2025", str(code)): (legacy.Ward.from_code(code), ("pre2025", "311"))
            for code in (11557, 11569, 11572, 11521)
        },
    }
    units = [o["fields"] for o in fixture_objects if o["model"] == "records.administrativeunit"]
    register = next(o["fields"] for o in fixture_objects if o["fields"]["uid"] == REGISTER_UID)

    # load_units creates this source only when it is missing, so the fixture's must be the same.
    assert (register["kind"], register["title"], register["publisher"], register["url"]) == (
        "register",
        REGISTER_SOURCE_TITLE,
        REGISTER_SOURCE_PUBLISHER,
        "",
    )
    assert REGISTER_UID == str(REGISTER_SOURCE_UID)

    assert {(u["register"], u["code"]) for u in units} == set(library)
    for unit in units:
        entry, parent = library[unit["register"], unit["code"]]
        assert unit["uid"] == str(AdministrativeUnit.official_uid(unit["register"], unit["code"]))
        assert unit["name"] == vietnamese.clean_name(entry.name)
        expected_parent = [str(AdministrativeUnit.official_uid(*parent))] if parent else None
        assert unit["parent"] == expected_parent
        validity = ("2025-07-01", None) if unit["register"] == "2025" else (None, "2025-06-30")
        assert (unit["valid_from"], unit["valid_until"]) == validity
        assert [REGISTER_UID] in unit["sources"]


UNIT_REGISTER_FIELDS = (
    "uid",
    "register",
    "code",
    "name",
    "kind",
    "parent__uid",
    "valid_from",
    "valid_until",
    "search_key",
)
SUCCESSION_REGISTER_FIELDS = ("uid", "predecessor__uid", "successor__uid", "portion", "effective_on")


def _register_rows(objects):
    """What both the fixture and load_units write about the fixture's units and successions."""
    uids = {
        label: [o["fields"]["uid"] for o in objects if o["model"] == label]
        for label in ("records.administrativeunit", "records.unitsuccession")
    }
    units = AdministrativeUnit.objects.filter(uid__in=uids["records.administrativeunit"])
    successions = UnitSuccession.objects.filter(uid__in=uids["records.unitsuccession"])
    return {
        "units": sorted(units.values_list(*UNIT_REGISTER_FIELDS)),
        "successions": sorted(successions.values_list(*SUCCESSION_REGISTER_FIELDS)),
        "found": (units.count(), successions.count()),
        "all": (AdministrativeUnit.objects.count(), UnitSuccession.objects.count()),
    }


@pytest.mark.parametrize("fixture_first", [False, True], ids=["load_units first", "fixture first"])
def test_the_fixture_and_load_units_write_the_same_units(db, fixture_objects, fixture_first):
    steps = [
        lambda: call_command("load_units", "--province", "31", verbosity=0),
        lambda: call_command("loaddata", "thien_huong_2025", verbosity=0),
    ]
    if fixture_first:
        steps.reverse()

    steps[0]()
    before = _register_rows(fixture_objects)
    steps[1]()
    after = _register_rows(fixture_objects)

    # The same uids: nothing is duplicated, and the second step finds every row.
    assert before["found"] == after["found"] == (8, 4)
    # The same values: the second step changes none of them.
    assert after["units"] == before["units"]
    assert after["successions"] == before["successions"]
    if fixture_first:
        # load_units added Hải Phòng's other units and wrote no update to these.
        assert not AdministrativeUnit.history.filter(uid__in=[u[0] for u in before["units"]]).exists()
    else:
        assert after["all"] == before["all"]
    # What only the article says survives either order.
    ward = official("2025", "11557")
    assert ward.established_by.symbol == "1669/NQ-UBTVQH15"
    assert {s.kind for s in ward.sources.all()} == {"register", "article"}
    assert {s.legal_basis.symbol for s in ward.predecessions.all()} == {"1669/NQ-UBTVQH15"}


# 2. Every fact traces to the article ########################################

# Fields the checker does not look at, and why.
SKIPPED_FIELDS = {
    "uid": "identity, not a fact",
}
COMPUTED_FIELDS = {
    # Filled by save() from another field; test_resaving_every_object_changes_no_field checks them.
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
