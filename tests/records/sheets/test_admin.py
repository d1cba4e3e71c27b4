"""Tests for records.sheets.admin: the Import and Export pages of the admin.

The admin imports in two steps: an upload shows what the file would do (a dry run), and a
confirmation imports the same bytes for real.
"""

import html
import re

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import Congress
from records.models import Membership, Person, SheetPreview, Source
from records.sheets.run import PREVIEW_ROWS
from tests.sheet_files import cells, database_rows, xlsx

COMMITTEE = "Ban Chấp hành Đảng bộ phường Thiên Hương"
HEADERS = ["Họ và tên", "Năm sinh", "Tổ chức", "Chức vụ", "Chức danh"]


@pytest.fixture
def clerk(client, django_user_model, article):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw")
    client.force_login(user)
    return user


def upload(client, content, url="/admin/records/membership/import/", name="danh-sach-bch.xlsx", **fields):
    return client.post(url, {"import_file": SimpleUploadedFile(name, content), **fields})


def confirm(client, preview, url="/admin/records/membership/process_import/"):
    """Press the preview's confirm button: post its hidden fields."""
    fields = re.findall(
        r'name="(import_file_name|original_file_name|congress|reason|preview)" value="([^"]*)"', preview
    )
    return client.post(url, {"congress": "", **{name: html.unescape(value) for name, value in fields}})


def test_the_changelist_offers_import_and_export_in_vietnamese(client, clerk):
    page = client.get("/admin/records/membership/").content.decode()

    assert 'href="/admin/records/membership/import/"' in page and "Nhập từ bảng tính" in page
    assert 'href="/admin/records/membership/export/' in page and "Xuất ra bảng tính" in page


def test_the_import_page_lists_the_columns_and_offers_a_template(client, clerk):
    page = client.get("/admin/records/membership/import/").content.decode()

    assert '<li class="required">Họ và tên</li>' in page and "<li>Từ ngày</li>" in page
    template = client.get("/admin/records/membership/import/template/")
    assert template["Content-Disposition"] == 'attachment; filename="mau-chuc-vu.xlsx"'
    header, example = cells(template.content)
    assert header[:4] == ["Họ và tên", "Năm sinh", "Giới tính", "Tổ chức"]
    assert example[0] == "Vương Toàn Thu Thủy"


def test_an_upload_shows_counts_warnings_and_rows_escaped_and_writes_nothing(client, clerk):
    before = database_rows()
    content = xlsx(
        [*HEADERS, "STT"],
        ["Vương Toàn Thu Thủy", 1975, COMMITTEE, "Bí thư", "<script>alert(1)</script>", 1],
        ["Nguyễn Công Diễn", "", "Đảng ủy phường Thiên Hương", "Phó Bí thư", "Phó Bí thư Đảng ủy phường", 2],
    )

    response = upload(client, content)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<strong id="count-new">1</strong>' in page
    assert '<strong id="count-changed">1</strong>' in page
    assert '<strong id="count-unchanged">0</strong>' in page
    assert "Cột “STT” không có trong mẫu nên được bỏ qua." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert '<td class="changed">Phó Bí thư Đảng ủy phường</td>' in page
    assert 'id="sheet-confirm"' in page
    # Nothing but what the preview said, for its confirmation to claim.
    assert database_rows() == {**before, "records.SheetPreview": 1}
    preview = SheetPreview.objects.get()
    assert (preview.kind, preview.file_name, preview.user, preview.counts) == (
        "memberships",
        "danh-sach-bch.xlsx",
        clerk,
        (1, 1, 0),
    )
    assert preview.claimed_at is None and preview.source is None


def test_confirming_imports_the_file_records_its_source_and_logs_it(client, clerk):
    content = xlsx(HEADERS, ["Phạm Thị Hà", 1985, COMMITTEE, "Ủy viên", "Ủy viên Ban Chấp hành"])
    preview = upload(client, content).content.decode()

    response = confirm(client, preview)

    assert response.status_code == 302 and response["Location"] == "/admin/records/membership/"
    membership = Membership.objects.get(person__full_name="Phạm Thị Hà")
    source = Source.objects.get(file_name="danh-sach-bch.xlsx")
    assert (source.recorded_by, source.rows_created) == (clerk, 1)
    assert list(membership.sources.all()) == [source]
    entry = LogEntry.objects.get(action_flag=ADDITION, object_id=str(source.pk))
    assert entry.change_message == "Đã nhập tệp “danh-sach-bch.xlsx”: 1 mới, 0 thay đổi, 0 không đổi."
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập tệp “danh-sach-bch.xlsx”: 1 mới, 0 thay đổi, 0 không đổi." in page


def test_the_reason_given_with_the_file_is_kept_in_the_history_of_what_it_wrote(client, clerk):
    content = xlsx(HEADERS, ["Phạm Thị Hà", 1985, COMMITTEE, "Ủy viên", "Ủy viên Ban Chấp hành"])
    preview = upload(client, content, reason='Danh sách sau Đại hội "lần thứ I"').content.decode()
    assert "Lý do: Danh sách sau Đại hội &quot;lần thứ I&quot;" in preview

    response = confirm(client, preview)

    assert response.status_code == 302
    membership = Membership.objects.get(person__full_name="Phạm Thị Hà")
    source = Source.objects.get(file_name="danh-sach-bch.xlsx")
    rows = [*membership.history.all(), *membership.person.history.all(), *source.history.all()]
    assert {(row.history_user, row.history_change_reason) for row in rows} == {
        (clerk, 'Danh sách sau Đại hội "lần thứ I" (Nhập từ tệp “danh-sach-bch.xlsx”)')
    }


def test_a_refused_file_shows_every_error_and_no_confirmation(client, clerk):
    before = database_rows()
    content = xlsx(
        HEADERS,
        ["Phạm Thị Hà", "một chín tám lăm", COMMITTEE, "Ủy viên", ""],
        ["Lê Văn Cường", 1980, "Ban Chấp hành <i>cũ</i>", "Ủy viên", ""],
    )

    page = upload(client, content).content.decode()

    assert "Tệp “danh-sach-bch.xlsx” bị từ chối: 2 lỗi. Không có gì được ghi." in page
    assert "<td>2</td><td>Năm sinh</td><td>một chín tám lăm</td>" in page
    assert "<td>3</td><td>Tổ chức</td><td>Ban Chấp hành &lt;i&gt;cũ&lt;/i&gt;</td>" in page
    assert 'id="sheet-confirm"' not in page
    assert database_rows() == before


def test_a_file_that_no_longer_fits_the_records_when_confirmed_is_refused_then(client, clerk):
    preview = upload(client, xlsx(HEADERS, ["Phạm Thị Hà", "", COMMITTEE, "Ủy viên", ""])).content.decode()
    # Meanwhile someone records two people of that name.
    Person.objects.create(full_name="Phạm Thị Hà", birth_year=1985)
    Person.objects.create(full_name="Phạm Thị Hà", birth_year=1990)
    before = database_rows()

    page = confirm(client, preview).content.decode()

    assert "Có 2 người cùng tên “Phạm Thị Hà”: Phạm Thị Hà (1985); Phạm Thị Hà (1990)." in page
    assert database_rows() == before


def test_a_large_file_previews_its_first_rows_with_the_counts_of_all(client, clerk):
    rows = [[f"Người Thứ {number}", 1960 + number % 40, COMMITTEE, "Ủy viên", ""] for number in range(120)]

    page = upload(client, xlsx(HEADERS, *rows)).content.decode()

    assert '<strong id="count-new">120</strong>' in page
    assert f"{PREVIEW_ROWS} dòng đầu trong 120 dòng" in page
    assert page.count('<tr class="new">') == PREVIEW_ROWS


def test_a_list_of_one_congress_is_imported_into_the_congress_chosen(client, clerk):
    congress = Congress.objects.get()
    page = client.get(f"/admin/congress/attendance/import/?congress={congress.pk}").content.decode()
    assert 'name="congress"' in page and f'<option value="{congress.pk}" selected>' in page
    content = xlsx(["Họ và tên", "Tư cách"], ["Phạm Thị Hà", "Đại biểu chính thức"])

    missing = upload(client, content, url="/admin/congress/attendance/import/").content.decode()
    preview = upload(client, content, url="/admin/congress/attendance/import/", congress=congress.pk)
    response = confirm(client, preview.content.decode(), url="/admin/congress/attendance/process_import/")

    assert "Trường này là bắt buộc." in missing
    assert response.status_code == 302
    assert congress.attendances.get(person__full_name="Phạm Thị Hà").role == "dai_bieu"


def test_the_admin_export_holds_the_filtered_rows_in_the_chosen_format(client, clerk):
    response = client.post(
        "/admin/records/membership/export/?role__exact=bi_thu", {"format": "1", "resource": "0"}
    )

    assert response["Content-Type"] == "text/csv"
    assert re.match(
        r'attachment; filename="chuc-vu-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"]
    )
    rows = cells(response.content)
    assert rows[0][:4] == ["Họ và tên", "Năm sinh", "Giới tính", "Tổ chức"]
    assert sorted(row[0] for row in rows[1:]) == ["Tô Lâm", "Vương Toàn Thu Thủy"]


@pytest.mark.parametrize(
    ("codename", "import_status", "export_status"),
    [
        ("import_membership", 200, 403),
        ("export_membership", 403, 200),
        ("view_membership", 403, 403),
    ],
)
def test_import_and_export_are_separate_permissions(
    client, django_user_model, article, codename, import_status, export_status
):
    user = django_user_model.objects.create_user("staff", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_membership"), Permission.objects.get(codename=codename)
    )
    client.force_login(user)

    assert client.get("/admin/records/membership/import/").status_code == import_status
    assert client.get("/admin/records/membership/import/template/").status_code == import_status
    assert client.get("/admin/records/membership/export/").status_code == export_status
    changelist = client.get("/admin/records/membership/").content.decode()
    assert ("Nhập từ bảng tính" in changelist) == (import_status == 200)
    assert ("Xuất ra bảng tính" in changelist) == (export_status == 200)


@pytest.mark.django_db
def test_permissions_have_vietnamese_names():
    assert Permission.objects.get(codename="import_membership").name == "Nhập chức vụ đảm nhiệm từ bảng tính"
    assert Permission.objects.get(codename="export_task").name == "Xuất nhiệm vụ ra bảng tính"


def test_a_confirmation_imports_only_a_file_the_site_kept_for_a_preview(client, clerk, tmp_path):
    elsewhere = tmp_path / "khac.xlsx"
    elsewhere.write_bytes(xlsx(HEADERS, ["Phạm Thị Hà", 1985, COMMITTEE, "Ủy viên", ""]))
    before = database_rows()

    response = client.post(
        "/admin/records/membership/process_import/",
        {"import_file_name": str(elsewhere), "original_file_name": "khac.xlsx", "congress": ""},
    )

    assert response.status_code == 302 and response["Location"] == "/admin/records/membership/import/"
    page = client.get(response["Location"]).content.decode()
    assert "Không tìm thấy tệp cần nhập; hãy tải tệp lên lại." in page
    assert database_rows() == before


def test_the_export_page_starts_at_xlsx_with_no_blank_choice(client, clerk):
    response = client.get("/admin/records/membership/export/")

    field = response.context["form"]["format"]
    assert [label for _, label in field.field.choices] == ["xlsx", "csv"]
    assert str(field.value()) == "0"
    assert "---" not in response.content.decode()
