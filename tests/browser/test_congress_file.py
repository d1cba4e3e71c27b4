"""The congress file's page in Chromium, printed to PDF as an office would print it."""

import datetime
import io

import pytest
from pypdf import PdfReader

from congress.models import Congress
from tests.congress.dossier.personnel_records import elected_congress
from tests.congress.factories import CongressFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strict_templates"),
]

# 210 × 297 mm; Chromium rounds A4 to whole hundredths of an inch (8.27 × 11.7 in), within 2 points.
A4_POINTS = (595.28, 841.89)


def test_the_file_page_prints_on_a4_with_no_table_wider_than_the_page(page, log_in, article, output_dir):
    log_in()
    congress = Congress.objects.get()

    page.goto(congress.get_absolute_url())
    page.get_by_role("link", name="Hồ sơ Đại hội: mục lục").click()
    assert page.get_by_role("heading", level=1).inner_text() == "HỒ SƠ ĐẠI HỘI"
    assert page.get_by_role("link", name="Kết quả bầu cử (chưa có)").is_visible()
    page.screenshot(path=output_dir / "file.png", full_page=True)

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    widths = page.evaluate(
        "() => [...document.querySelectorAll('main table')]"
        ".map(t => [t.scrollWidth, t.closest('main').clientWidth])"
    )
    assert widths and all(table <= main for table, main in widths), widths
    pdf = page.pdf(format="A4", print_background=True)
    (output_dir / "file.pdf").write_bytes(pdf)

    reader = PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        assert (round(float(sheet.mediabox.width), 1), round(float(sheet.mediabox.height), 1)) == (
            pytest.approx(A4_POINTS[0], abs=2),
            pytest.approx(A4_POINTS[1], abs=2),
        )
    text = " ".join(" ".join(sheet.extract_text() for sheet in reader.pages).split())
    assert "Số đảng viên được đại diện: 1.535" in text
    assert "0 / 27" in text


def test_an_elected_congresss_file_prints_its_tallies_and_make_up_within_a4(page, log_in, output_dir):
    log_in()
    congress = elected_congress()

    page.goto(f"/congresses/{congress.uid}/ho-so/")
    assert page.get_by_role("link", name="Kết quả bầu cử", exact=True).is_visible()
    assert "91,40 %" in page.locator("#muc-bau-cu").inner_text()
    assert "66,7 %" in page.locator("#muc-ban-chap-hanh-khoa-moi").inner_text()

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    widths = page.evaluate(
        "() => [...document.querySelectorAll('main table')]"
        ".map(t => [t.scrollWidth, t.closest('main').clientWidth])"
    )
    assert len(widths) >= 6 and all(table <= main for table, main in widths), widths
    # No cell's text runs over into the next: a header kept on one line wider than its column would.
    overrun = page.evaluate(
        "() => [...document.querySelectorAll('main th, main td')]"
        ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText)"
    )
    assert overrun == []
    pdf = page.pdf(format="A4", print_background=True)
    (output_dir / "elected.pdf").write_bytes(pdf)
    text = " ".join(" ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Phiếu phát ra / thu vào: 186 / 185" in text
    assert "48,39 %" in text


def test_the_overview_opens_from_the_congress_list_and_leads_to_the_file(page, log_in, article, output_dir):
    log_in()
    congress = Congress.objects.get()
    # A second congress, dated, so that the chart has a month to draw.
    CongressFactory(opened_on=datetime.date(2025, 7, 2), delegate_count=120)

    page.goto("/congresses/")
    page.get_by_role("link", name="Tổng hợp đại hội cho cấp ủy cấp trên").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tổng hợp đại hội"
    table = page.get_by_role("region", name="Tổng hợp đại hội")
    row = table.get_by_role("row", name=str(congress))
    assert "186 / 1.535" in row.inner_text()
    assert "0 / 27" in row.inner_text()
    assert "Tổng cộng: 2 đại hội" in table.inner_text()
    assert "306 / 1.535" in table.inner_text()
    chart = page.get_by_role("img", name="Số đại hội đã tổ chức, đã ghi nhận kết quả và đã chuẩn y")
    assert chart.is_visible()
    assert "1 đại hội chưa có ngày khai mạc không được tính." in page.inner_text("figcaption")
    page.screenshot(path=output_dir / "overview.png", full_page=True)

    page.get_by_role("link", name="Mức đầy đủ của hồ sơ").click()
    assert "sort=score" in page.url
    row.get_by_role("link", name="/ 13").click()
    assert page.get_by_role("heading", level=1).inner_text() == "HỒ SƠ ĐẠI HỘI"
    assert page.url.endswith(f"/congresses/{congress.uid}/ho-so/")
