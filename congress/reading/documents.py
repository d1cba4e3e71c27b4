"""Legal documents a report cites: by symbol ("1669/NQ-UBTVQH15", "68-NQ/TW", "3688-QĐ/TU"), or by
kind and bare number ("Nghị quyết 68 của Bộ Chính trị", "Nghị quyết số 18 của Thành ủy"), which
keeps the number as the symbol: the report gives no more, and the reader adds nothing.

A date is the document's when it follows the symbol (", ngày16/6/2025") or when the sentence
says who issued what on that day ("Ngày 18/6/2025, Ban Thường vụ Tỉnh ủy ban hành Quyết định …").
"""

import re

from congress.reading.proposals import DocumentProposal
from congress.reading.text import Sentence, key
from records.vietnamese import parse_date, parse_document_symbol

_CODE = r"[^\W\d_][^\W_]*"
_SYMBOL_RE = re.compile(
    rf"(?<![\w/.-])(?:\d+(?:/\d{{4}})?/(?:{_CODE}-)?{_CODE}(?:-{_CODE})*|\d+-{_CODE}/{_CODE}(?:-{_CODE})*)(?![\w/])"
)
_KINDS = (
    "Nghị quyết",
    "Quyết định",
    "Chỉ thị",
    "Kết luận",
    "Hướng dẫn",
    "Quy định",
    "Thông tư",
    "Nghị định",
    "Công văn",
    "Thông báo",
    "Kế hoạch",
    "Luật",
    "Đề án",
    "Tờ trình",
)
_KIND_RE = re.compile(rf"({'|'.join(_KINDS)})\s+(?:số\s*)?$", re.IGNORECASE)
_BARE_RE = re.compile(
    rf"(?P<kind>{'|'.join(_KINDS)})\s+(?:số\s*)?(?P<number>\d+)(?![\d/.,-]|\s*%)", re.IGNORECASE
)
_DATE_AFTER_RE = re.compile(
    r"^\s*,?\s*(?:được ban hành\s+)?ngày\s*"
    r"(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2} tháng \d{1,2} năm \d{4})",
    re.IGNORECASE,
)
_ISSUED_ON_RE = re.compile(
    r"^\s*(?:Ngày|ngày)\s*(\d{1,2}/\d{1,2}/\d{4})\s*,\s*(?P<issuer>[^,]*?)\s+ban hành\b"
)
_ISSUER_RE = re.compile(
    r"^\s*(?:,?\s*ngày\s*[\d/.\- ]+(?:tháng \d+ năm \d+)?)?\s*,?\s*của\s+(?P<issuer>[^,.;]+?)"
    r"(?=\s+(?:về|trên|nhằm|đã|để|thì|cho|và)\s|[,.;]|\s*$)"
)

# The trích yếu a report quotes after the symbol, its date and its issuer: "… của Ủy ban Thường vụ
# Quốc hội về sắp xếp đơn vị hành chính cấp xã trên cơ sở …". It ends where the sentence goes on.
_SUMMARY_RE = re.compile(
    r"^\s*(?:,?\s*ngày\s*[\d/.\- ]+(?:tháng \d+ năm \d+)?)?\s*,?\s*(?:của\s+[^,.;]+?\s+)?về\s+(?:việc\s+)?"
    r"(?P<summary>[^,.;:()]+?)(?=\s+(?:trên cơ sở|theo đó|nhằm|kể từ|thì|đã|với tổng)\s|[,.;:()]|\s*$)"
)


def read_documents(sentences: list[Sentence], original: str, working: str) -> list[DocumentProposal]:
    documents = []
    seen = set()
    for sentence in sentences:
        text = working[sentence.start : sentence.end]
        as_written = original[sentence.start : sentence.end]
        found = []
        for match in _SYMBOL_RE.finditer(text):
            try:
                parse_document_symbol(match.group())
            except ValueError:
                continue
            found.append((match.start(), match.end()))
        for match in _BARE_RE.finditer(text):
            if not any(start <= match.start("number") < end for start, end in found):
                found.append((match.start("number"), match.end("number")))
        for start, end in sorted(found):
            symbol = as_written[start:end]
            if key(symbol) in seen:
                continue
            seen.add(key(symbol))
            kind = _KIND_RE.search(text[max(0, start - 20) : start])
            documents.append(
                DocumentProposal(
                    symbol=symbol,
                    date=_date(text, start, end),
                    span=sentence.span,
                    kind=as_written[
                        start - len(kind.group()) : start - len(kind.group()) + len(kind.group(1))
                    ]
                    if kind
                    else "",
                    issuer=_issuer(text, as_written, start, end),
                    summary=_summary(text, as_written, end),
                )
            )
    return documents


def _date(text: str, start: int, end: int):
    written = None
    if match := _DATE_AFTER_RE.match(text[end:]):
        written = match.group(1)
    elif (match := _ISSUED_ON_RE.match(text)) and match.end() < start:
        written = match.group(1)
    if written is None:
        return None
    try:
        return parse_date(written)
    except ValueError:
        return None


def _summary(text: str, as_written: str, end: int) -> str:
    if match := _SUMMARY_RE.match(text[end:]):
        return as_written[end + match.start("summary") : end + match.end("summary")].strip()
    return ""


def _issuer(text: str, as_written: str, start: int, end: int) -> str:
    if match := _ISSUER_RE.match(text[end:]):
        return as_written[end + match.start("issuer") : end + match.end("issuer")].strip()
    if (match := _ISSUED_ON_RE.match(text)) and match.end() < start:
        return as_written[match.start("issuer") : match.end("issuer")].strip()
    return ""
