"""The read API's documentation page in a real Chromium: Swagger UI from the site's own files,
within the Content Security Policy, listing the operations, and reading records with a key.

In Vietnamese Swagger UI's own labels are Vietnamese too (records/static/records/swagger_ui_vi.js):
the page is read for English as every Vietnamese page is (tests/vietnamese_pages.py). In English
the page is Swagger UI as it comes.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.api import issue_key, names_in
from tests.vietnamese_pages import english_phrases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The page without code and Swagger UI's verbatim blocks (.microlight): the request as cURL, its
# address, the answer's headers and body, example values. They are what goes over the wire, not
# words of the page.
WITHOUT_VERBATIM = """() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll("code, .microlight").forEach((element) => element.remove());
    return body.outerHTML;
}"""


def policy_and_script_errors(page):
    """What the page breaks: the console's reports of the policy and uncaught script errors."""
    found = []
    page.on(
        "console",
        lambda message: message.type == "error"
        and ("Content Security Policy" in message.text or message.text.startswith("Refused to"))
        and found.append(message.text),
    )
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def english_on(page, names):
    return english_phrases(page.evaluate(WITHOUT_VERBATIM), names=names)


def schema(page, name):
    """A schema of the Schemas section, by its name."""
    title = page.locator(".json-schema-2020-12__title").get_by_text(name, exact=True)
    return page.locator(".models article[data-json-schema-level='0']").filter(has=title)


def test_staff_read_the_documentation_and_try_an_operation_with_a_key(
    page, log_in, article, django_user_model
):
    found = policy_and_script_errors(page)
    log_in()
    _, key = issue_key(django_user_model.objects.get(username="clerk"))

    response = page.goto("/api/v1/docs")
    assert response.status == 200
    expect(page.get_by_text("Danh sách người", exact=True)).to_be_visible()
    page.get_by_role("button", name="Xác thực", exact=True).click()
    page.locator(".modal-ux input").fill(key)
    page.locator(".modal-ux button.modal-btn.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    page.get_by_text("Danh sách người", exact=True).click()
    page.get_by_role("button", name="Thử gọi").click()
    page.get_by_role("button", name="Thực hiện").click()

    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(page.locator(".live-responses-table")).to_contain_text("Vương Toàn Thu Thủy")
    assert found == []


def test_in_vietnamese_swagger_ui_shows_no_english(page, log_in, article, django_user_model, output_dir):
    found = policy_and_script_errors(page)
    log_in()
    _, key = issue_key(django_user_model.objects.get(username="clerk"))
    names = names_in(page.request.get("/api/v1/openapi.json").json())
    english = []

    page.goto("/api/v1/docs")
    expect(page.get_by_text("Danh sách người", exact=True)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "vi"
    english += english_on(page, names)

    # The authorize dialog, before and after the key.
    page.get_by_role("button", name="Xác thực", exact=True).click()
    expect(page.get_by_text("Các cách xác thực")).to_be_visible()
    english += english_on(page, names)
    page.get_by_label("Mã truy cập API").fill(key)
    page.get_by_role("button", name="Xác thực bằng mã đã nhập").click()
    expect(page.get_by_role("button", name="Hủy xác thực")).to_be_visible()
    english += english_on(page, names)
    page.screenshot(path=output_dir / "authorized.png")
    page.get_by_role("button", name="Đóng").click()

    # One operation tried and executed, and one with a required parameter opened.
    page.get_by_text("Danh sách người", exact=True).click()
    page.get_by_role("button", name="Thử gọi").click()
    page.get_by_role("button", name="Thực hiện").click()
    expect(page.locator(".live-responses-table")).to_contain_text("Vương Toàn Thu Thủy")
    page.get_by_text("Một người", exact=True).click()
    required = page.locator(".parameter__name.required").first
    expect(required).to_contain_text("uid")
    # Swagger UI's stylesheet writes this word itself (content:), out of the text's reach.
    assert required.evaluate("element => getComputedStyle(element, '::after').content") == '"bắt buộc"'

    # The schemas: the section open, two schemas opened all the way down (keyword names,
    # bounds, items, allowed values). The others cite SourceOut, whose docstring is English.
    expect(page.locator(".models-control")).to_have_attribute("aria-expanded", "true")
    for name in ("PersonFilters", "InvalidOut"):
        schema(page, name).get_by_role("button", name="Mở rộng tất cả").click()
    expect(schema(page, "InvalidOut").get_by_text("Phần tử", exact=True)).to_be_visible()
    english += english_on(page, names)
    page.screenshot(path=output_dir / "vietnamese.png", full_page=True)

    assert list(dict.fromkeys(english)) == []
    assert found == []


def test_in_english_swagger_ui_is_left_as_it_is(page, log_in, article, output_dir):
    log_in()
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    page.goto("/api/v1/docs")
    expect(page.get_by_role("button", name="Authorize", exact=True)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("script[src*='swagger_ui_vi'], link[href*='swagger_ui_vi']").count() == 0
    page.locator(".opblock-summary-control").first.click()
    expect(page.get_by_role("button", name="Try it out")).to_be_visible()
    expect(page.get_by_text("Parameters", exact=True)).to_be_visible()
    page.screenshot(path=output_dir / "english.png", full_page=True)
    assert re.search(r"\bSchemas\b", page.inner_text("body"))
