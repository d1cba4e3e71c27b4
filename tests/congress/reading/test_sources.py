"""The text of a file and the header at its top."""

import datetime as dt
import io

import docx
import pytest

from congress.reading.sources import UnreadableFile, html_text, split_header, text_of_file

HEADER = "Nguồn: Báo Mẫu\nĐịa chỉ: https://example.invalid/bai-viet\nNgày: 05/09/2025\n\nTiêu đề bài\n"


def test_the_header_gives_publisher_address_date_and_where_the_body_starts():
    header = split_header(HEADER)
    assert header.publisher == "Báo Mẫu"
    assert header.address == "https://example.invalid/bai-viet"
    assert header.published_on == dt.date(2025, 9, 5)
    assert HEADER[header.body_start :].startswith("Tiêu đề bài")


def test_no_header_means_the_body_is_the_whole_text():
    header = split_header("Sáng 3/9, đại hội khai mạc.")
    assert header.body_start == 0 and header.published_on is None


def test_a_date_that_cannot_be_read_is_left_out():
    assert split_header("Ngày: hôm qua\n\nThân bài.").published_on is None


def test_txt_docx_and_html_give_their_text():
    assert text_of_file("a.txt", "Đảng bộ xã".encode()) == "Đảng bộ xã"
    document = docx.Document()
    document.add_paragraph("Đoạn một.")
    document.add_paragraph("Đoạn hai.")
    buffer = io.BytesIO()
    document.save(buffer)
    assert text_of_file("a.docx", buffer.getvalue()) == "Đoạn một.\n\nĐoạn hai."
    markup = (
        "<html><head><style>p{}</style></head>"
        "<body><p>Một&nbsp;câu.</p><script>x()</script><p>Hai.</p></body></html>"
    )
    assert text_of_file("a.html", markup.encode()) == "Một câu.\n\nHai."


def test_an_unknown_or_broken_file_is_refused_with_its_name():
    with pytest.raises(UnreadableFile, match="a.pdf"):
        text_of_file("a.pdf", b"%PDF")
    with pytest.raises(UnreadableFile, match="a.txt"):
        text_of_file("a.txt", b"\xff\xfe\xfa")
    with pytest.raises(UnreadableFile, match="a.docx"):
        text_of_file("a.docx", b"not a zip")


def test_html_text_drops_scripts():
    assert html_text("<div>A</div><noscript>B</noscript>") == "A"
