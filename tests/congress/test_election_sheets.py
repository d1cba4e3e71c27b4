"""Tests for congress.election_sheets: an election's results and a congress's bodies, as sheets.

The election of the factories has 186 delegates convened (the base), 183 valid ballots and 27
seats; a candidate needs more than 93 votes. Rows are numbered as the spreadsheet numbers them.
"""

import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.election_sheets import ElectionResultResource
from congress.models import Candidate, CongressBodyKind, CongressBodyMember
from records.models import Membership, Person
from records.sheets.services import sheet_import
from tests.congress.factories import (
    CandidateFactory,
    CongressBodyFactory,
    CongressBodyMemberFactory,
    CongressFactory,
    ElectionFactory,
)
from tests.records.factories import PersonFactory
from tests.sheet_files import cells, database_rows, export, xlsx

RESULT_HEADERS = ["Họ và tên", "Năm sinh", "Số phiếu", "Tỷ lệ", "Trúng cử"]
BODY_HEADERS = ["Họ và tên", "Năm sinh", "Cơ quan", "Chức danh"]


@pytest.fixture
def election(db):
    return ElectionFactory()


def import_sheet(kind, *rows, into=None, dry_run=False):
    return sheet_import(kind=kind, data=xlsx(*rows), file_name=f"{kind}.xlsx", congress=into, dry_run=dry_run)


def messages(report):
    return [str(error) for error in report.errors]


# Election results ##########################################################


def test_an_elections_results_are_imported_and_the_elected_become_members(election):
    rows = [
        RESULT_HEADERS,
        ["Vương Toàn Thu Thủy", 1975, 180, "96,77%", "x"],
        ["Phạm Thị Hà", "1985", "178", "95.7", "Trúng cử"],
        ["Lê Văn Cường", "", "90", "48,39 %", ""],
        ["Trần Văn Bình", "1968", "120", "", "có"],
    ]

    report = import_sheet("election-results", *rows, into=election)

    assert messages(report) == []
    assert (report.created, report.changed, report.unchanged) == (4, 0, 0)
    assert [(c.person.full_name, c.votes, c.elected) for c in election.candidates.all()] == [
        ("Vương Toàn Thu Thủy", 180, True),
        ("Phạm Thị Hà", 178, True),
        ("Trần Văn Bình", 120, True),
        ("Lê Văn Cường", 90, False),
    ]
    posts = Membership.objects.filter(organisation=election.body).order_by("person__sort_key")
    elected = ["Phạm Thị Hà", "Trần Văn Bình", "Vương Toàn Thu Thủy"]
    assert sorted(post.person.full_name for post in posts) == elected
    assert all(report.source in post.sources.all() for post in posts)
    assert all(candidate.membership_id for candidate in election.candidates.filter(elected=True))

    again = import_sheet("election-results", *rows, into=election)

    assert (again.created, again.changed, again.unchanged) == (0, 0, 4)
    assert Membership.objects.filter(organisation=election.body).count() == 3


@pytest.mark.parametrize(
    ("typed", "refused"),
    [("95,70 %", False), ("95,65", False), ("95.75", False), ("95,6", True), ("95.8%", True)],
)
def test_the_percentage_is_checked_against_votes_over_the_base(election, typed, refused):
    # 178 of the 186 delegates convened is 95,70 %: 0,05 points either way is how tally sheets round.
    before = database_rows()

    row = ["Phạm Thị Hà", "1985", 178, typed, "x"]

    report = import_sheet("election-results", RESULT_HEADERS, row, into=election)

    if refused:
        shown = typed.replace(".", ",").removesuffix("%")
        assert messages(report) == [
            f"Dòng 2, cột “Tỷ lệ”, giá trị “{typed}”: Tỷ lệ ghi {shown} % nhưng 178 phiếu trên 186 "
            "(số đại biểu chính thức được triệu tập) là 95,70 %: chênh quá 0,05 điểm phần trăm."
        ]
        assert database_rows() == before
    else:
        assert messages(report) == []
        assert Candidate.objects.get().percentage == Decimal("95.70")


def test_the_percentage_of_the_valid_ballots_when_the_election_says_so(db):
    election = ElectionFactory(percentage_base="phieu_hop_le")

    row = ["Phạm Thị Hà", "", 178, "97,27%", "x"]

    report = import_sheet("election-results", RESULT_HEADERS, row, into=election)

    assert messages(report) == []


def test_rows_breaking_the_elections_rules_are_refused_naming_row_column_and_value(election):
    PersonFactory(full_name="Phạm Thị Hà", birth_year=1985)
    before = database_rows()

    report = import_sheet(
        "election-results",
        RESULT_HEADERS,
        ["Phạm Thị Hà", "1985", "190", "", "x"],
        ["Lê Văn Cường", "1970", "90", "", "x"],
        ["Trần Văn Bình", "1968", "120", "", "chắc là"],
        ["Đỗ Minh Khoa", "1971", "9,5", "", ""],
        into=election,
    )

    assert messages(report) == [
        "Dòng 2, cột “Số phiếu”, giá trị “190”: Số phiếu của Phạm Thị Hà (190) nhiều hơn số phiếu hợp lệ "
        "(183).",
        "Dòng 3, cột “Trúng cử”, giá trị “x”: người ứng cử được đánh dấu trúng cử nhưng chỉ đạt 90 phiếu, "
        "bằng 48,39 % số đại biểu chính thức được triệu tập (186): phải trên 50 %.",
        "Dòng 4, cột “Trúng cử”, giá trị “chắc là”: “chắc là” không đọc được: ghi “x”, “có” hoặc “Trúng cử” "
        "khi trúng cử, để trống khi không.",
        "Dòng 5, cột “Số phiếu”, giá trị “9,5”: “9,5” không phải là số nguyên.",
    ]
    assert database_rows() == before


def test_more_elected_than_the_seats_decided_refuses_the_file(db):
    election = ElectionFactory(seats_planned=2, seats_decided=2)
    before = database_rows()

    report = import_sheet(
        "election-results",
        RESULT_HEADERS,
        ["Phạm Thị Hà", "", "150", "", "x"],
        ["Lê Văn Cường", "", "140", "", "x"],
        ["Trần Văn Bình", "", "130", "", "x"],
        into=election,
    )

    assert messages(report) == [
        "Có 3 người trúng cử, nhiều hơn số lượng Đại hội quyết định bầu (2)."
    ]
    assert database_rows() == before
    assert "130 %" in report.warnings[0]

    fewer = import_sheet(
        "election-results",
        RESULT_HEADERS,
        ["Phạm Thị Hà", "", "150", "", "x"],
        ["Lê Văn Cường", "", "140", "", "x"],
        ["Trần Văn Bình", "", "130", "", ""],
        into=election,
    )

    assert messages(fewer) == []
    assert Membership.objects.filter(organisation=election.body).count() == 2


def test_a_draft_election_keeps_its_rows_as_the_sheet_says_and_gives_no_post(db):
    election = ElectionFactory(draft=True, ballots_valid=100, ballots_invalid=2)

    row = ["Phạm Thị Hà", "", "150", "", "x"]

    report = import_sheet("election-results", RESULT_HEADERS, row, into=election)

    assert messages(report) == []
    assert Candidate.objects.get().votes == 150
    assert not Membership.objects.exists()


def test_an_elections_results_need_the_election(election):
    report = import_sheet("election-results", RESULT_HEADERS, ["Phạm Thị Hà", "", "150", "", "x"])

    assert messages(report) == ["Hãy chọn cuộc bầu cử mà danh sách này thuộc về."]


def test_a_name_that_may_be_someone_on_file_is_decided_by_the_ma_nguoi_column(election):
    person = PersonFactory(full_name="Nguyễn Công Diễn", birth_year=1970)
    before = database_rows()

    row = ["Nguyen Cong Dien", 1970, 150, "", "x"]

    refused = import_sheet("election-results", RESULT_HEADERS, row, into=election)

    assert len(refused.errors) == 1 and "Nguyễn Công Diễn" in str(refused.errors[0])
    assert database_rows() == before

    report = import_sheet(
        "election-results",
        [*RESULT_HEADERS, "Mã người"],
        ["Nguyen Cong Dien", 1970, 150, "", "x", str(person.uid)],
        into=election,
    )

    assert messages(report) == []
    assert Candidate.objects.get().person == person
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Công Diễn"


def test_the_command_line_names_the_election_by_id_or_uid(election, tmp_path):
    path = tmp_path / "ket-qua-bau-cu.xlsx"
    path.write_bytes(xlsx(RESULT_HEADERS, ["Phạm Thị Hà", "", "150", "80,65%", "x"]))

    call_command("import_sheet", "election-results", str(path), election=str(election.uid), stdout=None)

    assert Candidate.objects.get().votes == 150
    with pytest.raises(CommandError, match="hãy cho biết --election MÃ"):
        call_command("import_sheet", "election-results", str(path))
    with pytest.raises(CommandError, match="Loại “election-results” không nhận --congress"):
        call_command("import_sheet", "election-results", str(path), congress=str(election.congress_id))
    with pytest.raises(CommandError, match="Không có cuộc bầu cử mã 99999."):
        call_command("import_sheet", "election-results", str(path), election="99999")
    with pytest.raises(CommandError, match="Không có cuộc bầu cử mã khong-phai-ma."):
        call_command("import_sheet", "election-results", str(path), election="khong-phai-ma")
    out = tmp_path / "ra.xlsx"
    call_command("export_sheet", "election-results", str(out), election=str(election.pk), stdout=None)
    assert cells(out.read_bytes())[1] == ["Phạm Thị Hà", None, 150, 80.65, "x"]


def test_an_elections_results_export_import_into_an_empty_database_and_export_the_same(election):
    """The done-when round trip: the same election and people, no candidates, the same cells."""
    people = [
        PersonFactory(full_name="Vương Toàn Thu Thủy", birth_year=1975),
        PersonFactory(full_name="Phạm Thị Hà", birth_year=1985),
        PersonFactory(full_name="Lê Văn Cường", birth_year=None),
        PersonFactory(full_name="Trần Văn Bình", birth_year=1968),
    ]
    for person, votes, elected in zip(people, [180, 178, 90, 178], [True, True, False, True], strict=True):
        CandidateFactory(election=election, person=person, votes=votes, elected=elected)
    first = export_election(election)
    kept = {
        "organisation": election.congress.organisation.name,
        "body": election.body.name,
        **{
            name: getattr(election, name)
            for name in ("seats_planned", "seats_decided", "delegates_convened", "ballots_issued")
        },
        "people": [(person.full_name, person.birth_year) for person in people],
    }
    # The foreign keys checked now, as loaddata ends: on PostgreSQL their deferred checks would
    # otherwise keep the flush's TRUNCATE from running ("pending trigger events").
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    assert set(database_rows().values()) == {0}
    again = ElectionFactory(
        congress=CongressFactory(organisation__name=kept["organisation"]),
        body__name=kept["body"],
        seats_planned=kept["seats_planned"],
        seats_decided=kept["seats_decided"],
        delegates_convened=kept["delegates_convened"],
        ballots_issued=kept["ballots_issued"],
    )
    for full_name, birth_year in reversed(kept["people"]):
        PersonFactory(full_name=full_name, birth_year=birth_year)

    report = sheet_import(
        kind="election-results", data=first, file_name="ket-qua-bau-cu.xlsx", congress=again, dry_run=False
    )

    assert messages(report) == []
    assert (report.created, report.changed) == (4, 0)
    assert Person.objects.count() == 4
    assert cells(export_election(again)) == cells(first)
    # As the tally sheet lists them: most votes first, then by name (Bình before Hà), not by id.
    assert cells(first)[1:] == [
        ["Vương Toàn Thu Thủy", 1975, 180, 96.77, "x"],
        ["Trần Văn Bình", 1968, 178, 95.7, "x"],
        ["Phạm Thị Hà", 1985, 178, 95.7, "x"],
        ["Lê Văn Cường", None, 90, 48.39, ""],
    ]


def export_election(election):
    records = ElectionResultResource.for_congress(ElectionResultResource.all_records(), election)
    return export("election-results", queryset=records)


# Congress bodies ###########################################################


def test_the_members_of_a_congress_bodies_are_imported_into_it(db):
    congress = CongressFactory()
    CongressBodyFactory(congress=congress, kind=CongressBodyKind.PRESIDIUM)

    report = import_sheet(
        "body-members",
        BODY_HEADERS,
        ["Vương Toàn Thu Thủy", "1975", "Đoàn Chủ tịch", "Bí thư Đảng ủy phường"],
        ["Phạm Thị Hà", "1985", "đoàn thư ký", "Trưởng đoàn"],
        ["Lê Văn Cường", "", "Ban Kiểm phiếu", ""],
        into=congress,
    )

    assert messages(report) == []
    assert report.created == 3
    members = CongressBodyMember.objects.filter(body__congress=congress).order_by("body__kind")
    assert [(m.body.kind, m.person.full_name, m.title) for m in members] == [
        (CongressBodyKind.PRESIDIUM, "Vương Toàn Thu Thủy", "Bí thư Đảng ủy phường"),
        (CongressBodyKind.SECRETARIAT, "Phạm Thị Hà", "Trưởng đoàn"),
        (CongressBodyKind.VOTE_COUNTING, "Lê Văn Cường", ""),
    ]
    assert congress.bodies.count() == 3
    assert report.source in congress.bodies.get(kind=CongressBodyKind.SECRETARIAT).sources.all()


def test_a_body_member_row_naming_no_body_of_a_congress_is_refused(db):
    congress = CongressFactory()
    before = database_rows()

    report = import_sheet(
        "body-members",
        BODY_HEADERS,
        ["Phạm Thị Hà", "1985", "Đoàn Thư ký", ""],
        ["Lê Văn Cường", "", "Ban Tổ chức", ""],
        ["Phạm Thị Hà", "1985", "Đoàn Thư ký", "Trưởng đoàn"],
        into=congress,
    )

    assert messages(report) == [
        "Dòng 3, cột “Cơ quan”, giá trị “Ban Tổ chức”: “Ban Tổ chức” không phải là giá trị hợp lệ. "
        "Giá trị hợp lệ: Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu, Ban Kiểm phiếu.",
        "Dòng 4: Trùng với dòng 2: hai dòng cùng ghi một thành viên cơ quan giúp việc đại hội.",
    ]
    assert database_rows() == before


def test_a_congress_bodies_export_imports_into_an_empty_congress_and_exports_the_same(db):
    congress = CongressFactory()
    seats = [
        (CongressBodyKind.PRESIDIUM, "Vương Toàn Thu Thủy"),
        (CongressBodyKind.CREDENTIALS, "Phạm Thị Hà"),
    ]
    for kind, name in seats:
        CongressBodyMemberFactory(
            body=CongressBodyFactory(congress=congress, kind=kind),
            person=PersonFactory(full_name=name, birth_year=1980),
            title="Trưởng ban",
        )
    first = export("body-members")
    other = CongressFactory()

    report = sheet_import(
        kind="body-members", data=first, file_name="co-quan.xlsx", congress=other, dry_run=False
    )

    assert messages(report) == []
    assert report.created == 2
    again = export("body-members", queryset=CongressBodyMember.objects.filter(body__congress=other))
    assert cells(again) == cells(first)


@pytest.mark.parametrize("kind", ["election-results", "body-members"])
def test_an_export_runs_the_same_queries_however_many_rows(election, kind):
    def more():
        if kind == "election-results":
            CandidateFactory(election=election, votes=100)
        else:
            body = CongressBodyFactory(congress=CongressFactory())
            CongressBodyMemberFactory(body=body)

    more()
    with CaptureQueriesContext(connection) as few:
        export(kind)
    for _ in range(5):
        more()

    with CaptureQueriesContext(connection) as many:
        content = export(kind)

    assert len(cells(content)) == 7
    assert len(many.captured_queries) == len(few.captured_queries) <= 3


# The admin #################################################################


def test_the_admin_imports_an_elections_results_into_the_election_chosen(client, django_user_model, election):
    client.force_login(django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw"))
    url = "/admin/congress/candidate/"
    page = client.get(f"{url}import/?congress={election.pk}").content.decode()
    assert "Cuộc bầu cử" in page and f'<option value="{election.pk}" selected>' in page
    content = xlsx(RESULT_HEADERS, ["Phạm Thị Hà", "1985", "178", "95,7%", "x"])

    missing = client.post(f"{url}import/", {"import_file": SimpleUploadedFile("kq.xlsx", content)})
    preview = client.post(
        f"{url}import/", {"import_file": SimpleUploadedFile("kq.xlsx", content), "congress": election.pk}
    ).content.decode()
    fields = re.findall(
        r'name="(import_file_name|original_file_name|congress|reason|preview)" value="([^"]*)"', preview
    )
    response = client.post(f"{url}process_import/", {n: html.unescape(v) for n, v in fields})

    assert "Trường này là bắt buộc." in missing.content.decode()
    assert response.status_code == 302
    assert election.candidates.get().person.full_name == "Phạm Thị Hà"
    assert Membership.objects.get(organisation=election.body).person.full_name == "Phạm Thị Hà"
    assert client.get(url).status_code == 200
    assert client.get("/admin/congress/congressbodymember/import/").status_code == 200
