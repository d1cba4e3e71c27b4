import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_logs_in_and_opens_the_congress_list(page, log_in, article, output_dir):
    log_in()

    page.get_by_role("link", name="Đại hội", exact=True).last.click()
    page.get_by_role("link", name="Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030").click()

    assert page.get_by_label("Số đại biểu chính thức").input_value() == "186"
    assert page.get_by_label("Số đảng viên được đại diện").input_value() == "1.535"
    page.screenshot(path=output_dir / "congress.png", full_page=True)
