"""Tests for the import_sheet and export_sheet commands: the same imports and exports on the command line."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from congress.models import Congress, Task
from records import access
from records.models import AccessScope, Membership, Organisation, Person, Source
from records.models.organisations import OrganisationKind
from tests.records.factories import OrganisationFactory
from tests.sheet_files import HEADERS as SHEET_HEADERS
from tests.sheet_files import cells, csv_file, database_rows, xlsx

COMMITTEE = "Ban Chấp hành Đảng bộ phường Thiên Hương"
HEADERS = ["Họ và tên", "Năm sinh", "Tổ chức", "Chức vụ", "Chức danh"]


@pytest.fixture
def roster(article, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(
        xlsx(
            HEADERS,
            ["Vương Toàn Thu Thủy", 1975, COMMITTEE, "Bí thư", "Bí thư Đảng ủy"],
            ["Nguyễn Công Diễn", "", "Đảng ủy phường Thiên Hương", "Phó Bí thư", "Phó Bí thư Đảng ủy phường"],
            ["Tô Lâm", "", "Bộ Chính trị", "Bí thư", "Tổng Bí thư"],
        )
    )
    return path


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(*args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_a_dry_run_prints_what_would_change_and_writes_nothing(roster):
    before = database_rows()

    output, _ = run("import_sheet", "memberships", str(roster), "--dry-run")

    # Row 2's new post also fills in a birth year on record: a change said, old value → new.
    assert output.splitlines() == [
        "Tệp “roster.xlsx” (chức vụ đảm nhiệm): 1 mới, 1 thay đổi, 1 không đổi; cập nhật 2 bản ghi đã có.",
        "  Dòng 2, Vương Toàn Thu Thủy (không rõ năm sinh) – Năm sinh: (trống) → 1975",
        "  Dòng 3, Nguyễn Công Diễn: Phó Bí thư Đảng ủy phường (Đảng ủy phường Thiên Hương) – Chức danh: "
        "Phó Bí thư Đảng ủy → Phó Bí thư Đảng ủy phường",
        f"  Dòng 2 – mới: Vương Toàn Thu Thủy, 1975, {COMMITTEE}, Bí thư, Bí thư Đảng ủy",
        "  Dòng 3 – thay đổi: Chức danh “Phó Bí thư Đảng ủy phường”",
        "Chạy thử: không ghi gì vào cơ sở dữ liệu.",
    ]
    assert database_rows() == before


def test_an_import_writes_the_rows_and_records_who_imported_them(roster, django_user_model):
    # A superuser: the roster names the Politburo, above any ward's scope.
    clerk = django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "not-used")

    output, _ = run("import_sheet", "memberships", str(roster), "--user", "clerk")

    source = Source.objects.get(file_name="roster.xlsx")
    assert output.splitlines()[-1] == f"Đã ghi; các dòng ghi được dẫn nguồn “{source.title}”."
    assert (source.recorded_by, source.rows_created, source.rows_changed, source.rows_unchanged) == (
        clerk,
        1,
        1,
        1,
    )
    assert Membership.objects.get(organisation__name=COMMITTEE).person.birth_year == 1975

    again, _ = run("import_sheet", "memberships", str(roster))

    assert again.splitlines() == [
        "Tệp “roster.xlsx” (chức vụ đảm nhiệm): 0 mới, 0 thay đổi, 3 không đổi.",
        "Không có gì thay đổi; không ghi gì.",
    ]


def test_a_refused_file_prints_every_error_and_exits_non_zero(article, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(
        csv_file(HEADERS, ["Phạm Thị Hà", "1985", "Chi bộ 9", "Ủy viên", ""], ["", "", COMMITTEE, "", ""])
    )
    before = database_rows()
    stderr = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("import_sheet", "memberships", str(path), stderr=stderr)

    # manage.py prints a CommandError and exits with its return code.
    assert (str(refused.value), refused.value.returncode) == (
        "Tệp “roster.csv” bị từ chối (3 lỗi); không ghi gì.",
        1,
    )
    assert stderr.getvalue().splitlines() == [
        "Dòng 2, cột “Tổ chức”, giá trị “Chi bộ 9”: Không có tổ chức “Chi bộ 9” trong hồ sơ.",
        "Dòng 3, cột “Họ và tên”: Ô này không được để trống.",
        "Dòng 3, cột “Chức vụ”: Ô này không được để trống.",
    ]
    assert database_rows() == before


@pytest.fixture
def wards(db, django_user_model):
    """Wards A and B with their committees, and a clerk given ward A."""
    for ward in ("A", "B"):
        party = OrganisationFactory(name=f"Đảng bộ phường Tân Hòa {ward}")
        OrganisationFactory(
            name=f"Ban Chấp hành Đảng bộ phường Tân Hòa {ward}",
            kind=OrganisationKind.EXECUTIVE_COMMITTEE,
            parent=party,
        )
    clerk = django_user_model.objects.create_user("clerk_of_ward_A")
    clerk.groups.add(Group.objects.get(name=access.CLERK))
    AccessScope.objects.create(user=clerk).organisations.add(
        Organisation.objects.get(name="Đảng bộ phường Tân Hòa A")
    )
    return clerk


def test_an_import_for_a_user_is_held_to_their_scope(wards, tmp_path):
    path = tmp_path / "bch.xlsx"
    path.write_bytes(
        xlsx(
            HEADERS,
            ["Phạm Thị Hà", 1985, "Ban Chấp hành Đảng bộ phường Tân Hòa A", "Ủy viên", ""],
            ["Lê Văn Cường", 1979, "Ban Chấp hành Đảng bộ phường Tân Hòa B", "Ủy viên", ""],
        )
    )
    before = database_rows()
    stderr = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("import_sheet", "memberships", str(path), "--user", "clerk_of_ward_A", stderr=stderr)

    assert (str(refused.value), refused.value.returncode) == (
        "Tệp “bch.xlsx” bị từ chối (1 lỗi); không ghi gì.",
        1,
    )
    (error,) = stderr.getvalue().splitlines()
    assert error.startswith("Dòng 3, cột “Tổ chức”, giá trị “Ban Chấp hành Đảng bộ phường Tân Hòa B”: ")
    assert database_rows() == before


def test_an_import_for_a_superuser_or_for_nobody_is_not_scoped(wards, tmp_path, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.invalid", "not-used")
    committee_b = "Ban Chấp hành Đảng bộ phường Tân Hòa B"
    for name, user in (("Lê Văn Cường", ["--user", "root"]), ("Trần Thị Lan", [])):
        path = tmp_path / "bch.xlsx"
        path.write_bytes(xlsx(HEADERS, [name, 1979, committee_b, "Ủy viên", ""]))

        run("import_sheet", "memberships", str(path), *user)

        assert Membership.objects.filter(person__full_name=name, organisation__name=committee_b).exists()


def test_a_list_of_one_congress_is_imported_into_the_congress_given(article, tmp_path):
    path = tmp_path / "dai-bieu.xlsx"
    path.write_bytes(xlsx(["Họ và tên", "Tư cách"], ["Phạm Thị Hà", "Đại biểu chính thức"]))
    congress = Congress.objects.get()

    with pytest.raises(
        CommandError, match="Loại “attendance” được nhập vào một đại hội: hãy cho biết --congress MÃ."
    ):
        run("import_sheet", "attendance", str(path))
    with pytest.raises(CommandError, match="Không có đại hội mã 999."):
        run("import_sheet", "attendance", str(path), "--congress", "999")
    with pytest.raises(CommandError, match="Bảng tính “memberships” không thuộc một đại hội nào."):
        run("import_sheet", "memberships", str(path), "--congress", str(congress.pk))
    run("import_sheet", "attendance", str(path), "--congress", str(congress.pk))

    assert congress.attendances.filter(person__full_name="Phạm Thị Hà").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["memberships", "/khong/co/tep.xlsx"],
            "Không mở được tệp “/khong/co/tep.xlsx”: No such file or directory.",
        ),
        (["memberships", "roster.xlsx", "--user", "ai-do"], "Không có người dùng “ai-do”."),
    ],
)
def test_a_missing_file_or_user_is_refused(article, args, message):
    with pytest.raises(CommandError, match=message):
        run("import_sheet", *args)


def test_an_export_writes_every_record_in_the_format_asked(article, tmp_path):
    path = tmp_path / "chuc-vu.xlsx"

    output, _ = run("export_sheet", "memberships", str(path))
    run("export_sheet", "memberships", str(tmp_path / "chuc-vu.txt"), "--format", "csv")

    assert output == f"Đã xuất 8 dòng (chức vụ đảm nhiệm) ra “{path}”.\n"
    rows = cells(path.read_bytes())
    assert rows[0] == SHEET_HEADERS["memberships"]
    assert len(rows) == 9
    assert (tmp_path / "chuc-vu.txt").read_bytes().startswith("\ufeffHọ và tên,".encode())


def test_an_export_of_one_congress_holds_its_records_only(article, tmp_path):
    congress = Congress.objects.get()
    other = Congress.objects.create(
        organisation=congress.directing_body, ordinal=1, term_start=2025, term_end=2030
    )
    Task.objects.create(congress=other, content="Việc của đại hội khác")

    run("export_sheet", "tasks", str(tmp_path / "nhiem-vu.csv"), "--congress", str(congress.pk))

    rows = cells((tmp_path / "nhiem-vu.csv").read_bytes())
    assert len(rows) == 1 + congress.tasks.count()
    assert "Việc của đại hội khác" not in [row[0] for row in rows]


def test_an_import_asked_for_its_progress_prints_it_on_stderr_per_chunk(roster, monkeypatch):
    monkeypatch.setattr("records.sheets.run.CHUNK_ROWS", 2)

    output, progress = run("import_sheet", "memberships", str(roster), "--progress")

    # Two rows (one new, one changed: both written), then the third, unchanged.
    assert progress.splitlines() == [
        "Đã đọc 2, đã kiểm tra 2, đã ghi 2 dòng",
        "Đã đọc 3, đã kiểm tra 3, đã ghi 2 dòng",
    ]
    assert output.startswith("Tệp “roster.xlsx” (chức vụ đảm nhiệm): 1 mới, 1 thay đổi, 1 không đổi;")
    _, dry = run("import_sheet", "memberships", str(roster), "--progress", "--dry-run")
    assert dry.splitlines()[-1] == "Đã đọc 3, đã kiểm tra 3 dòng"


def test_an_import_prints_no_progress_to_a_log_unless_asked(roster):
    _, progress = run("import_sheet", "memberships", str(roster), "--dry-run")

    assert progress == ""


# Possible duplicates (records.sheets.choices) ##############################

DIEN = "b12caa36-9304-504d-bd35-0b7bc755e3b5"


def flagged_roster(tmp_path, *extra, headers=HEADERS):
    path = tmp_path / "bch.xlsx"
    path.write_bytes(
        xlsx(headers, ["Nguyen Cong Dien", "", COMMITTEE, "Phó Bí thư", "", *extra])
    )
    return path


def test_a_possible_duplicate_refuses_the_file_naming_the_row_and_the_candidates(article, tmp_path):
    path = flagged_roster(tmp_path)
    with pytest.raises(CommandError, match="bị từ chối"):
        run("import_sheet", "memberships", str(path))
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_sheet", "memberships", str(path), stdout=io.StringIO(), stderr=stderr)
    lines = stderr.getvalue().splitlines()
    assert lines[0].startswith(
        "Dòng 2, cột “Họ và tên”, giá trị “Nguyen Cong Dien”: Có thể trùng với: "
        f"Nguyễn Công Diễn (không rõ năm sinh) (mã {DIEN})."
    )
    assert "--new-records" in lines[-1] and "“Mã người”" in lines[-1]
    assert Person.objects.filter(search_key="nguyen cong dien").count() == 1


def test_an_option_says_the_flagged_rows_are_new_people(article, tmp_path):
    output, _ = run("import_sheet", "memberships", str(flagged_roster(tmp_path)), "--new-records")
    assert "1 mới" in output
    assert Person.objects.filter(search_key="nguyen cong dien").count() == 2


def test_a_code_column_says_which_person_a_flagged_row_means(article, tmp_path):
    path = flagged_roster(tmp_path, DIEN, headers=[*HEADERS, "Mã người"])
    output, _ = run("import_sheet", "memberships", str(path))
    assert "1 mới" in output
    assert Person.objects.filter(search_key="nguyen cong dien").count() == 1
    assert Membership.objects.filter(person__uid=DIEN, organisation__name=COMMITTEE).exists()


def flagged_organisations(tmp_path, *extra, headers=("Tên", "Loại tổ chức", "Trực thuộc")):
    path = tmp_path / "to-chuc.xlsx"
    row = ["Dang uy phuong Thien Huong", "Cấp ủy (Đảng ủy, Thành ủy, Tỉnh ủy)", "Đảng bộ phường Thiên Hương"]
    path.write_bytes(xlsx(list(headers), [*row, *extra]))
    return path


def namesake_organisations():
    return Organisation.objects.filter(search_key="dang uy phuong thien huong").count()


def test_a_possible_duplicate_organisation_refuses_the_file_naming_the_row_and_the_candidates(article, tmp_path):
    party_committee = Organisation.objects.get(name="Đảng ủy phường Thiên Hương")
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="bị từ chối"):
        call_command(
            "import_sheet", "organisations", str(flagged_organisations(tmp_path)), stdout=io.StringIO(), stderr=stderr
        )
    lines = stderr.getvalue().splitlines()
    assert lines[0] == (
        "Dòng 2, cột “Tên”, giá trị “Dang uy phuong Thien Huong”: Có thể trùng với: Đảng ủy phường Thiên Hương "
        f"(trực thuộc Đảng bộ phường Thiên Hương) (mã {party_committee.uid}). Nếu là cùng tổ chức, ghi mã của bản "
        "ghi đó vào cột “Mã”; nếu là tổ chức khác, ghi “mới”."
    )
    assert "--new-records" in lines[-1] and "“Mã”" in lines[-1]
    assert namesake_organisations() == 1


def test_an_option_says_the_flagged_organisations_are_new(article, tmp_path):
    output, _ = run("import_sheet", "organisations", str(flagged_organisations(tmp_path)), "--new-records")
    assert "1 mới" in output
    assert namesake_organisations() == 2


def test_a_code_column_says_which_organisation_a_flagged_row_means_on_the_command_line(article, tmp_path):
    party_committee = Organisation.objects.get(name="Đảng ủy phường Thiên Hương")
    path = flagged_organisations(
        tmp_path, str(party_committee.uid), headers=("Tên", "Loại tổ chức", "Trực thuộc", "Mã")
    )
    output, _ = run("import_sheet", "organisations", str(path))
    assert output.splitlines()[0] == "Tệp “to-chuc.xlsx” (tổ chức): 0 mới, 0 thay đổi, 1 không đổi."
    assert namesake_organisations() == 1
