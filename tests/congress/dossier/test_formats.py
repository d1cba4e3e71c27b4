"""The seed congress's file rendered to PDF and Word and read back (issue 16's done-when)."""

import pytest

from congress.dossier import fonts
from congress.dossier.documents import approval_request, congress_file, results_report
from congress.dossier.gather import CongressRecords
from congress.dossier.pdf import render_pdf
from congress.dossier.word import render_docx
from congress.models import Congress
from records.models import Source
from tests.congress.dossier.reading import (
    docx_headings,
    docx_page,
    docx_text,
    embedded_file,
    pdf_fonts,
    pdf_text,
    to_unicode,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """The three documents of the seed congress, each as PDF and Word, rendered once for the module."""
    from tests.article import load_article

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_article()
            records = CongressRecords.load(Congress.objects.get().uid)
            documents = {
                build.__name__: build(records) for build in (congress_file, results_report, approval_request)
            }
            files = {name: (render_pdf(d), render_docx(d)) for name, d in documents.items()}
            sources = list(Source.objects.values_list("title", "url"))
            transaction.set_rollback(True)
    return documents, files, sources


def squeeze(text):
    """Text with its line breaks and runs of spaces as single spaces: PDF lines break anywhere."""
    return " ".join(text.split())


@pytest.mark.parametrize("reader", [pdf_text, docx_text], ids=["pdf", "docx"])
def test_the_file_holds_the_counts_every_source_and_every_section_heading(rendered, reader):
    documents, files, sources = rendered
    document = documents["congress_file"]
    pdf, docx = files["congress_file"]
    text = squeeze(reader(pdf if reader is pdf_text else docx))

    assert "Số đại biểu chính thức: 186" in text
    assert "Số đảng viên được đại diện: 1.535" in text
    assert "Số tổ chức đảng trực thuộc được đại diện: 55" in text
    assert "Ban Chấp hành: đã ghi nhận / số ủy viên: 0 / 27" in text
    assert len(sources) == 2
    for title, url in sources:
        assert squeeze(title) in text
        assert not url or url in text.replace(" ", "")
    for part in document.parts:
        assert part.title in text
        for section in part.sections:
            assert squeeze(section.title) in text
    assert "Danh mục nguồn" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG ỦY PHƯỜNG THIÊN HƯƠNG" in text


def test_the_word_file_is_a4_with_each_section_a_heading(rendered):
    documents, files, _ = rendered
    _, docx = files["congress_file"]

    assert docx_page(docx) == (210, 297)
    assert docx_headings(docx, 2) == [section.title for section in documents["congress_file"].sections]


def test_every_character_of_the_pdf_is_drawn_by_the_embedded_liberation_serif(rendered):
    for name, (pdf, _) in rendered[1].items():
        used = pdf_fonts(pdf)
        # Only the serif the print CSS embeds: no fallback font drew a letter it lacks.
        assert used and all(base.split("+")[-1].startswith("Ho-so-Serif") for base in used), (name, used)
        drawn = set()
        for font in used.values():
            glyphs = to_unicode(font)
            # Glyph 0 is .notdef, the box a font draws for a character it does not have.
            assert 0 not in glyphs, (name, glyphs.get(0))
            program = embedded_file(font)
            assert max(glyphs) < program["maxp"].numGlyphs
            drawn.update("".join(glyphs.values()))
        text = set(pdf_text(pdf)) - set(" \n")
        assert text <= drawn, (name, sorted(text - drawn))
        assert {"Ủ", "ư", "ệ", "Đ", "ờ"} <= text


def test_the_fonts_cover_every_vietnamese_letter_and_the_old_liberation_does_not(tmp_path):
    for face in fonts.faces():
        assert fonts.covers_vietnamese(face.path), face.path
    assert not fonts.covers_vietnamese(tmp_path / "LiberationSerif-Regular.ttf")


def test_the_report_and_the_request_for_approval_go_up_with_personnel_still_missing(rendered):
    _, files, _ = rendered
    for name in ("results_report", "approval_request"):
        pdf, docx = files[name]
        for text in (squeeze(pdf_text(pdf)), squeeze(docx_text(docx))):
            assert "Kính gửi: Thành ủy" in text
            assert "chưa có: Biên bản kiểm phiếu" in text
            assert "T/M ĐẢNG ỦY" in text and "BÍ THƯ" in text
            assert "Vương Toàn Thu Thủy" in text
    assert "BÁO CÁO" in pdf_text(files["results_report"][0])
    assert "TỜ TRÌNH" in pdf_text(files["approval_request"][0])
