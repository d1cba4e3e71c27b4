"""What a speaker said, as the report tells it: the summary of a speech, from its sentences.

A report tells a speech in sentences of its own: the one in which the speaker is made to say
something ("…, đồng chí X gợi mở …", "ông Y nhấn mạnh …") and those after it, which carry on in
the speaker's voice without naming them ("Thực hiện phương thức quản trị …", "Ngay sau Đại hội,
đề nghị …"), across paragraphs. The summary is those sentences as written, paragraphs joined by
blank lines, and ends before the next sentence that names another person at the congress or
tells what the congress itself did (voted, elected, closed). Photo captions and the byline
between the paragraphs are not the speaker's words: a line without a closing stop, or a line
printed twice, is skipped. "X phát biểu tại đại hội" says that X spoke, not what: no summary.
"""

import re

from congress.reading.proposals import Span
from congress.reading.text import Sentence

_CLOSING = (".", "!", "?", "…", "”", '"')
# Verbs that report what was said, not only that someone spoke.
_SAYING_RE = re.compile(
    r"gợi mở|nhấn mạnh|đề nghị|yêu cầu|cho biết|cho rằng|khẳng định|ghi nhận|biểu dương|nêu rõ|lưu ý"
    r"|mong muốn|chia sẻ|quán triệt|đánh giá|chỉ rõ|lưu ý|đề ra|định hướng",
    re.IGNORECASE,
)
_PROCEEDINGS_RE = re.compile(
    r"đại hội\s+(?:đã\s+)?(?:thống nhất\s+|nhất trí\s+)?(?:bầu|biểu quyết|thông qua|bế mạc|khai mạc|tiến hành"
    r"|thảo luận)|trúng cử|được bầu|kết quả bầu|phiên trù bị",
    re.IGNORECASE,
)


def paragraphs(text: str, start: int = 0) -> list[Span]:
    """The non-empty lines of text[start:], as spans without their outer spaces."""
    found = []
    offset = start
    for line in text[start:].split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            found.append(Span(offset + lead, offset + lead + len(stripped)))
        offset += len(line) + 1
    return found


def captions(text: str, lines: list[Span]) -> set[Span]:
    """The caption and byline lines: no closing stop, or the same words as the line beside it."""
    found = set()
    for index, line in enumerate(lines):
        words = text[line.start : line.end]
        neighbours = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
        if not words.endswith(_CLOSING) or any(text[s.start : s.end] == words for s in neighbours):
            found.add(line)
    return found


def speech_summary(text: str, sentences: list[Sentence], said: list[Span], others: set[int], body_start: int) -> str:
    """
    The summary of one speaker's speech: said are the sentences in which they speak, others
    the starts of the sentences in which someone else is at the congress.
    """
    lines = paragraphs(text, body_start)
    skipped = captions(text, lines)

    def line_of(sentence):
        return next((line for line in lines if line.start <= sentence.start < line.end), None)

    starts = {span.start for span in said}
    for index, sentence in enumerate(sentences):
        if sentence.start not in starts or line_of(sentence) in skipped or not _SAYING_RE.search(sentence.text):
            continue
        kept = [sentence]
        for later in sentences[index + 1 :]:
            if line_of(later) in skipped:
                continue
            if later.start in others or _PROCEEDINGS_RE.search(later.text):
                break
            kept.append(later)
        by_line: dict[Span, list[Sentence]] = {}
        for piece in kept:
            by_line.setdefault(line_of(piece), []).append(piece)
        return "\n\n".join(text[pieces[0].start : pieces[-1].end] for pieces in by_line.values())
    return ""
