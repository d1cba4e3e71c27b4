"""The read pages in a real Chromium: log in, search, read a congress, filter and download, languages."""

import io

import pytest
from openpyxl import load_workbook

from congress.models import Congress

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strict_templates"),
]


def test_a_visitor_is_sent_to_the_vietnamese_login_page_and_back(
    page, django_user_model, article, output_dir
):
    # Any user who may read the congresses; what each role and scope sees is tested in tests/test_access.py.
    django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "mật-khẩu-thử-2025")

    page.goto("/congresses/")
    page.screenshot(path=output_dir / "login.png", full_page=True)
    page.get_by_label("Tên đăng nhập").fill("clerk")
    page.get_by_label("Mật khẩu").fill("mật-khẩu-thử-2025")
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url("**/congresses/")
    assert page.get_by_role("heading", level=1).inner_text() == "Đại hội"
    page.screenshot(path=output_dir / "congresses.png", full_page=True)


def test_search_from_the_home_page_reaches_a_person(page, log_in, article, output_dir):
    log_in()

    page.goto("/")
    page.get_by_label("Tìm người, tổ chức, văn bản").fill("nguyen van phu")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.screenshot(path=output_dir / "results.png", full_page=True)
    page.get_by_role("link", name="Nguyễn Văn Phú").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Nguyễn Văn Phú"
    assert page.get_by_text("Hiệu trưởng Trường Chính trị Tô Hiệu").first.is_visible()
    page.screenshot(path=output_dir / "person.png", full_page=True)


def test_the_congress_page_shows_the_congress_at_a_glance(page, log_in, article, output_dir):
    log_in()

    page.goto("/congresses/")
    page.get_by_role("link", name="Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030").click()

    stats = page.locator(".stats")
    assert stats.locator("div", has_text="Đại biểu chính thức").locator("dd").inner_text() == "186"
    assert stats.locator("div", has_text="Ban Chấp hành").locator("dd").inner_text() == "0 / 27"
    speeches = page.locator("ol.speeches > li")
    assert speeches.count() == 3
    assert "Nguyễn Văn Phú" in speeches.nth(2).inner_text()
    chart = page.get_by_role("img", name="Kết quả thực hiện các chỉ tiêu so với kế hoạch")
    assert chart.is_visible()
    assert page.get_by_text("Chưa đủ 6 rõ").count() == 3
    page.screenshot(path=output_dir / "congress.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=output_dir / "congress-phone.png", full_page=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    assert page.locator(".site-nav").is_hidden()
    page.screenshot(path=output_dir / "congress-print.png", full_page=True)


def test_filter_the_indicators_to_exceeded_results_and_download_them(page, log_in, article, output_dir):
    log_in()

    page.goto("/indicators/")
    page.get_by_label("Đánh giá").select_option(label="Vượt chỉ tiêu")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/indicators/?*status=exceeded*")
    assert page.get_by_role("status").inner_text() == "4 kết quả"
    page.screenshot(path=output_dir / "exceeded.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    path = output_dir / download.value.suggested_filename
    download.value.save_as(path)

    sheet = load_workbook(io.BytesIO(path.read_bytes()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert path.suffix == ".xlsx"
    assert "Chỉ tiêu" in rows[0]
    assert len(rows) == 1 + 4


def test_switch_to_english_and_back(page, log_in, article, output_dir):
    log_in()
    congress = Congress.objects.get()

    page.goto(congress.get_absolute_url())
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith(congress.get_absolute_url())
    page.screenshot(path=output_dir / "english.png", full_page=True)
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
    page.screenshot(path=output_dir / "vietnamese.png", full_page=True)
