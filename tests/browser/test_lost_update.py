"""Two clerks open one person's page in two browsers and save one after the other: the second is
refused with what the first changed, and saving again keeps both changes."""

import pytest

from records.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mật-khẩu-thử-2025"


def clerk_page(browser, live_server, django_user_model, username, first_name, last_name):
    django_user_model.objects.create_superuser(
        username, f"{username}@example.invalid", PASSWORD, first_name=first_name, last_name=last_name
    )
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")
    return page


def test_the_second_of_two_saves_is_refused_and_reapplied(
    browser, live_server, django_user_model, output_dir
):
    person = Person.objects.create(full_name="Nguyễn Văn An", birth_year=1970)
    url = f"/admin/records/person/{person.pk}/change/"
    an = clerk_page(browser, live_server, django_user_model, "an", "Nguyễn Văn", "An")
    lan = clerk_page(browser, live_server, django_user_model, "lan", "Trần Thị", "Lan")
    an.goto(url)
    lan.goto(url)

    lan.get_by_label("Năm sinh").fill("1971")
    lan.get_by_role("button", name="Lưu lại", exact=True).click()
    lan.wait_for_url("**/admin/records/person/")
    an.get_by_label("Ghi chú").fill("Đã xác minh lý lịch")
    an.get_by_role("button", name="Lưu lại", exact=True).click()

    error = an.locator(".errorlist.nonfield")
    assert "Bản ghi này đã được người khác sửa sau khi bạn mở trang" in error.inner_text()
    assert "Trần Thị Lan đã sửa lúc" in error.inner_text() and "Năm sinh: 1970 → 1971" in error.inner_text()
    assert an.get_by_label("Năm sinh").input_value() == "1971"
    assert an.get_by_label("Ghi chú").input_value() == "Đã xác minh lý lịch"
    an.screenshot(path=output_dir / "refused.png", full_page=True)

    an.get_by_role("button", name="Lưu lại", exact=True).click()
    an.wait_for_url("**/admin/records/person/")
    person.refresh_from_db()
    assert (person.birth_year, person.note) == (1971, "Đã xác minh lý lịch")
    for page in (an, lan):
        page.context.close()
