"""What a page shows, word by word, and which of its words are English.

A Vietnamese page may hold names and codes in Latin letters (Excel, CSV, 1669/NQ-UBTVQH15),
but not an English word: a msgid a catalogue leaves untranslated, a label a library brings
("Show counts", "Select all objects on this page for an action"), a field with no verbose
name ("Subject"). Screen-reader texts count, so the words of title, placeholder, aria-label
and alt attributes are read with the text.

Vietnamese is written in syllables of a fixed shape (an initial consonant, one to three
vowels, a final c, ch, m, n, ng, nh, p or t), so a word without diacritics that has another
shape (please, select, filter, history, password) is not Vietnamese; a short stop list adds
the English words that happen to have a syllable's shape (the, to, on, that).
"""

import re
from html.parser import HTMLParser

# Names and codes written in Latin letters that a Vietnamese page may show.
NAMES = {
    "excel", "csv", "xlsx", "pdf", "word", "docx", "email", "e", "url", "id", "uuid", "unicode",
    "utf", "sha", "km", "vn", "tw", "nq", "qh", "ubtvqh", "hd", "vptw", "ubnd", "hdnd", "mttq", "web",
    "website", "json", "ipv", "sso", "ldap",
    # The start of every API key (records.models.tokens.KEY_START), shown with the key's name.
    "hsdh",
    # The names of the password hashers Django shows on a user's page (the tests hash with MD5).
    "md", "pbkdf", "argon", "bcrypt", "scrypt",
    # Keys named on the keyboard, as Django's help for multiple choices names them.
    "control", "command", "mac", "ctrl",
    # The language switch names each language in its own words.
    "english",
    # The API's documentation page: the kind of key its header carries (Authorization: Bearer),
    # the command line its requests are shown in (cURL), the standard of its people's export.
    "bearer", "curl", "popolo",
}

# English words that have the shape of a Vietnamese syllable, so the shape rule lets them pass.
STOP_WORDS = {
    "the", "to", "on", "at", "it", "no", "not", "up", "can", "be", "by", "my", "that", "then", "than",
    "them", "top", "go", "he", "yes", "true",
}

VIETNAMESE_SYLLABLE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?$"
)
WORD = re.compile(r"[^\W\d_]+")
# What is not prose: addresses, e-mail addresses, file names, template variables left in a title.
NOT_PROSE = re.compile(
    r"\S+://\S+|\S+@\S+|\S+\.(?:xlsx|csv|pdf|docx|json|html)\b|\b[\w.-]+\.(?:vn|com|org)\b"
    r"|(?<!\w)/[\w/.-]*"  # a path: /login/
    r"|\b\w+\*{4,}"  # the start of a password's salt or hash (any letters), the rest masked
    r"|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b"  # a record's uid (mã định danh)
)

READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
BUTTON_TYPES = {"submit", "button", "reset"}
SKIPPED_ELEMENTS = {"script", "style", "template", "textarea"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: the page's text, its screen-reader labels, its buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self.skipping += 1
        attributes = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in BUTTON_TYPES and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            return
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_ELEMENTS:
            self.skipping -= 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.parts


def is_english(word, allowed=frozenset()):
    """Whether a word is English rather than Vietnamese, a name or a code."""
    lower = word.lower()
    if not word.isascii() or len(word) == 1 or lower in NAMES or lower in allowed:
        return False
    if lower in STOP_WORDS:
        return True
    if word.isupper() and len(word) > 1:
        return False  # an abbreviation or a code: HĐND, BCH, NQ, TW
    return VIETNAMESE_SYLLABLE.match(lower) is None


def english_phrases(html, allowed=frozenset(), names=frozenset()):
    """The pieces of text of a page that hold an English word, each once, in page order.

    `names` are identifiers a page shows as a program writes them (an API's parameters, fields,
    enum values and types): each is taken out of the text whole and as written, case included,
    so `count_kind` in a sentence passes while a label "Kind" is still read.
    """
    written = _written_as(names)
    found = {}
    for part in visible_text(html):
        if written:
            part = written.sub(" ", part)
        text = NOT_PROSE.sub(" ", part)
        words = WORD.findall(text)
        if any(is_english(word, allowed) for word in words):
            found.setdefault(" ".join(text.split())[:120], None)
    # English stop words alone beside Vietnamese ("Hải An", "In") are names; a phrase needs an
    # English word of another shape, or two stop words.
    return [phrase for phrase in found if _really_english(phrase, allowed)]


def _written_as(names):
    names = sorted((name for name in names if name), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def _really_english(phrase, allowed):
    words = WORD.findall(phrase)
    english = [word for word in words if is_english(word, allowed)]
    shaped = [word for word in english if word.lower() not in STOP_WORDS]
    return bool(shaped) or len(english) >= 2
