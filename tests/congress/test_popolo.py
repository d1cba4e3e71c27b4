"""The Popolo document (congress.popolo) and `manage.py export_popolo`."""

import json
import os
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from congress import popolo
from congress.models import Congress, Speech
from records import access
from records.models import AccessScope, Membership, Organisation, Person, Source
from records.models.organisations import OrganisationKind
from tests.access_world import GIVEN, SEES, build_world, make_user
from tests.congress.factories import CongressFactory, SpeechFactory
from tests.congress.popolo_rules import popolo_errors
from tests.records.factories import MembershipFactory, OrganisationFactory, PersonFactory, SourceFactory
from tests.records.sheets.test_once import shared_database  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ARTICLE_URL = (
    "https://thuonghieucongluan.com.vn/"
    "dai-hoi-dang-bo-phuong-thien-huong-lan-thu-i-nhiem-ky-2025-2030-a275735.html"
)
ARTICLE_TITLE = "Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030"
LISTS = ("persons", "organizations", "memberships", "events", "speeches")


def document_of(user):
    return json.loads("".join(popolo.popolo_json(user)))


def ids(document, key):
    return {popolo_object["id"] for popolo_object in document[key]}


def uids(records):
    return {str(record.uid) for record in records}


def by_id(document, key, uid):
    return next(popolo_object for popolo_object in document[key] if popolo_object["id"] == str(uid))


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used")


# The seed congress, against Popolo's rules ###################################


def test_the_seed_congress_is_valid_popolo(article, superuser):
    document = document_of(superuser)

    assert popolo_errors(document) == []
    assert list(document) == list(LISTS)
    assert ids(document, "persons") == uids(Person.objects.all())
    assert ids(document, "organizations") == uids(Organisation.objects.all())
    assert ids(document, "memberships") == uids(Membership.objects.all())
    assert ids(document, "events") == uids(Congress.objects.all())
    assert ids(document, "speeches") == uids(Speech.objects.all())


def test_the_seed_congress_says_what_the_records_say(article, superuser):
    document = document_of(superuser)
    congress = Congress.objects.get()
    party = congress.organisation

    assert by_id(document, "events", congress.uid) == {
        "id": str(congress.uid),
        "name": ARTICLE_TITLE,
        "classification": "dai_hoi",
        "organization_id": str(party.uid),
        "sources": [{"url": ARTICLE_URL, "note": ARTICLE_TITLE}],
    }
    assert by_id(document, "organizations", party.uid)["identifiers"] == [
        {"scheme": "vn-dvhc-2025", "identifier": "11557"}
    ]
    secretary = Person.objects.get(full_name="Vương Toàn Thu Thủy")
    assert by_id(document, "persons", secretary.uid) == {
        "id": str(secretary.uid),
        "name": "Vương Toàn Thu Thủy",
        "family_name": "Vương",
        "additional_name": "Toàn Thu",
        "given_name": "Thủy",
        "sources": [{"url": ARTICLE_URL, "note": ARTICLE_TITLE}],
    }
    committee = Organisation.objects.get(name="Đảng ủy phường Thiên Hương")
    post = Membership.objects.get(person=secretary, organisation=committee)
    assert by_id(document, "memberships", post.uid) == {
        "id": str(post.uid),
        "person_id": str(secretary.uid),
        "organization_id": str(committee.uid),
        "role": "Bí thư",
        "label": "Bí thư Đảng ủy",
        "sources": [{"url": ARTICLE_URL, "note": ARTICLE_TITLE}],
    }
    assert by_id(document, "organizations", committee.uid)["parent_id"] == str(party.uid)
    directive = Speech.objects.get(kind="chi_dao")
    speech = by_id(document, "speeches", directive.uid)
    assert speech["event_id"] == str(congress.uid)
    assert speech["creator_id"] == str(Person.objects.get(full_name="Nguyễn Văn Phú").uid)
    assert speech["title"] == "Phát biểu chỉ đạo"
    assert speech["role"] == "Ủy viên Ban Thường vụ Thành ủy, Hiệu trưởng Trường Chính trị Tô Hiệu"
    # The records hold the report's summary of it, not its full text.
    assert speech["text"] == directive.summary


def test_every_object_has_an_id_of_its_own_and_every_reference_names_one(article, superuser):
    document = document_of(superuser)
    every_id = [popolo_object["id"] for key in LISTS for popolo_object in document[key]]

    assert len(every_id) == len(set(every_id))
    references = {
        ("organizations", "parent_id"): "organizations",
        ("memberships", "person_id"): "persons",
        ("memberships", "organization_id"): "organizations",
        ("events", "organization_id"): "organizations",
        ("speeches", "event_id"): "events",
        ("speeches", "creator_id"): "persons",
    }
    for (key, field), target in references.items():
        named = {popolo_object[field] for popolo_object in document[key] if field in popolo_object}
        assert named <= ids(document, target), (key, field)
    assert all(post.keys() >= {"person_id", "organization_id"} for post in document["memberships"])


def test_the_values_the_records_do_not_hold_are_left_out(db, superuser):
    person = PersonFactory(full_name="Lê Thị Hoa", birth_year=1975, gender="nu")
    organisation = OrganisationFactory(short_name="ĐB")
    post = MembershipFactory(
        person=person, organisation=organisation, title="", start_on="2020-10-15", end_on="2025-06-30"
    )
    source, article = SourceFactory(), SourceFactory(article=True)
    post.sources.add(source)
    person.sources.add(article, source)

    document = document_of(superuser)

    assert popolo_errors(document) == []
    assert by_id(document, "persons", person.uid) == {
        "id": str(person.uid),
        "name": "Lê Thị Hoa",
        "family_name": "Lê",
        "additional_name": "Thị",
        "given_name": "Hoa",
        "gender": "female",
        "birth_date": "1975",
        "sources": [
            {"url": f"urn:uuid:{source.uid}", "note": source.title},
            {"url": article.url, "note": article.title},
        ],
    }
    # An organisation citing nothing has no sources.
    assert "sources" not in by_id(document, "organizations", organisation.uid)
    assert by_id(document, "organizations", organisation.uid)["other_names"] == [
        {"name": "ĐB", "note": "tên viết tắt"}
    ]
    # A source without an address is named by its uid; a post without a title has no label.
    assert by_id(document, "memberships", post.uid) == {
        "id": str(post.uid),
        "person_id": str(person.uid),
        "organization_id": str(organisation.uid),
        "role": "Ủy viên",
        "start_date": "2020-10-15",
        "end_date": "2025-06-30",
        "sources": [{"url": f"urn:uuid:{source.uid}", "note": source.title}],
    }


# The rules can fail ##########################################################

VALID = {
    "persons": {"id": "p", "name": "Lê Thị Hoa", "birth_date": "1975-04"},
    "organizations": {"id": "o", "name": "Đảng bộ", "identifiers": [{"scheme": "s", "identifier": "1"}]},
    "memberships": {"id": "m", "person_id": "p", "organization_id": "o", "start_date": "2025-06-16"},
    "posts": {"id": "q", "label": "Bí thư", "organization_id": "o"},
    "events": {"id": "e", "start_date": "2025-06-16T08:00:00+07:00", "end_date": "2025"},
    "speeches": {"id": "s", "date": "2025-06-16T08:30:00Z", "position": 2},
}
BROKEN = [
    ("persons", {"birth_date": "16/6/2025"}),
    ("persons", {"gender": 1}),
    ("persons", {"nickname": "Hoa"}),
    ("persons", {"sources": [{"note": "không có địa chỉ"}]}),
    ("persons", {"sources": [{"url": "không phải địa chỉ"}]}),
    ("organizations", {"identifiers": [{"scheme": "vn-dvhc-2025"}]}),
    ("organizations", {"identifiers": [{"identifier": 11557}]}),
    ("organizations", {"other_names": [{"note": "tên viết tắt"}]}),
    ("organizations", {"founding_date": "2025-6-1"}),
    ("memberships", {"start_date": "2025-06-16T08:00:00Z"}),
    ("posts", {"other_label": "Bí thư Đảng ủy"}),
    ("events", {"start_date": "2025-06-16T08:00"}),
    ("speeches", {"date": "2025-06-16"}),
    ("speeches", {"position": "2"}),
]


def test_valid_objects_of_every_class_pass():
    assert popolo_errors({key: [value] for key, value in VALID.items()}) == []


@pytest.mark.parametrize(("key", "change"), BROKEN, ids=lambda value: json.dumps(value, ensure_ascii=False))
def test_the_rules_refuse_what_popolo_refuses(key, change):
    assert popolo_errors({key: [{**VALID[key], **change}]}) != []


def test_the_rules_refuse_a_list_popolo_does_not_have():
    assert popolo_errors({"people": []}) != []


# Scope #######################################################################


@pytest.mark.parametrize("place", ["inside", "above", "sibling", "none"])
def test_a_users_document_holds_exactly_what_they_may_see(django_user_model, place):
    world = build_world()
    user = make_user(django_user_model, "viewer", GIVEN[place], world)
    seen = SEES[place]

    document = document_of(user)

    def expected(kind):
        return uids(record for where in seen for record in world[where].get(kind, ()))

    assert popolo_errors(document) == []
    assert ids(document, "persons") == expected("people")
    assert ids(document, "organizations") == expected("organisations")
    assert ids(document, "events") == expected("congresses")
    assert ids(document, "speeches") == expected("speeches")
    organisations = [o for where in seen for o in world[where]["organisations"]]
    assert ids(document, "memberships") == uids(Membership.objects.filter(organisation__in=organisations))


def test_a_parent_outside_the_scope_is_not_named(django_user_model):
    world = build_world()
    user = make_user(django_user_model, "viewer", "A", world)
    party, committee = sorted(world["A"]["organisations"], key=lambda o: o.pk)

    document = document_of(user)

    assert party.parent is not None
    assert "parent_id" not in by_id(document, "organizations", party.uid)
    assert by_id(document, "organizations", committee.uid)["parent_id"] == str(party.uid)


def test_the_sources_are_those_of_the_records_in_scope(django_user_model):
    world = build_world()
    ours, theirs = SourceFactory(article=True), SourceFactory(article=True)
    next(iter(world["A"]["people"])).sources.add(ours)
    next(iter(world["B"]["people"])).sources.add(theirs)
    user = make_user(django_user_model, "viewer", "A", world)

    text = "".join(popolo.popolo_json(user))

    assert ours.url in text
    assert theirs.url not in text


def test_a_visitor_gets_an_empty_document(db):
    build_world()

    assert document_of(AnonymousUser()) == {key: [] for key in LISTS}


# Queries and memory ##########################################################


def add_records(world, count):
    """`count` more people in ward A, each with a post, a speech at a congress of their own, and
    sources, all cited."""
    party = next(o for o in world["A"]["organisations"] if o.parent_id is not None and o.kind == "dang_bo")
    source = Source.objects.order_by("id").first() or SourceFactory(article=True)
    for _ in range(count):
        unit = OrganisationFactory(parent=party, kind="chi_bo")
        post = MembershipFactory(organisation=unit)
        congress = CongressFactory(organisation=unit)
        speech = SpeechFactory(congress=congress, speaker=post.person)
        for record in (unit, post, post.person, congress, speech):
            record.sources.add(source, SourceFactory())


@pytest.mark.parametrize("who", ["superuser", "ward"])
def test_the_document_costs_the_same_queries_for_few_records_or_many(django_user_model, monkeypatch, who):
    # Chunks of three rows: the many records below cross dozens of chunks.
    monkeypatch.setattr(popolo, "CHUNK_SIZE", 3)
    world = build_world()
    if who == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used")
    else:
        user = make_user(django_user_model, "viewer", "A", world)
    add_records(world, 2)
    with CaptureQueriesContext(connection) as few:
        small = json.loads("".join(popolo.popolo_json(user)))
    add_records(world, 40)
    access.forget(user)

    with CaptureQueriesContext(connection) as many:
        large = json.loads("".join(popolo.popolo_json(user)))

    assert len(large["persons"]) >= len(small["persons"]) + 40
    assert popolo_errors(large) == []
    assert len(many) == len(few), [query["sql"][:120] for query in many]
    # The sources, and one for each of the five lists; a ward's user adds the scope's reads: the
    # organisations given, and one query per level of the tree below them (two here). (The
    # test's own transaction stands for the export's.)
    assert len(many) == {"superuser": 6, "ward": 9}[who], [query["sql"][:120] for query in many]


def test_the_document_is_handed_on_in_pieces(django_user_model, monkeypatch):
    monkeypatch.setattr(popolo, "PIECE_SIZE", 500)
    world = build_world()
    add_records(world, 10)

    pieces = list(popolo.popolo_document(access.EVERYTHING))

    assert len(pieces) > 10
    assert max(len(piece) for piece in pieces[:-1]) < 500 + 2000
    assert popolo_errors(json.loads("".join(pieces))) == []


# The command #################################################################


def test_the_command_writes_the_whole_document(article, superuser, tmp_path, capsys):
    out = tmp_path / "popolo.json"

    call_command("export_popolo", str(out))

    assert json.loads(out.read_text(encoding="utf-8")) == document_of(superuser)
    assert capsys.readouterr().out == (
        f"Đã xuất ra “{out}”: 5 người, 10 tổ chức, 8 chức vụ đảm nhiệm, 1 đại hội, 3 bài phát biểu.\n"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["popolo.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_command_writes_a_users_scope(django_user_model, tmp_path):
    world = build_world()
    user = make_user(django_user_model, "viewer", "B", world, username="phuong-b")
    out = tmp_path / "popolo.json"

    call_command("export_popolo", str(out), "--user", "phuong-b")

    assert ids(json.loads(out.read_text(encoding="utf-8")), "persons") == uids(world["B"]["people"])
    assert json.loads(out.read_text(encoding="utf-8")) == document_of(user)


def test_the_command_refuses_an_unknown_user(db, tmp_path):
    with pytest.raises(CommandError, match="Không có người dùng “ai-do”"):
        call_command("export_popolo", str(tmp_path / "popolo.json"), "--user", "ai-do")

    assert list(tmp_path.iterdir()) == []


def test_the_command_says_when_it_cannot_write_and_leaves_nothing(db, tmp_path):
    missing = tmp_path / "khong-co" / "popolo.json"

    with pytest.raises(CommandError, match="Không ghi được tệp"):
        call_command("export_popolo", str(missing))

    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_old_file_and_no_half_file(db, tmp_path, monkeypatch):
    build_world()
    out = tmp_path / "popolo.json"
    out.write_text("cũ", encoding="utf-8")

    def failing(scope, counts=None):
        yield '{"persons":['
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("congress.management.commands.export_popolo.popolo_document", failing)
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        call_command("export_popolo", str(out))

    assert out.read_text(encoding="utf-8") == "cũ"
    assert [path.name for path in tmp_path.iterdir()] == ["popolo.json"]


# One snapshot, no lock ########################################################


def user_given(django_user_model, organisation):
    """A user given one organisation and no role: a database emptied by a test that commits
    (transaction=True) has lost the roles' groups, and the document asks only the scope."""
    user = django_user_model.objects.create_user("phuong", password="not-used")
    AccessScope.objects.create(user=user).organisations.add(organisation)
    return user


def ward_party(world, place="A"):
    return next(o for o in world[place]["organisations"] if o.kind == OrganisationKind.PARTY_ORGANISATION)


def in_transaction():
    if connection.vendor == "postgresql":
        return connection.in_atomic_block
    return connection.connection.in_transaction


@pytest.mark.django_db(transaction=True)
def test_the_document_is_read_in_one_transaction_that_takes_no_write_lock(django_user_model):
    world = build_world()
    user = user_given(django_user_model, ward_party(world))

    with CaptureQueriesContext(connection) as queries:
        document = "".join(popolo.popolo_json(user))

    statements = [query["sql"] for query in queries]
    if connection.vendor == "postgresql":
        assert statements[:2] == ["BEGIN", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"]
        assert statements[-1] == "COMMIT"
    else:
        # Not Django's BEGIN IMMEDIATE, which would make every clerk's save wait for the export.
        assert (statements[0], statements[-1]) == ("BEGIN DEFERRED", "COMMIT")
        assert not any(statement.startswith("BEGIN") for statement in statements[1:])
    assert not any(statement.startswith(("INSERT", "UPDATE", "DELETE")) for statement in statements)
    assert ids(json.loads(document), "persons") == uids(world["A"]["people"])
    assert not in_transaction()


@pytest.mark.django_db(transaction=True)
def test_a_clerk_saves_at_once_while_a_document_is_read_and_the_document_keeps_its_moment(
    shared_database, monkeypatch
):
    monkeypatch.setattr(popolo, "PIECE_SIZE", 100)
    world = build_world()
    committee = next(o for o in world["A"]["organisations"] if o.kind == OrganisationKind.EXECUTIVE_COMMITTEE)
    pieces = popolo.popolo_document(access.EVERYTHING)
    first = next(pieces)
    saved = {}

    def clerk_saves():
        try:
            with transaction.atomic():
                person = Person.objects.create(full_name="Đỗ Văn Mới")
                post = Membership.objects.create(person=person, organisation=committee, role="uy_vien")
                saved["post"] = post
        finally:
            connections.close_all()

    clerk = threading.Thread(target=clerk_saves)
    clerk.start()
    clerk.join(timeout=10)
    alive = clerk.is_alive()
    document = json.loads(first + "".join(pieces))
    clerk.join()

    assert not alive, "the save waited for the export"
    post = saved["post"]
    assert str(post.person.uid) not in ids(document, "persons")
    assert str(post.uid) not in ids(document, "memberships")
    later = json.loads("".join(popolo.popolo_document(access.EVERYTHING)))
    assert {str(post.person.uid), str(post.uid)} <= ids(later, "persons") | ids(later, "memberships")


@pytest.mark.django_db(transaction=True)
def test_a_document_left_half_read_ends_its_transaction(django_user_model, monkeypatch):
    monkeypatch.setattr(popolo, "PIECE_SIZE", 100)
    world = build_world()
    pieces = popolo.popolo_json(user_given(django_user_model, ward_party(world)))

    next(pieces)
    assert in_transaction()
    pieces.close()

    assert not in_transaction()
    # The connection goes on as before: a save is committed at once.
    Person.objects.filter(pk=next(iter(world["A"]["people"])).pk).update(birth_year=1970)
    assert not in_transaction()
