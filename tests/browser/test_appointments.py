"""A clerk records an appointment decision through the admin, in a real Chromium (issue 14).

In 2025 many new wards' committees were appointed by the higher committee, not elected. The
decision and the three people are test data: the article names no appointment, and its
committee stays at “0 / 27” until the decision is saved, which makes its posts memberships.
"""

import datetime

import pytest
from playwright.sync_api import expect

from congress.models import AppointmentDecision, Congress
from records.models import LegalDocument, Membership, Person
from records.models.documents import DocumentType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECISION = "Quyết định 1908-QĐ/TU"
# (person, role as the form lists it, title as the decision writes it)
POSTS = [
    ("Trần Thị Lan", "Bí thư", "Bí thư Đảng ủy phường"),
    ("Đỗ Văn Hùng", "Phó Bí thư", "Phó Bí thư Thường trực Đảng ủy phường"),
    ("Vũ Minh Tâm", "Phó Bí thư", "Phó Bí thư Đảng ủy phường"),
]


def choose(page, field_id, text, typed):
    """Pick `text` in a select2 autocomplete by typing `typed` (no diacritics, as a clerk types)."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_clerk_records_an_appointment_and_the_congress_page_counts_its_posts(page, log_in, article, output_dir):
    log_in()
    LegalDocument.objects.create(
        document_type=DocumentType.DECISION,
        symbol="1908-QĐ/TU",
        summary="Về việc chỉ định Bí thư, Phó Bí thư Đảng ủy phường Thiên Hương nhiệm kỳ 2025-2030",
        issued_on=datetime.date(2025, 6, 30),
    )
    for name, _, _ in POSTS:
        Person.objects.create(full_name=name)
    congress = Congress.objects.get()

    page.goto(congress.get_absolute_url())
    expect(page.locator(".committee-seats")).to_have_text("0 / 27")
    expect(page.get_by_text("Chưa ghi nhận quyết định chỉ định nào.")).to_be_visible()
    page.screenshot(path=output_dir / "before.png", full_page=True)

    # From the congress's admin page, as a clerk finds it: the committee is filled in for them.
    page.goto(f"/admin/congress/congress/{congress.pk}/change/")
    page.get_by_role("link", name="Thêm quyết định chỉ định").click()
    page.wait_for_url("**/admin/congress/appointmentdecision/add/**")
    expect(page.locator("#select2-id_organisation-container")).to_contain_text(
        "Ban Chấp hành Đảng bộ phường Thiên Hương"
    )
    expect(page.locator("#select2-id_congress-container")).to_contain_text("Đại hội Đảng bộ phường Thiên")
    choose(page, "id_document", DECISION, "1908")
    for index, (name, role, title) in enumerate(POSTS):
        page.locator("#posts-group .add-row a").click()
        choose(page, f"id_posts-{index}-person", name, name.split()[-1])
        page.locator(f"#id_posts-{index}-role").select_option(label=role)
        page.locator(f"#id_posts-{index}-title").fill(title)
    page.screenshot(path=output_dir / "decision-form.png", full_page=True)
    page.get_by_role("button", name="Lưu lại", exact=True).click()

    page.wait_for_url("**/admin/congress/appointmentdecision/")
    decision = AppointmentDecision.objects.get()
    assert decision.posts.count() == 3
    assert Membership.objects.filter(organisation=decision.organisation).count() == 3

    page.goto(congress.get_absolute_url())
    expect(page.locator(".committee-seats")).to_have_text("3 / 27")
    appointment = page.locator("article.appointment")
    expect(appointment.get_by_role("heading", level=3)).to_contain_text(DECISION)
    expect(appointment.locator("li")).to_have_text(
        [f"{name} — {title} (theo {DECISION})" for name, _, title in POSTS], use_inner_text=True
    )
    page.screenshot(path=output_dir / "after.png", full_page=True)
