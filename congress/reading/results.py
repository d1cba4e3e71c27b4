"""What the past term achieved (indicators) and what the new term must do (tasks).

Both are spans of the text for a clerk to turn into records: a result is a clause of a sentence
about the past term that holds a figure ("21/21 chỉ tiêu đều đạt và vượt", "tăng 10,86%/năm",
"thu ngân sách 11,55 tỷ đồng, đạt 745%"); a task is an item of a list the report introduces as
the new term's work ("Bước sang nhiệm kỳ 2025 - 2030, Đảng bộ phường đặt trọng tâm vào các việc:
a; b; c"). "a/b" gives met and total; nothing else is turned into numbers here.
"""

import re

from congress.reading.proposals import IndicatorProposal, TaskProposal
from congress.reading.text import NUMBER, Sentence

_FRACTION_RE = re.compile(r"(?<![\d/.,])(?P<met>\d+)/(?P<total>\d+)(?![\d/])\s+(?=[^\W\d_])")
_DATE_CUE_RE = re.compile(r"(?:ngày|sáng|chiều|tối|trưa|và)\s*$", re.IGNORECASE)
_PAST_RE = re.compile(
    r"nhiệm kỳ (?:qua|trước|vừa qua)|(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d|kết quả|đạt được|5 năm qua",
    re.IGNORECASE,
)
_FIGURE_RE = re.compile(
    rf"(?:{NUMBER})\s*(?:%|tỷ đồng|triệu đồng|nghìn|km|tiêu chí|sao)|đạt và vượt|vượt chỉ tiêu|hoàn thành"
)
_FUTURE_RE = re.compile(
    r"nhiệm kỳ tới|nhiệm kỳ mới|đến năm 20\d\d|mục tiêu|phương hướng|nhiệm vụ trọng tâm|khâu đột phá"
    r"|trọng tâm|khóa mới",
    re.IGNORECASE,
)
# The words that open the new term's list: "… các việc: a; b", "Trọng tâm là a; b", "cần khẩn trương: a".
_TASK_LEAD_RE = re.compile(
    r"(?:các việc|nhiệm vụ|khâu đột phá|giải pháp|mục tiêu|trọng tâm|khẩn trương)[^:;.]{0,60}:\s*"
    r"|trọng tâm là\s+|tập trung vào\s+|trong đó có việc\s+",
    re.IGNORECASE,
)


def read_indicators(sentences: list[Sentence], working: str, original: str) -> list[IndicatorProposal]:
    indicators = []
    past = False
    for sentence in sentences:
        text = working[sentence.start : sentence.end]
        as_written = original[sentence.start : sentence.end]
        if _PAST_RE.search(text):
            past = True
        elif _FUTURE_RE.search(text):
            past = False
        for match in _FRACTION_RE.finditer(text):
            if _DATE_CUE_RE.search(text[: match.start()]):
                continue
            end = _clause_end(text, match.end())
            indicators.append(
                IndicatorProposal(
                    as_written[match.start() : end].strip(" ,."),
                    int(match["met"]),
                    int(match["total"]),
                    sentence.sub_span(match.start(), end),
                )
            )
        if not past or _FUTURE_RE.search(text) or _FRACTION_RE.search(text):
            continue
        body = text[text.find(":") + 1 :] if ":" in text else text
        offset = len(text) - len(body)
        for start, end in _clauses(body):
            clause = body[start:end]
            # "Nhiệm kỳ 2020-2025, thu nhập …": the opening words are not the result.
            opening = clause.find(", ")
            if opening > 0 and not _FIGURE_RE.search(clause[:opening]) and _PAST_RE.search(clause[:opening]):
                start += opening + 2
                clause = body[start:end]
            if _FIGURE_RE.search(clause) and not re.search(
                r"đại biểu|đảng viên của|diện tích|dân số", clause
            ):
                indicators.append(
                    IndicatorProposal(
                        as_written[offset + start : offset + end].strip(" ,."),
                        span=sentence.sub_span(offset + start, offset + end),
                    )
                )
    return indicators


def read_tasks(sentences: list[Sentence], working: str, original: str) -> list[TaskProposal]:
    tasks = []
    for sentence in sentences:
        text = working[sentence.start : sentence.end]
        as_written = original[sentence.start : sentence.end]
        lead = _TASK_LEAD_RE.search(text)
        if lead is None or not _FUTURE_RE.search(text[: lead.end()]):
            continue
        for start, end in _clauses(text[lead.end() :], by_comma=False):
            item = as_written[lead.end() + start : lead.end() + end].strip(" ,.")
            if len(item.split()) >= 3:
                tasks.append(TaskProposal(item, sentence.sub_span(lead.end() + start, lead.end() + end)))
    return tasks


def _clause_end(text: str, position: int) -> int:
    ends = [i for i in (text.find(";", position), text.find(".", position)) if i >= 0]
    return min(ends) if ends else len(text)


def _clauses(text: str, by_comma: bool = False) -> list[tuple[int, int]]:
    pattern = r"[;]" if not by_comma else r"[;,]"
    spans = []
    start = 0
    for match in re.finditer(pattern, text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]
