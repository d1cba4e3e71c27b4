"""A clerk imports the elected committee's roster through the admin, in a real Chromium."""

import pytest
from playwright.sync_api import expect

from records.models import Membership, Organisation
from tests.sheet_files import database_rows, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMITTEE = "Ban Chấp hành Đảng bộ phường Thiên Hương"
HEADERS = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Tổ chức", "Chức vụ", "Chức danh", "Từ ngày"]


def roster(*rows):
    return xlsx(HEADERS, *[[number, *row] for number, row in enumerate(rows, start=1)])


def upload(page, path):
    page.goto("/admin/records/membership/")
    page.get_by_role("link", name="Nhập từ bảng tính").click()
    page.get_by_label("Tệp bảng tính").set_input_files(path)
    page.get_by_role("button", name="Xem trước").click()


def test_clerk_imports_a_committee_roster_and_finds_the_members(page, log_in, article, output_dir):
    log_in()
    path = output_dir / "danh-sach-bch.xlsx"
    path.write_bytes(
        roster(
            ["Phạm Thị Hà", 1985, "Nữ", COMMITTEE, "Ủy viên", "Ủy viên Ban Chấp hành", "16/7/2025"],
            ["Lê Văn Cường", 1979, "Nam", COMMITTEE, "Ủy viên", "Ủy viên Ban Chấp hành", "16/7/2025"],
            [
                "Nguyễn Công Diễn",
                "",
                "",
                "Đảng ủy phường Thiên Hương",
                "Phó Bí thư",
                "Phó Bí thư Đảng ủy phường",
                "",
            ],
        )
    )

    upload(page, path)

    expect(page.locator("#count-new")).to_have_text("2")
    expect(page.locator("#count-changed")).to_have_text("1")
    expect(page.get_by_text("Cột “STT” không có trong mẫu nên được bỏ qua.")).to_be_visible()
    expect(page.locator("#sheet-preview tr.new")).to_have_count(2)
    expect(page.locator("#sheet-preview tr.changed td.changed")).to_have_text("Phó Bí thư Đảng ủy phường")
    page.screenshot(path=output_dir / "preview.png", full_page=True)
    assert Membership.objects.count() == 8

    page.get_by_role("button", name="Xác nhận nhập").click()

    page.wait_for_url("**/admin/records/membership/")
    expect(
        page.get_by_text("Đã nhập tệp “danh-sach-bch.xlsx”: 2 mới, 1 thay đổi, 0 không đổi.")
    ).to_be_visible()
    assert Membership.objects.count() == 10
    committee = Organisation.objects.get(name=COMMITTEE)
    page.goto("/admin/records/organisation/")
    page.get_by_role("link", name=COMMITTEE).click()
    page.wait_for_url(f"**/admin/records/organisation/{committee.pk}/change/")
    members = page.locator("#memberships-group")
    expect(members.get_by_role("textbox", name="Phạm Thị Hà (1985)")).to_be_visible()
    expect(members.get_by_role("textbox", name="Lê Văn Cường (1979)")).to_be_visible()
    page.screenshot(path=output_dir / "committee.png", full_page=True)


def test_clerk_sees_a_bad_date_refused_and_nothing_changes(page, log_in, article, output_dir):
    log_in()
    path = output_dir / "danh-sach-bch-loi.xlsx"
    path.write_bytes(
        roster(
            ["Phạm Thị Hà", 1985, "Nữ", COMMITTEE, "Ủy viên", "Ủy viên Ban Chấp hành", "16/7/2025"],
            ["Lê Văn Cường", 1979, "Nam", COMMITTEE, "Ủy viên", "Ủy viên Ban Chấp hành", "31/2/2025"],
        )
    )
    before = database_rows()

    upload(page, path)

    refused = "Tệp “danh-sach-bch-loi.xlsx” bị từ chối: 1 lỗi. Không có gì được ghi."
    expect(page.get_by_role("heading", name=refused)).to_be_visible()
    expect(page.locator("#sheet-errors tbody td")).to_have_text(
        ["3", "Từ ngày", "31/2/2025", 'Không đọc được ngày "31/2/2025": tháng 2 năm 2025 không có ngày 31.']
    )
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    expect(page.locator("#sheet-preview")).to_have_count(0)
    page.screenshot(path=output_dir / "refused.png", full_page=True)
    assert database_rows() == before
