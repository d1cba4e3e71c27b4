"""The congress itself: which Đảng bộ, which congress (lần thứ), which term, which days, and the
representation counts ("186 đại biểu chính thức đại diện cho 1.535 đảng viên của 55 tổ chức đảng").

Dates in reports rarely carry a year ("Sáng 19.8", "Ngày 8-8", "hai ngày 6 và 7/8"): the year is
the publication's, or the year before when that would put the congress months after the report.
Without a publication date and a year in the text, the date is left out rather than guessed.
The first day the text gives is the opening, a preparatory session (phiên trù bị) included.
Counts come only from the sentence that says whom the delegates represent; the size of the
Đảng bộ stated on its own is a figure (figures.py), and "chiếm 20,8% tổng số đảng viên" is a
share, not a count.
"""

import datetime as dt
import re

from congress.reading.proposals import CongressProposal, CountsProposal
from congress.reading.text import NUMBER, QUALIFIER, Sentence
from records.vietnamese import parse_number

_UNIT_KINDS = r"phường|xã|thị trấn|đặc khu|tỉnh|thành phố|huyện|quận|thị xã|khối|cơ quan"
# A place name: capitalised words or numbers, "Cam Ly - Đà Lạt" with its dash.
_PLACE = r"(?:[^\W\d_a-zđ][^\W\d_]*|\d+)(?:(?: | - | – )(?:[^\W\d_a-zđ][^\W\d_]*|\d+))*"
_ORGANISATION_RE = re.compile(rf"Đảng bộ (?:{_UNIT_KINDS}) (?-i:{_PLACE})")
_ORDINAL_RE = re.compile(r"lần thứ ([IVXLC]+|\d+|[^\W\d_]+)\b")
_TERM_RE = re.compile(r"nhiệm kỳ\s*((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)", re.IGNORECASE)
_KIND_RE = re.compile(r"Đại hội\s+(?:Đảng bộ [^,.;]{0,40}?\s)?(đại biểu|toàn thể)", re.IGNORECASE)
_VENUE_RE = re.compile(
    r"\btại\s+((?:Hội trường|Trung tâm|Nhà văn hóa|Nhà Văn hóa|Trụ sở|Cung [Vv]ăn hóa|Nhà thi đấu|Nhà hát)"
    r"[^.;,()]*)"
)
_ORDINAL_WORDS = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# "Sáng 19.8", "ngày 8-8", "Chiều ngày 10/8/2025", "hai ngày 6 và 7/8", "Ngày 7 và 8/8".
_DATE_CUE = r"(?:(?:sáng|chiều|tối|trưa)(?:\s+ngày)?|ngày|hai ngày|trong hai ngày|các ngày)"
_DATE_RE = re.compile(
    rf"(?<![\w/.-]){_DATE_CUE}\s*(?:(?P<first>\d{{1,2}})\s*(?:và|,|-|đến)\s*)?"
    r"(?P<day>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4}))?(?![\d,]\d)",
    re.IGNORECASE,
)


def roman_value(numeral: str) -> int | None:
    """ "VII" -> 7; None when the letters are not a Roman numeral."""
    total = 0
    values = [_ROMAN.get(char) for char in numeral.upper()]
    if not values or None in values:
        return None
    for value, following in zip(values, values[1:] + [0], strict=True):
        total += -value if value < following else value
    return total


def ordinal_value(word: str) -> int | None:
    """The number of "lần thứ I", "lần thứ nhất", "lần thứ VII", "lần thứ 10"."""
    if word.isdigit():
        return int(word)
    if word.lower() in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word.lower()]
    if word.isupper():
        return roman_value(word)
    return None


def congress_dates(
    sentence: str, published_on: dt.date | None
) -> list[tuple[dt.date, dt.date | None, tuple]]:
    """
    The dates a sentence gives after a date cue, as (first day, last day or None, (start, end)).
    A date whose year is not written takes the publication's year.
    """
    found = []
    for match in _DATE_RE.finditer(sentence):
        day, month = int(match["day"]), int(match["month"])
        year = int(match["year"]) if match["year"] else _year_for(day, month, published_on)
        if year is None:
            continue
        try:
            last = dt.date(year, month, day)
            first = dt.date(year, month, int(match["first"])) if match["first"] else last
        except ValueError:
            continue
        found.append((first, last if match["first"] else None, match.span()))
    return found


def _year_for(day: int, month: int, published_on: dt.date | None) -> int | None:
    if published_on is None or not 1 <= month <= 12:
        return None
    year = published_on.year
    try:
        if dt.date(year, month, day) > published_on + dt.timedelta(days=31):
            return year - 1
    except ValueError:
        return None
    return year


def read_congress(
    sentences: list[Sentence], published_on: dt.date | None, original: str, address: str = ""
) -> CongressProposal:
    """
    The congress the report is about: the first Đảng bộ named beside "Đại hội", and so on. The
    ordinal and the term the text leaves out are taken from the article's address, if it gives them.
    """
    proposal = CongressProposal()

    def written(sentence, match, group=0):
        return original[sentence.start + match.start(group) : sentence.start + match.end(group)]

    about_congress = [s for s in sentences if re.search(r"đại hội", s.text, re.IGNORECASE)]
    for sentence in about_congress:
        if not proposal.organisation and (match := _ORGANISATION_RE.search(sentence.text)):
            proposal.organisation = written(sentence, match).rstrip(" -–")
            proposal.span = sentence.span
        if proposal.ordinal is None and (match := _ORDINAL_RE.search(sentence.text)):
            proposal.ordinal = ordinal_value(match.group(1))
        if proposal.opened_on is None:
            dates = [
                d
                for d in congress_dates(sentence.text, published_on)
                if not _after_symbol(sentence.text, d[2])
            ]
            if dates:
                proposal.opened_on, proposal.closed_on = dates[0][0], dates[0][1]
        if not proposal.kind and (match := _KIND_RE.search(sentence.text)):
            proposal.kind = match.group(1).lower()
        if not proposal.venue and (match := _VENUE_RE.search(sentence.text)):
            proposal.venue = written(sentence, match, 1).strip()
    proposal.term_start, proposal.term_end = _term(about_congress)
    if address and (proposal.ordinal is None or proposal.term_start is None):
        ordinal, start, end = address_facts(address)
        if proposal.ordinal is None:
            proposal.ordinal = ordinal
        if proposal.term_start is None and start is not None:
            proposal.term_start, proposal.term_end = start, end
    if proposal.span is None and about_congress:
        proposal.span = about_congress[0].span
    return proposal


# An address is the headline as a slug: "…/dai-hoi-dang-bo-phuong-x-lan-thu-i-nhiem-ky-2025-2030-a275735.html".
_SLUG_ORDINAL_RE = re.compile(r"(?:^|-)lan-thu-([a-z]+|\d+)(?=-|$)")
_SLUG_TERM_RE = re.compile(r"(?:^|-)nhiem-ky-((?:19|20)\d\d)-((?:19|20)\d\d)(?=-|$)")
_SLUG_ORDINAL_WORDS = {
    "nhat": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
}


def address_facts(address: str) -> tuple[int | None, int | None, int | None]:
    """
    (ordinal, term start, term end) of the congress an article's address names, when its slug is
    about a congress ("dai-hoi-…-lan-thu-i-nhiem-ky-2025-2030"). A news site's address is the
    headline without diacritics, and a headline often states what its text leaves out. A slug
    is unaccented, so "nhat" is "nhất" and "i", "vii" are Roman numerals.
    """
    path = address.lower().split("?", 1)[0].split("#", 1)[0].rstrip("/")
    slug = path.rsplit("/", 1)[-1].rsplit(".", 1)[0] if "/" in path or "-" in path else ""
    if "dai-hoi" not in slug:
        return None, None, None
    ordinal = None
    if match := _SLUG_ORDINAL_RE.search(slug):
        word = match.group(1)
        ordinal = int(word) if word.isdigit() else _SLUG_ORDINAL_WORDS.get(word) or roman_value(word)
    start = end = None
    if match := _SLUG_TERM_RE.search(slug):
        start, end = int(match.group(1)), int(match.group(2))
    return ordinal, start, end


def _after_symbol(text: str, span: tuple) -> bool:
    """A date right after a document's symbol is the document's, not the congress's."""
    return bool(re.search(r"\d+[/-][^\s,]*[A-ZĐ][^\s,]*,?\s*$", text[: span[0]]))


def _term(sentences: list[Sentence]) -> tuple[int | None, int | None]:
    """The term beside "lần thứ", else the latest term named: the past term is named too."""
    for sentence in sentences:
        if match := re.search(r"lần thứ \S+,?\s*" + _TERM_RE.pattern, sentence.text, re.IGNORECASE):
            return int(match.group(1)), int(match.group(2))
    terms = [
        (int(match.group(1)), int(match.group(2)))
        for sentence in sentences
        for match in _TERM_RE.finditer(sentence.text)
    ]
    return max(terms) if terms else (None, None)


# Counts #####################################################################

_REPRESENTS = r"(?:đại diện|thay mặt)(?:\s+cho)?"
_PARTY_ORGS = r"(?:tổ chức cơ sở đảng|tổ chức đảng|tổ chức Đảng|chi, đảng bộ|chi bộ, đảng bộ|chi bộ|đảng bộ)"
_DELEGATES_RE = re.compile(rf"(?<![\d.,])(?P<n>{NUMBER})\s+(?:đại biểu|đảng viên)(?!\s*(?:%|được|trúng|bầu))")
_MEMBERS_RE = re.compile(rf"^\s*,?\s*{_REPRESENTS}\s+(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER})\s+đảng viên")
_ORGS_AFTER_RE = re.compile(
    rf"^[^.;]{{0,60}}?(?:của|ở|tại|trong|thuộc)\s+(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER})\s+{_PARTY_ORGS}"
)
_ORGS_DIRECT_RE = re.compile(
    rf"^\s*,?\s*{_REPRESENTS}\s+(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER})\s+{_PARTY_ORGS}"
)
_ATTEND_RE = re.compile(r"^\s*(?:chính thức|tiêu biểu)?\s*(?:đã\s+)?(?:về\s+|đến\s+)?(?:tham\s+)?dự\b")


def read_counts(sentences: list[Sentence]) -> CountsProposal:
    """Delegates, members and organisations from the representation sentence, the first one."""
    for sentence in sentences:
        text = sentence.text
        for match in _DELEGATES_RE.finditer(text):
            if text[match.end() : match.end() + 1] == "%":
                continue
            counts = _represented(text, match)
            if counts is not None:
                counts.span = sentence.span
                return counts
    return CountsProposal()


def _represented(text: str, match) -> CountsProposal | None:
    word_is_delegate = "đại biểu" in match.group()
    rest = text[match.end() :]
    # "188 đại biểu chính thức; họ thay mặt cho 876 đảng viên": the delegates' own words first.
    link = re.match(rf"^[^.]{{0,40}}?(?={_REPRESENTS}\b)", rest)
    counts = CountsProposal(qualifiers={})
    counts.delegates = int(parse_number(match["n"]))
    if link is not None:
        after = rest[link.end() :]
        if members := _MEMBERS_RE.match(after):
            counts.members = int(parse_number(members["n"]))
            if members["q"]:
                counts.qualifiers["members"] = members["q"]
            tail = after[members.end() :]
            if orgs := _ORGS_AFTER_RE.match(tail):
                counts.organisations = int(parse_number(orgs["n"]))
                if orgs["q"]:
                    counts.qualifiers["organisations"] = orgs["q"]
            return counts
        if orgs := _ORGS_DIRECT_RE.match(after):
            counts.organisations = int(parse_number(orgs["n"]))
            return counts
        if word_is_delegate and re.match(rf"^\s*,?\s*{_REPRESENTS}\s+(?:toàn\s+)?Đảng bộ", after):
            return counts
        return None
    if word_is_delegate and _ATTEND_RE.match(rest):
        return counts
    return None
