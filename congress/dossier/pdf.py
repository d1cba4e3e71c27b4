"""A document of the congress file as PDF, through WeasyPrint.

The HTML is the page's own (templates/congress/dossier/document.html) inside a print frame that
sets A4 and the margins of Hướng dẫn 36-HD/VPTW and embeds Liberation Serif from its files
(fonts.py), so every glyph of the Vietnamese text comes from one known font.
"""

from django.template.loader import render_to_string

from . import fonts


def render_pdf(document) -> bytes:
    # Imported here: WeasyPrint loads Pango through cffi, which the rest of the site does not need.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(
        "congress/dossier/print.html",
        {"document": document, "faces": fonts.faces(), "family": fonts.FAMILY, "printing": True},
    )
    font_config = FontConfiguration()
    return HTML(string=html).write_pdf(font_config=font_config)
