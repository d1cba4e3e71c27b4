"""Where a report's text comes from: a pasted or uploaded .txt, .docx or .html, and its header.

The command line and the review screen both take a file and need its text and, when the file
starts with a header ("Nguồn:", "Địa chỉ:", "Ngày:" lines, as the reading corpus is written),
the publisher, the address and the publication date, which gives the year to "Sáng 19.8".
"""

import datetime as dt
import html.parser
import io
import re
from dataclasses import dataclass

from records.vietnamese import parse_date

_HEADER_RE = re.compile(r"(Nguồn|Địa chỉ|Ngày|Tác giả|Tiêu đề)\s*:\s*(.*)")


@dataclass
class Header:
    """The header lines of a report, and where its body starts in the text."""

    publisher: str = ""
    address: str = ""
    published_on: dt.date | None = None
    author: str = ""
    title: str = ""
    body_start: int = 0


def split_header(text: str) -> Header:
    """
    Read the "Nguồn:/Địa chỉ:/Ngày:" lines at the top of text, if any.

    The header ends at the first line that is not one of them; a date that cannot be read is
    left out (the reader then knows no year), never guessed.
    """
    header = Header()
    offset = 0
    for line in text.split("\n"):
        match = _HEADER_RE.fullmatch(line.strip())
        if match is None:
            if line.strip():
                break
            offset += len(line) + 1
            if header.body_start:
                header.body_start = min(offset, len(text))
            continue
        label, value = match.group(1), match.group(2).strip()
        if label == "Nguồn":
            header.publisher = value
        elif label == "Địa chỉ":
            header.address = value
        elif label == "Tác giả":
            header.author = value
        elif label == "Tiêu đề":
            header.title = value
        else:
            try:
                header.published_on = parse_date(value)
            except ValueError:
                pass
        offset += len(line) + 1
        header.body_start = min(offset, len(text))
    return header


def header_facts(text: str) -> dict:
    """
    What a report says of itself, for its Source: the header's publisher, address, date and
    author, and as title the header's "Tiêu đề:" or else the first line of the body (a saved
    article starts with its headline). Only what is there: a missing fact is left out.
    """
    header = split_header(text)
    facts = {
        "publisher": header.publisher,
        "url": header.address,
        "author": header.author,
        "published_on": header.published_on,
        "title": header.title or next((line.strip() for line in text[header.body_start :].splitlines() if line.strip()), ""),
    }
    facts["title"] = facts["title"][:500]
    return {name: value for name, value in facts.items() if value not in ("", None)}


class UnreadableFile(ValueError):
    """A file whose text cannot be taken out; the message says which file and why."""


def text_of_file(name: str, content: bytes) -> str:
    """
    The text of an uploaded or named file: .txt (UTF-8), .docx (its paragraphs) or .html (the
    text of its body, one line per block). Anything else is refused with a message naming it.
    """
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix in ("txt", "text", ""):
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                f"Tệp “{name}” không phải văn bản UTF-8 (byte thứ {error.start + 1} không đọc được)."
            ) from None
    if suffix == "docx":
        return _docx_text(name, content)
    if suffix in ("html", "htm"):
        try:
            markup = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            markup = content.decode("cp1258", errors="replace")
        return html_text(markup)
    raise UnreadableFile(f"Không đọc được tệp “{name}”: chỉ nhận tệp .txt, .docx hoặc .html.")


def _docx_text(name: str, content: bytes) -> str:
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile(f"Tệp “{name}” không phải tệp Word .docx đọc được ({error}).") from None
    return "\n\n".join(paragraph.text for paragraph in document.paragraphs if paragraph.text.strip())


_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "figcaption",
    "blockquote",
    "section",
}
_SKIPPED = {"script", "style", "head", "nav", "footer", "noscript", "template"}


class _TextParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The visible text of an HTML page, one line per paragraph, scripts and styles left out."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)
