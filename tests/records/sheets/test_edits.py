"""Tests for records.sheets.edits: a confirmation whose rows match or change a record edited after
the preview is refused as a whole, naming the rows, who edited the record and when; edits before
the preview, and the import's own writes, refuse nothing."""

import pytest
from django.db import connection

from records.models import Membership, Person, SheetPreview
from records.sheets import run as sheet_run
from records.sheets.services import sheet_preview_keep
from records.versions import moment_text
from tests.records.sheets.roster import import_roster, member, messages, roster
from tests.sheet_files import database_rows

pytestmark = pytest.mark.django_db

AFTER_PREVIEW = ", sau khi tệp được xem trước. Không có gì được ghi; hãy tải tệp lên lại để xem trước."


def three_members(title_of_binh="Ủy viên Ban Chấp hành"):
    return roster(
        member("Nguyễn Văn An", 1970),
        member("Trần Thị Bình", 1975, title=title_of_binh),
        member("Lê Văn Cường", 1968),
    )


def previewed(content):
    """A preview kept as the admin keeps one, for a confirmation to claim."""
    return sheet_preview_keep(report=import_roster(content, dry_run=True), data=content)


def edit(record, user=None, **values):
    """Someone's save of a record, with its history row, as the admin writes it."""
    for name, value in values.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()
    return moment_text(record.history.latest("history_id").history_date)


@pytest.fixture
def lan(django_user_model):
    return django_user_model.objects.create_user("lan", first_name="Trần Thị", last_name="Lan")


def test_a_record_edited_after_the_preview_refuses_the_file_naming_its_row(committee, lan):
    import_roster(three_members())
    # The file renames Bình's title: the preview says row 3 changes it.
    content = three_members(title_of_binh="Phó Bí thư")
    kept = previewed(content)
    assert kept.counts == (0, 1, 2)
    # Meanwhile Lan corrects the same post's title by hand; the file would overwrite it, and
    # its counts would stay those of the preview (row 3 still changes its post).
    binh = Membership.objects.get(person__full_name="Trần Thị Bình")
    edited_at = edit(binh, lan, title="Ủy viên Ban Thường vụ")
    before = database_rows()

    refused = import_roster(content, preview=kept)

    binh.refresh_from_db()
    assert messages(refused) == [
        f"Dòng 3: Chức vụ đảm nhiệm “{binh}” đã được Trần Thị Lan sửa lúc {edited_at}{AFTER_PREVIEW}"
    ]
    assert (refused.created, refused.changed, refused.unchanged) == (0, 1, 2)
    assert database_rows() == before
    binh.refresh_from_db()
    assert binh.title == "Ủy viên Ban Thường vụ"
    kept.refresh_from_db()
    assert kept.claimed_at is None


def test_a_person_the_rows_name_edited_after_the_preview_refuses_every_row_naming_them(committee, lan):
    content = roster(
        member("Nguyễn Văn An", 1970, role="Bí thư", title="Bí thư Đảng ủy"),
        member("Trần Thị Bình", 1975),
        member("Nguyễn Văn An", 1970),
    )
    import_roster(roster(member("Nguyễn Văn An", 1970, role="Bí thư", title="Bí thư Đảng ủy")))
    kept = previewed(content)
    an = Person.objects.get(full_name="Nguyễn Văn An")
    edited_at = edit(an, lan, note="Đã xác minh lý lịch")

    refused = import_roster(content, preview=kept)

    said = f"Người “Nguyễn Văn An (1970)” đã được Trần Thị Lan sửa lúc {edited_at}{AFTER_PREVIEW}"
    assert messages(refused) == [f"Dòng 2: {said}", f"Dòng 4: {said}"]
    assert Membership.objects.count() == 1


def test_an_edit_by_nobody_known_is_said_so(committee):
    import_roster(three_members())
    content = three_members()
    kept = previewed(content)
    edited_at = edit(Person.objects.get(full_name="Lê Văn Cường"), gender="nam")

    refused = import_roster(content, preview=kept)

    assert messages(refused) == [
        f"Dòng 4: Người “Lê Văn Cường (1968)” đã được sửa lúc {edited_at} (không rõ ai){AFTER_PREVIEW}"
    ]


def test_a_record_made_after_the_preview_that_a_row_now_matches_is_named_as_added(committee):
    content = three_members()
    kept = previewed(content)
    # Meanwhile the same file is imported from the command line: every row now finds its post.
    import_roster(three_members(), file_name="ban-khac.xlsx")

    refused = import_roster(content, preview=kept)

    # Each row's person and post, both added after the preview.
    assert [error.row for error in refused.errors] == [2, 2, 3, 3, 4, 4]
    an = Person.objects.get(full_name="Nguyễn Văn An")
    added_at = moment_text(an.history.get().history_date)
    assert messages(refused)[0] == (
        f"Dòng 2: Người “Nguyễn Văn An (1970)” đã được thêm lúc {added_at} (không rõ ai){AFTER_PREVIEW}"
    )
    assert messages(refused)[1].startswith("Dòng 2: Chức vụ đảm nhiệm “Nguyễn Văn An: Ủy viên Ban Chấp hành")


def test_edits_before_the_preview_refuse_nothing(committee, lan):
    import_roster(three_members())
    edit(Membership.objects.get(person__full_name="Trần Thị Bình"), lan, note="Sửa trước khi xem trước")
    content = three_members(title_of_binh="Phó Bí thư")
    kept = previewed(content)

    written = import_roster(content, preview=kept)

    assert not written.errors
    assert Membership.objects.get(person__full_name="Trần Thị Bình").title == "Phó Bí thư"


def test_the_imports_own_writes_in_earlier_chunks_refuse_nothing(committee, monkeypatch):
    # A person made by the first chunk is found again by the second: a write of this import.
    monkeypatch.setattr(sheet_run, "CHUNK_ROWS", 1)
    content = roster(
        member("Nguyễn Văn An", 1970, role="Bí thư", title="Bí thư Đảng ủy"),
        member("Nguyễn Văn An", 1970),
    )
    kept = previewed(content)

    written = import_roster(content, preview=kept)

    assert not written.errors
    assert (written.created, Person.objects.count(), Membership.objects.count()) == (2, 1, 2)


def test_a_preview_remembers_when_it_read_the_records(committee):
    content = three_members()
    report = import_roster(content, dry_run=True)

    kept = sheet_preview_keep(report=report, data=content)

    assert kept.read_at == report.read_at is not None
    assert kept.read_at <= kept.created_at
    assert SheetPreview.objects.get().records_read_at == report.read_at


def test_a_confirmation_asks_the_history_once_per_model_a_chunk(committee):
    import_roster(three_members())
    content = three_members(title_of_binh="Phó Bí thư")
    kept = previewed(content)
    asked = []

    def record(execute, sql, params, many, context):
        if "historical" in sql and "history_date" in sql and "WHERE" in sql and " > " in sql:
            asked.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        import_roster(content, preview=kept)

    # The posts the rows describe and the people they name.
    assert len(asked) == 2
