"""Backup and restore (congress.site.backup): the article's records and generated ones, with their history
and the accounts, written out, the database emptied, and read back the same, page for page."""

import gzip
import json
import re
import stat

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from congress.models import Task
from congress.site import urls as site_urls
from congress.site.backup import backed_up_models, keeps_primary_key
from records.models import (
    AccessScope,
    AdministrativeUnit,
    LegalDocument,
    Membership,
    Organisation,
    Person,
    Source,
)
from records.models.sources import SourceKind
from tests.congress.factories import (
    AttendanceFactory,
    CongressFactory,
    IndicatorFactory,
    SpeechFactory,
    TaskFactory,
)
from tests.records.factories import (
    FigureFactory,
    LegalDocumentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SourceFactory,
    UnitSuccessionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Every list page of the site; a page of each kind of record is added from the data.
LIST_PAGES = [
    reverse(pattern.name)
    for pattern in site_urls.urlpatterns
    if isinstance(pattern, URLPattern) and str(pattern.name).endswith("-list")
]


@pytest.fixture
def records(article, django_user_model):
    """The article's records, a few dozen generated ones, edits with their history, and accounts."""
    admin = django_user_model.objects.create_superuser("quan-tri", "quan-tri@example.invalid", "mật-khẩu-1")
    clerk = django_user_model.objects.create_user("can-bo", password="mật-khẩu-2", first_name="Thu")
    office = Group.objects.create(name="Văn phòng Đảng ủy phường")
    office.permissions.set(Permission.objects.filter(codename__in=["view_person", "import_person"]))
    clerk.groups.add(office)
    # A clerk's scope, whose changes have a history of their own, links included.
    scope = AccessScope.objects.create(user=clerk)
    scope.organisations.add(Organisation.objects.get(name="Đảng bộ phường Thiên Hương"))

    source = SourceFactory(kind=SourceKind.MANUAL, title="Lý lịch đảng viên", recorded_by=clerk)
    people = PersonFactory.create_batch(12, birth_year=1980)
    for person in people:
        person.sources.add(source)
    MembershipFactory.create_batch(6)
    congress = CongressFactory()
    AttendanceFactory.create_batch(5, congress=congress)
    SpeechFactory.create_batch(3, congress=congress, order=None)
    IndicatorFactory.create_batch(4, congress=congress)
    TaskFactory.create_batch(3, congress=congress, six_clear=True)
    FigureFactory.create_batch(2)
    UnitSuccessionFactory.create_batch(2)
    document = LegalDocumentFactory()
    # References that point forward, to rows saved after the rows that name them.
    child = OrganisationFactory(name="Chi bộ Tổ dân phố số 1")
    parent = OrganisationFactory(name="Đảng bộ phường Tân Hòa")
    child.parent = parent
    child.save()
    unit = AdministrativeUnit.objects.order_by("pk").first()
    unit.established_by = document
    unit.save()

    # History: edits by a user with a reason, and a person deleted with their memberships.
    person = people[0]
    person._history_user = clerk
    person.birth_year = 1981
    person._change_reason = "Sửa năm sinh theo lý lịch"
    person.save()
    task = Task.objects.filter(congress=congress).first()
    task._history_user = admin
    task.deliverable = "Báo cáo kết quả"
    task.save()
    gone = MembershipFactory(person=PersonFactory(full_name="Đỗ Văn Khoa")).person
    gone._history_user = admin
    gone.delete()
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message="Sửa năm sinh",
    )
    return admin


def natural(model, pk):
    """A row named by its natural key where it has one (a user by name, a permission by codename)."""
    if pk is None or not hasattr(model, "natural_key"):
        return pk
    return model._default_manager.get(pk=pk).natural_key()


def snapshot():
    """Every row of every model a backup holds, with its many-to-many links.

    Rows that keep their primary key are compared with it; users and groups, matched by name
    on restore, and content types and permissions, made anew by migrate, by natural key.
    """
    kept = {model for model in backed_up_models() if keeps_primary_key(model)}
    tables = {}
    for model in backed_up_models():
        rows = []
        for row in model._default_manager.order_by("pk"):
            values = {}
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if field.primary_key and model not in kept:
                    continue
                if field.remote_field and field.related_model not in kept:
                    value = natural(field.related_model, value)
                values[field.attname] = value
            for field in model._meta.many_to_many:
                links = getattr(row, field.name).values_list("pk", flat=True)
                target = field.related_model
                values[field.name] = sorted(
                    str(pk if target in kept else natural(target, pk)) for pk in links
                )
            rows.append(values)
        if model not in kept:
            rows.sort(key=repr)
        tables[model._meta.label] = rows
    return tables


def pages(client, user):
    """The read pages as a logged-in user sees them, less what differs on every request."""
    client.force_login(user)
    records = [
        model._default_manager.order_by("pk").first()
        for model in backed_up_models()
        if hasattr(model, "get_absolute_url")
    ]
    urls = [
        "/",
        *LIST_PAGES,
        "/people/?q=nguyen",
        *[record.get_absolute_url() for record in records if record],
    ]
    assert len(urls) >= 18  # home, search, 8 lists, 8 kinds of record
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        html = re.sub(r"In lúc [^<]+ từ", "In lúc … từ", html)
        answers[url] = html
    return answers


@pytest.mark.parametrize("name", ["ho-so.json", "ho-so.json.gz"])
def test_a_restored_database_holds_the_same_rows_and_answers_the_same_pages(
    records, client, django_user_model, tmp_path, name
):
    pages_before = pages(client, records)
    before = snapshot()
    assert sum(map(len, before.values())) > 150
    assert before["records.HistoricalPerson"] and before["records.HistoricalAccessScope_organisations"]
    assert before["admin.LogEntry"]
    path = tmp_path / name

    call_command("backup", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert Person.objects.count() == 0
    call_command("restore", str(path), verbosity=0)

    after = snapshot()
    assert {label: len(rows) for label, rows in after.items()} == {
        label: len(rows) for label, rows in before.items()
    }
    for label in before:
        assert after[label] == before[label], label
    # Last: logging in is itself recorded.
    assert pages(client, django_user_model.objects.get(username="quan-tri")) == pages_before


def test_history_keeps_its_records_users_and_reasons(records, tmp_path):
    path = tmp_path / "ho-so.json"
    # Written with the edit (seen missing after a restore once, on PostgreSQL in a full run: this
    # tells a snapshot never written from one the backup or the restore lost).
    edit = Person.history.get(history_change_reason="Sửa năm sinh theo lý lịch")
    assert list(edit.sources.values_list("source__title", flat=True)) == ["Lý lịch đảng viên"]
    call_command("backup", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(path), verbosity=0)

    edit = Person.history.get(history_change_reason="Sửa năm sinh theo lý lịch")
    assert edit.history_user.username == "can-bo"
    assert edit.instance.birth_year == 1981
    # Added, given a source, edited: with the source in the history of the edit.
    assert Person.objects.get(pk=edit.id).history.count() == 3
    assert list(edit.sources.values_list("source__title", flat=True)) == ["Lý lịch đảng viên"]
    # The deleted person's history is still there, under the key the person had.
    deleted = Person.history.get(history_type="-")
    assert deleted.full_name == "Đỗ Văn Khoa"
    assert not Person.objects.filter(pk=deleted.id).exists()
    assert deleted.history_user.username == "quan-tri"
    # The key of the deleted person, the last one given, is not given again.
    assert Person.objects.create(full_name="Ngô Thị Lan").pk > deleted.id
    clerk = Group.objects.get(name="Văn phòng Đảng ủy phường").user_set.get()
    assert clerk.has_perm("records.import_person")
    assert clerk.check_password("mật-khẩu-2")
    assert Source.objects.get(title="Lý lịch đảng viên").recorded_by == clerk


def test_the_file_is_json_one_object_a_line_readable_by_its_owner_only(records, tmp_path):
    path = tmp_path / "ho-so.json.gz"

    call_command("backup", str(path), verbosity=0)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with gzip.open(path, "rt", encoding="utf-8") as file:
        lines = file.read().splitlines()
    objects = json.loads("\n".join(lines))
    assert len(objects) == len(lines) - 2
    people = [item for item in objects if item["model"] == "records.person"]
    assert all(re.fullmatch(r"[0-9a-f-]{36}", item["fields"]["uid"]) for item in people)
    membership = next(item for item in objects if item["model"] == "records.membership")
    assert membership["fields"]["person"] == [str(Membership.objects.get(pk=membership["pk"]).person.uid)]
    group = next(item for item in objects if item["fields"].get("name") == "Văn phòng Đảng ủy phường")
    assert "pk" not in group and ["import_person", "records", "person"] in group["fields"]["permissions"]
    edit = next(item for item in objects if item["fields"].get("history_change_reason"))
    assert edit["fields"]["history_user"] == ["can-bo"]
    # Times to the microsecond, not rounded to milliseconds as dumpdata does.
    assert re.fullmatch(r"\S+T\S+\.\d{6}\+00:00", edit["fields"]["history_date"])


def test_the_backup_reads_a_chunk_at_a_time_whatever_the_number_of_rows(records, tmp_path):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            call_command("backup", str(tmp_path / "ho-so.json"), verbosity=0)
        return len(captured)

    before = queries()
    source = Source.objects.first()
    for person in PersonFactory.create_batch(40):
        person.sources.add(source)
        MembershipFactory(person=person, organisation=Organisation.objects.first())

    assert queries() == before


def test_the_restore_writes_a_batch_at_a_time_whatever_the_number_of_rows(records, tmp_path):
    def queries():
        path = tmp_path / "ho-so.json"
        call_command("backup", str(path), verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        with CaptureQueriesContext(connection) as captured:
            call_command("restore", str(path), verbosity=0)
        return len(captured)

    before = queries()
    source = Source.objects.first()
    for person in PersonFactory.create_batch(40):
        person.sources.add(source)
        MembershipFactory(person=person, organisation=Organisation.objects.first())

    # Over 300 rows more: people, posts, citations, history rows; SQLite takes 999 values a
    # statement, so a table of history may need another statement or two.
    assert queries() <= before + 5


def test_restore_refuses_a_database_that_has_records(records, tmp_path):
    path = tmp_path / "ho-so.json"
    call_command("backup", str(path), verbosity=0)
    count = Person.objects.count()

    with pytest.raises(CommandError, match="Cơ sở dữ liệu đã có dữ liệu.*Không có gì được ghi"):
        call_command("restore", str(path), verbosity=0)

    assert Person.objects.count() == count


def test_a_damaged_backup_writes_nothing(records, tmp_path):
    path = tmp_path / "ho-so.json"
    call_command("backup", str(path), verbosity=0)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join(lines[: len(lines) * 2 // 3]) + '\n{"model": "records.person", "fie', encoding="utf-8"
    )
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match="không đọc được"):
        call_command("restore", str(path), verbosity=0)

    assert Person.objects.count() == 0 and LegalDocument.objects.count() == 0


def test_a_cut_off_compressed_backup_is_reported_and_writes_nothing(records, tmp_path):
    path = tmp_path / "ho-so.json.gz"
    call_command("backup", str(path), verbosity=0)
    content = path.read_bytes()
    path.write_bytes(content[: len(content) * 2 // 3])
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match="bị cắt cụt hoặc hỏng sau dòng [0-9]+.*Không có gì được ghi"):
        call_command("restore", str(path), verbosity=0)

    assert Person.objects.count() == 0 and LegalDocument.objects.count() == 0
