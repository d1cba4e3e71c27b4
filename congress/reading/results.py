"""What the past term achieved (indicators) and what the new term must do (tasks).

Both are spans of the text for a clerk to turn into records: a result is a clause of a sentence
about the past term that holds a figure ("21/21 chỉ tiêu đều đạt và vượt", "tăng 10,86%/năm",
"thu ngân sách 11,55 tỷ đồng, đạt 745%"); a task is an item of a list the report introduces as
the new term's work ("Bước sang nhiệm kỳ 2025 - 2030, Đảng bộ phường đặt trọng tâm vào các việc:
a; b; c"). "a/b" gives met and total; nothing else is turned into numbers here.
"""

import re

from congress.reading.indicators import indicator_details
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
    r"(?:các việc|nhiệm vụ|khâu đột phá|giải pháp|mục tiêu|trọng tâm|khẩn trương|tập trung)[^:;.]{0,60}:\s*"
    r"|trọng tâm là\s+|tập trung vào\s+|trong đó có việc\s+",
    re.IGNORECASE,
)

# "đề nghị cấp ủy khóa mới cần khẩn trương:": whom the list is addressed to, who must carry it out.
_ADDRESSED_RE = re.compile(
    r"(?:đề nghị|yêu cầu|giao cho|giao)\s+(?P<who>(?:cấp ủy|Ban Chấp hành|Ban Thường vụ|Đảng ủy|Đảng bộ|chính quyền|"
    r"các cấp ủy|tập thể)[^:;,.]*?)\s+(?:cần|phải|sớm|khẩn trương|tập trung|tiếp tục)\b",
    re.IGNORECASE,
)
# "… đồng chí Nguyễn Văn Phú … gợi mở một nội dung trọng tâm:": a named speaker leads the list.
_SPEAKER_RE = re.compile(r"(?<![^\W\d_])(?:đồng chí|ông|bà)\s+([^\W\d_])")
# The adverb a lead ends with ("cần khẩn trương:"); repeated at an item's start, it is the lead's.
_LEAD_ADVERB_RE = re.compile(r"(?P<adverb>khẩn trương|tập trung)\s*:\s*$")
# "theo phương châm 6 rõ: rõ người, rõ việc, …": the motto spelled out is not a task of its own.
_MOTTO_RE = re.compile(
    r"6 rõ[\"”]?(?P<spelled>\s*:\s*(?:rõ (?:người|việc|thời gian|trách nhiệm|sản phẩm|thẩm quyền|kết quả|tiến độ"
    r"|hiệu quả|địa chỉ)\s*,?\s*)+)"
)
# "cụ thể hóa nghị quyết thành các chương trình, kế hoạch hành động theo …": what the task makes.
_DELIVERABLE_RE = re.compile(
    r"(?:cụ thể hóa|chuyển hóa|thể chế hóa)\s+[^;]+?\s+thành\s+(?P<what>[^;]+?)(?=\s+(?:theo|để|nhằm|trong|trước)\s|\s*$|;)"
)

# "… đã đoàn kết để hoàn thành các chỉ tiêu, nhiệm vụ": completing "the targets" in general, with no
# figure and nothing named, is how a report introduces its results, not a result of its own.
_GENERIC_COMPLETION_RE = re.compile(
    r"hoàn thành\s+(?:tốt\s+)?(?:các|những|mọi)?\s*(?:chỉ tiêu|nhiệm vụ|mục tiêu)(?:\s*,\s*(?:chỉ tiêu|nhiệm vụ|mục tiêu))*"
    r"(?:\s+(?:đề ra|được giao|chủ yếu))?[\s.]*$",
    re.IGNORECASE,
)

# "trúng cử với 95,7% số phiếu" is an election's result (people.py), never a past-term indicator.
_ELECTION_RE = re.compile(r"số phiếu|phiếu bầu|trúng cử|đắc cử|tái cử|được bầu", re.IGNORECASE)


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
        fractions = []
        for match in _FRACTION_RE.finditer(text):
            if _DATE_CUE_RE.search(text[: match.start()]):
                continue
            end = _clause_end(text, match.end())
            fractions.append((match.start(), end))
            begin = max(text.rfind(";", 0, match.start()), text.rfind(":", 0, match.start()), text.rfind(".", 0, match.start())) + 1
            if _ELECTION_RE.search(text, begin, end):
                continue
            # "trường đạt chuẩn … đạt 5/4 trường": the words before the fraction, in its clause, name it.
            indicators.append(
                _indicator(
                    as_written[match.start() : end].strip().strip(" ,."),
                    text, as_written, begin, end,
                    met=int(match["met"]),
                    total=int(match["total"]),
                    span=sentence.sub_span(match.start(), end),
                )
            )
        if not past or _FUTURE_RE.search(text):
            continue
        body = text[text.find(":") + 1 :] if ":" in text else text
        offset = len(text) - len(body)
        for start, end in _clauses(body):
            if any(offset + start <= f_start < offset + end for f_start, _end in fractions):
                continue  # read above, from its fraction
            clause = body[start:end]
            # "Nhiệm kỳ 2020-2025, thu nhập …": the opening words are not the result.
            opening = clause.find(", ")
            if opening > 0 and not _FIGURE_RE.search(clause[:opening]) and _PAST_RE.search(clause[:opening]):
                start += opening + 2
                clause = body[start:end]
            if _generic_completion(clause):
                continue
            if _FIGURE_RE.search(clause) and not _ELECTION_RE.search(clause) and not re.search(
                r"đại biểu|đảng viên của|diện tích|dân số", clause
            ):
                indicators.append(
                    _indicator(
                        as_written[offset + start : offset + end].strip().strip(" ,."),
                        text, as_written, offset + start, offset + end,
                        span=sentence.sub_span(offset + start, offset + end),
                    )
                )
    return indicators


def _generic_completion(clause: str) -> bool:
    """Whether the clause's only sign of a result is a completion of the targets in general."""
    figures = list(_FIGURE_RE.finditer(clause))
    return bool(figures) and all(
        match.group() == "hoàn thành" and _GENERIC_COMPLETION_RE.match(clause, match.start()) for match in figures
    )


def _indicator(said, text, as_written, start, end, **values) -> IndicatorProposal:
    """A result with the fields its clause (text[start:end]) states, each as written."""
    clause = text[start:end]
    lead = len(clause) - len(clause.lstrip())
    clause = clause.strip().rstrip(" ,.")
    written = as_written[start + lead : start + lead + len(clause)]
    return IndicatorProposal(said, **values, **indicator_details(clause, written))


def read_tasks(sentences: list[Sentence], working: str, original: str) -> list[TaskProposal]:
    tasks = []
    for sentence in sentences:
        text = working[sentence.start : sentence.end]
        as_written = original[sentence.start : sentence.end]
        lead = _TASK_LEAD_RE.search(text)
        if lead is None or not _FUTURE_RE.search(text[: lead.end()]):
            continue
        addressed = _ADDRESSED_RE.search(text[: lead.end()])
        if addressed is None and any(m[1].isupper() for m in _SPEAKER_RE.finditer(text, 0, lead.start())):
            continue  # what a speaker puts forward is their speech's, until addressed to someone
        responsible = as_written[addressed.start("who") : addressed.end("who")].strip() if addressed else ""
        adverb = _LEAD_ADVERB_RE.search(text[: lead.end()])
        for start, end in _task_items(text, lead.end()):
            item_text = text[start:end]
            if adverb and item_text.lstrip().startswith(adverb["adverb"] + " "):
                start += len(item_text) - len(item_text.lstrip()) + len(adverb["adverb"]) + 1
            item = as_written[start:end].strip().strip(" ,.")
            if len(item.split()) >= 3:
                at = as_written.index(item, start)
                deliverable = _DELIVERABLE_RE.search(text, at, at + len(item))
                tasks.append(
                    TaskProposal(
                        item,
                        sentence.sub_span(at, at + len(item)),
                        deliverable=as_written[deliverable.start("what") : deliverable.end("what")] if deliverable else "",
                        responsible=responsible,
                    )
                )
    return tasks


def _task_items(text: str, start: int) -> list[tuple[int, int]]:
    """The items of a list, split at ";" and after a spelled-out "6 rõ" motto, which is left out."""
    items = []
    for begin, end in _clauses(text[start:], by_comma=False):
        begin, end = start + begin, start + end
        if motto := _MOTTO_RE.search(text, begin, end):
            items.append((begin, motto.start("spelled")))
            # "… rõ thẩm quyềnkhẩn trương khắc phục …": what follows the motto is the next item.
            begin = motto.end()
        items.append((begin, end))
    return [(b, e) for b, e in items if text[b:e].strip(" ,.")]


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
