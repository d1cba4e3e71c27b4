"""The personnel sections of the congress file filled from elections, appointments, bodies and the
credentials report (congress/dossier/personnel.py), and the two documents that go up, read back."""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from congress.dossier.archive import render_zip
from congress.dossier.content import Fact, Missing, Paragraph, Table
from congress.dossier.documents import approval_request, congress_file, results_report
from congress.dossier.gather import CongressRecords
from congress.dossier.pdf import render_pdf
from congress.dossier.word import render_docx
from records.models.people import MembershipRole
from tests.congress.dossier.personnel_records import elected_congress
from tests.congress.dossier.reading import docx_text, pdf_text
from tests.congress.factories import (
    AppointedPostFactory,
    AppointmentDecisionFactory,
    CandidateFactory,
    CongressFactory,
    ElectionFactory,
)
from tests.records.factories import (
    PersonFactory,
)

pytestmark = pytest.mark.django_db

PERSONNEL = (
    "bau-cu",
    "chi-dinh",
    "ban-chap-hanh-khoa-moi",
    "chuan-y",
    "co-quan-giup-viec",
    "tham-tra-tu-cach",
)


@pytest.fixture
def elected(db):
    return elected_congress()


def section(document, key):
    return next(s for s in document.sections if s.key == key)


def facts(section):
    return {str(b.label): b.value for b in section.blocks if isinstance(b, Fact)}


def tables(section):
    return [[tuple(row.cells) for row in b.rows] for b in section.blocks if isinstance(b, Table)]


def test_the_election_prints_its_tally_and_each_candidates_percentage_of_the_stated_base(elected):
    file = congress_file(CongressRecords.load(elected.uid))
    elections = section(file, "bau-cu")

    assert facts(elections) == {
        "Số lượng Đại hội quyết định bầu": "27",
        "Số đại biểu chính thức được triệu tập": "186",
        "Phiếu phát ra / thu vào": "186 / 185",
        "Phiếu hợp lệ / không hợp lệ": "183 / 2",
        "Tỷ lệ phiếu tính trên": "Số đại biểu chính thức được triệu tập (186)",
        "Số người trúng cử / số ứng cử": "3 / 4",
        "Kiểm tra biên bản": "Số liệu khớp",
    }
    assert tables(elections) == [
        [
            ("Trần Thị An", "Trong danh sách cấp ủy giới thiệu", "170", "91,40 %", "Trúng cử"),
            ("Lê Văn Bình", "Trong danh sách cấp ủy giới thiệu", "150", "80,65 %", "Trúng cử"),
            ("Phạm Thị Dung", "Trong danh sách cấp ủy giới thiệu", "120", "64,52 %", "Trúng cử"),
            ("Nguyễn Văn Cường", "Trong danh sách cấp ủy giới thiệu", "90", "48,39 %", "Không trúng cử"),
        ]
    ]
    table = next(b for b in elections.blocks if isinstance(b, Table))
    assert table.headers[3] == "Tỷ lệ"
    # Every fact and every row is footnoted to the tally sheet, numbered in the file's sources.
    number = [n for n, source in file.citations.numbered() if source.title.startswith("Biên bản kiểm phiếu")]
    assert all(b.notes == tuple(number) for b in elections.blocks if isinstance(b, (Fact, Paragraph)))
    assert all(row.notes == tuple(number) for row in table.rows)


def test_the_new_committee_is_counted_by_women_under_40_reelected_and_first_time(elected):
    file = congress_file(CongressRecords.load(elected.uid))
    committee = section(file, "ban-chap-hanh-khoa-moi")

    assert facts(committee)["Ban Chấp hành: đã ghi nhận / số ủy viên"] == "3 / 27"
    assert facts(committee)["Tỷ lệ tính trên"] == "số ủy viên đã ghi nhận (3 người)"
    make_up, members = tables(committee)
    assert make_up == [
        ("Nữ", "2", "66,7 %"),
        ("Dưới 40 tuổi", "1", "33,3 %"),
        ("Tái cử", "1", "33,3 %"),
        ("Tham gia lần đầu", "2", "66,7 %"),
    ]
    assert {(row[0], row[4]) for row in members} == {
        ("Trần Thị An", "Tái cử"),
        ("Lê Văn Bình", "Lần đầu"),
        ("Phạm Thị Dung", "Lần đầu"),
    }
    # The posts cite the tally sheet their election gave them.
    assert all(row.notes for b in committee.blocks if isinstance(b, Table) for row in b.rows)


def test_the_approval_the_bodies_and_the_credentials_report_are_filled_and_the_gaps_stay_missing(elected):
    file = congress_file(CongressRecords.load(elected.uid))

    approval = section(file, "chuan-y")
    assert facts(approval) == {"Cuộc bầu cử đã được chuẩn y / tổng số": "1 / 1"}
    assert tables(approval)[0][0][1:] == ("Quyết định 15-QĐ/TU", "10/7/2025")
    bodies = section(file, "co-quan-giup-viec")
    assert tables(bodies) == [[("Vũ Văn Chủ", "Chủ tọa")]]
    assert [b.what for b in bodies.blocks if isinstance(b, Missing)] == [
        "Đoàn Thư ký",
        "Ban Thẩm tra tư cách đại biểu",
        "Ban Kiểm phiếu",
    ]
    credentials = section(file, "tham-tra-tu-cach")
    assert facts(credentials)["Tổng số đại biểu chính thức được triệu tập"] == "186"
    assert facts(credentials)["Số đại biểu có mặt / vắng mặt"] == "183 / 3"
    assert facts(credentials)["Tỷ lệ tính trên"] == "số đại biểu chính thức được triệu tập (186)"
    assert tables(credentials) == [
        [
            ("Đại biểu nữ", "62", "33,3 %"),
            ("Đại biểu dưới 40 tuổi", "31", "16,7 %"),
            ("Đại biểu dân tộc thiểu số", "0", "0,0 %"),
        ]
    ]
    # Elected, so no appointment is missing; the documents cited include the approval.
    assert not section(file, "chi-dinh").missing
    assert "15-QĐ/TU" in str(tables(section(file, "van-ban")))
    assert not any(section(file, key).missing for key in PERSONNEL)


def test_a_draft_election_says_its_tally_does_not_add_up(db):
    election = ElectionFactory(draft=True, ballots_received=184)
    CandidateFactory(election=election, votes=170)

    elections = section(congress_file(CongressRecords.load(election.congress.uid)), "bau-cu")

    assert facts(elections)["Kiểm tra biên bản"] == (
        "Số liệu không khớp (bản nháp): Số phiếu hợp lệ (183) cộng không hợp lệ (2) phải bằng số phiếu "
        "thu vào (184)."
    )


def test_an_appointed_committee_lists_its_decision_and_posts(db):
    congress = CongressFactory()
    decision = AppointmentDecisionFactory(congress=congress, effective_on=datetime.date(2025, 7, 5))
    AppointedPostFactory(decision=decision, person=PersonFactory(full_name="Đỗ Thị Hà"))
    AppointedPostFactory(decision=decision, role=MembershipRole.DEPUTY_SECRETARY, title="")

    appointments = section(congress_file(CongressRecords.load(congress.uid)), "chi-dinh")

    assert facts(appointments)["Ngày hiệu lực"] == "5/7/2025"
    assert facts(appointments)["Chỉ định vào"] == decision.organisation.name
    rows = tables(appointments)[0]
    assert rows[0] == ("Đỗ Thị Hà", "Bí thư", "Bí thư Đảng ủy phường")
    assert rows[1][1:] == ("Phó Bí thư", "—")


def test_a_congress_with_no_personnel_records_shows_each_personnel_section_missing(db):
    congress = CongressFactory()
    file = congress_file(CongressRecords.load(congress.uid))
    assert all(section(file, key).missing for key in PERSONNEL)


@pytest.mark.parametrize("build", [results_report, approval_request], ids=["bao-cao", "to-trinh"])
@pytest.mark.parametrize(
    "render,read", [(render_pdf, pdf_text), (render_docx, docx_text)], ids=["pdf", "docx"]
)
def test_the_documents_that_go_up_carry_the_tallies_and_the_make_up(elected, build, render, read):
    document = build(CongressRecords.load(elected.uid))
    text = " ".join(read(render(document)).split())

    for expected in (
        "Phiếu phát ra / thu vào: 186 / 185",
        "Tỷ lệ phiếu tính trên: Số đại biểu chính thức được triệu tập (186)",
        "Số người trúng cử / số ứng cử: 3 / 4",
        "91,40 %",
        "48,39 %",
        "Tham gia lần đầu",
        "66,7 %",
        "Ban Chấp hành: đã ghi nhận / số ủy viên: 3 / 27",
    ):
        assert expected in text, expected
    assert "Biên bản kiểm phiếu bầu Ban Chấp hành" in text
    if build is results_report:
        assert "Số đại biểu có mặt / vắng mặt: 183 / 3" in text


def test_the_zip_holds_the_report_the_request_and_a_sheet_of_each_election_and_the_bodies(elected):
    exported = render_zip(CongressRecords.load(elected.uid))

    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    names = set(archive.namelist())
    assert {
        "bao-cao-ket-qua.pdf",
        "bao-cao-ket-qua.docx",
        "to-trinh-chuan-y.pdf",
        "to-trinh-chuan-y.docx",
    } <= names
    assert {"bang-tinh/ket-qua-bau-cu-1.xlsx", "bang-tinh/co-quan-dai-hoi.xlsx"} <= names
    results = load_workbook(io.BytesIO(archive.read("bang-tinh/ket-qua-bau-cu-1.xlsx"))).active
    rows = [row for row in results.iter_rows(min_row=2, values_only=True) if any(row)]
    assert [(row[0], row[2]) for row in rows] == [
        ("Trần Thị An", 170),
        ("Lê Văn Bình", 150),
        ("Phạm Thị Dung", 120),
        ("Nguyễn Văn Cường", 90),
    ]
    assert "91,40 %" in " ".join(pdf_text(archive.read("to-trinh-chuan-y.pdf")).split())
