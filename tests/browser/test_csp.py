"""The Content Security Policy in a real Chromium: every page carries it, and nothing on them breaks it.

Chromium reports each blocked inline script, inline style or outside resource to the console as
an error naming the Content Security Policy ("Refused to load ...", "Applying inline style
violates the following Content Security Policy directive ..."); the tests collect those, and the
pages' script errors, while a clerk works through the admin and reads the congress page.
"""

import pytest
from playwright.sync_api import expect

from congress.models import Congress
from records.models import Person
from tests.sheet_files import xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
CONGRESS = "Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030"


@pytest.fixture
def violations(page):
    """What the pages break: the console's reports of the policy and uncaught script errors."""
    found = []

    def on_console(message):
        if message.type == "error" and (
            "Content Security Policy" in message.text or message.text.startswith("Refused to")
        ):
            found.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"{page.url}: {error}"))
    return found


def visit(page, url):
    """Open a page, check it carries the policy, and let its scripts settle."""
    response = page.goto(url)
    assert response.status == 200, url
    assert sorted(response.headers["content-security-policy"].split("; ")) == sorted(POLICY.split("; "))
    page.wait_for_load_state("networkidle")


def test_the_login_pages_and_the_congress_page_keep_to_the_policy(page, log_in, article, violations):
    visit(page, "/login/")
    visit(page, "/admin/login/")
    log_in()

    visit(page, "/congresses/")
    page.get_by_role("link", name=CONGRESS).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("img", name="Kết quả thực hiện các chỉ tiêu so với kế hoạch")).to_be_visible()
    visit(page, page.url)
    visit(page, "/people/?q=nguyen")

    assert violations == []


def test_the_admin_keeps_to_the_policy(page, log_in, article, violations, output_dir):
    log_in()
    congress = Congress.objects.get()

    visit(page, "/admin/")
    visit(page, "/admin/records/person/")
    page.get_by_role("searchbox").fill("nguyen")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_load_state("networkidle")
    # The actions bar: selecting every row shows the counter the admin's script keeps.
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_be_visible()

    # A record saved through its change form, then its history and an earlier version of it.
    person = Person.objects.get(full_name="Nguyễn Văn Phú")
    visit(page, f"/admin/records/person/{person.pk}/change/")
    page.get_by_label("Năm sinh").fill("1970")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url("**/admin/records/person/")
    visit(page, f"/admin/records/person/{person.pk}/history/")
    page.locator("#change-history a").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_label("Năm sinh")).to_have_value("1970")

    # A change form with autocomplete widgets, inlines and date pickers.
    visit(page, f"/admin/congress/congress/{congress.pk}/change/")
    page.locator("#select2-id_directing_body-container").click()
    page.locator(".select2-dropdown .select2-search__field").fill("to cong tac")
    expect(page.locator(".select2-results__option", has_text="Tổ công tác số 11")).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("#attendances-group .add-row a").click()
    page.locator("#attendances-group .select2-selection").last.click()
    page.locator(".select2-dropdown .select2-search__field").fill("nguyen")
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator(".datetimeshortcuts .date-icon").first.click()
    expect(page.locator(".calendarbox:visible")).to_have_count(1)
    page.screenshot(path=output_dir / "change-form.png", full_page=True)

    # The import page, and the preview it answers with.
    visit(page, "/admin/records/person/import/")
    path = output_dir / "nguoi.xlsx"
    path.write_bytes(xlsx(["Họ và tên", "Năm sinh"], ["Phạm Thị Hà", 1985]))
    page.get_by_label("Tệp bảng tính").set_input_files(path)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#count-new")).to_have_text("1")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=output_dir / "import-preview.png", full_page=True)

    # The import page of a list that belongs to a congress has an autocomplete of its own.
    visit(page, "/admin/congress/attendance/import/")
    page.locator(".select2-selection").first.click()
    page.locator(".select2-dropdown .select2-search__field").fill("thien huong")
    expect(page.locator(".select2-results__option", has_text="Thiên Hương")).to_be_visible()

    assert violations == []


def test_a_locked_out_login_gets_the_lockout_page(page, django_user_model, violations, output_dir):
    django_user_model.objects.create_user("clerk", password="mật-khẩu-thử-2025")

    for _ in range(5):
        visit(page, "/login/")
        page.get_by_label("Tên đăng nhập").fill("clerk")
        page.get_by_label("Mật khẩu").fill("sai-mật-khẩu")
        page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tạm khóa đăng nhập")
    expect(page.get_by_role("alert")).to_contain_text("đã nhập sai mật khẩu 5 lần liên tiếp")
    page.screenshot(path=output_dir / "locked-out.png", full_page=True)
    assert violations == []
