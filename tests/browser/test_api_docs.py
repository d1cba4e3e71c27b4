"""The read API's documentation page in a real Chromium: Swagger UI from the site's own files,
within the Content Security Policy, listing the operations, and reading records with a key."""

import pytest
from playwright.sync_api import expect

from tests.api import issue_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_read_the_documentation_and_try_an_operation_with_a_key(
    page, log_in, article, django_user_model
):
    found = []
    page.on(
        "console",
        lambda message: message.type == "error"
        and ("Content Security Policy" in message.text or message.text.startswith("Refused to"))
        and found.append(message.text),
    )
    page.on("pageerror", lambda error: found.append(str(error)))
    log_in()
    _, key = issue_key(django_user_model.objects.get(username="clerk"))

    response = page.goto("/api/v1/docs")
    assert response.status == 200
    expect(page.get_by_text("Danh sách người", exact=True)).to_be_visible()
    page.get_by_role("button", name="Authorize").click()
    page.locator(".modal-ux input").fill(key)
    page.locator(".modal-ux button.modal-btn.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    page.get_by_text("Danh sách người", exact=True).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()

    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(page.locator(".live-responses-table")).to_contain_text("Vương Toàn Thu Thủy")
    assert found == []
