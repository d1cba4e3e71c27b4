"""A document of the congress file as PDF, through WeasyPrint.

The HTML is the page's own (templates/congress/dossier/document.html) inside a print frame that
sets A4 and the margins of Hướng dẫn 36-HD/VPTW and embeds Liberation Serif from its files
(fonts.py), so every glyph of the Vietnamese text comes from one known font.

A thread keeps one font configuration and one URL fetcher for all the documents it renders: a
new FontConfiguration reloads fontconfig's fonts and copies the four font files again, and a
new fetcher builds an SSL context, for each of the three PDFs of a congress file. The fonts the
configuration holds are the same four whatever the document, so what it keeps does not grow with
the number of documents. The fetcher reads local files only: the print frame links nothing else,
and a URL in the records (a source's address) is printed, never fetched.
"""

import threading

from django.template.loader import render_to_string

from . import fonts

_renderer = threading.local()


def renderer():
    """This thread's (FontConfiguration, URLFetcher), made on its first document."""
    # Imported here: WeasyPrint loads Pango through cffi, which the rest of the site does not need.
    from weasyprint import URLFetcher
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_renderer, "fonts"):
        _renderer.fonts = FontConfiguration()
        _renderer.fetcher = URLFetcher(allowed_protocols=("file",))
    return _renderer.fonts, _renderer.fetcher


def render_pdf(document) -> bytes:
    from weasyprint import HTML

    font_config, fetcher = renderer()
    html = render_to_string(
        "congress/dossier/print.html",
        {"document": document, "faces": fonts.faces(), "family": fonts.FAMILY, "printing": True},
    )
    return HTML(string=html, url_fetcher=fetcher).write_pdf(font_config=font_config)
