"""Figures about the ward or commune and its Đảng bộ, and the size of each committee.

Figures are kept as written ("39,99" "km2", "gần" "19 nghìn" "dân"): the writer turns them into
values, and two reports that disagree stay two figures. Area needs a word for area before it
("rộng", "diện tích"); population "dân số", "dân", "nhân khẩu" or "tổng cộng … người"; the Đảng
bộ's own size a sentence about what it has ("Đảng bộ phường có 105 tổ chức đảng với 5.505 đảng
viên"), never the representation sentence (a count) nor "kết nạp 143 đảng viên" (a result).
Other quantities (tổ dân phố, doanh nghiệp, hộ kinh doanh) are not figures.

A committee's size is read where a body is said to have so many members ("Ban Chấp hành … gồm
27 đồng chí", "bầu 14 người vào BCH Đảng bộ xã khóa VII"); the members are not invented.
"""

import re

from congress.reading.proposals import CommitteeProposal, FigureProposal
from congress.reading.text import NUMBER, QUALIFIER, Sentence, key

_Q = rf"(?:(?P<q>{QUALIFIER})\s+)?"
_VALUE = rf"(?P<v>(?:{NUMBER})(?:\s+(?:nghìn|ngàn|vạn|triệu))?)"
_AREA_RE = re.compile(
    rf"(?:rộng|diện tích)(?:[^\d.;%]{{0,40}}?)\s+{_Q}{_VALUE}\s*"
    r"(?P<u>km2|km²|km 2|ha|héc-ta|hecta)(?![^\W\d_])"
)
_POPULATION_RES = (
    re.compile(rf"dân số(?:\s+(?:là|có))?\s+{_Q}{_VALUE}\s*(?P<u>người|nhân khẩu|dân)?(?![^\W\d_])"),
    re.compile(
        rf"{_Q}{_VALUE}\s+(?P<u>dân|nhân khẩu)"
        r"(?!\s+(?:cư|tộc|số|sinh(?! sống)|quân|chủ|vận|phố|làng))(?![^\W\d_])"
    ),
    re.compile(rf"tổng cộng\s+{_Q}{_VALUE}\s+(?P<u>người)(?![^\W\d_])"),
)
_HOUSEHOLDS_RE = re.compile(rf"{_Q}{_VALUE}\s+(?P<u>hộ dân|hộ gia đình|hộ)(?=[,.;]|\s+(?:với|và|sinh sống))")
_HAS_RE = re.compile(r"Đảng bộ[^.;]{0,40}?(?:\bcó\b|\bgồm\b|là cấp trên trực tiếp của)")
_PARTY_UNITS = (
    r"tổ chức cơ sở đảng|tổ chức đảng|tổ chức Đảng|chi bộ, đảng bộ|chi, đảng bộ|chi bộ|đảng bộ cơ sở"
)
_PARTY_RE = re.compile(rf"(?<![\d.,]){_Q}{_VALUE}\s+(?:(?P<m>đảng viên)|(?P<o>{_PARTY_UNITS}))(?!\s*%)")
_NOT_SIZE_RE = re.compile(r"đại diện|thay mặt|kết nạp|phát triển|lập mới|thành lập mới|xếp loại|hoàn thành")


def read_figures(sentences: list[Sentence], original: str, working: str) -> list[FigureProposal]:
    figures = []
    for sentence in sentences:
        text = working[sentence.start : sentence.end]
        as_written = original[sentence.start : sentence.end]
        found = [("area", match, "u") for match in _AREA_RE.finditer(text)]
        found += [
            ("population", match, "u") for pattern in _POPULATION_RES for match in pattern.finditer(text)
        ]
        found += [("households", match, "u") for match in _HOUSEHOLDS_RE.finditer(text)]
        if (has := _HAS_RE.search(text)) and not _NOT_SIZE_RE.search(text):
            for match in _PARTY_RE.finditer(text, has.start()):
                found.append(
                    ("party_members", match, "m") if match["m"] else ("party_organisations", match, "o")
                )
        for metric, match, unit in found:
            value = as_written[match.start("v") : match.end("v")]
            figures.append(FigureProposal(metric, value, match[unit] or "", match["q"] or "", sentence.span))
    return _unique(figures)


def _unique(figures):
    seen = set()
    kept = []
    for figure in figures:
        identity = (figure.metric, key(figure.value))
        if identity not in seen:
            seen.add(identity)
            kept.append(figure)
    return kept


# Committees #################################################################

_BODIES = (
    r"Ban Chấp hành|Ban chấp hành|BCH|Ban Thường vụ|Ban thường vụ|BTV|Đoàn Chủ tịch|Đoàn chủ tịch|Đoàn Thư ký"
    r"|Đoàn thư ký|Ban Thẩm tra tư cách(?: đại biểu)?|Ban thẩm tra tư cách(?: đại biểu)?"
    r"|Ban Kiểm phiếu|Ban kiểm phiếu"
    r"|Ủy ban Kiểm tra|Ủy ban kiểm tra|UBKT|Đoàn đại biểu|Thường trực Đảng ủy"
)
_MEMBERS = r"đồng chí|người|ủy viên|thành viên|đại biểu"
_BODY_RE = re.compile(rf"(?:{_BODIES})")
_SIZE_RE = re.compile(rf"\bgồm(?:\s+có)?\s+(?P<n>\d+)\s+(?:{_MEMBERS})(?![^\W\d_])")
_ELECTED_INTO_RE = re.compile(
    rf"(?:bầu|chỉ định|cử)\s+(?P<n>\d+)\s+(?:{_MEMBERS})\s+(?:vào|tham gia)\s+(?P<body>(?:{_BODIES})[^,;.]*?)"
    r"(?=,|;|\.|\s+nhiệm kỳ|\s+và\s|$)"
)
_ELECTED_COUNT_RE = re.compile(
    rf"(?P<n>\d+)\s+(?:{_MEMBERS})\s+(?:trúng cử|được bầu vào|được chỉ định vào)\s+"
    rf"(?P<body>(?:{_BODIES})[^,;.]*?)"
    r"(?=,|;|\.|\s+nhiệm kỳ|\s+và\s|$)"
)
_BODY_END_RE = re.compile(r"\s+(?:nhiệm kỳ|đã|được|gồm)\b.*$")


def read_committees(sentences: list[Sentence], original: str, working: str) -> list[CommitteeProposal]:
    committees = []
    for sentence in sentences:
        text = working[sentence.start : sentence.end]
        as_written = original[sentence.start : sentence.end]
        for match in _SIZE_RE.finditer(text):
            clause_start = max(text.rfind(";", 0, match.start()), text.rfind(".", 0, match.start())) + 1
            bodies = list(_BODY_RE.finditer(text, clause_start, match.start()))
            if not bodies:
                continue
            body = as_written[bodies[-1].start() : match.start()]
            committees.append(CommitteeProposal(_body(body), int(match["n"]), sentence.span))
        for pattern in (_ELECTED_INTO_RE, _ELECTED_COUNT_RE):
            for match in pattern.finditer(text):
                body = as_written[match.start("body") : match.end("body")]
                committees.append(CommitteeProposal(_body(body), int(match["n"]), sentence.span))
    seen = set()
    kept = []
    for committee in committees:
        identity = (body_kind(committee.body), committee.seats)
        if identity not in seen:
            seen.add(identity)
            kept.append(committee)
    return kept


def _body(written: str) -> str:
    return _BODY_END_RE.sub("", written).strip(" ,")


_KINDS = (
    ("ban thường vụ", "Ban Thường vụ"),
    ("btv", "Ban Thường vụ"),
    ("ban chấp hành", "Ban Chấp hành"),
    ("bch", "Ban Chấp hành"),
    ("đoàn chủ tịch", "Đoàn Chủ tịch"),
    ("đoàn thư ký", "Đoàn Thư ký"),
    ("ban thẩm tra", "Ban Thẩm tra tư cách đại biểu"),
    ("ban kiểm phiếu", "Ban Kiểm phiếu"),
    ("ủy ban kiểm tra", "Ủy ban Kiểm tra"),
    ("ubkt", "Ủy ban Kiểm tra"),
    ("đoàn đại biểu", "Đoàn đại biểu"),
    ("thường trực", "Thường trực"),
)


def body_kind(body: str) -> str:
    """The kind of body a name as written is ("BCH Đảng bộ xã khóa VII" -> "Ban Chấp hành")."""
    lowered = key(body)
    for start, kind in _KINDS:
        if lowered.startswith(key(start)):
            return kind
    return body
