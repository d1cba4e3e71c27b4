"""The Vietnamese catalogue: the libraries' strings their own catalogues leave in English.

locale/vi/LC_MESSAGES holds English msgids of Django, django-import-export, django-filter and
django-simple-history with their Vietnamese. Each msgid must be one an installed library still
uses (else it translates nothing), translated with its placeholders, and compiled.
"""

from pathlib import Path

import django
import django_filters
import import_export
import pytest
import simple_history
from django.utils import translation

from tests.test_translations import parse_po, placeholders

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
LIBRARIES = [Path(module.__file__).parent for module in (django, import_export, django_filters, simple_history)]


@pytest.fixture(scope="module")
def messages():
    return [entry for entry in parse_po(PO_PATH) if not entry.is_header]


@pytest.fixture(scope="module")
def library_msgids():
    """Every (context, msgid, plural) of the installed libraries' catalogues, in any language."""
    found = set()
    for library in LIBRARIES:
        for po in library.glob("**/locale/*/LC_MESSAGES/django.po"):
            found |= {(e.msgctxt, e.msgid, e.msgid_plural) for e in parse_po(po) if not e.is_header}
    return found


def test_header_declares_vietnamese_with_one_plural_form():
    header = next(entry for entry in parse_po(PO_PATH) if entry.is_header)
    fields = dict(line.split(":", 1) for line in header.msgstr.splitlines() if ":" in line)
    assert fields["Language"].strip() == "vi"
    assert fields["Plural-Forms"].strip() == "nplurals=1; plural=0;"


def test_every_msgid_is_one_a_library_uses(messages, library_msgids):
    stale = [
        str(entry)
        for entry in messages
        if (entry.msgctxt, entry.msgid, entry.msgid_plural) not in library_msgids
    ]
    assert not stale, "msgids no installed library has:\n" + "\n".join(stale)


def test_every_entry_is_translated_with_its_placeholders(messages):
    wrong = []
    for entry in messages:
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for text in entry.translations:
            if not text.strip() or placeholders(text) != expected:
                wrong.append(f"{entry}: {text!r}")
    assert not wrong, "\n".join(wrong)


def test_compiled_catalogue_is_what_django_serves(messages):
    stale = []
    with translation.override("vi"):
        for entry in messages:
            if entry.msgid_plural is not None:
                served = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                expected = entry.msgstr_plural[0]
            elif entry.msgctxt is not None:
                served, expected = translation.pgettext(entry.msgctxt, entry.msgid), entry.msgstr
            else:
                served, expected = translation.gettext(entry.msgid), entry.msgstr
            if served != expected:
                stale.append(f"{entry}: .po {expected!r}, served {served!r}")
    assert not stale, "the .mo does not match the .po (run compilemessages -l vi):\n" + "\n".join(stale)
