"""A document of the congress file as Word (.docx), through python-docx, for the office to edit.

Set as Hướng dẫn 36-HD/VPTW sets Party documents: A4, margins 20 / 20 / 30 / 15 mm, Times New
Roman 13 pt (Word has it; LibreOffice sets the same text in Liberation Serif, whose letters have
the same widths, so the lines break alike). The heading is a borderless two-column table, as
offices lay it out by hand. Footnotes are the source numbers in square brackets, superscript,
with the numbered list of sources at the end: python-docx writes no Word footnotes.
"""

import io
import re
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from records.vietnamese import format_date

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 10.5
USABLE_WIDTH_MM = 210 - 30 - 15
NOTES_WIDTH_MM = 12
# A table cell's run and paragraph properties, as python-docx would write them.
BOLD_XML = "<w:b/>"
TABLE_SIZE_XML = f'<w:sz w:val="{round(TABLE_PT * 2)}"/>'  # in half-points
RIGHT_ALIGNED_XML = '<w:pPr><w:jc w:val="right"/></w:pPr>'
# Characters XML 1.0 cannot hold (control characters): python-docx refuses them too.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render_docx(document) -> bytes:
    from docx import Document as WordDocument

    word = WordDocument()
    _page(word)
    _styles(word)
    _heading(word, document)
    _contents(word, document)
    for part in document.parts:
        word.add_heading(part.title, level=1)
        for section in part.sections:
            word.add_heading(section.title, level=2)
            for block in section.blocks:
                _block(word, block)
    if document.signature is not None:
        _signature(word, document.signature)
    _sources(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _page(word):
    from docx.shared import Mm

    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _set_font(style_or_run, size=None, bold=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = style_or_run.font
    font.name = FONT
    font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    # Word picks the font of each script from rFonts; the Vietnamese letters must not fall back.
    element = style_or_run.element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _styles(word):
    _set_font(word.styles["Normal"], BODY_PT)
    _set_font(word.styles["Heading 1"], 14, bold=True)
    _set_font(word.styles["Heading 2"], BODY_PT, bold=True)
    _set_font(word.styles["Title"], 15, bold=True)


def _paragraph(container, text="", *, bold=False, italic=False, underline=False, center=False, size=None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return paragraph


def _notes(paragraph, notes):
    for number in notes:
        run = paragraph.add_run(f"[{number}]")
        run.font.superscript = True


def _heading(word, document):
    table = word.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    heading = document.heading
    left.paragraphs[0].alignment = right.paragraphs[0].alignment = 1  # centred
    if heading.superior:
        left.paragraphs[0].add_run(heading.superior)
        _paragraph(left, heading.issuer, bold=True, center=True)
    else:
        left.paragraphs[0].add_run(heading.issuer).bold = True
    _paragraph(left, "*", center=True)
    party = right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    party.bold = party.underline = True
    _paragraph(right, heading.place_and_date, italic=True, center=True)
    _paragraph(word, document.kind, bold=True, center=True, size=15)
    _paragraph(word, document.title, bold=True, center=True)
    if document.recipient:
        _paragraph(word, document.recipient, italic=True, center=True)


def _contents(word, document):
    word.add_heading(_("Mục lục"), level=1)
    for part in document.parts:
        _paragraph(word, part.title, bold=True)
        for number, section in enumerate(part.sections, start=1):
            paragraph = _paragraph(word, f"{number}. {section.title}")
            if section.missing:
                paragraph.add_run(f" ({_('chưa có')})").italic = True
    _paragraph(word, _("Danh mục nguồn"), bold=True)


def _block(word, block):
    if block.kind == "fact":
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{block.label}: ").bold = True
        if block.missing:
            run = paragraph.add_run(_("chưa có"))
            run.bold = run.italic = True
        else:
            paragraph.add_run(block.value)
            _notes(paragraph, block.notes)
    elif block.kind == "paragraph":
        paragraph = _paragraph(word, block.text, bold=block.emphasis)
        _notes(paragraph, block.notes)
    elif block.kind == "missing":
        paragraph = word.add_paragraph()
        run = paragraph.add_run(_("chưa có"))
        run.bold = run.italic = True
        paragraph.add_run(f": {block.what}")
    elif block.kind == "table":
        _table(word, block)
    # A figure (the chart) draws what the table beside it says: Word gets the table only.


def _table(word, block):
    """The table, its rows written as WordprocessingML and parsed at once, as python-docx makes
    a new table: adding rows and runs one call at a time took seconds for a list of 300."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm

    headers = [*block.headers, _("Nguồn")]
    table = word.add_table(rows=0, cols=len(headers), style="Table Grid")
    table.autofit = False
    # The first column holds the longest text (a name, a task): it gets twice a column's share.
    share = (USABLE_WIDTH_MM - NOTES_WIDTH_MM) / (len(block.headers) + 1)
    widths = [Mm(share * 2)] + [Mm(share)] * (len(block.headers) - 1) + [Mm(NOTES_WIDTH_MM)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    twips = [round(width.twips) for width in widths]
    rows = [_row_xml(headers, twips, block.numeric, bold=True)]
    rows.extend(
        _row_xml([*row.cells, " ".join(f"[{n}]" for n in row.notes)], twips, block.numeric)
        for row in block.rows
    )
    for row in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"):
        table._tbl.append(row)


def _row_xml(cells, twips, right, bold=False):
    """A table row (w:tr): each cell its width, one paragraph, one run at the tables' size."""
    size = f'<w:sz w:val="{round(TABLE_PT * 2)}"/>'
    run_properties = f"<w:rPr>{'<w:b/>' if bold else ''}{size}</w:rPr>"
    return "<w:tr>{}</w:tr>".format(
        "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>'
            f"{'<w:pPr><w:jc w:val="right"/></w:pPr>' if index in right else ''}"
            f"<w:r>{run_properties}{_text_xml(str(text))}</w:r></w:p></w:tc>"
            for index, (text, width) in enumerate(zip(cells, twips, strict=True))
        )
    )


def _text_xml(text):
    """Text as w:t, w:br and w:tab elements, as python-docx's Run.text writes it."""
    parts = []
    for index, line in enumerate(text.split("\n")):
        if index:
            parts.append("<w:br/>")
        for column, piece in enumerate(line.split("\t")):
            if column:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(_XML_INVALID.sub("", piece))}</w:t>')
    return "".join(parts)


def _signature(word, signature):
    table = word.add_table(rows=1, cols=2)
    cell = table.rows[0].cells[1]
    cell.paragraphs[0].alignment = 1
    cell.paragraphs[0].add_run(signature.on_behalf).bold = True
    _paragraph(cell, signature.title, bold=True, center=True)
    _paragraph(cell, "", center=True)
    _paragraph(cell, "", center=True)
    if signature.name:
        _paragraph(cell, signature.name, bold=True, center=True)
    else:
        _paragraph(cell, _("chưa có"), bold=True, italic=True, center=True)


def _sources(word, document):
    word.add_heading(_("Danh mục nguồn"), level=1)
    numbered = document.citations.numbered()
    if not numbered:
        _paragraph(word, _("chưa có"), bold=True, italic=True)
    for number, source in numbered:
        details = [source.get_kind_display(), source.publisher, source.author]
        if source.published_on:
            details.append(format_date(source.published_on))
        text = f"[{number}] {source.title} ({', '.join(str(d) for d in details if d)})"
        if source.url:
            text = f"{text}. {source.url}"
        _paragraph(word, text)
