"""Layout in a real Chromium: the congress form on a 1,366 px screen, list tables on a phone.

The seed congress's form used to be 2,457 px wide on a 1,366 px screen (its attendances,
speeches, indicators and tasks as table rows), its save buttons off the screen; a phone
showed a list's fourth column only after a sideways scroll nothing hinted at.
"""

import pytest

from congress.models import Congress

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strict_templates"),
]


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_seed_congress_form_fits_a_1366_px_screen_with_its_save_button(page, log_in, article, output_dir):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in()

    congress = Congress.objects.get()
    page.goto(f"/admin/congress/congress/{congress.pk}/change/")

    assert page.locator(".inline-related.has_original").count() == (
        congress.attendances.count()
        + congress.speeches.count()
        + congress.indicators.count()
        + congress.tasks.count()
    )
    assert page_width(page) <= 1366
    save = page.get_by_role("button", name="Lưu lại").first
    box = save.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1366
    # The save buttons above the form are on the first screen, without scrolling.
    assert box["y"] + box["height"] <= 768
    page.screenshot(path=output_dir / "congress-form.png", full_page=True)


@pytest.mark.parametrize("address", ["/people/", "/indicators/", "/tasks/"])
def test_a_phone_shows_every_column_of_a_list_under_the_row_name(page, log_in, article, output_dir, address):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in()

    page.goto(address)

    assert page_width(page) <= 390
    row = page.locator("table.records tbody tr").first
    name = row.locator("th").bounding_box()
    assert name["x"] >= 0 and name["x"] + name["width"] <= 390
    cells = row.locator("td")
    headings = page.locator("table.records thead th")
    for index in range(cells.count()):
        cell = cells.nth(index)
        box = cell.bounding_box()
        # Each column is on screen, under the name, after its heading.
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, index
        assert box["y"] >= name["y"] + name["height"] - 1
        label = headings.nth(index + 1).get_attribute("data-label")
        assert cell.get_attribute("data-label") == label
        before = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
        assert label in before
    page.screenshot(path=output_dir / "phone-list.png", full_page=True)
