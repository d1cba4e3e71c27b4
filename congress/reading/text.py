"""The text a reader works on: sentences with their offsets, and the small patterns every rule shares.

Reports are pasted from web pages: no-break spaces, a dateline ("(Dân trí) - ", "TPO - ") before
the first sentence, a headline on the first line that repeats the story in other words, photo
captions printed twice. A reader that read the headline would propose a guest from "Thủ tướng X
dự đại hội" when the body says X directed it, so the headline is left out, and the dateline is
cut off the sentence it starts. Offsets always point into the text as given (after NFC), so
the review screen can highlight the sentence a proposal came from.
"""

import re
import unicodedata
from dataclasses import dataclass

from congress.reading.proposals import Span
from records.vietnamese import identity_key

# Same-length replacements only: offsets in the working copy are offsets in the text.
_SPACES = {0x00A0: " ", 0x2007: " ", 0x2009: " ", 0x202F: " ", 0x0009: " "}

# A number as Vietnamese reports write it: "1.535", "21,1", "45 140" is not used in running text.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
QUALIFIER = r"hơn|gần|khoảng|trên|xấp xỉ|gần như|ước|chừng"

_DATELINE_RE = re.compile(r"(?:\([^()\n]{1,20}\)|[A-ZĐ]{2,8})\s*[-–—]\s*")
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’)]?(?=\s|$)")
_SHORT_CAPS_RE = re.compile(r"(?:^|\s)[A-ZĐ]{1,3}$")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the report and where it lies in the text."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def sub_span(self, start: int, end: int) -> Span:
        return Span(self.start + start, self.start + end)


def normalise(text: str) -> str:
    """NFC, and Windows or old Mac line ends as "\\n": the text every offset refers to."""
    text = unicodedata.normalize("NFC", text or "")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def working_copy(text: str) -> str:
    """
    The text with odd spaces as plain spaces and the tone of "oa", "oe", "uy" at the end of a
    word on the first vowel ("Hoà" as "Hòa", "uỷ" as "ủy"): the same length, so offsets in the
    copy are offsets in the text, and patterns need one spelling. Values are cut from the text.
    """
    return _OLD_TONE_RE.sub(_old_tone, text.translate(_SPACES))


def _old_tone(match) -> str:
    first, second = match.group()
    decomposed = unicodedata.normalize("NFD", second)
    base, marks = decomposed[0], decomposed[1:]
    return unicodedata.normalize("NFC", first + marks) + base


_OLD_TONE_RE = re.compile(r"(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?![^\W\d_])")


def sentences(text: str, start: int = 0, skip_headline: bool = True) -> list[Sentence]:
    """
    Split text[start:] (already through working_copy) into sentences.

    A line is a paragraph; inside it a sentence ends at ".", "!" or "?" followed by a space,
    except after a short capitalised abbreviation ("TP. Hồ Chí Minh"). The first line is a
    headline, left out, when it has no closing stop and more text follows it.
    """
    lines = []
    offset = start
    for line in text[start:].split("\n"):
        if line.strip():
            lines.append((offset, line))
        offset += len(line) + 1
    if skip_headline and len(lines) > 1 and not lines[0][1].rstrip().endswith((".", "!", "?", ":", "”", '"')):
        lines = lines[1:]
    found = []
    for line_start, line in lines:
        cut = 0
        if match := _DATELINE_RE.match(line):
            cut = match.end()
        begin = cut
        for match in _SENTENCE_END_RE.finditer(line, cut):
            before = line[begin : match.start()]
            if match.group().startswith(".") and _SHORT_CAPS_RE.search(before):
                continue
            _add(found, line, line_start, begin, match.end())
            begin = match.end()
        _add(found, line, line_start, begin, len(line))
    return found


def _add(found, line, line_start, begin, end):
    piece = line[begin:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        found.append(Sentence(stripped, line_start + begin + lead))


# Words ######################################################################

_WORD_RE = re.compile(r"[^\W\d_]+")


def is_capitalised(word: str) -> bool:
    """ "Phú", "Đảng", "Y": a capital and then lowercase letters only (not "UBND", not "phú")."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


# "Ông Nguyễn Minh Hùng" at the start of a sentence: the honorific is not part of the name.
_HONORIFICS = frozenset({"Ông", "Bà"})


def capitalised_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """
    Runs of capitalised words joined by single spaces: (start, end, words).

    "Bí thư Đảng ủy phường Hải An Nguyễn Thị Thu cho biết" gives "Bí", "Đảng", and
    "Hải An Nguyễn Thị Thu"; a name is found inside such a run.
    """
    runs = []
    current = None
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if not is_capitalised(word) or word in _HONORIFICS:
            current = None
            continue
        if current is not None and text[current[1] : match.start()] == " ":
            current[1] = match.end()
            current[2].append(word)
        else:
            current = [match.start(), match.end(), [word]]
            runs.append(current)
    return [(start, end, words) for start, end, words in runs]


def key(value: str) -> str:
    """The identity key (tone position, case and NFC ignored) a reader compares words with."""
    return identity_key(value)


def phrase_pattern(phrases) -> str:
    """A regex alternative of phrases, longest first, each word break allowing any spaces."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in ordered)
