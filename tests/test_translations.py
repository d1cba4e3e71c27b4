"""The English catalogue: complete, compiled, and faithful to the placeholders of the source.

The source language is Vietnamese, so every string in the code is a msgid in Vietnamese and the
English catalogue (locale/en/LC_MESSAGES) must translate all of them. The .po file is read with a
small parser of our own (no third-party PO library) and compared with what Django's gettext
returns from the compiled .mo, so a .po edited without `compilemessages` fails here.

Every msgid the code uses (congress/, records/, templates/) must be in the catalogue: the test
extracts them as makemessages does (templates through Django's templatize, then GNU xgettext, into
a temporary directory) and lists those missing. To bring the catalogue up to date after new
strings (Debian's gettext package provides xgettext and msgfmt; `make test` installs it):

    DJANGO_DEBUG=1 python manage.py makemessages -l en --ignore=.venv --ignore=tests --no-obsolete
    (translate every entry with an empty msgstr and rewrite every "#, fuzzy" one: makemessages
    guesses a fuzzy msgstr from a similar msgid, usually wrongly; then delete the "#, fuzzy"
    flag and the "#|" lines above it)
    DJANGO_DEBUG=1 python manage.py compilemessages -l en
    python -m pytest -p no:xdist tests/test_translations.py

`msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po` counts what is left; a string
with a literal per cent sign that is never formatted gets a `# xgettext:no-python-format`
comment on the line above it in the code.

No database is used.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management.commands.makemessages import Command as MakeMessages
from django.utils import translation
from django.utils.translation.template import templatize

from congress.models import Congress
from records.merging import kind_name
from records.models import Membership, Organisation

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# Where makemessages finds the project's strings (tests/ is left out: --ignore=tests).
SOURCE_DIRS = ("congress", "records", "templates")
# The xgettext call of `makemessages` for the "django" domain (Django's makemessages.py).
XGETTEXT_KEYWORDS = [
    "--language=Python",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]

# A named python-format placeholder: %(name)s, %(count)d, %(share).1f ...
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[#0+ -]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
KEYWORD_RE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass
class Entry:
    line: int = 0
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: str | None = None
    msgstr_plural: dict = field(default_factory=dict)
    flags: set = field(default_factory=set)

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def translations(self):
        """Every msgstr of the entry: one, or one per plural form."""
        if self.msgid_plural is not None:
            return [self.msgstr_plural[index] for index in sorted(self.msgstr_plural)]
        return [self.msgstr]

    def __str__(self):
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


def unquote(token, line_number):
    """The text of one C-style quoted PO string."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"line {line_number}: not a quoted string: {token}")

    def replace(match):
        char = match.group(1)
        if char not in ESCAPES:
            raise ValueError(f"line {line_number}: unknown escape \\{char}")
        return ESCAPES[char]

    return re.sub(r"\\(.)", replace, token[1:-1])


def parse_po(path):
    """The entries of a .po file, header included, obsolete (#~) entries left out."""
    entries = []
    current = Entry()
    last = None  # (attribute, plural index) the continuation lines add to

    def started(entry):
        return entry.msgid is not None or entry.msgctxt is not None

    def finish():
        nonlocal current, last
        if started(current):
            if current.msgid_plural is None and current.msgstr is None:
                raise ValueError(f"{current}: entry has no msgstr")
            if current.msgid_plural is not None and not current.msgstr_plural:
                raise ValueError(f"{current}: plural entry has no msgstr[n]")
            entries.append(current)
        current, last = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if started(current):  # a comment after a msgstr begins the next entry
                finish()
            current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            if started(current) and last is not None and last[0] == "msgstr":
                finish()
            continue
        elif match := KEYWORD_RE.match(line):
            keyword, index, token = match.groups()
            text = unquote(token, number)
            if keyword in ("msgctxt", "msgid") and (
                current.msgid is not None or (keyword == "msgctxt" and current.msgctxt is not None)
            ):
                finish()  # entries not separated by a blank line
            if not started(current):
                current.line = number
            if keyword == "msgctxt":
                current.msgctxt, last = text, ("msgctxt", None)
            elif keyword == "msgid":
                current.msgid, last = text, ("msgid", None)
            elif keyword == "msgid_plural":
                current.msgid_plural, last = text, ("msgid_plural", None)
            elif index is None:
                current.msgstr, last = text, ("msgstr", None)
            else:
                current.msgstr_plural[int(index)], last = text, ("msgstr", int(index))
        elif line.startswith('"'):
            if last is None:
                raise ValueError(f"line {number}: continuation line outside an entry")
            text = unquote(line, number)
            attribute, index = last
            if index is None:
                setattr(current, attribute, getattr(current, attribute) + text)
            else:
                current.msgstr_plural[index] += text
        else:
            raise ValueError(f"line {number}: cannot read {raw!r}")
    finish()
    return entries


def placeholders(text):
    return set(PLACEHOLDER_RE.findall(text))


def sample_values(text):
    """A value for each placeholder of the text, of the type its conversion takes: 1 for %(count)d,
    "x" for %(name)s."""
    return {
        match.group(1): 1 if match.group(0)[-1] in "diouxXeEfFgGc" else "x"
        for match in PLACEHOLDER_RE.finditer(text)
    }


@pytest.fixture(scope="module")
def entries():
    return parse_po(PO_PATH)


@pytest.fixture(scope="module")
def messages(entries):
    """The translatable entries, without the header."""
    found = [entry for entry in entries if not entry.is_header]
    assert found, f"{PO_PATH} has no messages"
    return found


def test_parser_reads_multiline_plural_and_context_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        "#: a.py:1\n#, python-format\n"
        'msgid ""\n"Đại hội %(organisation)s "\n"lần thứ %(ordinal)s"\n'
        'msgstr ""\n"%(ordinal)s Congress "\n"of %(organisation)s"\n\n'
        'msgctxt "menu"\nmsgid "Người"\nmsgstr "People"\n\n'
        '#, fuzzy\nmsgid "%(n)s kết quả"\nmsgid_plural "%(n)s kết quả"\n'
        'msgstr[0] "%(n)s result"\nmsgstr[1] "%(n)s \\"results\\""\n\n'
        '#~ msgid "cũ"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    header, multiline, context, plural = parse_po(po)
    assert header.is_header and header.msgstr == "Language: en\n"
    assert multiline.msgid == "Đại hội %(organisation)s lần thứ %(ordinal)s"
    assert multiline.msgstr == "%(ordinal)s Congress of %(organisation)s"
    assert multiline.flags == {"python-format"}
    assert (context.msgctxt, context.msgid, context.msgstr) == ("menu", "Người", "People")
    assert plural.msgid_plural == "%(n)s kết quả"
    assert plural.translations == ["%(n)s result", '%(n)s "results"']
    assert "fuzzy" in plural.flags


def test_header_declares_english_and_its_plural_forms(entries):
    header = next(entry for entry in entries if entry.is_header)
    fields = dict(line.split(":", 1) for line in header.msgstr.splitlines() if ":" in line)
    assert fields["Language"].strip() == "en"
    assert fields["Plural-Forms"].strip() == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in fields["Content-Type"]


def test_every_entry_is_translated_and_none_is_fuzzy(entries, messages):
    fuzzy = [str(entry) for entry in entries if "fuzzy" in entry.flags]
    untranslated = [str(entry) for entry in messages if not all(text.strip() for text in entry.translations)]
    assert not fuzzy, "fuzzy entries:\n" + "\n".join(fuzzy)
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_placeholders_are_preserved(messages):
    wrong = []
    for entry in messages:
        expected = placeholders(entry.msgid)
        if entry.msgid_plural is not None:
            expected |= placeholders(entry.msgid_plural)
        for text in entry.translations:
            if placeholders(text) != expected:
                found = sorted(placeholders(text))
                wrong.append(f"{entry}: {sorted(expected)} became {found} in {text!r}")
        # A literal per cent sign in a python-format string is written %% on both sides.
        if "python-format" in entry.flags:
            for text in entry.translations:
                try:
                    text % sample_values(text)
                except (TypeError, ValueError, KeyError) as error:
                    wrong.append(f"{entry}: {text!r} cannot be formatted ({error})")
    assert not wrong, "\n".join(wrong)


def test_compiled_catalogue_matches_the_po(messages):
    """What Django serves in English is the .po's msgstr: the .mo was compiled after the last edit."""
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run compilemessages"
    stale = []
    with translation.override("en"):
        for entry in messages:
            if entry.msgid_plural is not None:
                # nplurals=2; plural=(n != 1): 1 takes form 0, every other count form 1.
                for count, index in ((1, 0), (2, 1), (0, 1)):
                    if entry.msgctxt is None:
                        served = translation.ngettext(entry.msgid, entry.msgid_plural, count)
                    else:
                        served = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                    expected = entry.msgstr_plural[index]
                    if served != expected:
                        stale.append(f"{entry} [n={count}]: .po {expected!r}, .mo {served!r}")
            else:
                if entry.msgctxt is None:
                    served = translation.gettext(entry.msgid)
                else:
                    served = translation.pgettext(entry.msgctxt, entry.msgid)
                if served != entry.msgstr:
                    stale.append(f"{entry}: .po {entry.msgstr!r}, .mo {served!r}")
    assert not stale, "the .mo does not match the .po (run compilemessages):\n" + "\n".join(stale)


def test_model_names_follow_the_active_language():
    with translation.override("vi"):
        assert str(Congress._meta.verbose_name) == "đại hội"
        assert str(Congress._meta.get_field("ordinal").verbose_name) == "lần thứ"
    with translation.override("en"):
        assert str(Congress._meta.verbose_name) == "congress"
        assert str(Congress._meta.get_field("ordinal").verbose_name) == "ordinal"


def test_a_congress_is_named_in_the_active_language():
    congress = Congress(
        organisation=Organisation(name="Đảng bộ phường Thiên Hương"),
        ordinal=14,
        term_start=2025,
        term_end=2030,
    )
    with translation.override("vi"):
        assert str(congress) == "Đại hội Đảng bộ phường Thiên Hương lần thứ XIV, nhiệm kỳ 2025–2030"
    with translation.override("en"):
        assert str(congress) == "XIV Congress of Đảng bộ phường Thiên Hương, term 2025–2030"


def test_a_count_of_records_takes_the_plural_in_english():
    """A merge's "2 chức vụ đảm nhiệm" reads "2 positions held", not "2 position held"."""
    with translation.override("en"):
        named = [str(kind_name(Membership, count)) for count in (1, 2)]
        assert named == ["position held", "positions held"]
    with translation.override("vi"):
        assert {str(kind_name(Membership, count)) for count in (1, 2)} == {"chức vụ đảm nhiệm"}


# The code's msgids against the catalogue ################################################


def extract_messages(sources, work_dir):
    """The .pot of the msgids in the sources, as makemessages extracts them; written in work_dir.

    A .py is read where it is; a template (.html, .txt) is turned into the Python-like text
    xgettext reads by Django's templatize, as makemessages does, but into work_dir rather than
    beside the template, so that nothing is written into the checkout.
    """
    xgettext = shutil.which("xgettext")
    assert xgettext, "xgettext is missing: install Debian's gettext package (make test does)"
    inputs = []
    for path in sources:
        if path.suffix == ".py":
            inputs.append(str(path))
            continue
        # Named as makemessages names it (relative, ".html.py"), so that xgettext says where.
        relative = path.relative_to(ROOT)
        work_path = work_dir / relative.parent / f"{relative.name}.py"
        work_path.parent.mkdir(parents=True, exist_ok=True)
        text = templatize(path.read_text(encoding="utf-8"), origin=str(relative))
        work_path.write_text(text, encoding="utf-8")
        inputs.append(str(work_path.relative_to(work_dir)))
    listing = work_dir / "files.txt"
    listing.write_text("\n".join(inputs), encoding="utf-8")
    pot = work_dir / "django.pot"
    subprocess.run(
        [xgettext, "-d", "django", *XGETTEXT_KEYWORDS, f"--output={pot}", f"--files-from={listing}"]
        + MakeMessages.xgettext_options,
        check=True,
        capture_output=True,
        cwd=work_dir,
    )
    return pot


def source_files():
    return sorted(
        path
        for folder in SOURCE_DIRS
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt") and path.is_file()
    )


def missing_from_catalogue(pot, catalogue):
    """The msgids of the .pot that the catalogue's entries lack, each with where the code uses it."""
    known = {(entry.msgctxt, entry.msgid) for entry in catalogue}
    lines = pot.read_text(encoding="utf-8").splitlines()
    missing = []
    for entry in parse_po(pot):
        if entry.is_header or (entry.msgctxt, entry.msgid) in known:
            continue
        # The "#: file:line" comments just above the entry say where it is used.
        where, index = [], entry.line - 2
        while index >= 0 and lines[index].startswith("#"):
            if lines[index].startswith("#:"):
                where += [
                    re.sub(r"\.(html|txt)\.py:", r".\1:", place.removeprefix(f"{ROOT}/"))
                    for place in lines[index][2:].split()
                ]
            index -= 1
        context = f" (context {entry.msgctxt!r})" if entry.msgctxt is not None else ""
        missing.append(f"{entry.msgid!r}{context} used at {' '.join(sorted(where))}")
    return missing


def test_every_msgid_of_the_code_is_in_the_catalogue(tmp_path, entries):
    """A string added to the code without `makemessages` (and a translation) fails here."""
    pot = extract_messages(source_files(), tmp_path)
    found = [entry for entry in parse_po(pot) if not entry.is_header]
    assert len(found) > 1000, f"xgettext found only {len(found)} msgids: is SOURCE_DIRS right?"
    missing = missing_from_catalogue(pot, entries)
    assert not missing, (
        "msgids of the code missing from the English catalogue (run makemessages, translate, "
        "compilemessages: see this module's docstring):\n" + "\n".join(missing)
    )


def test_extraction_finds_a_template_string_the_catalogue_lacks(tmp_path):
    """The check itself: a template's string the catalogue lacks is reported with where it is
    used, and Python strings are read as makemessages reads them (joined, plurals, contexts)."""
    template = ROOT / "templates" / "congress" / "congress_file.html"
    pot = extract_messages([template], tmp_path)
    catalogue = [entry for entry in parse_po(pot) if not entry.is_header and entry.msgid != "Tải về"]
    where = "templates/congress/congress_file.html:11"
    assert missing_from_catalogue(pot, catalogue) == [f"'Tải về' used at {where}"]
    source = tmp_path / "sample.py"
    source.write_text(
        "from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy\n"
        '_("Một" " chuỗi")\n'
        'ngettext("%(n)s người", "%(n)s người", 2)\n'
        'pgettext_lazy("số nhiều", "đại hội")\n',
        encoding="utf-8",
    )
    found = parse_po(extract_messages([source], tmp_path))
    keys = {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in found}
    assert (None, "Một chuỗi", None) in keys
    assert (None, "%(n)s người", "%(n)s người") in keys
    assert ("số nhiều", "đại hội", None) in keys
    assert not list((ROOT / "templates").rglob("*.py")), "the extraction wrote beside the templates"
