"""A clerk pastes a congress report into the review screen, in a real Chromium (issue 15).

The report is the small made-up one of tests/congress/reading/small.py with a guest, read by the
real reader. The clerk unticks one person, fixes one number and accepts; the records appear
citing the new Source, and pasting the report again proposes nothing new but the person left out.
"""

import pytest
from playwright.sync_api import expect

from congress.models import Congress
from records.models import Person, Source
from tests.congress.reading.small import WITH_GUEST, ward

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paste_untick_fix_accept_then_paste_again(page, log_in, output_dir):
    ward()
    log_in()

    page.goto("/admin/congress/congress/")
    page.get_by_role("link", name="Đọc bài báo về đại hội").click()
    page.get_by_label("Nội dung bài báo").fill(WITH_GUEST)
    page.get_by_label("Tiêu đề").fill("Đại hội Đảng bộ phường Tân Lạc")
    page.get_by_role("button", name="Đọc bài báo").click()

    expect(page.locator("#item-person-0 mark")).to_have_text("Lê Văn An")
    expect(page.locator("#item-person-1")).to_contain_text("Trần Thị Bình")
    page.get_by_label("Ghi Trần Thị Bình").uncheck()
    page.get_by_label("Số đại biểu Đảng bộ phường Tân Lạc").fill("121")
    page.screenshot(path=output_dir / "review.png", full_page=True)
    page.get_by_role("button", name="Ghi các đề xuất đã chọn").click()
    page.wait_for_url("**/admin/congress/congress/*/change/")

    source = Source.objects.get(title="Đại hội Đảng bộ phường Tân Lạc")
    congress = Congress.objects.get()
    assert congress.delegate_count == 121
    assert list(congress.sources.all()) == [source]
    assert list(Person.objects.get(full_name="Lê Văn An").sources.all()) == [source]
    assert not Person.objects.filter(full_name="Trần Thị Bình").exists()

    page.goto("/admin/congress/congress/read-report/")
    page.get_by_label("Nội dung bài báo").fill(WITH_GUEST)
    page.get_by_role("button", name="Đọc bài báo").click()
    new = page.locator("td.reading-status-new")
    expect(new).to_have_count(1)
    expect(page.locator("#item-person-1 td.reading-status-new")).to_have_text("mới")
