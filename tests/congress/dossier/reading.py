"""Reading the congress file's PDF and Word files back, as a person or another program would."""

import io
import re

from docx import Document as WordDocument
from fontTools.ttLib import TTFont
from pypdf import PdfReader


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_fonts(content):
    """{base font name: font dictionary} of every font the PDF's pages use."""
    reader = PdfReader(io.BytesIO(content))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def embedded_file(font):
    """The font program embedded for a Type0 (CID) font, opened with fontTools."""
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    return TTFont(io.BytesIO(stream.get_object().get_data()))


def to_unicode(font):
    """{glyph id: text} of a font's ToUnicode map, which says which glyph draws which character."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for glyph, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(glyph, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = bytes.fromhex(text).decode("utf-16-be")
            for offset, glyph in enumerate(range(int(first, 16), int(last, 16) + 1)):
                mapping[glyph] = start[:-1] + chr(ord(start[-1]) + offset)
    return mapping


def docx_text(content):
    """Every paragraph of a Word file, the tables' cells included, in order."""
    document = WordDocument(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def docx_headings(content, level):
    document = WordDocument(io.BytesIO(content))
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def docx_page(content):
    section = WordDocument(io.BytesIO(content)).sections[0]
    return round(section.page_width.mm), round(section.page_height.mm)


def pdf_visible_text(content):
    """The PDF's text, page by page, leaving out what is drawn outside the page (below its foot
    or past its edge), which text extraction alone would still read."""
    reader = PdfReader(io.BytesIO(content))
    pages = []
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        seen = []

        def visit(text, cm, tm, font, size, seen=seen, width=width, height=height):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and 0 <= x <= width and 0 <= y <= height:
                seen.append(text)

        page.extract_text(visitor_text=visit)
        pages.append(" ".join(" ".join(seen).split()))
    return pages
